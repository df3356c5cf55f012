"""Synthetic answers of four invented systems to lay medication questions, graded with a rubric by
two simulated raters and a simulated automatic grader (for the rubric-evaluation notebook).

Each answer is assembled from sentences: one per rubric criterion it meets (the interaction is
stated correctly, a red flag says when to seek care, a safe next step is given), a wrong statement
when it misses the first, and general filler sentences that add length without content. Its true
grade follows from the criteria met (3: meets, 2: partly meets, 0-1: fails). The raters see the
true grade with some disagreement; the grader does too, and also tends to grade a long answer one
level up: a length bias put in on purpose so the notebook can show how to find it.
"""

from __future__ import annotations

import json
import random
from typing import Any

from .common import SYNTHETIC_NOTE, rng_for

GRADES = ["fails", "partly meets", "meets"]
RUBRIC = [
    "states correctly whether the two medicines interact",
    "says which warning sign means seeking care urgently",
    "gives a safe next step (what to take instead, or whom to ask)",
]
# (regular medicine, over-the-counter medicine, symptom, warning sign, safer option)
TOPICS = [
    ("lisinopril", "ibuprofen", "back pain", "much less urine than usual", "paracetamol"),
    ("warfarin", "aspirin", "a headache", "black stools or blood in the urine", "paracetamol"),
    (
        "sertraline",
        "St John's wort",
        "low mood",
        "agitation, fever and muscle twitching",
        "speaking with the prescriber",
    ),
    ("metformin", "a cold remedy with alcohol", "a cough", "vomiting and fast breathing", "a sugar-free cough syrup"),
    ("levothyroxine", "calcium tablets", "cramps", "a racing heart", "taking them four hours apart"),
]
FILLER = [
    "Every person is different, and your own situation matters.",
    "Many people have questions like this one, and it is good that you asked.",
    "Medicines can affect people in different ways.",
    "It is always a good idea to read the leaflet that comes with your medicine.",
    "Your health is important, so take your time to decide.",
    "There are many factors to consider in questions like this.",
]
# name -> (probability of meeting each criterion, number of filler sentences: low, high)
SYSTEMS = {
    "System A": (0.85, (0, 1)),
    "System B": (0.68, (4, 6)),
    "System C": (0.74, (1, 2)),
    "System D": (0.55, (0, 2)),
}
QUESTIONS_PER_SYSTEM = 25
LONG_WORDS = 60  # the simulated grader's bias starts above this length


def _answer_text(rng: random.Random, topic: tuple[str, ...], met: list[bool], fillers: int) -> str:
    drug, otc, symptom, red_flag, safer = topic
    sentences = []
    if met[0]:
        sentences.append(
            f"{otc[0].upper()}{otc[1:]} can interact with {drug}, so check before taking it for {symptom}."
        )
    else:
        sentences.append(f"{otc[0].upper()}{otc[1:]} is fine to take with {drug} for {symptom}.")
    if met[1]:
        sentences.append(f"Seek care urgently if you notice {red_flag}.")
    if met[2]:
        sentences.append(f"A safer next step is {safer}, or ask a pharmacist.")
    pool = FILLER[:]
    rng.shuffle(pool)
    for filler in pool[:fillers]:
        sentences.insert(rng.randint(0, len(sentences)), filler)
    return " ".join(sentences)


def _rated(rng: random.Random, grade: int, agree: float) -> int:
    if rng.random() < agree:
        return grade
    step = rng.choice([-1, 1]) if 0 < grade < 2 else (1 if grade == 0 else -1)
    return grade + step


def rubric_ratings_json() -> str:
    """The text of ``rubric_ratings.json``: the questions, and every system's answer to each with the
    criteria it meets, two raters' grades and the length-biased grader's."""
    rng = rng_for("rubric_ratings.json")
    questions: list[dict[str, Any]] = []
    for number in range(QUESTIONS_PER_SYSTEM):
        topic = TOPICS[number % len(TOPICS)]
        questions.append(
            {
                "id": f"Q{number + 1:02d}",
                "topic": number % len(TOPICS),
                "text": f"(Synthetic question {number + 1}) I take {topic[0]}. Can I take {topic[1]} for {topic[2]}?",
            }
        )
    answers: list[dict[str, Any]] = []
    for system, (p_meet, (low, high)) in SYSTEMS.items():
        for question in questions:
            topic = TOPICS[int(question["topic"])]
            met = [rng.random() < p_meet for _ in RUBRIC]
            grade = {3: 2, 2: 1}.get(sum(met), 0)
            text = _answer_text(rng, topic, met, rng.randint(low, high))
            words = len(text.split())
            grader = _rated(rng, grade, 0.8)
            if words > LONG_WORDS and grader < 2 and rng.random() < 0.8:
                grader += 1  # the length bias
            answers.append(
                {
                    "id": f"A{len(answers) + 1:03d}",
                    "system": system,
                    "question": question["id"],
                    "text": text,
                    "criteria_met": met,
                    "rater_1": _rated(rng, grade, 0.85),
                    "rater_2": _rated(rng, grade, 0.85),
                    "grader": grader,
                }
            )
    document = {
        "synthetic": True,
        "note": SYNTHETIC_NOTE,
        "description": (
            "Answers of four invented systems to synthetic medication questions, graded on a "
            "three-level rubric by two simulated raters and a simulated automatic grader with a "
            "length bias built in."
        ),
        "grades": GRADES,
        "rubric": RUBRIC,
        "questions": [{k: v for k, v in q.items() if k != "topic"} for q in questions],
        "answers": answers,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
