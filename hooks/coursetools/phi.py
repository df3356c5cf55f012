"""Patient-data safety: find text that looks like protected health information before it ships.

The check reads every Markdown page under ``docs/`` (front matter and body, fenced code included:
a note pasted into a code block is still published), every notebook (each cell's source and each
output's text, HTML, stream and traceback) and every data file (``.csv``, ``.tsv``, ``.json``,
``.jsonl``, ``.txt``, ``.yml``). It reports, as ``Finding``\\ s with the value partly redacted:

``phi-ssn``
    US social security numbers ``123-45-6789``. Unlabelled numbers with an impossible area
    (000, 666, 900-999), group 00 or serial 0000 are skipped; after an ``SSN:`` label every
    number is reported.
``phi-phone``
    US phone and fax numbers, ``(617) 555-0123``, ``617-555-0123``, ``617.555.0123``,
    ``+1 617 555 0123`` (area and exchange codes start with 2-9, both separators the same);
    international numbers ``+44 20 7946 0958`` (10-15 digits); anything of 7-15 digits after a
    ``Phone:``, ``Tel``, ``Fax``, ``Mobile`` or ``Pager`` label. Fictional 555-01xx numbers are
    reported too: the check cannot tell an invented number from a real one.
``phi-email``
    E-mail addresses, except role and service accounts that name no person (``git@github.com``,
    ``noreply@``, ``info@``, ``support@`` ...), SSH remotes ``git@host:owner/repo`` and image
    names such as ``logo@2x.png``. Addresses at reserved example domains (``example.com``) are
    reported: the part before the ``@`` can still be a real patient's name.
``phi-id``
    Medical record, account, health-plan beneficiary, member, Medicare/Medicaid and insurance
    numbers, only after such a label (``MRN: 1234567``, ``Acct #``), and NHS numbers (10 digits
    after ``NHS``).
``phi-dob``
    A date of birth (``DOB``, ``D.O.B.``, ``date of birth``, ``born``) with a full date, next to a
    capitalised personal name on the same line, or with a ``Name:``/``Patient:`` line within
    three lines. A birth year alone is not reported (HIPAA Safe Harbor keeps years).
``phi-address``
    Street addresses (house number, capitalised street name, Street/St/Avenue/Road/Blvd/Lane/
    Drive ...), with the city, state and ZIP code that follow them, and P.O. boxes. A city and
    ZIP code alone ("Cambridge, MA 02139" under a reference) are not reported.
``phi-restricted-rows``
    Rows shaped like an export of a credentialed dataset: a header of column names (CSV, TSV,
    Markdown table, pandas text or HTML output, JSON keys) that is the schema of a MIMIC-III,
    MIMIC-IV, MIMIC-IV-Note or MIMIC-IV-ED patient table (``subject_id`` and at least four of the
    table's columns, making up at least half of the header), followed by at least one data row.

Declared synthetic examples. A page may declare ``synthetic_phi: {generator: PATH, reason: ...}``
in its front matter (a notebook under ``metadata.course.synthetic_phi``). The generator must exist
in the repository, and a finding on that page is dropped only if every flagged string (the
number, the address, the name and date, the column names of a table) occurs literally in the
generator's source; otherwise it is reported as not traceable to the declared generator.

Data files matched by a ``files:`` pattern of a dataset-registry entry with a ``generator:`` are
declared synthetic: restricted-dataset-shaped rows are allowed there only if the file's bytes equal
what the generator's ``main(out_dir)`` writes (run once per process into a temporary folder).
Identifiers (SSN, phone, e-mail, record numbers, address, date of birth) are reported in data
files whatever their origin: the course's synthetic data carries none.

False positives are kept out by construction: no rule fires on ICD-10 codes, DOIs, arXiv ids,
PMIDs, NCT numbers, dates without a name and a birth label, doses, lab values, years, page ranges,
versions, IP addresses or table and footnote numbers, and the test suite holds a corpus of them.
"""

from __future__ import annotations

import bisect
import fnmatch
import importlib.util
import itertools
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import yaml

from .findings import Finding, rule
from .frontmatter import parse as parse_front_matter
from .repo import load_yaml, shown_path

rule('phi-ssn', "patient data", "No page, notebook or data file contains a US social security number.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-phone', "patient data", "No page, notebook or data file contains a phone or fax number.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-email', "patient data", "No page, notebook or data file contains an e-mail address.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-id', "patient data", "No page, notebook or data file contains a medical record, account, health-plan or other identifying number after its label.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-dob', "patient data", "No page, notebook or data file contains a date of birth next to a personal name.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-address', "patient data", "No page, notebook or data file contains a street address or P.O. box.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule('phi-restricted-rows', "patient data", "No page, notebook or data file contains rows shaped like an export of a MIMIC table.",
     "Replace it with an obviously synthetic value, or declare the page's synthetic examples (`synthetic_phi:`).")
rule("phi-declaration", "patient data", "A `synthetic_phi:` declaration names an existing generator and a reason.",
     "Name the repository file that generates the examples, and say why the page needs them.")
rule("phi-unreadable", "patient data", "Every notebook can be read, so it can be scanned for patient data.",
     "Open and save the notebook in Jupyter to repair it.")


REGISTRY = Path("_data") / "datasets.yml"  # relative to docs/
DATA_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".txt", ".yml", ".yaml"}
MAX_DATA_BYTES = 20_000_000  # a larger file is scanned up to here (its header is what matters)


# ---------------------------------------------------------------------------------------------
# Hits: what one rule found in one text
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """One PHI-like string at ``start:end`` of a text."""

    rule: str
    start: int
    end: int
    what: str  # "a US social security number (***-**-6789)", already redacted
    values: tuple[str, ...]  # the literal strings a declared generator must contain
    table: bool = False  # restricted-dataset rows rather than an identifier


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _mask_digits(text: str, keep: int) -> str:
    """Replace every digit but the last ``keep`` with ``*``."""
    total = _digits(text)
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_date(date: str) -> str:
    """Hide day and month, keep the year (HIPAA Safe Harbor keeps years too)."""
    groups = list(re.finditer(r"\d+", date))
    keep = next((g for g in groups if len(g.group(0)) == 4), groups[-1] if groups else None)
    def hide(group: re.Match[str]) -> str:
        return group.group(0) if keep and group.start() == keep.start() else "*" * len(group.group(0))

    return re.sub(r"\d+", hide, date)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _mask_word(word: str) -> str:
    return word[:1] + "*" * max(0, len(word) - 1)


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", name)
    return " ".join(w[0].upper() + "." for w in words if w.lower().rstrip(".") not in _HONORIFICS) or "?"


# Speed: Python's regular expressions scan fast only for a pattern that starts with a literal, so
# every rule starts from an anchor found with ``str.find`` or a literal-prefixed pattern (a label
# keyword, "@", "(", "+", "-", ".", ", ", a street suffix) and only then matches the full shape.

