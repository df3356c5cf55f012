"""Footnote checks: every reference defined, every definition used, once, and not empty.

Works on the masked body (see ``markdown_text``), so ``[^1]`` inside code or an HTML comment
is not a footnote. A definition may continue over several paragraphs indented by four spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..findings import Finding, rule
from .contract import did_you_mean
from .markdown import indent_of, mask

rule(
    "footnote-undefined",
    "footnotes",
    "Every footnote reference `[^x]` has a definition `[^x]: ...`.",
    "Add the definition at the end of the page, or fix the label's spelling.",
)
rule(
    "footnote-unused",
    "footnotes",
    "Every footnote definition is referenced in the text.",
    "Cite it with `[^x]` where the fact is stated, or delete the definition.",
)
rule(
    "footnote-duplicate",
    "footnotes",
    "Each footnote label is defined once.",
    "Give one of the two definitions another label, or delete the copy.",
)
rule(
    "footnote-empty",
    "footnotes",
    "Footnote definitions have text.",
    "Write the reference after the colon: authors, title, venue, year, DOI or address.",
)

# As Python-Markdown reads them: a label is anything up to `]`, spaces included; a definition may
# sit in a blockquote (`> [^a]: ...`) or be a list item (`- [^a]: ...`); `\[^a]` is escaped text.
# Possessive quantifiers keep the prefix match linear on hostile lines (`> > > > ...`).
_PREFIX = r"(?:[ \t]*+(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*+[ \t]*+"
_DEFINITION = re.compile(r"^(?P<indent>" + _PREFIX + r")\[\^(?P<label>[^\]]+)\]:(?P<text>.*)$")
_REFERENCE = re.compile(r"(?<!\\)\[\^(?P<label>[^\]]+)\](?!:)")
_LIST_ITEM = re.compile(r"^[ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
# "Did you mean" compares every unknown label with every unused one: above this many pairs, or
# for labels longer than this, it is skipped so that hostile pages stay linear.
SUGGESTION_PAIRS = 20_000
SUGGESTION_LABEL_CHARS = 80
EDIT_DISTANCE_LABEL_CHARS = 32  # edit distance (quadratic) only on labels this short


def closest_label(label: str, unused: set[str], defined: set[str]) -> str | None:
    """The definition a mistyped reference most likely meant: an unused one first (difflib), else
    any definition at most one edit per four characters away (``[^edin2032]`` for
    ``[^edin2023]``: one transposition). Bounded: long labels get no edit-distance guess."""
    if len(label) > SUGGESTION_LABEL_CHARS:
        return None
    guess = did_you_mean(label, unused)
    if guess is not None or len(label) > EDIT_DISTANCE_LABEL_CHARS:
        return guess
    allowed = max(1, len(label) // 4)
    scored = sorted(
        (distance, name)
        for name in defined
        if len(name) <= EDIT_DISTANCE_LABEL_CHARS and abs(len(name) - len(label)) <= allowed
        for distance in [edit_distance(label.lower(), name.lower())]
        if distance <= allowed
    )
    return scored[0][1] if scored else None


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


IN_LIST_TEXT = rule(
    "footnote-in-list-text",
    "footnotes",
    "a footnote definition must not continue a list item's text, where Markdown shows it as text",
    "put a blank line before the definition, or start it at the beginning of the line",
)


@dataclass
class Footnote:
    """One footnote definition: its label, the file line it starts on and its text (continuation lines included)."""

    label: str
    line: int
    text: str


@dataclass
class Footnotes:
    """A page's footnotes: definitions by label, the file lines each label is referenced on, and the
    problems found (duplicate, empty, undefined, unused...)."""

    definitions: dict[str, Footnote] = field(default_factory=dict)
    references: dict[str, list[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def scan(body: str, first_line: int, path: str, masked: list[str] | None = None) -> Footnotes:
    """Find footnote definitions and references in ``body`` (starting at file line ``first_line``).

    ``masked`` is ``mask(body)`` when the caller already has it."""
    original = body.split("\n")
    masked = masked if masked is not None else mask(body)
    result = Footnotes()
    shadowed: set[str] = set()  # labels whose only definition Markdown shows as list text
    list_indent: int | None = None  # indent of the list item whose paragraph continues here
    index = 0
    while index < len(masked):
        line = masked[index]
        number = first_line + index
        if not line or line.isspace():  # the common case, kept cheap: pages can be 1 MB of it
            list_indent = None
            index += 1
            continue
        definition = _DEFINITION.match(line)
        if definition and list_indent is not None and indent_of(line) >= list_indent + 4:
            # `- item` then `    [^a]: ...` with no blank line: the list item's text, shown as is.
            label = definition.group("label")
            shadowed.add(label)
            result.findings.append(
                Finding(
                    path,
                    number,
                    f"`[^{label}]:` continues the list item above, so it is shown as text, "
                    "not as a footnote definition",
                    IN_LIST_TEXT.fix,
                    IN_LIST_TEXT.id,
                )
            )
            definition = None
        elif _LIST_ITEM.match(line) and not definition:
            list_indent = indent_of(line)
        if definition:
            list_indent = None
            label = definition.group("label")
            text, index_after = _definition_text(masked, original, index, definition)
            if label in result.definitions:
                first = result.definitions[label].line
                result.findings.append(
                    Finding(
                        path,
                        number,
                        f"footnote `[^{label}]` is defined twice (first on line {first})",
                        "give one of them another label, or delete the copy",
                        "footnote-duplicate",
                    )
                )
            else:
                result.definitions[label] = Footnote(label, number, text)
                if not text.strip():
                    result.findings.append(
                        Finding(
                            path,
                            number,
                            f"footnote `[^{label}]` has no text",
                            "write the reference after the colon, e.g. "
                            f"`[^{label}]: Author A. Title. Journal 2024. https://doi.org/...`",
                            "footnote-empty",
                        )
                    )
            for offset in range(index, index_after):
                scan_line = masked[offset]
                if offset == index:
                    scan_line = scan_line[definition.end("label") + 2 :]
                if "[^" not in scan_line:
                    continue
                for reference in _REFERENCE.finditer(scan_line):
                    result.references.setdefault(reference.group("label"), []).append(first_line + offset)
            index = index_after
            continue
        for reference in _REFERENCE.finditer(line):
            result.references.setdefault(reference.group("label"), []).append(number)
        index += 1

    undefined = [label for label in result.references if label not in result.definitions]
    unused = set(result.definitions) - set(result.references)
    suggest = len(undefined) * len(result.definitions) <= SUGGESTION_PAIRS
    for label, lines in result.references.items():
        if label not in result.definitions:
            if label in shadowed:
                continue  # reported once, at the definition Markdown does not see
            guess = closest_label(label, unused, set(result.definitions)) if suggest else None
            fix = (
                f"did you mean `[^{guess}]`?" if guess else f"add a definition `[^{label}]: ...` at the end of the page"
            )
            for number in lines:
                result.findings.append(
                    Finding(
                        path,
                        number,
                        f"footnote `[^{label}]` is referenced but never defined",
                        fix,
                        "footnote-undefined",
                    )
                )
    for label, footnote in result.definitions.items():
        if label not in result.references:
            result.findings.append(
                Finding(
                    path,
                    footnote.line,
                    f"footnote `[^{label}]` is defined but never referenced",
                    f"cite it in the text with `[^{label}]`, or delete the definition",
                    "footnote-unused",
                )
            )
    return result


def _definition_text(masked: list[str], original: list[str], index: int, definition: re.Match[str]) -> tuple[str, int]:
    """The definition's full text (first line plus indented continuations) and the next index."""
    indent = len(definition.group("indent").expandtabs(4))
    parts = [original[index][definition.start("text") :].strip()]
    cursor = index + 1
    seen_blank = False
    while cursor < len(original):
        line = original[cursor]
        if not line.strip():
            # A run of blank lines continues the definition only if indented text follows it;
            # the run is crossed once (linear however many blank lines there are).
            after = cursor + 1
            while after < len(original) and not original[after].strip():
                after += 1
            if after >= len(original) or indent_of(original[after]) < indent + 4:
                break
            seen_blank = True
            cursor = after
            continue
        if indent_of(line) >= indent + 4:
            parts.append(line.strip())
            cursor += 1
            continue
        if not seen_blank and not _DEFINITION.match(masked[cursor]) and parts[0]:
            # Lazy continuation of the first paragraph.
            parts.append(line.strip())
            cursor += 1
            continue
        break
    return " ".join(part for part in parts if part), cursor
