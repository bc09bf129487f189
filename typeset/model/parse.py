"""Parse an issue file (XML bytes) into the `typeset.model` dataclasses.

Every problem becomes an `InputError` naming file, line, column and element.
The steps, in order: decode (UTF-8, BOM or declared encoding), refuse bad
characters, refuse DTDs and entities, parse with a locked-down lxml parser,
check elements and attributes against the rules read from issue.rng (friendly
messages), check what a schema cannot (ids, empty articles, run positions,
image paths), validate against the schema itself (fallback messages for
order and counts), and build the model with whitespace normalised for Chinese text.
"""
from __future__ import annotations

import codecs
import datetime
import posixpath
import re
import unicodedata
from typing import Any, Iterable, Optional, Union

from lxml import etree

from typeset.errors import InputError
from typeset.messages import MESSAGES, say  # noqa: F401  (MESSAGES re-exported)
from typeset.model import (Article, Banner, Brief, Briefs, Continuation, Issue, IssueMeta, Page,
                           Paragraph, Photo, Placement, Rule, Run, Summary)
from typeset.model.lang import well_formed
from typeset.schema import element_rules, relaxng

# All user-facing message texts live in one catalogue (Chinese, English):
# typeset/messages.py.  MESSAGES and say() are re-exported here.
_HINTS = {"article": "hint_p", "summary": "hint_p", "brief": "hint_p", "photo": "hint_caption"}

PLACEMENT_ATTRS = ("col", "span", "line", "lines")
RUN_ROLES = {"dateline": "dateline", "runin": "runin", "em": "em", "source": "source"}
DEFAULT_SUMMARY_LABEL = "核心提示"

Source = Union[str, bytes]


# --------------------------------------------------------------------------
# Public API

def parse_issue(path: str, allow_outside_images: bool = False) -> Issue:
    """Read and check the issue file at `path`; raise InputError if it is bad."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(say("unreadable", reason=exc.strerror or exc), file=path) from None
    return parse_issue_string(data, source=path, allow_outside_images=allow_outside_images)


def validate_issue(path: str, allow_outside_images: bool = False) -> Issue:
    """Check an issue without building it (same checks as `parse_issue`)."""
    return parse_issue(path, allow_outside_images)


def parse_issue_string(text_or_bytes: Source, source: str = "<string>",
                       allow_outside_images: bool = False) -> Issue:
    """Parse an issue given as bytes (any declared encoding) or str."""
    if isinstance(text_or_bytes, str):
        # Already decoded: any encoding declaration no longer applies.
        text = _blank_declaration(text_or_bytes.removeprefix("\ufeff"))
    else:
        text = decode_issue(text_or_bytes, source)
    check_characters(text, source)
    refuse_entities(text, source)
    root = parse_xml(text, source)
    lines = text.splitlines()
    check_structure(root, source, lines)
    check_meaning(root, source, lines, allow_outside_images)
    check_schema(root, source)
    return build_issue(root, source)


# --------------------------------------------------------------------------
# Decoding and characters

_DECLARATION = re.compile(rb"^<\?xml[^>]*?\?>")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_issue(data: bytes, source: str) -> str:
    """The file's text; a BOM wins over the declaration, which wins over UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data, encoding, declared = data[3:], "utf-8", True
    elif data.startswith(_UTF16_BOMS):
        data, encoding, declared = data, "utf-16", True
    else:
        found = _declared_encoding(data, source)
        declared = found is not None
        encoding = found or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _decode_error(exc, encoding, declared, source) from None
    return _blank_declaration(text)


def _declared_encoding(data: bytes, source: str) -> Optional[str]:
    declaration = _DECLARATION.match(data)
    found = declaration and _DECLARED_ENCODING.search(declaration.group())
    if not found:
        return None
    name = found.group(1).decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:
        raise InputError(say("unknown_encoding", encoding=name), file=source,
                         line=1, col=1, element="?xml") from None
    return name


