"""Where a quiz's keyed choices sit: a lesson whose correct answers are mostly in one position can
be passed without reading it (always pick A), so that is reported.

Under the null hypothesis that choices are in random order, a question with ``n`` choices of which
``k`` are keyed puts a keyed choice at position ``p`` (for ``p <= n``) with probability ``k / n``;
questions are independent, so the count of keyed choices at ``p`` is a sum of Bernoulli variables
with different probabilities (a Poisson binomial). Its upper tail ``P(X >= observed)`` is computed
exactly; a position whose tail is below :data:`~.model.KEY_POSITION_THRESHOLD` is reported.
"""

from __future__ import annotations

from ..findings import Finding
from .model import KEY_POSITION_THRESHOLD, QUIZ_KEY_POSITION, Question, Quiz
from .render import letter


def upper_tail(probabilities: list[float], observed: int) -> float:
    """``P(X >= observed)`` for ``X`` the sum of independent Bernoulli(``probabilities``)."""
    distribution = [1.0]  # distribution[j] = P(j successes so far)
    for p in probabilities:
        nxt = [0.0] * (len(distribution) + 1)
        for j, mass in enumerate(distribution):
            nxt[j] += mass * (1 - p)
            nxt[j + 1] += mass * p
        distribution = nxt
    return min(1.0, sum(distribution[observed:]))


def position_tails(questions: list[Question]) -> list[tuple[int, int, int, float]]:
    """For each position (from 1): (position, keyed answers there, questions that reach it, tail)."""
    choice_questions = [q for q in questions if q.kind in ("single", "multiple") and q.choices]
    longest = max((len(q.choices) for q in choice_questions), default=0)
    out = []
    for position in range(1, longest + 1):
        reaching = [q for q in choice_questions if len(q.choices) >= position]
        observed = sum(1 for q in reaching if q.choices[position - 1].correct)
        chances = [sum(c.correct for c in q.choices) / len(q.choices) for q in reaching]
        out.append((position, observed, len(reaching), upper_tail(chances, observed)))
    return out


def balance_findings(quiz: Quiz, shown: str) -> list[Finding]:
    """The positions where a quiz's keyed choices gather far more often than chance."""
    out = []
    for position, observed, reaching, tail in position_tails(quiz.questions):
        if observed and tail < KEY_POSITION_THRESHOLD:
            out.append(
                Finding(
                    shown,
                    quiz.line,
                    f"{observed} of the {reaching} choice questions have a correct answer at "
                    f"position {letter(position)}; in random order that happens with probability "
                    f"{tail:.2g} (the limit is {KEY_POSITION_THRESHOLD:g})",
                    "reorder the choices in the source (each `feedback:` moves with its choice) so the "
                    "correct ones are spread over the positions",
                    QUIZ_KEY_POSITION.id,
                )
            )
    return out
