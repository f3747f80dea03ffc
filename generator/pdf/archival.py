"""The archival form of a letter's PDF: PDF/A-2b by default, PDF/A-3b with its source embedded.

LibreOffice exports PDF/A-2b (fonts embedded, an sRGB output intent: generator/pdf/engines). The
finish stage then rewrites the document information, so the XMP metadata is written here afresh
from it, as PDF/A asks: the same title (เรื่อง), author (the office), subject, producer and dates,
and the language, Thai. ``pdf: {standard: none}`` in agency.yaml drops the claim (the file is
otherwise the same), and so does a PDF its engine did not export as PDF/A (Word's); ``pdf: {embed_source: true}`` embeds the letter's YAML as an associated file
(``AFRelationship=Source``, as ETDA's converter does), which PDF/A-3b allows and PDF/A-2b does not.
Everything here is derived from the letter, so the canonical form stays reproducible.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

# The document-information key that tells `saraban sign` the letter is not final (and why): a
# number still `auto` or blank, a date without its day. A draft gets no signature field either.
DRAFT_KEY = "/SarabanDraft"
SOURCE_MIME = "application/yaml"
LANGUAGE = "th"

# Document information → XMP, the pairs PDF/A requires to agree (ISO 19005-2, 6.6.2.3.1).
XMP_OF_INFO = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}


@dataclass(frozen=True)
class Archive:
    """What the finish stage makes of a letter's PDF besides its metadata."""

    standard: str = "pdf/a"          # agency.yaml pdf.standard: "pdf/a" or "none"
    source: Path | None = None       # the letter's YAML, to embed (PDF/A-3b)
    draft: str = ""                  # why the letter may not be signed yet; "" when it is final

    @property
    def part(self) -> int | None:
        """The PDF/A part claimed: 2, 3 with the source embedded, None when off."""
        if self.standard == "none":
            return None
        return 3 if self.source is not None else 2


def make_archival(doc: pikepdf.Pdf, archive: Archive) -> None:
    """Embed the source when asked, and write XMP agreeing with ``doc``'s document information."""
    if "/OpenAction" in doc.Root:
        del doc.Root.OpenAction        # LibreOffice's "open at page 1": an action PDF/A checkers refuse
    for intent in doc.Root.get("/OutputIntents", []):
        _fix_profile_date(doc, intent)
    # Only a file the engine made as PDF/A (LibreOffice; not Word through docx2pdf) is claimed as one.
    exported_as_pdfa = "/Metadata" in doc.Root and doc.open_metadata().get("pdfaid:part") is not None
    part = archive.part if exported_as_pdfa else None
    if archive.source is not None:
        embed_source(doc, archive.source, str(doc.docinfo.get("/ModDate", "")))
    write_xmp(doc, part)


# The ICC header's creation date (bytes 24–35: year, month, day, hour, minute, second): LibreOffice
# makes its sRGB profile afresh with the clock's time. A fixed one keeps the PDF reproducible.
ICC_DATE = slice(24, 36)
FIXED_ICC_DATE = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])       # 2000-01-01 00:00:00


def _fix_profile_date(doc: pikepdf.Pdf, intent: pikepdf.Dictionary) -> None:
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return
    data = bytearray(profile.read_bytes())
    if len(data) > ICC_DATE.stop and data[ICC_DATE] != FIXED_ICC_DATE:
        data[ICC_DATE] = FIXED_ICC_DATE
        # A new stream, compressed here, its keys in name order: as qpdf writes what it reads back,
        # so canonicalising the finished file again gives the same bytes.
        keys = {str(k): v for k, v in profile.stream_dict.items() if k not in ("/Length", "/Filter", "/DecodeParms")}
        keys["/Filter"] = Name.FlateDecode
        intent.DestOutputProfile = pikepdf.Stream(doc, zlib.compress(bytes(data), 9),
                                                  Dictionary({k: keys[k] for k in sorted(keys)}))


def write_xmp(doc: pikepdf.Pdf, part: int | None) -> None:
    """The XMP packet, from nothing: the document information, Thai, and the PDF/A claim."""
    if "/Metadata" in doc.Root:
        del doc.Root.Metadata
    info = doc.docinfo
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo({key: info[key] for key in XMP_OF_INFO if key in info}, raise_failure=True)
        meta["dc:language"] = [LANGUAGE]
        if part is not None:
            meta["pdfaid:part"] = str(part)
            meta["pdfaid:conformance"] = "B"


def embed_source(doc: pikepdf.Pdf, source: Path, stamp: str) -> None:
    """``source`` as the document's associated file, ``AFRelationship=Source`` (PDF/A-3)."""
    data = source.read_bytes()
    spec = pikepdf.AttachedFileSpec(doc, data, description="ต้นฉบับหนังสือ (YAML)", filename=source.name,
                                    mime_type=SOURCE_MIME)
    spec.obj.AFRelationship = Name.Source
    stream = spec.obj.EF.F
    stream.Params = Dictionary(Size=len(data), ModDate=pikepdf.String(stamp)) if stamp else Dictionary(Size=len(data))
    doc.attachments[source.name] = spec
    doc.Root.AF = pikepdf.Array([spec.obj])
