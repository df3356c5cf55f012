/* Reading (issue 15): folded blocks open (and lazy images load) when printed, and folded blocks
   open when a link points inside one. */
(function () {
  "use strict";
  function openAll() {
    // Diagrams below the fold load lazily; a printout needs them all.
    document.querySelectorAll("img[loading=lazy]").forEach(function (img) { img.loading = "eager"; });
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.setAttribute("open", "");
      el.setAttribute("data-print-opened", "");
    });
  }
  function closeOpened() {
    document.querySelectorAll("details[data-print-opened]").forEach(function (el) {
      el.removeAttribute("open");
      el.removeAttribute("data-print-opened");
    });
  }
  function revealTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", closeOpened);
  window.addEventListener("hashchange", revealTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", revealTarget);
  else revealTarget();
})();
