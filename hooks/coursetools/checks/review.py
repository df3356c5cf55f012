"""Lessons that say when their facts were last checked, and which are overdue.

Each lesson has a `reviewed:` date (required by the contract). The review interval comes from
docs/_data/review.yml: the shortest of its module's and its tags' intervals, else the default. An overdue lesson
is a warning, never an error: the site still builds, and the weekly workflow lists it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..findings import Finding, rule

if TYPE_CHECKING:
    from ..course import Page

OVERDUE = rule(
    "review-overdue",
    "content upkeep",
    "A lesson's facts were re-checked within its review interval (docs/_data/review.yml).",
    "Re-check the lesson's facts against their sources, then set `reviewed:` to today.",
    severity="warning",
)
INTERVALS = rule(
    "review-intervals",
    "course data",
    "docs/_data/review.yml gives whole months for `default`, each module and each tag it names.",
    "Write the interval as a whole number of months.",
)


@dataclass(frozen=True)
class Interval:
    """A review interval in months, and why it applies (which tag or module, or the default)."""

    months: int
    because: str  # "tag `regulation`", "module `01-foundations`", "the default"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, on the same day or the month's last (31 Jan + 1 -> 28 or 29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def interval(review: dict[str, Any], module: str | None, tags: list[str]) -> Interval:
    """The interval of a lesson: the shortest of its module's and its tags', else the default."""
    candidates = []
    modules = review.get("modules") or {}
    if module in modules:
        candidates.append(Interval(int(modules[module]), f"module `{module}`"))
    tag_months = review.get("tags") or {}
    candidates += [Interval(int(tag_months[tag]), f"tag `{tag}`") for tag in tags if tag in tag_months]
    if not candidates:
        return Interval(int(review.get("default", 12)), "the default")
    return min(candidates, key=lambda c: c.months)


def data_findings(review: dict[str, Any], shown: str, lines: dict[str, int]) -> list[Finding]:
    """``review-intervals`` findings for review.yml: ``modules`` or ``tags`` not a mapping, or an
    interval (the default included) that is not a whole number of months, 1 or more."""
    out = []
    entries: list[tuple[str, object]] = [("default", review.get("default", 12))]
    for group in ("modules", "tags"):
        value = review.get(group) or {}
        if not isinstance(value, dict):
            out.append(
                Finding(
                    shown,
                    lines.get(group, 1),
                    f"`{group}` must map names to months",
                    f"write `{group}:` then `  name: 6` lines",
                    INTERVALS.id,
                )
            )
            continue
        entries += [(f"{group}.{k}", v) for k, v in value.items()]
    for name, value in entries:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            out.append(
                Finding(
                    shown,
                    lines.get(name.split(".")[0], 1),
                    f"review interval `{name}` is {value!r}, not a whole number of months",
                    "write e.g. `6`",
                    INTERVALS.id,
                )
            )
    return out


def check(page: Page, shown: str, review: dict[str, Any], today: dt.date) -> list[Finding]:
    """A ``review-overdue`` warning when a lesson's ``reviewed:`` date plus its interval is before
    ``today``; nothing for a missing or malformed date (the contract reports it) or a bad interval."""
    reviewed = page.meta.get("reviewed")
    if not isinstance(reviewed, str):
        return []  # a missing or malformed date is the contract's finding
    try:
        day = dt.date.fromisoformat(reviewed)
        applies = interval(review, page.module, [str(t) for t in page.meta.get("tags") or []])
    except (TypeError, ValueError):
        return []
    due = add_months(day, applies.months)
    if today <= due:
        return []
    line = page.front.line_of(("reviewed",))
    return [
        Finding(
            shown,
            line,
            f"lesson was last reviewed on {reviewed}; with a review interval of "
            f"{applies.months} months ({applies.because}) it has been due since {due.isoformat()}",
            "re-check its facts against their sources, then set `reviewed:` to the day you did",
            OVERDUE.id,
        )
    ]


def overdue_report(findings: list[Finding]) -> str:
    """The Markdown the weekly workflow posts with its link report."""
    overdue = [f for f in findings if f.rule == OVERDUE.id]
    if not overdue:
        return "## Lessons due for review\n\nNone: every lesson was re-checked within its interval.\n"
    lines = ["## Lessons due for review", "", "| Lesson | Why |", "|---|---|"]
    lines += [f"| `{f.path}` | {f.message} |" for f in overdue]
    return "\n".join(lines) + "\n"
