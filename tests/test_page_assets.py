"""What a page asks of a phone (issue 23): glossary tooltips on first use, math scripts only where
math is (coursetools.pages.assets)."""

from __future__ import annotations

from coursetools.pages import assets

EHR = '<abbr title="Electronic health record">EHR</abbr>'
NER = '<abbr title="Named-entity recognition">NER</abbr>'


def test_only_the_first_use_of_a_term_keeps_its_tooltip():
    html = f"<p>An {EHR} holds notes; {NER} finds terms.</p><p>Every {EHR} and {NER}, again {EHR}.</p>"
    out = assets.first_use_abbreviations(html)
    assert out.count(EHR) == 1 and out.count(NER) == 1
    assert out.count("<abbr>EHR</abbr>") == 2 and out.count("<abbr>NER</abbr>") == 1
    assert out.index(EHR) < out.index("<abbr>EHR</abbr>")


def test_a_use_inside_a_link_does_not_count_as_the_first():
    html = f'<p><a href="x.html">the {EHR}</a> then {EHR} then {EHR}</p>'
    out = assets.first_use_abbreviations(html)
    assert out == f'<p><a href="x.html">the {EHR}</a> then {EHR} then <abbr>EHR</abbr></p>'


KATEX = (
    '<link rel="stylesheet" href="../assets/vendor/katex/katex.min.css">'
    '<script src="../assets/vendor/katex/katex.min.js"></script>'
    '<script src="../assets/vendor/katex/contrib/auto-render.min.js"></script>'
    '<script src="../assets/javascripts/katex-render.js"></script>'
)


def test_math_scripts_only_where_math_is():
    assert "katex" not in assets.drop_unused_math(f"<head>{KATEX}</head><p>No math.</p>")
    lesson = assets.drop_unused_math(f'<head>{KATEX}</head><span class="arithmatex">\\(x\\)</span>')
    assert "katex.min.js" in lesson and "katex-render.js" in lesson and "auto-render" not in lesson
    notebook = assets.drop_unused_math(f'<head>{KATEX}</head><div class="jupyter-wrapper">$x$</div>')
    assert "auto-render.min.js" in notebook


def test_permalinks_and_footnote_back_links_are_labelled_not_tooltips():
    html = (
        '<h2 id="x">X<a class="headerlink" href="#x" title="Link to this section">&para;</a></h2>'
        '<a class="footnote-backref" href="#fnref:a" title="Jump back to footnote 1 in the text">↩</a>'
    )
    out = assets.lighter(html)
    assert "title=" not in out
    assert '<a class="headerlink" href="#x" aria-label="Link to this section">' in out
    assert 'aria-label="Jump back to footnote 1 in the text"' in out
