"""MkDocs hooks for the course: a thin adapter over the ``coursetools`` package.

Everything that decides anything lives in ``coursetools`` (plain Python, no MkDocs import; it is
installed with the course, see the README). This file only feeds it MkDocs' config, files and
pages, and logs its findings: errors through an ``mkdocs.*`` logger, so ``mkdocs build --strict``
fails on them and ``mkdocs serve`` shows them and keeps serving; warnings (advice that must never
fail a build) through the ``coursetools`` logger.

The state of one build lives on one :class:`CourseBuild` object, made anew in ``on_config``.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

import course_notebooks
from coursetools.assessment import inline as quiz_inline
from coursetools.assessment import render as quiz_render
from coursetools.checks import registry
from coursetools.course import CheckCache, Course, check_course
from coursetools.data import CourseData
from coursetools.findings import Finding
from coursetools.notebooks import html as notebook_html
from coursetools.notebooks import page as notebook_page
from coursetools.pages import assets as page_assets
from coursetools.pages import context as site
from coursetools.pages import diagrams, preview, printable, render, search_text, wayfinding
from coursetools.pages.compact import compact
from coursetools.result_store import ResultStore
from coursetools.runnable.site import RunnableSite
from coursetools.safety import csp, markup, nesting, raw_html, render_budget
from coursetools.safety import files as safe_files
from coursetools.safety.hook_guard import HookGuard
from coursetools.settings import Settings, SettingsError, from_config

log = get_plugin_logger("course")
advice = logging.getLogger("coursetools")  # warnings: shown, never counted by --strict
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False

# Lines that say nothing an instructor needs at the default level (shown with --verbose).
_CHATTER = ("Cleaning site directory", "Building documentation to directory", "Building documentation...")


# The preview rebuilds dirty on purpose (`mkdocs serve --dirty`, see the README); the course hook
# rebuilds the pages that depend on a changed one, so MkDocs' general caveat does not apply.
_DIRTY_CAVEAT = "A 'dirty' build is being performed"


class _QuietFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith(_DIRTY_CAVEAT):
            return False
        return record.levelno > logging.INFO or not message.startswith(_CHATTER)


def _quiet_logs() -> None:
    """One summary line per build instead of ~20 INFO lines, unless `mkdocs ... --verbose`."""
    # The generator's own logger: `mkdocs`, or `properdocs` under ProperDocs (which leaves the
    # `mkdocs` logger at NOTSET and logs its commands through `properdocs.*`).
    generator = File.__module__.split(".")[0]
    if logging.getLogger(generator).getEffectiveLevel() <= logging.DEBUG:
        return
    for name in ("plugins.mkdocs_jupyter", "mkdocs-jupyter"):
        for root in {"mkdocs", generator}:
            logging.getLogger(f"{root}.{name}").setLevel(logging.WARNING)
    for name in (f"{generator}.commands.build", f"{generator}.commands.serve"):
        logger = logging.getLogger(name)
        if not any(type(f).__name__ == "_QuietFilter" for f in logger.filters):
            logger.addFilter(_QuietFilter())


@dataclass
class CourseBuild:
    """What one build knows, from ``on_config`` to the last page."""

    command: str
    settings: Settings
    data: CourseData
    config: Any  # MkDocs' config: File.generated needs it
    limits: safe_files.Limits  # sizes and times beyond which input is refused (extra.course.limits)
    runnable: RunnableSite  # runnable notebooks: zips, Colab and Binder links, folded solutions
    course: Course | None = None
    context: site.SiteData | None = None
    order: list[str] = field(default_factory=list)
    nav_files: dict[str, Any] = field(default_factory=dict)  # src_uri -> File, for pages in the navigation
    notebook_alts: dict[str, dict[str, str]] = field(default_factory=dict)  # notebook page -> figure alts
    quiz_inline: Any = None  # Markdown for quiz text (coursetools.assessment.inline)
    rendered: ResultStore | None = None  # quiz HTML kept by content between builds
    deferred: dict[str, Any] = field(default_factory=dict)  # page -> quiz HTML set aside while converting
    notebook_counts: dict[str, int] = field(default_factory=dict)  # run / reused / failed
    findings: list[Finding] = field(default_factory=list)  # everything reported in this build
    problems_file: Any = None  # the preview's page of all problems (serve only)
    print_files: dict[str, Any] = field(default_factory=dict)  # print/module-NN.md -> generated File

    @property
    def previewing(self) -> bool:
        """True under ``mkdocs serve``: checks are kept between rebuilds and each page shows its problems."""
        return self.command == "serve"

    def report(self, finding: Finding) -> None:
        """Keep ``finding`` for the summary and the problems page, and log it: an error through
        ``mkdocs.plugins.course`` (so ``--strict`` fails the build), a warning through ``coursetools``."""
        self.findings.append(finding)
        # Errors print as ERROR through an `mkdocs.*` logger (so --strict counts them); warnings as
        # WARNING through `coursetools` (shown, never counted).
        (log.error if finding.severity == "error" else advice.warning)(str(finding))

    @property
    def docs_prefix(self) -> str:
        """The docs folder relative to the repository, with a slash (``docs/``): put before a page's
        ``src_uri``, it gives the path findings print."""
        return f"{self.data.shown('..')}/"


@dataclass
class PreviewSession:
    """What one `mkdocs serve` keeps between rebuilds (MkDocs loads this module once per session):
    check results of unchanged files, and what each page showed of itself to other pages."""

    command: str = "build"
    dirty: bool = False
    cache: CheckCache = field(default_factory=CheckCache)
    signatures: dict[str, preview.Signature] = field(default_factory=dict)
    rebuilt: set[str] = field(default_factory=set)  # page URLs rebuilt by the current dirty build
    changed_modules: set[str] | None = None  # modules with a changed page (None: the first build)
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # lesson -> (content HTML, built path)


session = PreviewSession()
build: CourseBuild | None = None
# Hardening: a failing hook logs one located finding; `serve` keeps serving, `build` fails cleanly.
guard = HookGuard(
    log, PluginError, lambda: session.command == "serve", lambda: build.docs_prefix if build is not None else "docs/"
)


@guard
def on_startup(command: str, dirty: bool) -> None:
    """``startup`` event: remember the command (``build``, ``serve``...) and ``--dirty`` for the session."""
    session.command, session.dirty = command, dirty


@guard
def on_config(config: Any) -> Any:
    """``config`` event: read the course settings (a bad one fails the build), refuse symlinked folders
    under docs/ that loop or leave the repository, and start this build's :class:`CourseBuild`. Also hands the
    glossary to the ``abbr`` extension, opens the store of rendered quizzes and adds the search-snippets plugin."""
    global build
    root = Path(config.config_file_path).resolve().parent
    try:
        settings = from_config(root, config, docs_dir=Path(config.docs_dir))
    except SettingsError as error:
        raise PluginError(str(error)) from None
    _quiet_logs()
    # Hardening: MkDocs walks docs/ following symlinks; a loop or a link out of the repository
    # must stop the build before that walk.
    folders = safe_files.scan_docs(settings.docs_dir, root, folders_only=True)
    if any(f.rule != safe_files.FOLDER_MD.id for f in folders.findings):
        for finding in folders.findings:
            log.error(str(finding))
        raise PluginError(f"{len(folders.findings)} symlinked folder(s) under docs/ refused")
    build = CourseBuild(
        session.command,
        settings,
        CourseData.load(settings.docs_dir, root),
        config,
        settings.limits,
        RunnableSite(root, config.extra.get("repository")),
    )
    for finding in build.runnable.findings:
        build.report(finding)
    # Every glossary term is a tooltip on every page: given once to the abbr extension, rather
    # than appended to each page's Markdown (which measured 55 % slower Markdown conversion).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = render.abbreviation_titles(build.data.glossary)
    # Quiz text is Markdown inside YAML: rendered with the same extensions (and glossary).
    build.quiz_inline = quiz_inline.InlineMarkdown(config.mdx_configs["abbr"]["glossary"])
    # Rendered quizzes are kept by content between builds: their context is what the HTML is made with.
    build.rendered = ResultStore(
        settings.rendered_cache,
        [
            sorted(config.mdx_configs["abbr"]["glossary"].items()),
            quiz_inline.EXTENSIONS,
            hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),  # this adapter decides what is kept too
        ],
    )
    # Readable search snippets: a hook file has one on_post_build, already used before the search
    # plugin; this one must run after the offline plugin (-100) copies the index.
    config.plugins["course/search-snippets"] = _SearchSnippets()
    return config


class _SearchSnippets(BasePlugin):
    """Rewrites search_index.json/.js without raw TeX or pilcrows (coursetools.pages.search_text)."""

    @event_priority(-150)
    def on_post_build(self, *, config: Any) -> None:
        """``post_build`` event, after the offline plugin has copied the index: rewrite the search index
        (``search_index.json`` and the offline ``.js``) without raw TeX or pilcrows."""
        search_text.clean_site(Path(config["site_dir"]))


def _build() -> CourseBuild:
    if build is None:
        raise PluginError("course hooks: on_config did not run")
    return build


@guard
def on_files(files: Any, config: Any) -> Any:
    """``files`` event: check the whole course and report every finding, remove the files the check
    refused, execute the notebooks, and add the generated pages (one printable page per module; under
    ``serve``, the problems page). Under ``serve --dirty``, also marks the pages that show a changed one."""
    state = _build()
    state.course = check_course(
        state.settings.docs_dir,
        state.settings.repo_root,
        settings=state.settings,
        data=state.data,
        cache=session.cache if state.previewing else None,
        results=state.settings.results_cache,
        config_file=Path(config.config_file_path),
    )
    if state.previewing and session.dirty:
        _rebuild_dependents(state.course, files)
    for finding in state.course.findings:
        state.report(finding)
    markup.publish_inert(state.course)  # hardening: once reported, markup is published as text
    state.context = site.SiteData.load(state.course, state.rendered)
    # Hardening: what the check refuses (symlinks out, binary, oversized, YAML bombs) is never read.
    refused = safe_files.refused_paths(state.course.findings)
    for file in [f for f in files if state.docs_prefix + f.src_uri in refused]:
        files.remove(file)
    for finding in registry.shipped_findings(state.data, [f.src_uri for f in files]):
        state.report(finding)
    course_notebooks.execute(state, files)
    # Reading (issue 15): one printable page per module, filled in on_nav once the order is known.
    for path in printable.pages(state.course, []):
        state.print_files[path] = File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(state.print_files[path])
    if state.previewing and session.dirty and session.changed_modules is not None:
        # A printable module page is assembled from its lessons' HTML: rebuilt (cheaply) when one
        # of its lessons changed, from the lessons this session has rendered.
        stale = {printable.path(m, state.course) for m in session.changed_modules if m in state.course.modules()}
        for path, file in state.print_files.items():
            file.is_modified = (lambda changed: lambda: changed)(path in stale)
    if state.previewing:
        state.problems_file = File.generated(
            config, preview.PROBLEMS_PAGE, content="", inclusion=InclusionLevel.NOT_IN_NAV
        )
        files.append(state.problems_file)
    return files


def _rebuild_dependents(course: Course, files: Any) -> None:
    """Under `mkdocs serve --dirty`, MkDocs rebuilds only the pages whose file changed; also rebuild
    the pages that show something of them (module overview, references, tags, course map)."""
    pages = files.documentation_pages()
    by_src = {f.src_uri: f for f in pages}
    changed = [f.src_uri for f in pages if f.is_modified()]
    first = not session.signatures
    extra: set[str] = set()
    for src_uri in changed:
        page = course.pages.get(src_uri)
        if page is None or first:
            continue
        extra |= preview.dependents(src_uri, session.signatures.get(src_uri), preview.signature(page), course.pages)
    for src_uri in extra:
        file = by_src.get(src_uri)
        if file is not None:
            file.is_modified = lambda: True  # MkDocs asks each file whether to rebuild its page
    session.signatures = {path: preview.signature(page) for path, page in course.pages.items()}
    session.changed_modules = (
        None if first else {module for src in changed if (module := getattr(course.pages.get(src), "module", None))}
    )
    session.rebuilt = {by_src[src].url for src in set(changed) | extra if src in by_src} if not first else set()


@event_priority(100)  # before Material's search plugin writes the index
def on_post_build(config: Any) -> None:
    """Keep what this build rendered for the next one. Under `mkdocs serve --dirty`, Material's
    search merges the new entries of one page into the previous index; hand it the entries of
    every rebuilt page, so none is stale or duplicated."""
    if build is not None and build.rendered is not None:
        build.rendered.save()
        if not session.dirty:  # a full build: drop the files no kept notebook page names
            notebook_page.prune_blobs(build.rendered, build.settings.blob_cache)
    search = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", None)
    current = getattr(search, "search_index", None)
    if not session.dirty or not session.rebuilt or previous is None or current is None:
        return
    rebuilt = session.rebuilt
    previous.entries = [e for e in previous.entries if e.get("location", "").split("#")[0] not in rebuilt]


@guard
def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """``nav`` event: record the navigation order, make titles from mkdocs.yml inert, number the lessons
    and fill the printable module pages, and move the problems page last so it sees every page's findings.
    Logs the build's one-line summary."""
    state = _build()
    state.order = [page.file.src_uri for page in nav.pages]
    markup.inert_titles(nav.items)  # hardening: section and page titles given in mkdocs.yml
    state.nav_files = {page.file.src_uri: page.file for page in nav.pages}
    if state.course is not None:  # lessons missing from `nav:` are found by check_course (checks.config)
        _wayfinding(state, nav)
    if state.problems_file is not None and state.problems_file.src_uri in files:
        # Converted last (its Markdown is made in on_page_markdown), after every other page has
        # rendered: render-budget and other findings of the pages' own hooks are on it too.
        files.remove(state.problems_file)
        files.append(state.problems_file)
    log.info(preview.summary(len(files.documentation_pages()), state.notebook_counts, state.findings))
    return nav


