"""Finish ReportLab's PDF for print or archive: PDF bytes + PdfMeta → PDF/X-1a, PDF/X-4 or PDF/X-4 + PDF/A-2a bytes.

ReportLab writes the pages; what it cannot write (OutputIntent, GTS
identification, XMP, header version, the structure tree of a tagged PDF) is
added here with pikepdf (print-ready.md §4).  Output is byte-identical for identical input: dates come
from the issue date, IDs from a hash of the input (§2 #6, issue 6 "Deterministic").
"""
from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pikepdf

from .. import __version__
from ..errors import TypesetError
from . import checks_content
from ..photos.icc import OutputProfile, load_output_profile
from .report import PreflightReport
from .tags import Structure, add_structure
from .walk import walk
from .xmpwrite import build_xmp

VARIANTS = ("x1a", "x4", "archive")
# variant → (Info GTS_PDFXVersion, GTS_PDFXConformance, header version); §2 #1-2
IDENTIFICATION = {
    "x1a": ("PDF/X-1:2001", "PDF/X-1a:2001", "1.3"),
    "x4": ("PDF/X-4", None, "1.6"),
    "archive": ("PDF/X-4", None, "1.6"),
}
# X-1a names the registered newsprint characterisation instead of embedding it (§1, §2 #7)
IFRA26 = {"condition": "Newspaper coldset, ISO 12647-3 (IFRA26)", "identifier": "IFRA26",
          "info": "ISO 12647-3:2013 coldset offset on newsprint, WAN-IFRA characterisation IFRA26"}
REGISTRY = "http://www.color.org"
CREATOR_TOOL = f"typeset {__version__} (paiban)"
PRODUCER = f"typeset {__version__} with ReportLab and pikepdf"
# PDF/A-2a (accessible: tagged, Unicode text) when the file has its structure
# tree; without one (finish_pdf called on an untagged drawing) PDF/A-2b
PDFA_PART = (2, "A")
PDFA_PART_UNTAGGED = (2, "B")


@dataclass(frozen=True)
class PdfMeta:
    title: str
    paper: str
    date: str            # ISO date of the issue, YYYY-MM-DD
    issue_no: str | int
    pages: int
    lang: str = "zh-CN"

    def dates(self) -> tuple[str, str]:
        """(PDF date string, XMP date) at midnight UTC of the issue date: no wall clock."""
        try:
            d = date.fromisoformat(self.date)
        except ValueError as err:
            raise TypesetError(f"issue date {self.date!r} is not an ISO date (YYYY-MM-DD)") from err
        return d.strftime("D:%Y%m%d000000+00'00'"), d.strftime("%Y-%m-%dT00:00:00+00:00")

    @property
    def subject(self) -> str:
        return f"{self.paper} {self.date} 第{self.issue_no}期, {self.pages} pages"

    @property
    def identifier(self) -> str:
        return f"{self.paper}:{self.date}:{self.issue_no}"


