"""Where things are in the course repository, and how its data files are read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (several times faster), else pure Python.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse a data file (tags, glossary, registry) the fast, safe way.

    Hardening: anchors, aliases and deep nesting raise a ``yaml.YAMLError`` (coursetools.checks.yaml_guard)."""
    from .checks.yaml_guard import problem

    refused = problem(text, YAML_LOADER, "the data file")
    if refused is not None:
        raise yaml.YAMLError(f"line {refused.line + 1}: {refused.message}")
    return yaml.load(text, Loader=YAML_LOADER)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with an mkdocs.yml and a docs/ folder."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").exists() and (folder / "docs").is_dir():
            return folder
    return None


def shown_path(path: Path, root: Path | None) -> str:
    """A path as findings print it: relative to the repository (``docs/...``) when it is inside."""
    if root is None:
        return str(path)
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` and ``!!python/...`` tags become plain values."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    items = loader.construct_sequence(node)  # type: ignore[arg-type]
    for name in items[:-1]:
        if name in os.environ:
            return os.environ[name]
    return items[-1] if items else None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as plain data, without MkDocs (empty when it cannot be read): the one reader of
    the config for the settings, the limits and anything else that runs without building."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}
