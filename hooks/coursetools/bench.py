"""Benchmarks: what a build costs, how it grows with the course, and what a page weighs.

    python -m coursetools.bench [--runs N] [--sizes 100,800] [--quick] [--json PATH] [--skip-serve]

Everything runs on scratch copies (``coursetools.corpus``) in a temporary folder, never on the
working tree: a snapshot of the real course, the same without notebooks, and the course plus
100 and 800 generated lessons. Builds are ``mkdocs build`` without ``--strict`` (the course is
written by several people at once, so a warning elsewhere must not stop a measurement); their
warnings are counted and reported. Each build runs in its own working folder, so mkdocs-jupyter's
cache (``.cache/mkdocs-jupyter``, relative to the working folder) and the course's notebook cache
(``COURSE_CACHE_DIR``) are private to the benchmark.

Measured, each as the median of ``--runs`` runs with min and max:

- the real course: a cold build (empty notebook caches), a warm build (every notebook a cache
  hit), a build without the ``hooks:`` entry (the hooks' share is warm minus no-hooks, paired
  run by run), a build without notebooks, and the standalone check (``python -m
  coursetools.check`` in a subprocess, and ``check_course`` in-process);
- the same warm, no-hooks and check figures on each generated size, in ms per page, plus the
  marginal cost of one more page between the smallest and largest size;
- page weight: the built site, a typical lesson page (the median-size lesson, raw and gzip), the
  search index, and the gzip bytes of a first load of that lesson (the page plus every CSS, JS,
  icon and image it links);
- unless ``--skip-serve``: ``mkdocs serve`` on the snapshot, the time from appending a sentence to
  a lesson until the served page shows it, and until the rebuild finishes.

Wall-clock figures come with the CPU time of the build process (user + system), which is far
less sensitive to other work on a shared machine. Targets are reported next to the figures, never
asserted. ``--quick`` (one run, 100 lessons, no serve) is the test suite's smoke test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import posixpath
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import corpus
from .course import check_course

DEFAULT_RUNS = 3
DEFAULT_SIZES = (100, 800)
GZIP_LEVEL = 6  # what web servers commonly use
BUILD_TIMEOUT = 1800  # seconds; a cold build executes every notebook
SERVE_TIMEOUT = 300
KB = 1000
_BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
MATH_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")

# Targets: (text, figure key or a function of the results that finds it, comparison, limit).
TARGETS = [
    ("Full build at the largest size: at most 35 ms per page", "largest.build_warm_per_page", "<=", 35.0),
    ("Lesson page HTML at the largest size: under 100 kB raw", "weight.largest.lesson_html", "<", 100 * KB),
    ("Hooks add under 5 % to a build", "real.hooks_share", "<", 5.0),
    ("Standalone check of the course: under 1 s", "real.check_cli", "<", 1.0),
    ("Warm build within 1.2 x the build without notebooks", "real.warm_over_no_notebooks", "<=", 1.2),
    ("Typical lesson first load: under 150 kB gzip", "weight.real.first_load_gzip", "<", 150 * KB),
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Figures ---------------------------------------------------------------------------------------

def figure(label: str, unit: str, runs: list[float], cpu: list[float] | None = None) -> dict[str, Any]:
    """One figure: the median of its runs with min and max (and the same for CPU seconds)."""
    out: dict[str, Any] = {"label": label, "unit": unit, "median": statistics.median(runs),
                           "min": min(runs), "max": max(runs), "runs": list(runs)}
    if cpu:
        out["cpu"] = {"median": statistics.median(cpu), "min": min(cpu), "max": max(cpu), "runs": list(cpu)}
    return out


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "pymdown-extensions", "Markdown"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "mkdocs": versions["mkdocs"],
            "material": versions["mkdocs-material"], "mkdocs_jupyter": versions["mkdocs-jupyter"],
            "pymdown_extensions": versions["pymdown-extensions"], "markdown": versions["Markdown"],
            "load_average_at_start": load}


# --- Builds ----------------------------------------------------------------------------------------

@dataclass
class Build:
    seconds: float
    cpu: float
    reported: float | None
    warnings: int
    pages: int


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(cache: Path, tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", COURSE_CACHE_DIR=str(cache), TMPDIR=str(tmp),
               PYTHONUNBUFFERED="1", **extra)
    return env


def count_pages(site: Path) -> int:
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def build(config: Path, site: Path, *, cache: Path, cwd: Path, tmp: Path,
          env: dict[str, str] | None = None) -> Build:
    """One non-strict ``mkdocs build`` in a subprocess, timed from launch to exit."""
    cwd.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=_env(cache, tmp, **(env or {})), capture_output=True,
                            text=True, timeout=BUILD_TIMEOUT)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise RuntimeError(f"mkdocs build -f {config} failed (exit {result.returncode}):\n{tail}")
    reported = _BUILT_IN.findall(output)
    warnings = sum(1 for line in output.splitlines() if line.startswith(("WARNING", "ERROR")))
    return Build(seconds, cpu, float(reported[-1]) if reported else None, warnings, count_pages(site))


class Series:
    """The builds of one configuration."""

    def __init__(self, name: str):
        self.name = name
        self.builds: list[Build] = []

    def add(self, result: Build) -> Build:
        self.builds.append(result)
        log(f"{self.name}: {result.seconds:.2f} s (CPU {result.cpu:.2f} s, {result.pages} pages, "
            f"{result.warnings} warnings)")
        return result

    @property
    def seconds(self) -> list[float]:
        return [b.seconds for b in self.builds]

    @property
    def pages(self) -> int:
        return self.builds[-1].pages

    def figure(self, label: str) -> dict[str, Any]:
        out = figure(label, "s", self.seconds, [b.cpu for b in self.builds])
        reported = [b.reported for b in self.builds if b.reported is not None]
        if reported:
            out["reported_by_mkdocs"] = {"median": statistics.median(reported),
                                         "min": min(reported), "max": max(reported)}
        out["warnings"] = self.builds[-1].warnings
        return out

    def per_page(self, label: str) -> dict[str, Any]:
        return figure(label, "ms/page", [s * 1000 / self.pages for s in self.seconds],
                      [b.cpu * 1000 / self.pages for b in self.builds])


def share(label: str, full: Series, without: Series) -> dict[str, Any]:
    """How much of ``full`` the difference to ``without`` is, in percent, paired run by run."""
    return figure(label, "%", [(f - w) / f * 100 for f, w in zip(full.seconds, without.seconds)],
                  [(f.cpu - w.cpu) / f.cpu * 100 for f, w in zip(full.builds, without.builds)])


def ratio(label: str, a: Series, b: Series) -> dict[str, Any]:
    return figure(label, "x", [x / y for x, y in zip(a.seconds, b.seconds)],
                  [x.cpu / y.cpu for x, y in zip(a.builds, b.builds)])


# --- Time spent inside the hooks ------------------------------------------------------------------

HOOK_TIMER = "bench_hook_timer.py"
_HOOK_TIMER_SOURCE = '''"""Written by coursetools.bench into a scratch copy: course_hooks with every event timed."""
import importlib.util, json, os, sys, time
from pathlib import Path

_here = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("course_hooks_timed", _here / "course_hooks.py")
_hooks = importlib.util.module_from_spec(_spec)
sys.modules["course_hooks_timed"] = _hooks
_spec.loader.exec_module(_hooks)
_totals = {}


def _wrap(name, function):
    def wrapped(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            calls, seconds = _totals.get(name, (0, 0.0))
            _totals[name] = (calls + 1, seconds + time.perf_counter() - started)
    if hasattr(function, "mkdocs_priority"):
        wrapped.mkdocs_priority = function.mkdocs_priority
    return wrapped


for _name in dir(_hooks):
    if _name.startswith("on_") and callable(getattr(_hooks, _name)) and _name != "on_post_build":
        globals()[_name] = _wrap(_name, getattr(_hooks, _name))


def on_post_build(config):
    if hasattr(_hooks, "on_post_build"):
        _wrap("on_post_build", _hooks.on_post_build)(config)
    target = os.environ.get("COURSE_BENCH_HOOK_TIMES")
    if target:
        Path(target).write_text(json.dumps({k: {"calls": c, "seconds": s} for k, (c, s) in _totals.items()}))
'''


def write_timed_hooks(root: Path) -> Path:
    """A config variant of ``root`` whose only hook is ``course_hooks`` wrapped in timers."""
    (root / "hooks" / HOOK_TIMER).write_text(_HOOK_TIMER_SOURCE, encoding="utf-8")
    text = corpus.drop_block((root / "mkdocs.yml").read_text(encoding="utf-8"), "hooks")
    target = root / "mkdocs.timed-hooks.yml"
    target.write_text(text.rstrip("\n") + f"\n\nhooks:\n  - hooks/{HOOK_TIMER}\n", encoding="utf-8")
    return target


def hook_times(root: Path, site: Path, *, cache: Path, cwd: Path, tmp: Path) -> tuple[Build, dict[str, Any]]:
    """One build with timed hooks: (the build, seconds and calls per hook event)."""
    config = write_timed_hooks(root)
    out = tmp / f"hook-times-{root.name}.json"
    out.unlink(missing_ok=True)
    result = build(config, site, cache=cache, cwd=cwd, tmp=tmp,
                   env={"COURSE_BENCH_HOOK_TIMES": str(out)})
    shutil.rmtree(site, ignore_errors=True)
    return result, json.loads(out.read_text(encoding="utf-8"))


def hook_figures(prefix: str, label: str, timed: Build, events: dict[str, Any]) -> dict[str, Any]:
    inside = sum(event["seconds"] for event in events.values())
    return {
        f"{prefix}.hooks_inside": figure(f"{label}time inside the hook functions (one timed build)",
                                         "s", [inside]),
        f"{prefix}.hooks_inside_share": figure(f"{label}time inside the hooks, share of that build",
                                               "%", [inside / timed.seconds * 100]),
    }


# --- The standalone check --------------------------------------------------------------------------

def check_times(root: Path, runs: int) -> tuple[list[float], list[float], int]:
    """(subprocess seconds, in-process seconds, findings) of the standalone check on ``root``."""
    env = dict(os.environ, PYTHONPATH=str(root / "hooks"))
    command = [sys.executable, "-m", "coursetools.check", "--root", str(root), "--quiet"]
    cli, inproc, findings = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
        cli.append(time.perf_counter() - started)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"coursetools.check failed on {root}:\n{result.stderr[-2000:]}")
        findings = len([line for line in result.stdout.splitlines() if line.strip()])
    for _ in range(runs):
        started = time.perf_counter()
        check_course(root / "docs", root)
        inproc.append(time.perf_counter() - started)
    return cli, inproc, findings


# --- Page weight -----------------------------------------------------------------------------------

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _References(HTMLParser):
    """The URLs a page makes the browser fetch on load: stylesheets, icons, preloads, scripts,
    images that are not lazy."""

    LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest",
                 "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("href"):
            rels = set(a.get("rel", "").lower().split())
            if rels & self.LINK_RELS:
                self.urls.append(("css" if "stylesheet" in rels else "link", a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(("js", a["src"]))
        elif tag == "img" and a.get("src") and a.get("loading", "").lower() != "lazy":
            self.urls.append(("img", a["src"]))


def _resolve(site: Path, page: str, url: str) -> Path | None:
    """The site file a URL on ``page`` (a path relative to the site) points at; None if external."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    target = site / posixpath.normpath(joined)
    if target.is_dir():
        target = target / "index.html"
    return target


