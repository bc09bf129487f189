"""The template schema: every table and key a page template may hold, with its
type, unit and range — one typed table, so adding a key is one line.

`check_data` walks a template's (merged) TOML data against `template_schema()` and
returns it normalised: lengths in points (em measured by the table's
`body_size`), everything else as written.  A value that does not fit raises
`Problem(path, key, fields)`; template.py turns it into an InputError naming
the template file and line the value stands on.  Unknown keys and tables are
problems too, with the nearest known name (difflib).

Ranges are what a newspaper page can use, with the reason beside each
limit; anything outside them is a typo (size = 0, -9, 10000, nan) that would
otherwise reach the composer unchecked (issue 13 §3).
"""
from __future__ import annotations

import difflib
import math
import string
import functools
from dataclasses import dataclass
from typing import Any, Optional

from .. import registry
from ..units import MM, to_pt

Path = tuple[str, ...]


class Problem(Exception):
    """A value that does not fit the schema: where (dotted path) and which message."""

    def __init__(self, at: Path, key: str, /, **fields):
        super().__init__(key)
        self.path, self.key, self.fields = at, key, fields


def dotted(path: Path) -> str:
    return ".".join(path)


def nearest(name: str, known) -> str:
    """The known name closest to a misspelt one ("" if none is close)."""
    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else ""


# -- kinds of value -------------------------------------------------------------------

@dataclass(frozen=True)
class Whole:
    """A whole number from low to high."""
    low: int
    high: int

    def check(self, value, path: Path, table: dict):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Problem(path, "tpl_whole", path=dotted(path), value=value)
        _in_range(value, self.low, self.high, "", path, repr(value))
        return value


@dataclass(frozen=True)
class Number:
    """A finite number from low to high, in `unit` (shown in the message)."""
    low: float
    high: float
    unit: str = ""

    def check(self, value, path: Path, table: dict):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Problem(path, "tpl_number", path=dotted(path), value=value)
        _in_range(value, self.low, self.high, self.unit, path, repr(value))
        return float(value)


@dataclass(frozen=True)
class Length:
    """A length (a number of points, "12mm", "9pt", "小五", or "2em" when
    `em` names the key of the same table whose size an em is), in points
    from low to high; a message shows the range in `shown` (pt or mm).
    `as_written` keeps the value as the template wrote it (checked, not
    converted): an em that stays relative to a size chosen later."""
    low: float
    high: float
    em: str = ""
    shown: str = "pt"
    as_written: bool = False

    def check(self, value, path: Path, table: dict):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise Problem(path, "tpl_length", path=dotted(path), value=value)
        em = table.get(self.em) if self.em else None
        try:
            points = to_pt(value, em=em if isinstance(em, float) else None)
        except ValueError as e:
            raise Problem(path, "tpl_length_text", path=dotted(path), detail=e) from None
        if self.shown == "mm":             # a bare number is points: say what it is in mm
            shown = repr(value) if isinstance(value, str) else f"{value!r} ({points / MM:.1f} mm)"
            _in_range(points / MM, self.low / MM, self.high / MM, "mm", path, shown)
        else:
            _in_range(points, self.low, self.high, "pt", path, repr(value))
        return value if self.as_written else points


@dataclass(frozen=True)
class Flag:
    """true or false."""

    def check(self, value, path: Path, table: dict):
        if not isinstance(value, bool):
            raise Problem(path, "tpl_flag", path=dotted(path), value=value)
        return value


@dataclass(frozen=True)
class Text:
    """Any text in quotes."""

    def check(self, value, path: Path, table: dict):
        if not isinstance(value, str):
            raise Problem(path, "tpl_text", path=dotted(path), value=value)
        return value


@dataclass(frozen=True)
class Choice:
    """One of a few words."""
    options: tuple[str, ...]

    def check(self, value, path: Path, table: dict):
        if value not in self.options or not isinstance(value, str):
            raise Problem(path, "tpl_choice", path=dotted(path), value=value,
                          options=", ".join(self.options), hint=hint(str(value), self.options, listed=True))
        return value


