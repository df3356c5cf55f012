"""Every detector, and :func:`find_hits`, which runs them all over one text.

A detector is a function ``(text, lower) -> Iterable[Hit]`` (``lower`` is ``text`` lower-cased,
offsets unchanged) that runs in time linear in the text: anchors found with ``str.find`` or one
``finditer`` pass, each shape matched in a bounded window, no line rescanned per match. The rule
id of each hit is the detector's (``phi-ssn``, ``phi-phone`` ...; see :mod:`.rules`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .columns import column_hits
from .contact import email_hits, ip_hits, url_hits
from .numbers import labelled_id_hits, phone_hits, ssn_hits, vehicle_device_hits
from .people import age_hits, dob_hits, event_date_hits, name_hits
from .places import address_hits, zip_hits
from .tables import html_table_hits, line_table_hits, record_hits
from .text import Hit, lower_same_length

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
    "address": address_hits,
    "zip": zip_hits,
    "columns": column_hits,
    "table-lines": line_table_hits,
    "table-html": html_table_hits,
    "table-records": record_hits,
}


def find_hits(text: str) -> list[Hit]:
    """Every PHI-like string in ``text``; overlapping identifiers and repeated tables once."""
    lower = lower_same_length(text)
    hits = [hit for detector in DETECTORS.values() for hit in detector(text, lower)]
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