def _decode_error(exc: UnicodeDecodeError, encoding: str, declared: bool,
                  source: str) -> InputError:
    data, start = exc.object, exc.start
    byte = data[start]
    if byte == 0xED and data[start + 1:start + 2] and 0xA0 <= data[start + 1] <= 0xBF:
        message = say("surrogate")      # CESU-style UTF-8 of a lone surrogate
    elif "surrogate" in str(exc.reason):
        message = say("surrogate")
    elif declared and codecs.lookup(encoding).name != "utf-8":
        message = say("bad_bytes", encoding=encoding, byte=byte)
    elif exc.end >= len(data):
        message = say("utf8_cut", byte=byte)     # the file stops inside a character: cut off
    elif _utf8_elsewhere(data, exc.end):
        message = say("utf8_broken", byte=byte)  # one damaged character in a UTF-8 file, not GBK
    else:
        message = say("not_utf8", byte=byte)
    prefix = data[:start].decode(encoding, "replace")
    line, col = _line_col(prefix)
    return InputError(message, file=source, line=line, col=col,
                      element=_element_before(prefix))


def _utf8_elsewhere(data: bytes, end: int) -> bool:
    """The rest of the file after a bad spot is UTF-8 holding non-ASCII text:
    a GBK file would fail again at its next Chinese character."""
    rest = data[end:]
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in rest)


def _blank_declaration(text: str) -> str:
    """Replace the XML declaration by spaces so lxml reads our UTF-8 and
    every line and column stays where the editor sees it."""
    match = re.match(r"<\?xml[^>]*?\?>", text)
    if not match:
        return text
    blank = re.sub(r"[^\n]", " ", match.group())
    return blank + text[match.end():]


# C0 controls except tab/LF/CR, DEL, C1 controls, surrogates, non-characters.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")


# Right-to-left letters (bidi classes R and AL: Hebrew, Arabic, Syriac, Thaana,
# N'Ko…) and the controls that make text run right to left.  paiban sets
# lines left to right without Arabic joining: such text would print unjoined
# and read back reversed, so it is refused rather than set wrong.
_RTL_CANDIDATE = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc"
                            "\U00010800-\U00010fff\U0001e800-\U0001efff]")
_RTL_CONTROLS = {"\u200f", "\u202b", "\u202e", "\u2067", "\u061c"}


def _is_rtl(char: str) -> bool:
    return char in _RTL_CONTROLS or unicodedata.bidirectional(char) in ("R", "AL")


def check_characters(text: str, source: str) -> None:
    """Refuse control characters, surrogates and right-to-left script, written raw or as &#…;."""
    found = _BAD_CHAR.search(text)
    if found:
        raise _char_error(ord(found.group()), text, found.start(), source)
    for rtl in _RTL_CANDIDATE.finditer(text):
        if _is_rtl(rtl.group()):
            raise _rtl_error(ord(rtl.group()), text, rtl.start(), source)
    for ref in _CHAR_REF.finditer(text):
        digits = ref.group(1)
        code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        if code > 0x10FFFF or _BAD_CHAR.match(chr(min(code, 0x10FFFF))):
            raise _char_error(code, text, ref.start(), source)
        if _is_rtl(chr(code)):
            raise _rtl_error(code, text, ref.start(), source)


def _rtl_error(code: int, text: str, offset: int, source: str) -> InputError:
    prefix = text[:offset]
    line, col = _line_col(prefix)
    char = chr(code)
    shown = unicodedata.name(char, "?") if char in _RTL_CONTROLS else f"“{char}” {unicodedata.name(char, '?')}"
    return InputError(say("rtl_script", code=code, name=shown),
                      file=source, line=line, col=col, element=_element_before(prefix))


def _char_error(code: int, text: str, offset: int, source: str) -> InputError:
    key = "surrogate" if 0xD800 <= code <= 0xDFFF else "control_char"
    prefix = text[:offset]
    line, col = _line_col(prefix)
    return InputError(say(key, code=code), file=source, line=line, col=col,
                      element=_element_before(prefix))


