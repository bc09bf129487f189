"""Mutations of all of the sample's inputs — its XML, its page templates and
its photos — and the oracle a build of each must satisfy (issue 13).

A case is made from one seed (random.Random(seed)): the sample (one or both
pages, photos shrunk for speed) with local copies of `bulletin.toml` and
`bulletin-front.toml` next to it, then one to three mutations of the XML
(elements deleted, duplicated, swapped; attributes and texts changed; junk
bytes), of a template (values made hostile, keys and tables misspelt, lines
deleted or doubled, `extends` pointed at itself, at nothing, outside) or of a
photo (truncated, bytes flipped, emptied, a header claiming 30000 × 30000,
another format, 16-bit, CMYK, palette, a sliver, EXIF-rotated, a folder, a
symlink out).  `run_case` builds it through `paiban build --strict` in
process and returns what went wrong, if anything:

- the exit status is 0, 2 or 3 — never 1 (a bug) nor anything else;
- stderr holds no traceback, and every line of it is located (`file:…`);
- a refusal (2) names a file of the case, and leaves the previous output
  byte for byte, with no temporary file;
- a build (0 or 3) loses nothing: every character is on a page or in an
  overset report (`typeset.verify.check_nothing_lost`), and 3 means
  overset or underset (欠版), as --strict says.

Used by tests/robustness/test_fuzz_inputs.py (a bounded run, fixed seeds)
and scripts/fuzz_inputs.py (the long run).
"""
from __future__ import annotations

import contextlib
import copy
import io
import os
import random
import re
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from typing import Optional

from lxml import etree
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "issues", "sample.xml")
SHIPPED = os.path.join(ROOT, "typeset", "templates")
TEMPLATES = ("bulletin.toml", "bulletin-front.toml")
PREVIOUS = b"%PDF-1.4 the previous build, which a failed build must leave alone\n"

DIR, LINK_OUT = "<folder>", "<symlink to /etc/passwd>"     # file-system mutations of a photo

XML_VALUES = ["0", "-1", "1", "2", "3", "6", "7", "45", "92", "93", "100000", "", " ", "x", "１", "2.5",
              "bulletin", "bulletin-front", "nope", "../bulletin", "../bulletin.toml", "/etc/passwd",
              "images/nope.jpg", "../../etc/passwd", "thick", "vertical", "2022-02-30", "a b", "魏都",
              "top", "bottom", "left right", "50% 0%", "120% 5%", "0 0 0 30", "50 0 50 0", "10 10 10 10"]
XML_ATTRIBUTES = ["col", "span", "line", "lines", "id", "src", "template", "number", "weight", "direction",
                  "size", "label", "date", "align", "focus", "crop"]
XML_JUNK = [b"\x00", b"\xff\xfe", b"<", b"&", b"]]>", b"\x1b", b"<p>", b"</article>", b"\xe4\xb8",
            b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&#0;", b"&#xD800;", "\ue000".encode(), b"\r\n", b"\t",
            "\u202e".encode(), "\u0301".encode(), "\ufe0f".encode()]
TOML_VALUES = ["0", "-9", "nan", "inf", "-inf", "1e308", "100000", "6.0", "true", '"fat"', '""', "[]",
               "[1, 2]", '["a", "b", "c", "d"]', "[0, 0, 0, 2]", "[7, -1, 0, 2]", "{}", "{ x = 1 }",
               '"10000pt"', '"-3mm"', '"2em"', '"小五"', '"0.1pt"', '"{bogus}"', '"{page"', '"第{page}版"',
               '"hei"', '"comic"', '"centre"', '"accent"', '"nosuch"', "1979-05-27", '"""a\nb"""', "1", "2"]
TOML_EXTENDS = ['"./bulletin.toml"', '"bulletin"', '"bulletin-front"', '"bulletn"', '"/etc/passwd"',
                '"../bulletin.toml"', '"../../typeset/templates/bulletin"', "5", '""']
TOML_JUNK = ["[", "]]", "=", '"', "\x00", "[styles.headlin]\nsize = 9", "[grid]\ncolumns = 6",
             "colums = 8", "\ufeff", "x = ", "[[rules]]"]


