"""What the preview (``mkdocs serve``) shows beyond the site: problems on the page, a page of all
problems, and one summary line per rebuild. Nothing here is used by ``mkdocs build``."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..findings import Finding

PROBLEMS_PAGE = "course-problems.md"


@dataclass(frozen=True)
class Problem:
    """A finding as the page template shows it."""

    place: str
    rule: str
    severity: str
    message: str
    fix: str


def _problem(finding: Finding) -> Problem:
    return Problem(finding.place, finding.rule or "check", finding.severity, finding.message, finding.fix)


def by_page(findings: Iterable[Finding], docs_prefix: str) -> dict[str, list[Problem]]:
    """Findings of files under the docs folder, keyed by the page's path relative to it."""
    out: dict[str, list[Problem]] = {}
    for finding in findings:
        if finding.path.startswith(docs_prefix):
            out.setdefault(finding.path[len(docs_prefix) :], []).append(_problem(finding))
    return out


def problems_page(findings: list[Finding], docs_prefix: str, pages: set[str]) -> str:
    """The Markdown of the preview's page listing every problem, with links to the pages."""
    lines = [
        "---",
        "title: Problems in the course",
        "description: Every problem the course checks found, shown only in the preview.",
        "search:",
        "  exclude: true",
        "---",
        "",
        "This page exists only in the preview (`mkdocs serve`). It lists every problem the course "
        "checks found: `mkdocs build --strict` fails until the errors are fixed; warnings are advice "
        "and never fail it.",
        "",
    ]
    if not findings:
        return "\n".join(lines + ["**No problems.** Every page passes the course checks.", ""])
    errors = sum(1 for f in findings if f.severity == "error")
    lines += [
        f"**{errors} error{'s' if errors != 1 else ''}, {len(findings) - errors} "
        f"warning{'s' if len(findings) - errors != 1 else ''}.**",
        "",
    ]
    current = None
    for finding in sorted(findings, key=lambda f: (f.path, f.line, f.rule)):
        if finding.path != current:
            current = finding.path
            src = finding.path[len(docs_prefix) :] if finding.path.startswith(docs_prefix) else ""
            heading = f"[{finding.path}]({src})" if src in pages else f"`{finding.path}`"
            lines += ["", f"### {heading}", ""]
        fix = f" *How to fix it:* {_escape(finding.fix)}" if finding.fix else ""
        lines.append(
            f"- **{finding.severity}** line {finding.where or finding.line} `[{finding.rule}]` "
            f"{_escape(finding.message)}.{fix}"
        )
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    """Finding text is plain text with `code`: keep the code spans, stop footnote-like syntax."""
    return text.replace("[^", "[\\^").replace("<", "&lt;")


def summary(pages: int, notebooks: dict[str, int], findings: list[Finding], seconds: float | None = None) -> str:
    """One line per rebuild: pages, notebooks run or reused, findings by severity."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    run, reused, failed = notebooks.get("run", 0), notebooks.get("reused", 0), notebooks.get("failed", 0)
    parts = [
        f"{pages} pages",
        f"notebooks {run} run, {reused} reused" + (f", {failed} failed" if failed else ""),
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
    ]
    return "; ".join(parts) + (f" ({seconds:.2f} s)" if seconds is not None else "")


@dataclass(frozen=True)
class Signature:
    """What other pages show of a page: if it changes, those pages must be rebuilt too."""

    title: str
    description: str
    level: str
    minutes: int
    tags: tuple[str, ...]
    notes: tuple[str, ...]


def signature(page: Any) -> Signature:
    """The page's :class:`Signature`: title, description, level, reading minutes, tags, footnote texts."""
    meta = page.meta
    notes = tuple(note.text for note in page.notes.definitions.values()) if page.notes else ()
    return Signature(
        str(meta.get("title", "")),
        str(meta.get("description", "")),
        str(meta.get("level", "")),
        page.reading_minutes,
        tuple(map(str, meta.get("tags") or [])),
        notes,
    )


def dependents(changed: str, before: Signature | None, after: Signature, pages: dict[str, Any]) -> set[str]:
    """The pages (paths relative to docs/) that show something of ``changed`` that changed."""
    if before == after:
        return set()
    out: set[str] = set()
    page = pages.get(changed)
    module = getattr(page, "module", None)
    listed = before is None or (before.title, before.description, before.level, before.minutes) != (
        after.title,
        after.description,
        after.level,
        after.minutes,
    )
    if listed and module:
        out.add(f"modules/{module}/index.md")  # the module overview's lesson list
        out.add("index.md")  # the course map on the home page
    if before is None or before.title != after.title:
        out.update(
            path for path, other in pages.items() if changed in (other.meta.get("prerequisites") or [])
        )  # headers naming it
    if before is None or before.notes != after.notes or before.title != after.title:
        out.add("references.md")
    if before is None or before.tags != after.tags or before.title != after.title:
        out.add("tags.md")
    return {path for path in out if path in pages and path != changed}


def relative(url_from: str, target: str) -> str:
    """``target`` relative to the folder of ``url_from`` (both site paths)."""
    return posixpath.relpath(target, posixpath.dirname(url_from) or ".")


def as_dicts(problems: list[Problem]) -> list[dict[str, Any]]:
    """The problems as the page template reads them: one dict of fields per problem."""
    return [problem.__dict__ for problem in problems]
