"""The performance targets, and how the benchmark's figures compare with them (never asserted:
a missed target is reported, not a failure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KB = 1000


@dataclass(frozen=True)
class Target:
    """One row of the targets: its text, the key of the figure whose median it compares, ``<=`` or
    ``<``, and the limit in that figure's unit. Checked by ``evaluate``, reported, never asserted."""

    text: str  # "{lessons}" is replaced by the number of lessons of the largest generated size
    figure: str  # "{largest}" is replaced by that course's key, e.g. corpus_800
    op: str  # "<=" or "<"
    limit: float
    # A reference row: not a target of its own, but the same limit applied to a figure that shows
    # what it can be compared with (the build without the hooks; the hooks' time measured inside them).
    reference: bool = False


TARGETS = (
    Target("Build of the course with {lessons} lessons, per page", "{largest}.build_warm_per_page", "<=", 35.0),
    Target(
        "Reference: the same build with the page cache off (every page converted), per page",
        "{largest}.build_uncached_per_page",
        "<=",
        35.0,
        reference=True,
    ),
    Target(
        "Reference: the same build without the course's hooks (MkDocs, Markdown and Material, "
        "with the page cache), per page",
        "{largest}.build_no_hooks_per_page",
        "<=",
        35.0,
        reference=True,
    ),
    Target(
        "Hooks' share of a warm build of the course (warm build minus the build without them)",
        "real.hooks_share",
        "<=",
        5.0,
    ),
    Target(
        "Reference: time inside the hook functions, share of a warm build of the course",
        "real.hooks_inside_share",
        "<=",
        5.0,
        reference=True,
    ),
    Target(
        "Generated lesson page (median) with {lessons} lessons, HTML", "weight.{largest}.lesson_html", "<", 100 * KB
    ),
    Target("Lesson (median) first load, gzip", "weight.real.first_load_gzip", "<=", 150 * KB),
    Target("Notebook page (median) first load, gzip", "weight.real.notebook_first_load_gzip", "<=", 300 * KB),
    Target(
        "Preview (`mkdocs serve --dirty`, as the README runs it): edit until the served page shows it",
        "serve.rebuild_visible",
        "<=",
        1.0,
    ),
)


def largest(results: dict[str, Any]) -> str | None:
    """The key of the largest generated course that was measured, e.g. ``corpus_800``."""
    sizes = results.get("settings", {}).get("sizes") or []
    measured = [s for s in sizes if f"corpus_{s}.build_warm" in results.get("figures", {})]
    return f"corpus_{max(measured)}" if measured else None


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per target whose figure was measured: the value, the limit, and whether it is met."""
    figures = results.get("figures", {})
    biggest = largest(results)
    out = []
    for target in TARGETS:
        if "{largest}" in target.figure and biggest is None:
            continue
        key = target.figure.replace("{largest}", biggest or "")
        if key not in figures:
            continue
        lessons = results.get("courses", {}).get(biggest or "", {}).get("lessons", "?")
        value = figures[key]["median"]
        met = value <= target.limit if target.op == "<=" else value < target.limit
        entry = {
            "target": target.text.replace("{lessons}", str(lessons)),
            "figure": key,
            "op": target.op,
            "limit": target.limit,
            "unit": figures[key]["unit"],
            "value": value,
            "met": met,
            "reference": target.reference,
        }
        if "cpu" in figures[key] and figures[key]["unit"] != "s":
            entry["cpu_value"] = figures[key]["cpu"]["median"]  # the same figure from CPU time
        out.append(entry)
    return out
