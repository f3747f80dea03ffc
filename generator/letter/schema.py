"""Building blocks shared by every kind's schema, and pydantic errors as user problems."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)

from generator.errors import Problem
from generator.letter.loader import Source
from generator.letter.parts import PARTS
from generator.letter.thaikeys import thai_names
from generator.text.thai import arabic_digits

URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SECRECIES = ("ลับที่สุด", "ลับมาก", "ลับ")


# The patterns a value must match, as the JSON Schema (and the YAML reference) give them.
URL_PATTERN = r"^https?://\S+$"
DATE_PATTERN = r"^\d{4}-\d{1,2}(-\d{1,2})?$"          # 2024-09-02, or 2024-09: the day left blank
DIGITS_PATTERN = r"^[0-9๐-๙]+$"
TIME_PATTERN = r"^\d{1,2}[:.]\d{2}$"
SERIES_NUMBER_PATTERN = r"^\d+/\d{4}$"                 # N/พ.ศ.


class Strict(BaseModel):
    """Unknown keys are errors (with a did-you-mean), text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _mapping_from_text(key: str):
    def convert(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value
    return convert


Text = Annotated[str, Field(min_length=1)]
# json_schema_input_type: the JSON Schema (editor support) shows what a user may type, one line or a list.
Lines = Annotated[list[Text], BeforeValidator(_one_or_many, json_schema_input_type=Union[Text, list[Text]])]
DigitStyle = Literal["thai", "arabic"]
Urgency = Literal[URGENCIES]
Secrecy = Literal[SECRECIES]
# How a letter travels: through the e-saraban system (the 2564 amendment's main channel) or on paper.
SENDING = ("electronic", "paper")
Send = Literal[SENDING]


class Signer(Strict):
    name: Text = Field(description="ชื่อเต็มของผู้ลงนาม พิมพ์ในวงเล็บใต้ลายมือชื่อ")
    position: Lines = Field(default_factory=list, description="ตำแหน่ง บรรทัดเดียวหรือหลายบรรทัด (ปฏิบัติราชการแทน …)")


class Contact(Strict):
    unit: str | None = Field(None, description="ส่วนราชการเจ้าของเรื่อง")
    phone: str | None = Field(None, description="โทร.")
    fax: str | None = Field(None, description="โทรสาร")
    email: str | None = Field(None, description="ไปรษณีย์อิเล็กทรอนิกส์")


QR_ERROR_LEVEL = "m"        # the QR codes' error correction (render/resolve.py makes them)


@functools.lru_cache(maxsize=1)
def qr_capacity() -> int:
    """The most bytes a QR code holds at :data:`QR_ERROR_LEVEL`, from segno's table: version 40
    in byte mode (a 4-bit mode indicator and a 16-bit length come before the data)."""
    from segno import consts
    bits = consts.SYMBOL_CAPACITY[40][consts.ERROR_LEVEL_M]
    return (bits - 4 - 16) // 8


def _fits_qr(url: str) -> str:
    size = len(url.encode("utf-8"))
    if size > qr_capacity():
        raise ValueError(f"this web address is {size:,} bytes long; a QR code holds at most "
                         f"{qr_capacity():,} (error correction {QR_ERROR_LEVEL.upper()}): give a shorter address")
    return url


QrUrl = Annotated[str, Field(pattern=URL_PATTERN), AfterValidator(_fits_qr)]


class Enclosure(Strict):
    title: Text = Field(description="ชื่อเอกสารที่ส่งมาด้วย")
    count: str | None = Field(None, description="จำนวน เช่น ๑ ฉบับ")
    url: QrUrl | None = Field(
        None, description="ที่อยู่เว็บของเอกสาร พิมพ์เป็นคิวอาร์โค้ดท้ายหนังสือ")
    file: str | None = Field(None, description="ไฟล์ของเอกสาร เทียบกับที่ตั้งของไฟล์หนังสือ (ต้องอยู่ในโฟลเดอร์หนังสือ)")


EnclosureItem = Annotated[Enclosure, BeforeValidator(_mapping_from_text("title"), json_schema_input_type=Union[Text, Enclosure])]


class QR(Strict):
    url: QrUrl = Field(description="ที่อยู่เว็บ")
    caption: str | None = Field(None, description="คำอธิบายใต้คิวอาร์โค้ด")


@dataclass(frozen=True)
class DraftDate:
    """A date whose day is left blank for the clerk: ``2024-09``."""

    year: int
    month: int


# A year this large is a Buddhist-era year (พ.ศ.) typed where the Christian era is expected.
FIRST_BUDDHIST_YEAR = 2400
BE_OFFSET = 543
# The years a letter may carry, Buddhist era: older or later ones are typing mistakes (year 1
# printed ๕๔๔ and wrote a malformed PDF date).
FIRST_BE_YEAR, LAST_BE_YEAR = 2400, 2700


def _christian_era(value: dt.date | DraftDate) -> dt.date | DraftDate:
    if value.year >= FIRST_BUDDHIST_YEAR:
        raise ValueError(f"{value.year} looks like a Buddhist-era year (พ.ศ.); write the Christian-era "
                         f"year (ค.ศ.) {value.year - BE_OFFSET}: the letter prints พ.ศ. {value.year} itself")
    if not FIRST_BE_YEAR <= value.year + BE_OFFSET <= LAST_BE_YEAR:
        raise ValueError(f"the year {value.year} is outside the years a letter may carry: "
                         f"{FIRST_BE_YEAR - BE_OFFSET}–{LAST_BE_YEAR - BE_OFFSET} "
                         f"(Buddhist era พ.ศ. {FIRST_BE_YEAR}–{LAST_BE_YEAR})")
    return value


def _letter_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _christian_era(value.date())
    if isinstance(value, dt.date):
        return _christian_era(value)
    if isinstance(value, str):
        text = arabic_digits(value.strip())
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if match and 1 <= int(match.group(2)) <= 12:
            return _christian_era(DraftDate(int(match.group(1)), int(match.group(2))))
        try:
            return _christian_era(dt.date.fromisoformat(text))
        except ValueError as exc:
            if "Buddhist" in str(exc):
                raise
    raise ValueError("expected an ISO date such as 2024-09-02, or 2024-09 to leave the day blank")


LetterDate = Annotated[Union[dt.date, DraftDate], PlainValidator(_letter_date),
                      WithJsonSchema({"type": "string", "pattern": DATE_PATTERN})]


# The largest running number (ที่, ครั้งที่, ฉบับที่) a letter may carry: nine digits.
MAX_RUNNING_NUMBER = 999_999_999


def _number(value: Any) -> Any:
    if isinstance(value, str) and value.strip():
        text = arabic_digits(value.strip())
        if text.isdigit() and text.isascii():
            return int(text) if len(text) <= len(str(MAX_RUNNING_NUMBER)) else MAX_RUNNING_NUMBER + 1
    return value


RunningNumber = Annotated[int, BeforeValidator(_number, json_schema_input_type=Union[
    Annotated[int, Field(ge=1, le=MAX_RUNNING_NUMBER)], Annotated[str, Field(pattern=DIGITS_PATTERN)]]),
    Field(ge=1, le=MAX_RUNNING_NUMBER)]


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """``did you mean `subject` (เรื่อง)?`` for the closest choice, if any is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()][:1]
    if not close and re.search("[\u0e00-\u0e7f]", word):       # a Thai key name misspelt (issue 5)
        names = {thai: english for table in thai_names().values() for thai, english in table.items()
                 if english in choices}
        thai = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
        if thai:
            return f"did you mean `{thai[0]}` ({names[thai[0]]})?"
    if not close:
        return None
    if close[0] in PARTS:
        return f"did you mean `{close[0]}` ({PARTS[close[0]]})?"
    return f"did you mean `{close[0]}`?"


def _describe_expected(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind in ("string_type", "string_too_short"):
        if kind == "string_too_short":
            return "must not be empty"
        if isinstance(error.get("input"), (int, float)):
            return 'expected text: put a number in quotes, e.g. "0 3254 7202", so a leading 0 is kept'
        return "expected text"
    if kind in ("int_type", "int_parsing", "greater_than_equal"):
        return "expected a whole number of 1 or more"
    if kind == "less_than_equal":
        return f"expected a number of at most {ctx.get('le')}"
    if kind == "bool_type" or kind == "bool_parsing":
        return "expected true or false"
    if kind in ("list_type",):
        return "expected a list (lines starting with `- `)"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s) (lines starting with `- `)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys"
    if kind == "string_pattern_mismatch":
        return "expected a web address starting with http:// or https://"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def validation_problems(exc: ValidationError, source: Source, model: type[BaseModel],
                        offset: tuple = ()) -> list[Problem]:
    """Each pydantic error as a :class:`Problem` naming file, line, key and Thai part."""
    problems = []
    for error in exc.errors():
        loc = _user_loc(error, source.data)
        if loc is None:
            continue
        path = offset + loc
        key_names = [str(p) for p in loc if isinstance(p, str)]
        key = ".".join(str(p) for p in loc) or None
        part = PARTS.get(key_names[-1]) if key_names else None
        hint = None
        if error["type"] == "extra_forbidden":
            allowed = _field_names(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), allowed)
            message = "is not a known key"
            if not hint and allowed:
                hint = "known keys here: " + ", ".join(allowed)
        else:
            message = _describe_expected(error)
        if error["type"] == "missing":
            line = source.line_of(path[:-1])
        else:
            line = source.line_of(path)
        problems.append(Problem(source.file, line, key, part, message, hint, rule="SB001 schema"))
    return sorted(problems, key=lambda problem: problem.line or 0)


_MAPPING_ERRORS = ("model_type", "dict_type", "model_attributes_type")


def _user_loc(error: dict, data: Any) -> tuple | None:
    """The error's location as the user's keys: pydantic's union-member tags (``Signer``,
    ``constrained-str``) dropped by walking the input data; None for the error of a union
    member the input plainly did not mean (text when a mapping was given, and vice versa)."""
    loc, current, tagged = [], data, False
    parts = error["loc"]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(current, dict) and part in current:
            loc.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            loc.append(part)
            current = current[part]
        elif last and error["type"] in ("missing", "extra_forbidden"):
            loc.append(part)
        else:
            tagged = True
    if tagged and error["type"] in ("string_type", "string_too_short") and isinstance(error["input"], dict):
        return None
    if tagged and error["type"] in _MAPPING_ERRORS and not isinstance(error["input"], dict):
        return None
    return tuple(loc)


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at ``loc`` inside ``model`` (for did-you-mean)."""
    current: Any = model
    in_dict = False                 # the next part is a key the user chose (signers: {deputy: …})
    for part in loc:
        if isinstance(part, int) or in_dict:
            in_dict = False
            continue
        fields = _by_key(current)
        if part not in fields:
            return []
        in_dict = typing.get_origin(fields[part].annotation) is dict
        current = _model_in(fields[part].annotation)
    return sorted(_by_key(current))


