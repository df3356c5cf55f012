"""Benchmarks: what a build costs, how it grows with the course, and what a page weighs.

- ``corpus`` (with ``lesson_text`` and ``features``): scratch copies of the course with
  generated lessons shaped like the real ones;
- ``builds``, ``measure``, ``serve``, ``hook_timer``: the measurements;
- ``weight``: the page-weight implementation (the benchmark and the browser tests use it);
- ``targets``, ``report``: the figures beside their targets, as the performance page's Markdown;
- ``cli``: ``python -m coursetools.bench``.
"""

from __future__ import annotations

from typing import Any


def render_markdown(results: dict[str, Any], heading_level: int = 2) -> str:
    """The performance page's Markdown for ``benchmarks.json`` (see ``report.render_markdown``)."""
    from .report import render_markdown as render

    return render(results, heading_level)