def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _keyword_starts(lower: str, keywords: Iterable[str]) -> list[int]:
    """Positions where a keyword starts a word (``lower`` is the lower-cased text)."""
    found: set[int] = set()
    for keyword in keywords:
        index = lower.find(keyword)
        while index >= 0:
            if index == 0 or not _word_char(lower[index - 1]):
                found.add(index)
            index = lower.find(keyword, index + 1)
    return sorted(found)


def _free_left(text: str, start: int, forbidden: str = "/.+-") -> bool:
    """True if nothing glued to the left of ``start`` makes it part of a longer token."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (_word_char(before) or before in forbidden)


def _free_right(text: str, end: int) -> bool:
    """True if the token ends at ``end``: no word character, no ``-5``/``.5``/``/5`` continuation."""
    if end >= len(text):
        return True
    after = text[end]
    if _word_char(after):
        return False
    return not (after in "-./" and end + 1 < len(text) and text[end + 1].isdigit())


# --- social security numbers -----------------------------------------------------------------

_SSN_TAIL = re.compile(r"-(?P<g>\d{2})-(?P<s>\d{4})")
_SSN_LABELLED = re.compile(
    r"(?:SSN|SS#|soc(?:ial)?\.?[ \t]+sec(?:urity)?\.?(?:[ \t]*(?:number|num|no\.?|#))?)"
    r"[ \t]*[:#=]?[ \t]*(?:is[ \t]+)?(?P<a>\d{3})[ \t-]?(?P<g>\d{2})[ \t-]?(?P<s>\d{4})(?![\w-])",
    re.IGNORECASE,
)


def _plausible_ssn(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def _ssn_hits(text: str, lower: str) -> Iterator[Hit]:
    for position in _keyword_starts(lower, ("ssn", "ss#", "soc")):
        match = _SSN_LABELLED.match(text, position)
        if match:
            yield Hit("phi-ssn", match.start("a"), match.end("s"),
                      f"a US social security number (***-**-{match.group('s')})",
                      (text[match.start("a"):match.end("s")],))
    for tail in _SSN_TAIL.finditer(text):
        start, end = tail.start() - 3, tail.end()
        area = text[max(start, 0):tail.start()]
        if start < 0 or not area.isdigit() or not area.isascii():
            continue
        if _free_left(text, start) and _free_right(text, end) and \
                _plausible_ssn(area, tail.group("g"), tail.group("s")):
            yield Hit("phi-ssn", start, end, f"a US social security number (***-**-{tail.group('s')})",
                      (text[start:end],))


# --- phone and fax numbers -------------------------------------------------------------------

_PHONE_TAILS = (re.compile(r"-(?P<e>[2-9]\d{2})-(?P<n>\d{4})"),
                re.compile(r"\.(?P<e>[2-9]\d{2})\.(?P<n>\d{4})"))
_PHONE_PARENS = re.compile(r"\((?P<a>[2-9]\d{2})\)[ .-]?(?P<e>[2-9]\d{2})[ .-](?P<n>\d{4})")
_PHONE_PLUS = re.compile(
    r"\+(?:1[ .-]?\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]?\d{4}"
    r"|(?P<cc>[2-9]\d{0,2})(?:[ .-]?\(0\))?(?:[ .-]?\d{1,5}){2,6})"
)
_US_PREFIX = re.compile(r"(?:\+?1[ .-]?)\Z")
_PHONE_LABELLED = re.compile(
    r"(?:phone|telephone|tel|fax|facsimile|mobile|cell[ \t]*phone|pager|beeper|contact[ \t]+number)\b\.?"
    r"(?:[ \t]*(?:number|num|no\.?|#))?[ \t]*[:#=]?[ \t]*(?:is[ \t]+)?(?P<num>\+?\(?\d[\d ().-]{5,20}\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _phone(start: int, end: int, text: str) -> Hit:
    value = text[start:end]
    return Hit("phi-phone", start, end, f"a phone or fax number ({_mask_digits(value, 2)})", (value,))


def _with_us_prefix(text: str, start: int) -> int:
    prefix = _US_PREFIX.search(text, max(0, start - 3), start)
    return prefix.start() if prefix else start


def _phone_hits(text: str, lower: str) -> Iterator[Hit]:
    for pattern in _PHONE_TAILS:  # 617-555-0123, 617.555.0123, 1-800-555-0199
        for tail in pattern.finditer(text):
            start, end = tail.start() - 3, tail.end()
            area = text[max(start, 0):tail.start()]
            if start < 0 or not (area.isdigit() and area.isascii()) or area[0] in "01":
                continue
            start = _with_us_prefix(text, start)
            if _free_left(text, start) and _free_right(text, end):
                yield _phone(start, end, text)
    index = text.find("(")
    while index >= 0:  # (617) 555-0123
        match = _PHONE_PARENS.match(text, index)
        if match and _free_right(text, match.end()):
            start = _with_us_prefix(text, index)
            if _free_left(text, start, "/.+-)]"):
                yield _phone(start, match.end(), text)
        index = text.find("(", index + 1)
    index = text.find("+")
    while index >= 0:  # +1 617 555 0123, +44 20 7946 0958
        match = _PHONE_PLUS.match(text, index)
        if match and _free_left(text, index, "/.+-)]") and _free_right(text, match.end()):
            digits = _digits(match.group(0))
            if (match.group("cc") is None and digits == 11) or 10 <= digits <= 15:
                yield _phone(index, match.end(), text)
        index = text.find("+", index + 1)
    for position in _keyword_starts(lower, ("phone", "tel", "fax", "facsimile", "mobile", "cell",
                                            "pager", "beeper", "contact")):
        match = _PHONE_LABELLED.match(text, position)
        if not match:
            continue
        value = match.group("num")
        start, end = match.start("num"), match.end("num")
        if 7 <= _digits(value) <= 15 and not _ISO_DATE.match(value) and _free_right(text, end):
            yield _phone(start, end, text)


# --- e-mail addresses ------------------------------------------------------------------------

_EMAIL_LOCAL = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,24}(?![\w-])"
)
# Local parts of role and service accounts: they reach an office or a machine, never a patient.
_ROLE_ACCOUNTS = {
    "git", "noreply", "no-reply", "donotreply", "do-not-reply", "notifications", "notification",
    "info", "contact", "support", "help", "helpdesk", "admin", "administrator", "webmaster",
    "postmaster", "hostmaster", "abuse", "privacy", "security", "press", "media", "office",
    "team", "hello", "feedback", "bugs", "mailer-daemon", "root", "nobody", "enquiries",
    "inquiries", "editor", "editors", "journals", "permissions", "licensing", "dpo",
}


def _email_hits(text: str, lower: str) -> Iterator[Hit]:
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        while start < at and not text[start].isalnum():  # a local part starts with a letter or digit
            start += 1
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if start < at and domain:
            yield from _email_hit(text, start, at, domain.end())
        at = text.find("@", at + 1)


def _email_hit(text: str, start: int, at: int, end: int) -> Iterator[Hit]:
    local, domain = text[start:at], text[at + 1:end]
    if local.lower() in _ROLE_ACCOUNTS or domain.lower().endswith("users.noreply.github.com"):
        return
    if re.match(r"\d+(?:\.\d+)?x\.", domain):  # logo@2x.png
        return
    if text[end:end + 1] == ":" and text[end + 1:end + 2] not in ("", " ", "\n", "\t"):  # git@host:owner/repo
        return
    labels = domain.split(".")
    shown = f"{_mask_word(local)}@{'.'.join(_mask_word(p) for p in labels[:-1])}.{labels[-1]}"
    yield Hit("phi-email", start, end, f"an e-mail address ({shown})", (text[start:end],))


# --- labelled record, account and plan numbers -----------------------------------------------

_ID_SEP = r"[ \t]*(?:[:#=]|\bis\b|\bwas\b)?[ \t]*(?:#[ \t]*)?"
_ID_VALUE = r"(?P<value>[A-Za-z]{0,4}[-#]?\d[A-Za-z0-9-]{2,20})(?![\w-])"
_ID_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("medical record number", re.compile(
        r"(?:MRN|MR[ \t]*#|med(?:ical)?\.?[ \t]*rec(?:ord)?s?\.?[ \t]*(?:number|num|no\.?|#)|medical[ \t]+record)"
        + _ID_SEP + _ID_VALUE, re.IGNORECASE)),
    ("account number", re.compile(
        r"(?:acct|acc(?:oun)?t\.?[ \t]*(?:number|num|no\.?|#))" + _ID_SEP + _ID_VALUE, re.IGNORECASE)),
    ("health plan beneficiary number", re.compile(
        r"(?:health[ \t]+plan[ \t]+(?:beneficiary|member|subscriber)(?:[ \t]+(?:number|num|no\.?|#|id))?"
        r"|(?:beneficiary|member|subscriber|insurance|policy|plan)[ \t]+(?:id|number|num|no\.?|#)"
        r"|medicare[ \t]+(?:beneficiary[ \t]+identifier|number|num|id|no\.?|#)"
        r"|medicaid[ \t]+(?:number|num|id|no\.?|#)|MBI)" + _ID_SEP + _ID_VALUE, re.IGNORECASE)),
]
_ID_KEYWORDS = ("mrn", "mr", "med", "acct", "acc", "health", "beneficiary", "member", "subscriber",
                "insurance", "policy", "plan", "mbi")
_NHS = re.compile(
    r"NHS[ \t]*(?:number|num|no\.?|#)?[ \t]*[:#=]?[ \t]*(?:is[ \t]+)?(?P<value>\d{3}[ -]?\d{3}[ -]?\d{4})(?![\w-])",
    re.IGNORECASE,
)


def _id_hits(text: str, lower: str) -> Iterator[Hit]:
    for position in _keyword_starts(lower, _ID_KEYWORDS):
        for kind, pattern in _ID_KINDS:
            match = pattern.match(text, position)
            if not match:
                continue
            value = match.group("value")
            digits = _digits(value)
            letters = sum(ch.isalpha() for ch in value)
            if digits >= 5 or (digits >= 4 and letters >= 3 and len(value) >= 8):
                yield Hit("phi-id", match.start("value"), match.end("value"),
                          f"{_article(kind)} {kind} ({_mask_digits(value, 2)})", (value,))
                break
    for position in _keyword_starts(lower, ("nhs",)):
        match = _NHS.match(text, position)
        if match:
            value = match.group("value")
            yield Hit("phi-id", match.start("value"), match.end("value"),
                      f"an NHS number ({_mask_digits(value, 2)})", (value,))


# --- dates of birth next to names ------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-]*\d)"
         r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}[ \t]*,?[ \t]*\d{{4}}(?!\d)"
         rf"|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?[ \t]*,?[ \t]*\d{{4}}(?!\d))")
_DOB = re.compile(
    r"(?:D\.?O\.?B\.?|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthdate|born(?:[ \t]+on)?)"
    rf"(?![\w])[ \t]*(?:[:=-]|\bis\b|\bwas\b)?[ \t]*(?P<date>{_DATE})",
    re.IGNORECASE,
)
_HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof"}
_NAME_WORD = r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?"
_NAME = re.compile(
    rf"(?<![\w])(?:(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof)\.?[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?"
    rf"|{_NAME_WORD}(?:[ \t]+[A-Z]\.)?[ \t]+{_NAME_WORD}"
    rf"|[A-Z]{{2,}}(?:-[A-Z]{{2,}})?,[ \t]*{_NAME_WORD})(?![\w])"
)
_NAME_LABELLED = re.compile(
    r"(?<![\w])(?i:(?:patient|pt)(?:'s)?[ \t]+name|name|patient|pt)[ \t]*[:=][ \t]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:[A-Z]\.|{_NAME_WORD})){{0,3}}"
    rf"|[A-Z]{{2,}}(?:-[A-Z]{{2,}})?,[ \t]*{_NAME_WORD})"
)
# Capitalised words that are not names, so "Admission Date" or "Discharge Summary" is no name.
_NOT_NAMES = {
    "date", "dates", "birth", "born", "dob", "name", "names", "patient", "patients", "pt", "the",
    "this", "that", "these", "those", "a", "an", "and", "or", "of", "on", "in", "at", "for", "with",
    "admission", "admitted", "discharge", "discharged", "hospital", "medical", "record", "records",
    "number", "summary", "note", "notes", "history", "street", "age", "sex", "male", "female",
    "unit", "service", "attending", "physician", "doctor", "nurse", "clinic", "center", "centre",
    "department", "table", "figure", "example", "synthetic", "safe", "harbor", "harbour",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "today", "yesterday", "chief", "complaint", "diagnosis", "mrn", "id",
    "ssn", "phone", "address", "email", "mail", "year", "years", "old", "yo",
}


def _is_name(candidate: str) -> bool:
    words = [w.strip(".,").lower() for w in re.split(r"[\s,]+", candidate) if w.strip(".,")]
    words = [w for w in words if w not in _HONORIFICS]
    return bool(words) and not any(w in _NOT_NAMES for w in words)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _dob_hits(text: str, lower: str) -> Iterator[Hit]:
    for position in _keyword_starts(lower, ("dob", "d.o.b", "date", "birth", "born")):
        match = _DOB.match(text, position)
        if not match:
            continue
        line_start, line_end = _line_bounds(text, match.start(), match.end())
        name = None
        for candidate in _NAME.finditer(text, line_start, line_end):
            overlaps = candidate.start() < match.end() and candidate.end() > match.start()
            if not overlaps and _is_name(candidate.group(0)):
                name = candidate.group(0)
                break
        if name is None:  # a "Name: ..." line within three lines above or below
            start, end = line_start, line_end
            for _ in range(3):
                start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
                following = text.find("\n", end + 1)
                end = len(text) if following < 0 else following
            for candidate in _NAME_LABELLED.finditer(text, start, end):
                if _is_name(candidate.group("name")):
                    name = candidate.group("name")
                    break
        if name is None:
            continue
        date = match.group("date")
        yield Hit("phi-dob", match.start(), match.end(),
                  f"a date of birth next to a personal name ({_initials(name)}, born {_mask_date(date)})",
                  (date, name))


# --- street addresses ------------------------------------------------------------------------

_STREET_SUFFIX = re.compile(
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Ter"
    r"|Parkway|Pkwy|Highway|Hwy|Way|Circle|Cir|Square|Sq)\b"
)
_STREET_BEFORE = re.compile(
    r"(?P<num>\d{1,5}[A-Za-z]?(?:-\d{1,5})?)[ \t]+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?"
    r"(?P<name>(?:(?:[A-Z][A-Za-z'-]*|\d{1,3}(?:st|nd|rd|th))\.?[ \t]+){1,3})\Z"
)
_STREET_AFTER = re.compile(
    r"\.?(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?[ \t]*#?[ \t]*[\w-]+)?")
_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
           "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR").split()
_CITY_STATE_ZIP = re.compile(
    r",?[ \t]+(?:[A-Z][a-zA-Z.'-]+[ \t]){0,2}[A-Z][a-zA-Z.'-]+,?[ \t]+"
    rf"(?:{'|'.join(_STATES)})(?:[ \t]+\d{{5}}(?:-\d{{4}})?)?(?![\w-])"
)
_PO_BOX = re.compile(r"P\.?[ \t]?O\.?[ \t]*Box[ \t]+\d+(?![\w])", re.IGNORECASE)


def _address_hits(text: str, lower: str) -> Iterator[Hit]:
    for suffix in _STREET_SUFFIX.finditer(text):
        if suffix.start() == 0 or text[suffix.start() - 1] not in " \t":
            continue
        line_start = text.rfind("\n", 0, suffix.start()) + 1
        before = _STREET_BEFORE.search(text, max(line_start, suffix.start() - 80), suffix.start())
        if not before or not _free_left(text, before.start(), "/.,#$-"):
            continue
        name = before.group("name").split()
        if all(w.strip(".").lower() in _NOT_NAMES for w in name):
            continue
        end = _STREET_AFTER.match(text, suffix.end()).end()
        shown = " ".join(["*" * len(before.group("num"))] + [_mask_word(w) for w in name] + [suffix.group(0)])
        city = _CITY_STATE_ZIP.match(text, end)
        if city:  # ", Springfield, IL 62704" belongs to the address
            end = city.end()
            shown += ", with city and state"
        yield Hit("phi-address", before.start(), end, f"a street address ({shown})",
                  (text[before.start():end],))
    for position in _keyword_starts(lower, ("p.o", "po ", "p o")):
        match = _PO_BOX.match(text, position)
        if match:
            yield Hit("phi-address", match.start(), match.end(),
                      f"a post office box ({_mask_digits(match.group(0), 1)})", (match.group(0),))


# --- rows of restricted datasets -------------------------------------------------------------

def _schema(columns: str) -> frozenset[str]:
    return frozenset(columns.split())


# Patient-level tables (those with subject_id) of the credentialed MIMIC databases, from the
# official build scripts (MIT-LCP/mimic-code, buildmimic/postgres) and the MIMIC-IV documentation.
RESTRICTED_TABLES: dict[str, frozenset[str]] = {
    # MIMIC-III v1.4
    "MIMIC-III ADMISSIONS": _schema(
        "row_id subject_id hadm_id admittime dischtime deathtime admission_type admission_location "
        "discharge_location insurance language religion marital_status ethnicity edregtime edouttime "
        "diagnosis hospital_expire_flag has_chartevents_data"),
    "MIMIC-III CALLOUT": _schema(
        "row_id subject_id hadm_id submit_wardid submit_careunit curr_wardid curr_careunit "
        "callout_wardid callout_service request_tele request_resp request_cdiff request_mrsa "
        "request_vre callout_status callout_outcome discharge_wardid acknowledge_status createtime "
        "updatetime acknowledgetime outcometime firstreservationtime currentreservationtime"),
    "MIMIC-III CHARTEVENTS": _schema(
        "row_id subject_id hadm_id icustay_id itemid charttime storetime cgid value valuenum "
        "valueuom warning error resultstatus stopped"),
    "MIMIC-III CPTEVENTS": _schema(
        "row_id subject_id hadm_id costcenter chartdate cpt_cd cpt_number cpt_suffix ticket_id_seq "
        "sectionheader subsectionheader description"),
    "MIMIC-III DATETIMEEVENTS": _schema(
        "row_id subject_id hadm_id icustay_id itemid charttime storetime cgid value valueuom warning "
        "error resultstatus stopped"),
    "MIMIC-III DIAGNOSES_ICD": _schema("row_id subject_id hadm_id seq_num icd9_code"),
    "MIMIC-III DRGCODES": _schema(
        "row_id subject_id hadm_id drg_type drg_code description drg_severity drg_mortality"),
    "MIMIC-III ICUSTAYS": _schema(
        "row_id subject_id hadm_id icustay_id dbsource first_careunit last_careunit first_wardid "
        "last_wardid intime outtime los"),
    "MIMIC-III INPUTEVENTS_CV": _schema(
        "row_id subject_id hadm_id icustay_id charttime itemid amount amountuom rate rateuom "
        "storetime cgid orderid linkorderid stopped newbottle originalamount originalamountuom "
        "originalroute originalrate originalrateuom originalsite"),
    "MIMIC-III INPUTEVENTS_MV": _schema(
        "row_id subject_id hadm_id icustay_id starttime endtime itemid amount amountuom rate "
        "rateuom storetime cgid orderid linkorderid ordercategoryname secondaryordercategoryname "
        "ordercomponenttypedescription ordercategorydescription patientweight totalamount "
        "totalamountuom isopenbag continueinnextdept cancelreason statusdescription "
        "comments_editedby comments_canceledby comments_date originalamount originalrate"),
    "MIMIC-III LABEVENTS": _schema(
        "row_id subject_id hadm_id itemid charttime value valuenum valueuom flag"),
    "MIMIC-III MICROBIOLOGYEVENTS": _schema(
        "row_id subject_id hadm_id chartdate charttime spec_itemid spec_type_desc org_itemid "
        "org_name isolate_num ab_itemid ab_name dilution_text dilution_comparison dilution_value "
        "interpretation"),
    "MIMIC-III NOTEEVENTS": _schema(
        "row_id subject_id hadm_id chartdate charttime storetime category description cgid iserror text"),
    "MIMIC-III OUTPUTEVENTS": _schema(
        "row_id subject_id hadm_id icustay_id charttime itemid value valueuom storetime cgid "
        "stopped newbottle iserror"),
    "MIMIC-III PATIENTS": _schema("row_id subject_id gender dob dod dod_hosp dod_ssn expire_flag"),
    "MIMIC-III PRESCRIPTIONS": _schema(
        "row_id subject_id hadm_id icustay_id startdate enddate drug_type drug drug_name_poe "
        "drug_name_generic formulary_drug_cd gsn ndc prod_strength dose_val_rx dose_unit_rx "
        "form_val_disp form_unit_disp route"),
    "MIMIC-III PROCEDUREEVENTS_MV": _schema(
        "row_id subject_id hadm_id icustay_id starttime endtime itemid value valueuom location "
        "locationcategory storetime cgid orderid linkorderid ordercategoryname "
        "secondaryordercategoryname ordercategorydescription isopenbag continueinnextdept "
        "cancelreason statusdescription comments_editedby comments_canceledby comments_date"),
    "MIMIC-III PROCEDURES_ICD": _schema("row_id subject_id hadm_id seq_num icd9_code"),
    "MIMIC-III SERVICES": _schema("row_id subject_id hadm_id transfertime prev_service curr_service"),
    "MIMIC-III TRANSFERS": _schema(
        "row_id subject_id hadm_id icustay_id dbsource eventtype prev_careunit curr_careunit "
        "prev_wardid curr_wardid intime outtime los"),
    # MIMIC-IV hosp
    "MIMIC-IV admissions": _schema(
        "subject_id hadm_id admittime dischtime deathtime admission_type admit_provider_id "
        "admission_location discharge_location insurance language marital_status race ethnicity "
        "edregtime edouttime hospital_expire_flag"),
    "MIMIC-IV diagnoses_icd": _schema("subject_id hadm_id seq_num icd_code icd_version"),
    "MIMIC-IV drgcodes": _schema(
        "subject_id hadm_id drg_type drg_code description drg_severity drg_mortality"),
    "MIMIC-IV emar": _schema(
        "subject_id hadm_id emar_id emar_seq poe_id pharmacy_id enter_provider_id charttime "
        "medication event_txt scheduletime storetime"),
    "MIMIC-IV emar_detail": _schema(
        "subject_id emar_id emar_seq parent_field_ordinal administration_type pharmacy_id "
        "barcode_type reason_for_no_barcode complete_dose_not_given dose_due dose_due_unit "
        "dose_given dose_given_unit will_remainder_of_dose_be_given product_amount_given "
        "product_unit product_code product_description product_description_other "
        "prior_infusion_rate infusion_rate infusion_rate_adjustment infusion_rate_adjustment_amount "
        "infusion_rate_unit route infusion_complete completion_interval new_iv_bag_hung "
        "continued_infusion_in_other_location restart_interval side site "
        "non_formulary_visual_verification"),
    "MIMIC-IV hcpcsevents": _schema(
        "subject_id hadm_id chartdate hcpcs_cd seq_num short_description"),
    "MIMIC-IV labevents": _schema(
        "labevent_id subject_id hadm_id specimen_id itemid order_provider_id charttime storetime "
        "value valuenum valueuom ref_range_lower ref_range_upper flag priority comments"),
    "MIMIC-IV microbiologyevents": _schema(
        "microevent_id subject_id hadm_id micro_specimen_id order_provider_id chartdate charttime "
        "spec_itemid spec_type_desc test_seq storedate storetime test_itemid test_name org_itemid "
        "org_name isolate_num quantity ab_itemid ab_name dilution_text dilution_comparison "
        "dilution_value interpretation comments"),
    "MIMIC-IV omr": _schema("subject_id chartdate seq_num result_name result_value"),
    "MIMIC-IV patients": _schema(
        "subject_id gender anchor_age anchor_year anchor_year_group dod"),
    "MIMIC-IV pharmacy": _schema(
        "subject_id hadm_id pharmacy_id poe_id starttime stoptime medication proc_type status "
        "entertime verifiedtime route frequency disp_sched infusion_type sliding_scale "
        "lockout_interval basal_rate one_hr_max doses_per_24_hrs duration duration_interval "
        "expiration_value expiration_unit expirationdate dispensation fill_quantity"),
    "MIMIC-IV poe": _schema(
        "poe_id poe_seq subject_id hadm_id ordertime order_type order_subtype transaction_type "
        "discontinue_of_poe_id discontinued_by_poe_id order_provider_id order_status"),
    "MIMIC-IV poe_detail": _schema("poe_id poe_seq subject_id field_name field_value"),
    "MIMIC-IV prescriptions": _schema(
        "subject_id hadm_id pharmacy_id poe_id poe_seq order_provider_id starttime stoptime "
        "drug_type drug formulary_drug_cd gsn ndc prod_strength form_rx dose_val_rx dose_unit_rx "
        "form_val_disp form_unit_disp doses_per_24_hrs route"),
    "MIMIC-IV procedures_icd": _schema(
        "subject_id hadm_id seq_num chartdate icd_code icd_version"),
    "MIMIC-IV services": _schema("subject_id hadm_id transfertime prev_service curr_service"),
    "MIMIC-IV transfers": _schema(
        "subject_id hadm_id transfer_id eventtype careunit intime outtime"),
    # MIMIC-IV icu
    "MIMIC-IV chartevents": _schema(
        "subject_id hadm_id stay_id caregiver_id charttime storetime itemid value valuenum "
        "valueuom warning"),
    "MIMIC-IV datetimeevents": _schema(
        "subject_id hadm_id stay_id caregiver_id charttime storetime itemid value valueuom warning"),
    "MIMIC-IV icustays": _schema(
        "subject_id hadm_id stay_id first_careunit last_careunit intime outtime los"),
    "MIMIC-IV ingredientevents": _schema(
        "subject_id hadm_id stay_id caregiver_id starttime endtime storetime itemid amount "
        "amountuom rate rateuom orderid linkorderid statusdescription originalamount originalrate"),
    "MIMIC-IV inputevents": _schema(
        "subject_id hadm_id stay_id caregiver_id starttime endtime storetime itemid amount "
        "amountuom rate rateuom orderid linkorderid ordercategoryname secondaryordercategoryname "
        "ordercomponenttypedescription ordercategorydescription patientweight totalamount "
        "totalamountuom isopenbag continueinnextdept statusdescription originalamount originalrate"),
    "MIMIC-IV outputevents": _schema(
        "subject_id hadm_id stay_id caregiver_id charttime storetime itemid value valueuom"),
    "MIMIC-IV procedureevents": _schema(
        "subject_id hadm_id stay_id caregiver_id starttime endtime storetime itemid value valueuom "
        "location locationcategory orderid linkorderid ordercategoryname ordercategorydescription "
        "patientweight isopenbag continueinnextdept statusdescription originalamount originalrate"),
    # MIMIC-IV-Note
    "MIMIC-IV-Note discharge": _schema(
        "note_id subject_id hadm_id note_type note_seq charttime storetime text"),
    "MIMIC-IV-Note radiology": _schema(
        "note_id subject_id hadm_id note_type note_seq charttime storetime text"),
    "MIMIC-IV-Note discharge_detail": _schema(
        "note_id subject_id field_name field_value field_ordinal"),
    # MIMIC-IV-ED
    "MIMIC-IV-ED edstays": _schema(
        "subject_id hadm_id stay_id intime outtime gender race arrival_transport disposition"),
    "MIMIC-IV-ED triage": _schema(
        "subject_id stay_id temperature heartrate resprate o2sat sbp dbp pain acuity chiefcomplaint"),
    "MIMIC-IV-ED vitalsign": _schema(
        "subject_id stay_id charttime temperature heartrate resprate o2sat sbp dbp rhythm pain"),
}
_KEY = "subject_id"
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def restricted_table(columns: Iterable[str]) -> tuple[str, list[str]] | None:
    """The restricted table whose schema these column names are, and the columns in common."""
    names = [c.strip().lower() for c in columns if c.strip()]
    present = set(names)
    if _KEY not in present or len(present) < 4:
        return None
    best: tuple[tuple[int, float], str] | None = None
    for table, schema in RESTRICTED_TABLES.items():
        common = len(present & schema)
        score = (common, common / len(schema))
        if common >= 4 and 2 * common >= len(present) and (best is None or score > best[0]):
            best = (score, table)
    if best is None:
        return None
    schema = RESTRICTED_TABLES[best[1]]
    return best[1], [n for n in names if n in schema]


def _table_hit(start: int, end: int, columns: list[str]) -> Hit | None:
    found = restricted_table(columns)
    if not found:
        return None
    table, common = found
    listed = ", ".join(common[:6]) + (", ..." if len(common) > 6 else "")
    return Hit("phi-restricted-rows", start, end,
               f"rows shaped like an export of {table}, a restricted dataset (columns {listed})",
               tuple(c for c in columns if c), table=True)


def _cells(line: str) -> list[str] | None:
    """The cells of a line that is only column names, or None."""
    for delimiter in ("|", "\t", ",", ";"):
        if delimiter in line:
            parts = line.split(delimiter)
            break
    else:
        parts = line.split()
    cells = [p.strip().strip("\"'`*").strip() for p in parts]
    cells = [c for c in cells if c and c != "..."]
    if len(cells) < 4 or not all(_COLUMN.match(c.lower()) for c in cells):
        return None
    return cells


def _line_table_hits(text: str, lower: str) -> Iterator[Hit]:
    """CSV, TSV, Markdown-table and pandas-text headers followed by a data row."""
    position = lower.find(_KEY)
    while position >= 0:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        cells = _cells(text[start:end])
        if cells:
            window = end
            for _ in range(4):
                following_end = text.find("\n", window + 1)
                window = len(text) if following_end < 0 else following_end
            following = text[end + 1:window].split("\n")
            rows = [row for row in following if row.strip() and not _MD_SEPARATOR.match(row)]
            if rows and any(ch.isdigit() for ch in rows[0]):
                hit = _table_hit(start, end, cells)
                if hit:
                    yield hit
        position = lower.find(_KEY, end)


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TH = re.compile(r"<th\b[^>]*>(.*?)</th\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")


def _html_table_hits(text: str, lower: str) -> Iterator[Hit]:
    if "<table" not in lower:
        return
    for table in _HTML_TABLE.finditer(text):
        body = table.group(0)
        if _KEY not in body.lower() or "<td" not in body.lower():
            continue
        head_end = body.lower().find("</thead")
        head = body[:head_end] if head_end >= 0 else body[: body.lower().find("</tr") + 1 or len(body)]
        columns = [_HTML_TAG.sub("", th).strip() for th in _HTML_TH.findall(head)]
        columns = [c for c in columns if c]
        if all(_COLUMN.match(c.lower()) for c in columns):
            hit = _table_hit(table.start(), table.start() + len(body), columns)
            if hit:
                yield hit


_RECORD_KEY = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']\s*:")
_KEY_AFTER = re.compile(r"[\"']\s*:")


def _record_hits(text: str, lower: str) -> Iterator[Hit]:
    """JSON objects, JSON Lines and Python dicts whose keys are a restricted table's columns."""
    position = lower.find(_KEY)
    while position >= 0:
        quote = text[position - 1:position] if position else ""
        after = _KEY_AFTER.match(text, position + len(_KEY))
        start = text.rfind("{", 0, position)
        end = text.find("}", position)
        if quote in ("'", '"') and after and text[after.start()] == quote and start >= 0 and end >= 0 \
                and "}" not in text[start:position]:
            hit = _table_hit(start, end + 1, _RECORD_KEY.findall(text, start, end))
            if hit:
                what = hit.what.replace("rows shaped", "records shaped")
                yield Hit(hit.rule, position - 1, after.end(), what, hit.values, table=True)
        position = lower.find(_KEY, position + 1)


