"""Findings and the rule catalogue.

A :class:`Finding` is one problem at one place in one file, printed like a compiler diagnostic::

    docs/modules/01-foundations/tokenization.md:12: [footnote-undefined] footnote `[^x]` is ...; fix

Every finding names a :class:`Rule` by its id. Rules are declared once, next to the code that
checks them, with :func:`rule`; the catalogue (:data:`CATALOGUE`) is what the instructor guide
renders, what ``course-check --explain`` prints, and what a silencing comment must name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One kind of problem the checks find: its id, what it checks and how to fix it."""

    id: str
    group: str  # "front matter", "footnotes", "content", "patient data", ...
    checks: str  # one sentence: what the rule checks
    fix: str  # one sentence: how to fix a finding in general
    severity: Severity = "error"


CATALOGUE: dict[str, Rule] = {}


def rule(id: str, group: str, checks: str, fix: str, severity: Severity = "error") -> Rule:
    """Declare a rule (once, at import time of the module that checks it) and return it."""
    existing = CATALOGUE.get(id)
    new = Rule(id, group, checks, fix, severity)
    if existing is not None and existing != new:
        raise ValueError(f"rule {id!r} is declared twice with different texts")
    CATALOGUE[id] = new
    return new


@dataclass(frozen=True, order=True)
class Finding:
    """``path:line: [rule] message; fix``: ``path`` is relative to the repository root (``docs/...``)."""

    path: str
    line: int
    message: str
    fix: str = ""
    rule: str = ""
    where: str = ""  # replaces the line where a line means nothing, e.g. "cell 4" of a notebook
    level: str = ""  # "warning" or "error" to override the rule's severity for this finding

    @property
    def severity(self) -> Severity:
        """``level`` when it is set, else the rule's severity; ``error`` for a rule not in the catalogue."""
        if self.level in ("error", "warning"):
            return self.level  # type: ignore[return-value]
        known = CATALOGUE.get(self.rule)
        return known.severity if known else "error"

    @property
    def place(self) -> str:
        """``path:line`` as printed, or ``path:cell 4`` when ``where`` is set."""
        return f"{self.path}:{self.where or self.line}"

    def __str__(self) -> str:
        tag = f" [{self.rule}]" if self.rule else ""
        text = f"{self.place}:{tag} {self.message}"
        return f"{text}; {self.fix}" if self.fix else text
