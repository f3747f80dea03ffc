"""`saraban sign`: a PAdES signature into a letter's signature field, with pyHanko.

PAdES (SubFilter ``ETSI.CAdES.detached``, SHA-256) as ETDA's electronic-document standard asks:
B-B by default, B-T with a time-stamp from an RFC 3161 server, B-LTA with validation information
and a document time-stamp (pyHanko fetches the certificates' revocation information). The
signature is an incremental update, so the letter's bytes, and its PDF/A form, stay as they were.

The visible appearance is drawn in the field the finish stage left over the signing space
(generator/pdf/signature_field.py): "ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์โดย", the name and position
printed in the letter (the field's description), the date and time. The text is shaped by HarfBuzz
(pyHanko's OpenType support, uharfbuzz) in a Thai font, so marks sit where they belong.

A draft is refused: the finish stage records why a letter is not final (its number still `auto`
or blank, its date without a day) in the PDF's document information, and gives it no field.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.errors import SetupError
from generator.pdf import fonts
from generator.pdf.archival import DRAFT_KEY
from generator.pdf.signature_field import FIELD_NAME
from generator.text import thai

THAI_TIME = ZoneInfo("Asia/Bangkok")
SIGNED_SUFFIX = ".signed.pdf"
HEADING = "ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์โดย"
FONT_SIZE = 12
LEADING = 17             # Thai marks above and below need more than the font's own line height
PIN_VARIABLE = "SARABAN_PKCS11_PIN"


class SignError(Exception):
    """This PDF cannot be signed (why, for the user)."""


@dataclass
class Credentials:
    """Where the signing key is: a PKCS#12 file, PEM/DER key and certificate files, or a token."""

    pkcs12: Path | None = None
    passphrase: bytes | None = None
    key: Path | None = None
    cert: Path | None = None
    chain: list[Path] = field(default_factory=list)
    pkcs11_lib: str | None = None
    token_label: str | None = None
    key_label: str | None = None


@dataclass
class SignOptions:
    timestamp_url: str | None = None
    lta: bool = False
    reason: str | None = None
    location: str | None = None
    field_name: str | None = None
    font: Path | None = None
    in_place: bool = False
    out: Path | None = None
    trust: list[Path] = field(default_factory=list)     # extra roots for B-LTA's validation information


def output_path(pdf: Path, options: SignOptions) -> Path:
    """``x.pdf`` → ``x.signed.pdf`` beside it (or ``--out``: a file ending in .pdf, else a folder);
    the input itself only with ``--in-place``."""
    if options.in_place:
        return pdf
    if options.out is not None:
        target = options.out if options.out.suffix.lower() == ".pdf" else options.out / pdf.name
    else:
        target = pdf.with_name(pdf.name.removesuffix(".pdf") + SIGNED_SUFFIX)
    if target.resolve() == pdf.resolve():
        raise SignError(f"{target} is the file being signed: give --out, or --in-place to sign it in place")
    return target


def load_signer(credentials: Credentials):
    """pyHanko's signer for ``credentials``."""
    from pyhanko.sign import signers

    if credentials.pkcs11_lib:
        return _pkcs11_signer(credentials)
    for path in [credentials.pkcs12, credentials.key, credentials.cert, *credentials.chain]:
        if path is not None and not path.is_file():
            raise SetupError(f"{path} does not exist")
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)     # a wrong passphrase is said once, below
    try:
        signer = _load_files(credentials, signers)
    except (OSError, ValueError, TypeError) as exc:
        raise SetupError(f"could not read the signing key and certificate ({exc})") from None
    if signer is None:
        raise SetupError("could not read the signing key and certificate (wrong file or passphrase?)")
    return signer


def _load_files(credentials: Credentials, signers):
    if credentials.pkcs12:
        signer = signers.SimpleSigner.load_pkcs12(str(credentials.pkcs12), passphrase=credentials.passphrase,
                                                  ca_chain_files=[str(c) for c in credentials.chain])
    elif credentials.key and credentials.cert:
        signer = signers.SimpleSigner.load(str(credentials.key), str(credentials.cert),
                                           ca_chain_files=[str(c) for c in credentials.chain],
                                           key_passphrase=credentials.passphrase)
    else:
        raise SetupError("give the signing key: --pkcs12 FILE, --key FILE --cert FILE, or --pkcs11-lib LIB")
    return signer


def _pkcs11_signer(credentials: Credentials):
    try:
        from pyhanko.sign import pkcs11
        session = pkcs11.open_pkcs11_session(credentials.pkcs11_lib, token_label=credentials.token_label,
                                             user_pin=os.environ.get(PIN_VARIABLE))
    except ImportError:
        raise SetupError("signing with a token needs python-pkcs11: pip install 'pyhanko[pkcs11]'") from None
    except Exception as exc:        # the token library's own errors, of many kinds
        raise SetupError(f"could not open the token through {credentials.pkcs11_lib}: {exc}") from None
    return pkcs11.PKCS11Signer(session, key_label=credentials.key_label, cert_label=credentials.key_label)