# --- all rules -------------------------------------------------------------------------------

DETECTORS: list[Callable[[str, str], Iterable[Hit]]] = [
    _ssn_hits, _phone_hits, _email_hits, _id_hits, _dob_hits, _address_hits,
    _line_table_hits, _html_table_hits, _record_hits,
]


def find_hits(text: str) -> list[Hit]:
    """Every PHI-like string in ``text``; overlapping identifiers and repeated tables once."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    hits = [hit for detector in DETECTORS for hit in detector(text, lower)]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.rule))
    kept: list[Hit] = []
    last_end: dict[bool, int] = {True: -1, False: -1}
    seen_tables: set[str] = set()
    for hit in hits:
        if hit.table:  # one finding per restricted table and text: a dump is one problem
            if hit.what in seen_tables or hit.start < last_end[True]:
                continue
            seen_tables.add(hit.what)
            last_end[True] = hit.end
        else:
            if hit.start < last_end[False]:
                continue
            last_end[False] = hit.end
        kept.append(hit)
    return kept


# ---------------------------------------------------------------------------------------------
# Declarations of synthetic examples
# ---------------------------------------------------------------------------------------------

@dataclass
class Declaration:
    """A page's or notebook's ``synthetic_phi``: the generator as written and its source text."""

    generator: str
    text: str | None  # None when the generator does not exist in the repository
    line: int = 1

    def traces(self, hit: Hit) -> bool:
        return self.text is not None and all(value and value in self.text for value in hit.values)


_GENERATOR_TEXT: dict[tuple[str, int, int], str] = {}


def _read_generator(repo_root: Path, generator: str) -> str | None:
    """The generator's text, or None if it is not a file inside the repository."""
    root = repo_root.resolve()
    try:
        path = (root / generator).resolve()
        path.relative_to(root)
        stat = path.stat()
    except (OSError, ValueError):
        return None
    if not path.is_file():
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _GENERATOR_TEXT:
        _GENERATOR_TEXT[key] = path.read_text(encoding="utf-8", errors="replace")
    return _GENERATOR_TEXT[key]