@dataclass
class Case:
    """One mutated copy of the sample's inputs."""
    seed: int
    xml: bytes
    files: dict[str, object]                # relative path → bytes, DIR or LINK_OUT
    mutations: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {m.split(":")[0] for m in self.mutations}


@dataclass
class Outcome:
    """What a build of a case did: exit status, stderr and what was wrong (empty: nothing)."""
    code: int
    err: str
    problems: list[str]

    @property
    def kind(self) -> str:
        return {0: "built", 2: "refused", 3: "unfilled"}.get(self.code, "crash")


# -- the base ---------------------------------------------------------------------------------

_BASE: dict = {}


def base() -> dict:
    """The sample's inputs: XML tree, template texts, photos shrunk to 240 px (read once)."""
    if not _BASE:
        images = {}
        folder = os.path.join(os.path.dirname(SAMPLE), "images")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".jpg"):
                with Image.open(os.path.join(folder, name)) as im:
                    small = im.convert("RGB")
                    small.thumbnail((240, 240))
                    out = io.BytesIO()
                    small.save(out, "JPEG", quality=70)
                    images["images/" + name] = out.getvalue()
        templates = {}
        for name in TEMPLATES:
            with open(os.path.join(SHIPPED, name), encoding="utf-8") as f:
                templates[name] = f.read()
        _BASE.update(tree=etree.parse(SAMPLE, etree.XMLParser(remove_comments=True)).getroot(),
                     images=images, templates=templates)
    return _BASE


def make_case(seed: int) -> Case:
    """The case of `seed`: the same inputs every time."""
    rnd = random.Random(seed)
    b = base()
    root = copy.deepcopy(b["tree"])
    pages = list(root)
    keep = rnd.choice([0, 1, None])               # one page keeps most builds small
    if keep is not None:
        root.remove(pages[1 - keep])
    templates = dict(b["templates"])
    images: dict[str, object] = dict(b["images"])
    case = Case(seed, b"", {})
    junk: list[bytes] = []
    for _ in range(rnd.choice([1, 1, 2, 3])):
        kind = rnd.choice(["xml", "template", "template", "image"])
        if kind == "xml":
            case.mutations.append("xml:" + _mutate_tree(rnd, root, junk))
        elif kind == "template":
            name = rnd.choice(TEMPLATES)
            templates[name], what = _mutate_template(rnd, templates[name], name)
            case.mutations.append(f"template:{name}:{what}")
        else:
            name = rnd.choice(sorted(images))
            images[name], what = _mutate_image(rnd, images[name], b["images"][name])
            case.mutations.append(f"image:{name}:{what}")
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    for j in junk:
        at = rnd.randint(0, len(data))
        data = data[:at] + j + data[at:]
    case.xml = data
    case.files = {**{k: v.encode("utf-8") if isinstance(v, str) else v for k, v in templates.items()}, **images}
    return case


# -- the XML ------------------------------------------------------------------------------------

def _mutate_tree(rnd: random.Random, root, junk: list[bytes]) -> str:
    elements = [e for e in root.iter() if e is not root]
    kind = rnd.choice(["delete", "duplicate", "swap", "attribute", "attribute", "text", "junk"])
    if kind == "junk" or not elements:
        junk.append(rnd.choice(XML_JUNK))
        return "junk"
    target = rnd.choice(elements)
    parent = target.getparent()
    if kind == "delete":
        parent.remove(target)
    elif kind == "duplicate":
        parent.insert(parent.index(target) + 1, copy.deepcopy(target))
    elif kind == "swap" and len(parent) > 1:
        other = rnd.choice(list(parent))
        i, j = parent.index(target), parent.index(other)
        parent[i], parent[j] = copy.deepcopy(other), copy.deepcopy(target)
    elif kind == "attribute":
        target.set(rnd.choice(XML_ATTRIBUTES), rnd.choice(XML_VALUES))
    elif kind == "text":
        target.text = rnd.choice(["", "　", "文字" * rnd.randint(1, 400), "Latin words here", "“”",
                                  "\ue000", "𠀀", "e\u0301", "a\ufe0fb"])
    return kind


# -- the templates --------------------------------------------------------------------------------

