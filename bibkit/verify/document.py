"""A bibliography file as the check reads it: its entries, what each says about the book it
cites, and where each entry is in the file (for repairs)."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bibkit.errors import FormatError, InputError
from bibkit.formats import bibtex, csl, format_for_path
from bibkit.formats.bibfile import Block, decode_bytes, field_value, macros_of, scan
from bibkit.formats.edit import find_field
from bibkit.formats.latex import decode
from bibkit.isbn import to_isbn13
from bibkit.model import Book

__all__ = [
    "BIB_BOOK_TYPES",
    "CSL_BOOK_TYPES",
    "Document",
    "Entry",
    "as_document",
    "parse_document",
    "read_document",
    "written_isbn",
]

#: BibTeX/BibLaTeX entry types that cite a book (or a part of one: then ``booktitle`` is checked).
BIB_BOOK_TYPES = frozenset(
    {"book", "mvbook", "inbook", "bookinbook", "suppbook", "incollection", "collection", "mvcollection"}
)
#: CSL item types that cite a book.
CSL_BOOK_TYPES = frozenset({"book"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One entry of a bibliography, as the check sees it.

    Attributes:
        key: Citation key or CSL id.
        kind: Entry type (``book``, ``incollection``...) or CSL type, lower-case.
        line: Line of the entry in the file, where known.
        book: What the entry says about the book it cites (for a chapter, the book it is in).
        isbn_text: The ISBN field as written, if any.
        block: The .bib block it was read from.
        index: Its position among the items of a CSL-JSON file.
    """

    key: str
    kind: str
    line: int | None
    book: Book
    isbn_text: str | None = None
    block: Block | None = None
    index: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A bibliography file as read for checking and repairing.

    Attributes:
        label: The file name, or ``standard input``.
        path: Where it was read from; ``None`` for text given directly or standard input.
        format: ``bibtex`` or ``csljson``.
        text: Its text.
        utf8: Whether it is UTF-8 (a .bib that is not is read as Latin-1, byte for byte).
        entries: Its entries, in order.
        blocks: For .bib, every block, as :func:`bibkit.formats.bibfile.scan` gives them.
    """

    label: str
    path: Path | None
    format: str
    text: str
    utf8: bool = True
    entries: tuple[Entry, ...] = ()
    blocks: tuple[Block, ...] = ()


def _bib_entries(text: str, label: str) -> tuple[tuple[Entry, ...], tuple[Block, ...]]:
    blocks = tuple(scan(text, source=label))
    macros = macros_of(text, blocks)
    entries = []
    for block, book in bibtex.read(text, source=label, blocks=blocks):
        isbn = find_field(text, block, ("isbn",))
        isbn_text = decode(field_value(text, isbn, macros)) or None if isbn else None
        booktitle = find_field(text, block, ("booktitle",))
        if booktitle is not None:
            # A part of a book: the catalogues know the book, by its author or editors.
            people = find_field(text, block, ("bookauthor", "editor"))
            names = bibtex.read_names(field_value(text, people, macros)) if people else book.authors
            title = decode(field_value(text, booktitle, macros))
            book = dataclasses.replace(book, title=title, subtitle=None, authors=names, editors=())
        entries.append(
            Entry(
                key=block.key or "",
                kind=block.kind,
                line=block.line,
                book=book,
                isbn_text=isbn_text,
                block=block,
            )
        )
    return tuple(entries), blocks


def _csl_entries(text: str, label: str) -> tuple[Entry, ...]:
    entries = []
    for index, (item, book) in enumerate(csl.read(text, source=label)):
        isbn = item.get("ISBN")
        entries.append(
            Entry(
                key=book.identifier("citation_key") or str(index + 1),
                kind=str(item.get("type", "")).lower(),
                line=None,
                book=book,
                isbn_text=str(isbn) if isbn not in (None, "") else None,
                index=index,
            )
        )
    return tuple(entries)


def parse_document(
    data: bytes, *, label: str, format: str | None = None, path: Path | None = None
) -> Document:
    """A bibliography from its bytes.

    Args:
        data: The file's content.
        label: Its name, for messages.
        format: ``bibtex`` or ``csljson``; by default from the suffix of ``path``, else from
            the first character (``[`` or ``{`` is CSL-JSON).
        path: Where it came from, if a file.

    Raises:
        FormatError: Malformed .bib or JSON (the message names the line), or not text at all.
    """
    if b"\x00" in data[:8192]:
        raise FormatError(f"{label}: looks like a binary file, not a bibliography")
    text, utf8 = decode_bytes(data)
    body = text.lstrip("\ufeff \t\r\n")
    if format is None:
        format = format_for_path(path, default="") if path is not None else ""
        format = format or ("csljson" if body[:1] in ("[", "{") else "bibtex")
    if format in ("bibtex", "biblatex"):
        entries, blocks = _bib_entries(text, label)
        return Document(
            label=label, path=path, format="bibtex", text=text, utf8=utf8, entries=entries, blocks=blocks
        )
    if format == "csljson":
        if not utf8:
            raise FormatError(f"{label}: line 1: CSL-JSON must be UTF-8")
        return Document(
            label=label, path=path, format="csljson", text=text, entries=_csl_entries(text, label)
        )
    raise FormatError(f"{label}: cannot check {format} files (only .bib and CSL-JSON)")


def read_document(source: str | os.PathLike[str], *, format: str | None = None) -> Document:
    """A bibliography file (``-`` for standard input) read for checking.

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
    """
    if str(source) == "-":
        return parse_document(sys.stdin.buffer.read(), label="standard input", format=format)
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{source}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{source}: is a directory, not a bibliography") from err
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror or err})") from err
    return parse_document(data, label=str(source), format=format, path=path)


def as_document(source: str | os.PathLike[str] | Document) -> Document:
    """``source`` read: a Document as it is, a path (``-`` for standard input), or the text
    of a file itself (a ``str`` with a newline, or starting with ``@``, ``[`` or ``{``).

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in ("@", "[", "{")):
        return parse_document(source.encode("utf-8"), label="<text>")
    return read_document(source)


def written_isbn(entry: Entry) -> str | None:
    """The first valid ISBN of the entry's ISBN field, as ISBN-13."""
    for part in re.split(r"[\s,;]+", entry.isbn_text or ""):
        isbn = to_isbn13(part)
        if isbn:
            return isbn
    return None


def is_book(entry: Entry, format: str) -> bool:
    """Whether the entry cites a book (else the check skips it)."""
    return entry.kind in (BIB_BOOK_TYPES if format == "bibtex" else CSL_BOOK_TYPES)
