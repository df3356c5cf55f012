"""MkDocs hooks for the course: a thin adapter over the ``coursetools`` package.

Everything that decides anything lives in ``coursetools`` (plain Python, no MkDocs import);
this file only feeds it MkDocs' paths and pages and logs its findings through an ``mkdocs.*``
logger, so ``mkdocs build --strict`` fails on them and ``mkdocs serve`` shows them and keeps
serving.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import os  # noqa: E402
import posixpath  # noqa: E402

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority, get_plugin_logger  # noqa: E402

from coursetools import (diagrams, notebook_html, notebooks, page_assets, phi, registry,  # noqa: E402
                         render, site)
from coursetools.assessment import inline as quiz_inline, render as quiz_render  # noqa: E402
from coursetools.course import check_course  # noqa: E402

log = get_plugin_logger("course")
_state: dict = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    _state["root"] = Path(config.config_file_path).resolve().parent
    settings = config.extra.get("notebooks") or {}
    _state["timeout"] = int(os.environ.get("COURSE_NOTEBOOK_TIMEOUT") or settings.get("timeout", notebooks.DEFAULT_TIMEOUT))
    _state["cache"] = Path(os.environ.get("COURSE_CACHE_DIR") or _state["root"] / ".cache") / "notebooks"
    # Every glossary term is a tooltip on every page: given once to the abbr extension, rather
    # than appended to each page's Markdown (which measured 55 % slower Markdown conversion).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = render.abbreviation_titles(
        site.load_glossary(_state["root"]))
    # Quiz text is Markdown inside YAML: rendered with the same extensions (and glossary).
    _state["quiz_inline"] = quiz_inline.InlineMarkdown(config.mdx_configs["abbr"]["glossary"])
    return config


def on_files(files, config):
    course = check_course(Path(config.docs_dir), _state["root"])
    _state["course"] = course
    _state["context"] = site.SiteData.load(course)
    for finding in course.findings:
        log.warning(str(finding))
    for finding in registry.shipped_findings(_state["context"].registry, [f.src_uri for f in files]):
        log.warning(str(finding))
    _execute_notebooks(files)
    return files


def _execute_notebooks(files):
    """Point each notebook page at its executed copy; fail the build if one cannot run."""
    pages = [f for f in files if f.src_uri.endswith(".ipynb") and f.src_uri.startswith("notebooks/")]
    results = notebooks.run_all([Path(f.abs_src_path) for f in pages], _state["root"],
                                _state["cache"], timeout=_state["timeout"])
    _state["alts"] = {}
    failed = []
    for file, result in zip(pages, results):
        for finding in result.findings:
            log.error(str(finding))
        if result.findings:
            failed.append(file.src_uri)
            continue
        log.info(f"{file.src_uri}: {'cache hit' if result.cached else f'executed in {result.seconds:.1f} s'}")
        file.abs_src_path = str(result.executed)
        _state["alts"][file.src_uri] = notebooks.figure_alts(result.executed)
        shown = f"docs/{file.src_uri}"
        for finding in notebooks.figure_findings(result.executed, shown):
            log.warning(str(finding))
        # Outputs exist only once executed: scan them for PHI too (sources were scanned above).
        for finding in phi.scan_notebook(result.executed, shown, _state["root"]):
            if "output" in finding.where:
                log.warning(str(finding))
    if failed and _state["command"] != "serve":
        raise PluginError(f"{len(failed)} notebook(s) failed to execute: {', '.join(failed)}")


def on_nav(nav, config, files):
    order = [page.file.src_uri for page in nav.pages]
    _state["order"] = order
    for finding in site.navigation_findings(_state["course"], order):
        log.warning(str(finding))
    return nav


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    markdown = diagrams.replace(markdown, posixpath.dirname(page.file.src_uri))
    markdown = quiz_render.replace_quizzes(markdown, _state["quiz_inline"])  # ```quiz -> HTML
    return _state["context"].expand(markdown, page.file.src_uri, _state["order"])


@event_priority(50)  # before the search plugin indexes the page
def on_page_content(html, page, config, files):
    alts = _state.get("alts", {}).get(page.file.src_uri)
    if alts is not None:
        return notebook_html.decorate(html, alts)
    return html


def on_post_page(output, page, config):
    output = page_assets.drop_unused_math(output)
    if page.file.src_uri not in _state.get("alts", {}):
        return output

    def write_css(name, css):
        target = Path(config.site_dir) / "assets" / "stylesheets" / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return posixpath.relpath(f"assets/stylesheets/{name}", posixpath.dirname(page.file.dest_uri))
    return notebook_html.slim(output, write_css)


def on_page_context(context, page, config, nav):
    lesson = _state["context"].lesson_context(page.file.src_uri)
    if lesson:
        for prerequisite in lesson["prerequisites"]:
            target = nav_file(nav, prerequisite["path"])
            prerequisite["url"] = target.page.url if target and target.page else None
        for dataset in lesson["datasets"]:
            url = dataset.get("url", "")
            if "://" not in url:  # a page of the course, given relative to docs/
                target = nav_file(nav, url)
                dataset["url"] = target.page.url if target and target.page else url
    context["lesson"] = lesson
    return context


def nav_file(nav, src_uri):
    for page in nav.pages:
        if page.file.src_uri == src_uri:
            return page.file
    return None
