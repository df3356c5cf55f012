"""Detectors of what describes a person: labelled names, dates of birth, admission, discharge and
death dates, and ages over 89 (Safe Harbor identifiers 1 and 3)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .text import WINDOW, Hit, Lines, initials, keyword_starts, mask_date, real_year

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-]{0,12}\d)"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
    rf"|\d{{1,2}}[-/ ]{MONTH}[-/ ]\d{{4}}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]{{1,3}}(?:of[ \t]{{1,3}})?{MONTH}"
    r"[ \t]{0,3},?[ \t]{0,3}\d{4}(?!\d)"
    rf"|{MONTH}[ \t]{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?[ \t]{{0,3}},?[ \t]{{0,3}}\d{{4}}(?!\d))"
)
FULL_DATE = re.compile(rf"{DATE}$", re.IGNORECASE)
_SEP = r"[\"']?[ \t]{0,3}(?:[:=-]|\bis\b|\bwas\b|\bon\b)?[ \t]{0,3}[\"']?"
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")

# After a birth label, a day and month without the year identify too ("DOB: March 14").
_DAY_MONTH = (
    rf"(?:{MONTH}[ \t]{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?[ \t]{{1,3}}"
    rf"(?:of[ \t]{{1,3}})?{MONTH})(?![\w,/.-]|[ \t]{{0,3}},?[ \t]{{0,3}}\d)"
)
_DOB = re.compile(
    r"(?:D\.?O\.?B\.?|date[ _]?of[ _]?birth|birth[ _]?date|birthday|born(?:[ \t]{1,3}on)?)"
    rf"(?![\w]){_SEP}(?P<date>{DATE}|{_DAY_MONTH})",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"(?P<label>admi(?:tted|ssion[ _]?date|t[ _]?date)|date[ _]?of[ _]?(?:admission|discharge|death|service"
    r"|visit|surgery|procedure)|discharged?(?:[ _]?date)?|died|deceased|death[ _]?date|DOD|DOS"
    r"|visit[ _]?date|seen|operated)(?![\w])(?:[ \t]{1,3}on)?"
    rf"{_SEP}(?P<date>{DATE})",
    re.IGNORECASE,
)
_EVENT_KEYWORDS = ("admi", "date", "discharge", "died", "deceased", "death", "dod", "dos", "visit", "seen", "operated")


def plausible_date(date: str) -> bool:
    """A date a real person's record could carry: not a shifted MIMIC year such as 2150."""
    year = _YEAR.search(date)
    return year is None or real_year(int(year.group(0)))


# --- names -----------------------------------------------------------------------------------