@guard
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """``page_markdown`` event: the Markdown the course adds to a page: diagrams, repository links,
    quizzes (rendered now, put in place after conversion) and the course's markers (lesson lists, glossary,
    references...). Makes the front matter inert and takes the instructors' guide out of search. A page
    nested too deep, or too slow or failing to render in the render budget, becomes a failure notice."""
    state = _build()
    page.meta = markup.inert(page.meta)  # hardening: the theme prints these as HTML
    if page.file is state.problems_file and state.course is not None:
        return preview.problems_page(state.findings, state.docs_prefix, set(state.course.pages))
    if search_text.excluded(page.file.src_uri):  # the instructors' guide is not in the students' search
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    if not page.file.src_uri.endswith(".md") or state.context is None:
        return markdown
    checked = state.course.pages.get(page.file.src_uri) if state.course is not None else None
    if checked is not None and nesting.too_deep(checked.masked):  # reported by the check
        return _NOT_RENDERED.format(why="Its markup is nested too deep to render")
    # Judged on what the author wrote: the HTML the course generates below (quizzes, listings)
    # has long lines by design and is not what can make Python-Markdown hang.
    unusual = render_budget.unusual(markdown)
    markdown = diagrams.replace(markdown, posixpath.dirname(page.file.src_uri), Path(config["docs_dir"]))
    markdown = state.runnable.markdown(markdown)  # [text][course-repository] links
    # ```quiz -> HTML, set aside until the page is converted (on_page_content puts it in place)
    deferred = quiz_render.Deferred(markdown)
    markdown = quiz_render.replace_quizzes(markdown, state.quiz_inline, page.file.src_uri, state.rendered, deferred)
    if deferred:
        state.deferred[page.file.src_uri] = deferred
    markdown = state.context.expand(markdown, page.file.src_uri, state.order)
    return _within_render_budget(state, markdown, page, config) if unusual else markdown


