"""Every setting of the course tooling, in one place.

Settings live in ``mkdocs.yml`` under ``extra.course`` (so the build and the standalone check
read the same values); a few environment variables override them, for CI only. Each setting is
documented in the instructor guide (``docs/instructors/checks.md``), generated from
:data:`DOCUMENTED` below.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .repo import read_config
from .safety.files import Limits


@dataclass(frozen=True)
class Settings:
    """What the checks, the notebook executor and the build need to know about this course."""

    repo_root: Path
    docs_dir: Path
    # notebooks
    notebook_timeout: int = 120  # seconds a notebook cell may run before it is stopped
    cache_dir: Path = Path(".cache")  # executed notebooks and their dependency records
    # content rules
    lesson_words: tuple[int, int] = (1200, 3200)  # prose words a lesson may have
    min_sources: int = 3  # footnotes with a DOI, arXiv id or address that a lesson must have
    # hostile input: sizes and times beyond which input is refused (`extra.course.limits`)
    limits: Limits = field(default_factory=Limits)
    overridden: tuple[str, ...] = field(default=())  # environment variables that were applied

    @property
    def notebook_cache(self) -> Path:
        """Where executed notebooks are kept: ``notebooks/`` in the cache folder."""
        return self.cache_dir / "notebooks"

    @property
    def results_cache(self) -> Path:
        """Check results kept by content between runs (coursetools.result_store)."""
        return self.cache_dir / "checks"

    @property
    def rendered_cache(self) -> Path:
        """Rendered quizzes, listings and finished notebook pages kept by content."""
        return self.cache_dir / "rendered"

    @property
    def blob_cache(self) -> Path:
        """The files finished notebook pages need (stylesheets, figures, scripts), by SHA-256."""
        return self.cache_dir / "blobs"

    @property
    def page_cache(self) -> Path:
        """Converted pages kept by content (hooks/page_cache.py)."""
        return self.cache_dir / "pages"


# (setting, environment variable, what it is for): the table in the instructor guide.
DOCUMENTED: tuple[tuple[str, str, str], ...] = (
    (
        "notebook_timeout",
        "COURSE_NOTEBOOK_TIMEOUT",
        "Seconds a notebook cell may run before the build stops it and reports the cell.",
    ),
    (
        "cache_dir",
        "COURSE_CACHE_DIR",
        "Folder for executed notebooks, what each run read, check results, rendered quizzes and "
        "converted pages kept by content (relative to the repository; delete it to start afresh).",
    ),
    ("lesson_words", "", "The range of prose words a lesson may have, as `[min, max]`."),
    ("min_sources", "", "How many footnotes with a DOI, arXiv id or web address every lesson needs."),
    ("limits.file_bytes", "", "Any one file under docs/ larger than this is refused with a located finding."),
    ("limits.output_bytes", "", "The outputs of one notebook cell larger than this fail the build."),
    (
        "limits.notebook_memory_mb",
        "",
        "Megabytes of memory (heap and private mappings) each process of a notebook's kernel may use.",
    ),
    (
        "limits.notebook_processes",
        "",
        "Processes and threads a notebook's kernel may run at once (a fork bomb stops there).",
    ),
    ("limits.notebook_seconds", "", "Seconds a whole notebook may run, every cell together."),
    (
        "limits.render_seconds",
        "",
        "Seconds an unusual page may take to render (Markdown to HTML) before the build refuses it.",
    ),
)
# Environment variables read elsewhere, by mkdocs.yml or the tests (listed in the guide too).
OTHER_VARIABLES: tuple[tuple[str, str], ...] = (
    ("COURSE_SITE_URL", "The published address (`site_url` in mkdocs.yml); CI sets it."),
    ("COURSE_EDIT_URI", 'The address of "edit this page" (`edit_uri` in mkdocs.yml); CI sets it.'),
    (
        "COURSE_REPOSITORY_URL",
        "The repository linked from the site and used for Colab and Binder links (`extra.repository.url`).",
    ),
    ("COURSE_REPOSITORY_BRANCH", "The branch the Colab and Binder links open (`extra.repository.branch`)."),
    ("COURSE_MMDC", "The Mermaid CLI command `course-diagrams` runs (default: one installed under `.cache/`)."),
    ("LYCHEE", "The lychee binary `course-links` runs (default: the one installed into `.venv/` by pip)."),
    ("COURSE_SITE_DIR", "Tests reuse a site built beforehand in this folder instead of building."),
    ("CI", "When set, browser tests may not be skipped (Chromium must be installed)."),
    ("COURSE_CHROMIUM", "The Chromium binary the browser tests drive (default `/usr/bin/chromium`)."),
    ("COURSE_BENCH_HOOK_TIMES", "Set by `course-bench` for the builds it times: where the hook timer writes."),
    (
        "COURSE_PAGE_CACHE",
        "`0` converts every page's Markdown again instead of reading back unchanged pages "
        "(`hooks/page_cache.py`, in the cache folder's `pages/`).",
    ),
)


def from_config(
    repo_root: Path,
    config: Mapping[str, Any] | None = None,
    docs_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from a loaded config (MkDocs' or :func:`read_config`'s) and the environment."""
    repo_root = Path(repo_root).resolve()
    config = config if config is not None else read_config(repo_root / "mkdocs.yml")
    environ = os.environ if environ is None else environ
    if docs_dir is None:
        docs_dir = repo_root / str(config.get("docs_dir") or "docs")
    extra = config.get("extra") or {}
    values: dict[str, Any] = dict((extra.get("course") or {}) if isinstance(extra, Mapping) else {})
    known = {f.name: f for f in fields(Settings)}
    chosen: dict[str, Any] = {}
    for name, value in values.items():
        if name in known and name not in ("repo_root", "docs_dir", "overridden", "limits"):
            chosen[name] = value
    overridden = []
    for name, variable, _ in DOCUMENTED:
        if variable and environ.get(variable):
            chosen[name] = environ[variable]
            overridden.append(variable)
    settings = Settings(
        repo_root, Path(docs_dir).resolve(), limits=Limits.from_extra(extra), overridden=tuple(overridden)
    )
    return _coerce(settings, chosen)


def _coerce(settings: Settings, chosen: dict[str, Any]) -> Settings:
    default = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    for name, value in chosen.items():
        current = default[name]
        try:
            if isinstance(current, bool):
                default[name] = bool(value)
            elif isinstance(current, int):
                default[name] = int(value)
            elif isinstance(current, Path):
                path = Path(str(value))
                default[name] = path if path.is_absolute() else settings.repo_root / path
            elif isinstance(current, tuple) and name == "lesson_words":
                low, high = (int(v) for v in (value.split(",") if isinstance(value, str) else value))
                default[name] = (low, high)
            else:
                default[name] = str(value)
        except (TypeError, ValueError) as error:
            raise SettingsError(
                f"setting `{name}` has the value {value!r}, which is not valid "
                f"({error}); see `extra.course` in mkdocs.yml"
            ) from None
    if not default["cache_dir"].is_absolute():
        default["cache_dir"] = settings.repo_root / default["cache_dir"]
    return Settings(**default)


def setting_names() -> list[str]:
    """The keys ``extra.course`` in mkdocs.yml may have."""
    return [f.name for f in fields(Settings) if f.name not in ("repo_root", "docs_dir", "overridden")]


class SettingsError(ValueError):
    """A setting in mkdocs.yml or the environment has a value of the wrong kind."""
