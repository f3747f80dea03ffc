"""``saraban receive``: number each received PDF (เลขรับ, through the calendar year), stamp a copy
and write its record, under the same lock on the letters tree as ``saraban issue``.

Every file is read and checked before a number is taken: an encrypted, damaged or non-PDF file
fails alone and uses no number. A file whose bytes were received before (same SHA-256) is left
alone with a warning unless forced. Under the lock the next number is one more than the highest
of the year's records (a gap stays a gap); the stamped PDF and then the record are written
atomically, so a record never names a copy that is not there.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.agency.profile import AgencyContext, load_agency
from generator.errors import SetupError
from generator.letter.tree import letters_root
from generator.receiving.fields import Read, read_fields
from generator.receiving.placement import Place, find_place
from generator.receiving.record import (
    FOLDER,
    TO_FILL,
    Record,
    StampPlace,
    folder_of,
    record_text,
)
from generator.receiving.stamp import HEIGHT, WIDTH, stamp_pdf, stamp_text
from generator.registers.numbering import tree_lock, write_atomically
from generator.text import thai

PDF_MAGIC = b"%PDF-"
_SHA_LINE = re.compile(rb"^sha256:\s*\"?([0-9a-f]{64})", re.M)


class NotReceivable(Exception):
    """A file that cannot be received (message in English and Thai)."""


@dataclass
class Receipt:
    file: Path
    number: int | None = None
    year: int | None = None                     # พ.ศ.
    record: Path | None = None
    stamped: Path | None = None
    place: Place | None = None
    missing: list[str] = field(default_factory=list)
    error: str | None = None
    duplicate_of: Path | None = None


@dataclass
class Incoming:
    """A checked input: its bytes, what it says of itself and where the stamp goes."""

    file: Path
    data: bytes
    sha256: str
    read: Read
    place: Place


# --------------------------------------------------------------------- reading one input

def open_incoming(file: Path, overrides: dict) -> Incoming:
    """Check ``file`` is a PDF saraban may stamp; read its fields and find the stamp's place."""
    import pikepdf
    import pypdfium2 as pdfium

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise NotReceivable(f"cannot read it ({exc.strerror}) / อ่านไฟล์ไม่ได้") from None
    if PDF_MAGIC not in data[:1024]:
        raise NotReceivable("is not a PDF file / ไม่ใช่ไฟล์ PDF")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise NotReceivable("is encrypted: ask the sender for a copy without a password / "
                                    "ไฟล์ถูกเข้ารหัส ขอสำเนาที่ไม่มีรหัสผ่านจากผู้ส่ง")
            if len(pdf.pages) == 0:
                raise NotReceivable("has no pages / ไฟล์ไม่มีหน้า")
    except pikepdf.PasswordError:
        raise NotReceivable("is encrypted (password protected): ask the sender for a copy without a password / "
                            "ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน ขอสำเนาที่ไม่มีรหัสผ่านจากผู้ส่ง") from None
    except pikepdf.PdfError as exc:
        reason = re.sub(r"^stream <[^>]*>: ", "", str(exc).splitlines()[0])[:120]
        raise NotReceivable(f"is a damaged PDF ({reason}) / ไฟล์ PDF เสียหาย") from None
    try:
        document = pdfium.PdfDocument(data)
        read = read_fields(document)
        place = find_place(document[0])
    except pdfium.PdfiumError as exc:
        raise NotReceivable(f"is a damaged PDF ({exc}) / ไฟล์ PDF เสียหาย") from None
    for key, value in overrides.items():
        if value not in (None, ""):
            setattr(read, key, value)
    return Incoming(file, data, hashlib.sha256(data).hexdigest(), read, place)