def first_load(site: Path, page: str) -> dict[str, Any]:
    """Bytes a browser fetches for a first visit to ``page``: the HTML plus what it links."""
    html = (site / page).read_bytes()
    parser = _References()
    parser.feed(html.decode("utf-8", errors="replace"))
    seen: dict[Path, str] = {}
    external, missing = [], []
    for kind, url in parser.urls:
        if url.startswith("data:"):
            continue
        target = _resolve(site, page, url)
        if target is None:
            external.append(url)
        elif not target.is_file():
            missing.append(url)
        else:
            seen.setdefault(target, kind)
    assets = []
    raw, zipped = len(html), gz(html)
    for target, kind in seen.items():
        data = target.read_bytes()
        assets.append({"path": target.relative_to(site).as_posix(), "kind": kind,
                       "bytes": len(data), "gzip": gz(data)})
        raw += len(data)
        zipped += assets[-1]["gzip"]
    fonts = 0
    if b"arithmatex" in html:  # the page has math: KaTeX fetches at least its two main fonts
        for target in seen:
            if target.suffix == ".css":
                for _, url in _CSS_URL.findall(target.read_text(encoding="utf-8", errors="replace")):
                    if posixpath.basename(url) in MATH_FONTS:
                        font = (target.parent / url.split("?")[0]).resolve()
                        if font.is_file():
                            fonts += gz(font.read_bytes())
    return {"raw": raw, "gzip": zipped, "math_fonts_gzip": fonts, "html": len(html),
            "html_gzip": gz(html), "assets": assets, "external": external, "missing": missing}