def stamp_font(chosen: Path | None = None) -> Path:
    """The appearance's font: ``chosen``, else TH Sarabun where fontconfig has it, else Laksaman
    (Debian's, which the build's substitute is made from: the substitute's trimmed advances
    are LibreOffice's business, and pyHanko spaces them wide)."""
    if chosen is not None:
        if not chosen.is_file():
            raise SetupError(f"font file {chosen} does not exist")
        return chosen
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", "TH SarabunPSK"],
                               capture_output=True, text=True).stdout.splitlines()
        if len(found) == 2 and any(family in found[0] for family in fonts.THAI_FAMILIES):
            return Path(found[1])
    try:
        return fonts.find_laksaman()["Regular"]
    except (fonts.FontError, KeyError) as exc:
        raise SetupError(f"no Thai font for the signature's appearance: {exc}; give --font FILE") from None


def appearance_text(signer_lines: list[str], signer_name: str, when: dt.datetime) -> str:
    """The appearance's lines: the heading, the name and the position's first line as the letter
    prints them (else the certificate's name), the date and time in Thai."""
    local = when.astimezone(THAI_TIME)
    lines = [HEADING, *(signer_lines[:2] or [f"({signer_name})"])]
    lines.append(f"วันที่ {thai.thai_date(local.date())} เวลา {thai.thai_time(local.hour, local.minute)}")
    return "\n".join(lines)


def certificate_name(signer) -> str:
    subject = signer.signing_cert.subject
    return subject.native.get("common_name") or subject.human_friendly


def name_mismatch(pdf: Path, signer, wanted: str | None = None) -> str:
    """A warning when the certificate's name is not the name printed under the field ("" if it is)."""
    try:
        _, lines = signing_state(pdf, wanted)
    except SignError:
        return ""
    printed, holder = (lines[0] if lines else "").strip("()"), certificate_name(signer)
    if printed and "".join(printed.split()) not in "".join(holder.split()):
        return f"the certificate is {holder}'s, the field is for {printed}"
    return ""


def signing_state(pdf: Path, wanted: str | None) -> tuple[str, list[str]]:
    """The empty signature field to sign (``wanted``, else the first of signature, signature-2 …)
    and the signer's lines it describes; refuses a draft and a PDF with no empty field."""
    import pikepdf

    try:
        doc = pikepdf.open(pdf)
    except (pikepdf.PdfError, OSError) as exc:
        raise SignError(f"not a readable PDF: {exc}") from None
    with doc:
        draft = doc.docinfo.get(DRAFT_KEY)
        if draft is not None:
            raise SignError(f"a draft cannot be signed ({draft}): issue its number with `saraban issue` "
                            "and give its full date, then build it again")
        empty = {str(f.get("/T")): str(f.get("/TU", "")) for f in doc.Root.get("/AcroForm", {}).get("/Fields", [])
                 if f.get("/FT") == "/Sig" and "/V" not in f}
    if wanted is not None:
        if wanted not in empty:
            raise SignError(f"no empty signature field named {wanted!r} (empty: {', '.join(sorted(empty)) or 'none'})")
        return wanted, empty[wanted].splitlines()
    names = sorted((n for n in empty if n == FIELD_NAME or n.startswith(FIELD_NAME + "-")),
                   key=lambda n: int(n.rpartition("-")[2]) if n != FIELD_NAME else 1)
    if not names:
        raise SignError("no empty signature field: every field is signed already, or the PDF was not "
                        "built by saraban (build it again)")
    return names[0], empty[names[0]].splitlines()


def sign(pdf: Path, signer, options: SignOptions, now: dt.datetime | None = None) -> Path:
    """Sign ``pdf`` into its signature field; return the signed file. Nothing is written on failure."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import AxisAlignment, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)    # "FFTM NOT subset": tables it drops
    name, signer_lines = signing_state(pdf, options.field_name)
    target = output_path(pdf, options)
    when = now or dt.datetime.now(dt.timezone.utc)
    if options.lta and not options.timestamp_url:
        raise SignError("--lta needs a time-stamp server: give --timestamp URL")
    text = appearance_text(signer_lines, certificate_name(signer), when)
    style = TextStampStyle(
        stamp_text=text.replace("%", "%%"), border_width=0, background=None,
        inner_content_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font(options.font)), font_size=FONT_SIZE,
                                                                 bcp47_lang_code="th", ot_script_tag="thai"),
                                    font_size=FONT_SIZE, leading=LEADING))
    validation = None
    if options.lta:
        roots = [_load_cert(p) for p in options.trust]
        # Without --trust, pyHanko falls back on the operating system's list of roots.
        validation = (ValidationContext(allow_fetching=True, trust_roots=roots) if roots
                      else ValidationContext(allow_fetching=True))
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=options.reason, location=options.location, use_pades_lta=options.lta,
        embed_validation_info=options.lta, validation_context=validation)
    timestamper = HTTPTimeStamper(options.timestamp_url) if options.timestamp_url else None
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, stamp_style=style)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp",
                                     delete=False) as temporary:
        try:
            with pdf.open("rb") as source:
                pdf_signer.sign_pdf(IncrementalPdfFileWriter(source, strict=False), output=temporary)
        except BaseException:
            temporary.close()
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, target)
    return target


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder
    return load_cert_from_pemder(str(path))
