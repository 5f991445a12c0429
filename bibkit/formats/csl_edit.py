"""Changing fields of items in an existing CSL-JSON file, and nothing else.

The same promise as :mod:`bibkit.formats.edit` for .bib files: a repair replaces the text of one
member's value, or inserts one ``"name": value`` member after an item's last member, and every
other character (indentation, key order, the other items) stays as it was. :func:`items` finds
where each item's members are; the JSON itself is read by the standard library's decoder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bibkit.errors import FormatError
from bibkit.formats.csl import name_object
from bibkit.isbn import isbn_form

__all__ = ["FIELD_NAMES", "Item", "Member", "apply_edits", "edit_for", "items"]

#: The CSL variable each kind of value is written to.
FIELD_NAMES: dict[str, str] = {
    "isbn": "ISBN",
    "publisher": "publisher",
    "year": "issued",
    "place": "publisher-place",
    "author": "author",
    "title": "title",
}

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Member:
    """One ``"name": value`` of an item: where its name starts and where its value is."""

    name: str
    start: int
    value_start: int
    end: int


@dataclass(frozen=True, slots=True)
class Item:
    """One item object: its span and its members in file order."""

    start: int
    end: int
    members: tuple[Member, ...]


def _object(text: str, pos: int, source: str) -> Item:
    start = pos
    pos += 1
    members: list[Member] = []
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos < len(text) and text[pos] == "}":
            return Item(start, pos + 1, tuple(members))
        if pos >= len(text) or text[pos] != '"':
            raise FormatError(f"{source}: an item's member does not start with a name")
        name, after = _DECODER.raw_decode(text, pos)
        colon = _SPACE.match(text, after).end()  # type: ignore[union-attr]
        value_start = _SPACE.match(text, colon + 1).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(text, value_start)
        members.append(Member(str(name), pos, value_start, end))
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if pos < len(text) and text[pos] == ",":
            pos += 1


def items(text: str, *, source: str = "<csl-json>") -> list[Item]:
    """Where each item of a CSL-JSON text (an array of objects, or one object) is.

    Raises:
        FormatError: The text is not that shape (it was read as JSON before, so this is rare).
    """
    try:
        pos = _SPACE.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
        if text[pos] == "{":
            return [_object(text, pos, source)]
        found: list[Item] = []
        pos += 1
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                return found
            if text[pos] == ",":
                pos += 1
                continue
            found.append(_object(text, pos, source))
            pos = found[-1].end
    except (IndexError, ValueError) as err:
        raise FormatError(f"{source}: CSL-JSON must be an array of item objects") from err


@dataclass(frozen=True, slots=True)
class ItemEdit:
    """Set member ``name`` of ``item`` to ``value`` (JSON text)."""

    item: Item
    name: str
    value: str


def _value(kind: str, new: str, old: Any) -> Any:
    if kind == "isbn":
        return isbn_form(str(old), new) if old else new
    if kind == "year":
        return {"date-parts": [[int(new)]]}
    if kind == "author":
        return [name_object(n) for n in new.split(" and ") if n.strip()]
    return new


def edit_for(text: str, item: Item, kind: str, new: str) -> ItemEdit:
    """The edit that gives ``item`` the value ``new`` (plain text) for ``kind`` of value."""
    name = FIELD_NAMES[kind]
    member = next((m for m in item.members if m.name == name), None)
    old = json.loads(text[member.value_start : member.end]) if member else None
    return ItemEdit(item, name, json.dumps(_value(kind, new, old), ensure_ascii=False))


def apply_edits(text: str, edits: Sequence[ItemEdit]) -> str:
    """``text`` with the edits made; every character outside the changed values is kept."""
    operations: list[tuple[int, int, str]] = []
    inserted: dict[int, list[ItemEdit]] = {}
    for edit in edits:
        member = next((m for m in edit.item.members if m.name == edit.name), None)
        if member is not None:
            operations.append((member.value_start, member.end, edit.value))
        elif edit.item.members:
            inserted.setdefault(edit.item.start, []).append(edit)
    for group in inserted.values():
        last = group[0].item.members[-1]
        line_start = text.rfind("\n", 0, last.start) + 1
        before = text[line_start : last.start]
        newline = "\r\n" if text[line_start - 2 : line_start] == "\r\n" else "\n"
        lead = f",{newline}{before}" if line_start > group[0].item.start and not before.strip() else ", "
        added = "".join(f"{lead}{json.dumps(e.name)}: {e.value}" for e in group)
        operations.append((last.end, last.end, added))
    operations.sort(key=lambda op: (op[0], op[1]))
    pieces: list[str] = []
    pos = 0
    for start, end, value in operations:
        pieces += [text[pos:start], value]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