def lesson_html(site: Path, src: str) -> str | None:
    stem = src[: -len(".md")]
    for candidate in (f"{stem}.html", f"{stem}/index.html"):
        if (site / candidate).is_file():
            return candidate
    return None


def page_weight(site: Path, lessons: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Figures for the built ``site`` with the median-size page among ``lessons`` as typical."""
    pages = [p for p in (lesson_html(site, src) for src in lessons) if p]
    if not pages:
        raise RuntimeError(f"none of the lessons was found in {site}")
    pages.sort(key=lambda p: ((site / p).stat().st_size, p))
    typical = pages[len(pages) // 2]
    html = (site / typical).read_bytes()
    index = site / "search" / "search_index.json"
    index_bytes = index.read_bytes() if index.is_file() else b""
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    load = first_load(site, typical)

    def one(label: str, value: float) -> dict[str, Any]:
        return figure(label, "bytes", [value])

    figures = {
        "site": one("Built site, all files", site_bytes),
        "lesson_html": one("Typical lesson page, HTML", len(html)),
        "lesson_html_gzip": one("Typical lesson page, HTML gzip", gz(html)),
        "lesson_html_largest": one("Largest lesson page, HTML", (site / pages[-1]).stat().st_size),
        "search_index": one("Search index (search_index.json)", len(index_bytes)),
        "search_index_gzip": one("Search index, gzip", gz(index_bytes)),
        "first_load_gzip": one("First load of the typical lesson, gzip", load["gzip"]),
        "first_load_raw": one("First load of the typical lesson, uncompressed", load["raw"]),
        "first_load_math_gzip": one("First load with the two main KaTeX fonts, gzip",
                                    load["gzip"] + load["math_fonts_gzip"]),
    }
    info = {"typical_lesson": typical, "largest_lesson": pages[-1], "lessons_measured": len(pages),
            "files": sum(1 for p in site.rglob("*") if p.is_file()), "first_load": load}
    return figures, info


# --- mkdocs serve ----------------------------------------------------------------------------------

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


def _wait(condition: Callable[[], bool], timeout: float, alive: Callable[[], bool],
          what: str, interval: float = 0.05) -> float:
    started = time.perf_counter()
    while True:
        if condition():
            return time.perf_counter() - started
        if not alive():
            raise RuntimeError(f"mkdocs serve stopped while waiting for {what}")
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"no {what} within {timeout:.0f} s")
        time.sleep(interval)


def serve_rebuild(root: Path, lesson: str, page: str, *, cache: Path, cwd: Path, tmp: Path, runs: int,
                  log_file: Path) -> tuple[float, list[float], list[float]]:
    """Start ``mkdocs serve`` on ``root``, append a sentence to ``lesson`` (a docs/ path, built
    as ``page``) ``runs`` times and time until the served page shows it and until the rebuild is logged as done.
    The server is always stopped and the lesson restored."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    source = root / "docs" / lesson
    original = source.read_text(encoding="utf-8")
    page_url = base + page
    env = _env(cache, tmp, COURSE_SITE_URL=base)
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
               "-a", f"127.0.0.1:{port}"]
    cwd.mkdir(parents=True, exist_ok=True)
    handle = log_file.open("w", encoding="utf-8")
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                               start_new_session=True)
    alive = lambda: process.poll() is None  # noqa: E731

    def builds_done() -> int:
        return len(_BUILT_IN.findall(log_file.read_text(encoding="utf-8", errors="replace")))

    try:
        _wait(lambda: _get(page_url) is not None, SERVE_TIMEOUT, alive, "first page from mkdocs serve",
              interval=0.2)
        startup = time.perf_counter() - started
        log(f"serve: first page after {startup:.2f} s")
        visible, complete = [], []
        for run in range(1, runs + 1):
            time.sleep(1.0)  # let the watcher settle
            done_before = builds_done()
            sentence = f"Benchmark sentence {run} appended while mkdocs serve runs."
            edited = time.perf_counter()
            source.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
            visible.append(_wait(lambda: sentence in (_get(page_url) or ""), SERVE_TIMEOUT, alive,
                                 "rebuilt page"))
            try:  # the log line that ends a rebuild can race the page check; do not wait forever
                _wait(lambda: builds_done() > done_before, 30, alive, "end of the rebuild")
                complete.append(time.perf_counter() - edited)
            except TimeoutError:
                complete.append(visible[-1])
            log(f"serve: edit {run}: page shows it after {visible[-1]:.2f} s, "
                f"rebuild done after {complete[-1]:.2f} s")
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


