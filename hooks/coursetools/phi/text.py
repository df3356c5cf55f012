"""What every detector shares: a :class:`Hit`, redaction helpers and linear-time text helpers.

Speed rule for every detector: Python's regular expressions scan fast only from a literal, so a
detector finds its anchors with ``str.find`` (a label keyword, "@", "(", a street suffix) or with
one ``finditer`` whose pattern cannot backtrack far, and only then matches the full shape in a
bounded window (``match(text, pos, pos + WINDOW)``). No detector rescans a line per match.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

WINDOW = 160  # the longest identifier shape a detector matches after its anchor


@dataclass(frozen=True)
class Hit:
    """One PHI-like string at ``start:end`` of a text."""

    rule: str
    start: int
    end: int
    what: str  # "a US social security number (***-**-6789)", already redacted
    values: tuple[str, ...]  # the literal strings a declared generator must contain
    table: bool = False  # restricted-dataset rows rather than an identifier


def digits(text: str) -> int:
    """How many characters of ``text`` are digits."""
    return sum(ch.isdigit() for ch in text)


def mask_digits(text: str, keep: int) -> str:
    """Replace every digit but the last ``keep`` with ``*``."""
    total = digits(text)
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_all_but_last(text: str, keep: int) -> str:
    """Replace every letter and digit but the last ``keep`` with ``*``."""
    alnum = sum(ch.isalnum() for ch in text)
    out, seen = [], 0
    for ch in text:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen > alnum - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


_YEAR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)|(?<=\D)\d{2}$")  # a 4-digit year, else "03/14/62"'s 62
_MONTH_WORD = re.compile(r"[A-Za-z]{3,}")
_NUMBERS = re.compile(r"\d+")
_STARS = str.maketrans("0123456789", "**********")


def mask_date(date: str) -> str:
    """Hide day and month, keep the year (HIPAA Safe Harbor keeps years too)."""
    year = _YEAR_DIGITS.search(date)
    if year and len(year.group(0)) == 2 and len(_NUMBERS.findall(date)) < 3:
        year = None  # "March 14": no year to keep
    start, end = year.span() if year else (len(date), len(date))
    masked = date[:start].translate(_STARS) + date[start:end] + date[end:].translate(_STARS)
    return _MONTH_WORD.sub("***", masked) if any(ch.isalpha() for ch in masked) else masked


def article(noun: str) -> str:
    """``an`` before a noun starting with a vowel letter, else ``a`` (by spelling, not sound)."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def mask_word(word: str) -> str:
    """The first character of ``word`` and a ``*`` for each other (``Vance`` -> ``V****``)."""
    return word[:1] + "*" * max(0, len(word) - 1)


HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof"}


def initials(name: str) -> str:
    """A name as initials, honorifics dropped (``Mrs Jane Roe`` -> ``J. R.``); ``?`` when no word is left."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", name)
    shown = [w[0].upper() + "." for w in words if w.lower().rstrip(".") not in HONORIFICS]
    return " ".join(shown) or "?"


def word_char(ch: str) -> bool:
    """True for a letter, a digit or ``_``: a character that continues a word or number."""
    return ch.isalnum() or ch == "_"


def keyword_starts(lower: str, keywords: Iterable[str]) -> list[int]:
    """Positions where a keyword starts a word (``lower`` is the lower-cased text)."""
    found: set[int] = set()
    for keyword in keywords:
        index = lower.find(keyword)
        while index >= 0:
            if index == 0 or not word_char(lower[index - 1]):
                found.add(index)
            index = lower.find(keyword, index + 1)
    return sorted(found)


def free_left(text: str, start: int, forbidden: str = "/.+-") -> bool:
    """True if nothing glued to the left of ``start`` makes it part of a longer token."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (word_char(before) or before in forbidden)


def free_right(text: str, end: int) -> bool:
    """True if the token ends at ``end``: no word character, no ``-5``/``.5``/``/5`` continuation."""
    if end >= len(text):
        return True
    after = text[end]
    if word_char(after):
        return False
    return not (after in "-./" and end + 1 < len(text) and text[end + 1].isdigit())


def spaced_free_left(text: str, start: int) -> bool:
    """Like :func:`free_left`, and no number group separated by one space either ("12 617 555")."""
    if not free_left(text, start):
        return False
    return not (start >= 2 and text[start - 1] in " \t" and text[start - 2].isdigit())


def spaced_free_right(text: str, end: int) -> bool:
    """Like :func:`free_right`, and no number group follows after one space or tab either (``617 555``)."""
    if not free_right(text, end):
        return False
    return not (end + 1 < len(text) and text[end] in " \t" and text[end + 1].isdigit())


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end offsets of the line(s) holding ``text[start:end]``; the end excludes the newline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every offset unchanged (a few characters grow when lower-cased)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lower


class Lines:
    """Line numbers (1-based) of offsets in a text."""

    def __init__(self, text: str):
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n")[:-1])]

    def line(self, offset: int) -> int:
        """The 1-based line number of ``offset``."""
        return bisect.bisect_right(self.starts, offset)


LATEST_YEAR = datetime.date.today().year + 1  # a later year is a shifted (MIMIC-style) or invented date
EARLIEST_YEAR = 1880


def real_year(year: int) -> bool:
    """A year a living or recent person's date can have; 2150 (MIMIC's shifted dates) cannot."""
    return EARLIEST_YEAR <= year <= LATEST_YEAR
