"""The lesson contract's rules and the words its messages use: how values are described,
examples from the schema, dates and "did you mean"."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

import yaml
from jsonschema import FormatChecker

from ..findings import rule

R_TYPE = rule(
    "frontmatter-type",
    "front matter",
    "Each key has the kind of value the contract says (text, list, true/false ...).",
    "Write the value in the shape of the example.",
)
R_MISSING = rule(
    "frontmatter-missing-key",
    "front matter",
    "Every lesson has the keys the contract requires; every other page has `title` and `description`.",
    "Add the key with a value like the example in the lesson contract.",
)
R_UNKNOWN = rule(
    "frontmatter-unknown-key",
    "front matter",
    "Only keys of the lesson contract appear in front matter (typos are caught here).",
    "Rename the key as suggested, or remove it.",
)
R_RETIRED = rule(
    "frontmatter-retired-key",
    "front matter",
    "Keys of other site generators (Hugo, Jekyll) are not used; each has a course equivalent.",
    "Do what the hint says instead.",
)
R_EMPTY = rule(
    "frontmatter-empty",
    "front matter",
    "Text values and lists are not empty.",
    "Write a value, or remove the key if it is optional.",
)
R_TOO_LONG = rule(
    "frontmatter-too-long",
    "front matter",
    "Text values stay within their length limit (`description`: 200 characters).",
    "Shorten it to one plain sentence.",
)
R_ONE_SENTENCE = rule(
    "frontmatter-one-sentence",
    "front matter",
    "`description` is one sentence.",
    "Keep one sentence; move the rest into the lesson text.",
)
R_ENUM = rule(
    "frontmatter-enum",
    "front matter",
    "Keys with a fixed set of values (such as `level`) use one of them.",
    "Use one of the listed values.",
)
R_DATE = rule(
    "frontmatter-date",
    "front matter",
    "Dates are real calendar dates written YYYY-MM-DD.",
    "Write the date as YYYY-MM-DD, e.g. `2026-11-23`.",
)
R_DATE_ORDER = rule(
    "frontmatter-date-order",
    "front matter",
    "`updated` and `reviewed` are not before `date`.",
    "Correct whichever date is wrong.",
)
R_VOCABULARY = rule(
    "frontmatter-vocabulary",
    "front matter",
    "Tags come from docs/_data/tags.yml and dataset ids from docs/_data/datasets.yml.",
    "Use an existing entry, or add one to the data file.",
)
R_PREREQUISITE = rule(
    "frontmatter-prerequisite",
    "front matter",
    "Each prerequisite is the path of a page that exists under docs/.",
    "Give the page's path relative to docs/.",
)
R_SCHEMA = rule(
    "frontmatter-schema",
    "front matter",
    "Any other rule of the lesson schema (docs/_data/lesson.schema.json) holds.",
    "Change the value as the schema's description of the key says.",
)

_TYPE_WORDS = {
    "string": "a text value",
    "array": "a list",
    "object": "a mapping of keys",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "empty",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")


def describe(value: Any) -> str:
    """How a YAML value reads to an instructor: 'a list', 'the number 3', 'an empty value'."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text" if len(value) > 40 else f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def example(schema: dict[str, Any], key: str) -> str:
    """The schema's first example for ``key`` as a one-line YAML snippet."""
    examples = schema.get("examples") or []
    if not examples:
        return ""
    if isinstance(examples[0], str) and _DATE.match(examples[0]):
        return f"{key}: {examples[0]}"  # YAML would quote a date-like string; front matter need not
    value = yaml.safe_dump(
        {key: examples[0]}, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000
    ).strip()
    return value[1:-1] if value.startswith("{") else value


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest choice to ``word`` (case-insensitive match first), or None if none is close."""
    ordered = sorted(choices)
    lowered = {choice.lower(): choice for choice in ordered}
    if word.lower() in lowered:
        return lowered[word.lower()]
    if len(ordered) > 5000 or len(word) > 200:  # bounded time on hostile input
        return None
    close = difflib.get_close_matches(word, ordered, n=1, cutoff=cutoff)
    return close[0] if close else None


def as_date(value: str) -> dt.date | None:
    """The date a ``YYYY-MM-DD`` string names; None for any other form or an impossible date (``2024-02-30``)."""
    try:
        return dt.date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        return None


_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or as_date(value) is not None
