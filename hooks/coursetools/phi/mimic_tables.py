"""The column lists of the credentialed MIMIC tables, read from ``mimic_tables.yml`` (package data)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from ..repo import load_yaml

DATA_FILE = "mimic_tables.yml"


@lru_cache(maxsize=1)
def restricted_tables() -> dict[str, frozenset[str]]:
    """Table name ("MIMIC-IV labevents") -> its column names (lower case)."""
    return parse(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def parse(text: str) -> dict[str, frozenset[str]]:
    """The tables of a ``mimic_tables.yml`` text; anchors, aliases and deep nesting are refused,
    never expanded (coursetools.repo.load_yaml)."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise ValueError(f"{DATA_FILE}: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{DATA_FILE} must map table names to space-separated column names")
    return {str(name): frozenset(columns.lower().split()) for name, columns in data.items()}
