"""Built pages without the templates' indentation (coursetools.pages.compact): smaller, and the
same page for a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from coursetools.pages.compact import compact

PAGE = """<!doctype html>
<html>
  <head>
    <style>
      .a  { color: red }
    </style>
    <script>
      var  x = "a\n    b";
    </script>
  </head>
  <body>
    <nav>
      <ul>
        <li class="md-nav__item">
          <a href="x.html">
            <span>
              Lesson   one
            </span>
          </a>
        </li>
      </ul>
    </nav>
    <p>Some <em>text</em> <strong>kept</strong>
    apart.</p>
    <pre><code>def f():
        return  1

</code></pre>
    <textarea>
  typed
    text</textarea>
  </body>
</html>
"""


class _Text(HTMLParser):
    """What a browser would show: text with whitespace runs collapsed, and preformatted text as is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.kept = 0

    def handle_starttag(self, tag, attrs):
        self.parts.append(f"<{tag} {attrs}>")
        self.kept += tag in ("pre", "textarea", "script", "style")

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")
        self.kept -= tag in ("pre", "textarea", "script", "style")

    def handle_data(self, data):
        self.parts.append(data if self.kept else re.sub(r"\s+", " ", data))

    def shown(self) -> str:
        return re.sub(r" +", " ", "".join(self.parts))


def shown(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return parser.shown()


def test_indentation_goes_and_the_page_reads_the_same():
    small = compact(PAGE)
    assert len(small) < len(PAGE) * 0.8
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", small, flags=re.S)
    assert not re.search(r">\n[ \t]+|\n[ \t]+<", outside)
    assert shown(small) == shown(PAGE)
    # Whitespace inside a line stays (it is not the templates' indentation), and so does the
    # space that separates two inline elements.
    assert "Lesson   one" in small and "<em>text</em> <strong>kept</strong>" in small


@pytest.mark.parametrize("tag", ["pre", "textarea", "script", "style"])
def test_preformatted_text_is_left_exactly_as_it_is(tag):
    original = re.search(rf"<{tag}\b.*?</{tag}>", PAGE, re.S).group(0)
    assert original in compact(PAGE)


def test_nothing_to_compact_is_unchanged():
    html = '<p>a <a href="#x">b</a></p><pre>\n  x\n</pre>'
    assert compact(html) == html


@pytest.mark.slow
def test_built_pages_carry_no_template_indentation(built_site):
    for page in ("modules/02-transformers/attention.html", "notebooks/attention-from-scratch.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
        assert not re.search(r">\n[ \t]+|\n[ \t]+<", outside), page
    code = re.findall(r"<pre\b.*?</pre>", html, flags=re.S)  # the notebook's code, indentation and all
    assert any("\n    " in block for block in code)
