"""The course as a whole: which pages exist, which are lessons, and every check over all of them.

``check_course`` is what both the standalone command and the MkDocs hook call. It reads the
files itself, so it needs nothing from MkDocs, and it collects every finding of every page
before returning: an instructor sees all problems of a build at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import phi, result_store
from .assessment.objectives import page_assessment  # self-checks and objective coverage
from .checks import agreement as build_agreement
from .checks import config as config_check
from .checks import content, footnotes, glossary, layout, page_safety, registry, review, suppress
from .checks.contract import Contract
from .checks.frontmatter import FrontMatter, parse
from .checks.markdown import mask
from .data import CourseData
from .findings import Finding, rule
from .pages import diagrams
from .repo import shown_path
from .runnable import exercises
from .safety import active_files, markup, raw_html
from .safety import files as safe_files
from .settings import Settings, from_config, setting_names

LESSON_PATH = re.compile(r"^modules/(?P<module>[^/]+)/(?P<name>[^/]+)\.md$")
WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")

MISSING = rule(
    "frontmatter-missing",
    "front matter",
    "Every page starts with front matter (`---` lines around `key: value` lines).",
    "Start the file with `---`, the required keys, then `---`.",
)


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
        """The front matter as a mapping; empty when there is none or it did not parse."""
        return self.front.data or {}

    @property
    def is_lesson(self) -> bool:
        """True for ``modules/<module>/<name>.md`` other than the module's ``index.md``."""
        match = LESSON_PATH.match(self.path)
        return match is not None and match.group("name") != "index"

    @property
    def is_module_overview(self) -> bool:
        """True for a module's ``modules/<module>/index.md``."""
        match = LESSON_PATH.match(self.path)
        return match is not None and match.group("name") == "index"

    @property
    def module(self) -> str | None:
        """The module folder name (``02-transformers``) of a page under ``modules/``; None for any other page."""
        match = LESSON_PATH.match(self.path)
        return match.group("module") if match else None

    @property
    def words(self) -> int:
        """Words of prose in the body: code, comments and footnote definitions excluded."""
        prose = [line for line in self.masked if not line.lstrip().startswith("[^")]
        return len(_WORD.findall("\n".join(prose)))

    @property
    def reading_minutes(self) -> int:
        """Reading time in whole minutes at 200 words a minute, rounded up; at least 1."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


@dataclass
class Course:
    """The checked course: every page parsed, every finding left after suppressions (the silenced ones
    apart), and the data and settings they were checked with. What :func:`check_course` returns."""

    docs_dir: Path
    repo_root: Path
    contract: Contract
    pages: dict[str, Page]
    findings: list[Finding]
    data: CourseData
    settings: Settings
    silenced: list[tuple[Finding, suppress.Silence]] = field(default_factory=list)
    results: result_store.ResultStore | None = None  # where this check kept its results, if anywhere
    _memo: dict[tuple[object, ...], list[Any]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def errors(self) -> list[Finding]:
        """The findings that fail a build (severity ``error``)."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that are advice only (severity ``warning``); they never fail a build."""
        return [f for f in self.findings if f.severity == "warning"]

    # The pages do not change once checked: the lists below are made once (pages ask for their
    # module's lessons on every page of a build, which at 800 lessons was quadratic).
    def lessons(self, module: str | None = None) -> list[Page]:
        """The lessons, of ``module`` only if given, in the order of ``pages`` (a new list each call)."""
        key = ("lessons", module)
        if key not in self._memo:
            if module is None:
                self._memo[key] = [page for page in self.pages.values() if page.is_lesson]
            else:
                self._memo[key] = [page for page in self.lessons() if page.module == module]
        return list(self._memo[key])

    def modules(self) -> list[str]:
        """The names of the module folders that have a page, sorted."""
        if ("modules",) not in self._memo:
            self._memo[("modules",)] = sorted({page.module for page in self.pages.values() if page.module})
        return list(self._memo[("modules",)])

    def in_order(self, module: str | None, order: list[str]) -> list[Page]:
        """The lessons (of ``module``) in navigation ``order``; those not in it last, by path."""
        key = ("in_order", module, tuple(order))
        if key not in self._memo:
            self._memo[key] = in_order(self.lessons(module), order)
        return list(self._memo[key])


def in_order(pages: list[Page], order: list[str]) -> list[Page]:
    """``pages`` in navigation ``order`` (paths relative to docs/); those not in it last, by path."""
    positions = {path: number for number, path in enumerate(order)}
    return sorted(pages, key=lambda p: (positions.get(p.path, len(order)), p.path))


def markdown_files(docs_dir: Path) -> list[Path]:
    """Every ``.md`` under ``docs_dir``, sorted; none in or under a file or folder whose name starts
    with ``.`` or ``_`` (``_data``)."""
    return sorted(
        path
        for path in docs_dir.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in path.relative_to(docs_dir).parts)
    )


