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
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal

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
FAILED = rule(
    "page-render-failed",
    "build",
    "a page must render (Markdown to HTML) without the Markdown parser failing",
    "simplify the markup near the line shown (deeply nested emphasis, lists, quotes or brackets); "
    "the message names what the parser reported",
)
_EXIT_RECURSION, _EXIT_ERROR = 3, 4
Outcome = Literal["ok", "too-slow", "recursion", "error"]


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
    """The child: convert, and say how it went by its exit code alone (no traceback printed)."""
    import markdown as markdown_lib

    try:
        markdown_lib.Markdown(extensions=list(extensions), extension_configs=dict(configs)).convert(markdown)
    except RecursionError:
        os._exit(_EXIT_RECURSION)
    except Exception:
        os._exit(_EXIT_ERROR)


def trial_render(
    markdown: str, extensions: Sequence[Any], configs: Mapping[str, Any], seconds: float = DEFAULT_RENDER_SECONDS
) -> Outcome:
    """Convert ``markdown`` in a forked child: "too-slow" if it is still busy after ``seconds``,
    "recursion" or "error" if the parser failed (the build must then not convert it itself)."""
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_convert, args=(markdown, extensions, configs), daemon=True)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        return "too-slow"
    if child.exitcode == _EXIT_RECURSION:
        return "recursion"
    if child.exitcode not in (0, None):
        return "error"
    return "ok"