def finish_pdf(pdf_bytes: bytes, meta: PdfMeta, variant: str = "x1a", input_digest: bytes = b"",
               structure: Structure | None = None) -> bytes:
    """Make ReportLab's PDF a PDF/X-1a:2001 ("x1a"), PDF/X-4 ("x4") or PDF/X-4 + PDF/A-2a ("archive").

    `input_digest` (typeset/inputs.py: the digest of what the build read) is
    what the IDs are made from; without it, a hash of `pdf_bytes`.
    `structure` (the marked content of draw_tagged_pdf) makes it a tagged
    PDF (print/tags.py); an archive without it is PDF/A-2b."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    digest = hashlib.sha256((input_digest or pdf_bytes) + repr((meta, variant)).encode()).digest()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        drop_opaque_alpha(pdf)
        if structure is not None:
            add_structure(pdf, structure, IDENTIFICATION[variant][2])
        if variant == "x1a":
            refuse_transparency(pdf)
        profile = None if variant == "x1a" else load_output_profile()
        set_info(pdf, meta, variant)
        set_output_intents(pdf, variant, profile)
        set_xmp(pdf, meta, variant, digest, tagged=structure is not None)
        set_id(pdf, digest)
        return _save(pdf, IDENTIFICATION[variant][2])


def _save(pdf: pikepdf.Pdf, version: str) -> bytes:
    out = io.BytesIO()
    # no object streams: PDF 1.3 has none (X-1a:2001) and PDF/A-1 readers forbid them
    pdf.save(out, force_version=version, deterministic_id=True, qdf=False,
             compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
             normalize_content=False, linearize=False, fix_metadata_version=False)
    return out.getvalue()


def _extgstates(resources, seen: set, depth: int = 0):
    """Every ExtGState dict reachable from resources, through Forms and patterns."""
    if resources is None or depth > 12:
        return
    for egs in (resources.get("/ExtGState") or {}).values():
        yield egs
    for group in ("/XObject", "/Pattern"):
        for obj in (resources.get(group) or {}).values():
            key = obj.objgen if obj.is_indirect else id(obj)
            if key not in seen and "/Resources" in obj:
                seen.add(key)
                yield from _extgstates(obj.Resources, seen, depth + 1)


def drop_opaque_alpha(pdf: pikepdf.Pdf) -> None:
    """Remove ReportLab's /CA 1 and /ca 1 (the defaults): they are not transparency (§4 gotcha a)."""
    seen: set = set()
    for page in pdf.pages:
        for egs in _extgstates(page.obj.get("/Resources"), seen):
            for key in ("/CA", "/ca"):
                if key in egs and float(egs[key]) == 1.0:
                    del egs[key]


def refuse_transparency(pdf: pikepdf.Pdf) -> None:
    """X-1a forbids transparency (§2 #10); say where it is rather than flatten it.

    Every kind of transparency the walk can find is written in an object
    (an ExtGState's ca/CA/BM/SMask, an image's SMask, a /Transparency
    group); when no object has one, the content streams are not walked
    (≈ 70 ms of the sample's finishing)."""
    if not transparency_possible(pdf):
        return
    report = PreflightReport(path="<finish>", variant="x1a")
    checks_content.check_transparency(list(walk(pdf)), "x1a", report)
    for number, page in enumerate(pdf.pages, start=1):
        group: Any = page.obj.get("/Group", {})
        if str(group.get("/S", "")) == "/Transparency":
            report.add("colour.transparency", "fail", "page transparency group", number)
    fails = [c for c in report.checks if c.status == "fail"]
    if fails:
        where = "; ".join(f"page {c.page}: {c.message}" for c in fails[:5])
        raise TypesetError(f"cannot write PDF/X-1a, the pages use transparency: {where}")


def transparency_possible(pdf: pikepdf.Pdf) -> bool:
    """Whether any object of `pdf` holds what makes transparency: alpha below
    1, a blend mode other than Normal/Compatible, a soft mask, a
    transparency group.  Objects are read, content streams are not."""
    return any(_transparent(obj, 0) for obj in pdf.objects)


_BLEND_NORMAL = ("/Normal", "/Compatible")


def _transparent(obj, depth: int) -> bool:
    if depth > 32:
        return True                           # too deep to tell: let the walk decide
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Array):
        return any(_transparent(v, depth + 1) for v in obj if _direct_container(v))
    if not isinstance(obj, pikepdf.Dictionary):
        return False
    for key, value in obj.items():
        if key in ("/ca", "/CA") and _below_one(value):
            return True
        if key == "/BM" and str(value[0] if isinstance(value, pikepdf.Array) and len(value) else value) \
                not in _BLEND_NORMAL:
            return True
        if key in ("/SMask", "/SMaskInData") and str(value) not in ("/None", "0"):
            return True
        if key == "/S" and str(value) == "/Transparency":
            return True
        if _direct_container(value) and _transparent(value, depth + 1):
            return True
    return False


