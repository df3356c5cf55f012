"""Timing builds: one ``mkdocs build`` in a subprocess, series of them, figures with their spread,
the hooks timed event by event, the standalone check, and a profile of one build.

Builds are ``mkdocs build`` without ``--strict`` (the course is written by several people at
once, so a warning elsewhere must not stop a measurement); their warnings are counted and
reported. Each runs in the working folder it is given, so mkdocs-jupyter's cache
(``.cache/mkdocs-jupyter``, relative to the working folder) and the course's notebook cache
(``COURSE_CACHE_DIR``) are private to the benchmark. Wall-clock figures come with the CPU time
of the build process (user + system), which is far less sensitive to other work on a shared
machine.
"""

from __future__ import annotations

import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .corpus import COURSE_HOOKS, replace_hook

BUILD_TIMEOUT = 1800  # seconds; a cold build executes every notebook
BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
HOOK_TIMER = str(Path(__file__).with_name("hook_timer.py"))  # loads the course's hooks (COURSE_BENCH_HOOKS)


def log(message: str) -> None:
    """Print ``message`` to stderr as ``[bench] message``, flushed at once (progress stays off stdout)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def figure(label: str, unit: str, runs: list[float], cpu: list[float] | None = None) -> dict[str, Any]:
    """One figure: the median of its runs with min and max (and the same for CPU seconds)."""
    out: dict[str, Any] = {
        "label": label,
        "unit": unit,
        "median": statistics.median(runs),
        "min": min(runs),
        "max": max(runs),
        "runs": list(runs),
    }
    if cpu:
        out["cpu"] = {"median": statistics.median(cpu), "min": min(cpu), "max": max(cpu), "runs": list(cpu)}
    return out


def machine() -> dict[str, Any]:
    """The CPU, core count, Python and package versions, and the load when the run started."""
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
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": versions["mkdocs"],
        "material": versions["mkdocs-material"],
        "mkdocs_jupyter": versions["mkdocs-jupyter"],
        "pymdown_extensions": versions["pymdown-extensions"],
        "markdown": versions["Markdown"],
        "load_average_at_start": load,
    }


@dataclass
class Build:
    """One finished build: wall-clock seconds from launch to exit, CPU seconds of the build process
    (user + system), the seconds mkdocs reported ("Documentation built in"; None if it did not), the
    output lines starting with WARNING or ERROR, and the HTML pages built (``count_pages``)."""

    seconds: float
    cpu: float
    reported: float | None
    warnings: int
    pages: int


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(cache: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a build: this process's, plus NO_MKDOCS_2_WARNING=1, PYTHONUNBUFFERED=1,
    ``COURSE_CACHE_DIR=cache``, ``TMPDIR=tmp`` and ``extra``. ``extra`` cannot override those four: naming
    one of them raises TypeError."""
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", COURSE_CACHE_DIR=str(cache), TMPDIR=str(tmp), PYTHONUNBUFFERED="1", **extra)
    return env


