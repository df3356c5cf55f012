"""The benchmark run: what a build costs, how it grows with the course, and what a page weighs.

Everything runs on scratch copies (``corpus``) in a work folder, never on the working tree: a
snapshot of the real course, the same without notebooks, and the snapshot plus each size of
generated lessons. Measured, each as the median of ``runs`` runs with min and max:

- the real course: a cold build (empty notebook caches), a warm build (every notebook a cache
  hit), a build without the ``hooks:`` entry (the hooks' share is warm minus no-hooks, paired run
  by run), a build without notebooks, one build with each hook event timed, one build under
  cProfile, and the standalone check;
- each generated size: warm and no-hooks builds in ms per page, the hooks timed, the check, and
  the make-up of its lessons next to the real ones (``features``);
- page weight (``weight``): a typical lesson (the median-size page), a typical notebook page,
  the search's first query, the built site;
- unless ``serve`` is off: ``mkdocs serve`` on the snapshot (``serve``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

from . import corpus, features, weight
from .builds import (
    Series,
    build,
    check_times,
    figure,
    hook_figures,
    hook_times,
    log,
    machine,
    profile,
    ratio,
    share,
)
from .lesson_text import SEED, WORDS
from .serve import serve_rebuild
from .targets import evaluate

NO_PAGE_CACHE = {"COURSE_PAGE_CACHE": "0"}  # every page converted, as on a first build or in CI without a cache

DEFAULT_RUNS = 3
DEFAULT_SIZES = (100, 500, 800)


def _bytes(label: str, value: float) -> dict[str, Any]:
    return figure(label, "bytes", [value])


def page_weights(site: Path, lessons: list[str], notebooks: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Figures (keyed without a course prefix) and details for one built site."""
    pages = [p for p in (weight.built_page(site, src) for src in lessons) if p]
    typical = weight.median_page(site, pages)
    if typical is None:
        raise RuntimeError(f"none of the lessons was found in {site}")
    largest = max(pages, key=lambda p: (site / p).stat().st_size)
    load = weight.first_load(site, typical)
    query = weight.first_query(site, typical)
    total, files = weight.site_bytes(site)
    figures = {
        "site": _bytes("Built site, all files", total),
        "lesson_html": _bytes("Typical lesson page, HTML", load.page.raw),
        "lesson_html_gzip": _bytes("Typical lesson page, HTML gzip", load.page.gzip),
        "lesson_html_largest": _bytes("Largest lesson page, HTML", (site / largest).stat().st_size),
        "first_load_gzip": _bytes("First load of the typical lesson, gzip", load.gzip),
        "first_load_raw": _bytes("First load of the typical lesson, uncompressed", load.raw),
        "search_first_query_gzip": _bytes("Bytes a first search query fetches, gzip", sum(f.gzip for f in query)),
        "search_index": _bytes("Search index, raw", sum(f.raw for f in query if f.kind == "search index")),
    }
    details: dict[str, Any] = {
        "typical_lesson": typical,
        "largest_lesson": largest,
        "files": files,
        "first_load": load.to_json(),
        "first_query": [vars(f) for f in query],
    }
    notebook_pages = [p for p in (weight.built_page(site, src) for src in notebooks) if p]
    notebook = weight.median_page(site, notebook_pages)
    if notebook:
        nb_load = weight.first_load(site, notebook)
        figures["notebook_first_load_gzip"] = _bytes("First load of the typical notebook page, gzip", nb_load.gzip)
        figures["notebook_html"] = _bytes("Typical notebook page, HTML", nb_load.page.raw)
        details["typical_notebook"] = notebook
        details["notebook_first_load"] = nb_load.to_json()
    return figures, details


def _sources(docs: Path, pattern: str) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.glob(pattern))


