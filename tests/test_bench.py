"""The benchmark tooling: the generated corpus is deterministic and valid, the bench runs.

No test here asserts a timing: the figures depend on the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursetools import bench, corpus
from coursetools.course import check_course
from mkdocs.utils.yaml import yaml_load

LESSONS = 30  # spans two generated modules (25 lessons each)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def generated(tmp_path_factory, repo_root) -> corpus.Corpus:
    return corpus.generate(tmp_path_factory.mktemp("corpus") / "course", LESSONS, source=repo_root)


def test_corpus_is_deterministic(tmp_path, repo_root):
    first = corpus.generate(tmp_path / "a", LESSONS, source=repo_root, notebooks=False)
    second = corpus.generate(tmp_path / "b", LESSONS, source=repo_root, notebooks=False)
    assert len(first.lessons) == LESSONS and first.lessons == second.lessons
    assert len(first.modules) == 2
    assert first.config.read_bytes() == second.config.read_bytes()
    assert _tree(first.docs / "modules") == _tree(second.docs / "modules")
    generated = {path: data for path, data in _tree(first.docs).items() if "-generated-" in path}
    assert len(generated) == LESSONS + 2  # lessons plus one index.md per module
    assert generated == {p: d for p, d in _tree(second.docs).items() if "-generated-" in p}


@pytest.mark.xfail(strict=True, reason="the old generated lessons are shorter than the content rules allow; "
                   "the realistic corpus (issue 14) replaces them")
def test_corpus_lessons_pass_the_standalone_check(generated):
    files = [str(generated.docs / path) for path in generated.lessons]
    files += [str(generated.docs / "modules" / module / "index.md") for module in generated.modules]
    result = subprocess.run(
        [sys.executable, "-m", "coursetools.check", "--root", str(generated.root), "--quiet", *files],
        capture_output=True, text=True, cwd=generated.root,
        env={**os.environ, "PYTHONPATH": str(generated.root / "hooks")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    course = check_course(generated.docs, generated.root)
    assert not [f for f in course.findings if "-generated-" in f.path]
    lessons = {page.path: page for page in course.lessons()}
    for path in generated.lessons:
        page = lessons[path]
        assert 700 <= page.words <= 1000, (path, page.words)
        assert len(page.notes.definitions) >= 3
        for marker in ("|---|", "$$", '!!! question', '??? success', "## "):
            assert marker in page.text, (path, marker)
    for module in generated.modules:
        assert "<!-- lesson-list -->" in (generated.docs / "modules" / module / "index.md").read_text()


def _nav_pages(nav) -> list[str]:
    out = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out.extend(_nav_pages(value))
        else:
            out.append(value)
    return out


def test_corpus_lessons_are_in_the_nav(generated):
    config = yaml_load((generated.root / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = _nav_pages(config["nav"])
    for path in generated.lessons:
        assert path in pages
    for module in generated.modules:
        assert f"modules/{module}/index.md" in pages
    assert config["hooks"] == ["hooks/course_hooks.py"]


def test_config_variants(generated, tmp_path, repo_root):
    variant = corpus.write_variant(generated.root, hooks=False)
    config = yaml_load(variant.read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert _nav_pages(config["nav"]) == _nav_pages(
        yaml_load((generated.root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])

    bare = corpus.generate(tmp_path / "no-notebooks", 3, source=repo_root, notebooks=False)
    assert not list(bare.docs.rglob("*.ipynb"))
    pages = _nav_pages(yaml_load(bare.config.read_text(encoding="utf-8"))["nav"])
    assert pages and not [p for p in pages if p.endswith(".ipynb")]
    assert all(path in pages for path in bare.lessons)


def test_render_markdown_without_a_full_run():
    fig = bench.figure("x", "s", [1.0, 2.0, 3.0], [0.5, 0.6, 0.7])
    results = {
        "date": "2026-11-23", "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11",
                                          "mkdocs": "1.6.1", "material": "9.8.1"},
        "settings": {"runs": 3, "sizes": [100]},
        "courses": {"real": {"lessons": 20, "pages": 40},
                    "corpus_100": {"lessons": 120, "generated": 100, "pages": 144}},
        "figures": {"real.build_warm": fig, "corpus_100.build_warm": fig,
                    "weight.real.site": bench.figure("site", "bytes", [2_000_000])},
    }
    results["targets"] = bench.evaluate_targets(results)
    text = bench.render_markdown(results)
    assert "2026-11-23" in text and "Test CPU" in text
    assert "| Warm build (every notebook a cache hit) | 2.00 s" in text
    assert "+ 100 lessons" in text


@pytest.mark.slow
def test_bench_quick_writes_every_figure(tmp_path, repo_root):
    target = tmp_path / "benchmarks.json"
    result = subprocess.run([sys.executable, "-m", "coursetools.bench", "--quick", "--json", str(target)],
                            capture_output=True, text=True, cwd=repo_root, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(target.read_text(encoding="utf-8"))
    assert results["date"]
    for key in ("cpu", "cores", "python", "mkdocs", "material"):
        assert results["machine"][key]
    expected = [
        "real.build_cold", "real.build_warm", "real.build_no_hooks", "real.build_no_notebooks",
        "real.hooks_share", "real.warm_over_no_notebooks", "real.check_cli", "real.check_in_process",
        "corpus_100.build_warm", "corpus_100.build_warm_per_page", "corpus_100.build_no_hooks",
        "corpus_100.hooks_share", "corpus_100.check_cli", "corpus_100.check_in_process",
    ] + [f"weight.{course}.{name}" for course in ("real", "corpus_100")
         for name in ("site", "lesson_html", "lesson_html_gzip", "search_index",
                      "search_index_gzip", "first_load_gzip")]
    assert not [key for key in expected if key not in results["figures"]]
    for key, fig in results["figures"].items():
        for stat in ("median", "min", "max"):
            assert isinstance(fig[stat], (int, float)), (key, stat)
        assert fig["min"] <= fig["median"] <= fig["max"], key
        assert fig["runs"], key
    assert results["targets"] and all("met" in t for t in results["targets"])
    assert "serve.rebuild_visible" not in results["figures"]  # --quick skips serve
    assert "Measured on" in bench.render_markdown(results)
