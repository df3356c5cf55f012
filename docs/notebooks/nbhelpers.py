"""Small helpers shared by the course notebooks (``import nbhelpers``).

- A matplotlib style that reads in both the light and the dark theme of the course site: figures
  are drawn on a white background with dark text, and use the colour-blind-safe Okabe-Ito palette.
- ``show_figure(fig, alt)`` renders a figure to PNG and displays it with an alt text, so every
  figure on the site is described for screen-reader users.
- ``show_table(rows, headers)`` displays a small table (HTML, with a plain-text fallback).

Keep this file next to the notebooks when you run them on your own computer.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Iterable, Sequence

import matplotlib.pyplot as plt
from IPython.display import display

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TEXT = "#1a1a1a"

STYLE = {
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.titlecolor": TEXT,
    "axes.edgecolor": "#444444",
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "legend.labelcolor": TEXT,
    "legend.facecolor": "white",
    "legend.edgecolor": "#cccccc",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=PALETTE),
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "figure.dpi": 100,
    "image.cmap": "viridis",
}


def use_style() -> None:
    """Apply the course style to every figure drawn after this call."""
    plt.rcParams.update(STYLE)


use_style()


def show_figure(fig: plt.Figure, alt: str, dpi: int = 110) -> None:
    """Display ``fig`` as a PNG with ``alt`` as its alternative text, then close it.

    The alt text should say what the figure shows (axes, trend, the point it makes), not merely
    that it is a chart. Closing the figure stops Jupyter from displaying it a second time.
    """
    if not alt or not alt.strip():
        raise ValueError("every figure needs an alt text that describes what it shows")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    display(
        {"image/png": png, "text/plain": f"[Figure: {alt}]"},
        raw=True,
        metadata={"image/png": {"alt": alt}},
    )


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def show_table(rows: Iterable[Sequence[Any]], headers: Sequence[str], digits: int = 3) -> None:
    """Display rows as a table; floats are rounded to ``digits`` decimals."""
    body = [[_cell(value, digits) for value in row] for row in rows]
    head = [str(h) for h in headers]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    plain = "\n".join(
        "  ".join(text.ljust(width) for text, width in zip(row, widths)) for row in [head, *body]
    )
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    lines = "".join(
        "<tr>" + "".join(f"<td>{html.escape(text)}</td>" for text in row) + "</tr>" for row in body
    )
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{lines}</tbody></table>"
    display({"text/html": table, "text/plain": plain}, raw=True)
