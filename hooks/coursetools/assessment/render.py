"""The HTML of a quiz: real form controls, a feedback region, and the answers for readers without JS.

Each question is a ``<fieldset>`` whose ``<legend>`` is the question; choices are radio buttons
or checkboxes with their ``<label>``, a numeric question is an ``<input type="number">``. The
"Check answer" button and the feedback region are driven by ``docs/assets/javascripts/quiz.js``;
without JavaScript the button stays hidden and the answers, with the reason for each, are in a
``<details>`` under every question. Text is inline Markdown (``$math$`` included), rendered by
the ``inline`` function the caller passes, so the quiz looks like the rest of the lesson.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable
from typing import Protocol

from ..result_store import digest_of
from .model import Block
from .quiz import Question, Quiz, find_blocks, parse_block

Inline = Callable[[str], str]
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")


def inline_html(inline: Inline, text: str) -> str:
    """Inline HTML of Markdown text: paragraphs become line breaks (a legend or label holds no <p>)."""
    rendered = _PARAGRAPH_BREAK.sub("<br><br>", inline(text).strip())
    match = _PARAGRAPH.match(rendered)
    return (match.group(1) if match else rendered).replace("\n", " ")


def number_text(value: float) -> str:
    """A number as an author would write it: 5, 0.731, 8388608 (no exponent, no trailing zeros)."""
    if value.is_integer():
        return str(int(value))
    text = format(value, ".12g")
    return format(value, ".12f").rstrip("0").rstrip(".") if "e" in text else text


def render_question(question: Question, position: int, ident: str, total: int, inline: Inline) -> str:
    """One question as a ``<fieldset>`` with id ``ident``: its legend (``Question N of M``), radio
    buttons, checkboxes or a number input, the hidden "Check answer" button, a live feedback region
    and the answers in ``<details>``."""
    kind = question.kind
    tags = []
    if question.spot_error:
        tags.append("spot the error")
    if kind == "multiple":
        tags.append("select every correct answer")
    tag_text = f' <span class="quiz-q__tags">({"; ".join(tags)})</span>' if tags else ""
    out = [
        (
            f'<fieldset class="quiz-q" id="{ident}" data-kind="{kind}" '
            f'data-assesses="{" ".join(str(n) for n in question.assesses)}">'
        ),
        (
            f'<legend class="quiz-q__legend"><span class="quiz-q__number">Question {position} '
            f'of {total}</span>{tag_text} <span class="quiz-q__text">{inline_html(inline, question.text)}'
            "</span></legend>"
        ),
    ]
    if kind == "numeric":
        out.extend(_numeric_controls(question, ident))
    else:
        out.append('<div class="quiz-q__choices">')
        control = "radio" if kind == "single" else "checkbox"
        for index, choice in enumerate(question.choices, start=1):
            # The letter also names the control when a choice is only math (KaTeX's MathML
            # does not count as a label's text for every assistive technology).
            out.append(
                f'<div class="quiz-choice"><input type="{control}" name="{ident}" '
                f'id="{ident}-c{index}" value="{index}"><label for="{ident}-c{index}">'
                f'<span class="quiz-choice__letter">{letter(index)}.</span> '
                f"{inline_html(inline, choice.text)}</label></div>"
            )
        out.append("</div>")
    out.append(
        '<div class="quiz-q__actions"><button type="button" class="md-button quiz-q__check" '
        "hidden>Check answer</button></div>"
    )
    out.append('<div class="quiz-q__feedback" role="status" aria-live="polite"></div>')
    out.extend(_answers(question, inline))
    out.append("</fieldset>")
    return "\n".join(out)


def letter(index: int) -> str:
    """A, B, ..., Z, then AA, AB, ... for the (unlikely) 27th choice."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _numeric_controls(question: Question, ident: str) -> list[str]:
    unit = html.escape(question.unit)
    label = f"Your answer (in {unit})" if unit else "Your answer"
    suffix = f' <span class="quiz-q__unit" aria-hidden="true">{unit}</span>' if unit else ""
    return [
        (
            f'<div class="quiz-q__numeric"><label for="{ident}-input">{label}</label> '
            f'<input type="number" step="any" inputmode="decimal" id="{ident}-input" '
            f'data-answer="{question.answer!r}" data-tolerance="{question.tolerance!r}">{suffix}</div>'
        ),
    ]


