"""The exercise pattern every course notebook follows, checked on the notebook source.

An exercise is a code cell tagged ``exercise`` (where the student writes, with a placeholder
that runs), then a cell tagged ``check`` (calls a checker that says "Correct" or "Not yet"),
then a cell tagged ``solution``: hidden in Jupyter (``metadata.jupyter.source_hidden``), and
asserting its own check, so that a broken solution fails the build like any other cell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..findings import Finding, rule

MIN_EXERCISES = 2

EXERCISES_RULE = rule(
    "notebook-exercises",
    "notebooks",
    f"every notebook has at least {MIN_EXERCISES} exercises, each an `exercise` cell followed by a "
    "`check` cell and a hidden `solution` cell that asserts its check",
    "tag the cells `exercise`, `check` and `solution` in that order (Jupyter: the property inspector's "
    "cell tags) and collapse the solution's source",
    severity="error",
)

_ORDER = ("exercise", "check", "solution")


def _metadata(cell: dict[str, Any]) -> dict[str, Any]:
    metadata = cell.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def _tags(cell: dict[str, Any]) -> set[str]:
    tags = _metadata(cell).get("tags", [])
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def count_exercises(cells: list[Any]) -> int:
    """How many cells carry the ``exercise`` tag in their metadata."""
    return sum(isinstance(cell, dict) and "exercise" in _tags(cell) for cell in cells)


def findings(notebook: Path, shown: str) -> list[Finding]:
    """Every place where ``notebook`` breaks the pattern; an unreadable notebook is one finding."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        if not isinstance(cells, list):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [
            Finding(
                shown,
                0,
                f"cannot read the notebook's cells ({error.__class__.__name__})",
                "check that it is a valid .ipynb file",
                EXERCISES_RULE.id,
            )
        ]
    out: list[Finding] = []

    def report(number: int, message: str, fix: str) -> None:
        out.append(Finding(shown, 0, message, fix, EXERCISES_RULE.id, where=f"cell {number}"))

    cells = [c if isinstance(c, dict) else {} for c in cells]
    for index, cell in enumerate(cells):
        tags = _tags(cell) & set(_ORDER)
        if not tags:
            continue
        number = index + 1
        if len(tags) > 1:
            report(
                number,
                f"cell {number} has more than one of the tags {', '.join(sorted(tags))}",
                "give each cell one of `exercise`, `check`, `solution`",
            )
            continue
        [tag] = tags
        if cell.get("cell_type") != "code":
            report(number, f"cell {number} is tagged `{tag}` but is not a code cell", "make it a code cell")
            continue
        position = _ORDER.index(tag)
        if position > 0:
            before = _tags(cells[index - 1]) if index else set()
            if _ORDER[position - 1] not in before:
                report(
                    number,
                    f"the `{tag}` cell {number} does not follow a `{_ORDER[position - 1]}` cell",
                    f"put it right after the `{_ORDER[position - 1]}` cell of its exercise",
                )
        if position < 2:
            after = _tags(cells[index + 1]) if index + 1 < len(cells) else set()
            if _ORDER[position + 1] not in after:
                report(
                    number,
                    f"the `{tag}` cell {number} is not followed by a `{_ORDER[position + 1]}` cell",
                    f"add a `{_ORDER[position + 1]}` cell right after it",
                )
        if tag == "solution":
            jupyter = _metadata(cell).get("jupyter")
            if not isinstance(jupyter, dict) or jupyter.get("source_hidden") is not True:
                report(
                    number,
                    f"the solution in cell {number} is not collapsed in Jupyter",
                    "set `metadata.jupyter.source_hidden: true` (View > Collapse Selected Code)",
                )
            if "assert " not in _source(cell):
                report(
                    number,
                    f"the solution in cell {number} does not assert its check",
                    "end it with `assert check_...(answer)` so a broken solution fails the build",
                )
    number_of_exercises = count_exercises(cells)
    if number_of_exercises < MIN_EXERCISES:
        out.append(
            Finding(
                shown,
                0,
                f"the notebook has {number_of_exercises} exercise(s); at least {MIN_EXERCISES} are needed",
                "add exercises where the notebook teaches",
                EXERCISES_RULE.id,
                where="exercises",
            )
        )
    return out
