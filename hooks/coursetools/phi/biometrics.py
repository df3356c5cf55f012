"""Biometric identifiers and full-face photographs (Safe Harbor identifiers 16 and 17), as text
can carry them: a template's or scan's identifier ("Fingerprint template ID: FP-7734-22918"), and
a reference to a face image of a patient ("Full-face photo: patient_3321_face.jpg").

The scan cannot see what an image shows; it reports a file name that says it is a patient's face.
A file name counts when the words around it name a face (full-face, facial, portrait, headshot,
mugshot, selfie, face) and something marks it as a person's (the word patient or pt, or a number of
three or more digits in the file name, as cameras and record systems write them). Mentions of the rule
itself ("remove full-face photographs") have no file name and are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import WINDOW, Hit, digits, keyword_starts, mask_all_but_last

_BIOMETRIC = re.compile(
    r"(?i:(?P<kind>finger[ -]?prints?|thumb[ -]?prints?|iris|retina(?:l)?|voice[ -]?prints?|face|facial|palm"
    r"(?:[ -]?(?:vein|print))?|hand[ -]geometry|gait|biometric))"
    r"(?P<label>(?i:[ \t]{1,3}(?:template|scan|print|sample|record|enrol(?:l)?ment)s?)?"
    r"(?i:[ \t]{1,3}(?:id|identifier|hash|no\.?|number|ref(?:erence)?))?)"
    r"[ \t]{0,3}[:=#]?[ \t]{0,3}#?(?P<value>[A-Z0-9][A-Z0-9-]{4,40})(?![\w-])"
)
_BIOMETRIC_KEYWORDS = ("finger", "thumb", "iris", "retina", "voice", "fac", "palm", "hand", "gait", "biometric")


def biometric_hits(text: str, lower: str) -> Iterator[Hit]:
    """Biometric identifiers: a biometric word with a label (``Fingerprint template ID``, ``iris scan
    no.``) and a value of at least three digits; a biometric word and a number alone is not one."""
    for position in keyword_starts(lower, _BIOMETRIC_KEYWORDS):
        match = _BIOMETRIC.match(text, position, position + WINDOW)
        if not match or not match.group("label").strip():
            continue  # "Fingerprint 12345" alone is a count or a model number, not a template's id
        value = match.group("value")
        if digits(value) < 3:
            continue
        kind = match.group("kind").lower()
        yield Hit(
            "phi-biometric",
            match.start("value"),
            match.end("value"),
            f"a biometric identifier ({kind}{match.group('label').lower()} {mask_all_but_last(value, 2)})",
            (value,),
        )


_EXTENSION = re.compile(r"\.(?:jpe?g|png|heic|tiff?|bmp|gif|webp|dcm)(?![\w])", re.IGNORECASE)
_FACE = re.compile(r"(?<![a-z])(?:full[ -]?face|facial|face|portrait|head[ -]?shot|mug[ -]?shot|selfie)", re.IGNORECASE)
_PATIENT = re.compile(r"(?<![a-z])(?:patients?|pt)(?![a-z])", re.IGNORECASE)
_NUMBER = re.compile(r"\d{3,}")
_BEFORE = 80


def photo_hits(text: str, lower: str) -> Iterator[Hit]:
    """Image file names (``.jpg``, ``.png``, ``.dcm``...) with a face word (full-face, portrait,
    headshot...) in or up to 80 characters before them, and ``patient``/``pt`` there too or a number of
    three or more digits in the name."""
    for extension in _EXTENSION.finditer(text):
        start, end, lowest = extension.start(), extension.end(), max(0, extension.start() - 120)
        while start > lowest and (text[start - 1].isalnum() or text[start - 1] in "_./-"):
            start -= 1
        if start == extension.start():
            continue
        name = text[start:end]
        context = text[max(0, start - _BEFORE) : end]
        if not _FACE.search(context) or not (_PATIENT.search(context) or _NUMBER.search(name)):
            continue
        yield Hit(
            "phi-photo",
            start,
            end,
            f"a reference to a full-face photograph of a patient ({name.rsplit('/', 1)[-1][:1]}…)",
            (name,),
        )
