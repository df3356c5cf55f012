"""Patient-data safety: find text that looks like protected health information before it ships.

The check reads every Markdown page under ``docs/`` (front matter and body, fenced code included:
a note pasted into a code block is still published), every notebook (each cell's source and each
output's text, HTML, stream and traceback) and every data file (``.csv``, ``.tsv``, ``.json``,
``.jsonl``, ``.txt``, ``.yml``), and reports each PHI-like string, partly redacted.

Coverage of the HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)(i)):

=====  ======================================  =============================================
(A)    names                                   ``phi-name``: after a Patient/Name/Next of kin
                                               label, in a name column; next to a DOB
(B)    geographic subdivisions below a state   ``phi-address``: street addresses, P.O. boxes,
                                               ZIP+4, labelled ZIP/postal codes, city columns
(C)    dates (except year), ages over 89       ``phi-dob``, ``phi-date`` (admission, discharge,
                                               service, death), ``phi-age``
(D-E)  telephone and fax numbers               ``phi-phone``
(F)    e-mail addresses                        ``phi-email``
(G-J)  SSN, MRN, health plan, account numbers  ``phi-ssn``, ``phi-id``
(K)    certificate and licence numbers         ``phi-license``
(L)    vehicle identifiers, licence plates     ``phi-vehicle``
(M)    device identifiers and serial numbers   ``phi-device``
(N-O)  web URLs, IP addresses                  ``phi-url`` (URLs carrying a patient id),
                                               ``phi-ip`` (public addresses)
(P)    biometric identifiers                   not detectable in text: fingerprints and voice
                                               prints are files, which the course does not ship
(Q)    full-face photographs                   not text: images are reviewed by people
(R)    any other unique identifying number     ``phi-id`` for labelled patient, encounter,
                                               case, national-id and passport numbers
=====  ======================================  =============================================

``phi-restricted-rows`` reports rows shaped like an export of a credentialed MIMIC table (the
column lists are package data, ``mimic_tables.yml``).

Modules: :mod:`.detectors` (every detector and ``find_hits``; the detectors themselves live in
:mod:`.numbers`, :mod:`.contact`, :mod:`.people`, :mod:`.places`, :mod:`.columns`,
:mod:`.tables`), :mod:`.scan` (files), :mod:`.declarations` (``synthetic_phi`` and generated
data), :mod:`.manifest` (``MANIFEST.json`` of generated data) and :mod:`.rules`.
"""

from .declarations import (
    Declaration,
    GeneratedBy,
    declaration_from,
    registry_generators,
)
from .detectors import DETECTORS, find_hits
from .scan import (
    course_files,
    scan_course,
    scan_data_file,
    scan_markdown,
    scan_notebook,
    scan_text,
)
from .tables import restricted_table
from .text import Hit

__all__ = [
    "DETECTORS",
    "Declaration",
    "GeneratedBy",
    "Hit",
    "course_files",
    "declaration_from",
    "find_hits",
    "registry_generators",
    "restricted_table",
    "scan_course",
    "scan_data_file",
    "scan_markdown",
    "scan_notebook",
    "scan_text",
]
