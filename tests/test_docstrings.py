"""Every module of the tooling, and every public function, class, method and MkDocs hook in it,
has a docstring (CONTRIBUTING.md: "public functions have docstrings").

The files are parsed with ``ast``, never imported, so a module that fails to import is still
checked. The benchmark (bench/coursebench/) is checked too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
BENCH = ROOT / "bench" / "coursebench"

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def checked_files() -> list[Path]:
    return sorted([*HOOKS.rglob("*.py"), *BENCH.rglob("*.py")])


def is_public(name: str) -> bool:
    return not name.startswith("_")


def is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def is_overload(node: Definition) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "overload":
            return True
        if isinstance(target, ast.Attribute) and target.attr == "overload":
            return True
    return False


def top_level(body: list[ast.stmt]) -> Iterator[Definition]:
    """The definitions in a module or class body, also those under an ``if``, ``try`` or ``with``."""
    for node in body:
        if isinstance(node, Definition):
            yield node
        elif isinstance(node, ast.If | ast.With | ast.AsyncWith):
            yield from top_level(node.body)
            yield from top_level(getattr(node, "orelse", []))
        elif isinstance(node, ast.Try | ast.TryStar):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from top_level(block)


def missing_in_class(cls: ast.ClassDef, prefix: str) -> Iterator[tuple[int, str]]:
    """Line and qualified name of each public method (or nested class) of ``cls`` with no docstring."""
    for node in top_level(cls.body):
        if is_dunder(node.name) or not is_public(node.name) or is_overload(node):
            continue
        name = f"{prefix}.{node.name}"
        if ast.get_docstring(node) is None:
            yield node.lineno, name
        if isinstance(node, ast.ClassDef):
            yield from missing_in_class(node, name)


def is_hook(node: Definition) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("on_")


def missing_docstrings(source: str, where: str, is_hook_file: bool) -> list[str]:
    """``where:line name`` for the module itself and every definition in it that needs a docstring.

    In a hook file (``hooks/*.py``) every ``on_*`` function is a hook, also a method of a private
    plugin class; a module-level one is public by its name anyway."""
    tree = ast.parse(source, filename=where)
    missing = []
    if ast.get_docstring(tree) is None:
        missing.append(f"{where}:1 (module docstring)")
    for node in top_level(tree.body):
        if is_overload(node):
            continue
        if is_public(node.name):
            if ast.get_docstring(node) is None:
                missing.append(f"{where}:{node.lineno} {node.name}")
            if isinstance(node, ast.ClassDef):
                missing.extend(f"{where}:{line} {name}" for line, name in missing_in_class(node, node.name))
        elif is_hook_file and isinstance(node, ast.ClassDef):
            missing.extend(
                f"{where}:{method.lineno} {node.name}.{method.name}"
                for method in top_level(node.body)
                if is_hook(method) and ast.get_docstring(method) is None
            )
    return missing


def missing_in(path: Path) -> list[str]:
    return missing_docstrings(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix(), path.parent == HOOKS)


SAMPLE = '''
from typing import overload

def public(): pass
def _private(): pass
def documented():
    """Yes."""
@overload
def stub(x: int) -> int: ...
def stub(x):
    """The implementation."""
if True:
    def conditional(): pass
class Public:
    def __init__(self): pass
    def method(self): pass
    def _helper(self): pass
    @property
    def value(self): pass
    class Inner:
        def deep(self): pass
class _Private:
    def method(self): pass
async def fetch(): pass
'''


def test_the_check_finds_what_it_should():
    assert missing_docstrings(SAMPLE, "x.py", is_hook_file=False) == [
        "x.py:1 (module docstring)",
        "x.py:4 public",
        "x.py:13 conditional",
        "x.py:14 Public",
        "x.py:16 Public.method",
        "x.py:19 Public.value",
        "x.py:20 Public.Inner",
        "x.py:21 Public.Inner.deep",
        "x.py:24 fetch",
    ]
    hooks = (
        '"""Hooks."""\n'
        "def on_page_markdown(markdown, **kwargs): pass\n"
        "def _on_helper(): pass\n"
        "class _Plugin:\n"
        "    def on_post_build(self, config): pass\n"
        "    def _helper(self): pass\n"
    )
    assert missing_docstrings(hooks, "h.py", is_hook_file=True) == [
        "h.py:2 on_page_markdown",
        "h.py:5 _Plugin.on_post_build",
    ]
    assert missing_docstrings(hooks, "h.py", is_hook_file=False) == ["h.py:2 on_page_markdown"]


def test_the_files_checked_are_the_tooling():
    files = checked_files()
    assert HOOKS / "course_hooks.py" in files and HOOKS / "coursetools" / "course.py" in files
    assert BENCH / "cli.py" in files


def test_every_public_definition_and_hook_has_a_docstring():
    missing = [entry for path in checked_files() for entry in missing_in(path)]
    assert not missing, f"{len(missing)} without a docstring:\n" + "\n".join(missing)
