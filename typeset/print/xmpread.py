"""Read-only XMP access: a pikepdf.Pdf → {prefix:name: value} for the properties preflight needs.

pikepdf's open_metadata() rewrites Info and XMP on exit, which a checker must
never do, so the packet is parsed here with ElementTree.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pikepdf

NAMESPACES = {
    "http://www.npes.org/pdfx/ns/id/": "pdfxid",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/t/pg/": "xmpTPg",
}
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _short(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else ""


def read_xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    """Simple properties (attributes or elements of rdf:Description); the first item of arrays."""
    if "/Metadata" not in pdf.Root:
        return {}
    try:
        root = ET.fromstring(pdf.Root.Metadata.read_bytes())
    except ET.ParseError:
        return {"_error": "XMP packet is not well-formed XML"}
    values: dict[str, str] = {}
    for desc in root.iter(f"{RDF}Description"):
        for attr, value in desc.attrib.items():
            if _short(attr):
                values.setdefault(_short(attr), value)
        for child in desc:
            name = _short(child.tag)
            if name:
                text = child.text.strip() if child.text and child.text.strip() else ""
                item = next(child.iter(f"{RDF}li"), None)
                values.setdefault(name, text or (item.text or "" if item is not None else ""))
    return values