def declaration_from(value: Any, repo_root: Path, line: int, shown: str,
                     where: str = "") -> tuple[Declaration | None, list[Finding]]:
    """Check a ``synthetic_phi`` value; return the declaration (if usable) and its problems."""
    if value is None:
        return None, []
    generator = value.get("generator") if isinstance(value, dict) else None
    if not isinstance(generator, str) or not generator.strip():
        return None, [Finding(
            shown, line, "`synthetic_phi` does not name a generator",
            "write `synthetic_phi: {generator: hooks/coursetools/synthetic_data.py, reason: ...}`",
            "phi-declaration", where)]
    generator = generator.strip()
    text = _read_generator(repo_root, generator)
    declaration = Declaration(generator, text, line)
    if text is None:
        return declaration, [Finding(
            shown, line,
            f"`synthetic_phi` names the generator `{generator}`, which is not a file in the repository",
            "give the repository-relative path of the code that generated the examples, "
            "e.g. `hooks/coursetools/synthetic_data.py`", "phi-declaration", where)]
    return declaration, []


# ---------------------------------------------------------------------------------------------
# Turning hits into findings
# ---------------------------------------------------------------------------------------------

class _Lines:
    def __init__(self, text: str):
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n")[:-1])]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


_FIX_PAGE = ("remove it or replace it with a placeholder such as [NAME] or [PHONE]; if it is a "
             "synthetic example, declare it with `synthetic_phi: {generator: ..., reason: ...}` in "
             "the front matter")