def _line_col(prefix: str) -> tuple[int, int]:
    """1-based line and column of the character after `prefix`."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _element_before(prefix: str) -> str:
    """Name of the last start tag before an offset (the element we are in)."""
    tags = re.findall(r"<([A-Za-z_][\w.:-]*)", prefix)
    return tags[-1] if tags else "issue"


# --------------------------------------------------------------------------
# Entities and XML syntax

# A bare <!DOCTYPE issue> is harmless; an internal subset or external id is not.
_DOCTYPE = re.compile(r"<!DOCTYPE\b")
_HARMLESS_DOCTYPE = re.compile(r"<!DOCTYPE\s+[\w.:-]+\s*>")


def refuse_entities(text: str, source: str) -> None:
    """Refuse DTDs and entity declarations before lxml ever sees them.

    This is the first line of defence against XXE (entities reading files or
    URLs) and entity bombs; the parser settings are the second.
    """
    found = _DOCTYPE.search(text)
    if found and not _HARMLESS_DOCTYPE.match(text, found.start()):
        line, col = _line_col(text[:found.start()])
        raise InputError(say("doctype"), file=source, line=line, col=col,
                         element="!DOCTYPE")


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False,
                           remove_comments=True, remove_pis=True)


def parse_xml(text: str, source: str) -> etree._Element:
    """The element tree of `text`; syntax errors become located InputErrors."""
    try:
        root = etree.fromstring(text.encode("utf-8"), _safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 0, 0)
        detail = _syntax_detail(exc)
        raise InputError(say("syntax", detail=detail), file=source, line=line, col=col,
                         element=_syntax_element(detail, text, line, col)) from None
    for entity in root.iter(etree.Entity):
        parent = entity.getparent()
        raise InputError(say("entity", name=getattr(entity, "name", "")), file=source,
                         line=getattr(entity, "sourceline", 0) or 0, col=1,
                         element=str(parent.tag) if parent is not None else "")
    return root


def _syntax_element(detail: str, text: str, line: int, col: int) -> str:
    """The element a syntax error is about: named by libxml2, else the
    last start tag before the error position."""
    named = re.search(r"tag mismatch: ([\w.:-]+)", detail)
    if named:
        return named.group(1)
    lines = text.split("\n")
    prefix = "\n".join(lines[:max(line - 1, 0)] + [lines[line - 1][:col] if 0 < line <= len(lines) else ""])
    return _element_before(prefix)


def _syntax_detail(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message without its own ', line N, column M' suffix (ours
    for nesting past libxml2's depth limit, which suggests a parser option)."""
    detail = re.sub(r", line \d+, column \d+$", "", str(exc.msg or exc)).strip()
    depth = re.match(r"Excessive depth in document: (\d+)", detail)
    if depth:
        return say("too_deep", depth=depth.group(1))
    return detail


# --------------------------------------------------------------------------
# Structure: friendly messages from the rules in issue.rng

def _where(element, source: str, lines: list[str]) -> dict:
    """Location keywords of an element for InputError."""
    line = element.sourceline or 0
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    col = text.find("<" + str(element.tag)) + 1
    return dict(file=source, line=line, col=max(col, 1), element=str(element.tag))


def check_structure(root, source: str, lines: list[str]) -> None:
    """Check every element, attribute and text against the schema's rules."""
    rules = element_rules()
    if root.tag != "issue":
        raise InputError(say("root", found=root.tag), **_where(root, source, lines))
    for element in root.iter(tag=etree.Element):
        rule = rules[element.tag]
        _check_children(element, rule, rules, source, lines)
        _check_attributes(element, rule, source, lines)
        _check_text(element, rule, source, lines)


def _check_children(element, rule, rules, source, lines) -> None:
    for child in element.iterchildren(tag=etree.Element):
        if child.tag in rule.children:
            continue
        names = dict(child=child.tag, parent=element.tag,
                     expected=", ".join(f"<{name}>" for name in rule.children))
        if not rule.children:
            key = "text_only"
        else:
            key = "misplaced_element" if child.tag in rules else "unknown_element"
        raise InputError(say(key, **names), **_where(child, source, lines))


