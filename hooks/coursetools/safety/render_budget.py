"""A time budget for turning one page's Markdown into HTML.

Python-Markdown is slow, sometimes super-linearly, on some inputs: a few kilobytes of ``[``,
``[a](`` or ``[^a]`` on one line, or many blank lines inside a footnote, take it minutes. A page
that looks unusual (:func:`unusual`: long, long lines, or dense in brackets and backticks) is first
converted in a forked child process under a time limit; if the child does not finish in time it is
killed, and the build reports the page (and, in a preview, shows a notice instead of hanging).
Ordinary pages are not converted twice.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from typing import Any

from ..findings import rule
from .files import DEFAULT_RENDER_SECONDS

UNUSUAL_BYTES = 100_000  # the course's longest page is about 25 KB
UNUSUAL_LINE = 1_000  # characters; its longest line is under 500
UNUSUAL_MARKS = 200  # `[`, `` ` ``, `<`, `*` or `_` on one line

TOO_SLOW = rule(
    "page-render-too-slow",
    "build",
    "a page must render (Markdown to HTML) within the time limit",
    "split long lines and remove long runs of brackets, backticks or blank lines; or raise "
    "`extra.course.limits.render_seconds` in mkdocs.yml",
)


def unusual(markdown: str) -> bool:
    """Whether a page is worth a trial conversion: large, with long lines, or dense in markup."""
    if len(markdown) > UNUSUAL_BYTES:
        return True
    for line in markdown.split("\n"):
        if len(line) > UNUSUAL_LINE:
            return True
        if len(line) > UNUSUAL_MARKS and sum(line.count(c) for c in "[`<*_") > UNUSUAL_MARKS:
            return True
    return False


def _convert(markdown: str, extensions: Sequence[Any], configs: Mapping[str, Any]) -> None:
    import markdown as markdown_lib

    markdown_lib.Markdown(extensions=list(extensions), extension_configs=dict(configs)).convert(markdown)


def renders_in_time(
    markdown: str, extensions: Sequence[Any], configs: Mapping[str, Any], seconds: float = DEFAULT_RENDER_SECONDS
) -> bool:
    """Convert ``markdown`` in a forked child; False if it is still busy after ``seconds``."""
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_convert, args=(markdown, extensions, configs), daemon=True)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        return False
    return True
