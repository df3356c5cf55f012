"""The rules of the patient-data scan, declared once in the catalogue (``coursetools.findings``)."""

from __future__ import annotations

from ..findings import rule

GROUP = "patient data"
_FIX = "remove it or replace it with a placeholder such as [NAME]; declare a synthetic example with `synthetic_phi`"

SSN = rule("phi-ssn", GROUP, "US social security numbers, labelled or not (dashes or spaces).", _FIX)
PHONE = rule(
    "phi-phone",
    GROUP,
    "Phone and fax numbers: US shapes, international +NN numbers, anything labelled Phone/Tel/Fax/Mobile/Pager.",
    _FIX,
)
EMAIL = rule("phi-email", GROUP, "E-mail addresses, except role accounts (info@, noreply@ ...).", _FIX)
ID = rule(
    "phi-id",
    GROUP,
    "Labelled medical record, patient, encounter, account, health-plan, "
    "Medicare/Medicaid, NHS and other identification numbers.",
    _FIX,
)
LICENSE = rule(
    "phi-license", GROUP, "Labelled certificate and licence numbers (driver's licence, DEA, passport).", _FIX
)
VEHICLE = rule(
    "phi-vehicle",
    GROUP,
    "Vehicle identification numbers (labelled, or with a valid check digit) and labelled licence plates.",
    _FIX,
)
DEVICE = rule(
    "phi-device",
    GROUP,
    "Device identifiers and serial numbers (labelled S/N, UDI, IMEI), GS1 unique device identifiers "
    "((01) and 14 digits) and MAC addresses.",
    _FIX,
)
URL = rule(
    "phi-url",
    GROUP,
    "URLs whose path or query carries a patient's identifier or name (/patients/12345, ?mrn=...).",
    _FIX,
)
IP = rule(
    "phi-ip",
    GROUP,
    "Public IPv4 and IPv6 addresses (private, loopback and documentation ranges are not reported).",
    _FIX,
)
DOB = rule(
    "phi-dob",
    GROUP,
    "Dates of birth with day and month (labelled DOB, born, birth date, or in a DOB column); a year alone is allowed.",
    _FIX,
)
DATE = rule(
    "phi-date",
    GROUP,
    "Admission, discharge, service and death dates with day, month and a "
    "real year (shifted years such as 2150 are allowed).",
    _FIX,
)
AGE = rule(
    "phi-age",
    GROUP,
    'Ages over 89 given in years (HIPAA groups them as "90 or older", which is allowed).',
    'write "90 or older" instead of the exact age',
)
NAME = rule(
    "phi-name",
    GROUP,
    "Personal names after a Patient/Name/Next of kin label or in a name column; after a patient's honorific "
    "(Mr, Mrs, Ms, Mx, Miss); and a given name with a surname where the words around it say it is a "
    'patient ("X-ray of ...", "patient ...", "..., a 67-year-old").',
    _FIX,
)
BIOMETRIC = rule(
    "phi-biometric",
    GROUP,
    "Identifiers of biometric templates and scans (fingerprint, iris, retina, voiceprint, face, palm).",
    _FIX,
)
PHOTO = rule(
    "phi-photo",
    GROUP,
    "References to image files of a patient's face (a face, portrait or headshot file named with the word "
    "patient or a number); the scan cannot see images themselves.",
    "remove the reference and the image; publish no photograph of a patient's face",
)
ADDRESS = rule(
    "phi-address",
    GROUP,
    "Street addresses, P.O. boxes, ZIP+4 and labelled ZIP or postal codes, and cities in a city column.",
    _FIX,
)
RESTRICTED_ROWS = rule(
    "phi-restricted-rows",
    GROUP,
    "Rows or records shaped like an export of a MIMIC table (a header of its columns, then data).",
    "show rows of the course's synthetic data instead",
)
DECLARATION = rule(
    "phi-declaration",
    GROUP,
    "A `synthetic_phi` declaration names a generator file that exists in the repository.",
    "give the repository-relative path of the generator",
)
UNREADABLE = rule(
    "phi-unreadable",
    GROUP,
    "A notebook is valid JSON, so it can be scanned.",
    "open and save it in Jupyter to repair it",
)
MANIFEST = rule(
    "phi-synthetic-manifest",
    GROUP,
    "The generated data files are byte for byte those listed (by SHA-256) in their folder's MANIFEST.json.",
    "regenerate them with `course-synthetic-data` and commit the result",
)
