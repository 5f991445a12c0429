"""Changing fields of entries in an existing .bib file, and nothing else.

A user's file holds work bibkit cannot reproduce (comments, ``@string`` macros, alignment, the
order of entries and fields), so a repair never re-writes it: each change replaces the text of
one value, or inserts one ``name = {value}`` line after an entry's last field, and every other
character stays where it was. The positions come from :func:`bibkit.formats.bibfile.scan`.

A new field copies its entry's habits: the indentation of the last field, the case of the field
names (``PUBLISHER`` beside ``TITLE``), the padding before ``=`` and the file's line ending.
A replaced value keeps its delimiters and, for an ISBN, its form (hyphens, ISBN-10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bibkit.formats.bibfile import Block, Field
from bibkit.formats.bibtex import bibtex_names
from bibkit.formats.latex import escape, escape_words
from bibkit.isbn import isbn_form

__all__ = ["FIELD_NAMES", "FieldEdit", "apply_edits", "edit_for", "find_field"]

#: The .bib fields each kind of value is read from, in order of preference; the first one is
#: the name of a new field (``place`` becomes ``location`` in an entry written for biblatex).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "isbn": ("isbn",),
    "publisher": ("publisher",),
    "year": ("year", "date"),
    "place": ("address", "location"),
    "author": ("author",),
    "title": ("title",),
}

#: Fields only biblatex knows: an entry with one of them gets ``location`` rather than ``address``.
_BIBLATEX_ONLY = frozenset(
    {"date", "location", "langid", "origdate", "subtitle", "pagetotal", "journaltitle"}
)


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """Set field ``name`` of the entry ``block`` to ``value``.

    Attributes:
        block: The entry, as scanned from the text the edit applies to.
        name: The field name; an existing field is matched without regard to case.
        value: The value exactly as it should appear in the file, delimiters included
            (``{Verso}``, ``2015``).
    """

    block: Block
    name: str
    value: str


def find_field(text: str, block: Block, names: Sequence[str]) -> Field | None:
    """The first field of ``block`` called one of ``names`` (any case), in order of ``names``."""
    by_name: dict[str, Field] = {}
    for field in block.fields:
        by_name.setdefault(field.name.lower(), field)
    for name in names:
        if name in by_name:
            return by_name[name]
    return None


def edit_for(text: str, block: Block, kind: str, new: str, *, ascii: bool) -> FieldEdit:
    """The edit that gives ``block`` the value ``new`` (plain text) for ``kind`` of value.

    Args:
        text: The text ``block`` was scanned from.
        block: The entry.
        kind: A key of :data:`FIELD_NAMES`.
        new: The value as plain text: an ISBN, a year, a name list joined by `` and ``...
        ascii: Write LaTeX accents rather than UTF-8 (for a file that is all ASCII or not UTF-8).
    """
    names = FIELD_NAMES[kind]
    field = find_field(text, block, names)
    old = text[field.value_start : field.end] if field else ""
    if kind == "isbn":
        inner = isbn_form(old, new) if field else new
    elif kind == "year":
        inner = new
    elif kind == "author":
        inner = bibtex_names(tuple(n for n in new.split(" and ") if n.strip()), ascii=ascii)
    elif kind == "title":
        inner = escape_words(new, ascii=ascii)
    else:
        inner = escape(new, ascii=ascii)
    if field is None:
        biblatex = any(f.name.lower() in _BIBLATEX_ONLY for f in block.fields)
        name = names[-1] if kind == "place" and biblatex else names[0]
        return FieldEdit(block, name, "{" + inner + "}")
    if kind == "year" and old.isdigit():
        value = inner
    elif old.startswith('"') and '"' not in inner:
        value = '"' + inner + '"'
    else:
        value = "{" + inner + "}"
    return FieldEdit(block, field.name, value)


def _styled_name(name: str, fields: Sequence[Field]) -> str:
    """``name`` in the case the entry writes its field names in (``TITLE``, ``Title``, ``title``)."""
    written = [f.name for f in fields if f.name.isalpha()]
    if written and all(n.isupper() for n in written):
        return name.upper()
    if written and all(n[0].isupper() and n[1:].islower() for n in written):
        return name.capitalize()
    return name


def _insertion(text: str, block: Block, edits: Sequence[FieldEdit]) -> tuple[int, str]:
    """Where and what to insert for new fields of ``block``: after its last field."""
    last = block.fields[-1]
    line_start = text.rfind("\n", 0, last.start) + 1
    before = text[line_start : last.start]
    newline = "\r\n" if "\r\n" in text[block.start : block.end] else "\n"
    # An entry on one line stays on one line; otherwise a new line with the last field's indent.
    indent = before if before.strip() == "" else "  "
    lead = ", " if line_start <= block.start else "," + newline + indent
    equals = text.find("=", last.start + len(last.name), last.value_start)
    head = text[last.start : equals]  # name and padding before "="
    tail = text[equals : last.value_start]  # "=" and the space after it
    lines = []
    for edit in edits:
        name = _styled_name(edit.name, block.fields)
        if len(head) == len(last.name):
            padded = name  # "name=value"
        else:
            padded = name.ljust(len(head)) if len(head) > len(name) else name + " "
        lines.append(f"{lead}{padded}{tail}{edit.value}")
    return last.end, "".join(lines)


def apply_edits(text: str, edits: Sequence[FieldEdit]) -> str:
    """``text`` with the edits made; every character outside the changed values is kept.

    An edit of a field the entry has replaces the value's text (from its first delimiter to
    its last); an edit of a field it lacks inserts a line after the entry's last field (before
    any comma that follows it). An entry without fields cannot be given one: such edits are
    ignored.

    Args:
        text: The text the edits' blocks were scanned from.
        edits: At most one per field of an entry.
    """
    operations: list[tuple[int, int, str]] = []
    new_fields: dict[int, list[FieldEdit]] = {}
    blocks: dict[int, Block] = {}
    for edit in edits:
        field = find_field(text, edit.block, (edit.name.lower(),))
        if field is not None:
            operations.append((field.value_start, field.end, edit.value))
        elif edit.block.fields:
            new_fields.setdefault(edit.block.start, []).append(edit)
            blocks[edit.block.start] = edit.block
    for start, group in new_fields.items():
        at, inserted = _insertion(text, blocks[start], group)
        operations.append((at, at, inserted))
    operations.sort(key=lambda op: (op[0], op[1]))
    pieces: list[str] = []
    pos = 0
    for start, end, value in operations:
        pieces.append(text[pos:start])
        pieces.append(value)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
