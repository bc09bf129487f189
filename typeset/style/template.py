"""Page template files (TOML) → `Template`: page geometry, grid and role styles.

Templates are data: `typeset/templates/<name>.toml`, or a file of that name
next to the issue (which wins), or a path.  All lengths become points here.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field

from ..errors import InputError
from ..messages import say
from ..units import to_pt

BUILTIN_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")

# Roles every template must style (the layout draws each of them).
REQUIRED_ROLES = ("body", "runin", "dateline", "em", "source", "kicker", "headline",
                  "subhead", "byline", "caption", "credit", "briefs_label",
                  "brief_headline", "banner", "summary", "summary_label",
                  "header_paper", "header_info", "header_page")
FACES = ("song", "song-bold", "hei", "kai")


@dataclass(frozen=True)
class Style:
    face: str
    size: float
    color: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Grid:
    """The page grid (rule book §1.8).  y grows downward from the trim top."""
    columns: int
    column_chars: int
    body_size: float
    pitch: float
    gutter: float
    lines: int
    left: float
    top: float

    @property
    def column_width(self) -> float:
        return self.column_chars * self.body_size          # G1: whole ems

    @property
    def width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def height(self) -> float:
        return self.extent(self.lines)

    def col_x(self, col: int) -> float:
        """Left edge of column `col` (0-based)."""
        return self.left + col * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        return span * self.column_width + (span - 1) * self.gutter

    def line_top(self, line: int) -> float:
        """Top of the em box of grid line `line` (0-based) — G2."""
        return self.top + line * self.pitch

    def extent(self, n: int) -> float:
        """Height of a block of n grid lines: s·N + g·(N − 1) — G3."""
        return n * self.body_size + max(n - 1, 0) * (self.pitch - self.body_size)


# 转版 labels (jump lines): at the foot of the article's part, at the head of its rest.
DEFAULT_JUMPS = {"to": "（下转第{page}版）", "from": "（上接第{page}版）"}


@dataclass(frozen=True)
class Template:
    name: str
    source: str
    width: float
    height: float
    grid: Grid
    styles: dict
    colors: dict
    rules: dict
    defaults: dict
    composer: dict = field(default_factory=dict)    # ComposerSettings overrides
    masthead: dict = field(default_factory=dict)    # front-page nameplate area (报头)
    header: dict = field(default_factory=dict)      # page header strip options
    footer: dict = field(default_factory=dict)      # optional footer line under the grid
    jumps: dict = field(default_factory=dict)       # 转版 labels: to / from, with {page}
    fill: dict = field(default_factory=dict)        # 撑版: flow.fill.FillSettings overrides

    def style(self, role: str) -> Style:
        return self.styles[role]


def find_template(name: str, issue_dir: str) -> str:
    """Path of template `name`: a .toml path (relative to the issue), a file
    `<name>.toml` next to the issue or in its templates/ folder, or built in."""
    if name.endswith(".toml"):
        candidates = [os.path.join(issue_dir, name)]
    else:
        candidates = [os.path.join(issue_dir, name + ".toml"),
                      os.path.join(issue_dir, "templates", name + ".toml"),
                      os.path.join(BUILTIN_DIR, name + ".toml")]
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise InputError(say("template_not_found", name=name, folder=BUILTIN_DIR))


_CACHE: dict[tuple[str, float], Template] = {}


def load_template(path: str) -> Template:
    """Read and check a template file; cached per path and modification time."""
    key = (os.path.abspath(path), os.path.getmtime(path))
    if key not in _CACHE:
        _CACHE[key] = _parse_template(path)
    return _CACHE[key]


def _parse_template(path: str, seen: tuple = ()) -> Template:
    try:
        return _build(_read_data(path, seen), path)
    except KeyError as e:
        raise InputError(say("template_missing", key=e.args[0]), file=path) from None
    except (ValueError, TypeError) as e:
        raise InputError(say("template_invalid", detail=e), file=path) from None


def _read_data(path: str, seen: tuple = ()) -> dict:
    """TOML data of a template, merged over the template it `extends`."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise InputError(say("template_toml", detail=e), file=path) from None
    except OSError as e:
        raise InputError(say("template_unreadable", reason=e.strerror), file=path) from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if path in seen:
        raise InputError(say("template_loop"), file=path)
    base = _read_data(find_template(parent, os.path.dirname(path)), seen + (path,))
    return _merge(base, data)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _build(data: dict, path: str) -> Template:
    page, g = data["page"], data["grid"]
    width, height = to_pt(page["trim_width"]), to_pt(page["trim_height"])
    body = to_pt(g["body_size"])
    grid = Grid(columns=_whole(g, "columns"), column_chars=_whole(g, "column_chars"), body_size=body,
                pitch=to_pt(g["line_pitch"], em=body), gutter=to_pt(g["gutter"], em=body),
                lines=_whole(g, "lines"), left=0.0, top=to_pt(page["margin_top"]))
    grid = _centre(grid, width)
    _check_geometry(grid, width, height, path)
    colors = {k: _cmyk(k, v) for k, v in data.get("colors", {}).items()}
    colors.setdefault("black", (0.0, 0.0, 0.0, 1.0))
    styles = {role: _style(role, spec, colors) for role, spec in data.get("styles", {}).items()}
    missing = [r for r in REQUIRED_ROLES if r not in styles]
    if missing:
        raise ValueError(say("tpl_roles", roles=", ".join(missing)))
    return Template(name=str(data.get("name", os.path.basename(path))), source=path,
                    width=width, height=height, grid=grid, styles=styles, colors=colors,
                    rules=_rules(data), defaults=dict(data.get("defaults", {})),
                    composer=dict(data.get("composer", {})), masthead=dict(data.get("masthead", {})),
                    header=dict(data.get("header", {})), footer=dict(data.get("footer", {})),
                    jumps=_jumps(data), fill=_fill(data))


