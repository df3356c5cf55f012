"""The dataset registry (docs/_data/datasets.yml): its own checks and the files it forbids.

Lessons declare datasets by id; each id gets a data card. The registry is data an instructor
edits, so it is checked like a lesson: every entry needs a name, an official url, a licence,
an access level, a redistribution flag and its conditions.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding
from .repo import load_yaml

REGISTRY = "docs/_data/datasets.yml"
ACCESS = ("open", "registration", "credentialed")
REQUIRED = ("name", "url", "licence", "access", "redistribution", "conditions")


def load(repo_root: Path) -> dict[str, dict[str, Any]]:
    try:
        data = load_yaml((repo_root / REGISTRY).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def findings(repo_root: Path) -> list[Finding]:
    path = repo_root / REGISTRY
    try:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text)
    except OSError:
        return [Finding(REGISTRY, 1, "the dataset registry is missing", f"create {REGISTRY}", "registry")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Finding(REGISTRY, (mark.line + 1) if mark else 1, f"the dataset registry is not valid YAML: "
                        f"{getattr(error, 'problem', error)}", "fix the YAML syntax", "registry")]
    if not isinstance(data, dict):
        return [Finding(REGISTRY, 1, "the dataset registry must map dataset ids to entries",
                        "write `id:` then the entry's keys indented below it", "registry")]
    lines = {key: number for number, line in enumerate(text.splitlines(), start=1)
             for key in data if line.startswith(f"{key}:")}
    out = []
    for key, entry in data.items():
        line = lines.get(key, 1)
        if not isinstance(entry, dict):
            out.append(Finding(REGISTRY, line, f"dataset `{key}` has no fields", "add " +
                               ", ".join(f"`{f}:`" for f in REQUIRED), "registry"))
            continue
        for field in REQUIRED:
            if field not in entry:
                out.append(Finding(REGISTRY, line, f"dataset `{key}` is missing `{field}`",
                                   f"add `{field}:` to the entry", "registry"))
        if "access" in entry and entry["access"] not in ACCESS:
            out.append(Finding(REGISTRY, line, f"dataset `{key}` has access `{entry['access']}`",
                               "use one of " + ", ".join(f"`{a}`" for a in ACCESS), "registry"))
        if "redistribution" in entry and not isinstance(entry["redistribution"], bool):
            out.append(Finding(REGISTRY, line, f"dataset `{key}`: `redistribution` must be true or false",
                               "write `redistribution: false` unless its licence allows copies", "registry"))
    return out


def shipped_findings(entries: dict[str, Any], src_uris: list[str]) -> list[Finding]:
    """Files the site would publish that belong to a dataset that may not be redistributed.

    ``entries`` is the loaded registry (``load``)."""
    out = []
    for key, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("redistribution", False):
            continue
        for pattern in entry.get("files") or []:
            match = re.compile(fnmatch.translate(pattern)).match
            for uri in src_uris:
                if match(uri) or match(posixpath.basename(uri)):
                    out.append(Finding(
                        f"docs/{uri}", 1,
                        f"this file looks like part of {entry.get('name', key)} (matches `{pattern}` "
                        f"in {REGISTRY}), which may not be redistributed",
                        "delete it from docs/; use the course's synthetic data instead "
                        "(hooks/coursetools/synthetic_data.py)", "data-redistribution"))
    return out
