"""The Markdown of one generated lesson, shaped like the course's real lessons.

``lesson(plan, vocabulary)`` writes a lesson that keeps the lesson contract (every required key,
tags from ``docs/_data/tags.yml``, sometimes a dataset, a prerequisite that exists) and whose
make-up matches the medians of the real lessons as ``features.count`` measures them (about 2,100
words of prose in six sections, ten or eleven footnotes, a dozen inline formulas and one display
formula, two tables, four admonitions with one or two exercises and their collapsible solutions,
one Mermaid diagram, a ```` ```quiz ```` block and, in one lesson in three, a code block). The
diagram is one of the real course's own, so its committed SVG is reused, as the build would for
a real lesson. The text comes from a ``random.Random`` seeded per lesson: the same arguments give
the same bytes on every machine; nothing depends on the clock.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

SEED = 20261123
WORDS = 2100  # the real lessons' median is about 2,100 words of prose
FOOTNOTES = 10  # plus one in every other lesson: the real median is 10 to 11
INLINE_MATH = 12
AUTHORS = "LLMs Meet Healthcare course team"
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")  # as features.py and the lesson header count words

TOPICS = [
    ("Calibration", "calibration"),
    ("Tokenizing drug names", "drug-names"),
    ("Summarizing discharge notes", "discharge-notes"),
    ("Retrieval over guidelines", "guidelines"),
    ("Triage assistants", "triage"),
    ("Coding with ICD-10", "icd-coding"),
    ("De-identification", "deidentification"),
    ("Evaluating summaries", "summary-evaluation"),
    ("Prompt design for clinicians", "prompt-design"),
    ("Bias audits", "bias-audits"),
    ("Monitoring a deployed model", "monitoring"),
    ("Uncertainty and abstention", "abstention"),
    ("Patient education leaflets", "leaflets"),
    ("Radiology report generation", "radiology-reports"),
    ("Medication reconciliation", "medication-reconciliation"),
    ("Literature screening", "screening"),
]
SETTINGS = [
    "the emergency department",
    "primary care",
    "the intensive care unit",
    "oncology",
    "a community pharmacy",
    "outpatient cardiology",
    "a teaching hospital",
    "telehealth",
]
_SUBJECTS = [
    "a clinical language model",
    "the tokenizer",
    "the evaluation team",
    "a triage assistant",
    "the attention layer",
    "a careful reviewer",
    "the governance board",
    "the retrieval step",
    "a fine-tuned encoder",
    "the summarization pipeline",
    "a general-purpose LLM",
    "the annotation guideline",
    "the held-out test set",
    "a nurse informaticist",
    "the monitoring dashboard",
    "the decoding strategy",
]
_VERBS = [
    "estimates",
    "compares",
    "summarizes",
    "flags",
    "ranks",
    "misreads",
    "calibrates",
    "explains",
    "extracts",
    "checks",
    "underestimates",
    "highlights",
    "filters",
    "rewrites",
]
_OBJECTS = [
    "the probability of the next token",
    "medication names in free text",
    "abbreviations in nursing notes",
    "negated findings in a radiology report",
    "the risk of a missed diagnosis",
    "the evidence behind each recommendation",
    "every sentence of the discharge summary",
    "rare conditions in the EHR",
    "the dose and frequency of each drug",
    "the uncertainty of its own answer",
    "the differences between two guidelines",
    "phrases that a patient may not understand",
    "candidate ICD-10 codes for the encounter",
    "the answers to multiple-choice questions",
]
_TAILS = [
    "before any clinician sees the output",
    "on a held-out set of synthetic notes",
    "when the context window is nearly full",
    "with a fixed random seed",
    "in a way that a reviewer can audit",
    "across several hospitals with different habits",
    "without sending text outside the network",
    "for patients with limited health literacy",
    "at a threshold chosen in advance",
    "even when the prompt is slightly reworded",
    "and records the result for later review",
    "under the supervision of a pharmacist",
]
_OPENERS = [
    "",
    "",
    "",
    "",
    "In practice, ",
    "For example, ",
    "However, ",
    "As a result, ",
    "In a busy ward, ",
    "On the other hand, ",
    "In most studies, ",
    "By contrast, ",
]
_SECTIONS = [
    "Why it matters",
    "The core idea",
    "A worked example",
    "Where it goes wrong",
    "How to evaluate it",
    "Trade-offs in deployment",
    "What the literature says",
    "Common misconceptions",
    "A checklist for practice",
]
_VERBS_OBJECTIVE = ["Explain", "Describe", "Evaluate", "Predict", "Judge", "Show"]
_LEVELS = ["beginner", "intermediate", "advanced"]
_MATH = [
    r"$p(x_t \mid x_{<t})$",
    "$P$",
    "$R$",
    r"$\theta$",
    "$n = 1000$",
    "$k$",
    r"$\alpha = 0.05$",
    "$T$",
    r"$\hat{y}$",
    "$d_k$",
    r"$e^{x}$",
    r"$\sqrt{d_k}$",
    r"$\mathrm{F1}$",
    "$N$",
]
_CODE = '''```python
def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


print(round(f1(0.82, 0.64), 3))
```'''


@dataclass
class Vocabulary:
    """What the generated lessons may refer to: the course's tags, datasets and diagrams."""

    tags: list[str]
    datasets: list[str] = field(default_factory=list)
    diagrams: list[str] = field(default_factory=list)  # Mermaid sources from the real lessons