def _rules(data: dict) -> dict:
    """[rules], with `widows` (孤行) a whole number ≥ 1."""
    rules = dict(data.get("rules", {}))
    widows = rules.get("widows", 1)
    if isinstance(widows, bool) or not isinstance(widows, int) or widows < 1:
        raise ValueError(say("tpl_widows", value=widows))
    return rules


def _jumps(data: dict) -> dict:
    """[jumps] over DEFAULT_JUMPS, each text usable with .format(page=N)."""
    jumps = {**DEFAULT_JUMPS, **dict(data.get("jumps", {}))}
    for kind in ("to", "from"):
        try:
            str(jumps[kind]).format(page=1)
        except (KeyError, IndexError, ValueError):
            raise ValueError(say("tpl_jump", kind=kind, value=jumps[kind])) from None
    return jumps


# [fill] keys → (check, what a value must be, for the message); the means
# are flow.fill.FILL_MEANS, named here to keep the stages apart.
FILL_MEANS = ("photos", "heads", "gaps")
FILL_KEYS = {
    "order": (lambda v: isinstance(v, list) and len(set(v)) == len(v) and all(m in FILL_MEANS for m in v),
              "a list of " + ", ".join(f'"{m}"' for m in FILL_MEANS)),
    "photo_crop": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 0.75,
                   "0 – 0.75"),
    "head_lines": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10, "0 – 10"),
    "gap_lines": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10, "0 – 10"),
    "tolerance": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10, "0 – 10"),
}


def _fill(data: dict) -> dict:
    """[fill] (撑版): known keys with values in range."""
    table = data.get("fill", {})
    if not isinstance(table, dict):
        raise ValueError(say("tpl_fill", key="fill", value=table, expected="a table"))
    for key, value in table.items():
        if key not in FILL_KEYS:
            raise ValueError(say("tpl_fill", key=key, value=value, expected=", ".join(FILL_KEYS)))
        check, expected = FILL_KEYS[key]
        if not check(value):
            raise ValueError(say("tpl_fill", key=key, value=value, expected=expected))
    return dict(table)


def _whole(table: dict, key: str) -> int:
    """A count in [grid]; int("six") would only say "invalid literal"."""
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(say("tpl_whole", key=key, value=value))
    return value


def _cmyk(name: str, value) -> tuple[float, ...]:
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(c, (int, float)) and 0 <= c <= 1 for c in value)):
        raise ValueError(say("tpl_cmyk", name=name, value=value))
    return tuple(float(c) for c in value)


def _centre(grid: Grid, page_width: float) -> Grid:
    from dataclasses import replace
    return replace(grid, left=(page_width - grid.width) / 2)


def _check_geometry(grid: Grid, width: float, height: float, path: str) -> None:
    if grid.columns < 1 or grid.column_chars < 1 or grid.lines < 1:
        raise ValueError(say("tpl_counts"))
    if grid.body_size <= 0:
        raise ValueError(say("tpl_body_size", size=grid.body_size))
    if grid.pitch < grid.body_size:
        raise ValueError(say("tpl_pitch", pitch=grid.pitch, size=grid.body_size))
    if grid.width > width:
        raise ValueError(say("tpl_too_wide", grid=grid.width / 2.8346, page=width / 2.8346,
                             columns=grid.columns, chars=grid.column_chars))
    if grid.top + grid.height > height:
        raise ValueError(say("tpl_too_deep", lines=grid.lines,
                             mm=(grid.top + grid.height - height) / 2.8346))


def _style(role: str, spec: dict, colors: dict) -> Style:
    face = spec.get("face", "song")
    if face not in FACES:
        raise ValueError(say("tpl_face", role=role, face=face, faces=", ".join(FACES)))
    color = spec.get("color", "black")
    if isinstance(color, str):
        if color not in colors:
            raise ValueError(say("tpl_colour", role=role, colour=color))
        color = colors[color]
    extra = {k: v for k, v in spec.items() if k not in ("face", "size", "color")}
    size = to_pt(spec.get("size", 9))
    _check_head_keys(role, extra, size)
    return Style(face=face, size=size, color=tuple(color), extra=extra)


# Headline 字距 (tracking) in em: down to −0.1 em (tight display type), up to ½ em.
TRACKING_EM = (-0.1, 0.5)


def _check_head_keys(role: str, extra: dict, size: float) -> None:
    """`min_size` (the smallest a headline shrinks to, flow/headlines.py): a
    length or em of the size, above 0 and at most the size; `tracking`: a
    number of em in TRACKING_EM."""
    if "min_size" in extra:
        value = extra["min_size"]
        try:
            low = to_pt(value, em=size)
        except ValueError:
            low = -1.0
        if isinstance(value, bool) or not 0 < low <= size + 1e-9:
            raise ValueError(say("tpl_min_size", role=role, value=value, size=size))
    if "tracking" in extra:
        value = extra["tracking"]
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not TRACKING_EM[0] <= value <= TRACKING_EM[1]):
            raise ValueError(say("tpl_tracking", role=role, value=value, low=TRACKING_EM[0],
                                 high=TRACKING_EM[1]))
