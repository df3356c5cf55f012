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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from jsonschema import ValidationError
from jsonschema.validators import extend

from ..data import CourseData
from ..findings import Finding
from .contract_errors import _Explain
from .contract_rules import _FORMATS, _SECOND_SENTENCE, R_DATE_ORDER, as_date
from .contract_rules import describe as describe  # re-exported: other checks use them
from .contract_rules import did_you_mean as did_you_mean
from .contract_rules import example as example
from .frontmatter import FrontMatter


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
        """The schema's front-matter keys and their schemas (a copy)."""
        return dict(self.schema.get("properties", {}))

    @property
    def retired(self) -> dict[str, str]:
        """Keys of other generators (``x-retired-keys``) with the hint shown when a page uses one."""
        return dict(self.schema.get("x-retired-keys", {}))

    def required(self, is_lesson: bool) -> list[str]:
        """The keys a lesson (``required``) or any other page (``x-page-required``) must have."""
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
        # jsonschema reports `required` once per missing key, each error naming them all: one finding each.
        return list(dict.fromkeys(out))

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
