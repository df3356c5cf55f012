"""The course data layer: every file under ``<docs>/_data/``, loaded once, with one error policy.

``CourseData.load(docs_dir, repo_root)`` reads the lesson schema, the tag vocabulary, the
glossary, the dataset registry and the link allow-list from the configured docs folder. A file
that is missing, is not valid YAML/JSON or has the wrong shape never raises: it becomes a located
finding (rule ``data-file``) and an empty value, so every other check still runs and an
instructor sees all problems at once. Every check and renderer receives this object instead of
reading the files itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .checks import yaml_guard
from .findings import Finding, rule
from .repo import YAML_LOADER, shown_path

DATA_DIR = "_data"
SCHEMA = "lesson.schema.json"
TAGS = "tags.yml"
GLOSSARY = "glossary.yml"
DATASETS = "datasets.yml"
ALLOWLIST = "link-allowlist.yml"
REVIEW = "review.yml"

DATA_FILE = rule(
    "data-file",
    "course data",
    "Each file under docs/_data/ exists, parses, and has the shape its header comment describes.",
    "Fix the file at the line shown; the comment at the top of each data file describes its format.",
)


@dataclass
class CourseData:
    """The parsed data files, the folder they came from, and what was wrong with them."""

    data_dir: Path
    repo_root: Path
    schema: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    glossary: list[dict[str, Any]] = field(default_factory=list)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    allowlist: list[dict[str, Any]] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=dict)
    # the line of each top-level key or list item, per file name, for located findings
    lines: dict[str, dict[str, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def load(cls, docs_dir: Path, repo_root: Path | None = None) -> CourseData:
        """Read every data file under ``<docs_dir>/_data/``; never raises: a missing (if required), unreadable,
        invalid or wrongly shaped file is a finding and an empty value, and malformed glossary entries are dropped."""
        docs_dir = Path(docs_dir).resolve()
        repo_root = Path(repo_root or docs_dir.parent).resolve()
        data = cls(docs_dir / DATA_DIR, repo_root)
        data.schema = data._load_json(SCHEMA, dict, required=True) or {}
        data.tags = {str(k): str(v) for k, v in (data._load_yaml(TAGS, dict, required=True) or {}).items()}
        data.glossary = data._load_yaml(GLOSSARY, list, required=True) or []
        datasets = data._load_yaml(DATASETS, dict, required=True) or {}
        data.datasets = {str(k): v for k, v in datasets.items()}
        data.allowlist = data._load_yaml(ALLOWLIST, list, required=False) or []
        data.review = data._load_yaml(REVIEW, dict, required=False) or {}
        data._check_glossary()
        return data

    def shown(self, name: str) -> str:
        """A data file's path as findings print it (``docs/_data/tags.yml``)."""
        return shown_path(self.data_dir / name, self.repo_root)

    def line(self, name: str, key: str | int, default: int = 1) -> int:
        """The line of top-level key or list index ``key`` in data file ``name``; ``default`` when unknown."""
        return self.lines.get(name, {}).get(str(key), default)

    def vocabulary(self, reference: str) -> dict[str, Any]:
        """The mapping a schema ``x-vocabulary``/``x-registry`` value names (by file name)."""
        name = Path(reference).name
        if name == TAGS:
            return self.tags
        if name == DATASETS:
            return self.datasets
        return {}

    # --- loading with one error policy -----------------------------------------------------

    def _problem(self, name: str, line: int, message: str, fix: str) -> None:
        self.findings.append(Finding(self.shown(name), line, message, fix, DATA_FILE.id))

    def _read(self, name: str, required: bool) -> str | None:
        path = self.data_dir / name
        try:
            if path.is_symlink() and not _inside(path.resolve(), self.repo_root):
                self._problem(
                    name,
                    1,
                    "this data file is a link to a file outside the repository",
                    "replace the link with the file itself",
                )
                return None
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if required:
                self._problem(
                    name,
                    1,
                    f"the course data file `{name}` is missing",
                    f"create it in {shown_path(self.data_dir, self.repo_root)}/ (see the instructor guide)",
                )
            return None
        except UnicodeDecodeError as error:
            self._problem(name, 1, f"this file is not UTF-8 text (byte {error.start})", "save it as UTF-8")
        except OSError as error:
            self._problem(name, 1, f"this file cannot be read: {error.strerror}", "check the file")
        return None

    def _load_yaml(self, name: str, shape: type, required: bool) -> Any:
        text = self._read(name, required)
        if text is None:
            return None
        refused = yaml_guard.problem(text, loader=YAML_LOADER, what="this data file")
        if refused is not None:  # anchors, aliases or deep nesting: nothing is composed
            message = (
                "this file is not valid YAML: anchors and aliases (`&name`, `*name`) are not allowed in course data"
                if refused.rule == yaml_guard.ALIAS.id
                else refused.message
            )
            self._problem(name, refused.line + 1, message, refused.fix)
            return None
        try:
            loader = YAML_LOADER(text)  # one parse: the nodes (for lines) and the values from them
            try:
                node = loader.get_single_node()
                value = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error)
            self._problem(
                name,
                mark.line + 1 if mark else 1,
                f"this file is not valid YAML: {problem}",
                "fix the YAML syntax at this line",
            )
            return None
        if value is None:
            return None
        if not isinstance(value, shape):
            wanted = "a mapping of `key: value` lines" if shape is dict else "a list of `- ` items"
            self._problem(name, 1, f"this file must hold {wanted}", "see the comment at the top of the file")
            return None
        self.lines[name] = _top_lines(node)
        return value

    def _load_json(self, name: str, shape: type, required: bool) -> Any:
        text = self._read(name, required)
        if text is None:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            self._problem(
                name, error.lineno, f"this file is not valid JSON: {error.msg}", "fix the JSON syntax at this line"
            )
            return None
        if not isinstance(value, shape):
            self._problem(name, 1, "this file must hold a JSON object", "restore the schema object")
            return None
        return value

    def _check_glossary(self) -> None:
        good = []
        for index, entry in enumerate(self.glossary):
            line = self.line(GLOSSARY, index)
            # `expansion` is optional: an entry without one is a concept, not an abbreviation.
            if (
                not isinstance(entry, dict)
                or not all(isinstance(entry.get(key), str) and entry.get(key) for key in ("term", "definition"))
                or not isinstance(entry.get("expansion", ""), str)
            ):
                self._problem(
                    GLOSSARY,
                    line,
                    "glossary entry needs `term` and `definition` as text "
                    "(and `expansion` as text for an abbreviation)",
                    "write the entry as `- term: ...`, `  expansion: ...`, `  definition: ...`",
                )
                continue
            good.append(entry)
        self.glossary = good


def _top_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each top-level mapping key or list item (list items keyed by index)."""
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    if isinstance(node, yaml.SequenceNode):
        return {str(index): item.start_mark.line + 1 for index, item in enumerate(node.value)}
    return {}


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
