"""Detectors of places smaller than a state: street addresses, P.O. boxes and ZIP codes
(Safe Harbor identifier 2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .people import NOT_NAMES
from .text import (
    WINDOW,
    Hit,
    free_left,
    free_right,
    keyword_starts,
    mask_digits,
    mask_word,
)

_SUFFIXES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace"
    r"|Ter|Parkway|Pkwy|Highway|Hwy|Way|Circle|Cir|Square|Sq)"
)
# One pass over the text: house number, optional direction, one to three capitalised words (or an
# ordinal), a street suffix. It starts with a digit, so the scan runs at C speed; bounded repeats only.
_STREET = re.compile(
    r"(?P<num>\d{1,5}[A-Za-z]?(?:-\d{1,5})?)[ \t]{1,3}"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]{1,3})?"
    r"(?P<name>(?:(?:[A-Z][A-Za-z'-]{0,30}|\d{1,3}(?:st|nd|rd|th))\.?[ \t]{1,3}){1,3})"
    rf"(?P<suffix>{_SUFFIXES})\b"
)
_STREET_AFTER = re.compile(
    r"\.?(?:,?[ \t]{1,3}(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?[ \t]{0,3}#?[ \t]{0,3}[\w-]{1,8})?"
)
_STATES = (
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
)
_CITY_STATE_ZIP = re.compile(
    r",?[ \t]{1,3}(?:[A-Z][a-zA-Z.'-]{1,30}[ \t]){0,2}[A-Z][a-zA-Z.'-]{1,30},?[ \t]{1,3}"
    rf"(?:{'|'.join(_STATES)})(?:[ \t]{{1,3}}\d{{5}}(?:-\d{{4}})?)?(?![\w-])"
)
_PO_BOX = re.compile(r"P\.?[ \t]?O\.?[ \t]{0,3}Box[ \t]{1,3}\d+(?![\w])", re.IGNORECASE)
_ZIP4 = re.compile(r"\d{5}-\d{4}(?![\w])")
_AFTER_STATE = re.compile(rf"(?:^|[ ,])(?:{'|'.join(_STATES)})[ \t]\Z")
_ZIP_LABELLED = re.compile(
    r"(?:zip(?:[ _]?code)?|postal[ _]?code|post[ _]?code)[\"']?[ \t]{0,3}[:=#]?[ \t]{0,3}[\"']?"
    r"(?P<zip>\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2})(?![\w-])",
    re.IGNORECASE,
)


def address_hits(text: str, lower: str) -> Iterator[Hit]:
    """Street addresses (house number, one to three name words, a street suffix; with the apartment,
    and city, state and ZIP when they follow) and P.O. boxes."""
    for match in _STREET.finditer(text):
        start = match.start()
        if not free_left(text, start, "/.,#$-"):
            continue
        names = match.group("name").split()
        if all(name.strip(".").lower() in NOT_NAMES for name in names):
            continue
        number, suffix = match.group("num"), match.group("suffix")
        after = _STREET_AFTER.match(text, match.end(), match.end() + 40)
        end = after.end() if after else match.end()
        shown = " ".join(["*" * len(number)] + [mask_word(w) for w in names] + [suffix])
        city = _CITY_STATE_ZIP.match(text, end, end + 100)
        if city and (city.end() >= len(text) or free_right(text, city.end())):
            end = city.end()  # ", Springfield, IL 62704" belongs to the address
            shown += ", with city and state"
        yield Hit("phi-address", start, end, f"a street address ({shown})", (text[start:end],))
    for position in keyword_starts(lower, ("p.o", "po ", "p o", "pobox")):
        box = _PO_BOX.match(text, position, position + 40)
        if box:
            yield Hit(
                "phi-address",
                box.start(),
                box.end(),
                f"a post office box ({mask_digits(box.group(0), 1)})",
                (box.group(0),),
            )


def zip_hits(text: str, lower: str) -> Iterator[Hit]:
    """ZIP+4 codes standing alone (not right after a state, as in a city line of a reference), and
    labelled ZIP or postal codes (US or UK shape)."""
    for match in _ZIP4.finditer(text):  # ZIP+4 alone: 02139-4307
        value = match.group(0)
        if value.startswith("00000") or not free_left(text, match.start(), ".+/-") or not free_right(text, match.end()):
            continue
        if _AFTER_STATE.search(text, max(0, match.start() - 5), match.start()):
            continue  # "Cambridge, MA 02142-1209": a city and ZIP alone, as under a reference
        yield Hit("phi-address", match.start(), match.end(), f"a ZIP+4 code ({value[:3]}**-****)", (value,))
    for position in keyword_starts(lower, ("zip", "postal", "post")):
        labelled = _ZIP_LABELLED.match(text, position, position + WINDOW)
        if labelled:
            value = labelled.group("zip")
            yield Hit(
                "phi-address",
                labelled.start("zip"),
                labelled.end("zip"),
                f"a ZIP or postal code ({value[:3]}{'*' * (len(value) - 3)})",
                (value,),
            )
