"""The quiz model: the questions, choices and blocks a quiz is made of, its rules and limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..findings import rule

Kind = Literal["single", "multiple", "numeric"]
KINDS: tuple[Kind, ...] = ("single", "multiple", "numeric")
MIN_QUESTIONS = 4
MAX_DEPTH = 8  # a question nests four levels deep (list, question, feedback/choices, choice)

QUESTION_KEYS = ("question", "assesses", "kind", "spot-error", "choices", "answer", "tolerance", "unit", "feedback")
CHOICE_KEYS = ("text", "correct", "feedback")
NUMERIC_KEYS = ("answer", "tolerance", "unit")
NUMERIC_FEEDBACK_KEYS = ("correct", "incorrect")

GROUP = "self-checks"
QUIZ_YAML = rule(
    "quiz-yaml",
    GROUP,
    "A quiz block is valid YAML without anchors, aliases or tags.",
    "Fix the YAML on the line shown; quote text that contains `: ` or starts with a quote.",
)
YAML_FIX = "fix the YAML on the line shown (quote text that contains `: ` or starts with a quote)"
QUIZ_SHAPE = rule(
    "quiz-shape",
    GROUP,
    "A quiz block is a list of questions, each a mapping with the documented keys.",
    "Write each question as `- question: ...` with `assesses:`, `kind:` and its answers.",
)
QUIZ_KIND = rule(
    "quiz-kind",
    GROUP,
    "Every question has a `kind:` of single, multiple or numeric, and only the keys of that kind.",
    "Set `kind:` to single, multiple or numeric.",
)
QUIZ_NO_CORRECT = rule(
    "quiz-no-correct",
    GROUP,
    "A choice question has at least one correct choice.",
    "Mark the right choice(s) with `correct: true`.",
)
QUIZ_TWO_CORRECT = rule(
    "quiz-two-correct",
    GROUP,
    "A single-choice question has exactly one correct choice.",
    "Keep one `correct: true`, or make the question `kind: multiple`.",
)
TWO_CORRECT_FIX = "keep one `correct: true`, or make the question `kind: multiple`"
QUIZ_FEEDBACK = rule(
    "quiz-feedback-missing",
    GROUP,
    "Every choice, and every numeric question, explains why an answer is right or wrong.",
    "Add a `feedback:` that explains why.",
)
QUIZ_TOLERANCE = rule(
    "quiz-numeric-tolerance",
    GROUP,
    "A numeric question gives the tolerance within which an answer counts as right.",
    "Add e.g. `tolerance: 0.01`.",
)
QUIZ_TOO_FEW = rule(
    "quiz-too-few",
    GROUP,
    "A lesson's quiz has at least 4 questions, among them a "
    "single-choice, a multiple-choice, a numeric and a spot-the-error question.",
    "Add the missing questions.",
)
QUIZ_ASSESSES = rule(
    "quiz-assesses-missing",
    GROUP,
    "Every question names the objective(s) it checks.",
    "Add `assesses: [N]` with the numbers of the objectives it checks.",
)
QUIZ_SECTION = rule(
    "quiz-section",
    GROUP,
    "A lesson has one quiz, in its `## Check your understanding` section.",
    "Put one `quiz` fenced block under `## Check your understanding`.",
    severity="warning",
)

KEY_POSITION_THRESHOLD = 0.025  # one in forty: every lesson of the course before its reorder was below it
QUIZ_KEY_POSITION = rule(
    "quiz-keyed-position",
    GROUP,
    "A lesson's keyed (correct) choices do not sit in one position far more often than chance: for "
    "each position, the chance that choices in random order put at least as many keyed answers "
    "there (a binomial tail over the lesson's choice questions, each with its own number of "
    f"choices) must not be below {KEY_POSITION_THRESHOLD:g}.",
    "Reorder the choices in the source (keep each `feedback:` with its choice) so the keyed ones "
    "are spread over the positions.",
    severity="warning",
)

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_H2 = re.compile(r"^##\s+(?P<title>.*?)\s*#*\s*$")
SECTION_TITLE = "Check your understanding"


@dataclass(frozen=True)
class Choice:
    """One choice of a question: its text, whether it is keyed correct, the feedback shown for it, its file line."""

    text: str
    correct: bool
    feedback: str
    line: int


@dataclass(frozen=True)
class Question:
    """One valid quiz question: the objectives it assesses (1-based), its kind, and either its choices
    or (numeric) the answer, tolerance and unit, with the feedback for each outcome."""

    number: int  # 1-based position in its quiz
    line: int
    text: str
    kind: Kind
    assesses: tuple[int, ...]
    assesses_line: int
    spot_error: bool = False
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""


@dataclass
class Quiz:
    """One ```` ```quiz ```` block as read: the valid questions, and what the checks need of the
    invalid ones too (how many entries, their kinds, whether the YAML parsed)."""

    line: int  # the file line of the opening fence
    questions: list[Question] = field(default_factory=list)  # the valid ones
    entries: int = 0  # how many list items the block had, valid or not
    parsed: bool = False  # False when the YAML could not be read at all
    kinds_seen: set[str] = field(default_factory=set)  # kinds of every entry, valid or not
    spot_error_seen: bool = False
    references: list[tuple[int, int, int]] = field(default_factory=list)  # (objective, line, question)


@dataclass(frozen=True)
class Block:
    """One quiz fence in a Markdown text: its lines (0-based, both fences included) and body."""

    start: int
    end: int  # index of the closing fence, or len(lines) when it is never closed
    indent: str
    body: str
    closed: bool
