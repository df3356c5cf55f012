"""PubMed-style abstracts and ClinicalTrials.gov-style trial records (invented)."""

from __future__ import annotations

import json
import math
import random
from typing import Any

from .common import SYNTHETIC_NOTE, rng_for

# ---------------------------------------------------------------------------------------------
# abstracts.jsonl (shaped like PubMed structured abstracts)
# ---------------------------------------------------------------------------------------------

ABSTRACT_TOPICS: list[dict[str, Any]] = [
    {
        "kind": "rct_binary",
        "title": "Apixaban versus aspirin for stroke prevention in older adults with atrial fibrillation",
        "background": "Older adults with atrial fibrillation who cannot take warfarin are often given aspirin, which offers little protection against stroke.",
        "population": "adults aged 65 years or older with atrial fibrillation who were unsuitable for warfarin",
        "intervention": "apixaban 5 mg twice daily",
        "comparator": "aspirin 81 mg daily",
        "outcome": "stroke or systemic embolism",
        "effect": "reduced",
        "design": "Randomized Controlled Trial",
        "mesh": ["Atrial Fibrillation", "Anticoagulants", "Stroke", "Aged"],
        "ratio": (0.55, 0.85),
    },
    {
        "kind": "rct_binary",
        "title": "Levetiracetam versus phenytoin for benzodiazepine-refractory convulsive status epilepticus",
        "background": "The best second-line drug for convulsive status epilepticus that persists after benzodiazepines is unknown.",
        "population": "adults with convulsive status epilepticus unresponsive to benzodiazepines",
        "intervention": "intravenous levetiracetam 60 mg/kg",
        "comparator": "intravenous phenytoin 20 mg/kg",
        "outcome": "cessation of clinical seizures within 60 minutes",
        "effect": "increased",
        "design": "Randomized Controlled Trial",
        "mesh": ["Status Epilepticus", "Anticonvulsants", "Emergency Medicine"],
        "ratio": (0.92, 1.08),
        "base": (0.45, 0.6),
    },
    {
        "kind": "rct_continuous",
        "title": "Pharmacist-led medication titration for uncontrolled hypertension in primary care",
        "background": "Fewer than half of adults treated for hypertension reach their blood pressure target, partly because doses are not increased.",
        "population": "adults with uncontrolled hypertension in primary care",
        "intervention": "a pharmacist-led medication titration program",
        "comparator": "usual care",
        "outcome": "systolic blood pressure at 12 months",
        "effect": "lowered",
        "unit": "mm Hg",
        "design": "Randomized Controlled Trial",
        "mesh": ["Hypertension", "Pharmacists", "Primary Health Care"],
    },
    {
        "kind": "rct_binary",
        "title": "Text-message reminders and statin adherence after acute coronary syndrome",
        "background": "Many patients stop taking statins within months of an acute coronary syndrome.",
        "population": "adults newly prescribed atorvastatin after acute coronary syndrome",
        "intervention": "automated text-message reminders",
        "comparator": "no reminders",
        "outcome": "adherence at 6 months (at least 80% of days covered)",
        "effect": "increased",
        "design": "Randomized Controlled Trial",
        "mesh": ["Medication Adherence", "Text Messaging", "Atorvastatin"],
        "ratio": (1.15, 1.35),
        "base": (0.45, 0.6),
    },
    {
        "kind": "cohort_auroc",
        "title": "A machine-learning early warning score for sepsis in intensive care: a retrospective cohort study",
        "background": "Early recognition of sepsis shortens the time to antibiotics, but bedside scores such as qSOFA miss many cases.",
        "population": "adults admitted to intensive care units",
        "intervention": "a machine-learning early warning score",
        "comparator": "the quick Sequential Organ Failure Assessment (qSOFA)",
        "outcome": "in-hospital sepsis onset",
        "design": "Observational Study",
        "mesh": ["Sepsis", "Machine Learning", "Intensive Care Units", "Early Warning Score"],
    },
    {
        "kind": "evaluation",
        "title": "Accuracy of discharge summaries drafted by a large language model compared with physician-written summaries",
        "background": "Large language models can draft discharge summaries, but their factual accuracy has rarely been checked against the chart.",
        "population": "general medicine inpatients",
        "intervention": "discharge summaries drafted by a large language model",
        "comparator": "summaries written by physicians",
        "outcome": "factual accuracy",
        "design": "Comparative Study",
        "mesh": ["Patient Discharge Summaries", "Natural Language Processing", "Large Language Models"],
    },
]


