"""How the exercise checks (``exercises.py``) read a numeric answer: at the precision you gave.

- A number you **typed**, such as ``0.0506``, carries its precision: 4 decimals, that is 3
  significant figures of 0.0506. It is accepted when the exact answer, rounded at that
  precision, gives your number; the check then says "accepted at 3 significant figures".
- A number your **code computed** (``8 / 158``) has full precision and must agree with the exact
  answer to about six significant digits.
- **Exact values** are accepted as such: ``fractions.Fraction(8, 158)``, or the string ``"8/158"``.
- Each exercise asks for a **minimum precision**, so that 0 or 1 are not accepted for 0.0506.
- Python forgets trailing zeros (``0.0500`` is stored as ``0.05``). To keep them, give the number
  as a string: ``"0.0500"``. A share may be given as a percentage string: ``"25%"``.
- A list is read at the precision of its most precise number, as ``[0.80, 0.19]`` is stored as
  ``[0.8, 0.19]``: every number in it is judged at 2 decimals.

Keep this file next to the notebooks when you run them on your own computer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

TYPED_DIGITS = 12  # a float with at most this many significant digits was typed (or rounded)
RELATIVE = 1e-6  # how closely a computed number must agree with the exact answer
EXACT = 1e-12  # closer than this (relative) counts as the exact value


@dataclass(frozen=True)
class Reading:
    """A number as given: its value, and its digits if it was typed (None: computed)."""

    value: float
    typed: Decimal | None


@dataclass(frozen=True)
class Judgement:
    ok: bool
    how: str = ""  # when ok: "the exact value", "accepted at 3 significant figures", ...
    problem: str = ""  # when not ok: what is wrong with the number as given
    coarse: bool = False  # not ok because it was given with too few digits


def read(answer: Any) -> Reading | None:
    """The number in ``answer``, or None if it is not one (bools are not numbers here)."""
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        return None
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, (int, np.integer)):
        return Reading(float(answer), Decimal(int(answer)))
    if isinstance(answer, Fraction):
        return Reading(float(answer), None) if answer.denominator != 1 else Reading(float(answer), Decimal(answer.numerator))
    if isinstance(answer, Decimal):
        return Reading(float(answer), answer) if answer.is_finite() else None
    if isinstance(answer, str):
        return _read_text(answer.strip())
    try:
        value = float(answer)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(value):
        return None
    digits = Decimal(repr(value))
    return Reading(value, digits if _significant(digits) <= TYPED_DIGITS else None)


def _read_text(text: str) -> Reading | None:
    try:
        if text.endswith("%"):
            digits = Decimal(text[:-1].strip()).scaleb(-2)
        elif "/" in text:
            return Reading(float(Fraction(text.replace(" ", ""))), None)
        else:
            digits = Decimal(text)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        return None
    return Reading(float(digits), digits) if digits.is_finite() else None


def _significant(digits: Decimal) -> int:
    shown = digits.as_tuple().digits
    return len(shown) - next((i for i, d in enumerate(shown) if d), len(shown))


def _place(digits: Decimal) -> int:
    """The power of ten of the last digit given: -4 for 0.0506, 0 for 150."""
    exponent = digits.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _leading(value: float) -> int:
    """The power of ten of the first significant digit of ``value`` (0 for zero)."""
    return math.floor(math.log10(abs(value))) if value else 0


def _decimals(place: int) -> str:
    return f"{-place} decimal{'s' if place != -1 else ''}" if place < 0 else "no decimals"


def _exact(value: float, expected: float) -> bool:
    return abs(value - expected) <= EXACT * max(1.0, abs(expected))


def _rounds_to(typed: Decimal, expected: float, place: int) -> bool:
    """Whether ``expected`` rounded at the power of ten ``place`` gives ``typed`` (ties either way)."""
    return abs(typed - Decimal(expected)) <= Decimal(5).scaleb(place - 1)


def judge(answer: Any, expected: float, significant: int = 0, decimals: int | None = None) -> Judgement:
    """One number, given with at least ``significant`` significant figures of ``expected`` (or at
    least ``decimals`` decimals, where the exercise shows a fixed number of decimals)."""
    return judge_all([answer], [expected], significant, decimals, single=True)


def judge_all(answers: Sequence[Any], expected: Sequence[float], significant: int = 0,
              decimals: int | None = None, single: bool = False) -> Judgement:
    """Several numbers, read at the precision of the most precise typed one.

    ``significant`` counts on the largest expected value: with 2, [0.78, 0.2, 0.02] is precise
    enough for [0.783, 0.196, 0.022], and [0.8, 0.2, 0.0] is not."""
    readings = [read(a) for a in answers]
    if any(r is None for r in readings) or len(readings) != len(expected):
        return Judgement(False, problem="give a number" if single else f"give {len(expected)} numbers")
    values = [r.value for r in readings if r is not None]
    if all(_exact(v, e) for v, e in zip(values, expected)):
        return Judgement(True, "the exact value" if single else "the exact values")
    typed = [r.typed for r in readings if r is not None and r.typed is not None]
    if not typed:  # all computed: full precision
        if all(math.isclose(v, e, rel_tol=RELATIVE, abs_tol=1e-9) for v, e in zip(values, expected)):
            return Judgement(True, "to full precision")
        return Judgement(False, problem="")
    place = min(_place(t) for t in typed)
    largest = max(abs(e) for e in expected)
    needed = -decimals if decimals is not None else _leading(largest) - (significant - 1)
    shown = ", ".join(_show(a) for a in answers)
    if place > needed:
        floats = any(isinstance(a, (float, np.floating)) for a in answers)
        trailing = " (Python drops trailing zeros: give the number as a string, such as '0.50', to keep them)" \
            if floats else ""
        return Judgement(
            False,
            problem=f"{shown} {'has' if single else 'have'} {_decimals(place)}; this exercise needs at "
                    f"least {_decimals(needed) if decimals is not None else f'{significant} significant figures ({_decimals(needed)})'}"
                    f"{trailing}",
            coarse=True,
        )
    for r, e in zip(readings, expected):
        assert r is not None
        if r.typed is None:
            if not math.isclose(r.value, e, rel_tol=RELATIVE, abs_tol=1e-9):
                return Judgement(False, problem="")
        elif not _rounds_to(r.typed, e, place):
            cut_off = Decimal(e).quantize(Decimal(1).scaleb(place), rounding=ROUND_DOWN) == r.typed
            cut = " (it is cut off there: round the last digit instead)" if cut_off else ""
            what = f"{shown} is not" if single else f"{_show(r.typed)} is not"
            return Judgement(False, problem=f"{what} the exact answer rounded to {_decimals(place)}{cut}")
    figures = _leading(largest) - place + 1
    if single:
        return Judgement(True, f"accepted at {figures} significant figure{'s' if figures != 1 else ''}")
    return Judgement(True, f"accepted at {_decimals(place)}")


def half_unit(answers: Sequence[Any]) -> float:
    """Half a unit of the last typed digit of ``answers`` (0 if all were computed): how far a
    correctly rounded number may be from the exact one."""
    readings = [read(a) for a in answers]
    places = [_place(r.typed) for r in readings if r is not None and r.typed is not None]
    return 0.5 * 10.0 ** min(places) if places else 0.0


def _show(answer: Any) -> str:
    if isinstance(answer, str):
        return repr(answer)
    reading = read(answer)
    if reading is None:
        return repr(answer)
    return str(reading.typed) if reading.typed is not None else f"{reading.value:.6g}"