@dataclass(frozen=True)
class Texts:
    """A list of texts, each one of `options` when given, each once if `unique`."""
    options: Optional[tuple[str, ...]] = None
    unique: bool = False

    def check(self, value, path: Path, table: dict):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Problem(path, "tpl_texts", path=dotted(path), value=value)
        for k, v in enumerate(value):
            if self.options is not None:
                Choice(self.options).check(v, path, table)
            if self.unique and v in value[:k]:
                raise Problem(path, "tpl_twice", path=dotted(path), value=v)
        return list(value)


@dataclass(frozen=True)
class Placeholders:
    """Text with {name} placeholders, only those of `names` (str.format is
    what fills them: "{bogus}" would be a KeyError at layout time)."""
    names: tuple[str, ...]

    def check(self, value, path: Path, table: dict):
        Text().check(value, path, table)
        allowed = " ".join("{" + n + "}" for n in self.names)
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as e:
            raise Problem(path, "tpl_braces", path=dotted(path), value=value, detail=e) from None
        for name in fields:
            if name not in self.names:
                raise Problem(path, "tpl_placeholder", path=dotted(path), name=name, allowed=allowed)
        try:
            value.format(**{n: 1 for n in self.names})
        except (ValueError, IndexError, KeyError) as e:
            raise Problem(path, "tpl_braces", path=dotted(path), value=value, detail=e) from None
        return value


@dataclass(frozen=True)
class Cmyk:
    """Four numbers from 0 to 1: cyan, magenta, yellow, black."""

    def check(self, value, path: Path, table: dict):
        if (not isinstance(value, list) or len(value) != 4
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool)
                           and 0 <= c <= 1 for c in value)):
            raise Problem(path, "tpl_cmyk", name=dotted(path), value=value)
        return tuple(float(c) for c in value)


@dataclass(frozen=True)
class Colour:
    """The name of a colour of [colors], or CMYK numbers in place (the name
    is checked against [colors] once the whole template is read)."""

    def check(self, value, path: Path, table: dict):
        return value if isinstance(value, str) else Cmyk().check(value, path, table)


@dataclass(frozen=True)
class Table:
    """A table with known keys; `required` ones must be there (after `extends`)."""
    keys: dict[str, Any]
    required: tuple[str, ...] = ()

    def check(self, value, path: Path, table: dict):
        if not isinstance(value, dict):
            raise Problem(path, "tpl_not_table", path=dotted(path), value=value)
        out: dict = {}
        # lengths in em need their table's size first: keys in schema order
        for key in sorted(value, key=lambda k: list(self.keys).index(k) if k in self.keys else -1):
            kind = self.keys.get(key)
            if kind is None:
                raise _unknown(path + (key,), value[key], self.keys)
            out[key] = kind.check(value[key], path + (key,), out)
        for key in self.required:
            if key not in value:
                raise Problem(path + (key,), "template_missing", key=dotted(path + (key,)))
        return out


@dataclass(frozen=True)
class Names:
    """A table whose keys the template chooses (colour names), every value one kind."""
    value: Any

    def check(self, value, path: Path, table: dict):
        if not isinstance(value, dict):
            raise Problem(path, "tpl_not_table", path=dotted(path), value=value)
        return {k: self.value.check(v, path + (k,), value) for k, v in value.items()}


def _in_range(number, low, high, unit: str, path: Path, shown: str) -> None:
    """`number` within [low, high]; `shown` is the value as the message writes it."""
    if isinstance(number, float) and not math.isfinite(number):
        raise Problem(path, "tpl_not_finite", path=dotted(path), value=shown)
    if not low <= number <= high:
        raise Problem(path, "tpl_range", path=dotted(path), value=shown, low=f"{round(low, 3):g}",
                      high=f"{round(high, 3):g}", unit=f" {unit}" if unit else "")


def _unknown(path: Path, value, known) -> Problem:
    name = path[-1]
    key = "tpl_unknown_table" if isinstance(value, dict) else "tpl_unknown_key"
    return Problem(path, key, name=dotted(path), table=dotted(path[:-1]) or "(top)",
                   hint=hint(name, known))