# --- The benchmark ---------------------------------------------------------------------------------

def run(root: Path, scratch: Path, runs: int, sizes: list[int], serve: bool,
        quick: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"runs": runs, "sizes": sizes, "quick": quick, "serve": serve,
                     "strict": False, "gzip_level": GZIP_LEVEL, "check_runs": max(3, runs),
                     "words_per_generated_lesson": corpus.WORDS, "seed": corpus.SEED},
        "courses": {}, "figures": {}, "targets": [], "notes": [], "details": {},
    }
    figures = results["figures"]
    tmp = scratch / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    check_runs = max(3, runs)

    # The real course: a snapshot copy, and the same without notebooks.
    log("copying the course")
    real = corpus.generate(scratch / "real", 0, source=root)
    no_hooks = corpus.write_variant(real.root, hooks=False)
    real_nonb = corpus.generate(scratch / "real-no-notebooks", 0, source=real.root, notebooks=False)
    lessons = sorted(p.path for p in check_course(real.docs, real.root).lessons())

    cold = Series("real, cold build")
    for index in range(runs):
        state = scratch / f"cold-{index}"
        shutil.rmtree(state, ignore_errors=True)
        cold.add(build(real.config, scratch / "site-real-cold", cache=state / "cache",
                       cwd=state / "cwd", tmp=tmp))
    warm_cache, warm_cwd = scratch / f"cold-{runs - 1}" / "cache", scratch / f"cold-{runs - 1}" / "cwd"
    nohooks_cwd, nonb_cwd = scratch / "cwd-no-hooks", scratch / "cwd-no-notebooks"
    if quick:
        results["notes"].append("Quick run: the build without hooks also converts the notebooks "
                                "(its mkdocs-jupyter cache was not primed).")
    else:
        log("priming mkdocs-jupyter's cache for the build without hooks")
        build(no_hooks, scratch / "site-real-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp)

    warm, bare, nonb = Series("real, warm build"), Series("real, no hooks"), Series("real, no notebooks")
    for _ in range(runs):  # interleaved, so drifting load on the machine hits all three alike
        warm.add(build(real.config, scratch / "site-real", cache=warm_cache, cwd=warm_cwd, tmp=tmp))
        bare.add(build(no_hooks, scratch / "site-real-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp))
        nonb.add(build(real_nonb.config, scratch / "site-real-no-notebooks", cache=warm_cache,
                       cwd=nonb_cwd, tmp=tmp))
    timed, events = hook_times(real.root, scratch / "site-real-timed", cache=warm_cache,
                               cwd=warm_cwd, tmp=tmp)
    cli, inproc, findings = check_times(real.root, check_runs)
    results["courses"]["real"] = {"label": "Real course", "lessons": len(lessons), "pages": warm.pages,
                                  "pages_without_notebooks": nonb.pages, "check_findings": findings,
                                  "warnings": warm.builds[-1].warnings}
    figures.update({
        "real.build_cold": cold.figure("Cold build (empty notebook caches)"),
        "real.build_warm": warm.figure("Warm build (notebook cache hits)"),
        "real.build_no_hooks": bare.figure("Build without the hooks"),
        "real.build_no_notebooks": nonb.figure("Build without notebooks"),
        "real.build_warm_per_page": warm.per_page("Warm build per page"),
        "real.build_no_hooks_per_page": bare.per_page("No-hooks build per page"),
        "real.hooks_share": share("Hooks' share of the warm build", warm, bare),
        "real.warm_over_no_notebooks": ratio("Warm build / build without notebooks", warm, nonb),
        "real.notebooks_share": share("Notebooks' share of the warm build", warm, nonb),
        "real.check_cli": figure("Standalone check, `python -m coursetools.check`", "s", cli),
        "real.check_in_process": figure("Standalone check, `check_course` in-process", "s", inproc),
        **hook_figures("real", "Real course: ", timed, events),
    })
    weights, info = page_weight(scratch / "site-real", lessons)
    figures.update({f"weight.real.{k}": v for k, v in weights.items()})
    results["details"]["real"] = dict(info, hook_events=events)
    if findings:
        results["notes"].append(f"The standalone check reports {findings} finding(s) on the real course.")
    if warm.builds[-1].warnings:
        results["notes"].append(f"The real course builds with {warm.builds[-1].warnings} warning(s) "
                                "(would fail `--strict`).")
    shutil.rmtree(scratch / "site-real-cold", ignore_errors=True)
    for index in range(runs - 1):
        shutil.rmtree(scratch / f"cold-{index}", ignore_errors=True)

    # Generated courses: the real course plus N lessons, warm caches.
    series: dict[int, Series] = {}
    for size in sizes:
        key = f"corpus_{size}"
        log(f"generating the course with {size} more lessons")
        generated = corpus.generate(scratch / key, size, source=real.root)  # the same snapshot
        variant = corpus.write_variant(generated.root, hooks=False)
        site = scratch / f"site-{key}"
        full, without = Series(f"+{size} lessons, warm build"), Series(f"+{size} lessons, no hooks")
        for _ in range(runs):
            full.add(build(generated.config, site, cache=warm_cache, cwd=warm_cwd, tmp=tmp))
            without.add(build(variant, scratch / f"site-{key}-no-hooks", cache=warm_cache,
                              cwd=nohooks_cwd, tmp=tmp))
        shutil.rmtree(scratch / f"site-{key}-no-hooks", ignore_errors=True)
        timed, events = hook_times(generated.root, scratch / f"site-{key}-timed", cache=warm_cache,
                                   cwd=warm_cwd, tmp=tmp)
        cli, inproc, findings = check_times(generated.root, check_runs)
        series[size] = full
        results["courses"][key] = {"label": f"Course + {size} generated lessons",
                                   "lessons": len(lessons) + size, "generated": size,
                                   "pages": full.pages, "check_findings": findings,
                                   "warnings": full.builds[-1].warnings}
        figures.update({
            f"{key}.build_warm": full.figure(f"+{size} lessons: warm build"),
            f"{key}.build_warm_per_page": full.per_page(f"+{size} lessons: warm build per page"),
            f"{key}.build_no_hooks": without.figure(f"+{size} lessons: build without the hooks"),
            f"{key}.build_no_hooks_per_page": without.per_page(f"+{size} lessons: no-hooks build per page"),
            f"{key}.hooks_share": share(f"+{size} lessons: hooks' share", full, without),
            f"{key}.check_cli": figure(f"+{size} lessons: standalone check (subprocess)", "s", cli),
            f"{key}.check_in_process": figure(f"+{size} lessons: standalone check (in-process)", "s", inproc),
            f"{key}.check_in_process_per_page": figure(
                f"+{size} lessons: in-process check per page", "ms/page",
                [s * 1000 / full.pages for s in inproc]),
            **hook_figures(key, f"+{size} lessons: ", timed, events),
        })
        weights, info = page_weight(site, generated.lessons)
        figures.update({f"weight.{key}.{k}": v for k, v in weights.items()})
        results["details"][key] = dict(info, hook_events=events)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(generated.root, ignore_errors=True)
    if len(sizes) >= 2:
        small, large = series[min(sizes)], series[max(sizes)]
        pages = large.pages - small.pages
        figures["growth.marginal_per_page"] = figure(
            f"Marginal cost of a page between +{min(sizes)} and +{max(sizes)} lessons", "ms/page",
            [(b - a) * 1000 / pages for a, b in zip(small.seconds, large.seconds)],
            [(b.cpu - a.cpu) * 1000 / pages for a, b in zip(small.builds, large.builds)])

    if serve:
        log("mkdocs serve: live rebuild")
        typical = results["details"]["real"]["typical_lesson"]
        lesson = typical[: -len(".html")] + ".md"
        startup, visible, complete = serve_rebuild(
            real.root, lesson, typical, cache=warm_cache, cwd=warm_cwd, tmp=tmp, runs=runs,
            log_file=scratch / "serve.log")
        figures["serve.startup"] = figure("`mkdocs serve`: start until the first page is served", "s", [startup])
        figures["serve.rebuild_visible"] = figure("Edit until the served page shows it", "s", visible)
        figures["serve.rebuild_complete"] = figure("Edit until the rebuild is done", "s", complete)
        results["details"]["serve"] = {"edited": lesson}

    results["targets"] = evaluate_targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def _largest(results: dict[str, Any]) -> str | None:
    sizes = results.get("settings", {}).get("sizes") or []
    measured = [s for s in sizes if f"corpus_{s}.build_warm" in results.get("figures", {})]
    return f"corpus_{max(measured)}" if measured else None


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    figures = results.get("figures", {})
    largest = _largest(results)
    out = []
    for text, key, op, limit in TARGETS:
        if "largest" in key:
            if largest is None:
                continue
            key = key.replace("largest", largest)
            text = text.replace("the largest size", f"{results['courses'][largest]['lessons']} lessons")
        if key not in figures:
            continue
        value = figures[key]["median"]
        met = value <= limit if op == "<=" else value < limit
        entry = {"target": text, "figure": key, "op": op, "limit": limit,
                 "unit": figures[key]["unit"], "value": value, "met": met}
        if "cpu" in figures[key] and figures[key]["unit"] != "s":
            entry["cpu_value"] = figures[key]["cpu"]["median"]  # the same figure from CPU time
        out.append(entry)
    return out


# --- Markdown for the performance page --------------------------------------------------------------

def _fmt(value: float, unit: str) -> str:
    if unit == "bytes":
        if value >= KB * KB:
            return f"{value / KB / KB:.2f} MB"
        return f"{value / KB:.1f} kB"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms/page":
        return f"{value:.1f} ms"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "x":
        return f"{value:.2f} x"
    return f"{value:g} {unit}"


def _spread(fig: dict[str, Any] | None) -> str:
    if not fig:
        return "n/a"
    if fig["min"] == fig["max"]:
        return _fmt(fig["median"], fig["unit"])
    return (f"{_fmt(fig['median'], fig['unit'])} "
            f"<small>({_fmt(fig['min'], fig['unit'])} to {_fmt(fig['max'], fig['unit'])})</small>")


def _cpu(fig: dict[str, Any]) -> str:
    return _fmt(fig["cpu"]["median"], fig["unit"]) if "cpu" in fig else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(results: dict[str, Any], heading_level: int = 2) -> str:
    """The benchmark results as Markdown: the date and machine, then one table per topic."""
    h = "#" * heading_level
    figures = results.get("figures", {})
    m = results.get("machine", {})
    settings = results.get("settings", {})
    courses = results.get("courses", {})
    out = []
    load = m.get("load_average_at_start") or []
    out.append(
        f"Measured on **{results.get('date', '?')}** on {m.get('cpu', '?')} "
        f"({m.get('cores', '?')} cores{f', load average {load[0]:g} at the start' if load else ''}), "
        f"Python {m.get('python', '?')}, MkDocs {m.get('mkdocs', '?')}, Material {m.get('material', '?')}, "
        f"mkdocs-jupyter {m.get('mkdocs_jupyter', '?')}. Each figure is the median of "
        f"{settings.get('runs', '?')} run{'s' if settings.get('runs') != 1 else ''}, with the minimum and "
        "maximum in brackets; builds are non-strict `mkdocs build` runs of a snapshot copy of the "
        "course, timed from launch to exit, with CPU time (user + system) alongside. Sizes are in "
        f"kB of 1000 bytes, compressed with gzip level {settings.get('gzip_level', GZIP_LEVEL)}."
    )
    out.append("")

    targets = results.get("targets") or []
    if targets:
        out += [f"{h} Targets", "", "| Target | Measured (median) | Limit | Met |", "|---|---|---|---|"]
        for t in targets:
            measured = _fmt(t["value"], t["unit"])
            if "cpu_value" in t:
                measured += f" <small>(CPU {_fmt(t['cpu_value'], t['unit'])})</small>"
            out.append(f"| {_cell(t['target'])} | {measured} | "
                       f"{t['op']} {_fmt(t['limit'], t['unit'])} | {'yes' if t['met'] else '**no**'} |")
        out.append("")

    real = courses.get("real", {})
    rows = [("Cold build (empty notebook caches)", "real.build_cold"),
            ("Warm build (every notebook a cache hit)", "real.build_warm"),
            ("Build without the hooks", "real.build_no_hooks"),
            ("Build without notebooks", "real.build_no_notebooks"),
            ("Standalone check, `python -m coursetools.check`", "real.check_cli"),
            ("Standalone check, in-process `check_course`", "real.check_in_process")]
    if any(key in figures for _, key in rows):
        out += [f"{h} Building the course",
                "",
                f"The course as it is: {real.get('lessons', '?')} lessons, {real.get('pages', '?')} pages.",
                "",
                "| Build | Wall time | CPU time |", "|---|---|---|"]
        for label, key in rows:
            fig = figures.get(key)
            if fig:
                out.append(f"| {label} | {_spread(fig)} | {_cpu(fig)} |")
        for label, key in (("Hooks' share of the warm build (warm minus no hooks)", "real.hooks_share"),
                           ("Time inside the hook functions (one timed build)", "real.hooks_inside"),
                           ("Time inside the hook functions, share of that build", "real.hooks_inside_share"),
                           ("Notebooks' share of the warm build", "real.notebooks_share"),
                           ("Warm build / build without notebooks", "real.warm_over_no_notebooks"),
                           ("Warm build per page", "real.build_warm_per_page")):
            if key in figures:
                out.append(f"| {label} | {_spread(figures[key])} | {_cpu(figures[key])} |")
        out.append("")

    keys = ["real"] + [k for k in courses if k.startswith("corpus_")]
    if len(keys) > 1:
        out += [f"{h} Growth with the number of lessons", "",
                "Generated lessons (about 800 words each, with footnotes, a table, math and an "
                "exercise) are added to a copy of the course in modules of 25. The hooks' share is "
                "the warm build minus the build without the `hooks:` entry, paired run by run; "
                "inside hooks is the time spent in the hook functions themselves (one build with "
                "each hook event timed).", "",
                "| Course | Pages | Warm build | Per page | Without hooks | Per page | Hooks' share | "
                "Inside hooks | Check (subprocess) | Check (in-process) |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for key in keys:
            c = courses.get(key, {})
            name = "Real course" if key == "real" else f"+ {c.get('generated', '?')} lessons"
            cells = [name, str(c.get("pages", "?"))]
            for suffix in ("build_warm", "build_warm_per_page", "build_no_hooks",
                           "build_no_hooks_per_page", "hooks_share", "hooks_inside_share",
                           "check_cli", "check_in_process"):
                fig = figures.get(f"{key}.{suffix}")
                text = _fmt(fig["median"], fig["unit"]) if fig else "n/a"
                if fig and suffix == "hooks_share" and "cpu" in fig:
                    text += f" <small>(CPU {_fmt(fig['cpu']['median'], fig['unit'])})</small>"
                cells.append(text)
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        if "growth.marginal_per_page" in figures:
            fig = figures["growth.marginal_per_page"]
            out.append(f"One more page costs {_spread(fig)} of wall time "
                       f"({_fmt(fig['cpu']['median'], 'ms/page')} of CPU) between the two generated sizes.")
            out.append("")

    weight_keys = [k for k in keys if f"weight.{k}.site" in figures]
    if weight_keys:
        out += [f"{h} Page weight", "",
                "The typical lesson is the median-size lesson page (generated lessons only for the "
                "generated courses). First load is the page plus every stylesheet, script, icon and "
                "image it links, gzip; KaTeX fetches its fonts only for pages with math, shown "
                "separately.", "",
                "| Course | Built site | Lesson HTML | Lesson HTML gzip | Search index | "
                "Search index gzip | First load gzip | With math fonts |",
                "|---|---|---|---|---|---|---|---|"]
        for key in weight_keys:
            c = courses.get(key, {})
            name = "Real course" if key == "real" else f"+ {c.get('generated', '?')} lessons"
            cells = [name]
            for suffix in ("site", "lesson_html", "lesson_html_gzip", "search_index",
                           "search_index_gzip", "first_load_gzip", "first_load_math_gzip"):
                fig = figures.get(f"weight.{key}.{suffix}")
                cells.append(_fmt(fig["median"], fig["unit"]) if fig else "n/a")
            out.append("| " + " | ".join(cells) + " |")
        out.append("")

    if "serve.rebuild_visible" in figures:
        out += [f"{h} Editing with `mkdocs serve`", "",
                "One sentence appended to a lesson while `mkdocs serve` runs on the course; the "
                "watcher polls every 0.5 s, and every change rebuilds the whole site.", "",
                "| Step | Time |", "|---|---|"]
        for label, key in (("Start until the first page is served", "serve.startup"),
                           ("Edit until the served page shows it", "serve.rebuild_visible"),
                           ("Edit until the rebuild is done", "serve.rebuild_complete")):
            if key in figures:
                out.append(f"| {label} | {_spread(figures[key])} |")
        out.append("")

    for note in results.get("notes") or []:
        out.append(f"- {note}")
    return "\n".join(out).rstrip() + "\n"


# --- Command line ----------------------------------------------------------------------------------

def _table(results: dict[str, Any]) -> str:
    lines = [f"{'figure':<48} {'median':>12} {'min':>12} {'max':>12} {'cpu':>10}"]
    for key, fig in results["figures"].items():
        cpu = _cpu(fig)
        lines.append(f"{key:<48} {_fmt(fig['median'], fig['unit']):>12} {_fmt(fig['min'], fig['unit']):>12} "
                     f"{_fmt(fig['max'], fig['unit']):>12} {cpu:>10}")
    lines.append("")
    for t in results["targets"]:
        lines.append(f"{'met   ' if t['met'] else 'MISSED'} {t['target']}: {_fmt(t['value'], t['unit'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursetools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=None, help=f"runs per figure (default {DEFAULT_RUNS}; 1 with --quick)")
    parser.add_argument("--sizes", default=None,
                        help="generated lessons per corpus, comma-separated (default 100,800; 100 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one run, 100 lessons, no serve: a smoke test")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results "
                        "(default docs/_data/benchmarks.json in the course)")
    parser.add_argument("--skip-serve", action="store_true", help="do not measure mkdocs serve")
    parser.add_argument("--root", type=Path, default=None, help="the course (default: this repository)")
    parser.add_argument("--scratch", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    root = (args.root or corpus.repo_root()).resolve()
    runs = args.runs or (1 if args.quick else DEFAULT_RUNS)
    sizes = ([int(s) for s in args.sizes.split(",") if s.strip()] if args.sizes
             else [100] if args.quick else list(DEFAULT_SIZES))
    serve = not (args.skip_serve or args.quick)
    target = args.json or root / "docs" / "_data" / "benchmarks.json"
    if args.scratch:
        args.scratch.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="course-bench-", dir=args.scratch))
    else:
        scratch = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        results = run(root, scratch, runs, sizes, serve, quick=args.quick)
    finally:
        if args.keep:
            log(f"work folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(_table(results))
    print(f"\nwritten to {target} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
