"""Diagram figures (coursetools.pages.diagrams) and readable search snippets (coursetools.pages.search_text)."""

from __future__ import annotations

import json
from pathlib import Path

from coursetools.pages import diagrams, search_text

ROOT = Path(__file__).resolve().parents[1]

SOURCE = """flowchart LR
    accTitle: Coding <pipeline> & review
    N["Clinical note"] --> C["Coder (human)"]
"""


def test_every_diagram_has_both_renderings_committed():
    assert diagrams.main(["--check", "--root", str(ROOT)]) == 0
    found = diagrams.all_diagrams(ROOT / "docs")
    assert len(found) >= 10
    for diagram in found.values():
        light, dark = (ROOT / "docs" / f for f in diagram.files)
        assert dark.name == light.name.replace(".svg", "-dark.svg")
        size = diagrams.natural_size(light)
        assert size is not None and size == diagrams.natural_size(dark), f"{light.name}: {size}"
        assert "background-color: transparent" in dark.read_text(encoding="utf-8")[:2000]
        assert diagrams.title(diagram.source), f"{light.name}: a diagram without an accTitle caption"


def test_figure_has_caption_both_renderings_and_natural_size(tmp_path):
    diagram = diagrams.find(f"```mermaid\n{SOURCE}```\n")[0]
    svg = tmp_path / diagram.file
    svg.parent.mkdir(parents=True)
    svg.write_text('<svg id="my-svg" width="412.5" viewBox="0 0 412.5 80.2" role="graphics-document">')
    html = diagrams.figure(diagram, "modules/01", tmp_path)
    # 412 px wide: narrow enough to shrink to a phone's column with its text still readable
    assert html.startswith('<figure class="course-diagram course-diagram--fits">') and html.endswith("</figure>")
    assert "<figcaption>Coding &lt;pipeline&gt; &amp; review</figcaption>" in html
    assert f'src="../../assets/diagrams/{diagram.key}.svg"' in html
    assert f'src="../../assets/diagrams/{diagram.key}-dark.svg"' in html
    assert html.count('width="412" height="80"') == 2
    assert 'alt="Flowchart: Clinical note leads to Coder (human)."' in html
    assert "\n" not in html  # one raw-HTML line in the Markdown


def test_a_diagram_too_wide_for_a_phone_keeps_its_size(tmp_path):
    diagram = diagrams.find(f"```mermaid\n{SOURCE}```\n")[0]
    svg = tmp_path / diagram.file
    svg.parent.mkdir(parents=True)
    svg.write_text(f'<svg id="my-svg" viewBox="0 0 {diagrams.PHONE_FIT_WIDTH + 1} 80" role="graphics-document">')
    assert diagrams.figure(diagram, "modules/01", tmp_path).startswith('<figure class="course-diagram">')


def test_the_caption_line_is_not_part_of_the_alt_text():
    assert "accTitle" not in diagrams.describe(SOURCE)
    assert diagrams.title(SOURCE) == "Coding <pipeline> & review"


def test_math_reads_as_text_in_search_snippets():
    formula = r"\text{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V"
    assert search_text.readable(formula) == "Attention(Q, K, V) = softmax((QKᵀ) / (√(dₖ)))V"
    assert search_text.readable(r"W^Q_i") == "W^Qᵢ"
    assert search_text.readable(r"d_{\text{model}}") == "d_model"
    assert search_text.clean("blind beyond $n-1$ words; $T&lt;1$ sharpens") == "blind beyond n-1 words; T&lt;1 sharpens"
    text = r"Heading¶ <p>weights \(W^Q_i\), \[ \frac{a}{b} \] cost $5 and $10; <code>\(x\)</code></p>"
    assert search_text.clean(text) == r"Heading <p>weights W^Qᵢ, (a) / (b) cost $5 and $10; <code>\(x\)</code></p>"


def test_both_index_files_are_rewritten(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    index = {
        "config": {"lang": ["en"]},
        "docs": [{"location": "a.html", "title": "Scores¶", "text": r"<p>\(\sqrt{d_k}\)</p>"}],
    }
    (folder / "search_index.json").write_text(json.dumps(index))
    (folder / "search_index.js").write_text("var __index = " + json.dumps(index))
    assert search_text.clean_site(tmp_path) == 2
    cleaned = json.loads((folder / "search_index.json").read_text())
    assert cleaned["docs"][0] == {"location": "a.html", "title": "Scores", "text": "<p>√(dₖ)</p>"}
    script = (folder / "search_index.js").read_text()
    assert script.startswith("var __index = ") and json.loads(script[len("var __index = ") :]) == cleaned
    assert search_text.clean_site(tmp_path) == 0  # already clean: files left alone


def test_the_instructors_guide_is_left_out_of_search():
    assert search_text.excluded("instructors/index.md") and search_text.excluded("instructors/checks.md")
    assert not search_text.excluded("modules/06-responsible-use/privacy-and-regulation.md")
    assert not search_text.excluded("notebooks/tokenization.ipynb")


def test_the_built_index_is_for_students_and_notebook_entries_read_as_prose(built_site):
    index = json.loads((Path(built_site) / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("instructors/")], "instructor pages are searchable"
    assert any(loc.startswith("modules/") for loc in locations)
    notebooks = [doc for doc in index["docs"] if doc["location"].startswith("notebooks/") and doc["text"]]
    pages = {doc["location"].split("#")[0] for doc in notebooks}
    built = {p.relative_to(built_site).as_posix() for p in (Path(built_site) / "notebooks").glob("*.html")}
    executed = {p for p in built if "jp-Notebook" in (Path(built_site) / p).read_text(encoding="utf-8")}
    assert len(executed) >= 5 and executed <= pages, (executed, pages)
    for doc in notebooks:
        if doc["location"].split("#")[0] not in executed:
            continue  # a Markdown page of the notebooks section (commands in <pre> are its content)
        text = doc["text"]
        # Neither code cells nor their outputs: no <pre>, no Python, no table cells run together.
        assert "<pre>" not in text and "import " not in text and "print(" not in text, (doc["location"], text[:300])
        for soup in ("sentencegold", "gold entitiespredicted"):
            assert soup not in text, (doc["location"], text[:300])
    # Was 113 kB for 5 notebooks (22.6 kB each, two thirds of it code); prose alone is under 10 kB each.
    assert sum(len(doc["text"]) for doc in notebooks) < 10_000 * len(executed)
