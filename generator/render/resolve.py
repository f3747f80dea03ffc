"""Resolve: a validated letter plus its agency profile → the exact strings that print.

Kinds call these helpers from their own ``resolve``; nothing here knows any kind.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.agency.profile import AgencyContext
from generator.agency.salutations import (
    salutation_and_closing,
    salutation_words,
    typed_salutation,
    typed_word,
)
from generator.errors import LetterError, Problem
from generator.letter import files
from generator.letter.parts import PARTS
from generator.letter.schema import (
    QR_ERROR_LEVEL,
    Contact,
    DraftDate,
    Signer,
    did_you_mean,
    qr_capacity,
)
from generator.render import seal
from generator.render.markdown import parse_body
from generator.text import fontfiles, thai

# A blank the clerk fills in by hand: the day of a draft date.
BLANK_DAY = "\u00a0" * 8
EMBLEM_RULE = "SB124 emblem-placeholder"     # listed in generator/checks/_common.py OTHER_RULES
PLACEHOLDER_EMBLEM = Path(__file__).resolve().parent / "assets" / "emblem-placeholder.png"


@dataclass(frozen=True)
class Image:
    """A picture to place: the renderer turns it into an inline image of this size."""

    path: Path
    width_mm: float | None = None
    height_mm: float | None = None


@dataclass(frozen=True)
class Runs:
    """A paragraph's text as runs of (text, bold); the renderer writes the XML."""

    runs: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class Resolved:
    """Everything the renderer needs, and nothing it must decide."""

    kind: str
    template: str
    context: dict[str, Any]
    font: str
    digits: str
    metadata: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    part_spacing: str = "line"          # "line" | "6pt": the blank between two parts
    top_margin_cm: float = 1.5
    page_number_cm: float = 3.0         # the page number's baseline from the top edge, page 2 onwards
    # Where it came from, for checks that look past the schema (generator.checks).
    file: Path | None = None
    letter: Any = None                  # the validated pydantic model
    source: Any = None                  # the loader's Source: data and the line of every key
    agency: AgencyContext | None = None
    draft: bool = False                 # number: auto, not yet issued: the ร่าง mark
    cancelled: bool = False             # status: cancelled: the red ยกเลิก mark (and SB126)