def _check_attributes(element, rule, source, lines) -> None:
    where = _where(element, source, lines)
    for attr, value in element.attrib.items():
        if attr not in rule.attributes:
            allowed = ", ".join(sorted(rule.attributes))
            key = "unknown_attribute" if allowed else "no_attributes"
            raise InputError(say(key, attr=attr, element=element.tag, allowed=allowed),
                             **where)
        problem = _attribute_problem(attr, value, rule)
        if problem:
            raise InputError(say(problem, attr=attr, value=value, element=element.tag,
                                 allowed=", ".join(rule.values.get(attr, ()))), **where)
    for attr in sorted(rule.required - set(element.attrib)):
        raise InputError(say("missing_attribute", attr=attr, element=element.tag), **where)


def _attribute_problem(attr: str, value: str, rule) -> Optional[str]:
    """The message key for a bad attribute value, or None if it is fine."""
    kind = rule.types.get(attr)
    if attr in rule.required and not value.strip():
        return "empty_attribute"
    if kind == "positiveInteger" and not re.fullmatch(r"\s*[1-9][0-9]*\s*", value):
        return "bad_number"
    if kind == "date" and not _is_date(value):
        return "bad_date"
    if kind == "NCName" and not re.fullmatch(r"[^\W\d][\w.-]*", value):
        return "bad_id"
    if kind == "language" and not well_formed(value.strip()):
        return "bad_lang"
    if attr in rule.values and value not in rule.values[attr]:
        return "bad_choice"
    check = _VALUE_CHECKS.get((rule.name, attr))
    if check and check[1](value) is None:
        return check[0]
    return None


# -- a photo's framing (issue 12 §7) ------------------------------------------

# focus="…" words → (x, y) fractions: the point kept nearest the frame's centre.
_FOCUS_X = {"left": 0.0, "right": 1.0}
_FOCUS_Y = {"top": 0.0, "bottom": 1.0}
_CENTRE_WORDS = ("center", "centre")


def parse_focus(value: str) -> Optional[tuple[float, float]]:
    """focus="top", "bottom left", "center" or "30% 20%" → (x, y) in 0–1; None if bad."""
    words = value.split()
    x: Optional[float]
    y: Optional[float]
    if len(words) == 2 and all(w.endswith("%") for w in words):
        try:
            x, y = (float(w[:-1]) / 100 for w in words)
        except ValueError:
            return None
        return (x, y) if 0 <= x <= 1 and 0 <= y <= 1 else None
    if not 1 <= len(words) <= 2:
        return None
    x, y = None, None
    for word in words:
        if word in _FOCUS_X and x is None:
            x = _FOCUS_X[word]
        elif word in _FOCUS_Y and y is None:
            y = _FOCUS_Y[word]
        elif word not in _CENTRE_WORDS:
            return None
    return (0.5 if x is None else x, 0.5 if y is None else y)


def parse_crop(value: str) -> Optional[tuple[float, float, float, float]]:
    """crop="l t r b", per cent cut from each edge → fractions; None if bad
    or if nothing would be left (left + right or top + bottom ≥ 100 %)."""
    words = value.split()
    if len(words) != 4:
        return None
    try:
        left, top, right, bottom = (float(w.removesuffix("%")) / 100 for w in words)
    except ValueError:
        return None
    if min(left, top, right, bottom) < 0 or left + right >= 1 or top + bottom >= 1:
        return None
    return (left, top, right, bottom)


# (element, attribute) → (message key, parser returning None for a bad value)
_VALUE_CHECKS = {("photo", "focus"): ("bad_focus", parse_focus),
                 ("photo", "crop"): ("bad_crop", parse_crop)}


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _check_text(element, rule, source, lines) -> None:
    if rule.text:
        return
    pieces = [element.text] + [child.tail for child in element]
    stray = next((t.strip() for t in pieces if t and t.strip()), None)
    if stray:
        shown = stray if len(stray) <= 20 else stray[:20] + "…"
        raise InputError(say("stray_text", parent=element.tag, text=shown,
                             hint=say(_HINTS[element.tag]) if element.tag in _HINTS else ""),
                         **_where(element, source, lines))


