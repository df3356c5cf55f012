"""Detector of identifiers in labelled table columns: a Markdown table, CSV, TSV or pipe table
whose header names a column "Name", "DOB", "SSN", "Phone", "ZIP", "Age" ... and rows whose cell
in that column has the shape of that identifier ("| Jane Roe | 03/14/1962 |")."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from .people import FULL_DATE, NAME_WORD, PERSON, is_name, plausible_date
from .text import Hit, initials, keyword_starts, mask_all_but_last, mask_date

_KINDS: dict[str, str] = {}
for _kind, _headers in {
    "name": "name patientname ptname fullname patient patientsname nextofkin",
    "part": "firstname lastname surname givenname familyname",
    "dob": "dob dateofbirth birthdate birthday born",
    "date": "admissiondate admitdate admitted dischargedate discharged dateofdeath deathdate dod "
    "dateofservice servicedate visitdate encounterdate dos",
    "ssn": "ssn socialsecuritynumber socialsecurity",
    "id": "mrn medicalrecordnumber patientid accountnumber acct memberid insuranceid policynumber "
    "healthplannumber beneficiaryid",
    "phone": "phone telephone tel fax mobile cell phonenumber cellphone contactnumber homephone",
    "address": "address streetaddress street homeaddress",
    "zip": "zip zipcode postalcode postcode",
    "city": "city county town",
    "age": "age",
}.items():
    _KINDS.update(dict.fromkeys(_headers.split(), _kind))
_KEYWORDS = (
    "name",
    "patient",
    "pt",
    "full",
    "next",
    "first",
    "last",
    "surname",
    "given",
    "family",
    "dob",
    "date",
    "birth",
    "born",
    "admi",
    "discharge",
    "death",
    "dod",
    "dos",
    "visit",
    "encounter",
    "service",
    "ssn",
    "social",
    "mrn",
    "medical",
    "acct",
    "account",
    "member",
    "insurance",
    "policy",
    "health",
    "beneficiary",
    "phone",
    "telephone",
    "tel",
    "fax",
    "mobile",
    "cell",
    "contact",
    "home",
    "address",
    "street",
    "zip",
    "postal",
    "post",
    "city",
    "county",
    "town",
    "age",
)
_NORMAL = re.compile(r"[\s_.\-/'’\"`*:#]+")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")

_SHAPES = {
    "name": re.compile(rf"(?:{PERSON})$"),
    "part": re.compile(rf"{NAME_WORD}$"),
    "ssn": re.compile(r"\d{3}[- ]?\d{2}[- ]?\d{4}$"),
    "id": re.compile(r"[A-Za-z]{0,4}[-#]?\d[\dA-Za-z-]{4,20}$"),
    "phone": re.compile(r"\+?[\d ().-]{7,20}$"),
    "address": re.compile(r"\d{1,5}[A-Za-z]?[ \t]+[A-Za-z]"),
    "zip": re.compile(r"\d{5}(?:-\d{4})?$"),
    "city": re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}$"),
    "age": re.compile(r"(?:9\d|1[01]\d)$"),
}
_RULES = {
    "name": "phi-name",
    "part": "phi-name",
    "dob": "phi-dob",
    "date": "phi-date",
    "ssn": "phi-ssn",
    "id": "phi-id",
    "phone": "phi-phone",
    "address": "phi-address",
    "zip": "phi-address",
    "city": "phi-address",
    "age": "phi-age",
}
_NOUNS = {
    "name": "a patient's name",
    "part": "a patient's name",
    "dob": "a date of birth",
    "date": "a date of a patient's care or death",
    "ssn": "a US social security number",
    "id": "a record or account number",
    "phone": "a phone or fax number",
    "address": "a street address",
    "zip": "a ZIP code",
    "city": "a city or county",
    "age": "an age over 89",
}


class _Table:
    """A header's columns and how its rows split: on a delimiter, or (pandas text output, columns
    right-aligned under their names) at the right edge of each column name."""

    def __init__(self, delimiter: str, kinds: dict[int, str], edges: list[int] | None = None):
        self.delimiter, self.kinds, self.edges = delimiter, kinds, edges

    def cells(self, line: str) -> list[str] | None:
        """The row's cells, or None if the line ends the table."""
        if not line.strip():
            return None
        if self.edges is None:
            return _split(line, self.delimiter) if self.delimiter in line else None
        index = _PANDAS_INDEX.match(line)
        if not index:
            return None
        starts = [index.end(), *self.edges[:-1]]
        return [line[start:end] for start, end in zip(starts, self.edges)]


