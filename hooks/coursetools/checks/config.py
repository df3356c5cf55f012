"""``mkdocs.yml`` checked like any other course file: its YAML, the course's settings under
``extra.course`` and the navigation (what the strict build reports about it, without building).

The build and ``course-check`` both call :func:`check`, so a lesson left out of ``nav:`` or a
misspelt setting fails pre-commit as well as ``mkdocs build --strict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..findings import Finding, rule
from ..safety.files import Limits
from .contract_rules import did_you_mean

CONFIG_YAML = rule(
    "config-yaml",
    "settings",
    "mkdocs.yml is valid YAML.",
    "Fix the YAML syntax at the line shown.",
)
SETTING_UNKNOWN = rule(
    "setting-unknown",
    "settings",
    "Every key under `extra.course` in mkdocs.yml is a setting the tooling reads (a misspelt one would be ignored).",
    "Correct the key's spelling, or delete it; the settings are listed in the instructor guide.",
)
NAV_UNKNOWN = rule(
    "nav-unknown-page",
    "layout",
    "Every page `nav:` in mkdocs.yml lists exists under docs/.",
    "Correct the path in `nav:`, or delete the entry.",
)

# Keys under extra.course and under extra.course.limits that the tooling reads.
_NOT_SETTINGS = ("repo_root", "docs_dir", "overridden")


@dataclass
class Config:
    """What the check knows of mkdocs.yml: its findings and the pages its `nav:` lists."""

    shown: str = "mkdocs.yml"
    findings: list[Finding] = field(default_factory=list)
    nav: list[tuple[str, int]] | None = None  # (path under docs/, line); None: no `nav:` (every page listed)

    @property
    def listed(self) -> list[str] | None:
        """The paths (relative to docs/) that ``nav:`` lists, in order; None without a ``nav:``."""
        return None if self.nav is None else [path for path, _ in self.nav]


class _Loader(yaml.SafeLoader):
    """Composes mkdocs.yml's nodes; tags (``!ENV``, ``!!python/name:``) are kept, never constructed."""


def check(config_file: Path, setting_names: list[str], shown: str = "mkdocs.yml") -> Config:
    """The findings of ``config_file`` and its navigation. ``setting_names``: the keys
    ``extra.course`` may have (coursetools.settings)."""
    out = Config(shown)
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        out.findings.append(
            Finding(shown, 1, f"mkdocs.yml cannot be read ({error})", "save it as UTF-8 text", CONFIG_YAML.id)
        )
        return out
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        out.findings.append(
            Finding(
                shown,
                mark.line + 1 if mark else 1,
                f"mkdocs.yml is not valid YAML: {problem}",
                "fix the YAML syntax at this line",
                CONFIG_YAML.id,
            )
        )
        return out
    except RecursionError:
        out.findings.append(Finding(shown, 1, "mkdocs.yml nests too deeply", "flatten it", CONFIG_YAML.id))
        return out
    if not isinstance(root, yaml.MappingNode):
        return out
    course = _get(_get(root, "extra"), "course")
    if isinstance(course, yaml.MappingNode):
        _unknown(out, course, "extra.course", [n for n in setting_names if n not in _NOT_SETTINGS])
        limits = _get(course, "limits")
        if isinstance(limits, yaml.MappingNode):
            _unknown(out, limits, "extra.course.limits", [f.name for f in fields(Limits)])
    nav = _get(root, "nav")
    if isinstance(nav, yaml.SequenceNode):
        out.nav = list(_nav_pages(nav))
    return out


def unknown_pages(config: Config, docs_dir: Path) -> list[Finding]:
    """`nav:` entries that name a page that is not under docs/ (MkDocs warns, and --strict fails)."""
    return [
        Finding(
            config.shown,
            line,
            f"`nav:` lists `{path}`, which is not a file under docs/",
            f"correct the path, or delete the entry{_near(path, docs_dir)}",
            NAV_UNKNOWN.id,
        )
        for path, line in config.nav or []
        if not (docs_dir / path).is_file()
    ]


def _near(path: str, docs_dir: Path) -> str:
    folder = (docs_dir / path).parent
    if not folder.is_dir():
        return ""
    names = [p.name for p in folder.iterdir() if p.suffix == Path(path).suffix][:500]
    close = did_you_mean(Path(path).name, names)
    return f"; did you mean `{(Path(path).parent / close).as_posix()}`?" if close else ""


def _get(node: Any, key: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    for name, value in node.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return value
    return None


def _unknown(out: Config, node: yaml.MappingNode, where: str, known: list[str]) -> None:
    for name, _ in node.value:
        key = str(name.value) if isinstance(name, yaml.ScalarNode) else "?"
        if key in known:
            continue
        close = did_you_mean(key, known)
        fix = f"did you mean `{close}`?" if close else f"the settings here are {', '.join(f'`{k}`' for k in known)}"
        out.findings.append(
            Finding(
                out.shown,
                name.start_mark.line + 1,
                f"`{where}.{key}` is not a setting of the course tooling (it would be ignored)",
                fix,
                SETTING_UNKNOWN.id,
            )
        )


def _nav_pages(node: Any, depth: int = 0) -> Any:
    """(path, line) of every local page in a `nav:` (nested sections included)."""
    if depth > 20:  # bounded on hostile input
        return
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_pages(item, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_pages(value, depth + 1)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        value = str(node.value).strip()
        if value and "://" not in value and not value.startswith(("/", "#", "mailto:")):
            yield value.split("#")[0], node.start_mark.line + 1
