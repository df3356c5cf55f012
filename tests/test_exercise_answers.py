"""Exercise checks judge a number at the precision the student gave it (docs/notebooks/answers.py):
hand-worked answers typed from what the notebook shows are accepted, and say at what precision;
answers too coarse for the exercise, or wrongly rounded, are refused with a hint that says why."""

from __future__ import annotations

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "docs/notebooks").glob("*.ipynb"))
FORMAT = re.compile(r":\.(\d+)([f%])|digits=(\d+)")


@pytest.fixture
def checks(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "docs/notebooks"))
    import answers
    import exercises

    return answers, exercises


@pytest.mark.parametrize(
    "typed, how",
    [
        (0.0506, "accepted at 3 significant figures"),
        (0.05063, "accepted at 4 significant figures"),
        (0.051, "accepted at 2 significant figures"),
        ("0.0506", "accepted at 3 significant figures"),
        ("5.06%", "accepted at 3 significant figures"),
        (8 / 158, "the exact value"),
        (Fraction(8, 158), "the exact value"),
        ("8/158", "the exact value"),
        (np.float32(8 / 158), "to full precision"),
    ],
)
def test_a_number_is_accepted_at_the_precision_it_was_given(checks, typed, how):
    answers, _ = checks
    assert answers.judge(typed, 8 / 158, significant=2) == answers.Judgement(True, how)


@pytest.mark.parametrize(
    "typed, problem",
    [
        (0, "0 has no decimals; this exercise needs at least 2 significant figures (3 decimals)"),
        (1, "1 has no decimals; this exercise needs at least 2 significant figures (3 decimals)"),
        (
            0.05,
            "0.05 has 2 decimals; this exercise needs at least 2 significant figures (3 decimals) "
            "(Python drops trailing zeros",
        ),
        (0.0507, "0.0507 is not the exact answer rounded to 4 decimals"),
        (0.05, "0.05 has 2 decimals"),
        ("0.0500", "'0.0500' is not the exact answer rounded to 4 decimals"),
        (True, "give a number"),
        ("about 5%", "give a number"),
        (float("nan"), "give a number"),
    ],
)
def test_a_coarse_or_wrongly_rounded_number_is_refused_with_the_reason(checks, typed, problem):
    answers, _ = checks
    judgement = answers.judge(typed, 8 / 158, significant=2)
    assert not judgement.ok and judgement.problem.startswith(problem)


def test_a_list_is_read_at_the_precision_of_its_most_precise_number(checks):
    answers, _ = checks
    exact = [0.36 / 0.46, 0.09 / 0.46, 0.01 / 0.46]
    assert answers.judge_all([0.783, 0.196, 0.022], exact, 2).how == "accepted at 3 decimals"
    assert answers.judge_all([0.78, 0.2, 0.02], exact, 2).how == "accepted at 2 decimals"  # 0.2 is 0.20
    assert answers.judge_all([0.8, 0.2, 0.0], exact, 2).coarse
    cut = answers.judge_all([0.782, 0.195, 0.021], exact, 2)
    assert (
        cut.problem
        == "0.782 is not the exact answer rounded to 3 decimals (it is cut off there: round the last digit instead)"
    )


def test_the_hand_worked_answers_of_the_issue_are_accepted(checks, capsys):
    """0.0506 for 8/158 and [0.783, 0.196, 0.022]: what the checks print when you are right."""
    _, exercises = checks
    sentences = [["mg", "iv"]] * 8 + [["mg", "po"]] * 150
    assert exercises.check_bigram_mle(0.0506, sentences, "mg", "iv") is True
    assert capsys.readouterr().out == (
        "Correct: 'mg iv' occurs 8 times and 'mg' is followed by some word 158 times: "
        "P = 8/158 = 0.0506 (accepted at 3 significant figures).\n"
    )
    assert exercises.check_bigram_mle(0.05, sentences, "mg", "iv") is False
    assert "needs at least 2 significant figures" in capsys.readouterr().out
    assert exercises.check_bigram_mle(8, sentences, "mg", "iv") is False
    assert "that is the count of the pair" in capsys.readouterr().out
    assert exercises.check_temperature([0.783, 0.196, 0.022], [0.6, 0.3, 0.1], 0.5) is True
    assert capsys.readouterr().out.startswith("Correct: [0.783, 0.196, 0.022] (accepted at 3 decimals)")
    assert exercises.check_temperature([1, 0, 0], [0.6, 0.3, 0.1], 0.5) is False
    assert "needs at least 2 significant figures" in capsys.readouterr().out


# --- Every exercise of every notebook, with answers typed from what the notebook shows --------

