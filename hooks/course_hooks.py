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

from mkdocs.plugins import get_plugin_logger  # noqa: E402

from coursetools import render, site  # noqa: E402
from coursetools.course import check_course  # noqa: E402

log = get_plugin_logger("course")
_state: dict = {}


def on_config(config):
    _state["root"] = Path(config.config_file_path).resolve().parent
    return config


def on_files(files, config):
    course = check_course(Path(config.docs_dir), _state["root"])
    _state["course"] = course
    _state["context"] = site.SiteData.load(course)
    for finding in course.findings:
        log.warning(str(finding))
    for finding in site.shipped_data_findings(course, [f.src_uri for f in files]):
        log.warning(str(finding))
    return files


def on_nav(nav, config, files):
    order = [page.file.src_uri for page in nav.pages]
    _state["order"] = order
    for finding in site.navigation_findings(_state["course"], order):
        log.warning(str(finding))
    return nav


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    return _state["context"].expand(markdown, page.file.src_uri, _state["order"])


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
