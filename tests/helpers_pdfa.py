"""PDF/A validation for the tests, with pikepdf's allowlist checker (``pip install 'pikepdf[pdfa]'``).

The checker approves only what it knows to conform, and it knows neither interactive forms nor
embedded files: a file with an AcroForm (our empty signature field, or a signature) or an embedded
source is ``not_checked``, with the findings "/AcroForm is not supported" and "embedded files are
not supported". So such a file is checked twice: whole (no violation, and no unsupported construct
but those), and with the form and the embedded files taken out (approved). Those two are held to
PDF/A's own rules here: forms and annotations (ISO 19005-2, 6.3.2, 6.3.3, 6.4.1) and associated
files (ISO 19005-3, 6.8: /AF from the catalog, /AFRelationship, /F and /UF, a MIME /Subtype,
a /ModDate).
"""
from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import pikepdf
import pytest

pdfa = pytest.importorskip("pikepdf.pdfa", reason="pip install 'pikepdf[pdfa]' (the test extra has it)")

# The findings of what the checker does not know (see above), checked here instead; and the ESIC
# developer extension pyHanko declares for PAdES in a PDF 1.7 file (ISO 32000-1, 7.12: extensions
# are part of the PDF that PDF/A-2 builds on; the checker knows only Adobe's).
NOT_KNOWN = ("/AcroForm", "embedded-file")
ESIC = "/ESIC: developer extensions other than Adobe's"
# B-LTA's Document Security Store (PAdES, ISO 32000-2's /DSS): a catalog key the checker does not know.
DSS = "unrecognized key(s) /DSS are not checked"
ACCEPTED = (ESIC, DSS)
# Annotation flags PDF/A forbids (Hidden, NoView, ToggleNoView) and asks for (Print).
HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 2, 4, 32, 256


def _validate(file, flavour: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # fontTools on LibreOffice's font head dates
        logging.disable(logging.WARNING)
        try:
            return pdfa.validate_written(file, flavour)
        finally:
            logging.disable(logging.NOTSET)


def _form_rules(doc: pikepdf.Pdf) -> list[str]:
    problems = []
    form = doc.Root.AcroForm
    if form.get("/NeedAppearances", False):
        problems.append("AcroForm /NeedAppearances true")
    for page in doc.pages:
        for annot in page.obj.get("/Annots", []):
            flags = int(annot.get("/F", 0))
            if not flags & PRINT or flags & (HIDDEN | NO_VIEW | TOGGLE_NO_VIEW):
                problems.append(f"annotation {annot.get('/T')} flags {flags}")
            if annot.get("/Subtype") == "/Widget":
                if "/A" in annot or "/AA" in annot:
                    problems.append(f"widget {annot.get('/T')} has an action")
                appearance = annot.get("/AP")
                left, bottom, right, top = (float(v) for v in annot.Rect)
                if left == right and bottom == top:
                    continue        # an invisible field (B-LTA's document time-stamp): no appearance needed
                if appearance is None or set(appearance.keys()) != {"/N"}:
                    problems.append(f"widget {annot.get('/T')} appearance {appearance}")
    return problems


def _associated_file_rules(doc: pikepdf.Pdf) -> list[str]:
    problems = []
    associated = {spec.objgen for spec in doc.Root.get("/AF", [])}
    for name, attached in doc.attachments.items():
        spec = attached.obj
        stream = spec.EF.F
        if spec.objgen not in associated:
            problems.append(f"{name}: not in the catalog's /AF")
        if "/AFRelationship" not in spec or "/UF" not in spec or "/F" not in spec:
            problems.append(f"{name}: /AFRelationship, /F or /UF missing")
        if "/Subtype" not in stream or "/ModDate" not in stream.get("/Params", {}):
            problems.append(f"{name}: no MIME /Subtype or /Params /ModDate")
    return problems


def pdfa_problems(pdf: Path, flavour: str = "2b") -> list[str]:
    """Why ``pdf`` is not PDF/A-``flavour``; [] when it is."""
    report = _validate(str(pdf), flavour)
    findings = [str(f) for f in report.findings if not any(a in str(f) for a in ACCEPTED)]
    with pikepdf.open(pdf) as doc:
        form, files = "/AcroForm" in doc.Root, len(doc.attachments) > 0
        if not form and not files:
            return findings
        problems = [f for f in findings if "violation" in f or not any(k in f for k in NOT_KNOWN)]
        if files:
            problems += _associated_file_rules(doc)
            for name in list(doc.attachments):
                del doc.attachments[name]
            if "/AF" in doc.Root:
                del doc.Root.AF
            if "/Names" in doc.Root and "/EmbeddedFiles" in doc.Root.Names:
                del doc.Root.Names.EmbeddedFiles
        if form:
            problems += _form_rules(doc)
            del doc.Root.AcroForm
            for page in doc.pages:
                if "/Annots" in page.obj:
                    page.obj.Annots = pikepdf.Array([a for a in page.obj.Annots if a.get("/Subtype") != "/Widget"])
        without = io.BytesIO()
        doc.save(without)
    without.seek(0)
    return problems + [f"without its form and files: {f}" for f in _validate(without, flavour).findings
                       if not any(a in str(f) for a in ACCEPTED)]


def claimed_part(pdf: Path) -> tuple[str, str] | None:
    """The PDF/A part and conformance its XMP claims."""
    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        part = meta.get("pdfaid:part")
        return (part, meta.get("pdfaid:conformance")) if part else None
