"""MkDocs hooks file for the benchmark: ``course_hooks`` with every event timed.

The benchmark writes a config variant with this file in place of ``course_hooks.py`` (``builds.timed_config``);
MkDocs loads it by path, so it imports nothing from its package. It loads the course's
``hooks/course_hooks.py`` (named by ``COURSE_BENCH_HOOKS``), re-exports each ``on_*`` event wrapped in a timer,
and after the build writes ``{event: {"calls": n, "seconds": s}}`` to the file named by
``COURSE_BENCH_HOOK_TIMES``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_HOOKS_FILE = Path(os.environ["COURSE_BENCH_HOOKS"]).resolve()
_spec = importlib.util.spec_from_file_location("course_hooks_timed", _HOOKS_FILE)
if _spec is None or _spec.loader is None:
    raise ImportError(f"cannot load {_HOOKS_FILE}")
_hooks = importlib.util.module_from_spec(_spec)
sys.modules["course_hooks_timed"] = _hooks
sys.path.insert(0, str(_HOOKS_FILE.parent))  # as MkDocs does while it loads a hook (course_notebooks.py)
try:
    _spec.loader.exec_module(_hooks)
finally:
    sys.path.remove(str(_HOOKS_FILE.parent))
_totals: dict[str, tuple[int, float]] = {}


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            calls, seconds = _totals.get(name, (0, 0.0))
            _totals[name] = (calls + 1, seconds + time.perf_counter() - started)

    if hasattr(function, "mkdocs_priority"):
        wrapped.mkdocs_priority = function.mkdocs_priority  # type: ignore[attr-defined]
    return wrapped


for _name in dir(_hooks):
    if _name.startswith("on_") and _name != "on_post_build" and callable(getattr(_hooks, _name)):
        globals()[_name] = _timed(_name, getattr(_hooks, _name))


def on_post_build(config: Any) -> None:
    """Run the course's own ``on_post_build`` (timed) if it has one, then write every event's calls
    and seconds as JSON to the file named by ``COURSE_BENCH_HOOK_TIMES``; nothing is written if it is unset."""
    if hasattr(_hooks, "on_post_build"):
        _timed("on_post_build", _hooks.on_post_build)(config)
    target = os.environ.get("COURSE_BENCH_HOOK_TIMES")
    if target:
        Path(target).write_text(
            json.dumps({name: {"calls": calls, "seconds": seconds} for name, (calls, seconds) in _totals.items()})
        )
