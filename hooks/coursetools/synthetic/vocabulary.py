"""The shared clinical vocabulary: drugs, history, complaints, plans and labs (all invented)."""

from __future__ import annotations

import random

# ---------------------------------------------------------------------------------------------
# Shared clinical vocabulary
# ---------------------------------------------------------------------------------------------

# name, doses, routes, frequencies, indications
DRUGS: list[tuple[str, list[str], list[str], list[str], list[str]]] = [
    ("metoprolol", ["12.5 mg", "25 mg", "50 mg"], ["PO"], ["BID", "q12h"], ["HTN", "AFib with RVR", "rate control"]),
    ("atorvastatin", ["20 mg", "40 mg", "80 mg"], ["PO"], ["qHS", "daily"], ["HLD", "CAD", "secondary prevention"]),
    (
        "levetiracetam",
        ["500 mg", "750 mg", "1000 mg"],
        ["PO", "IV"],
        ["BID", "q12h"],
        ["seizures", "seizure prophylaxis"],
    ),
    ("lisinopril", ["5 mg", "10 mg", "20 mg"], ["PO"], ["daily"], ["HTN", "CHF"]),
    (
        "furosemide",
        ["20 mg", "40 mg", "80 mg"],
        ["IV", "PO"],
        ["BID", "daily"],
        ["CHF exacerbation", "volume overload", "LE edema"],
    ),
    ("heparin", ["5000 units"], ["SC"], ["q8h", "q12h"], ["DVT prophylaxis"]),
    ("enoxaparin", ["40 mg"], ["SC"], ["daily"], ["DVT prophylaxis"]),
    ("apixaban", ["2.5 mg", "5 mg"], ["PO"], ["BID"], ["AFib", "DVT"]),
    ("acetaminophen", ["500 mg", "650 mg", "1 g"], ["PO"], ["q6h PRN", "q8h PRN"], ["pain", "fever"]),
    ("ondansetron", ["4 mg"], ["IV", "PO"], ["q6h PRN", "q8h PRN"], ["nausea"]),
    ("vancomycin", ["1 g", "1.25 g", "1.5 g"], ["IV"], ["q12h", "q24h"], ["MRSA coverage", "cellulitis", "sepsis"]),
    (
        "piperacillin-tazobactam",
        ["3.375 g", "4.5 g"],
        ["IV"],
        ["q6h", "q8h"],
        ["HAP", "sepsis", "intra-abdominal infection"],
    ),
    ("ceftriaxone", ["1 g", "2 g"], ["IV"], ["q24h"], ["CAP", "UTI"]),
    ("pantoprazole", ["40 mg"], ["PO", "IV"], ["daily", "BID"], ["GERD", "GI bleed", "stress ulcer prophylaxis"]),
    ("amlodipine", ["5 mg", "10 mg"], ["PO"], ["daily"], ["HTN"]),
    ("metformin", ["500 mg", "1000 mg"], ["PO"], ["BID"], ["DM2"]),
    ("insulin glargine", ["10 units", "20 units", "30 units"], ["SC"], ["qHS"], ["DM2", "hyperglycemia"]),
    ("amiodarone", ["200 mg", "400 mg"], ["PO"], ["daily", "BID"], ["AFib", "VT"]),
    ("warfarin", ["2 mg", "5 mg"], ["PO"], ["daily"], ["AFib", "mechanical valve"]),
    ("lorazepam", ["1 mg", "2 mg"], ["IV"], ["q4h PRN", "once"], ["seizures", "agitation"]),
]
PMH = [
    "HTN",
    "HLD",
    "DM2",
    "CAD s/p PCI",
    "CHF",
    "AFib",
    "COPD",
    "CKD stage 3",
    "OSA",
    "GERD",
    "seizure disorder",
    "asthma",
]
COMPLAINTS = [
    "SOB",
    "chest pain",
    "DOE",
    "fever and cough",
    "N/V",
    "abd pain",
    "syncope",
    "palpitations",
    "new-onset seizure",
    "altered mental status",
    "LE edema",
    "hematemesis",
    "dizziness",
]
O2 = ["RA", "2L NC", "4L NC", "6L NC", "BiPAP", "NRB"]
PLANS = [
    "trend troponins",
    "repeat BMP in AM",
    "monitor I/Os",
    "daily weights",
    "f/u blood cx",
    "wean O2 as tolerated",
    "PT/OT eval",
    "cardiology consult",
    "neurology consult",
    "NPO after midnight",
    "titrate to MAP > 65",
    "check lactate q6h",
    "renally dose abx",
    "hold for HR < 55 or SBP < 100",
    "fall precautions",
    "telemetry",
    "EEG in AM",
    "CXR in AM",
    "replete K to > 4.0",
    "replete Mg to > 2.0",
]
LABS = [
    ("WBC", 4.0, 22.0, 1, "K/uL"),
    ("Hgb", 6.8, 15.5, 1, "g/dL"),
    ("Plt", 45, 420, 0, "K/uL"),
    ("Na", 126, 148, 0, "mEq/L"),
    ("K", 2.9, 5.9, 1, "mEq/L"),
    ("Cr", 0.6, 3.8, 1, "mg/dL"),
    ("lactate", 0.8, 6.5, 1, "mmol/L"),
    ("troponin", 0.01, 1.20, 2, "ng/mL"),
    ("BNP", 80, 2400, 0, "pg/mL"),
    ("glucose", 65, 480, 0, "mg/dL"),
    ("INR", 0.9, 3.4, 1, ""),
    ("Mg", 1.2, 2.6, 1, "mg/dL"),
]


def _num(rng: random.Random, lo: float, hi: float, decimals: int) -> str:
    value = rng.uniform(lo, hi)
    return f"{value:.{decimals}f}"


def _drug_phrase(rng: random.Random, oral_only: bool = False) -> tuple[str, str]:
    """A medication order such as "metoprolol 25 mg PO BID", and an indication for it."""
    drugs = [drug for drug in DRUGS if "PO" in drug[2]] if oral_only else DRUGS
    name, doses, routes, freqs, indications = rng.choice(drugs)
    route = "PO" if oral_only else rng.choice(routes)
    phrase = f"{name} {rng.choice(doses)} {route} {rng.choice(freqs)}"
    return phrase, rng.choice(indications)