def _direct_container(value) -> bool:
    """A dictionary or array written inside its parent (an indirect one is
    one of pdf.objects, looked at on its own)."""
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect


def _below_one(value) -> bool:
    try:
        return float(value) < 1
    except (TypeError, ValueError):
        return True                           # not a number: let the walk decide


def set_info(pdf: pikepdf.Pdf, meta: PdfMeta, variant: str) -> None:
    pdf_date, _ = meta.dates()
    version, conformance, _ = IDENTIFICATION[variant]
    info = pikepdf.Dictionary(
        Title=pikepdf.String(meta.title), Author=pikepdf.String(meta.paper),
        Subject=pikepdf.String(meta.subject), Creator=pikepdf.String(CREATOR_TOOL),
        Producer=pikepdf.String(PRODUCER), CreationDate=pikepdf.String(pdf_date),
        ModDate=pikepdf.String(pdf_date), Trapped=pikepdf.Name("/False"),
        GTS_PDFXVersion=pikepdf.String(version))
    if conformance:
        info.GTS_PDFXConformance = pikepdf.String(conformance)
    pdf.trailer.Info = pdf.make_indirect(info)


def _intent(pdf: pikepdf.Pdf, subtype: str, profile: OutputProfile | None, stream=None):
    if profile is None:
        return pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name(subtype),
            OutputCondition=pikepdf.String(IFRA26["condition"]),
            OutputConditionIdentifier=pikepdf.String(IFRA26["identifier"]),
            RegistryName=pikepdf.String(REGISTRY), Info=pikepdf.String(IFRA26["info"]))
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name(subtype),
        OutputCondition=pikepdf.String(profile.description),
        OutputConditionIdentifier=pikepdf.String(profile.condition),
        Info=pikepdf.String(profile.description), DestOutputProfile=stream)
    if profile.registered:
        intent.RegistryName = pikepdf.String(REGISTRY)
    return intent


def set_output_intents(pdf: pikepdf.Pdf, variant: str, profile: OutputProfile | None) -> None:
    """One GTS_PDFX intent; the archive adds GTS_PDFA1 sharing the same profile object (§3)."""
    stream = None
    if profile is not None:
        stream = pdf.make_stream(profile.data, N=4)
    intents = [_intent(pdf, "/GTS_PDFX", profile, stream)]
    if variant == "archive":
        intents.append(_intent(pdf, "/GTS_PDFA1", profile, stream))
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(i) for i in intents])


def set_id(pdf: pikepdf.Pdf, digest: bytes) -> None:
    """ID[0] from the input's hash: ReportLab's invariant ID is the same for every file (§2 #6);
    qpdf's deterministic_id then derives ID[1] from the written content."""
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(digest[:16]), pikepdf.String(digest[:16])])


def _uuid(digest: bytes, salt: str) -> str:
    return "uuid:" + str(uuid.UUID(bytes=hashlib.sha256(digest + salt.encode()).digest()[:16], version=4))


def set_xmp(pdf: pikepdf.Pdf, meta: PdfMeta, variant: str, digest: bytes, tagged: bool = False) -> None:
    _, xmp_date = meta.dates()
    version = IDENTIFICATION[variant][0]
    packet = build_xmp(
        title=meta.title, author=meta.paper, subject=meta.subject, date_iso=meta.date,
        xmp_date=xmp_date, lang=meta.lang, identifier=meta.identifier, pages=meta.pages,
        creator_tool=CREATOR_TOOL, producer=PRODUCER, document_id=_uuid(digest, "document"),
        instance_id=_uuid(digest, "instance"),
        pdfx_version=version if variant != "x1a" else "",
        pdfa=(PDFA_PART if tagged else PDFA_PART_UNTAGGED) if variant == "archive" else None)
    stream = pdf.make_stream(packet)
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = stream
