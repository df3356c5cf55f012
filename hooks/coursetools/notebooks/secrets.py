"""Secret-shaped strings in a notebook's cells and executed outputs fail the build, with the cell
named and the secret itself never repeated in the log (only its first characters and length).

What counts (:data:`PATTERNS`): GitHub tokens, AWS access key ids, private key blocks, Slack
tokens, JSON Web Tokens, ``*_TOKEN=`` / ``*_SECRET=`` / ``password=`` assignments with a long
high-entropy value, and the value of any variable of the build's environment whose name looks
secret (:data:`SECRET_NAME`) and whose value has at least 8 characters.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping

import nbformat

from ..findings import Finding, rule

SECRET = rule(
    "notebook-secret",
    "notebooks",
    "No notebook cell or executed output contains a secret-shaped string (token, key, password).",
    "remove the secret from the cell and never print credentials; if it is real, revoke it",
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
)
# NAME=value, NAME: value, 'NAME': 'value' (a printed dict), for names that say "secret".
_ASSIGNMENT = re.compile(
    r"""(?i)\b((?:[A-Z0-9_]*_)?(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY))\b["']?\s*[:=]\s*["']?"""
    r"""([A-Za-z0-9+/=_\-]{16,})"""
)
SECRET_NAME = re.compile(r"(?i)(TOKEN|SECRET|PASSW|API_?KEY|ACCESS_KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION)")
_TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json", "application/javascript")


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _high_entropy(value: str) -> bool:
    return entropy(value) >= 3.5 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def environment_secrets(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Values of the build's variables whose names look secret (value -> variable name)."""
    environ = os.environ if environ is None else environ
    return {v: k for k, v in environ.items() if SECRET_NAME.search(k) and len(v) >= 8}


def _texts(cell: nbformat.NotebookNode) -> Iterator[tuple[str, str]]:
    """(what, text) for the cell's source and each text-like output."""
    yield "source", str(cell.get("source", ""))
    for output in cell.get("outputs", []) or []:
        kind = output.get("output_type")
        if kind == "stream":
            yield "output", str(output.get("text", ""))
        elif kind == "error":
            yield (
                "error",
                "\n".join(
                    [str(output.get("ename", "")), str(output.get("evalue", ""))]
                    + [str(line) for line in output.get("traceback", [])]
                ),
            )
        else:
            for mime, value in (output.get("data") or {}).items():
                if mime in _TEXT_TYPES or mime.startswith("text/"):
                    yield "output", value if isinstance(value, str) else repr(value)


def _redacted(value: str) -> str:
    return f"`{value[:4]}…`, {len(value)} characters"


def scan(nb: nbformat.NotebookNode, shown: str, environ: Mapping[str, str] | None = None) -> list[Finding]:
    """One finding per secret-shaped string per cell (cells numbered from 1)."""
    known = environment_secrets(environ)
    found: list[Finding] = []
    for number, cell in enumerate(nb.cells, start=1):
        seen: set[str] = set()
        for what, text in _texts(cell):
            for message in _in_text(text, known):
                if message not in seen:
                    seen.add(message)
                    found.append(
                        Finding(
                            shown, 0, f"cell {number} {what}: {message}", SECRET.fix, SECRET.id, where=f"cell {number}"
                        )
                    )
    return found


def _in_text(text: str, known: Mapping[str, str]) -> Iterator[str]:
    for label, pattern in PATTERNS:
        for match in pattern.finditer(text):
            yield f"{label} ({_redacted(match.group(0))})"
    for match in _ASSIGNMENT.finditer(text):
        if _high_entropy(match.group(2)):
            yield f"`{match.group(1)}` is assigned a secret-looking value ({_redacted(match.group(2))})"
    for value, name in known.items():
        if value in text:
            yield f"the value of the build's `{name}` variable ({len(value)} characters)"