def _by_key(model: Any) -> dict[str, Any]:
    """A model's fields by their YAML key (the alias, where a field has one)."""
    return {field.alias or name: field for name, field in getattr(model, "model_fields", {}).items()}


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__origin__", None)
    if metadata is not None:
        return _model_in(metadata)
    return None


# --------------------------------------------------------------------- times of day (minutes, issue 3b)

def _time_of_day(value: Any) -> dt.time:
    """``09:30``, ``9.30``, ``๐๙.๓๐`` (text) or 9.3 (YAML reads ``9.30`` as a number) → 09:30."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a time of day such as 09:30")
    if isinstance(value, int):
        value = f"{value}.00"
    elif isinstance(value, float):
        hours, _, minutes = repr(value).partition(".")
        value = f"{hours}.{minutes.ljust(2, '0')}"
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:\s*น\.?)?", arabic_digits(value.strip()))
        if match and int(match.group(1)) <= 23 and int(match.group(2)) <= 59:
            return dt.time(int(match.group(1)), int(match.group(2)))
    raise ValueError("expected a time of day such as 09:30 (hours 0–23, minutes 00–59)")


TimeOfDay = Annotated[dt.time, PlainValidator(_time_of_day),
                      WithJsonSchema({"type": "string", "pattern": TIME_PATTERN})]


# --------------------------------------------------------------------- letter numbers (issue 4)

AUTO = "auto"


class SeriesNumber(int):
    """A number written with its series year, ``12/2568`` (N/พ.ศ.): an int that remembers the year."""

    year: int

    def __new__(cls, value: int, year: int):
        number = super().__new__(cls, value)
        number.year = year
        return number


def _letter_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a whole number of 1 or more, or `auto`")
    if isinstance(value, int):
        if value < 1:
            raise ValueError("expected a whole number of 1 or more, or `auto`")
        if value > MAX_RUNNING_NUMBER:
            raise ValueError(f"expected a number of at most {MAX_RUNNING_NUMBER:,} (nine digits), or `auto`")
        return value
    if isinstance(value, str):
        text = arabic_digits(value.strip())
        if text.lower() == AUTO:
            return AUTO
        if re.fullmatch(r"[0-9]{1,9}", text) and int(text) >= 1:
            return int(text)
        match = re.fullmatch(r"([0-9]{1,9})\s*/\s*([0-9]{4})", text)
        if match and int(match.group(1)) >= 1:
            year = int(match.group(2))
            if year < FIRST_BUDDHIST_YEAR:
                raise ValueError(f"the year after / is a Buddhist-era year (พ.ศ.), e.g. {match.group(1)}/{year + 543}")
            return SeriesNumber(int(match.group(1)), year)
    raise ValueError("expected a whole number of 1 or more, `auto` (the next number when the letter is "
                     "issued with `saraban issue`), or N/พ.ศ. such as 12/2568")


# ที่: a running number, N/พ.ศ., or "auto" (a draft: `saraban issue` writes the next number in).
LetterNumber = Annotated[Union[int, Literal["auto"]], PlainValidator(_letter_number),
                         WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1}, {"const": AUTO},
                                                   {"type": "string", "pattern": SERIES_NUMBER_PATTERN}]})]
LetterStatus = Literal["cancelled"]
IssuedDate = Annotated[dt.date, AfterValidator(_christian_era)]


class RegisterNote(Strict):
    action: str | None = Field(None, description="การปฏิบัติ ในทะเบียนหนังสือส่ง เช่น ส่งทางระบบสารบรรณอิเล็กทรอนิกส์")
    remarks: str | None = Field(None, description="หมายเหตุ ในทะเบียนหนังสือส่ง")


class Numbered(Strict):
    """The keys of a numbered letter; a kind's schema inherits them (``class OrderLetter(Numbered)``)."""

    number: LetterNumber | None = Field(
        None, description="ที่ (เลขทะเบียนส่ง): auto = ออกเลขด้วย saraban issue; ไม่ใส่ = เว้นว่างหลัง /")
    issued: IssuedDate | None = Field(None, description="วันที่ลงทะเบียนส่ง (saraban issue เขียนให้เอง)")
    status: LetterStatus | None = Field(None, description="cancelled = ยกเลิก (เลขที่ยังคงอยู่ในทะเบียน)")
    # YAML `register:`; the attribute has another name, as pydantic models have a `register` (ABCMeta's).
    register_note: RegisterNote | None = Field(None, alias="register",
                                               description="การปฏิบัติ และ หมายเหตุ ในทะเบียนหนังสือส่ง")


# --------------------------------------------------------------------- per-letter overrides (external,
# memo, stamped letter, certificate)

class LetterOverrides(Strict):
    """Keys every letter on garuda or memo paper may set to override agency.yaml for itself alone.
    A kind's model inherits them (pydantic lists them first; nothing depends on the order:
    problems are reported by line)."""

    digits: DigitStyle | None = Field(None, description="ตัวเลขไทย (thai) หรืออารบิก (arabic)")
    code: str | None = Field(None, description="รหัสส่วนราชการหน้าเลขที่หนังสือ (ค่าปริยายจาก agency.yaml)")
    emblem: str | None = Field(None, description="ไฟล์ภาพตราครุฑของหนังสือฉบับนี้ เทียบกับที่ตั้งของไฟล์นี้")
    font: str | None = Field(None, description="แบบอักษรของหนังสือฉบับนี้ (ค่าปริยายจาก agency.yaml)")