def _answers(question: Question, inline: Inline) -> list[str]:
    out = ['<details class="quiz-q__answers"><summary>Show the answer and explanations</summary>']
    if question.kind == "numeric":
        answer = number_text(question.answer or 0.0)
        tolerance = number_text(question.tolerance or 0.0)
        unit = f" {html.escape(question.unit)}" if question.unit else ""
        within = f" (answers within ±{tolerance}{unit} count as right)" if question.tolerance else ""
        out.append(
            f'<p class="quiz-answer" data-for="correct"><strong>Answer: {answer}{unit}</strong>'
            f'{within}. <span class="quiz-fb">{inline_html(inline, question.feedback_correct)}'
            "</span></p>"
        )
        out.append(
            '<p class="quiz-answer" data-for="incorrect"><strong>Hint:</strong> '
            f'<span class="quiz-fb">{inline_html(inline, question.feedback_incorrect)}</span></p>'
        )
    else:
        out.append("<ul>")
        for index, choice in enumerate(question.choices, start=1):
            verdict = "Right" if choice.correct else "Wrong"
            out.append(
                f'<li class="quiz-answer" data-choice="{index}" '
                f'data-correct="{"true" if choice.correct else "false"}">'
                f'<strong class="quiz-verdict">{letter(index)}. {verdict}:</strong> '
                f'<span class="quiz-choice-text">{inline_html(inline, choice.text)}</span> '
                f'<span class="quiz-fb">{inline_html(inline, choice.feedback)}</span></li>'
            )
        out.append("</ul>")
    out.append("</details>")
    return out


_BREAK = "<!-- quiz-text-break -->"


def batched(inline: Inline, texts: list[str]) -> Inline:
    """``inline`` over many texts in one Markdown conversion (a conversion per text costs about
    a millisecond, which for every quiz of the course was a tenth of a build)."""
    unique = list(dict.fromkeys(texts))
    parts = inline(f"\n\n{_BREAK}\n\n".join(unique)).split(_BREAK)
    if len(parts) != len(unique):  # a text swallowed a break (an unclosed fence): one at a time
        return inline
    rendered = dict(zip(unique, parts))
    return lambda text: rendered[text] if text in rendered else inline(text)


def _texts(quiz: Quiz) -> list[str]:
    texts = []
    for question in quiz.questions:
        texts.append(question.text)
        texts.extend(t for choice in question.choices for t in (choice.text, choice.feedback))
        texts.extend(t for t in (question.feedback_correct, question.feedback_incorrect) if t)
    return texts


def render_quiz(quiz: Quiz, ident: str, inline: Inline) -> str:
    """A quiz's HTML: a ``<div id=ident>`` holding every valid question (ids ``<ident>-q1``...), the
    intro, a note for print and the score line quiz.js fills in."""
    inline = batched(inline, _texts(quiz))
    questions = quiz.questions
    count = len(questions)
    intro = (
        f"{count} question{'' if count == 1 else 's'}. The answers, with the reason for each, are under every question."
    )
    out = [
        f'<div class="quiz" id="{ident}" data-quiz data-questions="{count}">',
        f'<p class="quiz__intro">{intro}</p>',
        # Only on paper (print.css), where the answers are left out: the printable module page has them.
        '<p class="quiz__print-note">The answers, with the reason for each, are in the answer key at '
        "the end of this module's printable page.</p>",
    ]
    for position, question in enumerate(questions, start=1):
        out.append(render_question(question, position, f"{ident}-q{position}", count, inline))
    out.append('<p class="quiz__score" hidden></p>')
    out.append("</div>")
    return "\n".join(out)


class RenderedStore(Protocol):
    """Where rendered quizzes are kept between builds (coursetools.result_store.ResultStore)."""

    def remember_text(self, kind: str, key: str, digest: str, make: Callable[[], str]) -> str:
        """The text kept under ``kind:key`` for this ``digest``, else ``make()``'s (kept for next time)."""