_ASSIGN = re.compile(r"^(\s*)([A-Za-z0-9_.\"-]+)(\s*=\s*)(.*)$")
_HEADER = re.compile(r"^(\s*\[+)([^\]]+)(\]+.*)$")


def _mutate_template(rnd: random.Random, text: str, name: str) -> tuple[str, str]:
    lines = text.split("\n")
    assigns = [k for k, line in enumerate(lines) if _ASSIGN.match(line) and not line.lstrip().startswith("#")]
    headers = [k for k, line in enumerate(lines) if _HEADER.match(line)]
    kind = rnd.choice(["value", "value", "value", "typo", "header", "delete", "duplicate", "extends", "junk"])
    if kind == "value":
        k = rnd.choice(assigns)
        indent, key, eq, _ = _ASSIGN.match(lines[k]).groups()
        lines[k] = f"{indent}{key}{eq}{rnd.choice(TOML_VALUES)}"
        return "\n".join(lines), f"value {key}"
    if kind == "typo":
        k = rnd.choice(assigns)
        indent, key, eq, value = _ASSIGN.match(lines[k]).groups()
        lines[k] = f"{indent}{_typo(rnd, key)}{eq}{value}"
        return "\n".join(lines), f"typo {key}"
    if kind == "header":
        k = rnd.choice(headers)
        start, table, end = _HEADER.match(lines[k]).groups()
        lines[k] = f"{start}{_typo(rnd, table)}{end}"
        return "\n".join(lines), f"header {table}"
    if kind in ("delete", "duplicate"):
        k = rnd.randrange(len(lines))
        lines[k:k + 1] = [] if kind == "delete" else [lines[k], lines[k]]
        return "\n".join(lines), kind
    if kind == "extends":
        value = rnd.choice(TOML_EXTENDS + [f'"./{name}"'])
        lines = [line for line in lines if not line.startswith("extends")]
        return f"extends = {value}\n" + "\n".join(lines), f"extends {value}"
    at = rnd.randrange(len(lines))
    lines.insert(at, rnd.choice(TOML_JUNK))
    return "\n".join(lines), "junk"


def _typo(rnd: random.Random, word: str) -> str:
    """A one-letter slip: a letter dropped, doubled or swapped with the next."""
    if len(word) < 2:
        return word + "x"
    k = rnd.randrange(len(word) - 1)
    return rnd.choice([word[:k] + word[k + 1:], word[:k] + word[k] + word[k:],
                       word[:k] + word[k + 1] + word[k] + word[k + 2:]])


# -- the photos ---------------------------------------------------------------------------------------

def _mutate_image(rnd: random.Random, data, original: bytes) -> tuple[object, str]:
    """A mutation of `data` (the photo as mutated so far); images made anew start from `original`."""
    data = data if isinstance(data, bytes) and data else original
    kind = rnd.choice(["truncate", "flip", "empty", "text", "huge-jpeg", "huge-png", "png-alpha",
                       "palette", "grey16", "cmyk", "sliver", "tiny", "rotated", "folder", "symlink"])
    if kind == "truncate":
        return data[:rnd.randint(0, len(data) - 1)], kind
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rnd.randint(1, 20)):
            out[rnd.randrange(len(out))] = rnd.randrange(256)
        return bytes(out), kind
    if kind == "empty":
        return b"", kind
    if kind == "text":
        return "这不是图片\n".encode("utf-8"), kind
    if kind == "huge-jpeg":
        out = bytearray(data)
        sof = out.find(b"\xff\xc0")
        if sof >= 0:
            out[sof + 5:sof + 9] = struct.pack(">HH", 30000, 30000)
        return bytes(out), kind
    if kind == "huge-png":
        return _png_claiming(30000, 30000), kind
    if kind == "folder":
        return DIR, kind
    if kind == "symlink":
        return LINK_OUT, kind
    with Image.open(io.BytesIO(original)) as im:
        im = im.convert("RGB")
        return _encode(rnd, im, kind), kind