def run(
    root: Path, scratch: Path, runs: int, sizes: list[int], serve: bool, quick: bool = False, do_profile: bool = True
) -> dict[str, Any]:
    """The whole benchmark (see above) on copies of the course at ``root`` made in ``scratch``: the results
    ``benchmarks.json`` holds (date, machine, settings, courses, figures, targets, notes, details,
    profiles, total seconds). ``serve`` adds the ``mkdocs serve`` figures, ``do_profile`` the profiles;
    ``quick`` skips priming the no-hooks build's notebook cache and notes it. A failed build raises
    RuntimeError."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "runs": runs,
            "sizes": sizes,
            "quick": quick,
            "serve": serve,
            "strict": False,
            "gzip_level": weight.GZIP_LEVEL,
            "check_runs": max(3, runs),
            "target_words_per_generated_lesson": WORDS,
            "seed": SEED,
        },
        "courses": {},
        "figures": {},
        "targets": [],
        "notes": [],
        "details": {},
        "corpus": {},
    }
    figures = results["figures"]
    tmp = scratch / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    check_runs = max(3, runs)

    log("copying the course")
    real = corpus.generate(scratch / "real", 0, source=root)
    no_hooks = corpus.write_variant(real.root, hooks=False)
    real_nonb = corpus.generate(scratch / "real-no-notebooks", 0, source=real.root, notebooks=False)
    lessons = [p.relative_to(real.docs).as_posix() for p in features.real_lessons(real.docs)]
    notebooks = _sources(real.docs, "notebooks/*.ipynb")
    real_texts = [(real.docs / p).read_text(encoding="utf-8") for p in lessons]

    cold = Series("real, cold build")
    for index in range(runs):
        state = scratch / f"cold-{index}"
        shutil.rmtree(state, ignore_errors=True)
        cold.add(build(real.config, scratch / "site-real-cold", cache=state / "cache", cwd=state / "cwd", tmp=tmp))
    warm_cache, warm_cwd = scratch / f"cold-{runs - 1}" / "cache", scratch / f"cold-{runs - 1}" / "cwd"
    nohooks_cwd, nonb_cwd = scratch / "cwd-no-hooks", scratch / "cwd-no-notebooks"
    if quick:
        results["notes"].append(
            "Quick run: the build without hooks also converts the notebooks (its mkdocs-jupyter cache was not primed)."
        )
    else:
        log("priming mkdocs-jupyter's cache for the build without hooks")
        build(no_hooks, scratch / "site-real-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp)

    warm, bare, nonb = Series("real, warm build"), Series("real, no hooks"), Series("real, no notebooks")
    uncached = Series("real, page cache off")
    for _ in range(runs):  # interleaved, so drifting load on the machine hits all four alike
        warm.add(build(real.config, scratch / "site-real", cache=warm_cache, cwd=warm_cwd, tmp=tmp))
        bare.add(build(no_hooks, scratch / "site-real-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp))
        nonb.add(build(real_nonb.config, scratch / "site-real-no-notebooks", cache=warm_cache, cwd=nonb_cwd, tmp=tmp))
        uncached.add(
            build(
                real.config, scratch / "site-real-uncached", cache=warm_cache, cwd=warm_cwd, tmp=tmp, env=NO_PAGE_CACHE
            )
        )
    shutil.rmtree(scratch / "site-real-uncached", ignore_errors=True)
    timed, events = hook_times(real.root, scratch / "site-real-timed", cache=warm_cache, cwd=warm_cwd, tmp=tmp)
    if do_profile:
        log("profiling a warm build of the course")
        results["profile"] = profile(
            real.config, scratch / "site-real-profiled", cache=warm_cache, cwd=warm_cwd, tmp=tmp
        )
    cli, findings = check_times(real.root, check_runs)
    results["courses"]["real"] = {
        "label": "Real course",
        "lessons": len(lessons),
        "pages": warm.pages,
        "pages_without_notebooks": nonb.pages,
        "check_findings": findings,
        "warnings": warm.builds[-1].warnings,
    }
    figures.update(
        {
            "real.build_cold": cold.figure("Cold build (empty notebook caches)"),
            "real.build_warm": warm.figure("Warm build (notebook cache hits)"),
            "real.build_no_hooks": bare.figure("Build without the hooks"),
            "real.build_no_notebooks": nonb.figure("Build without notebooks"),
            "real.build_uncached": uncached.figure("Warm build with the page cache off (every page converted)"),
            "real.build_uncached_per_page": uncached.per_page("Page cache off, per page"),
            "real.build_warm_per_page": warm.per_page("Warm build per page"),
            "real.build_no_hooks_per_page": bare.per_page("No-hooks build per page"),
            "real.hooks_share": share("Hooks' share of the warm build", warm, bare),
            "real.warm_over_no_notebooks": ratio("Warm build / build without notebooks", warm, nonb),
            "real.notebooks_share": share("Notebooks' share of the warm build", warm, nonb),
            "real.check_cli": figure("Standalone check, `python -m coursetools.cli.check`", "s", cli),
            **hook_figures("real", "Real course: ", timed, events),
        }
    )
    weights, info = page_weights(scratch / "site-real", lessons, notebooks)
    figures.update({f"weight.real.{k}": v for k, v in weights.items()})
    results["details"]["real"] = dict(info, hook_events=events)
    if findings:
        results["notes"].append(f"The standalone check reports {findings} finding(s) on the real course.")
    if warm.builds[-1].warnings:
        results["notes"].append(
            f"The real course builds with {warm.builds[-1].warnings} warning(s) (would fail `--strict`)."
        )
    shutil.rmtree(scratch / "site-real-cold", ignore_errors=True)
    for index in range(runs - 1):
        shutil.rmtree(scratch / f"cold-{index}", ignore_errors=True)

    series: dict[int, Series] = {}
    for size in sizes:
        key = f"corpus_{size}"
        log(f"generating the course with {size} more lessons")
        generated = corpus.generate(scratch / key, size, source=real.root)  # the same snapshot
        if size == max(sizes):
            texts = [(generated.docs / p).read_text(encoding="utf-8") for p in generated.lessons]
            results["corpus"] = {
                "generated_lessons": size,
                "real_lessons": len(real_texts),
                "medians": features.compare(real_texts, texts),
            }
        variant = corpus.write_variant(generated.root, hooks=False)
        site = scratch / f"site-{key}"
        full, without = Series(f"+{size} lessons, warm build"), Series(f"+{size} lessons, no hooks")
        uncached = Series(f"+{size} lessons, page cache off")
        log(f"+{size} lessons: a first build fills the page cache")
        build(generated.config, site, cache=warm_cache, cwd=warm_cwd, tmp=tmp)
        build(variant, scratch / f"site-{key}-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp)
        for _ in range(runs):
            full.add(build(generated.config, site, cache=warm_cache, cwd=warm_cwd, tmp=tmp))
            without.add(build(variant, scratch / f"site-{key}-no-hooks", cache=warm_cache, cwd=nohooks_cwd, tmp=tmp))
            uncached.add(
                build(
                    generated.config,
                    scratch / f"site-{key}-uncached",
                    cache=warm_cache,
                    cwd=warm_cwd,
                    tmp=tmp,
                    env=NO_PAGE_CACHE,
                )
            )
        shutil.rmtree(scratch / f"site-{key}-no-hooks", ignore_errors=True)
        shutil.rmtree(scratch / f"site-{key}-uncached", ignore_errors=True)
        timed, events = hook_times(
            generated.root, scratch / f"site-{key}-timed", cache=warm_cache, cwd=warm_cwd, tmp=tmp
        )
        cli, findings = check_times(generated.root, check_runs)
        if do_profile and size == max(sizes):
            log(f"profiling a warm build of the course with {size} more lessons")
            results["profile_largest"] = profile(
                generated.config, scratch / f"site-{key}-profiled", cache=warm_cache, cwd=warm_cwd, tmp=tmp
            )
            results["profile_largest_lessons"] = len(lessons) + size
        series[size] = full
        results["courses"][key] = {
            "label": f"Course + {size} generated lessons",
            "lessons": len(lessons) + size,
            "generated": size,
            "pages": full.pages,
            "check_findings": findings,
            "warnings": full.builds[-1].warnings,
        }
        figures.update(
            {
                f"{key}.build_warm": full.figure(f"+{size} lessons: warm build"),
                f"{key}.build_warm_per_page": full.per_page(f"+{size} lessons: warm build per page"),
                f"{key}.build_no_hooks": without.figure(f"+{size} lessons: build without the hooks"),
                f"{key}.build_no_hooks_per_page": without.per_page(f"+{size} lessons: no-hooks build per page"),
                f"{key}.hooks_share": share(f"+{size} lessons: hooks' share", full, without),
                f"{key}.build_uncached": uncached.figure(f"+{size} lessons: warm build, page cache off"),
                f"{key}.build_uncached_per_page": uncached.per_page(
                    f"+{size} lessons: warm build with the page cache off, per page"
                ),
                f"{key}.check_cli": figure(f"+{size} lessons: standalone check (subprocess)", "s", cli),
                **hook_figures(key, f"+{size} lessons: ", timed, events),
            }
        )
        weights, info = page_weights(site, generated.lessons, [])
        figures.update({f"weight.{key}.{k}": v for k, v in weights.items()})
        results["details"][key] = dict(info, hook_events=events)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(generated.root, ignore_errors=True)
    if len(sizes) >= 2:
        small, large = series[min(sizes)], series[max(sizes)]
        pages = large.pages - small.pages
        figures["growth.marginal_per_page"] = figure(
            f"Marginal cost of a page between +{min(sizes)} and +{max(sizes)} lessons",
            "ms/page",
            [(b - a) * 1000 / pages for a, b in zip(small.seconds, large.seconds)],
            [(b.cpu - a.cpu) * 1000 / pages for a, b in zip(small.builds, large.builds)],
        )

    if serve:
        log("mkdocs serve: live rebuild")
        typical = results["details"]["real"]["typical_lesson"]
        lesson = typical[: -len(".html")] + ".md"
        startup, visible, complete = serve_rebuild(
            real.root,
            lesson,
            typical,
            cache=warm_cache,
            cwd=warm_cwd,
            tmp=tmp,
            runs=max(runs, 5),
            log_file=scratch / "serve.log",
        )
        figures["serve.startup"] = figure("`mkdocs serve`: start until the first page is served", "s", [startup])
        figures["serve.rebuild_visible"] = figure("Preview: edit until the served page shows it", "s", visible)
        figures["serve.rebuild_complete"] = figure("Edit until the rebuild is done", "s", complete)
        results["details"]["serve"] = {"edited": lesson}

    results["targets"] = evaluate(results)
    results["machine"]["load_average_at_end"] = machine()["load_average_at_start"]
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results
