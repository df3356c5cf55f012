"""Find the ```` ```quiz ```` blocks of a page and validate them into typed questions.

A quiz block is a fenced block with the language ``quiz`` whose body is a YAML list of
questions (see ``docs/instructors/assessment.md``). The YAML is composed into nodes, so every
question, choice and key keeps its file line; anchors, aliases and tags are refused before
anything is built, so a hostile block cannot expand or construct anything. Every problem of
every block is reported at once; a question with a problem is left out of the rendered quiz.
"""

from __future__ import annotations

from ..findings import Finding
from .model import _FENCE, _H2, KINDS, MIN_QUESTIONS, QUIZ_SECTION, QUIZ_TOO_FEW, SECTION_TITLE, Block, Quiz
from .model import Question as Question  # re-exported: render and objectives use it
from .reader import parse_block


def find_blocks(lines: list[str]) -> list[Block]:
    """Every ```quiz fence of a Markdown text, skipping fences nested in other fences."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, indent = match.group("fence"), match.group("indent")
        info = match.group("info").strip().split()
        close = index + 1
        while close < len(lines):
            stripped = lines[close].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                break
            close += 1
        if info and info[0].lstrip(".{").rstrip("}") == "quiz":
            body = "\n".join(_dedent(line, indent) for line in lines[index + 1 : close])
            blocks.append(Block(index, close, indent, body, close < len(lines)))
        index = close + 1
    return blocks


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def completeness(quiz: Quiz, shown: str) -> list[Finding]:
    """A lesson's self-check: at least four questions, with every required kind among them."""
    out = []
    if quiz.entries < MIN_QUESTIONS:
        out.append(
            Finding(
                shown,
                quiz.line,
                f"quiz has {quiz.entries} question"
                f"{'' if quiz.entries == 1 else 's'}; a lesson's self-check needs at least "
                f"{MIN_QUESTIONS}",
                "add questions until there are four or more",
                QUIZ_TOO_FEW.id,
            )
        )
    names = {"single": "single-choice", "multiple": "multiple-choice", "numeric": "numeric"}
    for kind in KINDS:
        if kind not in quiz.kinds_seen:
            out.append(
                Finding(
                    shown,
                    quiz.line,
                    f"quiz has no {names[kind]} question",
                    f"add a question with `kind: {kind}`",
                    QUIZ_TOO_FEW.id,
                )
            )
    if not quiz.spot_error_seen:
        out.append(
            Finding(
                shown,
                quiz.line,
                "quiz has no spot-the-error question",
                "add a question that asks to find a mistake, with `spot-error: true`",
                QUIZ_TOO_FEW.id,
            )
        )
    return out


def page_quizzes(body: str, body_line: int, shown: str) -> tuple[list[Quiz], list[Finding]]:
    """Every quiz of a page body (``body_line`` is the file line of the body's first line)."""
    lines = body.split("\n")
    quizzes: list[Quiz] = []
    findings: list[Finding] = []
    for block in find_blocks(lines):
        quiz, found = parse_block(block, shown, body_line + block.start)
        quizzes.append(quiz)
        findings.extend(found)
    return quizzes, findings


def section_findings(body: str, body_line: int, masked: list[str], quizzes: list[Quiz], shown: str) -> list[Finding]:
    """A lesson has one quiz, and it sits in its `## Check your understanding` section."""
    out = []
    for index, quiz in enumerate(quizzes):
        if index:
            out.append(
                Finding(
                    shown,
                    quiz.line,
                    f"lesson has a second quiz block (the first is on line {quizzes[0].line})",
                    "merge the questions into one block",
                    QUIZ_SECTION.id,
                )
            )
            continue
        heading = None
        for line in reversed(masked[: quiz.line - body_line]):
            match = _H2.match(line)
            if match:
                heading = match.group("title")
                break
        if heading != SECTION_TITLE:
            where = f"section `{heading}`" if heading else "no `##` section"
            out.append(
                Finding(
                    shown,
                    quiz.line,
                    f"quiz is in {where}, not in `## {SECTION_TITLE}`",
                    f"move it under a `## {SECTION_TITLE}` heading near the end",
                    QUIZ_SECTION.id,
                )
            )
    return out