# A capitalised name word: "Vance", "O'Neill", "D’Angelo", "McAllister", "Schmidt-Weber".
NAME_WORD = r"(?:[A-Z]['’](?=[A-Z])|Ma?c(?=[A-Z]))?[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?"
_NAME = re.compile(
    rf"(?<![\w])(?:(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof)\.?[ \t]{{1,3}}{NAME_WORD}(?:[ \t]{{1,3}}{NAME_WORD})?"
    rf"|{NAME_WORD}(?:[ \t]{{1,3}}[A-Z]\.)?[ \t]{{1,3}}{NAME_WORD}"
    rf"|[A-Z]{{2,}}(?:-[A-Z]{{2,}})?,[ \t]{{0,3}}{NAME_WORD})(?![\w])"
)
PERSON = (
    rf"{NAME_WORD}(?:[ \t]{{1,3}}(?:[A-Z]\.|{NAME_WORD})){{1,3}}"
    rf"|(?:[A-Z]{{2,}}(?:-[A-Z]{{2,}})?|{NAME_WORD}),[ \t]{{0,3}}{NAME_WORD}(?:[ \t]{{1,3}}[A-Z]\.)?"
)
_NAME_LABELLED = re.compile(
    r"(?P<label>(?:patient|pt)(?:'s)?[ _]?name|patientName|full[ _]?name|fullName|name|patient|pt"
    r"|next[ \t]of[ \t]kin|NOK|emergency[ \t]contact|guarantor|mother|father|spouse|husband|wife)"
    rf"[\"']?[ \t]{{0,3}}[:=][ \t]{{0,3}}[\"']?(?P<name>{PERSON})(?![\w])",
    re.IGNORECASE,
)
_NAME_KEYWORDS = (
    "patient",
    "pt",
    "full",
    "name",
    "next",
    "nok",
    "emergency",
    "guarantor",
    "mother",
    "father",
    "spouse",
    "husband",
    "wife",
)
# Capitalised words that are not names, so "Admission Date" or "Discharge Summary" is no name.
NOT_NAMES = {
    "date",
    "dates",
    "birth",
    "born",
    "dob",
    "name",
    "names",
    "patient",
    "patients",
    "pt",
    "the",
    "this",
    "that",
    "these",
    "those",
    "a",
    "an",
    "and",
    "or",
    "of",
    "on",
    "in",
    "at",
    "for",
    "with",
    "admission",
    "admitted",
    "discharge",
    "discharged",
    "hospital",
    "medical",
    "record",
    "records",
    "number",
    "summary",
    "note",
    "notes",
    "history",
    "street",
    "age",
    "sex",
    "male",
    "female",
    "unit",
    "service",
    "attending",
    "physician",
    "doctor",
    "nurse",
    "clinic",
    "center",
    "centre",
    "department",
    "table",
    "figure",
    "example",
    "synthetic",
    "safe",
    "harbor",
    "harbour",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "chief",
    "complaint",
    "diagnosis",
    "mrn",
    "id",
    "ssn",
    "phone",
    "address",
    "email",
    "mail",
    "year",
    "years",
    "old",
    "yo",
    "unknown",
    "redacted",
    "none",
    "required",
    "optional",
    "anonymous",
    "placeholder",
    "test",
    "sample",
    "string",
    "value",
    "field",
    "first",
    "last",
    "full",
    "given",
    "family",
    "word",
}
HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof"}


_WORDS = re.compile(r"[\s,]+")


def is_name(candidate: str) -> bool:
    """True unless ``candidate``, honorifics aside, is empty or has a word that is no name (``Date``,
    ``Patient``, ``Summary``, month and day names...)."""
    words = [w.strip(".,").lower() for w in _WORDS.split(candidate) if w.strip(".,")]
    words = [w for w in words if w not in HONORIFICS]
    return bool(words) and not any(w in NOT_NAMES for w in words)


def _labelled_names(text: str, lower: str) -> list[re.Match[str]]:
    found = []
    for position in keyword_starts(lower, _NAME_KEYWORDS):
        match = _NAME_LABELLED.match(text, position, position + WINDOW)
        if not match or not is_name(match.group("name")):
            continue
        if match.group("label") == "name":  # a YAML/JSON `name:` key names authors and datasets too
            continue
        found.append(match)
    return found


def name_hits(text: str, lower: str) -> Iterator[Hit]:
    """Names after a label (``Patient:``, ``Full name:``, ``Next of kin:``...); a lower-case ``name:``
    key alone does not count, as YAML and JSON use it for authors and datasets."""
    for match in _labelled_names(text, lower):
        name = match.group("name")
        yield Hit("phi-name", match.start("name"), match.end("name"), f"a patient's name ({initials(name)})", (name,))


class _NameFinder:
    """The personal name next to a position: on its line, or a labelled name within three lines.

    Each line is searched for names once, however many dates it holds (no rescans)."""

    def __init__(self, text: str, lower: str):
        self.text, self.lower = text, lower
        self.lines = Lines(text)
        self.on_line: dict[int, list[tuple[int, int, str]]] = {}
        self.labelled: list[tuple[int, str]] | None = None

    def _line_range(self, number: int) -> tuple[int, int]:
        starts = self.lines.starts
        start = starts[number - 1]
        end = starts[number] - 1 if number < len(starts) else len(self.text)
        return start, end

    def near(self, start: int, end: int) -> str | None:
        number = self.lines.line(start)
        if number not in self.on_line:
            line_start, line_end = self._line_range(number)
            self.on_line[number] = [
                (m.start(), m.end(), m.group(0))
                for m in _NAME.finditer(self.text, line_start, line_end)
                if is_name(m.group(0))
            ]
        for name_start, name_end, name in self.on_line[number]:
            if not (name_start < end and name_end > start):
                return name
        if self.labelled is None:
            self.labelled = [(m.start(), m.group("name")) for m in _labelled_names(self.text, self.lower)]
        first = self._line_range(max(1, number - 3))[0]
        last = self._line_range(min(len(self.lines.starts), number + 3))[1]
        index = bisect.bisect_left(self.labelled, (first, ""))
        if index < len(self.labelled) and self.labelled[index][0] <= last:
            return self.labelled[index][1]
        return None


