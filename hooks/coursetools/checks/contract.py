"""The lesson contract: ``docs/_data/lesson.schema.json`` applied to a page's front matter.

The schema is the single source of truth, and it is applied with ``jsonschema`` (draft 2020-12),
so any standard keyword added to it (``pattern``, ``const``, ``uniqueItems``, ``$ref`` ...) is
enforced by the checker and the build exactly as editors enforce it. The validator is extended
with the course's own ``x-`` keywords:

- ``x-one-sentence``: the string must be a single sentence.
- ``x-vocabulary`` / ``x-registry``: list items must be keys of a course data file (the tag
  vocabulary, the dataset registry).
- ``x-existing-page``: list items must be paths of pages that exist under the docs folder.
- ``x-not-before``: a date that must not precede another key's date.
- ``x-page-required``: the keys every page that is not a lesson needs.
- ``x-retired-keys``: keys of other generators (the Hugo draft, Jekyll), each with its hint.
- ``x-material``: the key belongs to Material for MkDocs (documented, not checked further).

Each ``jsonschema`` error is turned into a finding worded for instructors: the line of the
offending key or value, what is wrong, and how to fix it (with "did you mean" where it helps).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import yaml
from jsonschema import FormatChecker, ValidationError
from jsonschema.validators import extend

from ..data import CourseData
from ..findings import Finding, rule
from .frontmatter import FrontMatter, KeyPath

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
    try:
        return dt.date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        return None


_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or as_date(value) is not None


@dataclass
class _Context:
    """What the x- keywords consult while one page is validated."""

    data: CourseData
    pages: set[str] = field(default_factory=set)


def _validator_class(context: _Context) -> Any:
    def one_sentence(validator: Any, wanted: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
        if wanted and isinstance(instance, str) and _SECOND_SENTENCE.search(instance.strip()):
            yield ValidationError("has more than one sentence")

    def vocabulary(validator: Any, reference: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
        if not isinstance(instance, list):
            return
        known = context.data.vocabulary(reference)
        for index, item in enumerate(instance):
            if isinstance(item, str) and item.strip() and item not in known:
                error = ValidationError(f"{item!r} is not in {reference}", instance=item)
                error.relative_path.append(index)
                yield error

    def existing_page(validator: Any, wanted: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
        if not wanted or not isinstance(instance, list):
            return
        for index, item in enumerate(instance):
            if isinstance(item, str) and item.strip() and item not in context.pages:
                error = ValidationError(f"{item!r} is not a page", instance=item)
                error.relative_path.append(index)
                yield error

    return extend(
        jsonschema.Draft202012Validator,
        {
            "x-one-sentence": one_sentence,
            "x-vocabulary": vocabulary,
            "x-registry": vocabulary,
            "x-existing-page": existing_page,
        },
    )


class Contract:
    """The loaded schema with its validators, for lessons and for other pages."""

    def __init__(self, data: CourseData) -> None:
        self.data = data
        self.schema: dict[str, Any] = data.schema or {"type": "object", "properties": {}}
        self._context = _Context(data)
        cls = _validator_class(self._context)
        page_schema = copy.deepcopy(self.schema)
        page_schema["required"] = list(self.schema.get("x-page-required", []))
        self._lesson = cls(self.schema, format_checker=_FORMATS)
        self._page = cls(page_schema, format_checker=_FORMATS)

    @property
    def properties(self) -> dict[str, Any]:
        return dict(self.schema.get("properties", {}))

    @property
    def retired(self) -> dict[str, str]:
        return dict(self.schema.get("x-retired-keys", {}))

    def required(self, is_lesson: bool) -> list[str]:
        return list(self.schema.get("required", []) if is_lesson else self.schema.get("x-page-required", []))

    def vocabulary_file(self, keyword: str) -> str:
        """The data file an ``x-vocabulary``/``x-registry`` keyword names, as findings show it."""
        for prop in self.properties.values():
            if keyword in prop:
                return self.data.shown(str(prop[keyword]).rsplit("/", 1)[-1])
        return ""

    def check(self, fm: FrontMatter, path: str, is_lesson: bool, pages: set[str]) -> list[Finding]:
        """All findings for one page's parsed front matter (``fm.data`` must be a dict)."""
        data = fm.data or {}
        self._context.pages = pages
        validator = self._lesson if is_lesson else self._page
        out: list[Finding] = []
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            out.extend(_Explain(self, fm, path, is_lesson, data).error(error))
        out.extend(self._date_order(fm, path, data))
        return out

    def _date_order(self, fm: FrontMatter, path: str, data: dict[str, Any]) -> list[Finding]:
        out = []
        for key, prop in self.properties.items():
            other = prop.get("x-not-before")
            value = data.get(key)
            if other and isinstance(value, str) and isinstance(data.get(other), str):
                first, second = as_date(data[other]), as_date(value)
                if first and second and second < first:
                    out.append(
                        Finding(
                            path,
                            fm.value_line((key,)),
                            f"`{key}` ({value}) is before `{other}` ({data[other]})",
                            f"`{key}` is a later date than `{other}`, so it must be on or after it",
                            R_DATE_ORDER.id,
                        )
                    )
        return out


