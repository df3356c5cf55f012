"""A finding: one problem at one place in one file, printed like a compiler diagnostic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """``path:line: message; fix``: ``path`` is relative to the repository root (``docs/...``)."""

    path: str
    line: int
    message: str
    fix: str = ""
    rule: str = ""
    where: str = ""  # replaces the line where a line means nothing, e.g. "cell 4" of a notebook

    def __str__(self) -> str:
        text = f"{self.path}:{self.where or self.line}: {self.message}"
        return f"{text}; {self.fix}" if self.fix else text
