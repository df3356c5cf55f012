"""Synthea-style patients and conditions (invented)."""

from __future__ import annotations

from typing import Any

from .common import _csv, rng_for, uuid_from

# ---------------------------------------------------------------------------------------------
# synthea_patients.csv and synthea_conditions.csv (shaped like Synthea's CSV export)
# ---------------------------------------------------------------------------------------------

# SNOMED CT code, description, chronic?, probability, earliest age of onset
CONDITIONS: list[tuple[str, str, bool, float, int]] = [
    ("59621000", "Essential hypertension (disorder)", True, 0.35, 30),
    ("55822004", "Hyperlipidemia (disorder)", True, 0.30, 30),
    ("44054006", "Diabetes mellitus type 2 (disorder)", True, 0.15, 35),
    ("195967001", "Asthma (disorder)", True, 0.10, 3),
    ("13645005", "Chronic obstructive lung disease (disorder)", True, 0.06, 45),
    ("49436004", "Atrial fibrillation (disorder)", True, 0.06, 55),
    ("84114007", "Heart failure (disorder)", True, 0.04, 55),
    ("53741008", "Coronary arteriosclerosis (disorder)", True, 0.07, 45),
    ("35489007", "Depressive disorder (disorder)", True, 0.12, 15),
    ("162864005", "Body mass index 30+ - obesity (finding)", True, 0.25, 18),
    ("444814009", "Viral sinusitis (disorder)", False, 0.45, 1),
    ("10509002", "Acute bronchitis (disorder)", False, 0.30, 1),
    ("195662009", "Acute viral pharyngitis (disorder)", False, 0.35, 1),
    ("271737000", "Anemia (disorder)", True, 0.08, 1),
]
END_YEAR = 2024


def _synthea() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = rng_for("synthea.csv")
    patients, conditions = [], []
    for _ in range(60):
        pid = uuid_from(rng)
        birth = rng.randint(1940, 2010)
        died = rng.random() < 0.08 and birth < 1960
        death = rng.randint(max(birth + 60, 2005), END_YEAR) if died else None
        last = death or END_YEAR
        age = last - birth
        patients.append(
            {
                "Id": pid,
                "BIRTH_YEAR": birth,
                "DEATH_YEAR": death or "",
                "GENDER": rng.choice(["F", "M"]),
                "RACE": rng.choices(["white", "black", "asian", "native", "hawaiian", "other"], [62, 13, 8, 2, 1, 14])[
                    0
                ],
                "ETHNICITY": rng.choices(["nonhispanic", "hispanic"], [82, 18])[0],
                "HEALTHCARE_EXPENSES": f"{age * rng.uniform(1_500, 22_000):.2f}",
                "HEALTHCARE_COVERAGE": f"{age * rng.uniform(0, 12_000):.2f}",
                "INCOME": rng.randint(12, 220) * 1000,
            }
        )
        for code, description, chronic, prob, onset in CONDITIONS:
            risk = prob * (1.6 if chronic and age >= 60 else 1.0)
            episodes = 1 if chronic else rng.randint(1, 3)
            for _ in range(episodes):
                if age < onset or rng.random() >= risk:
                    continue
                start = rng.randint(birth + onset, last)
                conditions.append(
                    {
                        "START_YEAR": start,
                        "STOP_YEAR": "" if chronic else start,
                        "PATIENT": pid,
                        "ENCOUNTER": uuid_from(rng),
                        "CODE": code,
                        "DESCRIPTION": description,
                    }
                )
    conditions.sort(key=lambda row: (row["PATIENT"], row["START_YEAR"], row["CODE"]))
    return patients, conditions


def synthea_patients_csv() -> str:
    """The text of ``synthea_patients.csv``: 60 invented patients in Synthea's columns, years only (no dates)."""
    patients, _ = _synthea()
    return _csv(
        [
            "Id",
            "BIRTH_YEAR",
            "DEATH_YEAR",
            "GENDER",
            "RACE",
            "ETHNICITY",
            "HEALTHCARE_EXPENSES",
            "HEALTHCARE_COVERAGE",
            "INCOME",
        ],
        patients,
    )


def synthea_conditions_csv() -> str:
    """The text of ``synthea_conditions.csv``: the same patients' SNOMED CT conditions, with start and stop years."""
    _, conditions = _synthea()
    return _csv(["START_YEAR", "STOP_YEAR", "PATIENT", "ENCOUNTER", "CODE", "DESCRIPTION"], conditions)
