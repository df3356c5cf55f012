"""Benchmarks: what a build costs, how it grows with the course, and what a page weighs.

- ``corpus`` (with ``lesson_text`` and ``features``): scratch copies of the course with
  generated lessons shaped like the real ones;
- ``builds``, ``measure``, ``serve``, ``hook_timer``: the measurements;
- ``weight``: the page-weight implementation (the benchmark and the browser tests use it);
- ``targets``, ``report``: the figures beside their targets, as the performance page's Markdown;
- ``cli``: ``python -m coursebench`` (``course-bench``).

A development tool: installed by the test set-up (``pip install -e ./bench``), never by a build.
"""