def check_schema(root, source: str) -> None:
    """Validate against issue.rng; report lxml's first error if any."""
    schema = relaxng()
    if schema.validate(root.getroottree()):
        return
    error = schema.error_log[0]
    steps = [step.split("[")[0] for step in (error.path or "/issue").split("/") if step]
    detail = error.message + _order_hint(steps[-2] if len(steps) > 1 else "")
    raise InputError(say("schema", detail=detail), file=source,
                     line=error.line, col=max(error.column, 1), element=steps[-1])


def _order_hint(parent: str) -> str:
    """Most schema errors left after check_structure are about order or
    count; say in which order the parent's parts come."""
    children = element_rules().get(parent)
    if not children or len(children.children) < 2:
        return ""
    parts = ", ".join(f"<{name}>" for name in children.children)
    return say("order_hint", parent=parent, parts=parts)


# --------------------------------------------------------------------------
# Meaning: what the schema cannot say

def check_meaning(root, source: str, lines: list[str], allow_outside_images: bool) -> None:
    """Unique ids, no empty articles or paragraphs, runs where they belong,
    image paths inside the issue's folder."""
    _check_ids(root, source, lines)
    _check_page_numbers(root, source, lines)
    _check_continuations(root, source, lines)
    for element in root.iter(tag=etree.Element):
        problem = _content_problem(element)
        if problem:
            raise InputError(say(problem, element=element.tag), **_where(element, source, lines))
    for container in root.iter("article", "brief", "summary"):
        _check_run_positions(container.findall("p"), source, lines)
    if not allow_outside_images:
        for photo in root.iter("photo"):
            _check_image_path(photo, source, lines)


def _check_ids(root, source, lines) -> None:
    first_line: dict[str, int] = {}
    for element in root.iter(tag=etree.Element):
        value = element.get("id")
        if value is None:
            continue
        if value in first_line:
            raise InputError(say("duplicate_id", value=value, first=first_line[value]),
                             **_where(element, source, lines))
        first_line[value] = element.sourceline or 0


# The highest page number an issue may have: the thickest dailies run to a
# few hundred pages; 10^23 is a typo, and would be carried into every jump line.
MAX_PAGE_NUMBER = 999


def _check_page_numbers(root, source, lines) -> None:
    """Every page has its own number, from 1 to MAX_PAGE_NUMBER."""
    first_line: dict[int, int] = {}
    for page in root.iterchildren("page"):
        try:
            number = int(page.get("number", ""))
        except ValueError:
            continue                    # check_structure has said so
        if number > MAX_PAGE_NUMBER:
            raise InputError(say("page_number_absurd", number=number, most=MAX_PAGE_NUMBER),
                             **_where(page, source, lines))
        if number in first_line:
            raise InputError(say("page_twice", number=number, first=first_line[number]),
                             **_where(page, source, lines))
        first_line[number] = page.sourceline or 0


def _check_continuations(root, source, lines) -> None:
    """A <continuation of="X">: X is an article on an earlier page, continued once."""
    articles = {a.get("id"): a for a in root.iter("article") if a.get("id")}
    continued: dict[str, int] = {}
    for element in root.iter("continuation"):
        of = (element.get("of") or "").strip()
        article = articles.get(of)
        if article is None:
            raise InputError(say("continuation_unknown", of=of), **_where(element, source, lines))
        if of in continued:
            raise InputError(say("continuation_twice", of=of, first=continued[of]),
                             **_where(element, source, lines))
        continued[of] = element.sourceline or 0
        here, there = _page_number(element), _page_number(article)
        if here is not None and there is not None and here <= there:
            raise InputError(say("continuation_not_later", of=of, page=here, article_page=there),
                             **_where(element, source, lines))


def _page_number(element) -> Optional[int]:
    page = next(element.iterancestors("page"), None)
    try:
        return int(page.get("number"))  # type: ignore[union-attr]  # None: AttributeError below
    except (AttributeError, TypeError, ValueError):
        return None


