"""ICU notes and vitals shaped like MIMIC-IV tables (invented stays, no real patient)."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from .common import _csv, rng_for
from .vocabulary import _num

# ---------------------------------------------------------------------------------------------
# icu_notes.csv and icu_vitals.csv (shaped like MIMIC-IV chartevents and notes)
# ---------------------------------------------------------------------------------------------

# itemid, label, unit, decimals; the itemids are invented (MIMIC-IV has its own d_items table)
VITAL_ITEMS = [
    (990001, "Heart Rate", "bpm", 0),
    (990002, "Systolic BP", "mmHg", 0),
    (990003, "Resp Rate", "insp/min", 0),
    (990004, "SpO2", "%", 0),
    (990005, "Temperature", "°C", 1),
]
# Each stay: a scenario, an admission time in a fictional shifted year, and for every vital its
# value at hour 0, the value it settles towards, the time constant in hours and the noise SD.
ICU_STAYS: list[dict[str, Any]] = [
    {
        "scenario": "sepsis",
        "start": "2150-03-02 06:00:00",
        "age": 68,
        "sex": "F",
        "vitals": {
            990001: (118, 92, 10, 3.0),
            990002: (86, 118, 8, 4.0),
            990003: (26, 18, 10, 1.5),
            990004: (90, 96, 6, 1.0),
            990005: (38.9, 37.3, 9, 0.15),
        },
    },
    {
        "scenario": "chf",
        "start": "2153-07-19 22:00:00",
        "age": 74,
        "sex": "M",
        "vitals": {
            990001: (104, 82, 8, 3.0),
            990002: (164, 128, 7, 5.0),
            990003: (28, 18, 6, 1.5),
            990004: (87, 95, 5, 1.0),
            990005: (36.8, 36.7, 10, 0.15),
        },
    },
    {
        "scenario": "seizure",
        "start": "2161-11-05 14:00:00",
        "age": 45,
        "sex": "M",
        "vitals": {
            990001: (126, 80, 3, 3.0),
            990002: (152, 124, 4, 4.0),
            990003: (16, 14, 4, 0.8),
            990004: (95, 99, 2, 0.6),
            990005: (37.9, 36.9, 6, 0.12),
        },
    },
    {
        "scenario": "dka",
        "start": "2174-01-27 03:00:00",
        "age": 29,
        "sex": "F",
        "vitals": {
            990001: (124, 90, 9, 3.0),
            990002: (102, 122, 8, 4.0),
            990003: (30, 17, 9, 1.5),
            990004: (99, 99, 5, 0.5),
            990005: (37.1, 36.9, 10, 0.12),
        },
    },
    {
        "scenario": "gi_bleed",
        "start": "2188-05-14 18:00:00",
        "age": 61,
        "sex": "M",
        "vitals": {
            990001: (116, 86, 6, 3.0),
            990002: (90, 120, 6, 4.0),
            990003: (21, 17, 8, 1.2),
            990004: (97, 98, 5, 0.6),
            990005: (36.6, 36.8, 10, 0.12),
        },
    },
]
VITAL_HOURS = 24
NOTE_HOURS = [1, 8, 16, 23]


def _clock(start: str, hours: int) -> str:
    """``start`` (YYYY-MM-DD HH:MM:SS, in a fictional shifted year) plus whole hours."""
    moment = dt.datetime.strptime(start, "%Y-%m-%d %H:%M:%S") + dt.timedelta(hours=hours)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _vital_value(spec: tuple[float, float, float, float], hour: int, rng: random.Random) -> float:
    start, end, tau, sd = spec
    return end + (start - end) * math.exp(-hour / tau) + rng.gauss(0.0, sd)


def _icu_series() -> list[dict[str, Any]]:
    """The vitals of every stay, hour by hour, as a list of row dictionaries (before dropping)."""
    rng = rng_for("icu_vitals.csv")
    rows = []
    for index, stay in enumerate(ICU_STAYS):
        ids = {"subject_id": 900001 + index, "hadm_id": 9100001 + index, "stay_id": 9300001 + index}
        for hour in range(VITAL_HOURS):
            for itemid, label, unit, decimals in VITAL_ITEMS:
                if itemid == 990005 and hour % 4:
                    continue  # temperature every four hours
                value = _vital_value(stay["vitals"][itemid], hour, rng)
                if itemid == 990004:
                    value = min(value, 100.0)
                rows.append(
                    {
                        **ids,
                        "charttime": _clock(stay["start"], hour),
                        "itemid": itemid,
                        "label": label,
                        "valuenum": round(value, decimals),
                        "valueuom": unit,
                        "_hour": hour,
                        "_decimals": decimals,
                    }
                )
    # Real charts have gaps: drop about 3% of the hourly measurements (never hour 0).
    return [row for row in rows if row["_hour"] == 0 or rng.random() > 0.03]


def _vitals_at(rows: list[dict[str, Any]], stay_id: int, hour: int) -> dict[int, float]:
    """The most recent value of each vital at or before ``hour`` for one stay."""
    latest: dict[int, float] = {}
    for row in rows:
        if row["stay_id"] == stay_id and row["_hour"] <= hour:
            latest[row["itemid"]] = row["valuenum"]
    return latest


def _fmt_vitals(v: dict[int, float]) -> dict[str, str]:
    return {
        "hr": f"{v[990001]:.0f}",
        "sbp": f"{v[990002]:.0f}",
        "rr": f"{v[990003]:.0f}",
        "spo2": f"{v[990004]:.0f}",
        "temp": f"{v[990005]:.1f}",
    }


NOTE_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "sepsis": [
        (
            "Physician",
            "MICU admission note. {age} yo {sex} with hx of HTN, DM2 and CKD stage 3 p/w fever, productive cough and hypotension. "
            "On arrival T {temp} C, HR {hr}, SBP {sbp}, RR {rr}, SpO2 {spo2}% on 4L NC. Lactate {lactate} mmol/L, WBC {wbc} K/uL. "
            "CXR with RLL consolidation. A/P: septic shock 2/2 HAP. 30 mL/kg IVF bolus given, started norepinephrine, titrate to MAP > 65. "
            "Blood and sputum cx sent. Started vancomycin 1.25 g IV q12h and piperacillin-tazobactam 4.5 g IV q6h. Hold home metformin and lisinopril.",
        ),
        (
            "Nursing",
            "Nursing note. Pt A&Ox2, following commands. HR {hr}, SBP {sbp} on norepinephrine 0.08 mcg/kg/min, weaning per MD. "
            "SpO2 {spo2}% on 4L NC, RR {rr}. UOP 30-40 mL/hr via foley. Abx given on time. Family updated by phone by MD.",
        ),
        (
            "Nursing",
            "Nursing note. Norepinephrine weaned to 0.02 mcg/kg/min. HR {hr}, SBP {sbp}, T {temp} C. Pt c/o mild SOB with turning, "
            "SpO2 {spo2}% on 3L NC. Tolerating sips. Skin intact, turned q2h.",
        ),
        (
            "Physician",
            "MICU progress note. Hemodynamics improving, off pressors since early AM. T {temp} C, HR {hr}, SBP {sbp}, RR {rr}, SpO2 {spo2}% on 2L NC. "
            "Repeat lactate {lactate2} mmol/L. Blood cx NGTD. Plan: continue vancomycin and piperacillin-tazobactam, f/u cx and narrow abx, "
            "wean O2 as tolerated, PT/OT eval, possible call-out to floor tomorrow.",
        ),
    ],
    "chf": [
        (
            "Physician",
            "CCU admission note. {age} yo {sex} with hx of CHF (EF 25%), AFib on apixaban, HTN, p/w 3 days of worsening SOB, orthopnea and LE edema. "
            "HR {hr}, SBP {sbp}, RR {rr}, SpO2 {spo2}% on RA, improved to 93% on BiPAP. BNP {bnp} pg/mL, Cr {cr} mg/dL. CXR with pulmonary edema. "
            "A/P: acute on chronic systolic CHF exacerbation. Furosemide 80 mg IV BID, goal net negative 1-2 L/day. Hold metoprolol given soft BPs overnight if SBP < 100. "
            "Continue apixaban 5 mg PO BID. Daily weights, strict I/Os, BMP BID.",
        ),
        (
            "Nursing",
            "Nursing note. Pt on BiPAP, tolerating well. HR {hr} AFib rate controlled, SBP {sbp}, RR {rr}, SpO2 {spo2}%. "
            "UOP 1.2 L since furosemide. K 3.4, repleted with KCl 40 mEq PO per protocol. Pt anxious, reassured.",
        ),
        (
            "Respiratory",
            "RT note. Pt weaned from BiPAP to 4L NC. RR {rr}, SpO2 {spo2}%. Breath sounds with bibasilar crackles, improved from AM. "
            "Will continue to wean O2 as tolerated.",
        ),
        (
            "Physician",
            "CCU progress note. Net negative 2.1 L. HR {hr}, SBP {sbp}, RR {rr}, SpO2 {spo2}% on 2L NC. Cr stable at {cr} mg/dL. "
            "Plan: continue furosemide 80 mg IV BID, restart metoprolol 12.5 mg PO BID, continue apixaban, "
            "transition to PO diuretics when euvolemic, cardiology f/u.",
        ),
    ],
    "seizure": [
        (
            "Physician",
            "Neuro ICU admission note. {age} yo {sex} with hx of seizure disorder on levetiracetam, reportedly missed doses for 2 days, "
            "brought in after 2 generalized tonic-clonic seizures without return to baseline. Given lorazepam 4 mg IV total and "
            "levetiracetam 60 mg/kg IV load. Intubated for airway protection. HR {hr}, SBP {sbp}, T {temp} C. Glucose {glucose} mg/dL. "
            "CT head without acute process. A/P: status epilepticus, likely 2/2 nonadherence. Continuous EEG, levetiracetam 1000 mg IV q12h, "
            "propofol for sedation, neurology following.",
        ),
        (
            "Nursing",
            "Nursing note. Pt sedated on propofol, RASS -2. No clinical seizure activity observed. HR {hr}, SBP {sbp}, "
            "vent settings unchanged, SpO2 {spo2}%. cEEG in place, no electrographic seizures per neuro. OG tube to suction.",
        ),
        (
            "Respiratory",
            "RT note. Pt on AC/VC, FiO2 weaned to 40%, PEEP 5. RR {rr} set, SpO2 {spo2}%. SBT planned for AM if cEEG remains quiet.",
        ),
        (
            "Physician",
            "Neuro ICU progress note. No seizures on cEEG overnight. HR {hr}, SBP {sbp}, T {temp} C, SpO2 {spo2}% on FiO2 40%. "
            "Plan: SAT/SBT in AM with goal extubation, continue levetiracetam 1000 mg IV q12h then transition to PO, "
            "discuss adherence and seizure precautions, no driving counseling before discharge.",
        ),
    ],
    "dka": [
        (
            "Physician",
            "MICU admission note. {age} yo {sex} with hx of DM1 on insulin pump, pump malfunction x 1 day, p/w N/V, abd pain and polyuria. "
            "HR {hr}, SBP {sbp}, RR {rr} with Kussmaul breathing, T {temp} C. Glucose {glucose} mg/dL, pH 7.08, bicarb 8, AG 28, K {k} mEq/L. "
            "A/P: DKA. 2 L NS bolus, insulin gtt 0.1 units/kg/hr, replete K to > 4.0 before titrating insulin, BMP q2h, "
            "add D5 when glucose < 250. Endocrine consult re: pump.",
        ),
        (
            "Nursing",
            "Nursing note. Insulin gtt running per protocol, fingersticks q1h. Glucose trending down to 280s. HR {hr}, SBP {sbp}, RR {rr}. "
            "K 3.6, KCl 20 mEq IV given. Pt still nauseous, ondansetron 4 mg IV given with relief. NPO except ice chips.",
        ),
        (
            "Nursing",
            "Nursing note. D5 1/2NS added per protocol. AG now 16. HR {hr}, RR {rr}, SpO2 {spo2}% on RA. Pt more alert, asking to eat.",
        ),
        (
            "Physician",
            "MICU progress note. AG closed x 2 checks. HR {hr}, SBP {sbp}, RR {rr}. Plan: start insulin glargine 20 units SC, "
            "overlap with gtt 2 hr then stop gtt, advance diet, diabetes education, endocrine to adjust pump settings before discharge.",
        ),
    ],
    "gi_bleed": [
        (
            "Physician",
            "MICU admission note. {age} yo {sex} with hx of AFib on warfarin, HTN, p/w hematemesis and melena x 1 day. "
            "HR {hr}, SBP {sbp}, RR {rr}. Hgb {hgb} g/dL (baseline 13), INR {inr}. A/P: acute upper GI bleed with hemorrhagic shock. "
            "2 large-bore IVs, transfuse 2 units PRBC, pantoprazole 80 mg IV bolus then 8 mg/hr gtt, hold warfarin, "
            "reverse with vitamin K and PCC per GI, GI consult for EGD, type and cross 4 units.",
        ),
        (
            "Nursing",
            "Nursing note. 2 units PRBC transfused without reaction. HR {hr}, SBP {sbp}. One episode of melena, no further hematemesis. "
            "Pantoprazole gtt running. NPO for EGD.",
        ),
        (
            "Nursing",
            "Nursing note. Pt returned from EGD, awake and comfortable. HR {hr}, SBP {sbp}, SpO2 {spo2}% on RA. Post-transfusion Hgb pending.",
        ),
        (
            "Physician",
            "MICU progress note. EGD with duodenal ulcer, clip placed, no active bleeding. Hgb stable x 2. HR {hr}, SBP {sbp}. "
            "Plan: pantoprazole 40 mg IV BID, clear liquids, hold warfarin, discuss anticoagulation restart timing with cardiology, "
            "H. pylori testing, call-out to floor if stable.",
        ),
    ],
}


def _icu_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    vitals = _icu_series()
    rng = rng_for("icu_notes.csv")
    notes = []
    codes = {"Physician": "PN", "Nursing": "NN", "Respiratory": "RT"}
    for index, stay in enumerate(ICU_STAYS):
        stay_id = 9300001 + index
        for n, (hour, (category, template)) in enumerate(zip(NOTE_HOURS, NOTE_TEMPLATES[stay["scenario"]]), start=1):
            fields = _fmt_vitals(_vitals_at(vitals, stay_id, hour))
            fields.update(
                age=stay["age"],
                sex=stay["sex"],
                lactate=_num(rng, 3.5, 6.0, 1),
                lactate2=_num(rng, 1.0, 2.0, 1),
                wbc=_num(rng, 15.0, 22.0, 1),
                bnp=str(rng.randint(1400, 2600)),
                cr=_num(rng, 1.3, 1.9, 1),
                glucose=str(rng.randint(380, 560)),
                k=_num(rng, 3.3, 3.8, 1),
                hgb=_num(rng, 6.6, 7.8, 1),
                inr=_num(rng, 2.6, 3.4, 1),
            )
            notes.append(
                {
                    "note_id": f"{900001 + index}-{codes[category]}-{n}",
                    "subject_id": 900001 + index,
                    "hadm_id": 9100001 + index,
                    "stay_id": stay_id,
                    "charttime": _clock(stay["start"], hour),
                    "category": category,
                    "text": template.format(**fields),
                }
            )
    return notes, vitals


def icu_notes_csv() -> str:
    """The text of ``icu_notes.csv``: physician, nursing and respiratory notes of the invented ICU
    stays, in MIMIC-IV's columns."""
    notes, _ = _icu_rows()
    return _csv(["note_id", "subject_id", "hadm_id", "stay_id", "charttime", "category", "text"], notes)


def icu_vitals_csv() -> str:
    """The text of ``icu_vitals.csv``: the same stays' charted vital signs, one value a row with its
    item id, label and unit."""
    _, vitals = _icu_rows()
    rows = [{**row, "valuenum": f"{row['valuenum']:.{row['_decimals']}f}"} for row in vitals]
    return _csv(["subject_id", "hadm_id", "stay_id", "charttime", "itemid", "label", "valuenum", "valueuom"], rows)
