"""`saraban verify`: each signature of a PDF: intact or not, who signed, when, at which PAdES level.

Intact means the signed bytes are unchanged and the signature matches them and the signer's
certificate (pyHanko). Trusted is told only against roots given with ``--trust``: a signer's
certificate chain is the office's or the government CA's business, not saraban's. The level:
B-B a signature; B-T with a signature time-stamp; B-LT with validation information (a DSS)
as well; B-LTA with a document time-stamp after it.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SignatureReport:
    field: str
    intact: bool
    trusted: bool | None          # None: no trust roots were given
    signer: str
    time: dt.datetime | None      # the time-stamp's time, else the time the signer's machine gave
    timestamped: bool
    level: str
    coverage: str                 # what the signature covers: the whole file, or a revision of it
    problem: str = ""


def verify(pdf: Path, trust: list[Path] | None = None) -> list[SignatureReport]:
    """Every signature of ``pdf`` (not the document time-stamps: they make a signature B-LTA)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)   # an untrusted chain is reported, not logged
    roots = [load_cert_from_pemder(str(p)) for p in trust or []]
    reports = []
    with pdf.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        document_stamps = reader.embedded_timestamp_signatures
        has_dss = "/DSS" in reader.root
        for embedded in reader.embedded_regular_signatures:
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            status = validate_pdf_signature(embedded, context, ts_validation_context=context)
            stamp = status.timestamp_validity
            later_stamp = any(s.signed_revision > embedded.signed_revision for s in document_stamps)
            level = "B-B"
            if stamp is not None:
                level = "B-LTA" if has_dss and later_stamp else "B-LT" if has_dss else "B-T"
            reports.append(SignatureReport(
                field=embedded.field_name,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted) if roots else None,
                signer=status.signing_cert.subject.native.get("common_name") or status.signing_cert.subject.human_friendly,
                time=stamp.timestamp if stamp is not None else status.signer_reported_dt,
                timestamped=stamp is not None,
                level=level,
                coverage=_coverage(status),
                problem="" if status.intact else "the signed bytes were changed"))
    return reports


def _coverage(status) -> str:
    name = getattr(status.coverage, "name", str(status.coverage))
    if name == "ENTIRE_FILE":
        return "the whole file"
    modification = getattr(status.modification_level, "name", "")
    later = {"NONE": "", "LTA_UPDATES": " (then validation information and time-stamps)",
             "FORM_FILLING": " (then form filling: further signatures)"}.get(modification, " (then other changes)")
    return f"its revision{later}"
