"""The complete rule catalogue: every rule any check can report, with what it checks and its fix.

Rules are declared next to the code that checks them; importing this module imports every
checking module, so :func:`rules` sees them all. The instructor guide's rule table and
``course-check --explain`` are made from here.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import checks
from .findings import CATALOGUE, Rule

# Modules that declare rules outside the checks/ package.
_RULE_MODULES = (
    "assessment.objectives",
    "assessment.quiz",
    "checks.agreement",
    "cli.annotate",
    "checks.contract",
    "course",
    "data",
    "pages.diagrams",
    "checks.footnotes",
    "checks.frontmatter",
    "pages.generated_docs",
    "safety.hook_guard",
    "links.model",
    "notebooks.execute",
    "notebooks.bounds",
    "notebooks.secrets",
    "phi.rules",
    "checks.glossary",
    "checks.registry",
    "safety.render_budget",
    "safety.markup",
    "safety.raw_html",
    "safety.nesting",
    "safety.active_files",
    "runnable.exercises",
    "runnable.links",
    "runnable.setup_files",
    "safety.files",
    "checks.yaml_guard",
)  # tests/test_rules.py checks that this list names every module that declares a rule


def rules() -> list[Rule]:
    """Every rule, grouped and sorted by id."""
    for name in _RULE_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    for module in pkgutil.walk_packages(checks.__path__, f"{checks.__name__}."):
        importlib.import_module(module.name)
    return sorted(CATALOGUE.values(), key=lambda r: (r.group, r.id))


def markdown_table() -> str:
    """The catalogue as the Markdown table of the instructor guide."""
    rows = ["| Rule | Severity | What it checks | How to fix it |", "|---|---|---|---|"]
    for item in rules():
        rows.append(f"| `{item.id}` | {item.severity} | {_cell(item.checks)} | {_cell(item.fix)} |")
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
