"""Each jsonschema error of a page's front matter, turned into findings worded for instructors:
the line, what is wrong, how to fix it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jsonschema import ValidationError

from ..findings import Finding
from .frontmatter import FrontMatter, KeyPath

if TYPE_CHECKING:
    from .contract import Contract
from .contract_rules import (
    _DATE,
    _TYPE_WORDS,
    R_DATE,
    R_EMPTY,
    R_ENUM,
    R_MISSING,
    R_ONE_SENTENCE,
    R_PREREQUISITE,
    R_RETIRED,
    R_SCHEMA,
    R_TOO_LONG,
    R_TYPE,
    R_UNKNOWN,
    R_VOCABULARY,
    describe,
    did_you_mean,
    example,
)


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
                schema = props.get(key, {})
                if _free_text(schema):  # an example here would quote another lesson's title or summary
                    what = schema.get("description", "")
                    fix = f"add `{key}: ...` to the front matter" + (f" ({what})" if what else "")
                else:
                    snippet = example(schema, key)
                    fix = f"add `{snippet}` to the front matter" if snippet else f"add `{key}:`"
                yield self.finding(
                    self.fm.body_line - 1 if self.fm.present else 1,
                    f"missing required key `{key}` (every {kind} needs it)",
                    fix,
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


def _free_text(schema: dict[str, Any]) -> bool:
    """A key whose value is prose of the lesson's own (title, description), not a form to copy."""
    return schema.get("type") == "string" and not any(k in schema for k in ("enum", "format", "pattern", "const"))