@dataclass
class Plan:
    """Where one generated lesson goes: its number (1-based over the whole corpus), module folder,
    file slug and title, and the slug of the lesson before it in the same module (its prerequisite;
    None for a module's first lesson)."""

    number: int  # 1-based over the whole corpus
    module: str
    slug: str
    title: str
    previous: str | None  # slug of the previous lesson in the module

    @property
    def path(self) -> str:
        """The lesson's source path relative to ``docs/``: ``modules/<module>/<slug>.md``."""
        return f"modules/{self.module}/{self.slug}.md"


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON-style escaping; the generated text is ASCII)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """One sentence drawn with ``rng`` (opener, subject, verb, object, tail), capitalized, ending in a full stop."""
    opener = rng.choice(_OPENERS)
    subject = rng.choice(_SUBJECTS)
    return _cap(f"{opener}{subject} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}.")


def wrap(text: str, width: int = 100, indent: str = "") -> str:
    """``text`` broken at single spaces into lines of at most ``width`` characters, counting ``indent``,
    which starts every line; a word longer than that is not broken and overruns."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def paragraph(rng: random.Random, sentences: int = 5, extra: tuple[str, ...] = ()) -> str:
    """``sentences`` sentences drawn with ``rng``, each text of ``extra`` inserted at a random place after
    the first sentence, wrapped at 100 columns. With ``extra``, ``sentences`` must be 1 or more (ValueError)."""
    parts = [sentence(rng) for _ in range(sentences)]
    for text in extra:
        parts.insert(rng.randrange(1, len(parts) + 1), text)
    return wrap(" ".join(parts))


def words(text: str) -> int:
    """Words of prose as ``features.count`` counts them: code, diagrams and quizzes left out."""
    prose, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and not line.lstrip().startswith("[^"):
            prose.append(line)
    return len(_WORD.findall("\n".join(prose)))


def _table(rng: random.Random, caption: str) -> list[str]:
    rows = ["| System | Precision | Recall | F1 |", "|---|---|---|---|"]
    for system in ("Rule-based baseline", "Fine-tuned encoder", "Prompted LLM", "LLM with retrieval"):
        precision, recall = rng.randint(55, 95) / 100, rng.randint(55, 95) / 100
        f1 = 2 * precision * recall / (precision + recall)
        rows.append(f"| {system} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")
    return [wrap(caption), "\n".join(rows)]


def _exercise(rng: random.Random, number: int) -> list[str]:
    return [
        f'!!! question "Exercise {number}"',
        "    Objectives: 1, 2",  # the objectives it practises (coursetools.assessment)
        wrap(
            f"A team reports precision {rng.randint(60, 90)}% and recall {rng.randint(60, 90)}% "
            f"for {rng.choice(_OBJECTS)}. Compute F1, and name one reason the figure could "
            "mislead a clinician.",
            indent="    ",
        ),
        '    ??? success "Solution"',
        wrap(
            "Apply the formula above: F1 is the harmonic mean, so it sits closer to the smaller "
            "of the two values. " + " ".join(sentence(rng) for _ in range(2)),
            indent="        ",
        ),
    ]


def _quiz(rng: random.Random) -> str:
    lines = ["```quiz"]
    for index in range(1, 4):
        right = rng.randrange(3)
        # A single-choice, a multiple-choice and a spot-the-error question, as every quiz needs.
        kind = "multiple" if index == 2 else "single"
        lines += [
            f"- question: {quote(f'Which statement about {rng.choice(_OBJECTS)} is correct?')}",
            f"  assesses: [{index}]",
            f"  kind: {kind}",
        ]
        lines += ["  spot-error: true"] if index == 3 else []
        lines += ["  choices:"]
        for choice in range(3):
            lines.append(f"    - text: {quote(sentence(rng))}")
            if choice == right:
                lines.append("      correct: true")
            lines.append(f"      feedback: {quote(sentence(rng))}")
    lines += [
        '- question: "What is the F1 score, in percent, for precision 80 % and recall 80 %?"',
        "  assesses: [1]",
        "  kind: numeric",
        "  answer: 80",
        "  tolerance: 0.5",
        "  feedback:",
        f"    correct: {quote(sentence(rng))}",
        f"    incorrect: {quote(sentence(rng))}",
        "```",
    ]
    return "\n".join(lines)


def front_matter(item: Plan, vocabulary: Vocabulary, rng: random.Random) -> list[str]:
    """The front-matter lines of a lesson, ``---`` to ``---``: title, description, authors, dates,
    tags (three, or all if the course has fewer), level, three objectives, two questions, three key
    points, the previous lesson as prerequisite if any, and a dataset in about a third of the lessons.

    The date is 31 to 150 days before today, so it depends on the clock; every fourth lesson is
    updated and reviewed 30 days after it, the others reviewed on it."""
    # Written 30-150 days ago and reviewed since, as the real lessons are: none is overdue for
    # review (the shortest interval is 6 months), so no run warns more than another.
    date = dt.date.today() - dt.timedelta(days=150) + dt.timedelta(days=(item.number * 7) % 120)
    topic = item.title.rsplit(" (", 1)[0]
    description = f"A generated lesson on {topic.lower()}, used to measure how the build grows with the course."
    objectives = [
        f"{verb} how {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
        for verb in rng.sample(_VERBS_OBJECTIVE, 3)
    ]
    questions = [f"How does {rng.choice(_SUBJECTS)} handle {rng.choice(_OBJECTS)}?" for _ in range(2)]
    keypoints = [sentence(rng) for _ in range(3)]
    chosen_tags = rng.sample(vocabulary.tags, min(3, len(vocabulary.tags)))
    chosen_data = [rng.choice(vocabulary.datasets)] if vocabulary.datasets and rng.random() < 0.35 else []
    front = [
        "---",
        f"title: {quote(item.title)}",
        f"description: {quote(description)}",
        f"authors: [{AUTHORS}]",
        f"date: {date.isoformat()}",
    ]
    if item.number % 4 == 0:
        front.append(f"updated: {(date + dt.timedelta(days=30)).isoformat()}")
    front.append(f"reviewed: {(date + dt.timedelta(days=30 if item.number % 4 == 0 else 0)).isoformat()}")
    front.append(f"tags: [{', '.join(chosen_tags)}]")
    front.append(f"level: {_LEVELS[item.number % len(_LEVELS)]}")
    for key, values in (("objectives", objectives), ("questions", questions), ("keypoints", keypoints)):
        front.append(f"{key}:")
        front.extend(f"  - {quote(value)}" for value in values)
    if item.previous:
        front += ["prerequisites:", f"  - modules/{item.module}/{item.previous}.md"]
    if chosen_data:
        front.append(f"datasets: [{', '.join(chosen_data)}]")
    return front + ["---"]


def lesson(item: Plan, vocabulary: Vocabulary, seed: int = SEED, target_words: int = WORDS) -> str:
    """The Markdown of one generated lesson (front matter and body)."""
    rng = random.Random(f"{seed}:{item.number}")
    front = front_matter(item, vocabulary, rng)
    labels = [f"g{item.number}n{index}" for index in range(FOOTNOTES + item.number % 2)]
    cites = [f"Guidance on this point differs between institutions.[^{label}]" for label in labels]
    maths = [f"Write {rng.choice(_MATH)} for {rng.choice(_OBJECTS)}." for _ in range(INLINE_MATH - 3)]
    back = f"[the previous lesson]({item.previous}.md)" if item.previous else "[the module overview](index.md)"
    sections = rng.sample(_SECTIONS, 6)
    two_exercises = item.number % 2 == 0
    body: list[str] = [
        paragraph(
            rng,
            4,
            (f"This lesson builds on {back} and uses the terms of the [glossary](../../glossary.md).{cites.pop()}",),
        ),
        f"## {sections[0]}",
        paragraph(
            rng,
            5,
            (
                r"The quantity of interest is $p(x_t \mid x_{<t})$, the probability of "
                "the next token given the tokens before it.",
                cites.pop(),
            ),
        ),
        paragraph(rng, 5, (maths.pop(), cites.pop())),
        f"## {sections[1]}",
        paragraph(rng, 5, ("The [summary](#summary) at the end lists what to remember.", cites.pop())),
        *_table(rng, f"The table compares three systems on {rng.choice(_OBJECTS)}. {cites.pop()}"),
        "The F1 score in the last column is the harmonic mean of precision $P$ and recall $R$:",
        "$$\n\\mathrm{F1} = \\frac{2PR}{P + R}\n$$",
        f"### {rng.choice(['A closer look', 'Reading the table', 'What the numbers hide'])}",
        paragraph(rng, 5, (maths.pop(), maths.pop())),
        f"## {sections[2]}",
    ]
    if vocabulary.diagrams:
        diagram = vocabulary.diagrams[item.number % len(vocabulary.diagrams)]
        body += ["The diagram below shows the steps in order.", f"```mermaid\n{diagram.strip()}\n```"]
    if not two_exercises:
        body += [
            f'!!! note "{rng.choice(["Why this matters in the clinic", "A caution", "In practice"])}"',
            wrap(" ".join(sentence(rng) for _ in range(3)), indent="    "),
        ]
    body += [
        paragraph(rng, 5, (maths.pop(), cites.pop())),
        f"## {sections[3]}",
        *_table(rng, f"A second comparison, on {rng.choice(SETTINGS)}. {cites.pop()}"),
    ]
    if item.number % 3 == 0:
        body += ["The calculation, in Python:", _CODE]
    body.append(paragraph(rng, 5, (maths.pop(), cites.pop())))
    if not two_exercises:
        body += ['!!! warning "Before you rely on it"', wrap(" ".join(sentence(rng) for _ in range(2)), indent="    ")]
    body += [f"## {sections[4]}", paragraph(rng, 5, (maths.pop(),))]
    tail = [f"## {sections[5]}", *_exercise(rng, 1)]
    if two_exercises:
        tail += _exercise(rng, 2)
    tail += ["## Check your understanding", _quiz(rng), "## Summary", paragraph(rng, 3)]
    total = words("\n\n".join(body)) + words("\n\n".join(tail))
    while total < target_words - 60:
        extra = tuple(x for x in (maths.pop() if maths else "", cites.pop() if cites else "") if x)
        body.append(paragraph(rng, 5, extra))
        total += words(body[-1])
    leftovers = [*maths, *cites]
    if leftovers:
        body.append(paragraph(rng, 2, tuple(leftovers)))
    # 10.5555 is the DOI prefix reserved for examples: shaped like the course's citations, never real.
    notes = [
        f"[^{label}]: {AUTHORS}. Synthetic reference {index + 1} for generated lesson "
        f"{item.number}. Generated text for the build benchmarks, not a publication. "
        f"https://doi.org/10.5555/course-bench.{item.number}.{index + 1}"
        for index, label in enumerate(labels)
    ]
    return "\n".join(front) + "\n\n" + "\n\n".join(body + tail + ["\n".join(notes)]) + "\n"


def module_index(module: str, index: int, total: int, seed: int = SEED) -> str:
    """The ``index.md`` of a generated module: title "Generated module NN" (``index`` is 0-based, of
    ``total`` modules), a four-sentence paragraph seeded by ``seed`` and ``module``, and the
    ``<!-- lesson-list -->`` marker."""
    rng = random.Random(f"{seed}:module:{module}")
    return (
        "---\n"
        f"title: {quote(f'Generated module {index + 1:02d}')}\n"
        f"description: Generated lessons for the build benchmarks, group {index + 1} of {total}.\n"
        "---\n\n"
        f"{paragraph(rng, 4)}\n\n"
        "<!-- lesson-list -->\n"
    )