def _encode(rnd: random.Random, im: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "png-alpha":
        im.convert("RGBA").save(out, "PNG")
    elif kind == "palette":
        im.convert("P").save(out, "GIF")
    elif kind == "grey16":
        im.convert("I;16").save(out, "PNG")
    elif kind == "cmyk":
        im.convert("CMYK").save(out, "JPEG")
    elif kind == "sliver":
        im.resize(rnd.choice([(2000, 2), (2, 2000)])).save(out, "PNG")
    elif kind == "tiny":
        im.resize((1, 1)).save(out, "JPEG")
    else:                                            # rotated: EXIF orientation 6 (90°)
        exif = Image.Exif()
        exif[0x0112] = 6
        im.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height (its data is one tiny row)."""
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 4))
            + chunk(b"IEND", b""))


# -- running a case ---------------------------------------------------------------------------------------

def write_case(case: Case, folder: str) -> str:
    """The case's files in an empty `folder`; the issue's path."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "images"))
    for rel, content in case.files.items():
        path = os.path.join(folder, rel)
        if content == DIR:
            os.makedirs(path)
        elif content == LINK_OUT:
            os.symlink("/etc/passwd", path)
        else:
            with open(path, "wb") as f:
                f.write(content)
    issue = os.path.join(folder, "issue.xml")
    with open(issue, "wb") as f:
        f.write(case.xml)
    return issue


_LOCATED = re.compile(r"^\S[^\n]*?:(\d+:)*\s")


def run_case(case: Case, folder: str) -> Outcome:
    """Build the case with `paiban build --strict` (in process) and check the oracle."""
    from typeset import pipeline
    from typeset.cli import main
    issue = write_case(case, folder)
    out = os.path.join(folder, "issue.pdf")
    with open(out, "wb") as f:
        f.write(PREVIOUS)
    results: list = []
    build = pipeline.build_issue

    def spy(*args, **kwargs):
        results.append(build(*args, **kwargs))
        return results[-1]

    err_buf, out_buf = io.StringIO(), io.StringIO()
    pipeline.build_issue = spy
    try:
        with contextlib.redirect_stderr(err_buf), contextlib.redirect_stdout(out_buf):
            code = main(["build", issue, "-o", out, "--variant", "none", "--no-preflight", "--strict",
                         "--lang", "en"])
    finally:
        pipeline.build_issue = build
    err = err_buf.getvalue()
    return Outcome(code, err, _problems(code, err, folder, out, results[-1] if results else None))


def _problems(code: int, err: str, folder: str, out: str, result) -> list[str]:
    problems = []
    if code not in (0, 2, 3):
        problems.append(f"exit {code}")
    if "Traceback" in err:
        problems.append("traceback")
    for line in err.splitlines():
        if not _LOCATED.match(line):
            problems.append(f"stray output: {line[:120]!r}")
            break
    with open(out, "rb") as f:
        written = f.read()
    if code == 2:
        first = err.splitlines()[0] if err.strip() else ""
        if not (first.startswith(folder) or first.startswith(SHIPPED)) or "<input>" in first:
            problems.append(f"refusal not located in the case: {first[:160]!r}")
        if written != PREVIOUS:
            problems.append("a refused build changed the previous output")
        if any(n.startswith(".paiban-") for n in os.listdir(folder)):
            problems.append("a temporary file was left")
    elif code in (0, 3) and result is not None:
        problems += _nothing_lost(result, out, written, code)
    return problems


def _nothing_lost(result, out: str, written: bytes, code: int) -> list[str]:
    from typeset.verify import check_nothing_lost
    problems = []
    if written == PREVIOUS or not written.startswith(b"%PDF"):
        problems.append("exit 0 or 3 without a new PDF")
        return problems
    report = check_nothing_lost(result, out)
    if not report.ok:
        problems.append(f"silent loss: {report.missing[:3]}")
    unfilled = result.overset + result.underset          # what --strict answers with 3
    if (code == 3) != bool(unfilled):
        problems.append(f"exit {code} with {len(result.overset)} overset and {len(result.underset)} underset blocks")
    return problems


def fresh_cache(folder: str) -> Optional[str]:
    """Point the image cache at `folder` (mutated photos stay out of the user's cache)."""
    previous = os.environ.get("TYPESET_CACHE_DIR")
    os.environ["TYPESET_CACHE_DIR"] = folder
    return previous