def count_pages(site: Path) -> int:
    """The number of ``.html`` files anywhere under ``site``, every ``404.html`` left out."""
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def build(
    config: Path,
    site: Path,
    *,
    cache: Path,
    cwd: Path,
    tmp: Path,
    env: dict[str, str] | None = None,
    python: list[str] | None = None,
) -> Build:
    """One non-strict ``mkdocs build`` in a subprocess, timed from launch to exit."""
    cwd.mkdir(parents=True, exist_ok=True)
    command = [*(python or [sys.executable]), "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=cwd,
        env=environment(cache, tmp, **(env or {})),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise RuntimeError(f"mkdocs build -f {config} failed (exit {result.returncode}):\n{tail}")
    reported = BUILT_IN.findall(output)
    warnings = sum(1 for line in output.splitlines() if line.startswith(("WARNING", "ERROR")))
    return Build(seconds, cpu, float(reported[-1]) if reported else None, warnings, count_pages(site))


class Series:
    """The builds of one configuration."""

    def __init__(self, name: str):
        self.name = name
        self.builds: list[Build] = []

    def add(self, result: Build) -> Build:
        """Record ``result`` and log its times, pages and warnings; returns ``result``."""
        self.builds.append(result)
        log(
            f"{self.name}: {result.seconds:.2f} s (CPU {result.cpu:.2f} s, {result.pages} pages, "
            f"{result.warnings} warnings)"
        )
        return result

    @property
    def seconds(self) -> list[float]:
        """The wall-clock seconds of each build, in the order they ran."""
        return [b.seconds for b in self.builds]

    @property
    def pages(self) -> int:
        """The pages of the latest build (IndexError before the first build)."""
        return self.builds[-1].pages

    def figure(self, label: str) -> dict[str, Any]:
        """The wall time in seconds with its CPU time, the seconds mkdocs reported (median, min, max;
        only if it reported any) and the latest build's warning count."""
        out = figure(label, "s", self.seconds, [b.cpu for b in self.builds])
        reported = [b.reported for b in self.builds if b.reported is not None]
        if reported:
            out["reported_by_mkdocs"] = {
                "median": statistics.median(reported),
                "min": min(reported),
                "max": max(reported),
            }
        out["warnings"] = self.builds[-1].warnings
        return out

    def per_page(self, label: str) -> dict[str, Any]:
        """Wall and CPU time in ms/page, every run divided by the latest build's page count."""
        return figure(
            label,
            "ms/page",
            [s * 1000 / self.pages for s in self.seconds],
            [b.cpu * 1000 / self.pages for b in self.builds],
        )


def share(label: str, full: Series, without: Series) -> dict[str, Any]:
    """How much of ``full`` the difference to ``without`` is, in percent, paired run by run."""
    return figure(
        label,
        "%",
        [(f - w) / f * 100 for f, w in zip(full.seconds, without.seconds)],
        [(f.cpu - w.cpu) / f.cpu * 100 for f, w in zip(full.builds, without.builds)],
    )


def ratio(label: str, a: Series, b: Series) -> dict[str, Any]:
    """``a``'s time over ``b``'s (unit ``x``) for wall and CPU time, paired run by run."""
    return figure(
        label, "x", [x / y for x, y in zip(a.seconds, b.seconds)], [x.cpu / y.cpu for x, y in zip(a.builds, b.builds)]
    )


# --- Inside the hooks ---------------------------------------------------------------------------


def timed_config(root: Path) -> Path:
    """A config variant of the course at ``root`` with ``hook_timer.py`` in place of the course's hooks."""
    text = replace_hook((root / "mkdocs.yml").read_text(encoding="utf-8"), COURSE_HOOKS, HOOK_TIMER)
    target = root / "mkdocs.timed-hooks.yml"
    target.write_text(text, encoding="utf-8")
    return target


def hook_times(root: Path, site: Path, *, cache: Path, cwd: Path, tmp: Path) -> tuple[Build, dict[str, Any]]:
    """One build with timed hooks: (the build, seconds and calls per hook event)."""
    out = tmp / f"hook-times-{root.name}.json"
    out.unlink(missing_ok=True)
    result = build(
        timed_config(root),
        site,
        cache=cache,
        cwd=cwd,
        tmp=tmp,
        env={"COURSE_BENCH_HOOK_TIMES": str(out), "COURSE_BENCH_HOOKS": str(root / COURSE_HOOKS)},
    )
    shutil.rmtree(site, ignore_errors=True)
    return result, json.loads(out.read_text(encoding="utf-8"))


def hook_figures(prefix: str, label: str, timed: Build, events: dict[str, Any]) -> dict[str, Any]:
    """Two one-run figures from one timed build: ``{prefix}.hooks_inside``, the seconds summed over
    every hook event, and ``{prefix}.hooks_inside_share``, that in percent of the build's wall time;
    ``label`` starts both labels."""
    inside = sum(event["seconds"] for event in events.values())
    return {
        f"{prefix}.hooks_inside": figure(f"{label}time inside the hook functions (one timed build)", "s", [inside]),
        f"{prefix}.hooks_inside_share": figure(
            f"{label}time inside the hooks, share of that build", "%", [inside / timed.seconds * 100]
        ),
    }


# --- The standalone check -----------------------------------------------------------------------


def check_times(root: Path, runs: int) -> tuple[list[float], int]:
    """(seconds of each run, findings) of ``python -m coursetools.cli.check`` on the course at ``root``."""
    env = dict(os.environ, PYTHONPATH=str(root / "hooks"))
    command = [sys.executable, "-m", "coursetools.cli.check", "--root", str(root), "--quiet"]
    seconds, findings = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
        seconds.append(time.perf_counter() - started)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"coursetools.cli.check failed on {root}:\n{result.stderr[-2000:]}")
        findings = len([line for line in result.stdout.splitlines() if line.strip()])
    return seconds, findings


# --- Where a build's time goes -----------------------------------------------------------------

_PACKAGE = re.compile(r"/(?:site|dist)-packages/([A-Za-z_]\w*)")
_STDLIB = re.compile(r"/lib/python3\.\d+/([A-Za-z_]\w*)")


def _owner(filename: str) -> str:
    """Who a profiled function belongs to: the course's hooks, a package, or Python itself."""
    if "/hooks/coursetools/" in filename or filename.endswith("course_hooks.py"):
        return "course hooks (coursetools)"
    match = _PACKAGE.search(filename)
    if match:
        return match.group(1)
    match = _STDLIB.search(filename)
    if match:
        return f"Python's {match.group(1).removesuffix('.py')}"
    return "built-in" if filename.startswith(("~", "<")) else Path(filename).name


def profile(config: Path, site: Path, *, cache: Path, cwd: Path, tmp: Path, top: int = 15) -> dict[str, Any]:
    """One build under cProfile: the build's wall time, the functions with the most cumulative
    and own time, and own time summed by package."""
    output = tmp / f"profile-{config.parent.name}.prof"
    result = build(
        config, site, cache=cache, cwd=cwd, tmp=tmp, python=[sys.executable, "-m", "cProfile", "-o", str(output)]
    )
    stats = pstats.Stats(str(output))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())

    def name(key: tuple[str, int, str]) -> str:
        filename, line, function = key
        short = filename.split("site-packages/")[-1].split("/hooks/")[-1]
        return f"{function} ({short}:{line})" if line else function

    # The wrappers around the whole run (runpy, click, mkdocs' command) say nothing: leave out
    # what covers nearly all of it.
    by_cumulative = sorted(
        ((k, v) for k, v in raw.items() if v[3] < 0.9 * total), key=lambda item: item[1][3], reverse=True
    )
    by_own = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)
    packages: dict[str, float] = {}
    for key, entry in raw.items():
        packages[_owner(key[0])] = packages.get(_owner(key[0]), 0.0) + entry[2]
    shutil.rmtree(site, ignore_errors=True)
    return {
        "build_seconds": result.seconds,
        "profiled_seconds": total,
        "cumulative": [{"function": name(k), "calls": v[1], "seconds": v[3]} for k, v in by_cumulative[:top]],
        "own": [{"function": name(k), "calls": v[1], "seconds": v[2]} for k, v in by_own[:top]],
        "packages": [
            {"package": p, "seconds": s, "share": s / total * 100 if total else 0.0}
            for p, s in sorted(packages.items(), key=lambda item: item[1], reverse=True)[:top]
        ],
    }
