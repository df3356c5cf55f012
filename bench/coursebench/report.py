"""``benchmarks.json`` as the Markdown of the performance page (docs/instructors/performance.md,
where the ``<!-- benchmark-results -->`` marker is replaced by ``render_markdown``'s output at
build time): the date and machine, the targets with the figures beside them, the make-up of the
generated lessons next to the real ones, then one table per topic. Only measured numbers appear;
a figure that was not measured is shown as n/a.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from coursetools.pages import generated_docs

from .features import FEATURES, LABELS

KB = 1000
_STDLIB_PATH = re.compile(r"(?<=\()/\S*?/lib/python3\.\d+/")  # "(/root/.../lib/python3.11/" -> "("


def fmt(value: float, unit: str) -> str:
    """``value`` in its ``unit`` for a table: bytes as kB (MB from 1,000,000 bytes), seconds as ms below
    1 s, ms/page, % and x; any other unit as ``value unit``."""
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


def spread(fig: dict[str, Any] | None) -> str:
    """A figure's median with its min to max in ``<small>`` (the median alone when they are equal);
    ``n/a`` when there is no figure."""
    if not fig:
        return "n/a"
    if fig["min"] == fig["max"]:
        return fmt(fig["median"], fig["unit"])
    return (
        f"{fmt(fig['median'], fig['unit'])} "
        f"<small>({fmt(fig['min'], fig['unit'])} to {fmt(fig['max'], fig['unit'])})</small>"
    )


def cpu(fig: dict[str, Any] | None) -> str:
    """A figure's CPU-time median in the figure's unit; empty without a figure or without CPU time."""
    return fmt(fig["cpu"]["median"], fig["unit"]) if fig and "cpu" in fig else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _median(figures: dict[str, Any], key: str) -> str:
    fig = figures.get(key)
    return fmt(fig["median"], fig["unit"]) if fig else "n/a"


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{int(value):,}"


def _course_name(key: str, course: dict[str, Any]) -> str:
    return "Real course" if key == "real" else f"+ {course.get('generated', '?')} lessons"


def header(results: dict[str, Any]) -> list[str]:
    """The opening paragraph (date, machine, versions, runs, how builds are timed, units), then a warning
    if the load average exceeded the cores."""
    m = results.get("machine", {})
    settings = results.get("settings", {})
    load = m.get("load_average_at_start") or []
    end = m.get("load_average_at_end") or []
    loads = f", load average {load[0]:g} at the start" if load else ""
    loads += f" and {end[0]:g} at the end" if load and end else ""
    runs = settings.get("runs", "?")
    return [
        f"Measured on **{results.get('date', '?')}** on {m.get('cpu', '?')} "
        f"({m.get('cores', '?')} cores{loads}), "
        f"Python {m.get('python', '?')}, MkDocs {m.get('mkdocs', '?')}, Material {m.get('material', '?')}, "
        f"mkdocs-jupyter {m.get('mkdocs_jupyter', '?')}. Each figure is the median of {runs} "
        f"run{'s' if runs != 1 else ''}, with the minimum and maximum in brackets; builds are "
        "non-strict `mkdocs build` runs of a snapshot copy of the course, timed from launch to exit, "
        "with CPU time (user + system) alongside. Sizes are in kB of 1000 bytes, compressed with "
        f"gzip level {settings.get('gzip_level', 6)}.",
        "",
        *_busy(m),
    ]


def _busy(m: dict[str, Any]) -> list[str]:
    """A warning when the machine was busier than its cores during the run."""
    cores = m.get("cores") or 0
    loads = [x[0] for x in (m.get("load_average_at_start"), m.get("load_average_at_end")) if x]
    if not cores or not loads or max(loads) <= cores:
        return []
    return [
        '!!! warning "The machine was busy"',
        "",
        f"    The load average reached {max(loads):g} on {cores} cores during this run: other work "
        "competed for the CPU, so wall-clock times are longer than on a quiet machine. CPU times "
        "(user + system of the build process) are far less affected; compare those.",
        "",
    ]


def targets_table(results: dict[str, Any], h: str) -> list[str]:
    """The targets under heading ``h`` (``#`` marks): measured median (and CPU), limit, met; a reference
    row's verdict in brackets. Empty if no target was evaluated."""
    targets = results.get("targets") or []
    if not targets:
        return []
    out = [
        f"{h} Targets",
        "",
        "Rows marked *Reference* are not targets of their own: they hold the figure next to it to the "
        "same limit, to show what the target is up against (the build without the course's hooks) or "
        "the same cost measured another way (time spent inside the hook functions).",
        "",
        "| Target | Measured (median) | Limit | Met |",
        "|---|---|---|---|",
    ]
    for t in targets:
        measured = fmt(t["value"], t["unit"])
        if "cpu_value" in t:
            measured += f" <small>(CPU {fmt(t['cpu_value'], t['unit'])})</small>"
        met = "yes" if t["met"] else "**no**"
        out.append(
            f"| {_cell(t['target'])} | {measured} | {t['op']} {fmt(t['limit'], t['unit'])} | "
            f"{f'({met.strip(chr(42))})' if t.get('reference') else met} |"
        )
    return out + [""]


def corpus_table(results: dict[str, Any], h: str) -> list[str]:
    """The real and the generated lessons' median make-up, one row per feature; empty without medians."""
    info = results.get("corpus") or {}
    medians = info.get("medians")
    if not medians:
        return []
    out = [
        f"{h} The generated lessons",
        "",
        f"Median per lesson of the {info.get('real_lessons', '?')} real lessons and of the "
        f"{info.get('generated_lessons', '?')} generated ones (counted from their Markdown by "
        "`coursebench.features`; code and comments are not words).",
        "",
        "| Per lesson | Real (median) | Generated (median) |",
        "|---|---|---|",
    ]
    for key in FEATURES:
        if key in medians:
            out.append(f"| {LABELS[key]} | {_number(medians[key]['real'])} | {_number(medians[key]['generated'])} |")
    return out + [""]


def course_table(results: dict[str, Any], h: str) -> list[str]:
    """The real course's builds, check and shares: wall time with its spread, and CPU time; only the
    measured rows, empty if there is none."""
    figures = results.get("figures", {})
    real = results.get("courses", {}).get("real", {})
    rows = [
        ("Cold build (empty caches: notebooks executed, every page checked and converted)", "real.build_cold"),
        ("Warm build (notebooks, check results and converted pages read back)", "real.build_warm"),
        ("Warm build with the page cache off (every page converted)", "real.build_uncached"),
        ("Build without the course's hooks", "real.build_no_hooks"),
        ("Build without notebooks", "real.build_no_notebooks"),
        ("Standalone check, `python -m coursetools.cli.check`", "real.check_cli"),
        ("Hooks' share of the warm build (warm minus no hooks)", "real.hooks_share"),
        ("Time inside the hook functions (one timed build)", "real.hooks_inside"),
        ("Time inside the hook functions, share of that build", "real.hooks_inside_share"),
        ("Notebooks' share of the warm build", "real.notebooks_share"),
        ("Warm build per page", "real.build_warm_per_page"),
    ]
    if not any(key in figures for _, key in rows):
        return []
    out = [
        f"{h} Building the course",
        "",
        f"The course as it is: {real.get('lessons', '?')} lessons, {real.get('pages', '?')} pages.",
        "",
        "| Build | Wall time | CPU time |",
        "|---|---|---|",
    ]
    out += [f"| {label} | {spread(figures[key])} | {cpu(figures[key])} |" for label, key in rows if key in figures]
    return out + [""]


def growth_table(results: dict[str, Any], h: str) -> list[str]:
    """One row per course, the real one first, with the medians of its builds (n/a where not measured),
    then the marginal cost of a page if measured; empty without a generated course."""
    figures = results.get("figures", {})
    courses = results.get("courses", {})
    keys = ["real"] + [k for k in courses if k.startswith("corpus_")]
    if len(keys) < 2:
        return []
    out = [
        f"{h} Growth with the number of lessons",
        "",
        "Generated lessons (see above) are added to a copy of the course in modules of 25. The "
        "hooks' share is the warm build minus the build without the course's hooks, paired run by "
        "run; inside hooks is the time spent in the hook functions themselves (one build with each "
        "hook event timed).",
        "",
        "| Course | Pages | Warm build | Per page | Per page (CPU) | Page cache off, per page | "
        "Without hooks | Hooks' share | Inside hooks | Check |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in keys:
        cells = [
            _course_name(key, courses.get(key, {})),
            str(courses.get(key, {}).get("pages", "?")),
            _median(figures, f"{key}.build_warm"),
            _median(figures, f"{key}.build_warm_per_page"),
            cpu(figures.get(f"{key}.build_warm_per_page")) or "n/a",
            _median(figures, f"{key}.build_uncached_per_page"),
            _median(figures, f"{key}.build_no_hooks"),
            _median(figures, f"{key}.hooks_share"),
            _median(figures, f"{key}.hooks_inside_share"),
            _median(figures, f"{key}.check_cli"),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if "growth.marginal_per_page" in figures:
        fig = figures["growth.marginal_per_page"]
        out += [
            f"One more page costs {spread(fig)} of wall time ({cpu(fig)} of CPU) between the "
            "smallest and the largest generated size.",
            "",
        ]
    return out


def weight_table(results: dict[str, Any], h: str) -> list[str]:
    """Page weight of each course that has weight figures (built site, lesson HTML, first load, first
    search query), then the typical notebook page if measured; empty if no course has them."""
    figures = results.get("figures", {})
    courses = results.get("courses", {})
    keys = [k for k in ["real", *courses] if f"weight.{k}.site" in figures and k in courses]
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    out = [
        f"{h} Page weight",
        "",
        "The typical lesson is the median-size lesson page (generated lessons only, for the generated "
        "courses). First load is what a first visit fetches before the student does anything: the "
        "page, every stylesheet, script, icon and image it links, and on a page with math the two "
        "KaTeX fonts every formula needs (`coursebench.weight`). Search is not part of it: "
        "the search worker and index load when the student starts to search; the last column is "
        "what that first query fetches.",
        "",
        "| Course | Built site | Lesson HTML | Lesson HTML gzip | Largest lesson HTML | "
        "First load gzip | First search query gzip |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in keys:
        cells = [_course_name(key, courses.get(key, {}))]
        cells += [
            _median(figures, f"weight.{key}.{suffix}")
            for suffix in (
                "site",
                "lesson_html",
                "lesson_html_gzip",
                "lesson_html_largest",
                "first_load_gzip",
                "search_first_query_gzip",
            )
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    details = results.get("details", {})
    if "weight.real.notebook_first_load_gzip" in figures:
        out += [
            f"The typical notebook page (`{details.get('real', {}).get('typical_notebook', '?')}`) "
            f"is {_median(figures, 'weight.real.notebook_html')} of HTML and "
            f"{_median(figures, 'weight.real.notebook_first_load_gzip')} gzip on a first load.",
            "",
        ]
    return out


def search_lines(results: dict[str, Any], h: str) -> list[str]:
    """The search worker, the search index (raw and gzip) and the first query's total, for each course
    whose first query was recorded; empty if none was."""
    details = results.get("details", {})
    courses = results.get("courses", {})
    keys = [k for k in courses if details.get(k, {}).get("first_query")]
    if not keys:
        return []
    out = [
        f"{h} Search",
        "",
        "The search index and the search worker are fetched when the student first focuses the "
        "search box (or presses its shortcut), not on page load.",
        "",
        "| Course | Search worker gzip | Search index | Search index gzip | First query fetches (gzip) |",
        "|---|---|---|---|---|",
    ]
    for key in keys:
        files = details[key]["first_query"]
        worker = sum(f["gzip"] for f in files if f["kind"] == "search worker")
        index = [f for f in files if f["kind"] == "search index"]
        raw, packed = sum(f["raw"] for f in index), sum(f["gzip"] for f in index)
        out.append(
            f"| {_course_name(key, courses[key])} | {fmt(worker, 'bytes')} | {fmt(raw, 'bytes')} | "
            f"{fmt(packed, 'bytes')} | {fmt(sum(f['gzip'] for f in files), 'bytes')} |"
        )
    return out + [""]


def profile_lines(results: dict[str, Any], h: str) -> list[str]:
    """For each profile taken (the course, the largest generated course): own time of the top 10
    packages and the 12 functions with the most cumulative time; empty without a profile."""
    out: list[str] = []
    largest = results.get("profile_largest_lessons")
    for key, what in (
        ("profile", "the course"),
        ("profile_largest", f"the course with {largest} lessons" if largest else "the largest course"),
    ):
        prof = results.get(key)
        if not prof:
            continue
        out += [
            f"{h} Where a warm build's time goes: {what}",
            "",
            f"One warm build of {what} under cProfile ({fmt(prof['build_seconds'], 's')} with the "
            f"profiler, {fmt(prof['profiled_seconds'], 's')} of profiled time; the profiler slows "
            "small functions most). Own time by package:",
            "",
            "| Package | Own time | Share |",
            "|---|---|---|",
        ]
        out += [
            f"| {_cell(p['package'])} | {fmt(p['seconds'], 's')} | {p['share']:.1f} % |" for p in prof["packages"][:10]
        ]
        out += [
            "",
            "Functions with the most cumulative time (their callees included):",
            "",
            "| Function | Calls | Cumulative |",
            "|---|---|---|",
        ]
        out += [
            f"| `{_cell(_STDLIB_PATH.sub('', f['function']))}` | {f['calls']:,} | {fmt(f['seconds'], 's')} |"
            for f in prof["cumulative"][:12]
        ]
        out.append("")
    return out


def serve_lines(results: dict[str, Any], h: str) -> list[str]:
    """The ``mkdocs serve`` timings (start-up, edit until shown, edit until rebuilt) with their spread;
    empty if the preview was not measured."""
    figures = results.get("figures", {})
    if "serve.rebuild_visible" not in figures:
        return []
    out = [
        f"{h} Editing with `mkdocs serve`",
        "",
        "One sentence appended to a lesson while `mkdocs serve` runs on the course; the watcher "
        "polls every 0.5 s, and every change rebuilds the whole site.",
        "",
        "| Step | Time |",
        "|---|---|",
    ]
    for label, key in (
        ("Start until the first page is served", "serve.startup"),
        ("Edit until the served page shows it", "serve.rebuild_visible"),
        ("Edit until the rebuild is done", "serve.rebuild_complete"),
    ):
        if key in figures:
            out.append(f"| {label} | {spread(figures[key])} |")
    return out + [""]


def render_markdown(results: dict[str, Any], heading_level: int = 2) -> str:
    """The benchmark results as Markdown: the date and machine, the targets, then one table per topic."""
    h = "#" * heading_level
    out = header(results)
    for part in (
        targets_table,
        corpus_table,
        course_table,
        growth_table,
        weight_table,
        search_lines,
        profile_lines,
        serve_lines,
    ):
        out += part(results, h)
    out += [f"- {note}" for note in results.get("notes") or []]
    return "\n".join(out).rstrip() + "\n"


def summary(results: dict[str, Any]) -> str:
    """A plain-text table of every figure and the targets, for the terminal."""
    lines = [f"{'figure':<48} {'median':>12} {'min':>12} {'max':>12} {'cpu':>10}"]
    for key, fig in results["figures"].items():
        lines.append(
            f"{key:<48} {fmt(fig['median'], fig['unit']):>12} {fmt(fig['min'], fig['unit']):>12} "
            f"{fmt(fig['max'], fig['unit']):>12} {cpu(fig):>10}"
        )
    lines.append("")
    for t in results["targets"]:
        verdict = "(ref) " if t.get("reference") else ("met   " if t["met"] else "MISSED")
        lines.append(f"{verdict} {t['target']}: {fmt(t['value'], t['unit'])}")
    return "\n".join(lines)


PAGE = Path("docs/instructors/performance.md")  # relative to the course: the page that shows the figures
SECTION = "benchmark-results"


def write_page(page: Path, results: dict[str, Any]) -> Path:
    """Rewrite the page's generated section ``benchmark-results`` with these results' tables
    (``coursetools.pages.generated_docs`` format: the build renders it as any Markdown)."""
    text = page.read_text(encoding="utf-8")
    page.write_text(generated_docs.rewrite(text, {SECTION: lambda: render_markdown(results)}), encoding="utf-8")
    return page
