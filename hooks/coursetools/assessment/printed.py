"""A quiz as a printable module page shows it: the questions without controls, the answers apart.

``render.py`` writes each question with its form controls, a hidden "Check answer" button, a
feedback region and a ``<details>`` of answers. On paper none of the controls work and answers
under each question give the game away, so :func:`questions_and_key` turns a lesson's rendered
HTML (ids already prefixed for the module page) into the questions alone, each choice a plain
lettered line, and the keyed answers with their explanations, which :func:`answer_key` gathers
into one section at the end of the page. The quiz is marked ``data-quiz-static`` so ``quiz.js``
leaves it as it is (no shuffle, whose letters the key could not follow).
"""

from __future__ import annotations

import re

_QUESTION = re.compile(r'<fieldset class="quiz-q" id="(?P<id>[^"]+)"(?P<attrs>[^>]*)>(?P<body>.*?)</fieldset>', re.S)
_ANSWERS = re.compile(r'<details class="quiz-q__answers">.*?</details>', re.S)
_KEYED = re.compile(r'<li class="quiz-answer" data-choice="\d+" data-correct="true">(?P<body>.*?)</li>', re.S)
_NUMERIC_ANSWER = re.compile(r'<p class="quiz-answer" data-for="correct">(?P<body>.*?)</p>', re.S)
_CONTROL = re.compile(r'<input type="(?:radio|checkbox)"[^>]*>')
_LABEL = re.compile(r'<label for="[^"]*">(?P<body>.*?)</label>', re.S)
_NUMERIC = re.compile(r'<div class="quiz-q__numeric">.*?</div>', re.S)
_ACTIONS = re.compile(r'<div class="quiz-q__actions">.*?</div>\s*<div class="quiz-q__feedback"[^>]*></div>', re.S)
_NUMBER = re.compile(r'<span class="quiz-q__number">(?P<text>[^<]*)</span>')
_QUIZ = re.compile(r'<div class="quiz" id="(?P<id>[^"]+)" data-quiz data-questions="(?P<count>\d+)">')
_INTRO = re.compile(r'<p class="quiz__intro">[^<]*</p>')
_SCORE = re.compile(r'<p class="quiz__score" hidden></p>')
_PRINT_NOTE = re.compile(r'<p class="quiz__print-note">[^<]*</p>')
KEY_ID = "answer-key"


def questions_and_key(html: str, lesson: str) -> tuple[str, str]:
    """``html`` with its quizzes as printed questions, and the key of their answers (HTML, or "")
    under the heading ``lesson`` ("Lesson 2")."""
    entries: list[str] = []

    def question(match: re.Match[str]) -> str:
        ident, body = match.group("id"), match.group("body")
        answers = _ANSWERS.search(body)
        keyed = [m.group("body") for m in _KEYED.finditer(answers.group(0))] if answers else []
        numeric = _NUMERIC_ANSWER.search(answers.group(0)) if answers else None
        if numeric:
            keyed.append(numeric.group("body"))
        number = _NUMBER.search(body)
        name = number.group("text").split(" of ")[0] if number else "Question"
        items = "".join(f"<li>{item}</li>" for item in keyed)
        entries.append(
            f'<li id="{ident}-key"><a href="#{ident}">{name}</a><ul class="quiz-key__answers">{items}</ul></li>'
        )
        body = _ANSWERS.sub("", body)
        body = _ACTIONS.sub("", body)
        body = _CONTROL.sub("", body)
        body = _LABEL.sub(lambda m: f'<span class="quiz-choice__text">{m.group("body")}</span>', body)
        body = _NUMERIC.sub('<p class="quiz-q__blank">Answer: ____________</p>', body)
        return f'<fieldset class="quiz-q" id="{ident}"{match.group("attrs")}>{body}</fieldset>'

    def quiz(match: re.Match[str]) -> str:
        count = int(match.group("count"))
        return (
            f'<div class="quiz" id="{match.group("id")}" data-quiz data-quiz-static data-questions="{count}">'
            f'<p class="quiz__intro">{count} question{"" if count == 1 else "s"}. The answers, with the reason '
            f'for each, are in the <a href="#{KEY_ID}">answer key</a> at the end of this page.</p>'
        )

    html = _QUESTION.sub(question, html)
    if not entries:
        return html, ""
    html = _INTRO.sub("", _QUIZ.sub(quiz, html))
    html = _PRINT_NOTE.sub("", _SCORE.sub("", html))
    key = f'<h3 class="quiz-key__lesson">{lesson}</h3>\n<ol class="quiz-key">{"".join(entries)}</ol>'
    return html, key


def answer_key(keys: list[str]) -> str:
    """The section that ends a printable module page: every lesson's key, in course order."""
    if not keys:
        return ""
    return "\n".join([f'<section class="quiz-answer-key"><h2 id="{KEY_ID}">Answer key</h2>', *keys, "</section>"])
