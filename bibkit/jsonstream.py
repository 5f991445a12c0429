"""JSON written as it is made: every JSON output of bibkit, piece by piece.

A CSL-JSON file of 50,000 books, or ``resolve --json`` over a large text, was built as one
string (and the list of dictionaries behind it) before a byte was written: memory grew with
the output, several times its size. :func:`pieces` gives the same text, byte for byte, as
``json.dumps(value, ensure_ascii=False, indent=indent)``, in pieces of one item each; a
:class:`Lazy` array in ``value`` is made item by item as it is written, so only one item is in
memory at a time. :func:`batched` joins pieces into writes of a useful size.

The text is identical because ``json.dumps`` with an indent puts a newline only between
structural tokens (a newline inside a string is written ``\\n``): an item dumped alone and
indented by its depth is the item as it stands in the whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["Lazy", "batched", "pieces"]

#: How many characters :func:`batched` gathers before handing them on: few writes, little memory.
BATCH_CHARS = 1 << 16


class Lazy:
    """An array whose items are made only as they are written (a generator, say)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def pieces(value: Any, *, indent: int = 2) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, indent=indent)``, in pieces.

    ``value`` may be a :class:`Lazy` array, or a ``dict`` with one among its members (the
    ``outcomes`` of a report); anything else is dumped in one piece.
    """
    yield from _pieces(value, " " * indent, 0)


def _pieces(value: Any, pad: str, level: int) -> Iterator[str]:
    if isinstance(value, Lazy):
        inner = pad * (level + 1)
        first = True
        for item in value.items:
            yield ("[\n" if first else ",\n") + inner
            yield from _pieces(item, pad, level + 1)
            first = False
        yield "[]" if first else "\n" + pad * level + "]"
    elif isinstance(value, dict) and any(isinstance(member, Lazy) for member in value.values()):
        inner = pad * (level + 1)
        separator = "{\n"
        for key, member in value.items():
            yield f"{separator}{inner}{json.dumps(key, ensure_ascii=False)}: "
            yield from _pieces(member, pad, level + 1)
            separator = ",\n"
        yield "\n" + pad * level + "}"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=len(pad))
        yield text.replace("\n", "\n" + pad * level) if level else text


def batched(parts: Iterable[str], size: int = BATCH_CHARS) -> Iterator[str]:
    """``parts`` joined into strings of about ``size`` characters (the last may be shorter;
    nothing when there are no parts)."""
    gathered: list[str] = []
    length = 0
    for part in parts:
        gathered.append(part)
        length += len(part)
        if length >= size:
            yield "".join(gathered)
            gathered, length = [], 0
    if gathered:
        yield "".join(gathered)
