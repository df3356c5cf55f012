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

from coursetools import (csp, diagrams, notebook_html, notebook_scripts,  # noqa: E402
                         notebooks, page_assets, phi, registry, render, render_budget, safe_files,
                         site)
from coursetools.course import check_course  # noqa: E402
from coursetools.findings import Finding  # noqa: E402
from coursetools.hook_guard import HookGuard  # noqa: E402

log = get_plugin_logger("course")
_state: dict = {"command": "build"}
# Hardening: a failing hook logs one located finding; `serve` keeps serving, `build` fails cleanly.
guard = HookGuard(log, PluginError, lambda: _state["command"] == "serve",
                  lambda: _state.get("docs_prefix", "docs/"))


@guard
def on_startup(command, dirty):
    _state["command"] = command


@guard
def on_config(config):
    _state["root"] = Path(config.config_file_path).resolve().parent
    _state["docs_prefix"] = safe_files.shown_prefix(Path(config.docs_dir), _state["root"])
    _state["limits"] = safe_files.Limits.from_extra(config.extra)  # hardening: size limits
    # Hardening: MkDocs walks docs/ following symlinks; a loop or a link out of the repository
    # must stop the build before that walk.
    folders = safe_files.scan_docs(Path(config.docs_dir), _state["root"], folders_only=True)
    if any(f.rule != safe_files.FOLDER_MD.id for f in folders.findings):
        for finding in folders.findings:
            log.error(str(finding))
        raise PluginError(f"{len(folders.findings)} symlinked folder(s) under docs/ refused")
    settings = config.extra.get("notebooks") or {}
    _state["timeout"] = int(os.environ.get("COURSE_NOTEBOOK_TIMEOUT") or settings.get("timeout", notebooks.DEFAULT_TIMEOUT))
    _state["cache"] = Path(os.environ.get("COURSE_CACHE_DIR") or _state["root"] / ".cache") / "notebooks"
    # Every glossary term is a tooltip on every page: given once to the abbr extension, rather
    # than appended to each page's Markdown (which measured 55 % slower Markdown conversion).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = render.abbreviation_titles(
        site.load_glossary(_state["root"]))
    return config


@guard
def on_files(files, config):
    course = check_course(Path(config.docs_dir), _state["root"])
    _state["course"] = course
    _state["context"] = site.SiteData.load(course)
    for finding in course.findings:
        log.warning(str(finding))
    # Hardening: what the check refuses (symlinks out, binary, oversized, YAML bombs) is never read.
    refused = safe_files.refused_paths(course.findings)
    for file in [f for f in files if _state["docs_prefix"] + f.src_uri in refused]:
        files.remove(file)
    for finding in registry.shipped_findings(_state["context"].registry, [f.src_uri for f in files]):
        log.warning(str(finding))
    _execute_notebooks(files)
    return files


def _execute_notebooks(files):
    """Point each notebook page at its executed copy; fail the build if one cannot run."""
    pages = [f for f in files if f.src_uri.endswith(".ipynb") and f.src_uri.startswith("notebooks/")]
    results = notebooks.run_all([Path(f.abs_src_path) for f in pages], _state["root"],
                                _state["cache"], timeout=_state["timeout"],
                                output_bytes=_state["limits"].output_bytes)
    _state["alts"] = {}
    failed = []
    for file, result in zip(pages, results):
        for finding in result.findings:
            log.error(str(finding))
        if result.findings:
            failed.append(file.src_uri)
            if any(f.rule == notebooks.INVALID.id for f in result.findings):
                files.remove(file)  # hardening: mkdocs-jupyter would raise on it
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


@guard
def on_nav(nav, config, files):
    order = [page.file.src_uri for page in nav.pages]
    _state["order"] = order
    for finding in site.navigation_findings(_state["course"], order):
        log.warning(str(finding))
    return nav


@guard
def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    markdown = diagrams.replace(markdown, posixpath.dirname(page.file.src_uri))
    markdown = _state["context"].expand(markdown, page.file.src_uri, _state["order"])
    return _within_render_budget(markdown, page, config)


def _within_render_budget(markdown, page, config):
    """Hardening: an unusual page is first rendered in a child under a time limit, so that a page
    Python-Markdown would take minutes over fails the build instead of hanging it."""
    if not render_budget.unusual(markdown):
        return markdown
    seconds = _state["limits"].render_seconds
    if render_budget.renders_in_time(markdown, config.markdown_extensions, config.mdx_configs, seconds):
        return markdown
    log.error(str(Finding(f"{_state['docs_prefix']}{page.file.src_uri}", 1,
                          f"the page takes longer than {seconds} s to render (Markdown to HTML)",
                          render_budget.TOO_SLOW.fix, render_budget.TOO_SLOW.id)))
    return "!!! failure \"This page could not be rendered\"\n    It takes too long to render; see the build log.\n"


@event_priority(50)  # before the search plugin indexes the page
@guard
def on_page_content(html, page, config, files):
    alts = _state.get("alts", {}).get(page.file.src_uri)
    if alts is not None:
        return notebook_html.decorate(html, alts)
    return html


@event_priority(-100)  # last: the Content-Security-Policy hashes the page's final inline scripts
@guard
def on_post_page(output, page, config):
    return _with_policy(_post_page(output, page, config))


def on_post_template(output_content, template_name, config):
    return _with_policy(output_content) if template_name.endswith(".html") else output_content


def _with_policy(html):
    """Hardening: a Content-Security-Policy on every built page. Not in `mkdocs serve`'s preview,
    whose live-reload script is inline and changes on every response."""
    return html if _state["command"] == "serve" else csp.add_policy(html)


def _post_page(output, page, config):
    output = page_assets.drop_unused_math(output)
    if page.file.src_uri not in _state.get("alts", {}):
        return output

    def write_asset(folder, name, text):
        target = Path(config.site_dir) / "assets" / folder / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return posixpath.relpath(f"assets/{folder}/{name}", posixpath.dirname(page.file.dest_uri))
    output = notebook_html.slim(output, lambda name, css: write_asset("stylesheets", name, css))
    # Hardening: the template's inline scripts become files, so the CSP can refuse inline ones.
    return notebook_scripts.externalize(output, lambda name, js: write_asset("javascripts", name, js))


@guard
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
