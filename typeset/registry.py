"""The block registry: every kind of block a page can hold, declared in one place.

A block kind (article, briefs, photo, banner, summary, rule, continuation,
and whatever comes next — a table, a note) is one module under
`typeset/kinds/` that builds a `BlockKind` and registers it.  The record
names everything the pipeline needs to know about the kind:

- its XML element and RELAX NG fragment (`schema`; the built-in kinds keep
  theirs in `schema/issue.rng`),
- its model type and the builder from the element (`build`),
- its layout (`content`, or `draw` for marks placed where the editor put
  them and taking no room: rules),
- its message texts, its template roles and the body text it carries.

The stages never import a kind module: the parser finds the builder by the
element's name, the flow finds the layout by the block's type, the schema
adds the fragments, the template check accepts the roles.  The registry
loads the built-in kinds (`typeset.kinds`) the first time it is asked, so a
kind module may use every stage up to the flow; tests and plug-ins
`register` more.  This is the one seam through which an earlier stage
reaches code of a later one, and it is a lookup, not an import
(tests/test_architecture.py checks that nothing else imports `typeset.kinds`).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence

BUILTIN_PACKAGE = "typeset.kinds"


def _no_paragraphs(block: Any) -> Sequence[Any]:
    """The body text of a kind that carries none (rules, banners, photos)."""
    return ()


@dataclass(frozen=True)
class BlockKind:
    """One kind of block, as the stages see it.

    name: the XML element (<note>), the kind in reports (`BlockReport.kind`,
        `paiban check`), and the prefix of its template defaults (`note_span`).
    model: the model type its blocks are (a frozen dataclass with `id`,
        `placement` and `line`, like those of `typeset.model`).
    build: (lxml element, block id) → model block; the helpers of
        `typeset.model.build` read placements, paragraphs and labels.
    content: (Typesetter, block, span, LayoutContext) → BlockContent: its
        head and column stream of grid-line slugs (flow/blocks.py).
    draw: (Typesetter, block) → display items, for a kind drawn where the
        editor put it that takes no room on the grid (a rule); it then has
        no `content`, and spans the rest of the grid by default.
    fill: (block, content, rect, Typesetter, sizes, FillSettings) → content:
        how the block fills the rectangle it was given (a photo block grows
        its image; a vertical article sets itself to the rectangle's height),
        or None for a block the template's means fill; no `fill`: the
        template's means (flow/fill.py) for every block of the kind.
    schema: a RELAX NG <grammar> fragment defining the element's pattern and
        adding it to `block` (<define name="block" combine="choice">); ""
        for the kinds declared in issue.rng itself.
    check: element → the message key of what the schema cannot say about
        it (an article with neither headline nor text), or None; or a key
        and the descendant element it is about (a table's bad row), which
        the error then locates.
    attribute_checks: attribute → (message key, parser returning None for
        a bad value): values the schema's types cannot judge (focus="…").
    messages: its message texts, key → (Chinese, English); `kind_<name>`
        names the kind in `paiban check`.
    roles: the template style roles its text is set in; a template may
        style them (`[styles.<role>]`; those of the built-in kinds it must).
    paragraphs: block → its body paragraphs in reading order (parallel
        composition, search text, the e-paper's article text).
    continues: its overset may go on to a later page (转版, <continuation>).
    jump: (block, content, rect, Typesetter, page, sizes, FillSettings) →
        (content, carried slugs) or None: how a block that `continues` sets
        itself when its overset goes on to page `page` (a vertical article
        ends with a vertical （下转第N版） and carries its vertical lines);
        None, or no `jump`: the stream is threaded with the horizontal label.
    rest: (Typesetter, block, chars) → slugs: the last `chars` characters of
        a block that `continues`, set for another page's Typesetter — the
        carried lines of its page do not fit a continuation on a page whose
        template has other columns, body or composer (转版 between
        templates); None: the carried lines are used as they are.
    least: (block, content, span, Typesetter, LayoutContext) → grid lines:
        the shallowest room an automatic block of the kind is placed in
        (a photo: its image at the least height its crop limit allows,
        with its caption); None: its head and flow/pages.py
        LEAST_BODY_LINES lines of its text.
    grows: the layout may make it taller to take free lines below it (撑版:
        its columns or its photo fill them); a banner or a box keeps its height.
    widens: an automatic block of the kind whose `span` the template's
        default gave may take whole free columns beside it (撑版 sideways:
        page-making.md, "whole columns"), so a column no block fits does
        not stay white (开天窗); its text flows on through them.
    turns: an automatic block of the kind whose text does not fit may run
        it on into the columns right of it where they are white below a
        neighbour (刀把, flow/pages.py `_turn_under_neighbours`): a hole
        beside overset text is the worst of both faults (page-making.md).
        Horizontal text only: a vertical block keeps its rectangle.
    across: without a `span` and without a template default `<name>_span`
        it spans the grid from its column to the right edge (a banner, 通栏:
        across the page whatever the template's columns).
    """
    name: str
    model: type
    build: Callable[[Any, str], Any]
    content: Optional[Callable[..., Any]] = None
    draw: Optional[Callable[..., list]] = None
    fill: Optional[Callable[..., Any]] = None
    schema: str = ""
    check: Optional[Callable[[Any], Any]] = None
    attribute_checks: Mapping[str, tuple[str, Callable[[str], Any]]] = field(default_factory=dict)
    messages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    roles: tuple[str, ...] = ()
    paragraphs: Callable[[Any], Sequence[Any]] = _no_paragraphs
    continues: bool = False
    jump: Optional[Callable[..., Any]] = None
    rest: Optional[Callable[..., Any]] = None
    least: Optional[Callable[..., int]] = None
    grows: bool = False
    widens: bool = False
    turns: bool = False
    across: bool = False

    @property
    def placed(self) -> bool:
        """Drawn where the editor put it, taking no room (no `content`)."""
        return self.draw is not None


_KINDS: dict[str, BlockKind] = {}
_BY_TYPE: dict[type, BlockKind] = {}
_loaded = False


def register(kind: BlockKind) -> BlockKind:
    """Add `kind` (a kind of the same name is replaced); its messages join the catalogue."""
    from . import messages
    if (kind.content is None) == (kind.draw is None):
        raise ValueError(f"block kind {kind.name!r} needs a `content` or a `draw`, not both or neither")
    old = _KINDS.get(kind.name)
    if old is not None:
        _BY_TYPE.pop(old.model, None)
    _KINDS[kind.name] = kind
    _BY_TYPE[kind.model] = kind
    messages.MESSAGES.update(kind.messages)
    _changed()
    return kind


def unregister(name: str) -> None:
    """Remove the kind `name` (tests that register a kind of their own)."""
    _builtins()
    kind = _KINDS.pop(name, None)
    if kind is not None:
        _BY_TYPE.pop(kind.model, None)
        _changed()


def kinds() -> Mapping[str, BlockKind]:
    """Every registered kind by element name, the built-in ones first."""
    _builtins()
    return _KINDS


def by_element(name: str) -> BlockKind:
    """The kind whose element is <name> (KeyError if none is)."""
    return kinds()[name]


def of(block: Any) -> BlockKind:
    """The kind of a model block."""
    _builtins()
    return _BY_TYPE[type(block)]


def fragments() -> tuple[str, ...]:
    """The RELAX NG fragments of the kinds not declared in issue.rng."""
    return tuple(k.schema for k in kinds().values() if k.schema)


def generation() -> int:
    """A number that changes whenever the registry does (schema caches key on it)."""
    _builtins()
    return _generation


_generation = 0


def _changed() -> None:
    global _generation
    _generation += 1


def _builtins() -> None:
    """Load the built-in kinds once (their modules register themselves)."""
    global _loaded
    if not _loaded:
        _loaded = True
        importlib.import_module(BUILTIN_PACKAGE)
