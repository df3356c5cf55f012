"""What an execution left behind, checked: outputs over the limit, files read outside the repository or
written into it, figures without alt text."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat

from ..findings import Finding
from ..safety.files import LIMITS_SETTING, human_bytes
from .policy import _SYSTEM_PREFIXES, OUTPUT_TOO_LARGE, READ_OUTSIDE


def _from_scratch(raw: str, scratch: Path, base: Path) -> str:
    """A path the kernel saw in the scratch copy, as the source path it stands for."""
    path = Path(raw)
    if path.is_relative_to(scratch / base.name):
        return str(base / path.relative_to(scratch / base.name))
    return raw


def _shown_any(path: Path, repo_root: Path) -> str:
    return path.relative_to(repo_root).as_posix() if path.is_relative_to(repo_root) else str(path)


def _outside_reads(read: list[str], shown: str, repo_root: Path, scratch: Path) -> list[Finding]:
    out = []
    for raw in sorted(set(read)):
        path = Path(raw)
        if (
            path.is_relative_to(repo_root)
            or path.is_relative_to(scratch)
            or raw.startswith(_SYSTEM_PREFIXES)
            or "site-packages" in path.parts
            or not path.is_file()
        ):
            continue
        out.append(
            Finding(
                shown,
                1,
                f"the notebook read `{raw}`, outside the repository: the build "
                "cannot tell when it changes, and CI does not have it",
                READ_OUTSIDE.fix,
                READ_OUTSIDE.id,
            )
        )
    return out


def _output_size_findings(nb: nbformat.NotebookNode, shown: str, limit: int) -> list[Finding]:
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        outputs = cell.get("outputs") or []
        size = len(json.dumps(outputs)) if outputs else 0
        if size > limit:
            out.append(
                Finding(
                    shown,
                    0,
                    f"cell {number} printed {human_bytes(size)} of output, over the "
                    f"limit of {human_bytes(limit)} (`{LIMITS_SETTING}.output_bytes`)",
                    OUTPUT_TOO_LARGE.fix,
                    OUTPUT_TOO_LARGE.id,
                    where=f"cell {number}",
                )
            )
    return out


def _snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every file under ``folder`` (symlinks not followed)."""
    out = {}
    for base, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = Path(base) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            out[path] = (info.st_size, info.st_mtime_ns)
    return out


def _changed(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> list[Path]:
    return sorted(path for path, stat in after.items() if before.get(path) != stat)


# --- Rendering help: alt text and search ------------------------------------------------------


def figure_alts(notebook: Path) -> dict[str, str]:
    """Map a PNG's base64 prefix to the alt text its output declared (``image/png.alt``)."""
    nb = nbformat.from_dict(json.loads(notebook.read_text(encoding="utf-8")))  # no validation: we wrote it
    alts = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                png = data["image/png"].replace("\n", "")
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                alts[png[:200]] = alt
    return alts


def figure_findings(executed: Path, shown: str) -> list[Finding]:
    """Every figure output must carry alt text; ``shown`` is the source notebook's path."""
    nb = nbformat.from_dict(json.loads(executed.read_text(encoding="utf-8")))
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if (
                "image/png" in output.get("data", {})
                and not output.get("metadata", {}).get("image/png", {}).get("alt", "").strip()
            ):
                out.append(
                    Finding(
                        shown,
                        0,
                        f"cell {number} shows a figure without alt text",
                        'display it with `nbhelpers.show_figure(fig, alt="what the figure shows")`',
                        "notebook-alt",
                        where=f"cell {number}",
                    )
                )
    return out