_NOT_RENDERED = '!!! failure "This page could not be rendered"\n    {why}; see the build log.\n'


def _within_render_budget(state: CourseBuild, markdown: str, page: Any, config: Any) -> str:
    """Hardening: an unusual page is first rendered in a child under a time limit, so that a page
    Python-Markdown would take minutes over (or fail on, e.g. RecursionError) fails the build with
    one located finding instead of hanging it or ending in a traceback."""
    seconds = state.limits.render_seconds
    outcome = render_budget.trial_render(markdown, config.markdown_extensions, config.mdx_configs, seconds)
    if outcome == "ok":
        return markdown
    slow = outcome == "too-slow"
    which = render_budget.TOO_SLOW if slow else render_budget.FAILED
    reason = "RecursionError: markup nested too deep" if outcome == "recursion" else "an error in the parser"
    state.report(
        Finding(
            f"{state.docs_prefix}{page.file.src_uri}",
            1,
            f"the page takes longer than {seconds} s to render (Markdown to HTML)"
            if slow
            else f"the page cannot be rendered (Markdown to HTML): {reason}",
            which.fix,
            which.id,
        )
    )
    return _NOT_RENDERED.format(why="It takes too long to render" if slow else "The Markdown parser fails on it")


def _wayfinding(state: CourseBuild, nav: Any) -> None:
    """Reading (issue 15): numbered lessons in the navigation, printable pages, previous/next."""
    assert state.course is not None
    titles = wayfinding.numbered_titles(state.course, state.order)
    for page in nav.pages:
        if page.file.src_uri in titles:  # Material's nav shows `typeset.title` in place of the title
            page.typeset = {"title": titles[page.file.src_uri]}
    for path, file in state.print_files.items():
        module = next(m for m in state.course.modules() if printable.path(m, state.course) == path)
        file.content_string = printable.module_page(state.course, module, state.order)
    wayfinding.confine_footer(nav.pages)