def _content_problem(element) -> Optional[str]:
    """The message key if an element's content is empty or mixed up."""
    if element.tag == "article":
        has_text = element.find("headline") is not None or element.find("p") is not None
        return None if has_text else "empty_article"
    if element.tag in ("p", "line", "headline", "caption", "banner"):
        if not "".join(element.itertext()).strip():
            return "empty_text"
    if element.tag == "headline" and len(element):
        loose = [element.text] + [line.tail for line in element]
        return "headline_mixed" if any((t or "").strip() for t in loose) else None
    return None


def _check_run_positions(paragraphs: list, source, lines) -> None:
    """Dateline opens the first paragraph, a run-in head opens its paragraph
    (after the dateline if both), the source tag closes the last paragraph:
    the only places the layout knows how to set them."""
    for index, paragraph in enumerate(paragraphs):
        children = list(paragraph)
        opening = _opening_runs(paragraph)
        for position, run in enumerate(children):
            fits = {
                "dateline": index == 0 and position == 0 and run in opening,
                "runin": run in opening and (position == 0 or children[0].tag == "dateline"),
                "source": index == len(paragraphs) - 1 and position == len(children) - 1
                          and not (run.tail or "").strip(),
            }.get(run.tag, True)
            if not fits:
                raise InputError(say(run.tag + "_place"), **_where(run, source, lines))


def _opening_runs(paragraph) -> list:
    """The inline elements before the paragraph's first plain words."""
    if (paragraph.text or "").strip():
        return []
    opening = []
    for run in paragraph:
        opening.append(run)
        if (run.tail or "").strip():
            break
    return opening[:2]


def _check_image_path(photo, source, lines) -> None:
    src = photo.get("src", "").replace("\\", "/")
    normal = posixpath.normpath(src)
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", src):
        key = "image_url"
    elif src.startswith("/") or re.match(r"[A-Za-z]:", src) or normal == ".." \
            or normal.startswith("../"):
        key = "image_outside"
    else:
        return
    raise InputError(say(key, src=photo.get("src")), **_where(photo, source, lines))


# --------------------------------------------------------------------------
# Building the model

def build_issue(root, source: str) -> Issue:
    meta = IssueMeta(paper=_label(root.get("paper")), date=root.get("date"),
                     issue_no=root.get("number", ""), total_no=root.get("total", ""),
                     edition=root.get("edition", ""), publisher=root.get("publisher", ""),
                     lang=root.get("lang", "zh-Hans"), place=root.get("place", ""))
    pages = tuple(_page(page) for page in root.iterchildren("page"))
    return Issue(source=source, meta=meta, pages=pages)


def _page(element) -> Page:
    number = int(element.get("number"))
    blocks = tuple(_block(child, number, index)
                   for index, child in enumerate(element.iterchildren(tag=etree.Element), 1))
    return Page(number=number, section=element.get("section", ""),
                template=element.get("template"), blocks=blocks,
                editor=element.get("editor", ""), line=element.sourceline or 0)


def _block(element, page_number: int, index: int):
    # Ids are optional on banners, summaries and rules; make stable ones.
    block_id = element.get("id") or f"p{page_number}-{element.tag}{index}"
    return _BUILDERS[element.tag](element, block_id)


def _placement(element) -> Placement:
    values = {name: int(element.get(name)) for name in PLACEMENT_ATTRS
              if element.get(name) is not None}
    return Placement(**values)


def _article(element, block_id: str) -> Article:
    headline = element.find("headline")
    return Article(id=block_id, headline=_headline_lines(headline),
                   kicker=_child_label(element, "kicker"),
                   subhead=_child_label(element, "subhead"),
                   byline=_child_label(element, "byline"),
                   paragraphs=_paragraphs(element),
                   photos=tuple(_photo(p, p.get("id")) for p in element.iterchildren("photo")),
                   placement=_placement(element),
                   headline_size=headline.get("size", "") if headline is not None else "",
                   line=element.sourceline or 0, headline_forced=_forced(headline),
                   lang=_block_lang(element))


