"""The course as a whole: which pages exist, which are lessons, and every check over all of them.

``check_course`` is what both the standalone command and the MkDocs hook call. It reads the
files itself, so it needs nothing from MkDocs, and it collects every finding of every page
before returning: an instructor sees all problems of a build at once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import diagrams, footnotes, phi, registry
from .assessment.objectives import page_assessment  # self-checks and objective coverage
from .checks import content, layout, suppress
from .contract import Contract
from .data import CourseData
from .findings import Finding, rule
from .frontmatter import FrontMatter, parse
from .markdown_text import mask
from .repo import shown_path
from .settings import Settings, from_config

LESSON_PATH = re.compile(r"^modules/(?P<module>[^/]+)/(?P<name>[^/]+)\.md$")
WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")

MISSING = rule("frontmatter-missing", "front matter", "Every page starts with front matter (`---` lines "
               "around `key: value` lines).", "Start the file with `---`, the required keys, then `---`.")


@dataclass
class Page:
    """One Markdown page of the course, parsed once and shared by every check and renderer."""

    path: str  # relative to docs/, posix
    text: str
    front: FrontMatter
    notes: footnotes.Footnotes | None = None
    masked: list[str] = field(default_factory=list)

    @property
    def meta(self) -> dict[str, Any]:
        return self.front.data or {}

    @property
    def is_lesson(self) -> bool:
        match = LESSON_PATH.match(self.path)
        return bool(match) and match.group("name") != "index"

    @property
    def is_module_overview(self) -> bool:
        match = LESSON_PATH.match(self.path)
        return bool(match) and match.group("name") == "index"

    @property
    def module(self) -> str | None:
        match = LESSON_PATH.match(self.path)
        return match.group("module") if match else None

    @property
    def words(self) -> int:
        """Words of prose in the body: code, comments and footnote definitions excluded."""
        prose = [line for line in self.masked if not line.lstrip().startswith("[^")]
        return len(_WORD.findall("\n".join(prose)))

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


@dataclass
class Course:
    docs_dir: Path
    repo_root: Path
    contract: Contract
    pages: dict[str, Page]
    findings: list[Finding]
    data: CourseData
    settings: Settings
    silenced: list[tuple[Finding, suppress.Silence]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def lessons(self, module: str | None = None) -> list[Page]:
        return [page for page in self.pages.values()
                if page.is_lesson and (module is None or page.module == module)]

    def modules(self) -> list[str]:
        return sorted({page.module for page in self.pages.values() if page.module})


def markdown_files(docs_dir: Path) -> list[Path]:
    return sorted(
        path for path in docs_dir.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in path.relative_to(docs_dir).parts)
    )


def load_page(path: Path, docs_dir: Path, repo_root: Path) -> Page:
    rel = path.relative_to(docs_dir).as_posix()
    shown = shown_path(path, repo_root)
    text = path.read_text(encoding="utf-8", errors="replace")
    front = parse(text, shown)
    page = Page(rel, text, front)
    page.masked = mask(front.body)
    page.notes = footnotes.scan(front.body, front.body_line, shown, page.masked)
    return page


def check_course(docs_dir: Path, repo_root: Path | None = None, only: list[Path] | None = None, *,
                 settings: Settings | None = None, data: CourseData | None = None) -> Course:
    """Parse and check every page under ``docs_dir`` (or report only those in ``only``)."""
    docs_dir = docs_dir.resolve()
    repo_root = (repo_root or docs_dir.parent).resolve()
    settings = settings or from_config(repo_root, docs_dir=docs_dir)
    data = data or CourseData.load(docs_dir, repo_root)
    contract = Contract(data)
    pages: dict[str, Page] = {}
    for path in markdown_files(docs_dir):
        page = load_page(path, docs_dir, repo_root)
        pages[page.path] = page
    names = set(pages)
    selected = {p.resolve() for p in only} if only else None
    findings: list[Finding] = []
    silences: dict[str, list[suppress.Silence]] = {}
    for page in pages.values():
        if selected is not None and (docs_dir / page.path).resolve() not in selected:
            continue
        shown = shown_path(docs_dir / page.path, repo_root)
        page_silences, problems = suppress.parse(shown, page.text.split("\n"))
        silences[shown] = page_silences
        findings.extend(problems)
        findings.extend(check_page(page, contract, names, shown, settings))
        findings.extend(diagrams.missing_findings(page.front.body, shown, page.front.body_line, docs_dir))
    if selected is None:
        from . import generated_docs  # imported here: it renders from modules that import this one

        findings.extend(data.findings)
        findings.extend(registry.findings(data))
        findings.extend(generated_docs.stale(data, settings))
    for finding in phi.scan_course(docs_dir, repo_root):
        if selected is None or (repo_root / finding.path).resolve() in selected:
            findings.append(finding)
    outcome = suppress.apply(findings, silences)
    outcome.kept.sort(key=lambda f: (f.path, f.line, f.where, f.message))
    return Course(docs_dir, repo_root, contract, pages, outcome.kept, data, settings, outcome.silenced)


def check_page(page: Page, contract: Contract, names: set[str], shown: str,
               settings: Settings) -> list[Finding]:
    out = list(page.front.findings)
    if page.front.data is not None:
        out.extend(contract.check(page.front, shown, page.is_lesson, names))
    elif not page.front.present:
        required = contract.required(page.is_lesson)
        out.append(Finding(
            shown, 1, "page has no front matter",
            "start the file with a `---` line, then " + ", ".join(f"`{k}:`" for k in required)
            + ", then a closing `---`", MISSING.id))
    if page.notes:
        out.extend(page.notes.findings)
    out.extend(layout.check(page, shown))
    if page.is_lesson and page.front.data is not None:
        out.extend(content.check(page, shown, settings))
    # Quiz blocks, exercise objectives and objective coverage (coursetools.assessment).
    out.extend(page_assessment(page, shown).findings)
    return out
