"""Detectors of identifying numbers: SSNs, phone and fax numbers, record, account, plan, licence,
vehicle and device numbers (Safe Harbor identifiers 4, 5, 7-13 and 18)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import (
    WINDOW,
    Hit,
    article,
    digits,
    free_left,
    free_right,
    keyword_starts,
    mask_all_but_last,
    mask_digits,
    spaced_free_left,
    spaced_free_right,
)

# --- social security numbers -----------------------------------------------------------------

_SSN_BARE = re.compile(r"(?P<a>\d{3})(?P<sep>[- ])(?P<g>\d{2})(?P=sep)(?P<s>\d{4})(?![\w])")
_SSN_LABELLED = re.compile(
    r"(?:SSN|SS#|soc(?:ial)?\.?[ \t]{1,3}sec(?:urity)?\.?(?:[ \t]{0,3}(?:number|num|no\.?|#))?)"
    r"[\"']?[ \t]{0,3}[:#=]?[ \t]{0,3}[\"']?(?:is[ \t]{1,3})?"
    r"(?P<a>\d{3})[ \t-]?(?P<g>\d{2})[ \t-]?(?P<s>\d{4})(?![\w-])",
    re.IGNORECASE,
)


def _plausible_ssn(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def _ssn(start: int, end: int, serial: str, text: str) -> Hit:
    return Hit("phi-ssn", start, end, f"a US social security number (***-**-{serial})", (text[start:end],))


def ssn_hits(text: str, lower: str) -> Iterator[Hit]:
    """US social security numbers: after an SSN label, any nine digits; bare (``219-09-9999`` or with
    spaces), only with a valid area, group and serial and nothing glued to either side."""
    for position in keyword_starts(lower, ("ssn", "ss#", "soc")):
        match = _SSN_LABELLED.match(text, position, position + WINDOW)
        if match:
            yield _ssn(match.start("a"), match.end("s"), match.group("s"), text)
    for bare in _SSN_BARE.finditer(text):  # 219-09-9999 and 219 09 9999
        start, end = bare.start(), bare.end()
        spaced = bare.group("sep") == " "
        if not (free_left(text, start) and free_right(text, end)):
            continue
        if spaced and not (spaced_free_left(text, start) and spaced_free_right(text, end)):
            continue
        if _plausible_ssn(bare.group("a"), bare.group("g"), bare.group("s")):
            yield _ssn(start, end, bare.group("s"), text)


# --- phone and fax numbers -------------------------------------------------------------------

_PHONE_BARE = re.compile(r"(?P<a>[2-9]\d{2})(?P<sep>[-. ])(?P<e>[2-9]\d{2})(?P=sep)(?P<n>\d{4})(?![\w])")
_PHONE_PARENS = re.compile(r"\((?P<a>[2-9]\d{2})\)[ .-]?(?P<e>[2-9]\d{2})[ .-](?P<n>\d{4})")
_PHONE_PLUS = re.compile(
    r"\+(?:1[ .-]?\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]?\d{4}"
    r"|(?P<cc>[2-9]\d{0,2})(?:[ .-]?\(0\))?(?:[ .-]?\d{1,5}){2,6})"
)
_US_PREFIX = re.compile(r"(?:\+?1[ .-]?)\Z")
_PHONE_LABELLED = re.compile(
    r"(?:phone|telephone|tel|fax|facsimile|mobile|cell[ \t]{0,3}phone|cell|pager|beeper"
    r"|contact[ \t]{1,3}number)\b\.?"
    r"(?:[ \t]{0,3}(?:number|num|no\.?|#))?[\"']?[ \t]{0,3}[:#=]?[ \t]{0,3}[\"']?(?:is[ \t]{1,3})?"
    r"(?P<num>\+?\(?\d[\d ().-]{5,20}\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _phone(start: int, end: int, text: str) -> Hit:
    value = text[start:end]
    return Hit("phi-phone", start, end, f"a phone or fax number ({mask_digits(value, 2)})", (value,))


def _with_us_prefix(text: str, start: int) -> int:
    prefix = _US_PREFIX.search(text, max(0, start - 3), start)
    return prefix.start() if prefix else start


def phone_hits(text: str, lower: str) -> Iterator[Hit]:
    """US phone and fax numbers (``617-555-0123``, ``(617) 555-0123``, with or without ``+1``),
    international ``+`` numbers of 10 to 15 digits, and labelled numbers (``Fax: ...``) of 7 to 15
    digits that are not ISO dates."""
    for bare in _PHONE_BARE.finditer(text):  # 617-555-0123, 617.555.0123, 617 555 0123, 1-800-...
        start, end = _with_us_prefix(text, bare.start()), bare.end()
        if not (free_left(text, start) and free_right(text, end)):
            continue
        if (
            bare.group("sep") == " "
            and start == bare.start()
            and not (spaced_free_left(text, start) and spaced_free_right(text, end))
        ):
            continue
        yield _phone(start, end, text)
    index = text.find("(")
    while index >= 0:  # (617) 555-0123
        match = _PHONE_PARENS.match(text, index, index + 20)
        if match and free_right(text, match.end()):
            start = _with_us_prefix(text, index)
            if free_left(text, start, "/.+-)]"):
                yield _phone(start, match.end(), text)
        index = text.find("(", index + 1)
    index = text.find("+")
    while index >= 0:  # +1 617 555 0123, +44 20 7946 0958
        match = _PHONE_PLUS.match(text, index, index + 40)
        if match and free_left(text, index, "/.+-)]") and free_right(text, match.end()):
            count = digits(match.group(0))
            if (match.group("cc") is None and count == 11) or 10 <= count <= 15:
                yield _phone(index, match.end(), text)
        index = text.find("+", index + 1)
    for position in keyword_starts(
        lower, ("phone", "tel", "fax", "facsimile", "mobile", "cell", "pager", "beeper", "contact")
    ):
        match = _PHONE_LABELLED.match(text, position, position + WINDOW)
        if not match:
            continue
        value = match.group("num")
        start, end = match.start("num"), match.end("num")
        if 7 <= digits(value) <= 15 and not _ISO_DATE.match(value) and free_right(text, end):
            yield _phone(start, end, text)


# --- labelled record, account, plan, licence, vehicle and device numbers ---------------------

_SEP = r"[\"']?[ \t]{0,3}#?[ \t]{0,2}(?:[:#=]|\bis\b|\bwas\b)?[ \t]{0,3}[\"']?(?:#[ \t]{0,2})?"
_NUM = r"(?:number|num|no\.?|nr\.?|#|id)"
_VALUE = r"(?P<value>[A-Za-z]{0,4}[-#]?\d[A-Za-z0-9-]{2,20})(?![\w-])"
_PLATE = r"(?P<value>[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,3})?)(?![\w-])"


class _Kind:
    """A labelled identifier: its rule, what it is called, its label pattern and value shape."""

    def __init__(self, rule: str, noun: str, keywords: str, label: str, value: str = _VALUE, *, loose: bool = False):
        self.rule, self.noun, self.loose = rule, noun, loose
        self.keywords = tuple(keywords.split())  # the lower-case words its labels start with
        self.pattern = re.compile(f"(?:{label}){_SEP}{value}", re.IGNORECASE)

    def accepts(self, value: str) -> bool:
        count = digits(value)
        letters = sum(ch.isalpha() for ch in value)
        if self.loose:  # licence plates: short, letters and digits
            return count >= 2 and len(value.replace(" ", "").replace("-", "")) >= 4
        return count >= 5 or (count >= 4 and letters >= 2 and len(value) >= 6)


_KINDS = [
    _Kind(
        "phi-id",
        "medical record number",
        "mrn mr med medical chart hospital unit",
        rf"MRN|MR[ \t]?#|med(?:ical)?\.?[ \t]{{0,2}}rec(?:ord)?s?\.?[ \t]{{0,2}}{_NUM}|medical[ \t]record"
        rf"|chart[ \t]{{1,2}}{_NUM}|hospital[ \t]{{1,2}}{_NUM}|unit[ \t]{{1,2}}{_NUM}",
    ),
    _Kind(
        "phi-id",
        "patient identifier",
        "patient pt pid encounter visit case fin",
        rf"(?:patient|pt)(?:[ _]?{_NUM}|[ \t]identifier)|PID|encounter[ \t_]?{_NUM}"
        rf"|visit[ \t_]?{_NUM}|case[ \t]{_NUM}|FIN",
    ),
    _Kind(
        "phi-id",
        "account number",
        "acct acc billing claim",
        rf"acct|acc(?:oun)?t\.?[ \t_]{{0,2}}{_NUM}|billing[ \t]{_NUM}|claim[ \t]{_NUM}",
    ),
    _Kind(
        "phi-id",
        "health plan beneficiary number",
        "health beneficiary member subscriber insurance policy plan group medicare medicaid mbi",
        rf"health[ \t]plan[ \t](?:beneficiary|member|subscriber)(?:[ \t]{_NUM})?"
        rf"|(?:beneficiary|member|subscriber|insurance|policy|plan|group)[ \t_]{_NUM}"
        rf"|medicare[ \t](?:beneficiary[ \t]identifier|{_NUM})|medicaid[ \t]{_NUM}|MBI",
    ),
    _Kind(
        "phi-id",
        "identification number",
        "national id identification passport",
        rf"(?:national[ \t])?ID[ \t]{_NUM}|identification[ \t]{_NUM}|passport(?:[ \t]{_NUM})?",
    ),
    _Kind(
        "phi-license",
        "licence or certificate number",
        "driver dl licen certificate dea",
        rf"driver'?s?[ \t]licen[cs]e(?:[ \t]{_NUM})?|DL[ \t]?#|licen[cs]e[ \t]{_NUM}"
        rf"|certificate[ \t]{_NUM}|DEA(?:[ \t]{_NUM})?",
    ),
    _Kind(
        "phi-vehicle",
        "vehicle identification number",
        "vin vehicle",
        r"VIN|vehicle[ \t]identification[ \t]number|vehicle[ \t](?:id|serial)",
    ),
    _Kind(
        "phi-vehicle",
        "licence plate",
        "licen plate registration",
        rf"licen[cs]e[ \t]plate(?:[ \t]{_NUM})?|plate[ \t]{_NUM}"
        rf"|registration[ \t](?:plate|mark|{_NUM})",
        _PLATE,
        loose=True,
    ),
    _Kind(
        "phi-device",
        "device identifier or serial number",
        "serial s/n sn device udi imei implant pacemaker",
        rf"serial(?:[ \t]{_NUM})?|S/N|SN[ \t]?#|device[ \t](?:identifier|serial|{_NUM})|UDI(?:-[DP]I)?|IMEI"
        rf"|implant[ \t]{_NUM}|pacemaker[ \t](?:serial|{_NUM})",
    ),
]
_NHS = re.compile(
    r"NHS[ \t]{0,3}(?:number|num|no\.?|#)?[ \t]{0,3}[:#=]?[ \t]{0,3}(?:is[ \t]{1,3})?"
    r"(?P<value>\d{3}[ -]?\d{3}[ -]?\d{4})(?![\w-])",
    re.IGNORECASE,
)


def labelled_id_hits(text: str, lower: str) -> Iterator[Hit]:
    """Identifiers a label announces: medical record, patient, account, health plan, ID, licence,
    certificate, VIN, licence plate and device numbers (each value with enough digits for its kind),
    and NHS numbers."""
    for kind in _KINDS:
        for position in keyword_starts(lower, kind.keywords):
            match = kind.pattern.match(text, position, position + WINDOW)
            if not match or not kind.accepts(match.group("value")):
                continue
            value = match.group("value")
            yield Hit(
                kind.rule,
                match.start("value"),
                match.end("value"),
                f"{article(kind.noun)} {kind.noun} ({mask_all_but_last(value, 2)})",
                (value,),
            )
    for position in keyword_starts(lower, ("nhs",)):
        match = _NHS.match(text, position, position + WINDOW)
        if match:
            value = match.group("value")
            yield Hit(
                "phi-id", match.start("value"), match.end("value"), f"an NHS number ({mask_digits(value, 2)})", (value,)
            )


# --- unlabelled vehicle and device identifiers ------------------------------------------------

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}(?![\w-])")
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# A GS1 unique device identifier: application identifier (01) and a 14-digit GTIN, in parentheses
# or brackets as printed under the barcode ("(01)00884838035551(17)271231(21)SN88213").
_GS1_UDI = re.compile(r"[(\[]01[)\]][ \t]?(?P<gtin>\d{14})(?!\d)(?P<rest>(?:[ \t]?[(\[]\d{2}[)\]][ \t]?[\w-]{1,20})*)")
_MAC = re.compile(r"[0-9A-Fa-f]{2}(?P<sep>[:-])(?:[0-9A-Fa-f]{2}(?P=sep)){4}[0-9A-Fa-f]{2}(?![\w:-])")


def _find_all(text: str, needles: tuple[str, ...]) -> list[int]:
    found = []
    for needle in needles:
        index = text.find(needle)
        while index >= 0:
            found.append(index)
            index = text.find(needle, index + 1)
    return sorted(found)


def valid_vin(vin: str) -> bool:
    """The North American check digit (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[ch] * weight for ch, weight in zip(vin, _VIN_WEIGHTS))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == check


