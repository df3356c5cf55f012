"""The benchmark tooling: the generated corpus is deterministic, valid and shaped like the real
lessons; page weight and the report say what they should; the bench runs.

No test here asserts a timing: the figures depend on the machine.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from coursebench import corpus, features, report, targets, weight
from coursebench.builds import figure
from coursetools.assessment.quiz import completeness, page_quizzes

LESSONS = 30  # spans two generated modules (25 lessons each)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


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
    made = {path: data for path, data in _tree(first.docs).items() if "-generated-" in path}
    assert len(made) == LESSONS + 2  # lessons plus one index.md per module
    assert made == {p: d for p, d in _tree(second.docs).items() if "-generated-" in p}


def test_corpus_lessons_pass_the_standalone_check(generated):
    files = [str(generated.docs / path) for path in generated.lessons]
    files += [str(generated.docs / "modules" / module / "index.md") for module in generated.modules]
    result = subprocess.run(
        [sys.executable, "-m", "coursetools.cli.check", "--root", str(generated.root), "--quiet", *files],
        capture_output=True,
        text=True,
        cwd=generated.root,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # generated lessons age like real ones: being due for review is a warning, nothing else is allowed
    assert [line for line in result.stdout.splitlines() if "[review-overdue]" not in line] == []
    for module in generated.modules:
        assert "<!-- lesson-list -->" in (generated.docs / "modules" / module / "index.md").read_text()


def test_generated_lessons_match_the_real_medians(generated, repo_root):
    real = [p.read_text(encoding="utf-8") for p in features.real_lessons(repo_root / "docs")]
    made = [(generated.docs / p).read_text(encoding="utf-8") for p in generated.lessons]
    medians = features.compare(real, made)
    words = medians["words"]
    assert abs(words["generated"] - words["real"]) <= 0.05 * words["real"], words
    for key in [k for k in features.FEATURES if k not in ("words", "quizzes")]:  # words: within 5 % above
        assert abs(medians[key]["generated"] - medians[key]["real"]) <= 1, (key, medians[key])
    assert medians["quizzes"]["generated"] == 1  # lessons are getting one quiz each
    for text in made:
        assert "```quiz\n- question:" in text and "```mermaid\n" in text


def test_generated_quizzes_are_yaml_lists_of_questions(generated):
    text = (generated.docs / generated.lessons[0]).read_text(encoding="utf-8")
    block = text.split("```quiz\n", 1)[1].split("\n```", 1)[0]
    questions = yaml_load(block)
    assert isinstance(questions, list) and len(questions) == 4
    for question in questions:
        assert question["question"] and question["kind"] in ("single", "multiple", "numeric")
        if question["kind"] == "single":
            assert sum(1 for choice in question["choices"] if choice.get("correct")) == 1
    # ... and a self-check the course's quiz rules accept (every required kind among them).
    quizzes, found = page_quizzes(text, 1, "generated.md")
    assert [str(f) for f in found + completeness(quizzes[0], "generated.md")] == []


def test_features_count_what_a_reader_sees():
    text = "\n".join(
        [
            "---",
            "title: T",
            "---",
            "",
            "Two words $x$ and \\(y\\), then a footnote.[^a]",
            "",
            "$$",
            "E = mc^2",
            "$$",
            "",
            "| a | b |",
            "|---|---|",
            "| 1 | 2 |",
            "",
            '!!! question "Exercise"',
            "    Do it.",
            "",
            '    ??? success "Solution"',
            "        Done.",
            "",
            "```python",
            "price = '$5 and $6'",
            "```",
            "",
            "```mermaid",
            "graph LR; A-->B",
            "```",
            "",
            "```quiz",
            "- question: Why?",
            "```",
            "",
            "[^a]: A note that is not prose.",
        ]
    )
    counts = features.count(text)
    assert counts == {
        "words": 20,
        "footnotes": 1,
        "display_math": 1,
        "inline_math": 2,
        "tables": 1,
        "code_blocks": 1,
        "admonitions": 2,
        "mermaid": 1,
        "exercises": 1,
        "quizzes": 1,
    }
    assert features.count("Just `$5 and $6` in code.")["inline_math"] == 0


def test_corpus_lessons_are_in_the_nav(generated):
    config = yaml_load((generated.root / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = _nav_pages(config["nav"])
    for path in generated.lessons:
        assert path in pages
    for module in generated.modules:
        assert f"modules/{module}/index.md" in pages
    assert config["hooks"] == ["hooks/course_hooks.py", "hooks/preview_cache.py", "hooks/page_cache.py"]


def _nav_pages(nav) -> list[str]:
    out = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out.extend(_nav_pages(value))
        else:
            out.append(value)
    return out


def test_config_variants(generated, tmp_path, repo_root):
    variant = corpus.write_variant(generated.root, hooks=False)
    config = yaml_load(variant.read_text(encoding="utf-8"))
    assert config["hooks"] == ["hooks/preview_cache.py", "hooks/page_cache.py"]  # the course's hooks alone go
    assert _nav_pages(config["nav"]) == _nav_pages(
        yaml_load((generated.root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    )

    bare = corpus.generate(tmp_path / "no-notebooks", 3, source=repo_root, notebooks=False)
    assert not list(bare.docs.rglob("*.ipynb"))
    pages = _nav_pages(yaml_load(bare.config.read_text(encoding="utf-8"))["nav"])
    assert pages and not [p for p in pages if p.endswith(".ipynb")]
    assert all(path in pages for path in bare.lessons)


# --- Page weight -----------------------------------------------------------------------------


def _site(root: Path) -> Path:
    files = {
        "assets/main.css": "body{font-family:x}" * 50 + "@font-face{src:url(fonts/KaTeX_Main-Regular.woff2)}"
        "@font-face{src:url(fonts/KaTeX_Size4-Regular.woff2)}",
        "assets/fonts/KaTeX_Main-Regular.woff2": "F" * 300,
        "assets/fonts/KaTeX_Size4-Regular.woff2": "S" * 300,
        "assets/app.js": "console.log(1);" * 40,
        "assets/workers/search.0123abcd.min.js": "w" * 500,
        "search/search_index.json": json.dumps({"docs": [{"text": "word " * 200}]}),
        "img/diagram.svg": "<svg/>",
        "img/lazy.svg": "<svg></svg>",
        "lessons/one.html": (
            '<html><head><link rel="stylesheet" href="../assets/main.css">'
            '<link rel="stylesheet" href="https://fonts.example.org/x.css">'
            '<script id="__config" type="application/json">'
            '{"search": "../assets/workers/search.0123abcd.min.js"}</script></head><body>'
            '<img src="../img/diagram.svg" alt="d"><img src="../img/lazy.svg" loading="lazy" alt="l">'
            '<span class="arithmatex">x</span><script src="../assets/app.js"></script>'
            '<script src="../assets/gone.js"></script></body></html>'
        ),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_first_load_counts_what_the_page_fetches_before_interaction(tmp_path):
    site = _site(tmp_path)
    load = weight.first_load(site, "lessons/one.html")
    assert [(f.path, f.kind) for f in load.files] == [
        ("lessons/one.html", "html"),
        ("assets/main.css", "css"),
        ("img/diagram.svg", "image"),
        ("img/lazy.svg", "image"),
        ("assets/app.js", "js"),
        ("assets/fonts/KaTeX_Main-Regular.woff2", "font"),
    ]
    assert [f.path for f in load.files if f.lazy] == ["img/lazy.svg"]
    assert load.external == ["https://fonts.example.org/x.css"]
    assert load.missing == ["../assets/gone.js"]
    expected = [(site / f.path).read_bytes() for f in load.files]
    assert load.raw == sum(len(data) for data in expected)
    assert load.gzip == sum(len(gzip.compress(data, 6, mtime=0)) for data in expected)


def test_first_query_is_the_search_worker_and_index(tmp_path):
    site = _site(tmp_path)
    query = weight.first_query(site, "lessons/one.html")
    assert [(f.path, f.kind) for f in query] == [
        ("assets/workers/search.0123abcd.min.js", "search worker"),
        ("search/search_index.json", "search index"),
    ]
    assert query[1].raw == (site / "search/search_index.json").stat().st_size
    assert query[1].gzip < query[1].raw


def test_weight_command_prints_the_table(tmp_path):
    site = _site(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "hooks")}
    result = subprocess.run(
        [sys.executable, "-m", "coursebench.weight", str(site), "lessons/one.html"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "assets/fonts/KaTeX_Main-Regular.woff2  font" in result.stdout
    assert "missing: ../assets/gone.js" in result.stdout
    assert "starting to search fetches" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "coursebench.weight", str(site), "nope.html"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode == 1 and "no such page" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_bad_sizes_are_refused_without_a_traceback(repo_root):
    result = subprocess.run(
        [sys.executable, "-m", "coursebench", "--sizes", "100,lots"],
        capture_output=True,
        text=True,
        cwd=repo_root,
    )
    assert result.returncode == 2
    assert "--sizes takes whole numbers separated by commas, not '100,lots'" in result.stderr
    assert "Traceback" not in result.stderr


# --- The report --------------------------------------------------------------------------------


def _results() -> dict:
    fig = figure("x", "s", [1.0, 2.0, 3.0], [0.5, 0.6, 0.7])
    results = {
        "date": "2026-11-23",
        "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11", "mkdocs": "1.6.1", "material": "9.8.1"},
        "settings": {"runs": 3, "sizes": [100]},
        "courses": {
            "real": {"lessons": 20, "pages": 40},
            "corpus_100": {"lessons": 120, "generated": 100, "pages": 144},
        },
        "figures": {
            "real.build_warm": fig,
            "corpus_100.build_warm": fig,
            "corpus_100.build_warm_per_page": figure("p", "ms/page", [41.0], [30.0]),
            "weight.real.site": figure("site", "bytes", [2_000_000]),
            "weight.real.first_load_gzip": figure("f", "bytes", [120_000]),
            "weight.real.notebook_first_load_gzip": figure("n", "bytes", [330_600]),
        },
        "corpus": {
            "real_lessons": 20,
            "generated_lessons": 100,
            "medians": {"words": {"real": 2094.0, "generated": 2090.0}, "quizzes": {"real": 0, "generated": 1}},
        },
    }
    results["targets"] = targets.evaluate(results)
    return results


def test_report_shows_figures_beside_their_targets():
    text = report.render_markdown(_results())
    assert "Measured on **2026-11-23** on Test CPU (2 cores)" in text
    assert (
        "| Build of the course with 120 lessons, per page | 41.0 ms <small>(CPU 30.0 ms)</small> | "
        "<= 35.0 ms | **no** |"
    ) in text
    assert "| Lesson (median) first load, gzip | 120.0 kB | <= 150.0 kB | yes |" in text
    assert "| Notebook page (median) first load, gzip | 330.6 kB | <= 300.0 kB | **no** |" in text
    assert (
        "| Warm build (notebooks, check results and converted pages read back) | 2.00 s <small>(1.00 s to 3.00 s)</small> | 600 ms |"
    ) in text
    assert "| Words of prose | 2,094 | 2,090 |" in text
    assert "+ 100 lessons" in text


def test_report_leaves_out_what_was_not_measured():
    text = report.render_markdown({"date": "2026-11-23", "figures": {}, "courses": {}})
    assert "Measured on **2026-11-23**" in text
    assert "## Targets" not in text and "## Page weight" not in text


@pytest.mark.slow
def test_bench_quick_writes_every_figure(tmp_path, repo_root):
    target = tmp_path / "benchmarks.json"
    result = subprocess.run(
        [sys.executable, "-m", "coursebench", "--quick", "--json", str(target)],
        capture_output=True,
        text=True,
        cwd=repo_root,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(target.read_text(encoding="utf-8"))
    assert results["date"]
    for key in ("cpu", "cores", "python", "mkdocs", "material"):
        assert results["machine"][key]
    expected = [
        "real.build_cold",
        "real.build_warm",
        "real.build_no_hooks",
        "real.build_no_notebooks",
        "real.build_uncached",
        "real.hooks_share",
        "real.warm_over_no_notebooks",
        "real.check_cli",
        "real.hooks_inside",
        "corpus_100.build_warm",
        "corpus_100.build_warm_per_page",
        "corpus_100.build_no_hooks",
        "corpus_100.hooks_share",
        "corpus_100.build_uncached_per_page",
        "corpus_100.check_cli",
        "corpus_100.hooks_inside",
        "weight.real.notebook_first_load_gzip",
    ] + [
        f"weight.{course}.{name}"
        for course in ("real", "corpus_100")
        for name in ("site", "lesson_html", "lesson_html_gzip", "first_load_gzip", "search_first_query_gzip")
    ]
    assert not [key for key in expected if key not in results["figures"]]
    for key, fig in results["figures"].items():
        assert fig["min"] <= fig["median"] <= fig["max"], key
    assert [t["figure"] for t in results["targets"]] == [
        "corpus_100.build_warm_per_page",
        "corpus_100.build_uncached_per_page",
        "corpus_100.build_no_hooks_per_page",
        "real.hooks_share",
        "real.hooks_inside_share",
        "weight.corpus_100.lesson_html",
        "weight.real.first_load_gzip",
        "weight.real.notebook_first_load_gzip",
    ]
    assert set(results["corpus"]["medians"]) == set(features.FEATURES)
    assert "serve.rebuild_visible" not in results["figures"]  # --quick skips serve
    assert "## Targets" in report.render_markdown(results)


def test_report_warns_when_the_machine_was_busy():
    busy = dict(
        _results(),
        machine={"cpu": "Test CPU", "cores": 2, "load_average_at_start": [6.5], "load_average_at_end": [9.25]},
    )
    text = report.render_markdown(busy)
    assert "(2 cores, load average 6.5 at the start and 9.25 at the end)" in text
    assert "The load average reached 9.25 on 2 cores during this run" in text
    quiet = dict(_results(), machine={"cpu": "Test CPU", "cores": 2, "load_average_at_start": [0.5]})
    assert "The machine was busy" not in report.render_markdown(quiet)
