// Render math with the vendored KaTeX (no CDN), only where there is math.
// Lessons: pymdownx.arithmatex (generic) wraps each formula in an element of class "arithmatex"
// holding \( \) or \[ \]: each is rendered on its own, without walking the page's text.
// Notebooks: markdown cells keep Jupyter's $ and $$ delimiters, so those are only honoured
// inside notebook cells that contain a "$" (and the table of contents, which repeats their
// headings), where a dollar sign is math, not money.
(function () {
  var OPTIONS = { throwOnError: false };

  function formula(el) {
    var tex = el.textContent.trim();
    var display = /^\\\[[\s\S]*\\\]$/.test(tex);
    if (display || /^\\\([\s\S]*\\\)$/.test(tex)) tex = tex.slice(2, -2);
    try {
      katex.render(tex, el, Object.assign({ displayMode: display || el.tagName === "DIV" }, OPTIONS));
    } catch (e) { /* throwOnError is off; anything else leaves the TeX as written */ }
  }

  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex").forEach(function (el) {
      if (!el.querySelector(".katex")) formula(el);
    });
    if (typeof renderMathInElement !== "function" || !root.querySelector(".jupyter-wrapper")) return;
    var cells = ".jupyter-wrapper .jp-MarkdownOutput, .jupyter-wrapper .jp-RenderedMarkdown, .md-nav--secondary .md-nav__link";
    root.querySelectorAll(cells).forEach(function (cell) {
      if (cell.textContent.indexOf("$") === -1) return;
      renderMathInElement(cell, Object.assign({
        ignoredClasses: ["highlight", "md-search"],
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "$", right: "$", display: false }
        ]
      }, OPTIONS));
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function (doc) { render(doc.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();
