// Self-check quizzes: check an answer, say whether it is right and why.
// The quiz HTML is made at build time (hooks/coursetools/assessment/render.py): each question is a
// <fieldset> with real radio buttons, checkboxes or a number field, a hidden "Check answer"
// button, a role="status" feedback region, and a <details> holding every answer with its reason
// (what a reader without JavaScript gets). This script shows the button and, on a check, copies
// the reasons for the chosen answers into the feedback region. Nothing leaves the browser: when
// every question of the page has been answered right, it tells progress.js, which remembers it in
// this browser's localStorage only.
//
// Choices are shown in an order of their own for each student: a random seed made once per browser
// (localStorage "course-quiz-seed") and the question's page and id seed a shuffle, so a reload or a
// later visit shows the same order, another browser another one. The shuffle moves the choice
// elements (so reading and Tab order follow what is seen) and the answer list with them, and
// relabels both A, B, C... Without JavaScript, without storage and on the printable module pages
// (data-quiz-static) the order is the source's, which course-check keeps balanced.
(function () {
  "use strict";

  var SEED_KEY = "course-quiz-seed";

  function browserSeed() {
    try {
      var seed = window.localStorage.getItem(SEED_KEY);
      if (!seed || !/^[0-9a-f]{16}$/.test(seed)) {
        var bytes = new Uint32Array(2);
        window.crypto.getRandomValues(bytes);
        seed = Array.prototype.map.call(bytes, function (n) { return ("0000000" + n.toString(16)).slice(-8); }).join("");
        window.localStorage.setItem(SEED_KEY, seed);
        if (window.localStorage.getItem(SEED_KEY) !== seed) return null;
      }
      return seed;
    } catch (e) {
      return null;  // storage refused: a shuffle would change on every load, so keep the source order
    }
  }

  function hash(text) {
    // FNV-1a, 32 bits: spreads the seed, page and question into the generator's state.
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  function generator(state) {
    // mulberry32: a small seeded generator; uniform enough to order a handful of choices.
    return function () {
      state = (state + 0x6d2b79f5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function pageKey() {
    // The lesson's own address, without "index.html" or a trailing slash, so /x/ and /x/index.html agree.
    return location.pathname.replace(/index\.html$/, "").replace(/\/$/, "");
  }

  function shuffleChoices(q, seed) {
    var box = q.querySelector(".quiz-q__choices");
    var list = q.querySelector(".quiz-q__answers ul");
    if (!box) return;
    var choices = Array.prototype.slice.call(box.querySelectorAll(":scope > .quiz-choice"));
    var random = generator(hash(seed + "|" + pageKey() + "|" + q.id));
    for (var i = choices.length - 1; i > 0; i--) {  // Fisher-Yates
      var j = Math.floor(random() * (i + 1));
      var swap = choices[i]; choices[i] = choices[j]; choices[j] = swap;
    }
    choices.forEach(function (choice, index) {
      var letter = letterOf(index + 1);
      box.appendChild(choice);
      var input = choice.querySelector("input");
      var mark = choice.querySelector(".quiz-choice__letter");
      if (mark) mark.textContent = letter + ".";
      var item = list && input && list.querySelector(':scope > li[data-choice="' + input.value + '"]');
      if (item) {
        list.appendChild(item);
        var verdict = item.querySelector(".quiz-verdict");
        if (verdict) verdict.textContent = verdict.textContent.replace(/^[A-Z]+\./, letter + ".");
      }
    });
    q.setAttribute("data-shuffled", "");
  }

  function letterOf(index) {
    var letters = "";
    while (index) {
      var rest = (index - 1) % 26;
      letters = String.fromCharCode(65 + rest) + letters;
      index = Math.floor((index - 1) / 26);
    }
    return letters;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function reason(item) {
    // A copy of the explanation of one answer, math already rendered.
    var fb = item && item.querySelector(".quiz-fb");
    var span = el("span", "quiz-fb");
    if (fb) fb.childNodes.forEach(function (n) { span.appendChild(n.cloneNode(true)); });
    return span;
  }

  function verdict(ok, text) {
    var p = el("p", "quiz-verdict-line");
    var strong = el("strong", "quiz-verdict " + (ok ? "quiz-verdict--right" : "quiz-verdict--wrong"));
    strong.appendChild(el("span", "quiz-icon", ok ? "\u2713 " : "\u2717 "));
    strong.lastChild.setAttribute("aria-hidden", "true");
    strong.appendChild(document.createTextNode(ok ? "Correct." : "Not quite."));
    p.appendChild(strong);
    if (text) p.appendChild(document.createTextNode(" " + text));
    return p;
  }

  function answerItem(q, value) {
    return q.querySelector('.quiz-q__answers li[data-choice="' + value + '"]');
  }

  function checkChoices(q) {
    var chosen = Array.prototype.map.call(q.querySelectorAll(".quiz-q__choices input:checked"),
      function (input) { return input.value; });
    if (!chosen.length) return { empty: "Choose an answer first." };
    var correct = Array.prototype.map.call(
      q.querySelectorAll('.quiz-q__answers li[data-correct="true"]'),
      function (li) { return li.getAttribute("data-choice"); });
    var wrongChosen = chosen.filter(function (v) { return correct.indexOf(v) < 0; });
    var missed = correct.filter(function (v) { return chosen.indexOf(v) < 0; });
    var ok = !wrongChosen.length && !missed.length;
    var nodes = [];
    if (q.getAttribute("data-kind") === "single") {
      nodes.push(verdict(ok, ok ? "" : "Try another answer."));
      var p = el("p");
      p.appendChild(reason(answerItem(q, chosen[0])));
      nodes.push(p);
    } else {
      var summary = ok ? "You chose every correct answer and nothing else." :
        [wrongChosen.length ? wrongChosen.length + " of your choices " +
          (wrongChosen.length === 1 ? "is" : "are") + " wrong" : "",
        missed.length ? missed.length + " correct answer" + (missed.length === 1 ? " is" : "s are") +
          " not chosen yet" : ""].filter(Boolean).join(", and ") + ".";
      nodes.push(verdict(ok, summary));
      var list = el("ul", "quiz-reasons");
      chosen.forEach(function (v) {
        var item = answerItem(q, v);
        var right = item && item.getAttribute("data-correct") === "true";
        var li = el("li");
        var letter = q.querySelector('label[for="' + q.id + "-c" + v + '"] .quiz-choice__letter');
        var strong = el("strong", "quiz-verdict " + (right ? "quiz-verdict--right" : "quiz-verdict--wrong"),
          (letter ? letter.textContent + " " : "") + (right ? "Right: " : "Wrong: "));
        li.appendChild(strong);
        li.appendChild(reason(item));
        list.appendChild(li);
      });
      nodes.push(list);
    }
    return { ok: ok, nodes: nodes };
  }

  function checkNumber(q) {
    var input = q.querySelector(".quiz-q__numeric input");
    var raw = (input.value || "").trim();
    if (raw === "" || isNaN(Number(raw))) return { empty: "Enter a number first." };
    var value = Number(raw);
    var answer = Number(input.getAttribute("data-answer"));
    var tolerance = Number(input.getAttribute("data-tolerance"));
    var ok = Math.abs(value - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer));
    var p = el("p");
    p.appendChild(reason(q.querySelector('.quiz-answer[data-for="' + (ok ? "correct" : "incorrect") + '"]')));
    return { ok: ok, nodes: [verdict(ok, ok ? "" : "Try again."), p] };
  }

  function setup(quiz) {
    if (quiz.hasAttribute("data-ready")) return;
    quiz.setAttribute("data-ready", "");
    var questions = Array.prototype.slice.call(quiz.querySelectorAll(".quiz-q"));
    var seed = browserSeed();
    if (seed) questions.forEach(function (q) { shuffleChoices(q, seed); });
    var right = {};
    var intro = quiz.querySelector(".quiz__intro");
    if (intro) {
      intro.textContent = questions.length + " question" + (questions.length === 1 ? "" : "s") +
        ". Answer each one and press \u201cCheck answer\u201d: the feedback says whether you are right " +
        "and why. Answer them all right to pass; that is remembered only in this browser.";
    }
    var score = quiz.querySelector(".quiz__score");
    questions.forEach(function (q) {
      var button = q.querySelector(".quiz-q__check");
      var region = q.querySelector(".quiz-q__feedback");
      button.hidden = false;
      function check() {
        var result = q.getAttribute("data-kind") === "numeric" ? checkNumber(q) : checkChoices(q);
        region.textContent = "";
        if (result.empty) {
          region.appendChild(el("p", "quiz-verdict-line", result.empty));
          q.removeAttribute("data-state");
          return;
        }
        q.setAttribute("data-state", result.ok ? "right" : "wrong");
        result.nodes.forEach(function (n) { region.appendChild(n); });
        right[q.id] = result.ok;
        var count = questions.filter(function (x) { return right[x.id]; }).length;
        if (score) {
          score.hidden = false;
          score.textContent = count + " of " + questions.length + " answered right.";
        }
        if (result.ok && count === questions.length) {
          var done = el("p", "quiz-passed", "That was the last one: you have passed this quiz.");
          region.appendChild(done);
          if (score) score.textContent = "All " + questions.length + " answered right: quiz passed.";
          document.dispatchEvent(new CustomEvent("course:quiz-passed", { detail: { quiz: quiz.id } }));
        }
      }
      button.addEventListener("click", check);
      // Enter in the number field checks the answer, as a form would submit.
      var number = q.querySelector(".quiz-q__numeric input");
      if (number) number.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); check(); }
      });
    });
  }

  // A printable module page's quizzes (data-quiz-static) have no controls: nothing to set up.
  function start() { document.querySelectorAll("[data-quiz]:not([data-quiz-static])").forEach(setup); }
  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
