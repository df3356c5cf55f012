"""The lesson contract: the JSON Schema in ``docs/_data/lesson.schema.json`` applied to a page.

The schema is the single source of truth. This module interprets the subset of JSON Schema the
contract uses (type, required, properties, additionalProperties, enum, minLength, maxLength,
minItems, items, format: date) plus the course's own ``x-`` keywords:

- ``x-page-required``: keys every non-lesson page needs.
- ``x-retired-keys``: keys from the old Hugo draft, each with a specific hint.
- ``x-one-sentence``: the string must be a single sentence.
- ``x-not-before``: a date that must not precede another key's date.
- ``x-vocabulary``: list items must be keys of a YAML file (the tag vocabulary).
- ``x-registry``: list items must be keys of a YAML file (the dataset registry).
- ``x-existing-page``: list items must be paths of pages that exist under ``docs/``.
- ``x-material``: the key belongs to Material for MkDocs (documented, not checked further).

It returns findings worded for instructors, each with the line of the offending key or value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .findings import Finding
from .frontmatter import FrontMatter

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "array": (list,),
    "object": (dict,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
}
_TYPE_WORDS = {
    "string": "a text value",
    "array": "a list",
    "object": "a mapping of keys",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
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
    value = yaml.safe_dump({key: examples[0]}, default_flow_style=True, allow_unicode=True,
                           sort_keys=False, width=10_000).strip()
    return value[1:-1] if value.startswith("{") else value


def did_you_mean(word: str, choices: list[str] | set[str], cutoff: float = 0.6) -> str | None:
    choices = sorted(choices)
    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


@dataclass
class Contract:
    """The loaded schema plus the vocabularies it refers to."""

    schema: dict[str, Any]
    vocabularies: dict[str, dict[str, Any]]
    repo_root: Path

    @classmethod
    def load(cls, repo_root: Path, schema_path: str = "docs/_data/lesson.schema.json") -> Contract:
        schema = json.loads((repo_root / schema_path).read_text(encoding="utf-8"))
        vocabularies: dict[str, dict[str, Any]] = {}
        for prop in _walk_properties(schema):
            for keyword in ("x-vocabulary", "x-registry"):
                if keyword in prop:
                    file = prop[keyword]
                    vocabularies[file] = yaml.safe_load(
                        (repo_root / file).read_text(encoding="utf-8")
                    ) or {}
        return cls(schema, vocabularies, repo_root)

    @property
    def properties(self) -> dict[str, Any]:
        return self.schema["properties"]

    def required(self, is_lesson: bool) -> list[str]:
        return list(self.schema["required"] if is_lesson else self.schema["x-page-required"])

    def check(
        self,
        fm: FrontMatter,
        path: str,
        is_lesson: bool,
        pages: set[str],
    ) -> list[Finding]:
        """All findings for one page's parsed front matter (``fm.data`` must be a dict)."""
        data = fm.data or {}
        out: list[Finding] = []
        add = lambda line, message, fix, rule: out.append(Finding(path, line, message, fix, rule))  # noqa: E731

        retired = self.schema.get("x-retired-keys", {})
        for key in data:
            if key in self.properties:
                continue
            line = fm.line_of((key,))
            if key in retired:
                add(line, f"`{key}` is a key from the old Hugo draft", retired[key],
                    "frontmatter-retired-key")
                continue
            guess = did_you_mean(key, set(self.properties))
            fix = (f"did you mean `{guess}`?" if guess
                   else "remove it; allowed keys are " + ", ".join(f"`{k}`" for k in self.properties))
            add(line, f"unknown front-matter key `{key}`", fix, "frontmatter-unknown-key")

        for key in self.required(is_lesson):
            if key not in data:
                kind = "lesson" if is_lesson else "page"
                snippet = example(self.properties[key], key)
                add(fm.body_line - 1 if fm.present else 1,
                    f"missing required key `{key}` (every {kind} needs it)",
                    f"add `{snippet}` to the front matter" if snippet else f"add `{key}:`",
                    "frontmatter-missing-key")

        for key, value in data.items():
            prop = self.properties.get(key)
            if prop is not None:
                self._value(prop, key, (key,), value, fm, add)

        for key, value in data.items():
            prop = self.properties.get(key)
            if not prop:
                continue
            other = prop.get("x-not-before")
            if other and isinstance(value, str) and isinstance(data.get(other), str):
                first, second = _as_date(data[other]), _as_date(value)
                if first and second and second < first:
                    add(fm.value_line((key,)),
                        f"`{key}` ({value}) is before `{other}` ({data[other]})",
                        f"`{key}` is the date of a revision, so it must be on or after `{other}`",
                        "frontmatter-date-order")
            if isinstance(value, list):
                self._references(prop, key, value, fm, add, pages)
        return out

    def _value(self, prop: dict[str, Any], key: str, path: tuple, value: Any,
               fm: FrontMatter, add: Callable[..., None]) -> None:
        line = fm.value_line(path)
        name = ".".join(str(part) for part in path if isinstance(part, str))
        where = f"`{name}`" if len(path) == 1 or isinstance(path[-1], str) else f"item {path[-1] + 1} of `{name}`"
        wanted = prop.get("type")
        if wanted and not isinstance(value, _TYPES[wanted]) or (
            wanted in ("integer", "number") and isinstance(value, bool)
        ) or (wanted == "string" and isinstance(value, bool)):
            snippet = example(prop, key) if isinstance(path[-1], str) else ""
            fix = f"write e.g. `{snippet}`" if snippet else f"make it {_TYPE_WORDS[wanted]}"
            if wanted == "array" and isinstance(value, str):
                fix = f"write a list, e.g. `{key}: [{value}]`" if value else fix
            add(line, f"{where} must be {_TYPE_WORDS[wanted]}, not {describe(value)}", fix,
                "frontmatter-type")
            return
        if isinstance(value, str):
            self._string(prop, key, where, value, line, add)
        elif isinstance(value, list):
            if len(value) < prop.get("minItems", 0):
                add(line, f"{where} is an empty list", f"add at least one item, e.g. `{example(prop, key)}`",
                    "frontmatter-empty")
            for index, item in enumerate(value):
                self._value(prop.get("items", {}), key, path + (index,), item, fm, add)
        elif isinstance(value, dict):
            sub = prop.get("properties", {})
            for required in prop.get("required", []):
                if required not in value:
                    add(line, f"{where} is missing `{required}`",
                        f"add `{required}:` under `{key}` ({sub.get(required, {}).get('description', '')})".rstrip(" ()"),
                        "frontmatter-missing-key")
            for sub_key, sub_value in value.items():
                if sub_key in sub:
                    self._value(sub[sub_key], sub_key, path + (sub_key,), sub_value, fm, add)
                elif prop.get("additionalProperties") is False:
                    guess = did_you_mean(sub_key, set(sub))
                    add(fm.line_of(path + (sub_key,)), f"unknown key `{sub_key}` under `{key}`",
                        f"did you mean `{guess}`?" if guess else
                        "allowed: " + ", ".join(f"`{k}`" for k in sub), "frontmatter-unknown-key")

    def _string(self, prop: dict[str, Any], key: str, where: str, value: str, line: int,
                add: Callable[..., None]) -> None:
        if len(value.strip()) < prop.get("minLength", 0):
            add(line, f"{where} is empty", f"write a value, e.g. `{example(prop, key)}`",
                "frontmatter-empty")
            return
        if "maxLength" in prop and len(value) > prop["maxLength"]:
            add(line, f"{where} is {len(value)} characters long, over the limit of {prop['maxLength']}",
                "shorten it to one plain sentence", "frontmatter-too-long")
        if prop.get("x-one-sentence") and _SECOND_SENTENCE.search(value.strip()):
            add(line, f"{where} has more than one sentence",
                "keep it to one sentence; put the rest in the lesson text", "frontmatter-one-sentence")
        if "enum" in prop and value not in prop["enum"]:
            guess = did_you_mean(value, prop["enum"])
            choices = ", ".join(f"`{choice}`" for choice in prop["enum"])
            add(line, f"{where} is \"{value}\", which is not one of {choices}",
                f"did you mean `{guess}`?" if guess else f"use one of {choices}", "frontmatter-enum")
        if prop.get("format") == "date":
            if not _DATE.match(value):
                add(line, f"{where} is \"{value}\", not an ISO date",
                    "write it as YYYY-MM-DD, e.g. `2026-11-23`", "frontmatter-date")
            elif _as_date(value) is None:
                add(line, f"{where} is {value}, which is not a real calendar date",
                    "check the month and day (e.g. February has 28 or 29 days)", "frontmatter-date")

    def _references(self, prop: dict[str, Any], key: str, value: list, fm: FrontMatter,
                    add: Callable[..., None], pages: set[str]) -> None:
        vocabulary_file = prop.get("x-vocabulary") or prop.get("x-registry")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                continue
            line = fm.value_line((key, index))
            if vocabulary_file:
                known = self.vocabularies.get(vocabulary_file, {})
                if item not in known:
                    guess = did_you_mean(item, set(known))
                    what = "tag" if "x-vocabulary" in prop else "dataset id"
                    fix = (f"did you mean `{guess}`? Otherwise add it to {vocabulary_file}" if guess
                           else f"use an entry of {vocabulary_file}, or add `{item}` there")
                    add(line, f"{what} `{item}` is not in {vocabulary_file}", fix,
                        "frontmatter-vocabulary")
            if prop.get("x-existing-page") and item not in pages:
                guess = did_you_mean(item, pages, cutoff=0.9)
                add(line, f"prerequisite `{item}` does not exist under docs/",
                    f"did you mean `{guess}`?" if guess else
                    "give the lesson's path relative to docs/, e.g. "
                    "`modules/01-foundations/what-is-a-language-model.md`",
                    "frontmatter-prerequisite")


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        return None


def _walk_properties(schema: dict[str, Any]):
    for prop in schema.get("properties", {}).values():
        yield prop
        yield from _walk_properties(prop)