@event_priority(50)  # before the search plugin indexes the page
@guard
def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """``page_content`` event, before search indexes the page: mark where its quizzes go (their ids
    count as anchors), give a notebook page its back-links to lessons and its figures' alt text, make raw
    HTML and an H1 title inert, and add the run block (download, Colab, Binder) with solutions folded."""
    state = _build()
    deferred = state.deferred.get(page.file.src_uri)
    if deferred is not None:  # the quizzes' places, now that the Markdown is HTML (filled in on_post_page)
        html = deferred.mark_slots(html)
        if page.present_anchor_ids is not None:  # links to a question are checked like any anchor
            page.present_anchor_ids |= deferred.ids()
    alts = state.notebook_alts.get(page.file.src_uri)
    if alts is not None:
        if state.course is not None:  # the lessons that use this notebook, under its title
            html = wayfinding.insert_after_title(html, course_notebooks.backlinks(state, page, files))
        html = notebook_html.decorate(html, alts)
    if "title" not in page.meta and markup.problem(page.title or "") is not None:  # a title from the H1
        page.title = markup.inert(page.title)
    if page.file.src_uri.endswith(".md"):  # hardening: reported by the check (html-*), published inert
        html = raw_html.inert_content(html)
    else:  # a notebook: its Markdown cells cannot redirect either
        html = raw_html.inert_notebook_content(html)
    # Runnable notebooks: the download/Colab/Binder block; solutions folded into <details>.
    return state.runnable.page(html, page.file.src_uri, page.file.dest_uri)


