"""Reading one quiz block: its YAML nodes, refused if unsafe, into questions with their findings."""

from __future__ import annotations

import difflib
import math

import yaml

from ..checks import yaml_guard
from ..findings import Finding
from ..repo import YAML_LOADER
from .model import (
    CHOICE_KEYS,
    KINDS,
    MAX_DEPTH,
    NUMERIC_FEEDBACK_KEYS,
    NUMERIC_KEYS,
    QUESTION_KEYS,
    QUIZ_ASSESSES,
    QUIZ_FEEDBACK,
    QUIZ_KIND,
    QUIZ_NO_CORRECT,
    QUIZ_SHAPE,
    QUIZ_TOLERANCE,
    QUIZ_TWO_CORRECT,
    QUIZ_YAML,
    TWO_CORRECT_FIX,
    YAML_FIX,
    Block,
    Choice,
    Kind,
    Question,
    Quiz,
)


def _did_you_mean(word: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f"did you mean `{close[0]}`? " if close else ""


class _Reader:
    """Reads one quiz block's YAML nodes into :class:`Question` objects, collecting findings."""

    def __init__(self, shown: str, offset: int, quiz: Quiz):
        self.shown = shown
        self.offset = offset  # file line of YAML line 0
        self.quiz = quiz
        self.findings: list[Finding] = []
        self.loader = YAML_LOADER("")

    def report(self, line: int, message: str, fix: str, rule_id: str) -> None:
        self.findings.append(Finding(self.shown, line, message, fix, rule_id))

    def line(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line

    def scalar(self, node: yaml.Node) -> object:
        if not isinstance(node, yaml.ScalarNode):
            return node
        try:
            return self.loader.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value

    def mapping(self, node: yaml.MappingNode, what: str, known: tuple[str, ...]) -> dict[str, tuple]:
        """Key -> (key line, value node); reports duplicate and unknown keys."""
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            line = self.line(key_node)
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in out:
                self.report(
                    line,
                    f"duplicate key `{key}` in {what} (first set on line {out[key][0]})",
                    f"delete one of the two `{key}:` lines",
                    QUIZ_SHAPE.id,
                )
                continue
            if key not in known:
                self.report(
                    line,
                    f"unknown key `{key}` in {what}",
                    _did_you_mean(key, known) + "the keys here are " + ", ".join(f"`{k}`" for k in known),
                    QUIZ_SHAPE.id,
                )
                continue
            out[key] = (line, value_node)
        return out

    def text(
        self, keys: dict[str, tuple], key: str, what: str, line: int, missing_rule: str = QUIZ_SHAPE.id, fix: str = ""
    ) -> str | None:
        if key not in keys:
            self.report(line, f"{what} has no `{key}:`", fix or f"add `{key}:`", missing_rule)
            return None
        key_line, node = keys[key]
        value = self.scalar(node)
        if isinstance(value, (yaml.Node, list, dict)) or value is None or value == "":
            empty = value is None or value == ""
            self.report(
                key_line,
                f"`{key}` of {what} is " + ("empty" if empty else "not text"),
                fix or f"write the text after `{key}: ` (quote it if it contains `: `)",
                missing_rule if empty else QUIZ_SHAPE.id,
            )
            return None
        return str(value) if not isinstance(value, bool) else str(value).lower()

    def question(self, node: yaml.Node, number: int) -> Question | None:
        line = self.line(node)
        what = f"question {number}"
        if not isinstance(node, yaml.MappingNode):
            self.report(
                line,
                f"{what} is not a mapping of keys (`question:`, `kind:`, ...)",
                "start each question with `- question: ...` and indent its keys",
                QUIZ_SHAPE.id,
            )
            return None
        keys = self.mapping(node, what, QUESTION_KEYS)
        errors = len(self.findings)
        text = self.text(keys, "question", what, line)
        assesses, assesses_line = self.assesses(keys, what, line, number)
        kind = self.kind(keys, what, line)
        spot_error = False
        if "spot-error" in keys:
            spot_line, spot_node = keys["spot-error"]
            value = self.scalar(spot_node)
            if not isinstance(value, bool):
                self.report(
                    spot_line,
                    f"`spot-error` of {what} must be true or false",
                    "write `spot-error: true`",
                    QUIZ_SHAPE.id,
                )
            spot_error = value is True
        self.quiz.spot_error_seen |= spot_error
        if kind is None:
            return None
        if kind == "numeric":
            parts = self.numeric(keys, what, line)
        else:
            parts = self.choices(keys, what, line, kind)
        if len(self.findings) > errors or text is None or parts is None:
            return None
        return Question(number, line, text, kind, assesses, assesses_line, spot_error, **parts)

    def assesses(self, keys: dict[str, tuple], what: str, line: int, number: int) -> tuple[tuple[int, ...], int]:
        if "assesses" not in keys:
            self.report(
                line,
                f"{what} does not say which objective it assesses",
                "add `assesses: [N]`, N being the number of a lesson objective",
                QUIZ_ASSESSES.id,
            )
            return (), line
        key_line, node = keys["assesses"]
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        numbers: list[int] = []
        for item in items:
            value = self.scalar(item)
            if isinstance(value, bool) or not isinstance(value, int):
                self.report(
                    self.line(item),
                    f"`assesses` of {what} must list objective numbers, not {_show(value)}",
                    "write e.g. `assesses: [1, 3]`",
                    QUIZ_SHAPE.id,
                )
                continue
            numbers.append(value)
            self.quiz.references.append((value, self.line(item), number))
        if not items:
            self.report(
                key_line,
                f"`assesses` of {what} is empty",
                "list the objectives it checks, e.g. `assesses: [1, 3]`",
                QUIZ_ASSESSES.id,
            )
        return tuple(numbers), key_line

    def kind(self, keys: dict[str, tuple], what: str, line: int) -> Kind | None:
        if "kind" not in keys:
            self.report(
                line, f"{what} has no `kind:`", "add `kind: single`, `kind: multiple` or `kind: numeric`", QUIZ_KIND.id
            )
            return None
        kind_line, node = keys["kind"]
        value = str(self.scalar(node))
        for kind in KINDS:
            if value == kind:
                self.quiz.kinds_seen.add(kind)
                return kind
        self.report(
            kind_line,
            f"`kind` of {what} is `{value}`",
            _did_you_mean(value, KINDS) + "a kind is single, multiple or numeric",
            QUIZ_KIND.id,
        )
        return None

    def choices(self, keys: dict[str, tuple], what: str, line: int, kind: Kind) -> dict | None:
        for key in NUMERIC_KEYS:
            if key in keys:
                self.report(
                    keys[key][0],
                    f"`{key}` belongs to numeric questions, but {what} is `kind: {kind}`",
                    f"delete `{key}:`, or make the question `kind: numeric`",
                    QUIZ_KIND.id,
                )
        if "feedback" in keys:
            self.report(
                keys["feedback"][0],
                f"{what} is a choice question: its feedback belongs to each choice",
                "move the explanation to each choice's `feedback:`",
                QUIZ_SHAPE.id,
            )
        if "choices" not in keys:
            self.report(
                line,
                f"{what} is `kind: {kind}` but has no `choices:`",
                "add `choices:`, a list of `- text: ...` items",
                QUIZ_SHAPE.id,
            )
            return None
        choices_line, node = keys["choices"]
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            self.report(
                choices_line,
                f"`choices` of {what} must be a list of at least two choices",
                "write each choice as `- text: ...` with its `feedback:`",
                QUIZ_SHAPE.id,
            )
            return None
        errors = len(self.findings)
        choices = [self.choice(item, f"choice {index} of {what}") for index, item in enumerate(node.value, start=1)]
        valid = len(self.findings) == errors
        correct = [c for c in choices if c.correct]
        if not correct:
            self.report(
                line, f"{what} has no correct choice", "add `correct: true` to the right choice", QUIZ_NO_CORRECT.id
            )
        elif kind == "single" and len(correct) > 1:
            lines = ", ".join(str(c.line) for c in correct)
            self.report(
                correct[1].line,
                f"single-choice {what} has {len(correct)} correct choices (lines {lines})",
                TWO_CORRECT_FIX,
                QUIZ_TWO_CORRECT.id,
            )
        return {"choices": tuple(choices)} if valid else None

    def choice(self, node: yaml.Node, what: str) -> Choice:
        """The choice as far as it can be read (the caller sees its problems in the findings)."""
        line = self.line(node)
        if not isinstance(node, yaml.MappingNode):
            self.report(
                line,
                f"{what} is not a mapping",
                "write the choice as `- text: ...` with "
                "`feedback:` (and `correct: true` if it is right) indented below",
                QUIZ_SHAPE.id,
            )
            return Choice("", False, "", line)
        keys = self.mapping(node, what, CHOICE_KEYS)
        text = self.text(keys, "text", what, line)
        feedback = self.text(
            keys, "feedback", what, line, QUIZ_FEEDBACK.id, "add `feedback:` saying why this choice is right or wrong"
        )
        correct = False
        if "correct" in keys:
            correct_line, correct_node = keys["correct"]
            value = self.scalar(correct_node)
            if not isinstance(value, bool):
                self.report(
                    correct_line,
                    f"`correct` of {what} must be true or false, not {_show(value)}",
                    "write `correct: true` (or leave it out)",
                    QUIZ_SHAPE.id,
                )
            correct = value is True
        return Choice(text or "", correct, feedback or "", line)

    def numeric(self, keys: dict[str, tuple], what: str, line: int) -> dict | None:
        if "choices" in keys:
            self.report(
                keys["choices"][0],
                f"{what} is `kind: numeric` but has `choices:`",
                "delete the choices, or make the question `kind: single` or `multiple`",
                QUIZ_KIND.id,
            )
        answer = self.number(keys, "answer", what, line, QUIZ_SHAPE.id, "add `answer: 5` (a number)")
        tolerance = self.number(
            keys,
            "tolerance",
            what,
            line,
            QUIZ_TOLERANCE.id,
            "add `tolerance:` (e.g. `tolerance: 0.01`; 0 for an exact answer)",
        )
        if tolerance is not None and tolerance < 0:
            self.report(
                keys["tolerance"][0],
                f"`tolerance` of {what} is negative",
                "write the tolerance as a positive number",
                QUIZ_TOLERANCE.id,
            )
        unit = ""
        if "unit" in keys:
            unit = str(self.scalar(keys["unit"][1]))
        feedback = self.numeric_feedback(keys, what, line)
        if answer is None or tolerance is None or feedback is None:
            return None
        return {
            "answer": answer,
            "tolerance": tolerance,
            "unit": unit,
            "feedback_correct": feedback[0],
            "feedback_incorrect": feedback[1],
        }

    def number(self, keys: dict[str, tuple], key: str, what: str, line: int, rule_id: str, fix: str) -> float | None:
        if key not in keys:
            self.report(line, f"numeric {what} has no `{key}`", fix, rule_id)
            return None
        key_line, node = keys[key]
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.report(
                key_line,
                f"`{key}` of {what} must be a number, not {_show(value)}",
                f"write `{key}:` followed by a plain number such as 0.25",
                rule_id,
            )
            return None
        return float(value)

    def numeric_feedback(self, keys: dict[str, tuple], what: str, line: int) -> tuple[str, str] | None:
        if "feedback" not in keys:
            self.report(
                line,
                f"numeric {what} has no `feedback:`",
                "add `feedback:` with `correct:` (why, with the working) and `incorrect:` (a hint)",
                QUIZ_FEEDBACK.id,
            )
            return None
        feedback_line, node = keys["feedback"]
        if not isinstance(node, yaml.MappingNode):
            self.report(
                feedback_line,
                f"`feedback` of numeric {what} must have `correct:` and `incorrect:`",
                "indent `correct: ...` and `incorrect: ...` under `feedback:`",
                QUIZ_FEEDBACK.id,
            )
            return None
        parts = self.mapping(node, f"the feedback of {what}", NUMERIC_FEEDBACK_KEYS)
        right = self.text(
            parts,
            "correct",
            f"the feedback of {what}",
            feedback_line,
            QUIZ_FEEDBACK.id,
            "add `correct:` explaining the answer, with the working",
        )
        wrong = self.text(
            parts,
            "incorrect",
            f"the feedback of {what}",
            feedback_line,
            QUIZ_FEEDBACK.id,
            "add `incorrect:` with a hint towards the answer",
        )
        if right is None or wrong is None:
            return None
        return right, wrong


def _show(value: object) -> str:
    if isinstance(value, yaml.SequenceNode):
        return "a list"
    if isinstance(value, yaml.MappingNode):
        return "a mapping"
    return f"`{value}`"


def _refuse_unsafe(body: str, shown: str, offset: int) -> Finding | None:
    """Anchors, aliases, tags and deep nesting are refused before any node is composed
    (coursetools.checks.yaml_guard reads the event stream), in the quiz's own words."""
    refused = yaml_guard.problem(body, YAML_LOADER, "quiz block", refuse_tags=True, max_depth=MAX_DEPTH)
    if refused is None:
        return None
    line = offset + refused.line
    if refused.kind in ("alias", "anchor"):
        message = "quiz block uses a YAML anchor or alias (`&name`, `*name`)"
        fix = "write the text out in full where it is needed"
    elif refused.kind == "tag":
        message, fix = (
            f"quiz block uses a YAML tag (`{refused.value}`)",
            "delete the tag; quote the value if it must stay text",
        )
    else:
        message = f"quiz block nests deeper than {MAX_DEPTH} levels"
        fix = "write questions as documented: question, choices, choice"
    return Finding(shown, line, message, fix, QUIZ_YAML.id)


def parse_block(block: Block, shown: str, fence_line: int) -> tuple[Quiz, list[Finding]]:
    """Validate one quiz block; ``fence_line`` is the file line of its opening fence."""
    quiz = Quiz(fence_line)
    offset = fence_line + 1
    if not block.closed:
        return quiz, [
            Finding(
                shown, fence_line, "quiz block is never closed", "end it with a line of three backticks", QUIZ_SHAPE.id
            )
        ]
    try:
        refused = _refuse_unsafe(block.body, shown, offset)
        if refused:
            return quiz, [refused]
        root = yaml.compose(block.body, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "invalid YAML").strip()
        line = offset + mark.line if mark else fence_line
        return quiz, [Finding(shown, line, f"quiz block is not valid YAML: {problem}", YAML_FIX, QUIZ_YAML.id)]
    except (yaml.YAMLError, RecursionError) as error:
        return quiz, [Finding(shown, fence_line, f"quiz block is not valid YAML: {error}", YAML_FIX, QUIZ_YAML.id)]
    if not isinstance(root, yaml.SequenceNode):
        line = offset + root.start_mark.line if root is not None else fence_line
        return quiz, [
            Finding(
                shown,
                line,
                "quiz block is not a list of questions",
                "start each question with `- question: ...`",
                QUIZ_SHAPE.id,
            )
        ]
    quiz.parsed = True
    reader = _Reader(shown, offset, quiz)
    quiz.entries = len(root.value)
    for number, node in enumerate(root.value, start=1):
        question = reader.question(node, number)
        if question is not None:
            quiz.questions.append(question)
    return quiz, reader.findings