def replace_quizzes(
    markdown: str,
    inline: Inline,
    shown: str = "",
    store: RenderedStore | None = None,
    deferred: Deferred | None = None,
) -> str:
    """The page's Markdown with each ```quiz block replaced by its HTML (invalid questions left out;
    the checks report them). With a ``store``, a block whose text is unchanged since a build
    rendered it is not rendered again (the store's context must cover ``inline``'s settings).

    With ``deferred``, each block is replaced by a one-word paragraph instead, and the HTML is
    kept in ``deferred`` to be put in place once the page is converted (:meth:`Deferred.insert`):
    Python-Markdown and MkDocs then need not parse the quiz's HTML, which measured as much as
    converting the rest of the lesson."""
    if "quiz" not in markdown:
        return markdown
    lines = markdown.split("\n")
    blocks = find_blocks(lines)
    for number, block in reversed(list(enumerate(blocks, start=1))):
        ident = "quiz" if number == 1 else f"quiz-{number}"

        def make(block: Block = block, ident: str = ident) -> str:
            quiz, _ = parse_block(block, shown, block.start + 1)
            return render_quiz(quiz, ident, inline) if quiz.questions else ""

        if store is None:
            html_text = make()
        else:
            digest = digest_of("\n".join(lines[block.start : block.end + 1]))
            html_text = store.remember_text("quiz", f"{shown}#{ident}", digest, make)
        if not html_text:
            continue
        if deferred is not None:
            rendered = [block.indent + deferred.add(html_text)]
        else:
            rendered = [block.indent + line for line in html_text.split("\n")]
        lines[block.start : block.end + 1] = ["", *rendered, ""]
    return "\n".join(lines)


_ID = re.compile(r'(?<![\w-])id="([^"]+)"')


class Deferred:
    """HTML set aside while a page's Markdown is converted, each piece under a word no author
    writes (``coursequiz`` and a digest of the page's own Markdown, which a page cannot contain:
    stable from build to build, so a page whose Markdown did not change converts to the same
    HTML and can be read back from the page cache). Once converted, :meth:`mark_slots` turns each
    word's paragraph into an empty slot (so search does not index the quiz: its answers and
    explanations are not what a student searches for, and parsing them was a third of indexing a
    lesson), and :meth:`insert` puts the HTML into the slots of the finished page."""

    def __init__(self, markdown: str | None = None) -> None:
        """``markdown``: the page's Markdown before any piece is set aside (without it, a random word)."""
        if markdown is None:
            self._nonce = secrets.token_hex(8)
        else:
            self._nonce = digest_of(markdown)[:16]
        self._pieces: dict[str, str] = {}

    def add(self, html_text: str) -> str:
        """Set ``html_text`` aside; returns the word to put in the Markdown where it goes."""
        token = f"coursequiz{self._nonce}x{len(self._pieces)}"
        self._pieces[token] = html_text
        return token

    def __bool__(self) -> bool:
        return bool(self._pieces)

    def ids(self) -> set[str]:
        """The ids the set-aside HTML brings (for anchor checks of links into it)."""
        return {match for piece in self._pieces.values() for match in _ID.findall(piece)}

    @staticmethod
    def _slot(token: str) -> str:
        return f'<div data-course-slot="{token}"></div>'

    def mark_slots(self, page_html: str) -> str:
        """Each word's paragraph (or the bare word) as an empty slot."""
        for token in self._pieces:
            paragraph = f"<p>{token}</p>"
            where = paragraph if paragraph in page_html else token
            page_html = page_html.replace(where, self._slot(token))
        return page_html

    def insert(self, page_html: str) -> str:
        """``page_html`` with every slot (or word, if the slots were not marked) replaced by its HTML."""
        for token, piece in self._pieces.items():
            for where in (self._slot(token), f"<p>{token}</p>", token):
                if where in page_html:
                    page_html = page_html.replace(where, piece)
                    break
        return page_html
