"""``mkdocs serve`` while an instructor edits: start-up, and the time from appending a sentence
to a lesson until the served page shows it and until the rebuild is logged as done. The preview
runs as the README's serve command does: ``mkdocs serve --dirty`` (only the changed page and the
pages that show something of it are rebuilt)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .builds import BUILT_IN, environment, log

SERVE_TIMEOUT = 300


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait(
    condition: Callable[[], bool], timeout: float, alive: Callable[[], bool], what: str, interval: float = 0.05
) -> float:
    started = time.perf_counter()
    while True:
        if condition():
            return time.perf_counter() - started
        if not alive():
            raise RuntimeError(f"mkdocs serve stopped while waiting for {what}")
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"no {what} within {timeout:.0f} s")
        time.sleep(interval)


def serve_rebuild(
    root: Path, lesson: str, page: str, *, cache: Path, cwd: Path, tmp: Path, runs: int, log_file: Path
) -> tuple[float, list[float], list[float]]:
    """Start ``mkdocs serve`` on ``root``, append a sentence to ``lesson`` (a docs/ path, built
    as ``page``) ``runs`` times and time until the served page shows it and until the rebuild is
    logged as done.
    The server is always stopped and the lesson restored."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    source = root / "docs" / lesson
    original = source.read_text(encoding="utf-8")
    page_url = base + page
    env = environment(cache, tmp, COURSE_SITE_URL=base)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "-f",
        str(root / "mkdocs.yml"),
        "-a",
        f"127.0.0.1:{port}",
    ]
    cwd.mkdir(parents=True, exist_ok=True)
    handle = log_file.open("w", encoding="utf-8")
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )

    def alive() -> bool:
        return process.poll() is None

    def builds_done() -> int:
        return len(BUILT_IN.findall(log_file.read_text(encoding="utf-8", errors="replace")))

    try:
        _wait(lambda: _get(page_url) is not None, SERVE_TIMEOUT, alive, "first page from mkdocs serve", interval=0.2)
        startup = time.perf_counter() - started
        log(f"serve: first page after {startup:.2f} s")
        visible, complete = [], []
        for run in range(1, runs + 1):
            time.sleep(1.0)  # let the watcher settle
            done_before = builds_done()
            sentence = f"Benchmark sentence {run} appended while mkdocs serve runs."
            edited = time.perf_counter()
            source.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")

            def shows(expected: str = sentence) -> bool:
                return expected in (_get(page_url) or "")

            def rebuilt(before: int = done_before) -> bool:
                return builds_done() > before

            visible.append(_wait(shows, SERVE_TIMEOUT, alive, "rebuilt page"))
            try:  # the log line that ends a rebuild can race the page check; do not wait forever
                _wait(rebuilt, 30, alive, "end of the rebuild")
                complete.append(time.perf_counter() - edited)
            except TimeoutError:
                complete.append(visible[-1])
            log(f"serve: edit {run}: page shows it after {visible[-1]:.2f} s, rebuild done after {complete[-1]:.2f} s")
        return startup, visible, complete
    finally:
        source.write_text(original, encoding="utf-8")
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # our own session: mkdocs serve and its children
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        handle.close()
