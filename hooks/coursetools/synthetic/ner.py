"""Medication NER gold and predicted annotations, and reference/generated summaries (invented)."""

from __future__ import annotations

import json
from typing import Any

from .common import SYNTHETIC_NOTE

# ---------------------------------------------------------------------------------------------
# ner_gold.json, ner_predicted.json and summaries.json (for the evaluation notebook)
# ---------------------------------------------------------------------------------------------

NER_LABELS = ["DRUG", "DOSE", "FREQUENCY", "CONDITION"]
# Each sentence as fragments: (text, gold label or None). Then the predicted spans, as
# (surface text, label), written by hand to show typical errors: boundary, label, miss, extra.
NER_SENTENCES: list[tuple[list[tuple[str, str | None]], list[tuple[str, str]]]] = [
    (
        [
            ("Pt started on ", None),
            ("metoprolol tartrate", "DRUG"),
            (" ", None),
            ("25 mg", "DOSE"),
            (" PO ", None),
            ("BID", "FREQUENCY"),
            (" for ", None),
            ("HTN", "CONDITION"),
            (".", None),
        ],
        [("metoprolol", "DRUG"), ("25 mg", "DOSE"), ("BID", "FREQUENCY"), ("HTN", "CONDITION")],
    ),
    (
        [
            ("Continue ", None),
            ("atorvastatin", "DRUG"),
            (" ", None),
            ("40 mg", "DOSE"),
            (" ", None),
            ("qHS", "FREQUENCY"),
            (" for ", None),
            ("hyperlipidemia", "CONDITION"),
            (".", None),
        ],
        [("atorvastatin", "DRUG"), ("40 mg", "DOSE"), ("qHS", "FREQUENCY"), ("hyperlipidemia", "CONDITION")],
    ),
    (
        [
            ("Levetiracetam", "DRUG"),
            (" ", None),
            ("500 mg", "DOSE"),
            (" IV ", None),
            ("q12h", "FREQUENCY"),
            (" was given for ", None),
            ("seizures", "CONDITION"),
            (".", None),
        ],
        [("Levetiracetam", "DRUG"), ("500 mg", "DOSE"), ("seizures", "CONDITION")],
    ),
    (
        [("Hx of ", None), ("CAD", "CONDITION"), (" s/p PCI, denies ", None), ("chest pain", "CONDITION"), (".", None)],
        [("CAD", "CONDITION"), ("PCI", "CONDITION"), ("chest pain", "CONDITION")],
    ),
    (
        [
            ("Acetaminophen", "DRUG"),
            (" ", None),
            ("650 mg", "DOSE"),
            (" PO ", None),
            ("q6h", "FREQUENCY"),
            (" PRN ", None),
            ("fever", "CONDITION"),
            (".", None),
        ],
        [("Acetaminophen", "DRUG"), ("650 mg", "DOSE"), ("q6h PRN", "FREQUENCY"), ("fever", "CONDITION")],
    ),
    (
        [
            ("Pt with ", None),
            ("SOB", "CONDITION"),
            (" and ", None),
            ("bilateral LE edema", "CONDITION"),
            (", started ", None),
            ("furosemide", "DRUG"),
            (" ", None),
            ("40 mg", "DOSE"),
            (" IV ", None),
            ("BID", "FREQUENCY"),
            (".", None),
        ],
        [("LE edema", "CONDITION"), ("furosemide", "DRUG"), ("40 mg", "DOSE"), ("BID", "FREQUENCY")],
    ),
    (
        [
            ("Heparin", "DRUG"),
            (" ", None),
            ("5000 units", "DOSE"),
            (" SC ", None),
            ("q8h", "FREQUENCY"),
            (" for ", None),
            ("DVT", "CONDITION"),
            (" prophylaxis.", None),
        ],
        [("Heparin", "DRUG"), ("5000 units", "FREQUENCY"), ("q8h", "FREQUENCY"), ("DVT", "CONDITION")],
    ),
    (
        [
            ("Apixaban", "DRUG"),
            (" ", None),
            ("5 mg", "DOSE"),
            (" PO ", None),
            ("BID", "FREQUENCY"),
            (" for ", None),
            ("AFib", "CONDITION"),
            (".", None),
        ],
        [("Apixaban", "DRUG"), ("5 mg", "DOSE"), ("BID", "FREQUENCY"), ("AFib", "CONDITION")],
    ),
]


def _ner_documents(predicted: bool) -> list[dict[str, Any]]:
    documents = []
    for index, (fragments, predictions) in enumerate(NER_SENTENCES, start=1):
        text, entities, position = "", [], 0
        for fragment, label in fragments:
            if label and not predicted:
                entities.append({"start": position, "end": position + len(fragment), "label": label, "text": fragment})
            text += fragment
            position += len(fragment)
        if predicted:
            for surface, label in predictions:
                start = text.index(surface)
                entities.append({"start": start, "end": start + len(surface), "label": label, "text": surface})
            entities.sort(key=lambda e: (e["start"], e["end"]))
        documents.append({"id": f"ner-{index:02d}", "text": text, "entities": entities})
    return documents


def ner_json(predicted: bool) -> str:
    """The text of ``ner_predicted.json`` (``predicted``: with deliberate errors) or ``ner_gold.json``:
    medication annotations of the same notes, as character offsets."""
    document = {
        "synthetic": True,
        "note": SYNTHETIC_NOTE,
        "annotation": "predicted by a hypothetical extraction system, with deliberate errors"
        if predicted
        else "gold standard, written by hand",
        "labels": NER_LABELS,
        "offsets": "character offsets into text, start inclusive, end exclusive",
        "documents": _ner_documents(predicted),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


SUMMARIES = {
    "synthetic": True,
    "note": SYNTHETIC_NOTE,
    "source_note": (
        "72 yo M with hx of HTN and AFib admitted with acute CHF exacerbation. Diuresed with furosemide 40 mg IV BID, "
        "net negative 3 L. Metoprolol held on admission for hypotension (SBP 85), restarted at 12.5 mg PO BID on "
        "hospital day 3 once SBP > 110. Discharged on furosemide 40 mg PO daily. Follow up with cardiology in 1 week."
    ),
    "reference": (
        "The patient was admitted with a heart failure exacerbation and was treated with intravenous furosemide. "
        "Metoprolol was held because of low blood pressure and was restarted at a lower dose. "
        "He was discharged on oral furosemide and will see cardiology in one week."
    ),
    "candidates": [
        {
            "id": "A",
            "label": "faithful paraphrase",
            "text": (
                "A 72-year-old man with worsening heart failure improved with IV diuresis. His beta blocker was paused "
                "for hypotension and resumed at 12.5 mg twice daily. He goes home on daily oral furosemide with a "
                "cardiology visit next week."
            ),
            "errors": [],
        },
        {
            "id": "B",
            "label": "fluent, close to the reference wording, with factual errors",
            "text": (
                "The patient was admitted with a heart failure exacerbation and was treated with intravenous furosemide. "
                "Metoprolol was held because of high blood pressure and was not restarted. "
                "He was discharged on oral furosemide and will see cardiology in one week."
            ),
            "errors": [
                "Metoprolol was held for low, not high, blood pressure.",
                "Metoprolol was restarted at 12.5 mg PO BID; the summary says it was not restarted.",
            ],
        },
    ],
}


def summaries_json() -> str:
    """The text of ``summaries.json``: one source note, its reference summary and two generated candidates."""
    return json.dumps(SUMMARIES, ensure_ascii=False, indent=2) + "\n"
