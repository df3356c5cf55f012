"""Every detector, and :func:`find_hits`, which runs them all over one text.

A detector is a function ``(text, lower) -> Iterable[Hit]`` (``lower`` is ``text`` lower-cased,
offsets unchanged) that runs in time linear in the text: anchors found with ``str.find`` or one
``finditer`` pass, each shape matched in a bounded window, no line rescanned per match. The rule
id of each hit is the detector's (``phi-ssn``, ``phi-phone`` ...; see :mod:`.rules`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from .biometrics import biometric_hits, photo_hits
from .cells import cells_as_labels
from .columns import column_hits
from .contact import email_hits, ip_hits, url_hits
from .numbers import labelled_id_hits, phone_hits, ssn_hits, vehicle_device_hits
from .people import age_hits, dob_hits, event_date_hits, name_hits
from .places import address_hits, zip_hits
from .tables import html_table_hits, line_table_hits, record_hits
from .text import Hit, lower_same_length
from .unlabelled import row_hits, unlabelled_name_hits

Detector = Callable[[str, str], Iterable[Hit]]

DETECTORS: dict[str, Detector] = {
    "ssn": ssn_hits,
    "phone": phone_hits,
    "email": email_hits,
    "url": url_hits,
    "ip": ip_hits,
    "labelled-id": labelled_id_hits,
    "vehicle-device": vehicle_device_hits,
    "dob": dob_hits,
    "event-date": event_date_hits,
    "age": age_hits,
    "name": name_hits,
    "unlabelled-name": unlabelled_name_hits,
    "headerless-row": row_hits,
    "biometric": biometric_hits,
    "photo": photo_hits,
    "address": address_hits,
    "zip": zip_hits,
    "columns": column_hits,
    "table-lines": line_table_hits,
    "table-html": html_table_hits,
    "table-records": record_hits,
}
_TABLE_DETECTORS = {"table-lines", "table-html", "table-records", "columns"}


def find_hits(text: str) -> list[Hit]:
    """Every PHI-like string in ``text``; overlapping identifiers and repeated tables once."""
    lower = lower_same_length(text)
    hits = [hit for detector in DETECTORS.values() for hit in detector(text, lower)]
    cells = cells_as_labels(text, lower)
    if cells is not None:  # a label and its value in neighbouring HTML table cells
        flat_lower = lower_same_length(cells.text)
        for name, detector in DETECTORS.items():
            if name not in _TABLE_DETECTORS:
                for hit in detector(cells.text, flat_lower):
                    hits.append(replace(hit, start=cells.original(hit.start), end=cells.original(hit.end)))
    # A name already reported with the date of birth beside it is one problem, not two.
    born = [hit for hit in hits if hit.rule == "phi-dob" and len(hit.values) > 1]
    if born:
        hits = [h for h in hits if not (h.rule == "phi-name" and any(_same_person(h, dob, text) for dob in born))]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.rule))
    kept: list[Hit] = []
    last_end = {True: -1, False: -1}
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


def _same_person(name: Hit, dob: Hit, text: str) -> bool:
    """The name is the one a date of birth on the same line already names."""
    low, high = min(name.start, dob.start), max(name.end, dob.end)
    return name.values[0] in dob.values[1] and "\n" not in text[low:high]