def hint(name: str, known, listed: bool = False) -> str:
    """" — did you mean `x`?", else the known names (unless the message `listed` them)."""
    from ..messages import say
    close = nearest(name, known)
    if close:
        return say("tpl_did_you_mean", name=close)
    return "" if listed else say("tpl_known", names=", ".join(known))


# -- the schema -------------------------------------------------------------------------

# Type sizes: 八号 (5 pt) is the smallest 字号 — minimum black type on newsprint
# is 6–7 pt (print-ready.md) — and an 80 pt nameplate the largest the bulletin
# sets; 200 pt (≈ 70 mm a character) is more than any newspaper head.
TYPE_SIZE = Length(4.0, 200.0)
# Rule weights: the preflight fails a line under 0.125 pt (GWG, print-ready.md);
# a 12 pt rule is a bar, the heaviest an editor uses.
RULE_WEIGHT = Length(0.125, 12.0)
# Pages: no press sheet is over 1.5 m; under 50 mm is a ticket, not a page.
PAGE_SIDE = Length(50 * MM, 1500 * MM, shown="mm")
MOST_COLUMNS, MOST_LINES = 24, 1000          # a broadsheet has 6–8 columns and ~100 lines
SPAN = Whole(1, MOST_COLUMNS)
# A gap of more than a few grid lines between blocks is a hole (开天窗), not a gap.
GAP_LINES = Whole(0, 10)

FACES = ("song", "song-bold", "hei", "kai")
REQUIRED_ROLES = ("body", "runin", "dateline", "em", "source", "kicker", "headline",
                  "subhead", "byline", "caption", "credit", "briefs_label",
                  "brief_headline", "banner", "summary", "summary_label",
                  "header_paper", "header_info", "header_page")
MASTHEAD_ROLES = ("masthead_paper", "masthead_info", "masthead_motto")   # needed with [masthead]
OPTIONAL_ROLES = ("jump",) + MASTHEAD_ROLES
FILL_MEANS = ("photos", "heads", "gaps")           # flow.fill.FILL_MEANS (a test keeps them equal)
FOOTER_FIELDS = ("paper", "date", "page", "section", "editor", "issue_no", "total_no")

def block_kinds() -> tuple[str, ...]:
    """The kinds of block that take room on the grid (typeset.registry): each
    may have a default width `[defaults] <kind>_span`."""
    return tuple(name for name, kind in registry.kinds().items() if not kind.placed)


def kind_roles() -> tuple[str, ...]:
    """The style roles of the registered kinds a template need not style
    (a new kind sets its text in the body style unless the template says)."""
    known = set(REQUIRED_ROLES + OPTIONAL_ROLES)
    return tuple(dict.fromkeys(r for kind in registry.kinds().values() for r in kind.roles if r not in known))

STYLE = {
    "face": Choice(FACES),
    "size": TYPE_SIZE,
    "color": Colour(),
    # flow/headlines.py (issue 12 §2): a head shrinks no further than min_size
    # (a length, or em of the size the head is set at — the narrow or a
    # <headline size> one too, so kept as written; at most the size, checked
    # in template.py), and is set with tracking (字距) in em — from −0.1 em
    # (tight display type) to ½ em.
    "min_size": Length(4.0, 200.0, em="size", as_written=True),
    "tracking": Number(-0.1, 0.5, "em"),
}
HEADLINE_STYLE = {
    **STYLE,
    "narrow_span": SPAN,                   # articles this many columns wide or narrower …
    "narrow_size": TYPE_SIZE,              # … use this size
    "sizes": Table({"small": TYPE_SIZE, "medium": TYPE_SIZE, "large": TYPE_SIZE}),  # <headline size="…">
}

def template_schema() -> Table:
    """What a template may hold, with the registered block kinds' defaults and roles."""
    return _template_schema(registry.generation())


