"""The two text corpora for the n-gram and tokenizer notebooks: clinical and general sentences."""

from __future__ import annotations

import random

from .common import rng_for
from .vocabulary import COMPLAINTS, LABS, O2, PLANS, PMH, _drug_phrase, _num

# ---------------------------------------------------------------------------------------------
# clinical_corpus.txt and general_corpus.txt
# ---------------------------------------------------------------------------------------------


def _clinical_sentence(rng: random.Random) -> str:
    kind = rng.randrange(12)
    if kind == 0:
        first, second = rng.sample(PMH, 2)
        return (
            f"pt is {rng.randint(19, 89)} yo {rng.choice(['M', 'F'])} with hx of "
            f"{first} and {second} presenting with {rng.choice(COMPLAINTS)}."
        )
    if kind == 1:
        return (
            f"BP {rng.randint(84, 182)}/{rng.randint(44, 104)}, HR {rng.randint(52, 138)}, "
            f"RR {rng.randint(12, 32)}, SpO2 {rng.randint(86, 100)}% on {rng.choice(O2)}."
        )
    if kind == 2:
        drug, why = _drug_phrase(rng)
        return f"started {drug} for {why}."
    if kind == 3:
        drug, _ = _drug_phrase(rng)
        verb = rng.choice(["continue", "hold", "increase", "decrease", "d/c"])
        return f"{verb} {drug}."
    if kind == 4:
        return (
            f"pt reports {rng.choice(['SOB', 'DOE', 'orthopnea', 'chest pain', 'nausea', 'fatigue'])}, "
            f"denies {rng.choice(['fever', 'chills', 'chest pain', 'palpitations', 'melena', 'headache'])}."
        )
    if kind == 5:
        lab, lo, hi, dec, unit = rng.choice(LABS)
        lab2, lo2, hi2, dec2, unit2 = rng.choice(LABS)
        return (
            f"labs notable for {lab} {_num(rng, lo, hi, dec)} {unit}".rstrip()
            + f" and {lab2} {_num(rng, lo2, hi2, dec2)} {unit2}".rstrip()
            + "."
        )
    if kind == 6:
        return f"plan: {rng.choice(PLANS)}, {rng.choice(PLANS)}."
    if kind == 7:
        temp = _num(rng, 36.1, 39.8, 1)
        state = "febrile" if float(temp) >= 38.0 else "afebrile"
        return f"{state}, T {temp} C, pt {rng.choice(['A&Ox3', 'A&Ox2', 'lethargic but arousable', 'sedated on propofol'])}."
    if kind == 8:
        history = ", ".join(rng.sample(PMH, 3))
        return (
            f"hx of {history}; home meds include {_drug_phrase(rng, oral_only=True)[0]} "
            f"and {_drug_phrase(rng, oral_only=True)[0]}."
        )
    if kind == 9:
        return (
            f"CXR with {rng.choice(['no acute process', 'bibasilar atelectasis', 'RLL consolidation', 'small bilateral effusions', 'pulmonary edema'])}; "
            f"EKG {rng.choice(['NSR', 'sinus tachycardia', 'AFib with RVR', 'NSR with PVCs', 'no acute ST changes'])}."
        )
    if kind == 10:
        drug, _ = _drug_phrase(rng)
        return f"pt tolerating {drug} without issue, {rng.choice(['ambulating in hall', 'tolerating PO', 'pain controlled', 'voiding qs'])}."
    return (
        f"{rng.choice(['s/p', 'c/o', 'r/o', 'w/'])} {rng.choice(['PCI', 'CABG', 'ACS', 'PE', 'sepsis', 'CVA', 'GI bleed', 'UTI'])}, "
        f"{rng.choice(['NPO', 'on tele', 'on 2L NC', 'full code', 'DNR/DNI'])}, dispo {rng.choice(['home', 'rehab', 'floor', 'ICU', 'pending'])}."
    )


GEN_SUBJECTS = [
    "the teacher",
    "my neighbour",
    "a young farmer",
    "the old sailor",
    "our team",
    "the children",
    "a small dog",
    "the baker",
    "the new manager",
    "my sister",
    "the students",
    "a tired traveller",
]
GEN_VERBS = [
    "walked to",
    "looked for",
    "talked about",
    "painted",
    "cleaned",
    "visited",
    "forgot",
    "repaired",
    "carried",
    "described",
    "photographed",
    "built",
]
GEN_OBJECTS = [
    "the garden",
    "a wooden boat",
    "the library",
    "an old bicycle",
    "the kitchen",
    "a long letter",
    "the market",
    "the bridge",
    "a red umbrella",
    "the museum",
    "the river",
    "a quiet village",
]
GEN_TIMES = [
    "in the morning",
    "after lunch",
    "on Sunday",
    "before the rain",
    "last summer",
    "at night",
    "during the holiday",
    "every week",
    "in the evening",
    "yesterday",
]
GEN_ADJ = ["bright", "cold", "quiet", "busy", "warm", "windy", "beautiful", "crowded", "peaceful", "grey"]
GEN_PLACES = [
    "the city",
    "the mountains",
    "the harbour",
    "the station",
    "the park",
    "the valley",
    "the coast",
    "the square",
]


def _general_sentence(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return f"{rng.choice(GEN_SUBJECTS).capitalize()} {rng.choice(GEN_VERBS)} {rng.choice(GEN_OBJECTS)} {rng.choice(GEN_TIMES)}."
    if kind == 1:
        return f"The weather in {rng.choice(GEN_PLACES)} was {rng.choice(GEN_ADJ)} {rng.choice(GEN_TIMES)}."
    if kind == 2:
        return (
            f"The train to {rng.choice(GEN_PLACES)} leaves at {rng.randint(5, 11)} and arrives "
            f"{rng.randint(2, 9)} hours later."
        )
    if kind == 3:
        return (
            f"{rng.choice(GEN_SUBJECTS).capitalize()} bought {rng.randint(2, 12)} apples, "
            f"{rng.randint(1, 6)} loaves of bread and some {rng.choice(['cheese', 'tea', 'honey', 'milk', 'coffee'])}."
        )
    if kind == 4:
        return (
            f"It was a {rng.choice(GEN_ADJ)} day, so {rng.choice(GEN_SUBJECTS)} decided to "
            f"{rng.choice(['stay home', 'read a book', 'go for a walk', 'cook dinner', 'call a friend', 'write a story'])}."
        )
    if kind == 5:
        return (
            f"The price of {rng.choice(['a ticket', 'the book', 'a coffee', 'the room', 'a bicycle'])} "
            f"went up by {rng.randint(2, 30)} percent this year."
        )
    if kind == 6:
        return (
            f"{rng.choice(GEN_SUBJECTS).capitalize()} said that {rng.choice(GEN_OBJECTS)} "
            f"looked {rng.choice(GEN_ADJ)} {rng.choice(GEN_TIMES)}."
        )
    return (
        f"Near {rng.choice(GEN_PLACES)} there is {rng.choice(GEN_OBJECTS)} where "
        f"people like to {rng.choice(['sit', 'talk', 'rest', 'play', 'work', 'meet'])}."
    )


def clinical_corpus() -> str:
    """The text of ``clinical_corpus.txt``: 420 invented clinical-note sentences, one a line."""
    rng = rng_for("clinical_corpus.txt")
    return "".join(_clinical_sentence(rng) + "\n" for _ in range(420))


def general_corpus() -> str:
    """The text of ``general_corpus.txt``: 420 invented everyday sentences, one a line."""
    rng = rng_for("general_corpus.txt")
    return "".join(_general_sentence(rng) + "\n" for _ in range(420))
