"""Command-line arguments that are files, whatever their names look like."""

from __future__ import annotations

from pathlib import Path

FILE_SUFFIXES = (".md", ".ipynb", ".csv", ".tsv", ".json", ".jsonl", ".txt", ".yml", ".yaml")


def files_as_paths(argv: list[str]) -> list[str]:
    """``argv`` with every argument that names a file but looks like an option (``--help.md``)
    moved after ``--``, so that argparse takes it as a file, not as ``--help``."""
    options: list[str] = []
    files: list[str] = []
    for index, arg in enumerate(argv):
        if arg == "--":
            files.extend(argv[index + 1 :])
            break
        if arg.startswith("-") and (Path(arg).suffix.lower() in FILE_SUFFIXES or Path(arg).is_file()):
            files.append(arg)
        else:
            options.append(arg)
    return options + (["--", *files] if files else [])
