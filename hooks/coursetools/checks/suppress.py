"""Silencing a finding, on purpose and with a reason.

In a Markdown page, an HTML comment names the rule and says why::

    <!-- course-check: ignore content-length -- a reference page, long on purpose -->
    <!-- course-check: ignore-file footnote-unused -- definitions shared with the next lesson -->

``ignore`` silences findings of that rule on the comment's own line and on the next line that
is not blank; ``ignore-file`` silences them anywhere in the file. The reason after ``--`` is
required. A silencing comment with no reason, an unknown rule, or one that silences nothing is
itself reported, so silenced findings cannot pile up unseen. ``course-check --show-silenced``
lists what was silenced and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..findings import CATALOGUE, Finding, rule

_COMMENT = re.compile(
    r"<!--\s*course-check:\s*(?P<scope>ignore-file|ignore)\s+(?P<rules>[a-z0-9][a-z0-9, -]*?)"
    r"\s*(?:--\s*(?P<reason>.*?))?\s*-->"
)

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")

REASON = rule(
    "silence-reason",
    "silencing",
    "Every silencing comment says why (`-- reason`).",
    "Add ` -- why this finding does not apply here` before `-->`.",
)
UNKNOWN = rule(
    "silence-unknown-rule",
    "silencing",
    "A silencing comment names rules that exist.",
    "Use a rule id from the catalogue (`course-check --explain rules`).",
)
UNUSED = rule(
    "silence-unused",
    "silencing",
    "A silencing comment silences something.",
    "Delete the comment: the problem it silenced is gone.",
    severity="warning",
)
NOT_SILENCEABLE = {REASON.id, UNKNOWN.id, UNUSED.id}


@dataclass
class Silence:
    """One silencing comment."""

    path: str
    line: int  # where the comment is
    rules: tuple[str, ...]
    reason: str
    whole_file: bool
    applies_to: tuple[int, ...] = ()  # the lines it covers (empty for the whole file)
    used: bool = False


@dataclass
class Silenced:
    """The outcome: findings kept, findings silenced (with their comment), problems with comments."""

    kept: list[Finding] = field(default_factory=list)
    silenced: list[tuple[Finding, Silence]] = field(default_factory=list)


def parse(path: str, lines: list[str], first_line: int = 1) -> tuple[list[Silence], list[Finding]]:
    """The silencing comments of a page (``lines`` from file line ``first_line``), and their problems."""
    found: list[Silence] = []
    problems: list[Finding] = []
    fence = ""
    for index, text in enumerate(lines):
        opener = _FENCE.match(text)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)
            continue
        if fence or "course-check:" not in text:
            continue
        for match in _COMMENT.finditer(text):
            if text[: match.start()].count("`") % 2:
                continue  # inside inline code: an example, not a comment
            number = first_line + index
            rules = tuple(r for r in re.split(r"[,\s]+", match.group("rules").strip()) if r)
            reason = (match.group("reason") or "").strip()
            if not reason:
                problems.append(
                    Finding(
                        path,
                        number,
                        "silencing comment gives no reason",
                        "add ` -- why this finding does not apply here` before `-->`",
                        REASON.id,
                    )
                )
                continue
            unknown = [r for r in rules if r not in CATALOGUE or r in NOT_SILENCEABLE]
            for name in unknown:
                problems.append(
                    Finding(
                        path,
                        number,
                        f"silencing comment names `{name}`, which is not a rule that can be silenced",
                        "use a rule id from `course-check --explain rules`",
                        UNKNOWN.id,
                    )
                )
            rules = tuple(r for r in rules if r not in unknown)
            if not rules:
                continue
            whole = match.group("scope") == "ignore-file"
            covers: tuple[int, ...] = ()
            if not whole:
                following = next((first_line + j for j in range(index + 1, len(lines)) if lines[j].strip()), number)
                only_comment = text.strip().startswith("<!--") and text.strip().endswith("-->")
                covers = (number, following) if only_comment else (number,)
            found.append(Silence(path, number, rules, reason, whole, covers))
    return found, problems


def apply(findings: Iterable[Finding], silences: dict[str, list[Silence]]) -> Silenced:
    """Split findings into kept and silenced; report silencing comments that silenced nothing."""
    result = Silenced()
    for finding in findings:
        match = None
        if finding.rule not in NOT_SILENCEABLE:
            for silence in silences.get(finding.path, []):
                if finding.rule in silence.rules and (silence.whole_file or finding.line in silence.applies_to):
                    match = silence
                    break
        if match is None:
            result.kept.append(finding)
        else:
            match.used = True
            result.silenced.append((finding, match))
    for page_silences in silences.values():
        for silence in page_silences:
            if not silence.used:
                result.kept.append(
                    Finding(
                        silence.path,
                        silence.line,
                        f"silencing comment for {', '.join(f'`{r}`' for r in silence.rules)} silences nothing",
                        "delete the comment",
                        UNUSED.id,
                    )
                )
    return result
