"""A reader that follows a PDF's tags, independent of typeset: pikepdf walks
StructTreeRoot → structure elements → MCIDs, pdfminer reads the text drawn
inside each marked-content sequence (through the fonts' ToUnicode, as any
extractor does).  Text outside every MCID is kept apart, as artifact text
or unmarked text."""
from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage


@dataclass
class Element:
    """A structure element: its type, attributes, its kids' (page, MCID)s and child elements."""
    type: str
    mcids: list = field(default_factory=list)
    kids: list = field(default_factory=list)
    alt: str = ""
    lang: str = ""
    text: str = ""
    colspan: int = 1            # a table cell's /A /ColSpan

    def walk(self):
        """This element and every element under it, in tree order."""
        yield self
        for kid in self.kids:
            yield from kid.walk()


class _ByMcid(PDFDevice):
    """pdfminer device collecting the text of each (page, MCID), and the
    text drawn inside /Artifact and outside any marked content."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.stack: list = []
        self.text: dict = {}
        self.artifact, self.unmarked = [], []
        self.page = -1

    def begin_page(self, page, ctm):
        self.page += 1

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        if tag.name == "Artifact":
            self.stack.append("artifact")
        elif mcid is not None:
            self.stack.append((self.page, mcid))
        else:                                   # a Span with ActualText: inside its parent's sequence
            self.stack.append(self.stack[-1] if self.stack else None)

    def end_tag(self):
        self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate):
        font, out = textstate.font, []
        for obj in seq:
            if isinstance(obj, bytes):
                for cid in font.decode(obj):
                    try:
                        out.append(font.to_unichr(cid))
                    except PDFUnicodeNotDefined:
                        pass
        where = self.stack[-1] if self.stack else None
        if where == "artifact":
            self.artifact.append("".join(out))
        elif where is None:
            self.unmarked.append("".join(out))
        else:
            self.text[where] = self.text.get(where, "") + "".join(out)


def read_marked(path: str) -> _ByMcid:
    rsrc = PDFResourceManager()
    device = _ByMcid(rsrc)
    interpreter = PDFPageInterpreter(rsrc, device)
    with open(path, "rb") as f:
        for page in PDFPage.get_pages(f):
            interpreter.process_page(page)
    return device


def structure(path: str) -> Element:
    """The structure tree of `path` (its root's kid, the Document), each
    element's text read from its MCIDs."""
    marked = read_marked(path)
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: k for k, page in enumerate(pdf.pages)}
        return _element(pdf.Root.StructTreeRoot.K, None, pages, marked.text)


def _element(node, page, pages: dict, text: dict) -> Element:
    here = pages[node.Pg.objgen] if "/Pg" in node else page
    e = Element(str(node.S)[1:], alt=str(node.get("/Alt", "")), lang=str(node.get("/Lang", "")))
    attributes = node.get("/A")
    if isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
        e.colspan = int(attributes.get("/ColSpan", 1))
    kids = node.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            e.mcids.append((here, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            e.mcids.append((pages[kid.Pg.objgen], int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary):
            e.kids.append(_element(kid, here, pages, text))
    e.text = "".join(text.get(m, "") for m in e.mcids)
    return e