def load_page(path: Path, docs_dir: Path, repo_root: Path) -> Page:
    """Read and parse the page at ``path`` (front matter, masked body, footnotes); parse problems are kept
    on the page as findings, not raised. Call only for a file the docs scan allowed."""
    rel = path.relative_to(docs_dir).as_posix()
    shown = shown_path(path, repo_root)
    text = safe_files.read_page(path)  # hardening: as MkDocs reads it (BOM dropped)
    front = parse(text, shown)
    page = Page(rel, text, front)
    page.masked = mask(front.body)
    page.notes = footnotes.scan(front.body, front.body_line, shown, page.masked)
    return page


Stamp = tuple[int, int]


def stamp(path: Path) -> Stamp:
    """What says a file changed: its modification time and size."""
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


@dataclass
class CheckCache:
    """Results kept between the builds of one preview session (``mkdocs serve``): a page is
    parsed and checked again only when it, the page list or the course data changed, so each
    rebuild checks what changed rather than the whole course. A fresh cache changes nothing."""

    pages: dict[Path, tuple[Stamp, Page]] = field(default_factory=dict)
    findings: dict[Path, tuple[tuple[object, ...], list[Finding]]] = field(default_factory=dict)
    course: dict[str, tuple[tuple[object, ...], list[Finding]]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def remember(self, kind: str, key: tuple[object, ...], compute: Callable[[], list[Finding]]) -> list[Finding]:
        """``compute()``'s findings for the course-wide check ``kind``, reused while ``key`` equals the key
        they were computed with (only the last key per kind is kept)."""
        known = self.course.get(kind)
        if known is not None and known[0] == key:
            return known[1]
        result = compute()
        self.course[kind] = (key, result)
        return result


def data_stamp(data: CourseData) -> tuple[object, ...]:
    """Name, modification time and size of each file directly in the course data folder: changes when one does."""
    return tuple((p.name, stamp(p)) for p in sorted(data.data_dir.glob("*")) if p.is_file())


def check_course(
    docs_dir: Path,
    repo_root: Path | None = None,
    only: list[Path] | None = None,
    *,
    settings: Settings | None = None,
    data: CourseData | None = None,
    cache: CheckCache | None = None,
    today: dt.date | None = None,
    results: Path | None = None,
    config_file: Path | None = None,
) -> Course:
    """Parse and check every page under ``docs_dir`` (or report only those in ``only``).

    ``results`` is a folder for a :class:`~coursetools.result_store.ResultStore`: each file's
    findings are read back from there while its bytes (and everything else they depend on) are
    unchanged. Without it every file is checked. ``config_file`` (default: the repository's
    mkdocs.yml) is checked too: its YAML, its settings and its `nav:` (coursetools.checks.config)."""
    docs_dir = docs_dir.resolve()
    repo_root = (repo_root or docs_dir.parent).resolve()
    settings = settings or from_config(repo_root, docs_dir=docs_dir)
    data = data or CourseData.load(docs_dir, repo_root)
    cache = cache if cache is not None else CheckCache()
    contract = Contract(data)
    pages: dict[str, Page] = {}
    stamps: dict[str, Stamp] = {}
    # Hardening: symlinks out of the repository, loops, binary or non-UTF-8 pages and oversized
    # files are refused (one finding each) and never read (coursetools.safety.files).
    files = safe_files.scan_docs(docs_dir, repo_root, settings.limits)
    for path in markdown_files(docs_dir):
        if not files.allows(path, docs_dir):
            continue
        current = stamp(path)
        known = cache.pages.get(path)
        if known is not None and known[0] == current:
            page = known[1]
        else:
            page = load_page(path, docs_dir, repo_root)
            cache.pages[path] = (current, page)
        pages[page.path] = page
        stamps[page.path] = current
    names = set(pages)
    today = today or dt.date.today()
    shared_key = (tuple(sorted(names)), data_stamp(data), settings, stamp(docs_dir / diagrams.DIAGRAM_DIR), today)
    store = _store(results, names, data, settings, docs_dir, today) if results is not None else None
    selected = {p.resolve() for p in only} | {p.absolute() for p in only} if only else None
    # Hardening: scripts, HTML and SVG under docs/ are published only when listed or checked.
    active = active_files.findings(docs_dir, repo_root, safe_files.shown_prefix(docs_dir, repo_root), files.refused)
    findings: list[Finding] = [
        f for f in [*files.findings, *active] if selected is None or (repo_root / f.path).absolute() in selected
    ]
    silences: dict[str, list[suppress.Silence]] = {}
    for page in pages.values():
        if selected is not None and (docs_dir / page.path).resolve() not in selected:
            continue
        shown = shown_path(docs_dir / page.path, repo_root)
        page_silences, problems = suppress.parse(shown, page.text.split("\n"))
        silences[shown] = page_silences
        findings.extend(problems)
        path = docs_dir / page.path
        key = (stamps[page.path], *shared_key)
        known_findings = cache.findings.get(path)
        if known_findings is not None and known_findings[0] == key:
            cache.hits += 1
            findings.extend(known_findings[1])
            continue
        cache.misses += 1
        digest = result_store.digest_of(page.text) if store is not None else ""
        stored = store.get("page", page.path, digest) if store is not None else None
        if stored is not None:
            found = stored
        else:
            found = check_page(page, contract, names, shown, settings)
            found.extend(build_agreement.findings(page.path, page.text, shown))  # hardening
            if page.is_lesson and page.front.data is not None:
                found.extend(review.check(page, shown, data.review, today))
            found.extend(diagrams.missing_findings(page.front.body, shown, page.front.body_line, docs_dir))
            if store is not None:
                store.put("page", page.path, digest, found)
        cache.findings[path] = (key, found)
        findings.extend(found)
    config_file = config_file or repo_root / "mkdocs.yml"
    config = config_check.check(config_file, setting_names(), shown_path(config_file, repo_root))
    if config.listed is not None:  # without `nav:`, MkDocs lists every page
        lessons = [p for p in pages.values() if p.is_lesson]
        if selected is not None:
            lessons = [p for p in lessons if (docs_dir / p.path).resolve() in selected]
        shown_pages = {p.path: shown_path(docs_dir / p.path, repo_root) for p in lessons}
        findings.extend(layout.navigation(lessons, config.listed, shown_pages))
    if selected is None:
        findings.extend(config.findings)
        findings.extend(config_check.unknown_pages(config, docs_dir))
        from .pages import generated_docs  # imported here: it renders from modules that import this one

        findings.extend(data.findings)
        findings.extend(glossary.link_findings(data, pages))  # issue 15: concept -> lesson section
        findings.extend(registry.findings(data))
        findings.extend(markup.data_findings(data))  # hardening: glossary, tags, datasets as HTML
        findings.extend(review.data_findings(data.review, data.shown("review.yml"), data.lines.get("review.yml", {})))
        guide = tuple(
            (p.name, stamp(p)) for p in [*sorted((docs_dir / "instructors").glob("*.md")), repo_root / "README.md"]
        )
        findings.extend(
            cache.remember("generated-docs", (guide, *shared_key), lambda: generated_docs.stale(data, settings))
        )
    notebooks = sorted(p for p in docs_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    wanted = [p for p in notebooks if selected is None or p.resolve() in selected]
    findings.extend(
        cache.remember(
            "notebook-exercises",
            tuple((str(p), stamp(p)) for p in wanted),
            lambda: [f for p in wanted for f in exercises.findings(p, shown_path(p, repo_root))],
        )
    )
    readable = [p for p in wanted if files.allows(p, docs_dir)]
    findings.extend(
        cache.remember(
            "notebook-html",  # hardening: raw HTML in Markdown cells (coursetools.safety.raw_html)
            tuple((str(p), stamp(p)) for p in readable),
            lambda: [f for p in readable for f in raw_html.notebook_findings(p, shown_path(p, repo_root))],
        )
    )
    findings.extend(
        cache.remember(
            "notebook-secrets",  # hardening: tokens and keys in the committed sources and outputs
            tuple((str(p), stamp(p)) for p in readable),
            lambda: [f for p in readable for f in _committed_secrets(p, shown_path(p, repo_root))],
        )
    )
    findings.extend(phi_findings(docs_dir, repo_root, data, selected, cache, files, store))
    if store is not None:
        store.save()
    outcome = suppress.apply(findings, silences)
    outcome.kept.sort(key=lambda f: (f.path, f.line, f.where, f.message))
    return Course(docs_dir, repo_root, contract, pages, outcome.kept, data, settings, outcome.silenced, store)


def _store(
    folder: Path, names: set[str], data: CourseData, settings: Settings, docs_dir: Path, today: dt.date
) -> result_store.ResultStore:
    """The result store for this run: its context is everything a file's findings depend on
    besides the file itself (see coursetools.result_store)."""
    data_files = [p for p in data.data_dir.glob("*") if p.is_file()]
    manifests = [p for p in docs_dir.rglob("MANIFEST.json") if ".ipynb_checkpoints" not in p.parts]
    diagram_dir = docs_dir / diagrams.DIAGRAM_DIR
    rendered = sorted(p.name for p in diagram_dir.iterdir()) if diagram_dir.is_dir() else []
    context = (
        sorted(names),
        result_store.files_digest(data_files, docs_dir),
        result_store.files_digest(manifests, docs_dir),
        settings,
        rendered,
        today.isoformat(),
    )
    return result_store.ResultStore(folder, context)


def phi_findings(
    docs_dir: Path,
    repo_root: Path,
    data: CourseData,
    selected: set[Path] | None,
    cache: CheckCache,
    scan: safe_files.DocsScan | None = None,
    store: result_store.ResultStore | None = None,
) -> list[Finding]:
    """The PHI scan of every page, notebook and data file (or of the selected ones), each file
    scanned again only when it changed (or the registry or the synthetic-data manifests did).
    ``scan`` is the check's scan of docs/ (what it refuses is not read); ``store``, results kept
    on disk by content."""
    pages, notebooks, data_files = phi.course_files(docs_dir, scan)
    generators = phi.registry_generators(data.datasets)
    manifests = tuple((str(p), stamp(p)) for p in data_files if p.name == "MANIFEST.json")
    shared = (data_stamp(data), manifests)
    out: list[Finding] = []
    for kind, paths in (("page", pages), ("notebook", notebooks), ("data", data_files)):
        for path in paths:
            if selected is not None and path.resolve() not in selected:
                continue
            key = (stamp(path), *shared)
            slot = path.with_name(path.name + "\0phi")  # the cache's key for this file's PHI findings
            known = cache.findings.get(slot)
            if known is not None and known[0] == key:
                out.extend(known[1])
                continue
            shown = shown_path(path, repo_root)

            def scan_file(kind: str = kind, path: Path = path, shown: str = shown) -> list[Finding]:
                if kind == "page":
                    return phi.scan_markdown(path, shown, repo_root)
                if kind == "notebook":
                    return phi.scan_notebook(path, shown, repo_root)
                return phi.scan_data_file(path, shown, docs_dir=docs_dir, repo_root=repo_root, generators=generators)

            found = kept_phi_scan(store, f"phi-{kind}", path, shown, scan_file)
            cache.findings[slot] = (key, found)
            out.extend(found)
    if selected is None:
        out.extend(phi.declarations.missing_generated_files(docs_dir, generators))
    return out


def kept_phi_scan(
    store: result_store.ResultStore | None, kind: str, path: Path, shown: str, scan: Callable[[], list[Finding]]
) -> list[Finding]:
    """``scan()``'s PHI findings for the file at ``path``, read back from ``store`` while the file's
    bytes and the generator files its declaration traced to are unchanged (an unreadable file is
    scanned, and reported, every time)."""
    try:
        digest = result_store.digest_of(path.read_bytes()) if store is not None else ""
    except OSError:
        digest = ""
    if store is not None and digest:
        found = store.get(kind, shown, digest)
        if found is not None:
            return found
    with phi.declarations.recording_reads() as reads:
        found = scan()
    if store is not None and digest:
        store.put(kind, shown, digest, found, reads)
    return found


def check_page(page: Page, contract: Contract, names: set[str], shown: str, settings: Settings) -> list[Finding]:
    """Every finding of one page on its own: front matter and the lesson contract, footnotes, layout,
    page safety (markup, raw HTML, nesting), a lesson's content rules, and quizzes and objectives.
    Checks that need other pages or the data files run in :func:`check_course`."""
    out = list(page.front.findings)
    if page.front.data is not None:
        out.extend(contract.check(page.front, shown, page.is_lesson, names))
    elif not page.front.present:
        required = contract.required(page.is_lesson)
        out.append(
            Finding(
                shown,
                1,
                "page has no front matter",
                "start the file with a `---` line, then "
                + ", ".join(f"`{k}:`" for k in required)
                + ", then a closing `---`",
                MISSING.id,
            )
        )
    if page.notes:
        out.extend(page.notes.findings)
    out.extend(layout.check(page, shown))
    out.extend(page_safety.check(page, shown))  # hardening: markup, raw HTML, nesting
    if page.is_lesson and page.front.data is not None:
        out.extend(content.check(page, shown, settings))
    # Quiz blocks, exercise objectives and objective coverage (coursetools.assessment).
    out.extend(page_assessment(page, shown).findings)
    return out


def _committed_secrets(path: Path, shown: str) -> list[Finding]:
    """Secret-shaped strings in a notebook as committed (the build scans its executed outputs too).
    Only the shapes of tokens and keys: the build's environment is not this check's to know."""
    import warnings

    import nbformat

    from .notebooks import secrets

    try:
        with warnings.catch_warnings():  # nbformat's advice on cell ids is not the course's finding
            warnings.simplefilter("ignore")
            notebook = nbformat.read(str(path), as_version=4)
    except Exception:  # an unreadable notebook is reported by the notebook checks
        return []
    return secrets.scan(notebook, shown, environ={})
