// Render math with the vendored KaTeX (no CDN).
// Lessons: pymdownx.arithmatex wraps math in \( \) and \[ \].
// Notebooks: markdown cells keep Jupyter's $ and $$ delimiters, so those are only
// honoured inside notebook content (and its table of contents), where a dollar sign is
// math, not money.
(function () {
  function render(root) {
    if (typeof renderMathInElement !== "function") return;
    var common = { throwOnError: false, ignoredClasses: ["highlight", "md-search"] };
    renderMathInElement(root, Object.assign({}, common, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true }
      ]
    }));
    // On a notebook page the table of contents repeats the cells' headings, $math$ included.
    var notebook = root.querySelector(".jupyter-wrapper") ? ", .md-nav--secondary .md-nav__link" : "";
    root.querySelectorAll(".jupyter-wrapper .jp-MarkdownOutput, .jupyter-wrapper .jp-RenderedMarkdown" + notebook).forEach(function (cell) {
      renderMathInElement(cell, Object.assign({}, common, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "$", right: "$", display: false }
        ]
      }));
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function (doc) { render(doc.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();