def _abstract(rng: random.Random, topic: dict[str, Any]) -> dict[str, str]:
    kind = topic["kind"]
    background = f"{topic['background']} We compared {topic['intervention']} with {topic['comparator']}."
    if kind in ("rct_binary", "rct_continuous"):
        n = rng.randint(12, 60) * 20
        sites = rng.randint(4, 40)
        months = rng.choice([6, 12, 18, 24])
        methods = (
            f"In this multicentre, randomized, open-label trial at {sites} sites, we assigned {n} "
            f"{topic['population']} in a 1:1 ratio to {topic['intervention']} or {topic['comparator']}. "
            f"The primary outcome was {topic['outcome']}, analysed by intention to treat over {months} months of follow-up."
        )
        if kind == "rct_binary":
            arm = n // 2
            base = rng.uniform(*topic.get("base", (0.08, 0.25)))
            ratio = rng.uniform(*topic["ratio"])
            events_c = round(arm * base)
            events_i = round(arm * base * ratio)
            rr = events_i / events_c
            se = math.sqrt(1 / events_i - 1 / arm + 1 / events_c - 1 / arm)  # SE of log RR
            lo, hi = rr * math.exp(-1.96 * se), rr * math.exp(1.96 * se)
            results = (
                f"Of the {n} participants, {arm} were assigned to each group. The primary outcome occurred in "
                f"{events_i} participants ({100 * events_i / arm:.1f}%) in the intervention group and {events_c} "
                f"({100 * events_c / arm:.1f}%) in the comparator group (relative risk [RR], {rr:.2f}; 95% CI, {lo:.2f} to {hi:.2f}). "
                f"Serious adverse events occurred in {rng.randint(3, 12)}% and {rng.randint(3, 12)}% of participants, respectively."
            )
            significant = lo > 1.0 or hi < 1.0
        else:
            diff = -rng.uniform(3.0, 9.0)
            se = rng.uniform(0.8, 1.6)
            lo, hi = diff - 1.96 * se, diff + 1.96 * se
            base_sbp = rng.uniform(148, 156)
            results = (
                f"Mean {topic['outcome']} was {base_sbp + diff:.1f} {topic['unit']} with {topic['intervention']} and "
                f"{base_sbp:.1f} {topic['unit']} with {topic['comparator']} (difference, {diff:.1f} {topic['unit']}; 95% CI, "
                f"{lo:.1f} to {hi:.1f}). Adherence to the allocated strategy was {rng.randint(78, 94)}%."
            )
            significant = hi < 0
        if significant:
            conclusions = (
                f"Among {topic['population']}, {topic['intervention']} {topic['effect']} {topic['outcome']} "
                f"compared with {topic['comparator']}. Longer follow-up is needed to assess safety."
            )
        else:
            conclusions = (
                f"Among {topic['population']}, {topic['intervention']} did not differ significantly from "
                f"{topic['comparator']} for {topic['outcome']}."
            )
    elif kind == "cohort_auroc":
        n = rng.randint(80, 200) * 100
        cases = round(n * rng.uniform(0.05, 0.12))
        auc_model, auc_ref = rng.uniform(0.80, 0.86), rng.uniform(0.66, 0.72)
        hr = rng.uniform(1.8, 2.8)
        methods = (
            f"We conducted a retrospective cohort study of {n} {topic['population']} at {rng.randint(3, 9)} hospitals. "
            f"We compared {topic['intervention']} with {topic['comparator']} for predicting {topic['outcome']} "
            f"using the area under the receiver operating characteristic curve (AUROC), with temporal validation."
        )
        results = (
            f"{cases} patients ({100 * cases / n:.1f}%) developed sepsis. The AUROC was {auc_model:.2f} for the model and "
            f"{auc_ref:.2f} for qSOFA. An alert was associated with a higher hazard of ICU transfer "
            f"(hazard ratio [HR], {hr:.2f}; 95% CI, {hr * 0.8:.2f} to {hr * 1.25:.2f}). The positive predictive value at the "
            f"chosen threshold was {rng.randint(11, 24)}%."
        )
        conclusions = (
            f"The model discriminated {topic['outcome']} better than qSOFA in retrospective data, but most alerts "
            f"were false positives; prospective evaluation of its effect on patient outcomes is required."
        )
    else:
        n = rng.randint(10, 30) * 10
        acc_llm, acc_doc = rng.uniform(0.86, 0.92), rng.uniform(0.90, 0.96)
        omissions = rng.randint(8, 20)
        methods = (
            f"We sampled {n} hospital stays of {topic['population']} and generated {topic['intervention']}, which were "
            f"compared with {topic['comparator']}. Two clinicians blinded to the source rated {topic['outcome']}, "
            f"completeness and readability; ROUGE-L against the physician summary was also computed."
        )
        results = (
            f"Clinicians rated {100 * acc_llm:.0f}% of model statements and {100 * acc_doc:.0f}% of physician statements as "
            f"factually correct. Model summaries were rated more readable but omitted a clinically relevant medication "
            f"change in {omissions}% of stays. ROUGE-L correlated weakly with clinician accuracy ratings "
            f"(Spearman rho, {rng.uniform(0.12, 0.28):.2f})."
        )
        conclusions = (
            "Model-drafted discharge summaries were readable but contained omissions and errors that automatic "
            "overlap metrics did not detect; clinician review remains necessary."
        )
    return {"BACKGROUND": background, "METHODS": methods, "RESULTS": results, "CONCLUSIONS": conclusions}