def _briefs(element, block_id: str) -> Briefs:
    items = tuple(Brief(headline=_headline_lines(item.find("headline")),
                        paragraphs=_paragraphs(item), line=item.sourceline or 0,
                        headline_forced=_forced(item.find("headline")))
                  for item in element.iterchildren("brief"))
    return Briefs(id=block_id, label=_label(element.get("label")), items=items,
                  placement=_placement(element), line=element.sourceline or 0,
                  lang=_block_lang(element))


def _photo(element, block_id: str) -> Photo:
    caption = element.find("caption")
    framing: dict[str, Any] = {}
    if element.get("focus") is not None:
        framing["focus"] = parse_focus(element.get("focus"))
    if element.get("crop") is not None:
        framing["crop"] = parse_crop(element.get("crop"))
    return Photo(id=block_id, src=element.get("src").strip(),
                 caption=_paragraph(caption) if caption is not None else None,
                 credit=_child_label(element, "credit"),
                 placement=_placement(element), line=element.sourceline or 0, **framing,
                 lang=_block_lang(element))


def _banner(element, block_id: str) -> Banner:
    return Banner(id=block_id, text=_label(element.text), placement=_placement(element),
                  line=element.sourceline or 0)


def _summary(element, block_id: str) -> Summary:
    label = _label(element.get("label")) or DEFAULT_SUMMARY_LABEL
    return Summary(id=block_id, label=label, paragraphs=_paragraphs(element),
                   placement=_placement(element), line=element.sourceline or 0,
                   lang=_block_lang(element))


def _rule(element, block_id: str) -> Rule:
    return Rule(id=block_id, placement=_placement(element),
                weight=element.get("weight", "thin"),
                direction=element.get("direction", "horizontal"),
                line=element.sourceline or 0)


def _continuation(element, block_id: str) -> Continuation:
    return Continuation(id=block_id, of=element.get("of").strip(), placement=_placement(element),
                        line=element.sourceline or 0)


_BUILDERS = {"article": _article, "briefs": _briefs, "photo": _photo,
             "banner": _banner, "summary": _summary, "rule": _rule,
             "continuation": _continuation}


def _headline_lines(element) -> tuple[str, ...]:
    if element is None:
        return ()
    lines = element.findall("line")
    if lines:
        return tuple(_label(line.text) for line in lines)
    return (_label(element.text),)


def _block_lang(element) -> str:
    """The language tag of the block `element` is (in): the nearest `lang`
    of the element or an enclosing block (a photo takes its article's),
    "" when none says (the issue's `lang` then applies, model/lang.py)."""
    for node in (element, *element.iterancestors()):
        if node.tag == "issue":
            break
        tag = (node.get("lang") or "").strip()
        if tag:
            return tag
    return ""


def _forced(headline) -> bool:
    """Whether the editor broke the headline with <line>s (the layout then keeps them)."""
    return headline is not None and headline.find("line") is not None


def _child_label(element, tag: str) -> str:
    child = element.find(tag)
    return _label(child.text) if child is not None else ""


def _paragraphs(element) -> tuple[Paragraph, ...]:
    return tuple(_paragraph(p) for p in element.iterchildren("p"))


def _paragraph(element) -> Paragraph:
    pieces = [(element.text or "", "text")]
    for child in element:
        pieces.append((child.text or "", RUN_ROLES[child.tag]))
        pieces.append((child.tail or "", "text"))
    return Paragraph(runs=normalise_runs(pieces), line=element.sourceline or 0,
                     lang=_block_lang(element))


# --------------------------------------------------------------------------
# Whitespace

_SPACE_SPLIT = re.compile(r"(\s+)")
# Roles whose inner spaces separate names (本报讯（记者 许廷合 通讯员 侯鹏）).
_SPACED_ROLES = {"dateline"}


