"""XMP packet for a finished newspaper PDF: PdfMeta + variant + IDs → XMP bytes.

Properties follow print-ready.md §2 #3 (X-4: pdfxid:GTS_PDFXVersion,
xmpMM:DocumentID/VersionID/RenditionClass, dates, pdf:Trapped) and §3 (PDF/A:
pdfaid part/conformance, Info ↔ XMP consistent, extension schemas for
pdfxid and pdf:Trapped).
Paper, date and page count use predefined schemas (dc:publisher, dc:date,
xmpTPg:NPages) so PDF/A needs no further extension schema.
"""
from __future__ import annotations


def escape(text: str) -> str:
    """XML character data: & < > escaped (what xml.sax.saxutils.escape does,
    without importing it — that module pulls in urllib, http and ssl, ≈ 13 ms
    on every PDF/X build)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"   # the fixed id every XMP packet carries

NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "xmpTPg": "http://ns.adobe.com/xap/1.0/t/pg/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}

# PDF/A extension schemas (ISO 19005-2 §6.6.2.3.2) for the properties the
# packet uses beyond the schemas PDF/A predefines: pdfxid:GTS_PDFXVersion
# (PDF/X), and pdf:Trapped, which PDF/A-1's list of the Adobe PDF schema
# (XMP 2004: Keywords, PDFVersion, Producer) does not hold — Apache PDFBox's
# preflight says "No type defined for pdf:Trapped" without it.
# (namespace, prefix, schema name, [(property, value type, category, description)])
EXTENSION_SCHEMAS = {
    "pdfxid": ("http://www.npes.org/pdfx/ns/id/", "PDF/X ID Schema",
               [("GTS_PDFXVersion", "Text", "internal", "ID of PDF/X standard")]),
    "pdf": ("http://ns.adobe.com/pdf/1.3/", "Adobe PDF Schema",
            [("Trapped", "Text", "internal", "Whether the document has been trapped: True, False or Unknown")]),
}


def _extension(prefixes: list[str]) -> str:
    """The pdfaExtension:schemas description declaring the schemas of `prefixes`."""
    schemas = []
    for prefix in prefixes:
        uri, name, props = EXTENSION_SCHEMAS[prefix]
        items = "".join(
            '     <rdf:li rdf:parseType="Resource">\n'
            f"      <pdfaProperty:name>{prop}</pdfaProperty:name>\n"
            f"      <pdfaProperty:valueType>{kind}</pdfaProperty:valueType>\n"
            f"      <pdfaProperty:category>{category}</pdfaProperty:category>\n"
            f"      <pdfaProperty:description>{escape(text)}</pdfaProperty:description>\n"
            "     </rdf:li>\n" for prop, kind, category, text in props)
        schemas.append(
            '    <rdf:li rdf:parseType="Resource">\n'
            f"     <pdfaSchema:schema>{name}</pdfaSchema:schema>\n"
            f"     <pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>\n"
            f"     <pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>\n"
            f"     <pdfaSchema:property><rdf:Seq>\n{items}     </rdf:Seq></pdfaSchema:property>\n"
            "    </rdf:li>\n")
    return ('  <rdf:Description rdf:about=""\n'
            '    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"\n'
            '    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"\n'
            '    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
            f"   <pdfaExtension:schemas><rdf:Bag>\n{''.join(schemas)}   </rdf:Bag></pdfaExtension:schemas>\n"
            "  </rdf:Description>\n")


def _simple(name: str, value) -> str:
    return f"   <{name}>{escape(str(value))}</{name}>\n"


def _container(name: str, kind: str, value: str, lang: bool = False) -> str:
    attr = ' xml:lang="x-default"' if lang else ""
    return (f"   <{name}><rdf:{kind}><rdf:li{attr}>{escape(value)}</rdf:li>"
            f"</rdf:{kind}></{name}>\n")


def build_xmp(*, title: str, author: str, subject: str, date_iso: str, xmp_date: str,
              lang: str, identifier: str, pages: int, creator_tool: str, producer: str,
              document_id: str, instance_id: str, pdfx_version: str = "",
              pdfa: tuple[int, str] | None = None) -> bytes:
    """The packet as UTF-8; every value is given, nothing read from the clock."""
    used = ["dc", "xmp", "pdf", "xmpMM", "xmpTPg"] + (["pdfxid"] if pdfx_version else []) + (
        ["pdfaid"] if pdfa else [])
    xmlns = "".join(f'\n    xmlns:{p}="{NS[p]}"' for p in used)
    body = (_simple("dc:format", "application/pdf")
            + _container("dc:title", "Alt", title, lang=True)
            + _container("dc:creator", "Seq", author)
            + _container("dc:description", "Alt", subject, lang=True)
            + _container("dc:publisher", "Bag", author)
            + _container("dc:date", "Seq", date_iso)
            + _container("dc:language", "Bag", lang)
            + _simple("dc:identifier", identifier)
            + _simple("xmp:CreateDate", xmp_date) + _simple("xmp:ModifyDate", xmp_date)
            + _simple("xmp:MetadataDate", xmp_date) + _simple("xmp:CreatorTool", creator_tool)
            + _simple("pdf:Producer", producer) + _simple("pdf:Trapped", "False")
            + _simple("xmpMM:DocumentID", document_id) + _simple("xmpMM:InstanceID", instance_id)
            + _simple("xmpMM:VersionID", "1") + _simple("xmpMM:RenditionClass", "default")
            + _simple("xmpTPg:NPages", pages))
    if pdfx_version:
        body += _simple("pdfxid:GTS_PDFXVersion", pdfx_version)
    if pdfa:
        body += _simple("pdfaid:part", pdfa[0]) + _simple("pdfaid:conformance", pdfa[1])
    extension = _extension((["pdfxid"] if pdfx_version else []) + ["pdf"]) if pdfa else ""
    packet = (f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n'
              '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
              ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
              f'  <rdf:Description rdf:about=""{xmlns}>\n{body}  </rdf:Description>\n'
              f'{extension} </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>')
    return packet.encode("utf-8")
