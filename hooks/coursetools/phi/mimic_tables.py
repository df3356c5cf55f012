"""The column lists of the credentialed MIMIC tables, read from ``mimic_tables.yml`` (package data)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from ..repo import YAML_LOADER

DATA_FILE = "mimic_tables.yml"


def _refuse_aliases(text: str) -> None:
    """Anchors and aliases are refused, never expanded (one pass over the parser's events)."""
    for event in yaml.parse(text, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ValueError(f"{DATA_FILE}: anchors and aliases are not allowed")


@lru_cache(maxsize=1)
def restricted_tables() -> dict[str, frozenset[str]]:
    """Table name ("MIMIC-IV labevents") -> its column names (lower case)."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    _refuse_aliases(text)
    data = yaml.load(text, Loader=YAML_LOADER)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{DATA_FILE} must map table names to space-separated column names")
    return {str(name): frozenset(columns.lower().split()) for name, columns in data.items()}
