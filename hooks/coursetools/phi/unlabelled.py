"""Names that no label announces: "X-ray of Eleanor Vance", "Mrs. Okonkwo", "Tomasz Kowalczyk, a
67-year-old man", and rows of a name beside a date of birth in a file without a header.

Without a ``Patient:`` label, a capitalised pair of words is a person only when its first word is a
given name (``given_names.txt``, from Faker's first-name lists) *and* something around it says the
text is about a patient: an image, record or letter "of" or "for" them, the word "patient" just
before, or an age just after. A patient's honorific (Mr, Mrs, Ms, Mx, Miss; not Dr or Prof, who
are clinicians and authors) is enough by itself. Authors in citations, eponyms (Parkinson's
disease) and model names (Clinical Camel) have none of these.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from .people import FULL_DATE, NAME_WORD, is_name, plausible_date
from .text import HONORIFICS, Hit, initials, mask_date

_TOKEN = re.compile(rf"(?<![\w'’]){NAME_WORD}(?![\w'’])")
_INITIAL = re.compile(r"[ \t]{1,3}[A-Z]\.")
_GAP = re.compile(r"[ \t]{1,3}")

# What may stand just before a patient's name: "<image or record> of|for|about|from [the patient]".
_CUE_BEFORE = re.compile(
    r"(?:x-?rays?|radiographs?|photo(?:graph)?s?|pictures?|images?|scans?|mri|ct|ultrasound|echocardiogram"
    r"|ecg|ekg|records?|charts?|summary|summaries|notes?|letters?|referrals?|results?|reports?|files?)"
    r"[ \t]{1,3}(?:of|for|about|from)[ \t]{1,3}(?:(?:the[ \t]{1,3})?patient[ \t]{1,3})?$"
    r"|(?<![\w-])patient[ \t]{1,3}$",
    re.IGNORECASE,
)
# What may stand just after: an age ("Aisha Bello (54 y/o)", ", a 67-year-old", ", aged 71").
_AGE_AFTER = re.compile(
    r"[ \t]{0,3}[,(][ \t]{0,3}(?:an?[ \t]{1,3})?(?:aged[ \t]{1,3})?\d{1,3}"
    r"(?:[ \t]?-?[ \t]?(?:years?|yrs?)[ \t]?-?[ \t]?old|[ \t]?(?:yo|y/o|y\.o\.)|(?=[ \t]{0,3}[,)]))",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"(?<![\w])(?:Mrs|Mr|Ms|Mx|Miss)\.?[ \t]{1,3}$")
# A capitalised word after the name that makes it an institution's ("Beth Israel Deaconess Medical Center").
_INSTITUTION = re.compile(
    r"[ \t]{1,3}(?:Medical|Center|Centre|Hospital|Clinic|Institute|University|College|School|Foundation"
    r"|Trust|Health|Healthcare|Infirmary|Memorial|Children's|General|Cancer|Research|Laboratory|Lab)\b"
)
_LOOK = 48  # characters looked at before a name for its cue, and after it for an age


@functools.cache
def given_names() -> frozenset[str]:
    """The lower-cased given names of ``given_names.txt`` (read once; ``#`` lines are comments)."""
    path = Path(__file__).with_name("given_names.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_given(word: str) -> bool:
    return word.replace("’", "'").lower() in given_names()


def _names(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Each run of one to three capitalised name words (an initial may stand between them), once:
    (start, end, name, whether its first word is a given name)."""
    tokens = list(_TOKEN.finditer(text))
    index = 0
    while index < len(tokens):
        first = tokens[index]
        if first.group(0).lower() in HONORIFICS:  # "Mr Rajesh Patel": the name starts after it
            index += 1
            continue
        end, words, following = first.end(), [first.group(0)], index + 1
        while following < len(tokens) and len(words) < 3:
            initial = _INITIAL.match(text, end)
            gap_end = initial.end() if initial else end
            gap = _GAP.match(text, gap_end)
            if not gap or gap.end() != tokens[following].start():
                break
            end = tokens[following].end()
            words.append(tokens[following].group(0))
            following += 1
        yield first.start(), end, text[first.start() : end], _is_given(words[0]) and len(words) > 1
        index = following


def unlabelled_name_hits(text: str, lower: str) -> Iterator[Hit]:
    """Names without a label: one to three capitalised name words after a patient's honorific (Mr,
    Mrs, Ms, Mx, Miss), or a given name and more words with a cue before ("X-ray of", "patient") or an
    age after; not words that are no names, nor the start of an institution's name."""
    for start, end, name, given in _names(text):
        before = text[max(0, start - _LOOK) : start]
        honorific = _HONORIFIC.search(before)
        if not honorific and not (given and (_CUE_BEFORE.search(before) or _AGE_AFTER.match(text, end, end + _LOOK))):
            continue
        if not is_name(name) or _INSTITUTION.match(text, end):
            continue
        yield Hit("phi-name", start, end, f"a patient's name ({initials(name)})", (name,))


# --- rows of a name and a date of birth, in a file without a header ---------------------------

_ROW = re.compile(r"^[^\n]{1,400}$", re.MULTILINE)
_FIELD_SPLIT = re.compile(r"[,\t;|]")
_PERSON_FIELD = re.compile(rf"{NAME_WORD}(?:[ \t]{{1,3}}(?:[A-Z]\.[ \t]{{1,3}})?{NAME_WORD}){{1,2}}$")


def row_hits(text: str, lower: str) -> Iterator[Hit]:
    """A delimited row of two to eight fields, one a person's name and one a full date."""
    if "," not in text and "\t" not in text and ";" not in text and "|" not in text:
        return
    for match in _ROW.finditer(text):
        row = match.group(0)
        fields = [field.strip().strip("\"'").strip() for field in _FIELD_SPLIT.split(row)]
        if not 2 <= len(fields) <= 8:
            continue
        person = next((f for f in fields if _PERSON_FIELD.match(f) and _is_given(f.split()[0]) and is_name(f)), None)
        date = next((f for f in fields if FULL_DATE.match(f) and plausible_date(f)), None)
        if person is None or date is None:
            continue
        offset = match.start() + row.find(date)
        yield Hit(
            "phi-dob",
            offset,
            offset + len(date),
            f"a date of birth next to a personal name ({initials(person)}, born {mask_date(date)})",
            (date, person),
        )
