"""The MkDocs adapter for notebooks (used by ``course_hooks.py``): execution with the course's
cache, runnable zips, figure and PHI checks of the outputs, and the back-links from a notebook
page to the lessons that use it. ``state`` is ``course_hooks.CourseBuild``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from coursetools import phi
from coursetools.course import kept_phi_scan
from coursetools.findings import Finding
from coursetools.notebooks import execute as notebooks
from coursetools.pages import wayfinding

log = get_plugin_logger("course")


def execute(state: Any, files: Any) -> None:
    """Point each notebook page at its executed copy; fail the build if one cannot run."""
    pages = [f for f in files if f.src_uri.endswith(".ipynb") and f.src_uri.startswith("notebooks/")]
    results = notebooks.run_all(
        [Path(f.abs_src_path) for f in pages],
        state.settings.repo_root,
        state.settings.notebook_cache,
        timeout=state.settings.notebook_timeout,
        output_bytes=state.limits.output_bytes,
        bounds=state.limits.notebook_bounds,
    )
    failed = []
    for file, result in zip(pages, results):
        for finding in result.findings:
            state.report(finding)
        if result.findings:
            failed.append(file.src_uri)
            if any(f.rule == notebooks.INVALID.id for f in result.findings):
                files.remove(file)  # hardening: mkdocs-jupyter would raise on it
            continue
        key = "reused" if result.cached else "run"
        state.notebook_counts[key] = state.notebook_counts.get(key, 0) + 1
        log.debug(f"{file.src_uri}: {'cache hit' if result.cached else f'executed in {result.seconds:.1f} s'}")
        if result.executed is None:  # no findings and no executed copy: nothing to publish
            continue
        file.abs_src_path = str(result.executed)
        # Runnable notebooks: publish NAME.zip (notebook, helpers, data) and check its exercises.
        zip_uri, data, exercise_findings = state.runnable.add_notebook(file.src_uri, result.source, result.dependencies)
        files.append(File.generated(state.config, zip_uri, content=data))
        for finding in exercise_findings:
            state.report(finding)
        state.notebook_alts[file.src_uri] = notebooks.figure_alts(result.executed)
        shown = f"docs/{file.src_uri}"
        for finding in notebooks.figure_findings(result.executed, shown):
            state.report(finding)
        # Outputs exist only once executed: scan them for PHI too (sources were scanned above).
        for finding in scan_outputs(state, result.executed, shown):
            if "output" in finding.where:
                state.report(finding)
    state.notebook_counts["failed"] = len(failed)
    if failed and state.command != "serve":
        raise PluginError(f"{len(failed)} notebook(s) failed to execute: {', '.join(failed)}")


def scan_outputs(state: Any, executed: Path, shown: str) -> list[Finding]:
    """The PHI scan of an executed notebook, read back from the check's result store while the
    executed copy (and any generator its declaration names) is unchanged."""
    store = state.course.results if state.course is not None else None
    found = kept_phi_scan(
        store, "phi-executed", executed, shown, lambda: phi.scan_notebook(executed, shown, state.settings.repo_root)
    )
    if store is not None:
        store.save()
    return found


def backlinks(state: Any, page: Any, files: Any) -> str:
    """The HTML listing, under a notebook page's title, the lessons that link to it (place and title,
    each a link relative to the notebook page); empty HTML of ``wayfinding.backlinks_html`` when none does."""
    assert state.course is not None
    rows = []
    for path in wayfinding.notebook_lessons(state.course, state.order).get(page.file.src_uri, []):
        target = files.get_file_from_path(path)
        where = wayfinding.place(state.course, path, state.order)
        if target is not None and where is not None:
            title = str(state.course.pages[path].meta.get("title", path))
            rows.append((target.url_relative_to(page.file), where.text, title))
    return wayfinding.backlinks_html(rows)
