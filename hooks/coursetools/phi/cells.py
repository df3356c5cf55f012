"""HTML table cells read as labelled text: ``<tr><th>Age</th><td>91</td></tr>`` reads "Age: 91",
so a label in one cell and its value in the next are judged together, as a reader sees them.

:func:`cells_as_labels` gives the flattened text and a map from its offsets back to the original's,
so findings keep the line of the original file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A cell's end and the next cell's start (a label and its value), or any other tag.
_TAG = re.compile(
    r"(?P<boundary></t[hd]\s{0,8}>\s{0,40}<t[hd](?:\s[^<>]{0,200})?>)|<[^<>]{0,200}>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Flattened:
    """A text with its HTML tags written as plain text (a cell boundary as ``": "``, any other tag as a
    space), and where each piece came from in the original."""

    text: str
    flat_starts: list[int]  # where each piece starts in ``text``
    original_starts: list[int]  # where the same piece starts in the original
    kept: list[bool]  # whether the piece is original text (else a tag written as ": " or " ")

    def original(self, offset: int) -> int:
        """The original text's offset for ``offset`` in the flattened text; inside a replaced tag, the tag's start."""
        index = bisect.bisect_right(self.flat_starts, offset) - 1
        if index < 0:
            return offset
        start = self.original_starts[index]
        return start + (offset - self.flat_starts[index]) if self.kept[index] else start


def cells_as_labels(text: str, lower: str) -> Flattened | None:
    """``text`` with each cell boundary written as ": " and other tags as a space; None if it has
    no table cells."""
    if "<td" not in lower and "<th" not in lower:
        return None
    pieces: list[str] = []
    flat_starts: list[int] = []
    original_starts: list[int] = []
    kept: list[bool] = []
    position = length = 0
    for match in _TAG.finditer(text):
        for piece, original, is_text in (
            (text[position : match.start()], position, True),
            (": " if match.group("boundary") else " ", match.start(), False),
        ):
            pieces.append(piece)
            flat_starts.append(length)
            original_starts.append(original)
            kept.append(is_text)
            length += len(piece)
        position = match.end()
    pieces.append(text[position:])
    flat_starts.append(length)
    original_starts.append(position)
    kept.append(True)
    return Flattened("".join(pieces), flat_starts, original_starts, kept)