PROBE = r"""
import contextlib as _contextlib, io as _io, re as _re
import numpy as _np

def _retype(value, places, percent):
    # what a student types after reading `value` printed with `places` decimals
    if isinstance(value, (bool, _np.bool_, str, int, _np.integer)):
        return value
    if isinstance(value, (float, _np.floating)):
        return float(f"{value * 100:.{places}f}") / 100 if percent else float(f"{value:.{places}f}")
    if isinstance(value, dict):
        return {k: _retype(v, places, percent) for k, v in value.items()}
    if isinstance(value, (list, tuple, _np.ndarray)) and _np.asarray(value).dtype != bool:
        return type(value)(_retype(v, places, percent) for v in value) if isinstance(value, tuple) \
            else [_retype(v, places, percent) for v in value]
    return value

def _check(value):
    global answer, passed
    answer = value
    said = _io.StringIO()
    with _contextlib.redirect_stdout(said):
        exec(_CHECK, globals())
    return passed, said.getvalue()

_exact = answer
_ok, _said = _check(_exact)
assert _ok, _said
_shown = set(_PLACES)
for _m in _re.finditer(r"\d\.(\d+)\b(%?)|\b\d+(%)", _said.splitlines()[0]):
    _shown.add((len(_m.group(1)), True) if _m.group(1) and _m.group(2) else
               (len(_m.group(1)), False) if _m.group(1) else (0, True))
def _floats(value):
    if isinstance(value, (float, _np.floating)):
        yield float(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)
    elif isinstance(value, (list, tuple, _np.ndarray)):
        for v in value:
            yield from _floats(v)

_results = {}
for _places, _percent in sorted(_shown):
    _typed = _retype(_exact, _places, _percent)
    _results[f"{_places}{'%' if _percent else ''}"] = (repr(_typed),) + _check(_typed)
    if _percent and isinstance(_exact, float):
        _typed = f"{_exact * 100:.{_places}f}%"
        _results[f"{_places}% as text"] = (repr(_typed),) + _check(_typed)
_fractional = any(f != round(f) for f in _floats(_exact))
_coarse = _retype(_exact, 0, False)
_results["coarse"] = (repr(_coarse), _fractional) + _check(_coarse)
answer = _exact
print("PROBE " + _json.dumps(_results))
"""


def shown_places(*sources: str) -> set[tuple[int, bool]]:
    """The precisions the notebook's code prints numbers at: `{x:.4f}`, `{x:.0%}`, `digits=2`."""
    out = set()
    for source in sources:
        for places, kind, digits in FORMAT.findall(source):
            out.add((int(digits), False) if digits else (int(places), kind == "%"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_exercise_accepts_its_answer_typed_as_the_notebook_shows_it(tmp_path, name):
    """Run the notebook; after each solution, type its answer back at each precision the exercise
    shows (its solution's and the preceding cell's format, the numbers the check prints when
    right): every one is accepted and says at what precision; the answer rounded to a whole
    number is refused unless it is one."""
    from nbclient import NotebookClient

    nb = nbformat.read(str(ROOT / "docs/notebooks" / name), as_version=4)
    for index in reversed([i for i, c in enumerate(nb.cells) if "exercise" in c.metadata.get("tags", [])]):
        check, solution = nb.cells[index + 1], nb.cells[index + 2]
        before = next((c.source for c in reversed(nb.cells[:index]) if c.cell_type == "code"), "")
        places = sorted(shown_places(solution.source, before))
        code = f"import json as _json\n_CHECK = {check.source!r}\n_PLACES = {places!r}\n" + PROBE
        nb.cells.insert(index + 3, nbformat.v4.new_code_cell(code, metadata={"tags": ["probe"]}))
    folder = tmp_path / "notebooks"  # a copy: running it leaves nothing in the repository
    shutil.copytree(ROOT / "docs/notebooks", folder, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    probes = [cell for cell in nb.cells if "probe" in cell.metadata.get("tags", [])]
    assert len(probes) >= 2
    for cell in probes:
        text = "".join(o.get("text", "") for o in cell.outputs)
        [line] = [x for x in text.splitlines() if x.startswith("PROBE ")]
        results = json.loads(line.removeprefix("PROBE "))
        coarse_typed, fractional, coarse_ok, coarse_said = results.pop("coarse")
        for precision, (typed, ok, said) in results.items():
            assert ok, (name, precision, typed, said)
            if re.search(r"\d\.\d", typed):  # a number typed with decimals says how it was judged
                assert re.search(r"accepted at \d+ (significant figures?|decimals?)|the exact values?", said), said
        if fractional:  # rounded to whole numbers (0 or 1 for a share): too coarse for any exercise
            assert not coarse_ok, (name, coarse_typed, coarse_said)
