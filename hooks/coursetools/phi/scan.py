"""Scanning files for patient data: a Markdown page, a notebook (sources and outputs), a data file.

Each function is given the file and the path findings show; none walks ``docs/`` by itself except
:func:`course_files`, the one place that lists what the course check scans.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..checks.frontmatter import parse as parse_front_matter
from ..findings import Finding
from ..repo import shown_path
from ..safety import files as safe_files
from .declarations import (
    Declaration,
    GeneratedBy,
    declaration_from,
    declared_generator,
    manifest_verdict,
    missing_generated_files,
    registry_generators,
)
from .detectors import find_hits
from .rules import MANIFEST, UNREADABLE
from .text import Hit, Lines

DATA_SUFFIXES = {".csv", ".tsv", ".json", ".jsonl", ".txt", ".yml", ".yaml"}
MAX_DATA_BYTES = 20_000_000  # a larger file is scanned up to here (its header is what matters)
REGISTRY = "docs/_data/datasets.yml"

_FIX_PAGE = (
    "remove it or replace it with a placeholder such as [NAME] or [PHONE]; if it is a "
    "synthetic example, declare it with `synthetic_phi: {generator: ..., reason: ...}` in "
    "the front matter"
)
_FIX_NOTEBOOK = (
    "remove it (clear the output if it comes from running the cell); if it is a "
    "synthetic example, declare it in the notebook metadata as "
    '`"course": {"synthetic_phi": {"generator": ..., "reason": ...}}`'
)
_FIX_TABLE = (
    "do not publish rows of MIMIC (credentialed access, no redistribution); show rows of "
    "the course's synthetic data in docs/notebooks/data/ instead, and if these rows are "
    "that data, declare its generator with `synthetic_phi`"
)
_FIX_DATA = (
    "delete it; data files must carry no identifiers, invented or real (the course's "
    "synthetic data is generated without any)"
)


def _finding(hit: Hit, shown: str, line: int, where: str, fix: str, declaration: Declaration | None) -> Finding | None:
    if declaration is not None and declaration.traces(hit):
        return None
    message = f"looks like {hit.what}"
    if declaration is not None:
        if declaration.text is None:
            message += f"; the declared generator `{declaration.generator}` does not exist"
        else:
            message += f", and it does not occur in the declared generator `{declaration.generator}`"
            fix = (
                f"produce the example with `{declaration.generator}` (the string must occur "
                "literally in that file) or remove it"
            )
    return Finding(shown, line, message, fix, hit.rule, where)


def scan_text(
    text: str, shown: str, first_line: int = 1, *, declaration: Declaration | None = None, fix: str = _FIX_PAGE
) -> list[Finding]:
    """Findings for a text whose first line is line ``first_line`` of the file ``shown``."""
    hits = find_hits(text)
    if not hits:
        return []
    lines = Lines(text)
    out = []
    for hit in hits:
        finding = _finding(
            hit,
            shown,
            first_line + lines.line(hit.start) - 1,
            "",
            _FIX_TABLE if hit.table and fix is _FIX_PAGE else fix,
            declaration,
        )
        if finding:
            out.append(finding)
    return out


def _root(path: Path, shown: str, repo_root: Path | None) -> Path:
    """The repository root: given, or ``path`` minus its repository-relative ``shown``."""
    if repo_root is not None:
        return repo_root
    parts = Path(shown).parts
    resolved = path.resolve()
    if parts and resolved.parts[-len(parts) :] == parts:
        return Path(*resolved.parts[: -len(parts)]) if len(resolved.parts) > len(parts) else Path("/")
    return Path.cwd()


def scan_markdown(path: Path, shown: str, repo_root: Path | None = None) -> list[Finding]:
    """A Markdown page: front matter and body, code blocks included."""
    text = path.read_text(encoding="utf-8", errors="replace")
    declaration: Declaration | None = None
    out: list[Finding] = []
    if "synthetic_phi" in text:
        front = parse_front_matter(text, shown)
        if front.data and "synthetic_phi" in front.data:
            declaration, out = declaration_from(
                front.data["synthetic_phi"],
                _root(path, shown, repo_root),
                front.line_of(("synthetic_phi", "generator")),
                shown,
            )
            # a malformed value is the lesson contract's to report; a missing file is ours
            out = [f for f in out if declaration is not None]
    return out + scan_text(text, shown, 1, declaration=declaration)


def _source(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def _output_texts(output: Any) -> Iterator[str]:
    if not isinstance(output, dict):
        return
    kind = output.get("output_type")
    if kind == "stream":
        yield _source(output.get("text"))
    elif kind == "error":
        traceback = output.get("traceback")
        lines = traceback if isinstance(traceback, list) else [traceback]
        yield _ANSI.sub("", "\n".join(_source(line) for line in lines))
        yield f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data")
    if isinstance(data, dict):
        for mime in _OUTPUT_TYPES:
            if mime in data:
                value = data[mime]
                yield json.dumps(value) if isinstance(value, dict) else _source(value)


def scan_notebook(path: Path, shown: str, repo_root: Path | None = None) -> list[Finding]:
    """A notebook: each cell's source (by line) and each output (by cell)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        cells = nb.get("cells") or []
        metadata = nb.get("metadata") or {}
    except (ValueError, AttributeError, RecursionError):
        return [
            Finding(
                shown,
                0,
                "notebook is not valid JSON, so it could not be checked for patient data",
                UNREADABLE.fix,
                UNREADABLE.id,
                "notebook",
            )
        ]
    declaration: Declaration | None = None
    out: list[Finding] = []
    course_meta = metadata.get("course") if isinstance(metadata, dict) else None
    if isinstance(course_meta, dict) and "synthetic_phi" in course_meta:
        declaration, out = declaration_from(
            course_meta["synthetic_phi"], _root(path, shown, repo_root), 0, shown, "metadata"
        )
    seen: set[Finding] = set(out)
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict):
            continue
        source = _source(cell.get("source"))
        hits = find_hits(source)
        lines = Lines(source) if hits else None
        for hit in hits:
            where = f"cell {number} source, line {lines.line(hit.start) if lines else 1}"
            fix = _FIX_TABLE if hit.table else _FIX_NOTEBOOK
            finding = _finding(hit, shown, number, where, fix, declaration)
            if finding and finding not in seen:
                seen.add(finding)
                out.append(finding)
        outputs = cell.get("outputs")
        for output in outputs if isinstance(outputs, list) else []:
            for text in _output_texts(output):
                for hit in find_hits(text):
                    fix = _FIX_TABLE if hit.table else _FIX_NOTEBOOK
                    finding = _finding(hit, shown, number, f"cell {number} output", fix, declaration)
                    if finding and finding not in seen:
                        seen.add(finding)
                        out.append(finding)
    return out