_FIX_NOTEBOOK = ("remove it (clear the output if it comes from running the cell); if it is a "
                 "synthetic example, declare it in the notebook metadata as "
                 "`\"course\": {\"synthetic_phi\": {\"generator\": ..., \"reason\": ...}}`")
_FIX_TABLE = ("do not publish rows of MIMIC (credentialed access, no redistribution); show rows of "
              "the course's synthetic data in docs/notebooks/data/ instead, and if these rows are "
              "that data, declare its generator with `synthetic_phi`")
_FIX_DATA = ("delete it; data files must carry no identifiers, invented or real (the course's "
             "synthetic data is generated without any)")


def _finding(hit: Hit, shown: str, line: int, where: str, fix: str,
             declaration: Declaration | None) -> Finding | None:
    if declaration is not None and declaration.traces(hit):
        return None
    message = f"looks like {hit.what}"
    if declaration is not None:
        if declaration.text is None:
            message += f"; the declared generator `{declaration.generator}` does not exist"
        else:
            message += f", and it does not occur in the declared generator `{declaration.generator}`"
            fix = (f"produce the example with `{declaration.generator}` (the string must occur "
                   "literally in that file) or remove it")
    return Finding(shown, line, message, fix, hit.rule, where)


def scan_text(text: str, shown: str, first_line: int = 1, *,
              declaration: Declaration | None = None, fix: str = _FIX_PAGE) -> list[Finding]:
    """Findings for a text whose first line is line ``first_line`` of the file ``shown``."""
    hits = find_hits(text)
    if not hits:
        return []
    lines = _Lines(text)
    out = []
    for hit in hits:
        finding = _finding(hit, shown, first_line + lines.line(hit.start) - 1, "",
                           _FIX_TABLE if hit.table and fix is _FIX_PAGE else fix, declaration)
        if finding:
            out.append(finding)
    return out