@functools.lru_cache(maxsize=2)
def _template_schema(generation: int) -> Table:
    return Table({
        "name": Text(),
        "extends": Text(),
        # a vertical page (竖排版面, issue 18 §3): articles that name no direction are set vertically
        "direction": Choice(("horizontal", "vertical")),
        "page": Table({
            "trim_width": PAGE_SIDE,
            "trim_height": PAGE_SIDE,
            "margin_top": Length(0.0, 1500 * MM, shown="mm"),        # the foot of the grid is checked against the trim
        }, required=("trim_width", "trim_height", "margin_top")),
        "grid": Table({
            "columns": Whole(1, MOST_COLUMNS),
            "column_chars": Whole(1, 100),
            "body_size": TYPE_SIZE,
            "line_pitch": Length(4.0, 600.0, em="body_size"),   # G1: against body_size in check_grid
            "gutter": Length(0.0, 100.0, em="body_size"),
            "lines": Whole(1, MOST_LINES),
        }, required=("columns", "column_chars", "body_size", "line_pitch", "gutter", "lines")),
        "masthead": Table({
            "col": SPAN, "span": SPAN,
            "line": Whole(1, MOST_LINES), "lines": Whole(1, MOST_LINES),
            "motto": Text(),
        }),
        "header": Table({"show_paper": Flag(), "show_info": Flag()}),
        "footer": Table({"text": Placeholders(FOOTER_FIELDS), "align": Choice(("left", "centre", "right"))}),
        "jumps": Table({"to": Placeholders(("page",)), "from": Placeholders(("page",))}),
        "colors": Names(Cmyk()),
        "rules": Table({
            "thin": RULE_WEIGHT, "thick": RULE_WEIGHT, "double": RULE_WEIGHT,   # <rule weight="…">
            "block_gap_lines": GAP_LINES,
            "between_blocks": Flag(),
            "widows": Whole(1, 10),             # 孤行: more than a few last lines is a paragraph
        }),
        "defaults": Table({
            **{f"{kind}_span": SPAN for kind in block_kinds()},
            "photo_lines_per_column": Whole(1, 100),
        }),
        # ComposerSettings (typeset/compose/settings.py); tests/robustness/test_templates.py
        # checks these are its fields.
        "composer": Table({
            "level": Choice(("gb", "strict")),
            "punct_style": Choice(("quanjiao", "kaiming", "banjiao", "hangmobanjiao")),
            "adjacent_marks": Choice(("half", "tight")),
            "hanging": Flag(),
            "open_at_line_start": Choice(("half", "full")),
            "grid_strict": Flag(),
            "keep_number_with_cjk_unit": Flag(),
            "kinsoku": Choice(("push_in_first", "push_out_first")),
            "breaker": Choice(("total_fit", "greedy")),
            "latin_gap_em": Number(0.0, 1.0, "em"),
            "hyphenate": Flag(),
            "hyphen_lang": Text(),
            "orphan_control": Flag(),
            "shrink_stops": Flag(),
            "max_loose_em": Number(0.5, 10.0, "em"),
        }),
        # [fill] — 撑版, flow.fill.FillSettings (issue 12 §1): the order of the
        # editor's means, the most of an image a resized photo frame may cut away
        # (beyond ¾ a photo is no longer the photo), the lines of air a headline
        # area and a gap between briefs may take, the lines a column may end short;
        # whether overset text may run on under a neighbour (刀把).
        "fill": Table({
            "order": Texts(FILL_MEANS, unique=True),
            "photo_crop": Number(0.0, 0.75),
            "head_lines": GAP_LINES,
            "gap_lines": GAP_LINES,
            "tolerance": GAP_LINES,
            "turn": Flag(),
        }),
        "styles": Table({role: Table(HEADLINE_STYLE if role == "headline" else STYLE)
                         for role in REQUIRED_ROLES + OPTIONAL_ROLES + kind_roles()}),
    }, required=("page", "grid"))


def check_data(data: dict) -> dict:
    """The template's data, checked key by key and normalised (lengths in pt)."""
    return template_schema().check(data, (), {})