@dataclass
class Resolver:
    """The letter's file, its agency context and its digit style, with formatting helpers."""

    file: Path
    agency: AgencyContext
    digits: str
    work_dir: Path
    lines: Any = None                       # the letter's Source, for warnings with a line
    warnings: list[Problem] = field(default_factory=list)

    def text(self, value: str | None) -> str:
        """User text with the letter's digits (URLs, e-mail and Latin words keep theirs)."""
        return thai.digits_in_prose(value or "", self.digits)

    def number(self, value: int) -> str:
        return thai.number(value, self.digits)

    def date(self, value: dt.date | DraftDate) -> str:
        if isinstance(value, DraftDate):
            return BLANK_DAY + " " + thai.thai_month_year(value.year, value.month, self.digits)
        return thai.thai_date(value, self.digits)

    def paragraphs(self, body: str, item: str = "{}. ") -> list[Runs]:
        """Body Markdown → paragraphs of runs; numbered items start with their number,
        written as ``item`` says (``ข้อ {} `` for the clauses of a regulation)."""
        out = []
        for paragraph in parse_body(body):
            runs = [(self.text(text), bold) for text, bold in paragraph.runs]
            if paragraph.number is not None:
                runs.insert(0, (item.format(self.number(paragraph.number)), False))
            out.append(Runs(tuple(runs)))
        return out

    def numbered(self, label: str, items: list[str]) -> list[dict[str, str]]:
        """A labelled part (อ้างถึง, สิ่งที่ส่งมาด้วย, สำเนาส่ง): numbered ๑. ๒. when several."""
        several = len(items) > 1
        return [
            {"label": label if index == 0 else "",
             "number": f"{self.number(index + 1)}." if several else "",
             "text": text}
            for index, text in enumerate(items)
        ]

    def signer(self, value: Signer | str, key: str = "signer") -> Signer:
        if isinstance(value, Signer):
            return value
        signers = self.agency.profile.signers
        if value in signers:
            return signers[value]
        known = sorted(signers)
        hint = did_you_mean(value, known) or (
            f"known signers: {', '.join(known)}" if known else "add it under `signers:` in agency.yaml, or write name: and position:")
        raise LetterError([self.problem(key, f"no signer named `{value}` in the agency profile", hint)])

    def signature_lines(self, signer: Signer) -> list[str]:
        return [f"({self.text(signer.name)})"] + [self.text(line) for line in signer.position]

    def sender_lines(self, address: list[str]) -> list[str]:
        """ส่วนราชการเจ้าของหนังสือ: the office's name, then its address. The name is printed once:
        not again when the first address line already names it (``อำเภอบ้านลาด`` in
        ``ที่ว่าการอำเภอบ้านลาด``, the office's seat, which the regulation also accepts as the name)."""
        name = (self.agency.profile.name or "").strip()
        lines = [line for line in address if line.strip()]
        if name and not (lines and name in lines[0]):
            lines = [name, *lines]
        return [self.text(line) for line in lines]

    def contact_lines(self, contact: Contact | None) -> list[str]:
        """ส่วนราชการเจ้าของเรื่อง, โทร., โทรสาร, ไปรษณีย์อิเล็กทรอนิกส์ (what is given)."""
        if contact is None:
            return []
        lines = [self.text(contact.unit)] if contact.unit else []
        if contact.phone and contact.phone == contact.fax:
            lines.append(f"โทร./โทรสาร {self.text(contact.phone)}")
        else:
            if contact.phone:
                lines.append(f"โทร. {self.text(contact.phone)}")
            if contact.fax:
                lines.append(f"โทรสาร {self.text(contact.fax)}")
        if contact.email:
            lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {contact.email}")
        return lines

    def emblem(self, height_mm: float, own: str | None = None) -> Image:
        """The letter's ``own`` emblem (relative to the letter), else the agency's, else a
        labelled placeholder (with a warning)."""
        if own:
            return self.picture("emblem", own, height_mm=height_mm)
        name = self.agency.emblem
        if name is None:
            # Named at the profile, where it is fixed: the commands say it once per agency.yaml.
            profile = self.agency.files[-1] if self.agency.files else self.file
            self.warnings.append(Problem(
                profile, None, "emblem", PARTS["emblem"],
                "no emblem configured: the letter shows a labelled placeholder",
                "set emblem: to your official Garuda image in agency.yaml", "warning", EMBLEM_RULE))
            return Image(PLACEHOLDER_EMBLEM, height_mm=height_mm)
        file, line = self.agency.emblem_source
        return Image(_image(self.agency.root, file, line, "emblem", name), height_mm=height_mm)

    def seal(self, name: str, emblem: Image) -> Image:
        """ตราชื่อส่วนราชการ around ``emblem``, drawn in the agency's bold Thai font (its fonts/
        folder), else Laksaman Bold, the TH Sarabun design every LibreOffice machine here has."""
        font = (fontfiles.family_file(self.agency.font_dirs, self.agency.profile.font or "", bold=True)
                or fontfiles.laksaman_files().get("Laksaman-Bold.ttf"))
        if font is None:
            raise LetterError([self.problem(
                "seal", "no bold Thai font file to draw the seal with",
                f"put the bold TTF of {self.agency.profile.font} in the letters tree's fonts/ folder, "
                f"or install Debian's {fontfiles.LAKSAMAN_PACKAGE} package")])
        if not seal.can_shape():
            raise LetterError([self.problem(
                "seal", "Thai text cannot be shaped for the seal: Pillow's libraqm needs the FriBiDi library",
                "install Debian's libfribidi0 package (make does)")])
        drawing = seal.SealDrawing(" ".join(name.split()), emblem.path, font)
        target = self.work_dir / drawing.file_name()
        if not target.exists():
            seal.draw_seal(drawing, target)
        return Image(target, width_mm=seal.OUTER_MM)

    def qr(self, url: str, width_mm: float = 22.0) -> Image:
        """A QR code of ``url`` as a PNG in the work folder (segno; error correction M)."""
        name = hashlib.sha256(url.encode()).hexdigest()[:16] + ".png"
        target = self.work_dir / name
        if not target.exists():
            # imported here: `saraban check` resolves letters and draws no QR code
            import segno

            try:
                code = segno.make(url, error=QR_ERROR_LEVEL, micro=False)
            except segno.DataOverflowError:
                raise LetterError([self.problem("qr", f"a QR code holds at most {qr_capacity():,} bytes; this "
                                                f"web address has {len(url.encode()):,}",
                                                "give a shorter address")]) from None
            code.save(target, scale=10, border=2)
        return Image(target, width_mm=width_mm)

    def problem(self, key: str, message: str, hint: str | None = None, severity: str = "error") -> Problem:
        line = self.lines.line_of((key,)) if self.lines is not None else None
        return Problem(self.file, line, key, PARTS.get(key), message, hint, severity)

    def picture(self, key: str, relative: str, width_mm: float | None = None,
                height_mm: float | None = None) -> Image:
        """An image the letter names (``photo:``), relative to the letter's file; a missing or
        unreadable file is an error naming the key, like the emblem's."""
        line = self.lines.line_of((key,)) if self.lines is not None else None
        root = self.agency.root or self.file.parent
        return Image(_image(root, self.file, line, key, relative), width_mm=width_mm, height_mm=height_mm)

    # Orders, announcements, regulations, by-laws, minutes (issue 3b).
    def yearly_number(self, number: int | None, year_of: dt.date | DraftDate) -> str:
        """``๑๒๓/๒๕๖๗``: N/พ.ศ., numbered from 1 each calendar year; no N → a blank for the clerk."""
        shown = self.number(number) if isinstance(number, int) else BLANK_DAY
        return f"{shown}/{self.number(thai.buddhist_year(year_of.year))}"

    def formal_date(self, value: dt.date | DraftDate) -> str:
        """``๑ ตุลาคม พ.ศ. ๒๕๖๗``: the date of สั่ง ณ วันที่ / ประกาศ ณ วันที่, with พ.ศ."""
        day = BLANK_DAY if isinstance(value, DraftDate) else self.number(value.day)
        return f"{day} {thai.month_name(value.month)} พ.ศ. {self.number(thai.buddhist_year(value.year))}"

    def time(self, value: dt.time) -> str:
        """``๐๙.๓๐ น.``"""
        return thai.thai_time(value.hour, value.minute, self.digits)

    def running_number(self, value: int | str | None) -> str:
        """The running number as printed; blank for none and for a draft's ``auto`` (not yet issued)."""
        return self.number(value) if isinstance(value, int) else ""

    # ---- issue 5: salutation table (generator/data/salutations.yaml)
    def salutation(self, to: str | None, salutation: str | None, closing: str | None) -> tuple[str, str]:
        """The salutation and closing: the letter's own, else the table's for its addressee
        (กราบเรียน … ขอแสดงความนับถืออย่างยิ่ง to the Prime Minister, นมัสการ … to monks)."""
        word, addressee = typed_salutation(to)      # `to: เรียน …` typed by hand (warned: SB121)
        return salutation_and_closing(addressee, salutation or word, closing)

    def addressee(self, to: str, words: list[str] | None = None) -> str:
        """``to:`` as it prints after the salutation: without a salutation (or ``words``) typed
        before it, so that เรียน prints once."""
        return self.text(typed_word(to, salutation_words() if words is None else words)[1])


def _image(root: Path, named_in: Path, line: int | None, key: str, name: str) -> Path:
    """The path of the PNG or JPEG image ``name`` names (relative to ``named_in``), read through
    the letters tree's boundary (:mod:`generator.letter.files`); else the letter's error."""
    path, data = files.read_named(root, named_in, line, key, name, "image")
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise LetterError([files.refused_problem(files.Refused(f"`{name}` is not a PNG or JPEG image"),
                                                 named_in, line, key, "image")])
    return path