def abstracts_jsonl() -> str:
    """The text of ``abstracts.jsonl``: one invented PubMed-style record a line (``SYNTH-`` ids, year 2150)."""
    rng = rng_for("abstracts.jsonl")
    lines = []
    for index, topic in enumerate(ABSTRACT_TOPICS, start=1):
        record = {
            "pmid": f"SYNTH-{index:06d}",
            "synthetic": True,
            "title": topic["title"],
            "journal": "Synthetic Journal of Course Examples",
            "year": 2150,
            "publication_types": ["Journal Article", topic["design"]],
            "mesh_terms": topic["mesh"],
            "abstract": _abstract(rng, topic),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# trials.json (shaped like the ClinicalTrials.gov API v2 "studies" response)
# ---------------------------------------------------------------------------------------------

TRIALS: list[dict[str, Any]] = [
    {
        "title": "Apixaban Versus Aspirin in Older Adults With Atrial Fibrillation",
        "conditions": ["Atrial Fibrillation", "Stroke"],
        "interventions": [("DRUG", "Apixaban"), ("DRUG", "Aspirin")],
        "phase": ["PHASE3"],
        "status": "COMPLETED",
        "min_age": "65 Years",
        "outcome": "Stroke or systemic embolism",
        "time_frame": "Up to 24 months",
        "inclusion": [
            "Age 65 years or older",
            "Non-valvular atrial fibrillation documented on ECG",
            "CHA2DS2-VASc score of 2 or more",
        ],
        "exclusion": [
            "Mechanical heart valve",
            "Active bleeding or platelet count below 100,000/uL",
            "Creatinine clearance below 25 mL/min",
            "Current use of a vitamin K antagonist",
        ],
    },
    {
        "title": "Levetiracetam or Phenytoin for Benzodiazepine-Refractory Status Epilepticus",
        "conditions": ["Status Epilepticus"],
        "interventions": [("DRUG", "Levetiracetam"), ("DRUG", "Phenytoin")],
        "phase": ["PHASE3"],
        "status": "ACTIVE_NOT_RECRUITING",
        "min_age": "18 Years",
        "outcome": "Cessation of clinical seizures within 60 minutes",
        "time_frame": "60 minutes",
        "inclusion": [
            "Age 18 years or older",
            "Generalized convulsive seizure lasting more than 5 minutes",
            "Seizure persisting after an adequate benzodiazepine dose",
        ],
        "exclusion": [
            "Known pregnancy",
            "Seizure due to acute trauma",
            "Known allergy to levetiracetam or phenytoin",
            "Second-line antiseizure drug already given",
        ],
    },
    {
        "title": "Pharmacist-Led Titration for Uncontrolled Hypertension in Primary Care",
        "conditions": ["Hypertension"],
        "interventions": [("BEHAVIORAL", "Pharmacist-led titration"), ("OTHER", "Usual care")],
        "phase": ["NA"],
        "status": "RECRUITING",
        "min_age": "18 Years",
        "outcome": "Change in systolic blood pressure at 12 months",
        "time_frame": "12 months",
        "inclusion": [
            "Age 18 years or older",
            "Systolic blood pressure of 140 mm Hg or more on two visits",
            "Taking at least one antihypertensive drug",
        ],
        "exclusion": [
            "Secondary hypertension",
            "Estimated GFR below 30 mL/min/1.73 m2",
            "Pregnancy or planned pregnancy",
            "Life expectancy below 12 months",
        ],
    },
    {
        "title": "Text-Message Reminders for Statin Adherence After Acute Coronary Syndrome",
        "conditions": ["Acute Coronary Syndrome", "Hyperlipidemia"],
        "interventions": [("BEHAVIORAL", "Text-message reminders"), ("DRUG", "Atorvastatin")],
        "phase": ["PHASE4"],
        "status": "NOT_YET_RECRUITING",
        "min_age": "21 Years",
        "outcome": "Proportion of days covered by atorvastatin of at least 80% at 6 months",
        "time_frame": "6 months",
        "inclusion": [
            "Hospitalized for acute coronary syndrome",
            "New prescription of atorvastatin 40 mg or 80 mg",
            "Owns a mobile phone able to receive text messages",
        ],
        "exclusion": ["Statin intolerance", "Active liver disease", "Cognitive impairment preventing consent"],
    },
    {
        "title": "Early Warning Score for Sepsis in Intensive Care: a Stepped-Wedge Evaluation",
        "conditions": ["Sepsis", "Septic Shock"],
        "interventions": [("DEVICE", "Machine-learning early warning score"), ("OTHER", "Standard monitoring")],
        "phase": ["NA"],
        "status": "TERMINATED",
        "min_age": "18 Years",
        "outcome": "Time from sepsis onset to first antibiotic dose",
        "time_frame": "Up to 30 days",
        "inclusion": ["Adult admitted to a participating intensive care unit", "Expected ICU stay of 24 hours or more"],
        "exclusion": ["Comfort care only on admission", "Transfer from another ICU with sepsis already diagnosed"],
    },
]


def trials_json() -> str:
    """The text of ``trials.json``: invented trials as ClinicalTrials.gov API v2 ``studies`` (``NCT-SYNTH-`` ids)."""
    rng = rng_for("trials.json")
    studies = []
    for index, trial in enumerate(TRIALS, start=1):
        criteria = (
            "Inclusion Criteria:\n\n"
            + "\n".join(f"* {item}" for item in trial["inclusion"])
            + "\n\nExclusion Criteria:\n\n"
            + "\n".join(f"* {item}" for item in trial["exclusion"])
        )
        studies.append(
            {
                "protocolSection": {
                    "identificationModule": {
                        "nctId": f"NCT-SYNTH-{index:04d}",
                        "briefTitle": trial["title"],
                        "organization": {"fullName": "Synthetic Course Consortium", "class": "OTHER"},
                    },
                    "statusModule": {"overallStatus": trial["status"]},
                    "conditionsModule": {"conditions": trial["conditions"]},
                    "designModule": {
                        "studyType": "INTERVENTIONAL",
                        "phases": trial["phase"],
                        "designInfo": {
                            "allocation": "RANDOMIZED",
                            "primaryPurpose": "TREATMENT" if trial["phase"] != ["NA"] else "HEALTH_SERVICES_RESEARCH",
                            "maskingInfo": {"masking": rng.choice(["NONE", "SINGLE", "DOUBLE"])},
                        },
                        "enrollmentInfo": {
                            "count": rng.randint(8, 80) * 25,
                            "type": "ESTIMATED"
                            if trial["status"] in ("RECRUITING", "NOT_YET_RECRUITING")
                            else "ACTUAL",
                        },
                    },
                    "armsInterventionsModule": {
                        "interventions": [{"type": kind, "name": name} for kind, name in trial["interventions"]],
                    },
                    "outcomesModule": {
                        "primaryOutcomes": [{"measure": trial["outcome"], "timeFrame": trial["time_frame"]}]
                    },
                    "eligibilityModule": {
                        "eligibilityCriteria": criteria,
                        "healthyVolunteers": False,
                        "sex": "ALL",
                        "minimumAge": trial["min_age"],
                        "stdAges": ["OLDER_ADULT"] if trial["min_age"] == "65 Years" else ["ADULT", "OLDER_ADULT"],
                    },
                },
                "hasResults": trial["status"] == "COMPLETED",
            }
        )
    document = {"synthetic": True, "note": SYNTHETIC_NOTE, "studies": studies}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