def stamped_copy(incoming: Incoming, office: str, number: int, at: dt.datetime, style: str, font: Path) -> bytes:
    """The received PDF with the stamp drawn over page 1 (the input's bytes are not touched)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(stamp_pdf(stamp_text(office, number, at, style), font))) as stamp, \
            pikepdf.open(io.BytesIO(incoming.data)) as pdf:
        page = pdf.pages[0]
        box = page.mediabox
        left, bottom = float(box[0]) + incoming.place.left, float(box[1]) + incoming.place.bottom
        page.add_overlay(stamp.pages[0], pikepdf.Rectangle(left, bottom, left + WIDTH, bottom + HEIGHT))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


# --------------------------------------------------------------------- the font of the stamp

def font_file(agency: AgencyContext) -> Path:
    """The TTF of the office's font: from a fonts/ folder of the tree, the system, else the
    substitute the letters use (generator.pdf.fonts)."""
    family = agency.profile.font
    for folder in agency.font_dirs:
        for candidate in sorted(folder.glob("*.[ot]tf")) + sorted(folder.glob("*.[OT]TF")):
            if _family_of(candidate) == family and not _is_styled(candidate):
                return candidate
    return _system_font(family)


@functools.lru_cache(maxsize=8)
def _system_font(family: str) -> Path:
    import shutil
    import subprocess
    exe = shutil.which("fc-match")
    if exe:
        out = subprocess.run([exe, "-f", "%{file}", f"{family}:style=Regular"], capture_output=True, text=True,
                             check=False).stdout.strip()
        if out and Path(out).is_file() and _family_of(Path(out)) == family:
            return Path(out)
    from generator.pdf.fonts import STYLES, FontError, ensure_substitute
    try:
        return ensure_substitute() / STYLES[0].file_name
    except FontError as exc:
        raise SetupError(f"no font for the receiving stamp: {exc}") from None


@functools.lru_cache(maxsize=64)
def _family_of(file: Path) -> str | None:
    from fontTools.ttLib import TTFont
    try:
        with TTFont(file, lazy=True) as font:
            return font["name"].getDebugName(1)
    except Exception:                                    # noqa: BLE001 - not a font: not ours
        return None


def _is_styled(file: Path) -> bool:
    from fontTools.ttLib import TTFont
    try:
        with TTFont(file, lazy=True) as font:
            return (font["name"].getDebugName(2) or "Regular").lower() not in ("regular", "normal", "book")
    except Exception:                                    # noqa: BLE001
        return True


# --------------------------------------------------------------------- numbering

def received_hashes(root: Path) -> dict[str, Path]:
    """SHA-256 → record, for every record of the tree (read by their ``sha256:`` line: quick)."""
    found = {}
    for record in sorted((root / FOLDER).glob("*/*.yaml")):
        match = _SHA_LINE.search(record.read_bytes())
        if match:
            found.setdefault(match.group(1).decode(), record)
    return found


def highest_receipt(folder: Path) -> int:
    numbers = [int(f.stem) for f in folder.glob("*") if f.stem.isdigit() and f.suffix in (".yaml", ".pdf")]
    return max(numbers, default=0)


def write_new(file: Path, content: bytes | str) -> None:
    """Atomically, readable by all (0644 less the umask), as git checks files out."""
    write_atomically(file, content)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(file, 0o666 & ~mask)


def receive(files: list[Path], root: Path, at: dt.datetime | None = None, overrides: dict | None = None,
            force: bool = False) -> list[Receipt]:
    """Receive ``files`` into the letters tree at ``root`` (or the tree above it: the highest folder
    with an agency.yaml); what became of each."""
    at = (at or dt.datetime.now()).replace(second=0, microsecond=0)
    root = letters_root(root.resolve() / FOLDER)      # the whole tree (as `issue`): letters/2568 → letters
    agency = load_agency(root / FOLDER / "record.yaml", root)
    office, style = (agency.profile.name or "").strip(), agency.profile.digits
    if not office:
        raise SetupError(f"the receiving stamp needs the office's name: set `name:` in {root / 'agency.yaml'} / "
                         "ตรารับต้องมีชื่อส่วนราชการ: กำหนด name: ใน agency.yaml")
    receipts, ready = [], []
    for file in files:
        receipt = Receipt(file)
        receipts.append(receipt)
        try:
            ready.append((receipt, open_incoming(file, overrides or {})))
        except NotReceivable as exc:
            receipt.error = f"{file} {exc}"
    if not ready:
        return receipts
    font = font_file(agency)
    with tree_lock(root):
        seen = received_hashes(root)
        folder = folder_of(root, thai.buddhist_year(at.year))
        number = highest_receipt(folder)
        for receipt, incoming in ready:
            if incoming.sha256 in seen and not force:
                receipt.duplicate_of = seen[incoming.sha256]
                continue
            try:
                _file_one(receipt, incoming, number + 1, at, folder, office, style, font)
            except OSError as exc:
                receipt.error = f"{incoming.file} could not be written ({exc.strerror}) / เขียนไฟล์ไม่ได้"
                continue
            except Exception as exc:                     # noqa: BLE001 - one odd PDF never stops the others
                receipt.error = f"{incoming.file} could not be stamped ({type(exc).__name__}: {exc}) / ประทับตรารับไม่ได้"
                continue
            number += 1
            seen.setdefault(incoming.sha256, receipt.record)
    return receipts


def _file_one(receipt: Receipt, incoming: Incoming, number: int, at: dt.datetime, folder: Path,
              office: str, style: str, font: Path) -> None:
    read, place = incoming.read, incoming.place
    record = Record(receipt=number, received=at, number=read.number, date=read.date, sender=read.sender,
                    to=read.to, subject=read.subject, original=incoming.file.name, sha256=incoming.sha256,
                    stamp=StampPlace(page=1, left_cm=place.left_cm, top_cm=place.top_cm, placed=place.describe()))
    pdf, yaml = folder / f"{number}.pdf", folder / f"{number}.yaml"
    copy = stamped_copy(incoming, office, number, at, style, font)      # before anything is written
    write_new(pdf, copy)
    try:
        write_new(yaml, record_text(record, f"saraban receive {incoming.file.name}"))
    except BaseException:
        pdf.unlink(missing_ok=True)                    # no copy without its record: the number is free
        raise
    receipt.number, receipt.year, receipt.record, receipt.stamped = number, thai.buddhist_year(at.year), yaml, pdf
    receipt.place, receipt.missing = place, [TO_FILL[key] for key in record.missing()]