def dob_hits(text: str, lower: str) -> Iterator[Hit]:
    """Dates of birth after a label (``DOB``, ``born on``...), a day and month without a year
    included; shifted years such as 2150 are not real dates. A personal name nearby is shown in the
    finding and is one more string a declared generator must contain."""
    names: _NameFinder | None = None
    for position in keyword_starts(lower, ("dob", "d.o.b", "date", "birth", "born")):
        match = _DOB.match(text, position, position + WINDOW)
        if not match or not plausible_date(match.group("date")):
            continue
        names = names or _NameFinder(text, lower)
        name = names.near(match.start(), match.end())
        date = match.group("date")
        if name:
            what = f"a date of birth next to a personal name ({initials(name)}, born {mask_date(date)})"
        else:
            what = f"a date of birth ({mask_date(date)})"
        yield Hit("phi-dob", match.start(), match.end(), what, (date, name) if name else (date,))


def event_date_hits(text: str, lower: str) -> Iterator[Hit]:
    """Dates of care or death after a label (admitted, discharged, died, date of service...): only
    dates with a four-digit year in a plausible range."""
    for position in keyword_starts(lower, _EVENT_KEYWORDS):
        match = _EVENT.match(text, position, position + WINDOW)
        if not match or not plausible_date(match.group("date")) or not _YEAR.search(match.group("date")):
            continue
        date, label = match.group("date"), match.group("label").lower().replace("_", " ")
        yield Hit(
            "phi-date",
            match.start("date"),
            match.end("date"),
            f"a date of a patient's care or death ({label} {mask_date(date)})",
            (date,),
        )


# --- ages over 89 ----------------------------------------------------------------------------

_AGE = r"(?P<age>9\d|1[01]\d)"
_AGE_AFTER = re.compile(
    rf"(?<![\w.,/±≥>+-]){_AGE}(?:[ \t]?-?[ \t]?(?:years?|yrs?|y)[ \t]?-?[ \t]?(?:old|o\b)"
    r"|[ \t]?(?:yo|y/o|y\.o\.?)"
    r"|[ \t]?years?[ \t]of[ \t]age)(?![\w])",
    re.IGNORECASE,
)
_AGE_LABEL = re.compile(
    rf"(?:aged?|age:)[\"']?[ \t]{{0,3}}[:=]?[ \t]{{0,3}}[\"']?{_AGE}(?![\d%+]|[.,–-]\d)"
    r"(?![ \t]{0,3}(?:\+|%|or[ \t]older|or[ \t]over|and[ \t]older|and[ \t]over|years?[ \t]and))",
    re.IGNORECASE,
)
_AGE_START = re.compile(r"(?:9\d|1[01]\d)(?!\d)")
_AGGREGATE = ("over ", "than ", "least ", "above ", "≥", ">", "beyond ")  # "over 90 years old" is a group


def age_hits(text: str, lower: str) -> Iterator[Hit]:
    """Ages over 89 (90 to 119): ``92-year-old``, ``95 yo``, ``aged 91``; not a group (``over 90 years
    old``) or a range (``age 90+``, ``90 or older``)."""
    for candidate in _AGE_START.finditer(text):
        if candidate.start() and text[candidate.start() - 1].isdigit():
            continue
        match = _AGE_AFTER.match(text, candidate.start(), candidate.start() + 40)
        if match and not any(word in lower[max(0, match.start() - 8) : match.start()] for word in _AGGREGATE):
            yield _age(match)
    for position in keyword_starts(lower, ("age",)):
        match = _AGE_LABEL.match(text, position, position + 40)
        if match:
            yield _age(match)


def _age(match: re.Match[str]) -> Hit:
    return Hit(
        "phi-age",
        match.start("age"),
        match.end(),
        f"an age over 89 ({'*' * len(match.group('age'))} years)",
        (match.group(0),),
    )
