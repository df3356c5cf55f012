"""Input is hostile until shown otherwise: what the build and the checks refuse, and how.

- ``files``: the file policy for ``docs/`` (symlinks, loops, binary and non-UTF-8 pages, sizes)
  and the limits (``extra.course.limits``);
- ``render_budget``: a page Python-Markdown would take minutes over fails instead of hanging;
- ``sanitize``: notebook HTML outputs through an allow-list sanitizer (nh3);
- ``csp``: the Content-Security-Policy of every built page;
- ``script_links``: ``javascript:`` links in page content;
- ``processes``: nothing a notebook cell starts outlives its execution;
- ``hook_guard``: a failing hook is one located finding; ``serve`` keeps serving.
"""
