"""The course repository (``extra.repository`` in mkdocs.yml) and the links built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..findings import Finding, rule

REPOSITORY_RULE = rule(
    "repository-config",
    "notebooks",
    "`extra.repository` in mkdocs.yml names a GitHub repository (https://github.com/OWNER/REPO) and a branch",
    "set `extra.repository: {url: https://github.com/OWNER/REPO, branch: main}` in mkdocs.yml",
    severity="error",
)

_GITHUB = re.compile(
    r"https://github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"(?P<name>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?"
)
_BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,200}")


@dataclass(frozen=True)
class Repository:
    """A GitHub repository and the branch the site is built from."""

    owner: str
    name: str
    branch: str

    @property
    def url(self) -> str:
        """The repository's page: ``https://github.com/OWNER/NAME``."""
        return f"https://github.com/{self.owner}/{self.name}"

    def file_url(self, path: str) -> str:
        """The file's page on GitHub (a plain link)."""
        return f"{self.url}/blob/{quote(self.branch)}/{quote(path)}"

    def colab_url(self, path: str) -> str:
        """Open ``path`` (relative to the repository root) in Google Colab."""
        return (
            f"https://colab.research.google.com/github/{self.owner}/{self.name}/blob/{quote(self.branch)}/{quote(path)}"
        )

    def binder_url(self, path: str) -> str:
        """Start a Binder JupyterLab on the repository with ``path`` open."""
        return (
            f"https://mybinder.org/v2/gh/{self.owner}/{self.name}/{quote(self.branch, safe='')}?labpath={quote(path)}"
        )


def parse(value: Any, where: str = "mkdocs.yml") -> tuple[Repository | None, list[Finding]]:
    """Read ``extra.repository``; a missing or malformed value is a finding, never an exception."""

    def problem(message: str) -> tuple[None, list[Finding]]:
        return None, [Finding(where, 0, message, REPOSITORY_RULE.fix, REPOSITORY_RULE.id)]

    if value is None:
        return problem("`extra.repository` is missing, so notebook pages cannot link Colab, Binder or the repository")
    if not isinstance(value, dict):
        return problem(f"`extra.repository` must be a mapping with `url` and `branch`, not {value!r:.60}")
    url, branch = value.get("url"), value.get("branch", "main")
    match = _GITHUB.fullmatch(url) if isinstance(url, str) else None
    if match is None:
        return problem(f"`extra.repository.url` must look like https://github.com/OWNER/REPO, not {url!r:.80}")
    if not isinstance(branch, str) or not _BRANCH.fullmatch(branch) or ".." in branch:
        return problem(f"`extra.repository.branch` must be a branch name such as main, not {branch!r:.80}")
    return Repository(match.group("owner"), match.group("name"), branch), []
