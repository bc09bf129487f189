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
from typing import Optional, Union

from lxml import etree

from typeset.errors import InputError
from typeset.messages import MESSAGES, say  # noqa: F401  (MESSAGES re-exported)
from typeset import registry
from typeset.model import Issue
from typeset.model.build import RUBY_MAX_BASE, RUBY_MAX_READING, RUBY_ROLE, build_issue, ruby_reading
from typeset.model.lang import well_formed
from typeset.model.text import is_wide, normalise_runs  # noqa: F401  (re-exported)
from typeset.schema import element_rules, relaxng

# All user-facing message texts live in one catalogue (Chinese, English):
# typeset/messages.py.  MESSAGES and say() are re-exported here.
_HINTS = {"article": "hint_p", "summary": "hint_p", "brief": "hint_p", "photo": "hint_caption"}

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
    type_ = rule.types.get(attr)
    if attr in rule.required and not value.strip():
        return "empty_attribute"
    if type_ == "positiveInteger" and not re.fullmatch(r"\s*[1-9][0-9]*\s*", value):
        return "bad_number"
    if type_ == "date" and not _is_date(value):
        return "bad_date"
    if type_ == "NCName" and not re.fullmatch(r"[^\W\d][\w.-]*", value):
        return "bad_id"
    if type_ == "language" and not well_formed(value.strip()):
        return "bad_lang"
    if attr in rule.values and value not in rule.values[attr]:
        return "bad_choice"
    kind = registry.kinds().get(rule.name)
    check = kind.attribute_checks.get(attr) if kind else None
    if check and check[1](value) is None:
        return check[0]
    return None


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
        if isinstance(problem, tuple):          # a kind's check names the child at fault
            problem, element = problem
        if problem:
            raise InputError(say(problem, element=element.tag, most_base=RUBY_MAX_BASE,
                                 most_reading=RUBY_MAX_READING), **_where(element, source, lines))
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


def _content_problem(element):
    """The message key if an element's content is empty or mixed up (a
    block kind's own `check` says what its element needs: a key, or a key
    and the child element it is about — a table's row — for the location)."""
    kind = registry.kinds().get(element.tag)
    if kind is not None and kind.check is not None:
        return kind.check(element)
    if element.tag in ("p", "line", "headline", "caption", "banner", "ruby"):
        if not "".join(element.itertext()).strip():
            return "empty_text"
    if element.tag == RUBY_ROLE:
        return _ruby_problem(element)
    if element.tag == "headline" and len(element):
        loose = [element.text] + [line.tail for line in element]
        return "headline_mixed" if any((t or "").strip() for t in loose) else None
    return None


def _ruby_problem(element) -> Optional[str]:
    """A ruby whose base or reading is longer than a word's (RUBY_MAX_*)."""
    base = "".join((element.text or "").split())
    if len(base) > RUBY_MAX_BASE:
        return "ruby_base_long"
    if len(ruby_reading(element)) > RUBY_MAX_READING:
        return "ruby_reading_long"
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
