"""Page template files (TOML) → `Template`: page geometry, grid and role styles.

Templates are data: `<name>.toml` next to the issue or in its templates/
folder, in a folder of TYPESET_TEMPLATE_DIRS, or shipped in
typeset/templates/ — found in that order, and only there (like images, a
template may not come from elsewhere: an absolute path, `../` or a symlink
out is refused).  A template may `extends` another; the chain is read file
by file and merged, each value remembering the file it came from, and the
merged data is checked against `schema.template_schema()` before any layout.  Every
error names the template file and the line where the value stands.  All
lengths become points here.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from ..errors import InputError
from ..messages import say
from ..units import to_pt
from . import schema
from .locate import Path, key_lines, line_of
from .schema import FACES, MASTHEAD_ROLES, REQUIRED_ROLES, Problem  # noqa: F401  (re-exported)

BUILTIN_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")
TEMPLATE_DIRS_ENV = "TYPESET_TEMPLATE_DIRS"
MOST_PARENTS = 16                 # an `extends` chain longer than this is a mistake, not a design

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
    direction: str = "horizontal"                   # "vertical": its pages' articles are 竖排 by default

    def style(self, role: str) -> Style:
        return self.styles[role]


# -- finding a template --------------------------------------------------------------

def template_folders(issue_dir: str) -> list[str]:
    """The folders templates may come from: the issue's (and its templates/),
    those of TYPESET_TEMPLATE_DIRS (os.pathsep-separated), the shipped ones."""
    user = [d for d in os.environ.get(TEMPLATE_DIRS_ENV, "").split(os.pathsep) if d]
    return [issue_dir or ".", os.path.join(issue_dir or ".", "templates"), *user, BUILTIN_DIR]


def find_template(name, issue_dir: str, near: Optional[str] = None) -> str:
    """Path of template `name`: `<name>.toml` in the folder of the template
    that extends it (`near`), then in `template_folders`; a name ending in
    .toml is a path relative to `near` or the issue.  Whatever is found must
    lie inside one of the template folders (symlinks resolved)."""
    folders = template_folders(issue_dir)
    if not isinstance(name, str) or not name.strip():
        raise InputError(say("template_not_found", name=name, folder=BUILTIN_DIR))
    if name.endswith(".toml"):
        candidates = [os.path.join(near or issue_dir, name)]
    else:
        candidates = [os.path.join(f, name + ".toml") for f in ([near] if near else []) + folders]
    for path in candidates:
        if os.path.isfile(path):
            _confined(path, name, folders)
            return path
    raise InputError(say("template_not_found", name=name, folder=BUILTIN_DIR))


def _confined(path: str, name: str, folders: list[str]) -> None:
    """Refuse a template outside the template folders — the rule images follow."""
    real = os.path.realpath(path)
    for folder in folders:
        root = os.path.realpath(folder)
        if os.path.commonpath([real, root]) == root:
            return
    raise InputError(say("template_outside", name=name, env=TEMPLATE_DIRS_ENV))


def extends_chain(name, issue_dir: str) -> list[str]:
    """The template file a page names and every parent it `extends`, nearest
    first, as far as they can be found and read (the loader reports the rest)."""
    chain: list[str] = []
    near = None
    while isinstance(name, str) and len(chain) <= MOST_PARENTS:
        try:
            path = find_template(name, issue_dir, near)
            with open(path, "rb") as f:
                name = tomllib.load(f).get("extends")
        except (InputError, OSError, ValueError):
            break
        if os.path.realpath(path) in map(os.path.realpath, chain):
            break
        chain.append(os.path.abspath(path))
        near = os.path.dirname(path)
    return chain


# -- reading a template -----------------------------------------------------------------

@dataclass(frozen=True)
class TemplateFile:
    """One file of an `extends` chain: its data, and the line of each key."""
    path: str
    data: dict
    lines: dict
    stamp: tuple                   # (path, mtime): the cache is valid while every stamp is


_CACHE: dict[str, tuple[tuple, "Template"]] = {}


def load_template(path: str, issue_dir: Optional[str] = None) -> Template:
    """Read, merge and check a template and the chain it `extends` (parents
    found from `issue_dir`, by default the template's own folder); cached
    while no file of the chain changes."""
    issue_dir = os.path.dirname(path) if issue_dir is None else issue_dir
    key = os.path.abspath(path) + "\0" + os.path.abspath(issue_dir)
    cached = _CACHE.get(key)
    if cached is not None and all(_mtime(p) == t for p, t in cached[0]):
        return cached[1]
    chain = read_chain(path, issue_dir)
    template = build_template(chain)
    _CACHE[key] = (tuple(f.stamp for f in chain), template)
    return template


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return -1.0


def read_chain(path: str, issue_dir: str) -> list[TemplateFile]:
    """`path` and the templates it extends, the root parent first; a loop
    (compared on resolved paths) or a parent not found is reported at the
    `extends` line of the file that names it."""
    chain: list[TemplateFile] = []
    while True:
        here = read_file(path)
        chain.insert(0, here)
        parent = here.data.get("extends")
        if parent is None:
            return chain
        where: dict[str, Any] = dict(file=path, line=line_of(here.lines, ("extends",)))
        if not isinstance(parent, str):
            raise InputError(say("tpl_text", path="extends", value=parent), **where)
        try:
            path = find_template(parent, issue_dir, near=os.path.dirname(path))
        except InputError as e:
            raise InputError(e.message, **where) from None
        names = [os.path.realpath(f.path) for f in chain]
        if os.path.realpath(path) in names or len(chain) > MOST_PARENTS:
            loop = " → ".join(os.path.basename(f.path) for f in reversed(chain))
            raise InputError(say("template_loop", chain=f"{loop} → {os.path.basename(path)}"), **where)


def read_file(path: str) -> TemplateFile:
    """One template file's TOML data and key lines; bad TOML names its line."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        stamp = (path, os.path.getmtime(path))
    except OSError as e:
        raise InputError(say("template_unreadable", reason=e.strerror), file=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise InputError(say("template_not_utf8", byte=raw[e.start]), file=path, line=line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"at line (\d+)", str(e))
        raise InputError(say("template_toml", detail=e), file=path,
                         line=int(found.group(1)) if found else 0) from None
    return TemplateFile(path, data, key_lines(text), stamp)


def merged(chain: list[TemplateFile]) -> tuple[dict, dict]:
    """The chain's data merged child over parent, and for every table and
    value the file it came from (path tuple → TemplateFile)."""
    data: dict = {}
    origin: dict[Path, TemplateFile] = {}
    for f in chain:
        _merge_into(data, {k: v for k, v in f.data.items() if k != "extends"}, f, origin, ())
    return data, origin


def _merge_into(out: dict, over: dict, f: TemplateFile, origin: dict, path: Path) -> None:
    for key, value in over.items():
        here = path + (key,)
        origin[here] = f
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            _merge_into(out[key], value, f, origin, here)
        else:
            out[key] = _copy(value)
            _mark(value, f, origin, here)


def _copy(value):
    return {k: _copy(v) for k, v in value.items()} if isinstance(value, dict) else value


def _mark(value, f: TemplateFile, origin: dict, path: Path) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            origin[path + (key,)] = f
            _mark(inner, f, origin, path + (key,))


def build_template(chain: list[TemplateFile]) -> Template:
    """The checked Template of an `extends` chain (root parent first)."""
    data, origin = merged(chain)
    try:
        checked = schema.check_data(data)
        return _build(checked, chain[-1].path)
    except Problem as p:
        raise located(p, origin, chain[-1]) from None


def located(p: Problem, origin: dict, leaf: TemplateFile) -> InputError:
    """The problem at the file and line where its value stands (or, for a
    missing key, its table; for a missing table, the template itself)."""
    f = next((origin[p.path[:k]] for k in range(len(p.path), 0, -1) if p.path[:k] in origin), leaf)
    return InputError(say(p.key, **p.fields), file=f.path, line=line_of(f.lines, p.path))


# -- building the Template ----------------------------------------------------------------

def _build(data: dict, path: str) -> Template:
    """Checked, normalised data → Template; the checks between keys here."""
    page, g = data["page"], data["grid"]
    grid = Grid(columns=g["columns"], column_chars=g["column_chars"], body_size=g["body_size"],
                pitch=g["line_pitch"], gutter=g["gutter"], lines=g["lines"], left=0.0,
                top=page["margin_top"])
    grid = replace(grid, left=(page["trim_width"] - grid.width) / 2)
    check_grid(grid, page["trim_width"], page["trim_height"])
    colors = {"black": (0.0, 0.0, 0.0, 1.0), **data.get("colors", {})}
    styles = {role: _style(role, spec, colors) for role, spec in data.get("styles", {}).items()}
    _check_roles(data, styles)
    _check_spans(data, grid)
    return Template(name=str(data.get("name", os.path.basename(path))), source=path,
                    width=page["trim_width"], height=page["trim_height"], grid=grid, styles=styles,
                    colors=colors, rules=dict(data.get("rules", {})), defaults=dict(data.get("defaults", {})),
                    composer=dict(data.get("composer", {})), masthead=dict(data.get("masthead", {})),
                    header=dict(data.get("header", {})), footer=dict(data.get("footer", {})),
                    jumps={**DEFAULT_JUMPS, **data.get("jumps", {})}, fill=dict(data.get("fill", {})),
                    direction=data.get("direction", "horizontal"))


# G1: a line gap between 50 % and 100 % of the body size; over twice the body
# (pitch > 3 s) the lines no longer read as one text, whatever the design.
MOST_PITCH_IN_BODY = 3.0


def check_grid(grid: Grid, width: float, height: float) -> None:
    """The grid fits the page, and its lines are neither overlapping nor apart."""
    if grid.pitch < grid.body_size:
        raise Problem(("grid", "line_pitch"), "tpl_pitch", pitch=grid.pitch, size=grid.body_size)
    if grid.pitch > MOST_PITCH_IN_BODY * grid.body_size:
        raise Problem(("grid", "line_pitch"), "tpl_pitch_loose", pitch=grid.pitch, size=grid.body_size,
                      most=MOST_PITCH_IN_BODY)
    if grid.width > width:
        raise Problem(("grid", "columns"), "tpl_too_wide", grid=grid.width / 2.8346, page=width / 2.8346,
                      columns=grid.columns, chars=grid.column_chars)
    if grid.top + grid.height > height:
        raise Problem(("grid", "lines"), "tpl_too_deep", lines=grid.lines,
                      mm=(grid.top + grid.height - height) / 2.8346)


def _check_roles(data: dict, styles: dict) -> None:
    """Every role the layout draws has a style; the nameplate's with [masthead]."""
    missing = [r for r in REQUIRED_ROLES if r not in styles]
    if missing:                 # the template as a whole (its own file, no line) lacks them
        raise Problem((), "tpl_roles", roles=", ".join(missing))
    missing = [r for r in MASTHEAD_ROLES if r not in styles]
    if data.get("masthead") and missing:
        raise Problem(("masthead",), "tpl_roles", roles=", ".join(missing))


def _check_spans(data: dict, grid: Grid) -> None:
    """Spans and areas of the template fit its own grid."""
    for key, value in data.get("defaults", {}).items():
        if key.endswith("_span") and value > grid.columns:
            raise Problem(("defaults", key), "tpl_span_wide", path=f"defaults.{key}", value=value,
                          columns=grid.columns)
    m = data.get("masthead", {})
    col, span = m.get("col", 1), m.get("span", grid.columns)
    if col - 1 + span > grid.columns:
        key = "span" if "span" in m else "col"
        raise Problem(("masthead", key), "tpl_masthead_wide", first=col, last=col - 1 + span,
                      columns=grid.columns)
    if m and m.get("line", 1) - 1 + m.get("lines", 10) >= grid.lines:
        raise Problem(("masthead", "lines" if "lines" in m else "line"), "tpl_masthead_deep",
                      end=m.get("line", 1) - 1 + m.get("lines", 10), lines=grid.lines)


def _style(role: str, spec: dict, colors: dict) -> Style:
    """A role's style; a colour by name must be one of [colors]."""
    color = spec.get("color", "black")
    if isinstance(color, str):
        if color not in colors:
            raise Problem(("styles", role, "color"), "tpl_colour", role=role, colour=color,
                          hint=schema.hint(color, colors))
        color = colors[color]
    extra = {k: v for k, v in spec.items() if k not in ("face", "size", "color")}
    size = spec.get("size", 9.0)
    if "min_size" in extra and to_pt(extra["min_size"], em=size) > size:   # a head's shrink limit (flow/headlines.py)
        raise Problem(("styles", role, "min_size"), "tpl_min_size", role=role, value=extra["min_size"], size=size)
    return Style(face=spec.get("face", "song"), size=size, color=tuple(color), extra=extra)