def scan_data_file(
    path: Path,
    shown: str,
    *,
    docs_dir: Path | None = None,
    repo_root: Path | None = None,
    generators: list[GeneratedBy] | None = None,
) -> list[Finding]:
    """A data file. A registry-declared generated file must match its manifest; restricted rows
    pass only in such a file."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_DATA_BYTES)
    text = raw.decode("utf-8", errors="replace")
    repo_root = _root(path, shown, repo_root)
    docs_dir = docs_dir or repo_root / "docs"
    try:
        rel = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        rel = path.name
    declared = declared_generator(rel, generators or [])
    verdict = manifest_verdict(raw, rel, declared, docs_dir) if declared else None
    hits = find_hits(text)
    lines = Lines(text) if hits else None
    out = []
    for hit in hits:
        line = lines.line(hit.start) if lines else 1
        if not hit.table:
            message = f"looks like {hit.what}"
            if declared:
                message += f" in a file generated by `{declared.generator}`"
            out.append(Finding(shown, line, message, _FIX_DATA, hit.rule))
        elif declared is None:
            out.append(
                Finding(
                    shown,
                    line,
                    f"looks like {hit.what}",
                    _FIX_TABLE.replace("show rows", "delete the file and use") + "; if the file is generated, "
                    f"name its generator with `generator:` in its entry of {REGISTRY}",
                    hit.rule,
                )
            )
        elif verdict:
            out.append(
                Finding(
                    shown,
                    line,
                    f"looks like {hit.what}, and {verdict}",
                    f"regenerate the file with `{declared.generator}` (it writes the manifest too), or delete it",
                    hit.rule,
                )
            )
            verdict = ""  # said once
    if declared and verdict:
        out.append(
            Finding(
                shown,
                1,
                f"is declared generated by `{declared.generator}` in {REGISTRY}, but {verdict}",
                MANIFEST.fix,
                MANIFEST.id,
            )
        )
    return out


def course_files(
    docs_dir: Path, refused: safe_files.DocsScan | None = None
) -> tuple[list[Path], list[Path], list[Path]]:
    """Markdown pages, notebooks and data files under ``docs_dir`` (hidden folders skipped).
    ``refused`` is the course check's scan of ``docs/`` when it has made one (else it is made here):
    what it refuses is never read."""
    pages, notebooks, data = [], [], []
    if refused is None:  # hardening: never read what is refused
        refused = safe_files.scan_docs(
            docs_dir, docs_dir.parent, safe_files.Limits.from_repo(docs_dir.parent), check_text=False
        )
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not refused.allows(Path(folder) / name, docs_dir):
                continue
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if suffix == ".md":
                pages.append(path)
            elif suffix == ".ipynb":
                notebooks.append(path)
            elif suffix in DATA_SUFFIXES:
                data.append(path)
    return pages, notebooks, data


def scan_course(
    docs_dir: Path, repo_root: Path, datasets: Mapping[str, Any] | None = None, only: Iterable[Path] | None = None
) -> list[Finding]:
    """Every PHI finding of the course (or of the files in ``only``): pages, notebooks (sources
    and outputs) and data files. ``datasets`` is the parsed dataset registry."""
    docs_dir, repo_root = Path(docs_dir).resolve(), Path(repo_root).resolve()
    pages, notebooks, data = course_files(docs_dir)
    if only is not None:
        selected = {Path(p).resolve() for p in only}
        pages, notebooks, data = ([p for p in group if p.resolve() in selected] for group in (pages, notebooks, data))
    generators = registry_generators(datasets or {})
    findings: list[Finding] = []
    for path in pages:
        findings.extend(scan_markdown(path, shown_path(path, repo_root), repo_root))
    for path in notebooks:
        findings.extend(scan_notebook(path, shown_path(path, repo_root), repo_root))
    for path in data:
        findings.extend(
            scan_data_file(
                path, shown_path(path, repo_root), docs_dir=docs_dir, repo_root=repo_root, generators=generators
            )
        )
    if only is None:
        findings.extend(missing_generated_files(docs_dir, generators))
    findings.sort(key=lambda f: (f.path, f.line, f.where, f.message))
    return findings