def scan_markdown(path: Path, shown: str, repo_root: Path | None = None) -> list[Finding]:
    """A Markdown page: front matter and body, code blocks included."""
    text = path.read_text(encoding="utf-8", errors="replace")
    declaration, out = None, []
    if "synthetic_phi" in text:
        front = parse_front_matter(text, shown)
        if front.data and "synthetic_phi" in front.data:
            declaration, out = declaration_from(
                front.data["synthetic_phi"], _root(path, shown, repo_root),
                front.line_of(("synthetic_phi", "generator")), shown)
            # a malformed value is the lesson contract's to report; a missing file is ours
            out = [f for f in out if declaration is not None]
    return out + scan_text(text, shown, 1, declaration=declaration)


def _source(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def _output_texts(output: Any) -> Iterator[str]:
    if not isinstance(output, dict):
        return
    kind = output.get("output_type")
    if kind == "stream":
        yield _source(output.get("text"))
    elif kind == "error":
        traceback = output.get("traceback")
        lines = traceback if isinstance(traceback, list) else [traceback]
        yield _ANSI.sub("", "\n".join(_source(line) for line in lines))
        yield f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data")
    if isinstance(data, dict):
        for mime in _OUTPUT_TYPES:
            if mime in data:
                value = data[mime]
                yield json.dumps(value) if isinstance(value, dict) else _source(value)


def scan_notebook(path: Path, shown: str, repo_root: Path | None = None) -> list[Finding]:
    """A notebook: each cell's source (by line) and each output (by cell)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        cells = nb.get("cells") or []
        metadata = nb.get("metadata") or {}
    except (ValueError, AttributeError):
        return [Finding(shown, 0, "notebook is not valid JSON, so it could not be checked for patient data",
                        "open and save it in Jupyter to repair it", "phi-unreadable", "notebook")]
    declaration, out = None, []
    course_meta = metadata.get("course") if isinstance(metadata, dict) else None
    if isinstance(course_meta, dict) and "synthetic_phi" in course_meta:
        declaration, out = declaration_from(course_meta["synthetic_phi"], _root(path, shown, repo_root),
                                            0, shown, "metadata")
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict):
            continue
        source = _source(cell.get("source"))
        hits = find_hits(source)
        if hits:
            lines = _Lines(source)
            for hit in hits:
                k = lines.line(hit.start)
                fix = _FIX_TABLE if hit.table else _FIX_NOTEBOOK
                finding = _finding(hit, shown, number, f"cell {number} source, line {k}", fix, declaration)
                if finding:
                    out.append(finding)
        outputs = cell.get("outputs")
        for output in outputs if isinstance(outputs, list) else []:
            for text in _output_texts(output):
                for hit in find_hits(text):
                    fix = _FIX_TABLE if hit.table else _FIX_NOTEBOOK
                    finding = _finding(hit, shown, number, f"cell {number} output", fix, declaration)
                    if finding and finding not in out:
                        out.append(finding)
    return out


# ---------------------------------------------------------------------------------------------
# Data files and the dataset registry
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GeneratedBy:
    """A registry entry that generates the data files matching ``pattern`` (relative to docs/)."""

    entry: str
    generator: str
    pattern: str


def registry_generators(docs_dir: Path) -> list[GeneratedBy]:
    path = docs_dir / REGISTRY
    try:
        registry = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    out = []
    if isinstance(registry, dict):
        for key, entry in registry.items():
            if isinstance(entry, dict) and isinstance(entry.get("generator"), str):
                for pattern in entry.get("files") or []:
                    if isinstance(pattern, str):
                        out.append(GeneratedBy(str(key), entry["generator"], pattern))
    return out


def _generated_name(rel: str, pattern: str) -> str:
    """``rel`` relative to the fixed folder at the start of ``pattern`` ("notebooks/data/*")."""
    fixed = []
    for part in pattern.split("/")[:-1]:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    prefix = "/".join(fixed)
    return rel[len(prefix) + 1:] if prefix and rel.startswith(prefix + "/") else rel.rsplit("/", 1)[-1]


_GENERATED: dict[tuple[str, int, int], dict[str, bytes] | str] = {}


def generated_files(generator: Path) -> dict[str, bytes] | str:
    """Run ``main(out_dir)`` of the generator once per process; its files, or why it failed."""
    try:
        stat = generator.stat()
    except OSError as error:
        return f"cannot read it ({error.strerror})"
    key = (str(generator), stat.st_mtime_ns, stat.st_size)
    if key in _GENERATED:
        return _GENERATED[key]
    result: dict[str, bytes] | str
    try:
        spec = importlib.util.spec_from_file_location(f"_phi_generator_{abs(hash(key))}", generator)
        if spec is None or spec.loader is None:
            raise ImportError("not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses and pickling look their module up here
        try:
            spec.loader.exec_module(module)
            with tempfile.TemporaryDirectory(prefix="phi-generated-") as out_dir:
                module.main(out_dir)
                root = Path(out_dir)
                result = {p.relative_to(root).as_posix(): p.read_bytes()
                          for p in sorted(root.rglob("*")) if p.is_file()}
        finally:
            sys.modules.pop(spec.name, None)
    except Exception as error:  # the generator is project code: report, never crash the check
        result = f"running its main(out_dir) failed with {type(error).__name__}: {error}"
    _GENERATED[key] = result
    return result


def scan_data_file(path: Path, shown: str, *, docs_dir: Path | None = None,
                   repo_root: Path | None = None,
                   generators: list[GeneratedBy] | None = None) -> list[Finding]:
    """A data file. Restricted rows pass only in a registry-declared file equal to its generator's output."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_DATA_BYTES)
    text = raw.decode("utf-8", errors="replace")
    hits = find_hits(text)
    if not hits:
        return []
    repo_root = _root(path, shown, repo_root)
    docs_dir = docs_dir or repo_root / "docs"
    if generators is None:
        generators = registry_generators(docs_dir)
    try:
        rel = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        rel = path.name
    declared = next((g for g in generators if fnmatch.fnmatch(rel, g.pattern)), None)
    lines = _Lines(text)
    out = []
    verdict: str | None = None  # None: not checked yet; "": equal; otherwise why not
    for hit in hits:
        line = lines.line(hit.start)
        if not hit.table:
            message = f"looks like {hit.what}"
            if declared:
                message += f" in a file generated by `{declared.generator}`"
            out.append(Finding(shown, line, message, _FIX_DATA, hit.rule))
            continue
        if declared is None:
            out.append(Finding(
                shown, line, f"looks like {hit.what}",
                _FIX_TABLE.replace("show rows", "delete the file and use") + "; if the file is generated, "
                f"name its generator with `generator:` in its entry of docs/{REGISTRY.as_posix()}",
                hit.rule))
            continue
        if verdict is None:
            verdict = _compare_with_generator(path, rel, raw, declared, repo_root)
        if verdict:
            out.append(Finding(
                shown, line, f"looks like {hit.what}, and {verdict}",
                f"regenerate the file with `{declared.generator}` (its `main(out_dir)`), or delete it",
                hit.rule))
    return out


def _compare_with_generator(path: Path, rel: str, raw: bytes, declared: GeneratedBy,
                            repo_root: Path) -> str:
    """"" if the file's bytes are what the declared generator writes, else why not."""
    root = repo_root.resolve()
    generator = (root / declared.generator).resolve()
    try:
        generator.relative_to(root)
    except ValueError:
        return f"its generator `{declared.generator}` is outside the repository"
    if not generator.is_file():
        return f"its declared generator `{declared.generator}` does not exist"
    files = generated_files(generator)
    if isinstance(files, str):
        return f"its declared generator `{declared.generator}` could not be run ({files})"
    name = _generated_name(rel, declared.pattern)
    if name not in files:
        return f"`{declared.generator}` does not generate a file named `{name}`"
    if path.stat().st_size != len(files[name]) or raw != files[name]:
        return f"the file differs from what `{declared.generator}` generates"
    return ""


# ---------------------------------------------------------------------------------------------
# The whole course
# ---------------------------------------------------------------------------------------------

def _root(path: Path, shown: str, repo_root: Path | None) -> Path:
    """The repository root: given, or ``path`` minus its repository-relative ``shown``."""
    if repo_root is not None:
        return repo_root
    parts = Path(shown).parts
    resolved = path.resolve()
    if parts and resolved.parts[-len(parts):] == parts:
        return Path(*resolved.parts[: -len(parts)]) if len(resolved.parts) > len(parts) else Path("/")
    return Path.cwd()


def course_files(docs_dir: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """Markdown pages, notebooks and data files under ``docs_dir`` (hidden folders skipped)."""
    pages, notebooks, data = [], [], []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if suffix == ".md":
                pages.append(path)
            elif suffix == ".ipynb":
                notebooks.append(path)
            elif suffix in DATA_SUFFIXES:
                data.append(path)
    return pages, notebooks, data


def scan_course(docs_dir: Path, repo_root: Path) -> list[Finding]:
    """Every PHI finding of the course: pages, notebooks (sources and outputs) and data files."""
    docs_dir, repo_root = Path(docs_dir).resolve(), Path(repo_root).resolve()
    pages, notebooks, data = course_files(docs_dir)
    generators = registry_generators(docs_dir)
    findings: list[Finding] = []
    for path in pages:
        findings.extend(scan_markdown(path, shown_path(path, repo_root), repo_root))
    for path in notebooks:
        findings.extend(scan_notebook(path, shown_path(path, repo_root), repo_root))
    for path in data:
        findings.extend(scan_data_file(path, shown_path(path, repo_root), docs_dir=docs_dir,
                                       repo_root=repo_root, generators=generators))
    findings.sort(key=lambda f: (f.path, f.line, f.where, f.message))
    return findings
