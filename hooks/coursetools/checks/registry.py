"""The dataset registry (docs/_data/datasets.yml): its own checks and the files it forbids.

Lessons declare datasets by id; each id gets a data card. The registry is data an instructor
edits, so it is checked like a lesson: every entry needs a name, an official url, a licence,
an access level, a redistribution flag and its conditions.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re

from ..data import DATASETS, CourseData
from ..findings import Finding, rule
from ..repo import shown_path

rule(
    "registry",
    "course data",
    "Every dataset registry entry has a name, an official url, a licence, an access level, "
    "a redistribution flag and conditions.",
    "Complete the entry as the comment at the top of docs/_data/datasets.yml describes.",
)
rule(
    "data-redistribution",
    "patient data",
    "No file of a dataset that may not be redistributed is published.",
    "Delete the file from docs/; use the course's synthetic data instead.",
)


ACCESS = ("open", "registration", "credentialed")
REQUIRED = ("name", "url", "licence", "access", "redistribution", "conditions")


def findings(data: CourseData) -> list[Finding]:
    """The registry's own checks (its file's syntax is checked by the data layer)."""
    shown = data.shown(DATASETS)
    out = []
    for key, entry in data.datasets.items():
        line = data.line(DATASETS, key)
        if not isinstance(entry, dict):
            out.append(
                Finding(
                    shown,
                    line,
                    f"dataset `{key}` has no fields",
                    "add " + ", ".join(f"`{f}:`" for f in REQUIRED),
                    "registry",
                )
            )
            continue
        for field in REQUIRED:
            if field not in entry:
                out.append(
                    Finding(
                        shown, line, f"dataset `{key}` is missing `{field}`", f"add `{field}:` to the entry", "registry"
                    )
                )
        if "access" in entry and entry["access"] not in ACCESS:
            out.append(
                Finding(
                    shown,
                    line,
                    f"dataset `{key}` has access `{entry['access']}`",
                    "use one of " + ", ".join(f"`{a}`" for a in ACCESS),
                    "registry",
                )
            )
        if "redistribution" in entry and not isinstance(entry["redistribution"], bool):
            out.append(
                Finding(
                    shown,
                    line,
                    f"dataset `{key}`: `redistribution` must be true or false",
                    "write `redistribution: false` unless its licence allows copies",
                    "registry",
                )
            )
    return out


def shipped_findings(data: CourseData, src_uris: list[str]) -> list[Finding]:
    """Files the site would publish that belong to a dataset that may not be redistributed."""
    entries = data.datasets
    registry_shown = data.shown(DATASETS)
    out = []
    for key, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("redistribution", False):
            continue
        for pattern in entry.get("files") or []:
            match = re.compile(fnmatch.translate(pattern)).match
            for uri in src_uris:
                if match(uri) or match(posixpath.basename(uri)):
                    out.append(
                        Finding(
                            shown_path(data.data_dir.parent / uri, data.repo_root),
                            1,
                            f"this file looks like part of {entry.get('name', key)} (matches `{pattern}` "
                            f"in {registry_shown}), which may not be redistributed",
                            "delete it from docs/; use the course's synthetic data instead (`course-synthetic-data`)",
                            "data-redistribution",
                        )
                    )
    return out