def vehicle_device_hits(text: str, lower: str) -> Iterator[Hit]:
    """Unlabelled vehicle and device identifiers: 17-character VINs whose check digit is right, GS1
    device identifiers (``(01)`` and a 14-digit GTIN) and MAC addresses."""
    for match in _VIN.finditer(text):
        vin = match.group(0)
        if free_left(text, match.start(), "-") and 3 <= digits(vin) <= 14 and valid_vin(vin):
            yield Hit(
                "phi-vehicle",
                match.start(),
                match.end(),
                f"a vehicle identification number ({mask_all_but_last(vin, 3)})",
                (vin,),
            )
    for index in _find_all(text, ("(01)", "[01]")):
        udi = _GS1_UDI.match(text, index, index + WINDOW)
        if udi:
            value = udi.group(0)
            yield Hit(
                "phi-device",
                udi.start(),
                udi.end(),
                f"a GS1 unique device identifier ({mask_all_but_last(value, 2)})",
                (value,),
            )
    for match in _MAC.finditer(text):
        value = match.group(0)
        if not free_left(text, match.start(), ":-"):
            continue
        yield Hit(
            "phi-device",
            match.start(),
            match.end(),
            f"a device (MAC) address ({mask_all_but_last(value, 2)})",
            (value,),
        )
