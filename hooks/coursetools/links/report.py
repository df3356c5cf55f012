"""The link report as text, JSON summary and Markdown (for the weekly issue)."""

from __future__ import annotations

from typing import Any

from .model import Report


def markdown_report(report: Report, external: bool, elapsed: float) -> str:
    """The problems as Markdown: what the weekly workflow posts to its issue."""
    lines = [f"**{summary_line(report, external, elapsed)}**", ""]
    for title, problems in (
        ("Broken (fix or remove)", report.failures),
        ("Warnings (retried; not failures)", report.warnings),
    ):
        if problems:
            lines += [f"### {title}", ""] + [f"- `{problem}`" for problem in problems] + [""]
    return "\n".join(lines)


def summary(report: Report, external: bool) -> dict[str, Any]:
    """The counts of a link check, as the JSON report's ``summary``: pages, failures, warnings, fine, skipped."""
    return {
        "pages": report.pages,
        "failures": len(report.failures),
        "warnings": len(report.warnings),
        "internal_ok": report.internal_ok,
        "external_ok": len(report.ok),
        "external_cached": sum(1 for entry in report.ok if entry.get("cached")),
        "skipped": len(report.skipped),
        "external_checked": external,
    }


def summary_line(report: Report, external: bool, elapsed: float) -> str:
    """The one line printed after a check: broken links, warnings, pages, links fine, and seconds taken."""
    counts = summary(report, external)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    text = (
        f"{plural(counts['failures'], 'broken link')}, {plural(counts['warnings'], 'warning')} "
        f"in {plural(counts['pages'], 'page')}: {counts['internal_ok']} internal links fine"
    )
    if external:
        text += (
            f", {counts['external_ok']} external links fine ({counts['external_cached']} "
            f"from the cache), {counts['skipped']} skipped"
        )
    else:
        text += "; external links not checked (--external)"
    return text + f" ({elapsed:.1f} s)"
