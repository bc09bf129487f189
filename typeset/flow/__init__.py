"""Column and page flow: an `Issue` → page display lists and block reports."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:                      # imported on first use (see __getattr__ and the functions)
    from ..errors import Warning_
    from ..model import Issue
    from .pages import PageResult

__all__ = ["layout_pages", "template_for", "BlockReport", "Rect", "Typesetter"]


def __getattr__(name: str):
    """Page layout loads on first use: `flow.slugs` alone (the body-flow
    benchmark, the drawer's callers) does not pull in templates and TOML,
    nor the issue model and the message catalogue (≈ 8 ms of imports)."""
    if name in ("BlockReport", "PageResult", "Rect"):
        from . import pages
        return getattr(pages, name)
    if name == "Typesetter":
        from .blocks import Typesetter
        return Typesetter
    raise AttributeError(name)


def layout_pages(issue: Issue, fonts, typesetters: dict | None = None, image_sizes: dict | None = None):
    """Lay out every page; returns (page layouts, block reports, warnings).

    `typesetters` (template path → Typesetter) may be passed in to keep
    composition caches across builds (paiban watch).  `image_sizes` (photo
    src → pixel width and height) lets photos keep their own shape when
    the page is filled.
    """
    from .blocks import Typesetter
    from .pages import Jumps, layout_page
    typesetters = {} if typesetters is None else typesetters
    pages, blocks, warnings = [], [], []
    plan = []
    for page in issue.pages:
        template = template_for(page, issue)
        path = template.source
        ts = typesetters.get(path)
        if ts is None or ts.t is not template or ts.metrics is not fonts or ts.issue_lang != issue.meta.lang:
            ts = typesetters[path] = Typesetter(template, fonts, settings_for(template), issue.meta.lang)
        plan.append((page, ts))
    _compose_body_text(plan, fonts)
    jumps = Jumps.of_issue(issue)
    results = {}
    # Laid out by page number (转版 carries text forward to a later page),
    # returned in the file's order.
    for k in sorted(range(len(plan)), key=lambda k: plan[k][0].number):
        page, ts = plan[k]
        results[k] = layout_page(page, issue.meta, ts, issue.source, pages=len(issue.pages), jumps=jumps,
                                 image_sizes=image_sizes)
    for k in range(len(plan)):
        result = results[k]
        pages.append(result.layout)
        blocks += result.blocks
        warnings += _warnings(result, issue.source)
    return pages, blocks, warnings


def _compose_body_text(plan, fonts) -> None:
    """Compose the body paragraphs of a long issue up front, on two cores
    (compose/parallel.py), into the typesetters' caches; layout then finds
    them there.  A short issue is left to compose as it is laid out."""
    from ..compose.parallel import compose_paragraphs, worth_forking
    from ..model import page_body_paragraphs
    owners, jobs, seen = [], [], set()
    for page, ts in plan:
        for para in page_body_paragraphs(page):
            j = ts.body_job(para)
            if j is not None and (id(ts), j[:3]) not in seen:     # a repeated paragraph once
                seen.add((id(ts), j[:3]))
                owners.append(ts)
                jobs.append(j)
    if not worth_forking(sum(len(r.text) for j in jobs for r in j[0])):
        return
    for ts, j, lines in zip(owners, jobs, compose_paragraphs(jobs, fonts)):
        ts.remember(j, lines)


def template_for(page, issue):
    """The page's template, read and checked; "not found" or "outside the
    template folders" points at the <page> that names it (errors inside a
    template file name that file and line instead)."""
    from ..errors import InputError
    from ..style.template import find_template, load_template
    try:
        path = find_template(page.template, issue.base_dir)
    except InputError as e:
        raise InputError(e.message, file=issue.source, line=page.line, element="page") from None
    return load_template(path, issue.base_dir)


# Rule book R4: a newspaper never starts a line with …… or ——, so a page
# template's prohibition level is "strict" unless its [composer] table says
# otherwise (the composer's own default stays "gb", R3, as the book says).
TEMPLATE_LEVEL = "strict"


def settings_for(template):
    """Composer settings from the template's optional [composer] table, with
    `level` defaulting to TEMPLATE_LEVEL."""
    from ..compose import ComposerSettings
    extra = getattr(template, "composer", None) or {}
    return ComposerSettings(**{"level": TEMPLATE_LEVEL, **extra})


def _warnings(result: PageResult, source: str) -> list[Warning_]:
    from ..errors import Warning_
    from ..messages import say
    out = []
    for b in result.blocks:
        for w in b.warnings:
            out.append(Warning_(w, file=source, line=b.source_line, element=b.id, code="layout"))
        if b.overset_lines:
            # a block with no rectangle on the page (flow/pages.py `_next_free`) says why
            key = "overset" if b.rect.lines else "overset_unplaced"
            out.append(Warning_(say(key, chars=b.overset_chars, lines=b.overset_lines, block=b.id, page=b.page,
                                    span=b.rect.span),
                                file=source, line=b.source_line,
                                element=b.id, code="overset"))
        if b.holes:
            out.append(_underset_warning(b, source))
        out.extend(_missing_glyph_warnings(b, source))
    return out


def _missing_glyph_warnings(b, source: str) -> list[Warning_]:
    """One warning per character the block prints as 〓, in order of first
    use, with how often (a name repeated through a story is one report, not
    one per paragraph), at the source line of its first paragraph."""
    from ..errors import Warning_
    from ..messages import say
    first_line: dict[str, int] = {}
    times: dict[str, int] = {}
    for comp in b.paragraphs:
        for ch in _placeholder_chars(comp.lines):
            first_line.setdefault(ch, comp.source_line)
            times[ch] = times.get(ch, 0) + 1
    return [Warning_(say("missing_glyph" if times[ch] == 1 else "missing_glyph_times", char=ch, code=ord(ch),
                         page=b.page, block=b.id, times=times[ch]),
                     file=source, line=line, element=b.id, code="missing-glyph")
            for ch, line in first_line.items()]


def _underset_warning(b, source: str):
    """欠版 of a block (or of the page, outside every block) as one warning."""
    from ..errors import Warning_
    from ..messages import joined, say
    where = joined(say("underset_where_vertical" if h.down else "underset_where", col=h.col, line=h.line,
                       lines=h.lines) for h in b.holes)
    key = "underset_page" if b.kind == "hole" else "underset_block"
    return Warning_(say(key, block=b.id, page=b.page, lines=b.underset_lines, chars=b.underset_chars, where=where),
                    file=source, line=b.source_line, element=b.id, code="underset")


PLACEHOLDER = "〓"


def _placeholder_chars(lines) -> list[str]:
    """Characters of a paragraph drawn as the 〓 placeholder, in order.

    Composed lines share their paragraph's per-character arrays; reading
    those avoids building a Glyph object per character just to look.
    """
    arrays = getattr(lines[0], "arrays", None) if lines else None
    if arrays is None:
        return [g.char for line in lines for g in line.glyphs if g.drawn == PLACEHOLDER and g.char != PLACEHOLDER]
    return [ch for ch, drawn in zip(arrays.text, arrays.draw) if drawn == PLACEHOLDER and ch != PLACEHOLDER]