@event_priority(-100)  # last: the policy goes in once the page is complete
@guard
def on_post_page(output: str, page: Any, config: Any) -> str:
    """``post_page`` event, last: put the quizzes in, lighten the page, finish a notebook page (CSS and
    figures as shared files) and add the Content-Security-Policy (not under ``serve``)."""
    return _with_policy(_post_page(output, page, config), get_relative_url(".", page.url), config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """``post_template`` event: the Content-Security-Policy on HTML the theme renders outside pages
    (404 and 500 with the site's path as base URL); other templates are returned unchanged."""
    if not template_name.endswith(".html"):
        return output_content
    # As MkDocs renders a theme template: the error pages with the site's path as base_url.
    error_page = template_name in ("404.html", "500.html")
    base_url = urlsplit(config.site_url or "/").path if error_page else get_relative_url(".", template_name)
    return _with_policy(output_content, base_url, config)


def _with_policy(html: str, base_url: str, config: Any) -> str:
    """Hardening: a Content-Security-Policy on every built page, allowing the inline scripts of
    the theme's templates (rendered for this page's base_url) and no other (coursetools.safety.csp).
    Not in `mkdocs serve`'s preview, whose live-reload script is inline and changes on every response."""
    if session.command == "serve":
        return html
    return csp.add_policy(html, csp.ThemeScripts.of(config.theme.dirs).allowed(base_url, config))


def _post_page(output: str, page: Any, config: Any) -> str:
    state = _build()
    deferred = state.deferred.get(page.file.src_uri)
    if deferred is not None:  # the quizzes, after search has indexed the page without them
        output = deferred.insert(output)
    output = compact(page_assets.lighter(output))  # the templates' indentation: half a page at scale
    if page.file.src_uri not in state.notebook_alts:
        return output
    # CSS pruned into shared files, figures and inline scripts as files; kept by content.
    site_dir, blobs = Path(config.site_dir), state.settings.blob_cache
    return notebook_page.finish(output, page.file.dest_uri, site_dir, state.rendered, blobs)


@guard
def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    """``page_context`` event: assemble a printable module page from its lessons' HTML, keep a
    preview's rendered lessons for later dirty rebuilds, and give the lesson template its ``lesson``
    context (prerequisite and dataset links as URLs, place in the module, notebooks) and, under ``serve``,
    the page's ``course_problems``."""
    state = _build()
    if page.file.src_uri in state.print_files:  # every page is rendered by now: assemble the module
        page.content = printable.fill(page.content or "", page.file.dest_uri, lambda path: _rendered(state, path))
    elif state.previewing and page.content is not None:  # a dirty rebuild re-renders changed lessons only
        session.rendered[page.file.src_uri] = (
            _with_quizzes(state, page.file.src_uri, page.content),
            page.file.dest_uri,
        )
    lesson = state.context.lesson_context(page.file.src_uri) if state.context else None
    if lesson:
        for prerequisite in lesson["prerequisites"]:
            target = _nav_file(state, prerequisite["path"])
            prerequisite["url"] = target.page.url if target and target.page else None
        for dataset in lesson["datasets"]:
            url = dataset.get("url", "")
            if "://" not in url:  # a page of the course, given relative to docs/
                target = _nav_file(state, url)
                dataset["url"] = target.page.url if target and target.page else url
        # Reading (issue 15): "Module 2 · Lesson 3 of 4" and the notebooks the lesson links to.
        course = state.course
        place = wayfinding.place(course, page.file.src_uri, state.order) if course else None
        lesson["place"] = place.text if place else ""
        lesson["notebooks"] = []
        for path in wayfinding.lesson_notebooks(course.pages[page.file.src_uri]) if course else []:
            target = _nav_file(state, path)
            if target is not None and target.page is not None:
                lesson["notebooks"].append({"url": target.page.url, "title": target.page.title or path})
    context["lesson"] = markup.inert(lesson)  # hardening: already plain text; datasets too
    if state.previewing:  # problems on the page: the preview only, never a build
        problems = preview.by_page(state.findings, state.docs_prefix).get(page.file.src_uri, [])
        context["course_problems"] = preview.as_dicts(problems)
    return context


def _rendered(state: CourseBuild, src_uri: str) -> tuple[str, str] | None:
    """A lesson's rendered content and built path: from this build, or (in a dirty preview, for an
    unchanged lesson) as the session last rendered it."""
    target = _nav_file(state, src_uri)
    if target is not None and target.page is not None and target.page.content is not None:
        return _with_quizzes(state, src_uri, target.page.content), target.dest_uri
    return session.rendered.get(src_uri)


def _with_quizzes(state: CourseBuild, src_uri: str, content: str) -> str:
    deferred = state.deferred.get(src_uri)
    return deferred.insert(content) if deferred is not None else content


def _nav_file(state: CourseBuild, src_uri: str) -> Any:
    return state.nav_files.get(src_uri)