def _split(line: str, delimiter: str) -> list[str]:
    if delimiter == "," and '"' in line:
        try:
            return next(csv.reader([line]))
        except (csv.Error, StopIteration):
            return line.split(",")
    if delimiter == "|":
        stripped = line.strip()
        return stripped.strip("|").split("|")
    return line.split(delimiter)


def _delimiter(line: str) -> str | None:
    return next((d for d in ("|", "\t", ",", ";") if d in line), None)


# A bare "Name" column also lists models, datasets or drugs; it counts only in a table that has
# another identifier column, or a sex or gender column (a table of people).
_WEAK = {"name", "firstname", "lastname", "surname", "givenname", "familyname"}
_PEOPLE = {"sex", "gender"}


def _kinds(cells: list[str]) -> dict[int, str]:
    kinds, weak, people = {}, set(), False
    for index, cell in enumerate(cells):
        header = _NORMAL.sub("", cell.lower())
        people = people or header in _PEOPLE
        kind = _KINDS.get(header)
        if kind:
            kinds[index] = kind
            if header in _WEAK:
                weak.add(index)
    if weak and len(weak) == len(kinds) and not people:
        return {}
    return kinds


_PANDAS_HEADER = re.compile(r"^ {2,}[A-Za-z_][\w ]{0,400}$")  # "       name         dob"
_PANDAS_INDEX = re.compile(r"^\d+ ")  # a row of pandas text output starts with its index
_COLUMN_NAME = re.compile(r"[A-Za-z_]\w*")


def _header(line: str) -> _Table | None:
    delimiter = _delimiter(line)
    if delimiter is None:
        if not _PANDAS_HEADER.match(line):
            return None
        names = list(_COLUMN_NAME.finditer(line))
        kinds = _kinds([m.group(0) for m in names])
        return _Table("", kinds, [m.end() for m in names]) if kinds and len(names) >= 2 else None
    cells = _split(line, delimiter)
    if len(cells) < 2 or len(cells) > 200:
        return None
    kinds = _kinds(cells)
    return _Table(delimiter, kinds) if kinds else None


def _identifies(kind: str, value: str) -> bool:
    if kind in ("dob", "date"):
        with_year = kind == "dob" or value[-2:].isdigit()  # a care date needs its year to be checked
        return bool(FULL_DATE.match(value)) and plausible_date(value) and with_year
    if not _SHAPES[kind].match(value):
        return False
    if kind in ("name", "part", "city"):
        return is_name(value)
    if kind == "phone":
        return 7 <= sum(ch.isdigit() for ch in value) <= 15
    return True


def _shown(kind: str, value: str, name: str | None) -> str:
    if kind in ("name", "part"):
        return f"{_NOUNS[kind]} ({initials(value)})"
    if kind in ("dob", "date"):
        near = f"{initials(name)}, " if name and kind == "dob" else ""
        return f"{_NOUNS[kind]} in a table ({near}{mask_date(value)})"
    if kind == "age":
        return f"{_NOUNS[kind]} in a table (** years)"
    return f"{_NOUNS[kind]} in a table ({mask_all_but_last(value, 2)})"


def _row_hits(line_start: int, line: str, cells: list[str], kinds: dict[int, str]) -> Iterator[Hit]:
    cells = [c.strip().strip("*`").strip() for c in cells]
    found = [(kinds[i], cells[i]) for i in sorted(kinds) if i < len(cells) and cells[i]]
    found = [(kind, value) for kind, value in found if _identifies(kind, value)]
    name = next((value for kind, value in found if kind == "name"), None)
    for kind, value in found:
        offset = line.find(value)
        start = line_start + max(offset, 0)
        values = (value, name) if kind == "dob" and name else (value,)
        yield Hit(_RULES[kind], start, start + len(value), _shown(kind, value, name), values)


def column_hits(text: str, lower: str) -> Iterator[Hit]:
    """Identifiers in a table's rows: under each header line (pipe, tab, comma or semicolon separated,
    or as pandas prints a frame) naming an identifying column, each row until the table ends whose cell
    in that column has the identifier's shape. A line is read at most once as a header and once as a row."""
    read_until = -1  # a line is read at most once as a header and once as a row
    for position in keyword_starts(lower, _KEYWORDS):
        if position < read_until:
            continue
        newline = text.rfind("\n", max(0, read_until), position)
        line_start = newline + 1 if newline >= 0 else max(0, read_until)
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        read_until = line_end
        table = _header(text[line_start:line_end])
        if table is None:
            continue
        start = line_end + 1
        while start < len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            line = text[start:end]
            cells = table.cells(line)
            if cells is None:
                break
            if not _SEPARATOR.match(line):
                yield from _row_hits(start, line, cells, table.kinds)
            start = end + 1
        read_until = start