@dataclass
class _Explain:
    """Turns one jsonschema error into instructor-facing findings."""

    contract: Contract
    fm: FrontMatter
    path: str
    is_lesson: bool
    data: dict[str, Any]

    def finding(self, line: int, message: str, fix: str, rule_id: str) -> Finding:
        return Finding(self.path, line, message, fix, rule_id)

    def error(self, error: ValidationError) -> list[Finding]:
        where_path: KeyPath = tuple(error.absolute_path)
        keyword = str(error.validator)
        handler = getattr(self, "_" + keyword.replace("-", "_"), None)
        if handler is not None:
            return list(handler(error, where_path))
        return [self._generic(error, where_path)]

    # --- naming places --------------------------------------------------------------------

    @staticmethod
    def where(path: KeyPath) -> str:
        names = [str(part) for part in path if isinstance(part, str)]
        name = ".".join(names)
        if path and isinstance(path[-1], int):
            return f"item {path[-1] + 1} of `{name}`"
        return f"`{name}`"

    @staticmethod
    def key_of(path: KeyPath) -> str:
        names = [part for part in path if isinstance(part, str)]
        return str(names[-1]) if names else ""

    # --- one method per keyword -----------------------------------------------------------
    # (jsonschema types `schema` and `validator_value` loosely: these two helpers say what they are)

    @staticmethod
    def schema_of(error: ValidationError) -> dict[str, Any]:
        return dict(error.schema) if isinstance(error.schema, Mapping) else {}

    @staticmethod
    def wanted(error: ValidationError) -> Any:
        return error.validator_value

    def _required(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        props = self.schema_of(error).get("properties", {})
        for key in self.wanted(error):
            if key in instance:
                continue
            if not path:
                kind = "lesson" if self.is_lesson else "page"
                snippet = example(props.get(key, {}), key)
                yield self.finding(
                    self.fm.body_line - 1 if self.fm.present else 1,
                    f"missing required key `{key}` (every {kind} needs it)",
                    f"add `{snippet}` to the front matter" if snippet else f"add `{key}:`",
                    R_MISSING.id,
                )
            else:
                description = props.get(key, {}).get("description", "")
                fix = f"add `{key}:` under `{self.key_of(path)}`" + (f" ({description})" if description else "")
                yield self.finding(
                    self.fm.value_line(path), f"{self.where(path)} is missing `{key}`", fix, R_MISSING.id
                )

    def _additionalProperties(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        known = set(self.schema_of(error).get("properties", {}))
        for key in instance:
            if key in known:
                continue
            line = self.fm.line_of(path + (key,))
            if not path and key in self.contract.retired:
                yield self.finding(
                    line,
                    f"`{key}` is a key of another site generator (Hugo, Jekyll), not of this course",
                    self.contract.retired[key],
                    R_RETIRED.id,
                )
                continue
            # never propose a key the page already has: following the hint would duplicate it
            guess = did_you_mean(str(key), known - set(instance))
            if not path:
                fix = (
                    f"did you mean `{guess}`?"
                    if guess
                    else "remove it; the lesson contract lists every key (`course-check --explain keys`)"
                )
                yield self.finding(line, f"unknown front-matter key `{key}`", fix, R_UNKNOWN.id)
            else:
                fix = f"did you mean `{guess}`?" if guess else "allowed: " + ", ".join(f"`{k}`" for k in sorted(known))
                yield self.finding(line, f"unknown key `{key}` under `{self.key_of(path)}`", fix, R_UNKNOWN.id)

    def _type(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        wanted = self.wanted(error)
        wanted_word = _TYPE_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else "another kind of value"
        key = self.key_of(path)
        value = error.instance
        snippet = example(self.schema_of(error), key) if path and isinstance(path[-1], str) else ""
        fix = f"write e.g. `{snippet}`" if snippet else f"make it {wanted_word}"
        if wanted == "array" and isinstance(value, str) and value:
            fix = f"write a list, e.g. `{key}: [{value}]`"
        yield self.finding(
            self.fm.value_line(path), f"{self.where(path)} must be {wanted_word}, not {describe(value)}", fix, R_TYPE.id
        )

    def _minLength(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        yield self.finding(
            self.fm.value_line(path),
            f"{self.where(path)} is empty",
            f"write a value, e.g. `{example(self.schema_of(error), self.key_of(path))}`",
            R_EMPTY.id,
        )

    def _minItems(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        if isinstance(error.instance, list) and not error.instance:
            yield self.finding(
                self.fm.value_line(path),
                f"{self.where(path)} is an empty list",
                f"add at least one item, e.g. `{example(self.schema_of(error), self.key_of(path))}`",
                R_EMPTY.id,
            )
        else:
            yield self._generic(error, path)

    def _maxLength(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        yield self.finding(
            self.fm.value_line(path),
            f"{self.where(path)} is {len(str(error.instance))} characters long, over the limit of {self.wanted(error)}",
            "shorten it to one plain sentence",
            R_TOO_LONG.id,
        )

    def _enum(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        choices = [str(c) for c in self.wanted(error)]
        shown = ", ".join(f"`{c}`" for c in choices)
        guess = did_you_mean(str(error.instance), choices)
        yield self.finding(
            self.fm.value_line(path),
            f'{self.where(path)} is "{error.instance}", which is not one of {shown}',
            f"did you mean `{guess}`?" if guess else f"use one of {shown}",
            R_ENUM.id,
        )

    def _format(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        value = str(error.instance)
        if self.wanted(error) != "date":
            yield self._generic(error, path)
        elif not _DATE.match(value):
            yield self.finding(
                self.fm.value_line(path),
                f'{self.where(path)} is "{value}", not an ISO date',
                "write it as YYYY-MM-DD, e.g. `2026-11-23`",
                R_DATE.id,
            )
        else:
            yield self.finding(
                self.fm.value_line(path),
                f"{self.where(path)} is {value}, which is not a real calendar date",
                "check the month and day (e.g. February has 28 or 29 days)",
                R_DATE.id,
            )

    def _x_one_sentence(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        yield self.finding(
            self.fm.value_line(path),
            f"{self.where(path)} has more than one sentence",
            "keep it to one sentence; put the rest in the lesson text",
            R_ONE_SENTENCE.id,
        )

    def _x_vocabulary(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        item = str(error.instance)
        keyword = str(error.validator)
        file = self.contract.vocabulary_file(keyword)
        known = self.contract.data.vocabulary(str(self.wanted(error)))
        what = "tag" if keyword == "x-vocabulary" else "dataset id"
        # only a close suggestion: an unrelated tag for a new topic misleads
        present = self.data.get(str(path[0])) or []
        guess = did_you_mean(item, [k for k in known if k not in present], cutoff=0.8)
        if guess:
            fix = f"did you mean `{guess}`? Otherwise add `{item}` to {file}"
        elif what == "tag":
            fix = (
                f"use a tag listed in {file}, or add a line `{item}: what the tag covers` "
                "there (a new topic needs a new tag)"
            )
        else:
            fix = f"use an id from {file}, or add an entry for `{item}` there"
        yield self.finding(self.fm.value_line(path), f"{what} `{item}` is not in {file}", fix, R_VOCABULARY.id)

    _x_registry = _x_vocabulary

    def _x_existing_page(self, error: ValidationError, path: KeyPath) -> Iterator[Finding]:
        item = str(error.instance)
        guess = did_you_mean(item, self.contract._context.pages, cutoff=0.9)
        yield self.finding(
            self.fm.value_line(path),
            f"prerequisite `{item}` does not exist under docs/",
            f"did you mean `{guess}`?"
            if guess
            else "give the lesson's path relative to docs/, e.g. `modules/01-foundations/what-is-a-language-model.md`",
            R_PREREQUISITE.id,
        )

    def _generic(self, error: ValidationError, path: KeyPath) -> Finding:
        """A standard keyword with no hand-written wording: jsonschema's message, located."""
        key = self.key_of(path)
        description = self.contract.properties.get(key, {}).get("description", "") if key else ""
        fix = (
            f"see `{key}` in the lesson contract: {description}"
            if description
            else "see the lesson contract (docs/_data/lesson.schema.json)"
        )
        message = (
            f"{self.where(path) if path else 'the front matter'} breaks the schema's "
            f"`{error.validator}` rule: {error.message}"
        )
        return self.finding(self.fm.value_line(path) if path else 1, message, fix, R_SCHEMA.id)