def _label(text: Optional[str]) -> str:
    """A one-line field (headline line, byline, credit): spaces between
    names are meaningful, so runs of whitespace collapse to one space; a line
    break of the file between two Chinese characters goes (`_join_lines`)."""
    return " ".join(_join_lines(text or "").split())


# A line break of the file with the spaces and tabs around it (CSS Text 3
# §4.1.1: spaces next to a segment break are removed with it).
_SEGMENT_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")


def _join_lines(text: str) -> str:
    """CSS Text 3 §4.1.2 segment-break transformation: a line break (and its
    indentation) between two wide characters is removed — text hard-wrapped by
    an editing system, 本报\n    讯 → 本报讯; anywhere else it becomes a space
    (between Latin words).  `is_wide` stands for CSS's East Asian Width F/W/H
    test, with the Chinese reading of the ambiguous marks “”…— (wide)."""
    if "\n" not in text and "\r" not in text:
        return text
    return _SEGMENT_BREAK.sub(lambda m: _break_to(text, m.start(), m.end()), text)


def _break_to(text: str, start: int, end: int) -> str:
    """What the segment break text[start:end] becomes (see `_join_lines`)."""
    if start == 0 or end == len(text):
        return ""                       # at the ends: stripped anyway
    return "" if is_wide(text[start - 1]) and is_wide(text[end]) else " "


def is_wide(char: str) -> bool:
    """True for CJK characters and full-width punctuation (“”—… included)."""
    width = unicodedata.east_asian_width(char)
    return width in ("W", "F") or (width == "A" and unicodedata.category(char)[0] == "P")


def normalise_runs(pieces: Iterable[tuple[str, str]]) -> tuple[Run, ...]:
    """Runs of a paragraph with the XML's layout whitespace removed.

    Chinese has no word spaces: whitespace next to a CJK character is only
    source indentation and goes (the composer sets its own ¼-em CJK–Latin
    gap, rule book L1).  Between two Latin letters or digits it becomes one
    space.  In a dateline spaces separate names and stay, but a line break of
    the file between two Chinese characters goes there too (CSS Text 3
    segment breaks, `_join_lines`).  The ends of the paragraph are stripped.
    """
    tokens = [(token, role, number)
              for number, (text, role) in enumerate(pieces)
              for token in _SPACE_SPLIT.split(text) if token]
    kept = [(_resolve_space(tokens, index) if token.isspace() else token, role)
            for index, (token, role, _) in enumerate(tokens)]
    return _merge_runs(kept)


def _resolve_space(tokens, index: int) -> str:
    if index and tokens[index - 1][0].isspace():
        return ""                       # whitespace split across two runs: one space at most
    before = next((t for t in reversed(tokens[:index]) if not t[0].isspace()), None)
    after = next((t for t in tokens[index + 1:] if not t[0].isspace()), None)
    if before is None or after is None:
        return ""
    if _line_break_between_wide(tokens, index, before, after):
        return ""                       # CSS Text 3 §4.1.2: 本报\n    讯 → 本报讯 (also in datelines)
    role, piece = tokens[index][1], tokens[index][2]
    if role in _SPACED_ROLES and before[2] == piece == after[2]:
        return " "
    if is_wide(before[0][-1]) or is_wide(after[0][0]):
        return ""
    return " "


def _line_break_between_wide(tokens, index: int, before, after) -> bool:
    """The whitespace at `index` (with the whitespace tokens right after it:
    one stretch of white split across runs) holds a line break of the file,
    and the characters on both sides are wide (see `_join_lines`)."""
    if not (is_wide(before[0][-1]) and is_wide(after[0][0])):
        return False
    k = index
    while k < len(tokens) and tokens[k][0].isspace():
        if "\n" in tokens[k][0] or "\r" in tokens[k][0]:
            return True
        k += 1
    return False


def _merge_runs(kept: list[tuple[str, str]]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for text, role in kept:
        if not text:
            continue
        if runs and runs[-1].role == role:
            runs[-1] = Run(runs[-1].text + text, role)
        else:
            runs.append(Run(text, role))
    return tuple(runs)
