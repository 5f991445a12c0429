"""A bibliography file as the check reads it: its entries, what each says about the book it
cites, and where each entry is in the file (for repairs).

What the file is (.bib, CSL-JSON or RIS, by suffix or by content, standard input too) is decided
by :func:`bibkit.formats.inputs.input_kind`, as for ``convert``, ``resolve`` and ``push``, and
each format is read by its one reader."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bibkit import textfile
from bibkit.config import DEFAULT_MAX_INPUT_BYTES
from bibkit.errors import FormatError, InputError
from bibkit.formats import bibtex, csl, find, ris
from bibkit.formats.bibfile import Block, field_value, macros_of, scan
from bibkit.formats.edit import find_field
from bibkit.formats.inputs import input_kind, is_text_itself
from bibkit.formats.kinds import noun
from bibkit.formats.latex import decode
from bibkit.isbn import to_isbn13
from bibkit.model import Book

__all__ = [
    "CHECKED_KINDS",
    "Document",
    "Entry",
    "as_document",
    "checked_book",
    "is_book",
    "parse_document",
    "read_document",
    "skip_reason",
    "written_isbn",
]

#: Kinds the check verifies against the book catalogues, the same in every format: a book, and
#: a chapter by the book it is in. Any other kind is skipped (see :func:`skip_reason`).
CHECKED_KINDS = frozenset({"book", "chapter"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One entry of a bibliography, as the check sees it.

    Attributes:
        key: Citation key or CSL id.
        kind: What the entry cites, as a kind (:data:`bibkit.model.KINDS`), whatever its
            format's name for it (``@incollection``, CSL ``chapter`` and RIS ``CHAP`` are all
            ``chapter``).
        line: Line of the entry in the file, where known.
        book: What the entry says about the book it cites: the entry itself, or for a chapter
            the book it is in (:func:`checked_book`).
        isbn_text: The ISBN field as written, if any.
        block: The .bib block it was read from.
        index: Its position among the items of a CSL-JSON or RIS file.
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
        format: ``bibtex``, ``csljson`` or ``ris``.
        text: Its text (without a byte-order mark).
        utf8: Whether its encoding holds every letter: UTF-8, or UTF-16/32 with a byte-order
            mark. A file that is none is read as Windows-1252 (:mod:`bibkit.textfile`, the
            rule of every input), and a repair writes LaTeX accents into it.
        entries: Its entries, in order.
        blocks: For .bib, every block, as :func:`bibkit.formats.bibfile.scan` gives them.
        encoding: The codec its text is written back with.
        bom: The byte-order mark it began with, written back before the text.
    """

    label: str
    path: Path | None
    format: str
    text: str
    utf8: bool = True
    entries: tuple[Entry, ...] = ()
    blocks: tuple[Block, ...] = ()
    encoding: str = "utf-8"
    bom: bytes = b""

    def encoded(self, text: str) -> bytes:
        """``text`` (its own, or repaired) as the bytes of the file, stored as it was stored.

        Raises:
            UnicodeEncodeError: its encoding cannot hold ``text``.
        """
        return self.bom + text.encode(self.encoding)


def _bib_entries(text: str, label: str) -> tuple[tuple[Entry, ...], tuple[Block, ...]]:
    blocks = tuple(scan(text, source=label))
    macros = macros_of(text, blocks)
    entries = []
    for block, book in bibtex.read(text, source=label, blocks=blocks):
        isbn = find_field(text, block, ("isbn",))
        isbn_text = decode(field_value(text, isbn, macros)) or None if isbn else None
        bookauthor = find_field(text, block, ("bookauthor",))
        book_authors = bibtex.read_names(field_value(text, bookauthor, macros)) if bookauthor else ()
        entries.append(
            Entry(
                key=block.key or "",
                kind=book.kind,
                line=block.line,
                book=checked_book(book, book_authors=tuple(book_authors)),
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
                kind=book.kind,
                line=None,
                book=checked_book(book),
                isbn_text=str(isbn) if isbn not in (None, "") else None,
                index=index,
            )
        )
    return tuple(entries)


def _ris_entries(text: str, label: str) -> tuple[Entry, ...]:
    entries = []
    for index, (record, book) in enumerate(ris.read(text, source=label)):
        isbn = " ".join(record.tags.get("SN", ()))
        entries.append(
            Entry(
                key=book.identifier("citation_key") or str(index + 1),
                kind=book.kind,
                line=record.line,
                book=checked_book(book),
                isbn_text=isbn or None,
                index=index,
            )
        )
    return tuple(entries)


def parse_document(
    data: bytes,
    *,
    label: str,
    format: str | None = None,
    path: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> Document:
    """A bibliography from its bytes.

    Args:
        data: The file's content.
        label: Its name, for messages.
        format: ``bibtex``/``biblatex``, ``csljson`` or ``ris``; by default from the suffix of
            ``path``, else from the content (:func:`bibkit.formats.inputs.input_kind`).
        path: Where it came from, if a file.
        note: Told in one line that the file was read as Windows-1252 (default: a warning
            on the ``bibkit`` logger).

    The encodings read are those of every input (:mod:`bibkit.textfile`).

    Raises:
        FormatError: Malformed .bib, JSON or RIS (the message names the line), not a
            bibliography, or not text at all.
        ConfigError: ``format`` names no readable format.
    """
    try:
        decoded = textfile.decode_noted(data, label, note=note)
    except InputError as err:
        raise FormatError(str(err)) from None
    text = decoded.text

    def document(kind: str, entries: tuple[Entry, ...], blocks: tuple[Block, ...] = ()) -> Document:
        return Document(
            label=label, path=path, format=kind, text=text, utf8=not decoded.legacy, entries=entries,
            blocks=blocks, encoding=decoded.encoding, bom=decoded.bom,
        )  # fmt: skip

    kind = find(format).reads_as if format else input_kind(text, path)
    if kind == "bibtex":
        return document("bibtex", *_bib_entries(text, label))
    if kind == "csljson":
        return document("csljson", _csl_entries(text, label))
    if kind == "ris":
        return document("ris", _ris_entries(text, label))
    raise FormatError(f"{label}: not a bibliography (.bib, CSL-JSON or RIS)")


def read_document(
    source: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_input_bytes: int | None = None,
    note: Callable[[str], None] | None = None,
) -> Document:
    """A bibliography file (``-`` for standard input) read for checking, at most
    ``max_input_bytes`` long (default: :data:`bibkit.config.DEFAULT_MAX_INPUT_BYTES`; 0: no
    limit); ``note`` as for :func:`parse_document`.

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
    """
    limit = max_input_bytes if max_input_bytes is not None else DEFAULT_MAX_INPUT_BYTES
    data = textfile.read_bytes(str(source), limit=limit)
    if str(source) == "-":
        return parse_document(data, label="standard input", format=format, note=note)
    return parse_document(data, label=str(source), format=format, path=Path(source), note=note)


def as_document(source: str | os.PathLike[str] | Document, *, max_input_bytes: int | None = None) -> Document:
    """``source`` read: a Document as it is, a path (``-`` for standard input; at most
    ``max_input_bytes`` read, as for :func:`read_document`), or the text of a file itself (see
    :func:`bibkit.formats.inputs.is_text_itself`).

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
        TypeError: ``source`` is none of these (bytes must be written to a file, or decoded).
    """
    if isinstance(source, Document):
        return source
    if not isinstance(source, str | os.PathLike):
        raise TypeError(
            f"check() takes a path, the text of a file or a Document, not {type(source).__name__}"
        )
    if isinstance(source, str) and is_text_itself(source):
        return parse_document(source.encode("utf-8"), label="<text>")
    return read_document(source, max_input_bytes=max_input_bytes)


def written_isbn(entry: Entry) -> str | None:
    """The first valid ISBN of the entry's ISBN field, as ISBN-13."""
    for part in re.split(r"[\s,;]+", entry.isbn_text or ""):
        isbn = to_isbn13(part)
        if isbn:
            return isbn
    return None


def checked_book(entry: Book, *, book_authors: tuple[str, ...] = ()) -> Book:
    """The book the check looks for, from what an entry says: a book is itself; a chapter is
    the book it is in (its container title, by the book's own authors when the entry names
    them, as BibLaTeX's ``bookauthor``, else its editors, else the chapter's authors), with
    the entry's ISBN, publisher, place and year, which are the book's. Any other entry, and a
    chapter that does not name its book, is returned as it is (the check skips it)."""
    if entry.kind != "chapter" or not entry.container_title:
        return entry
    return dataclasses.replace(
        entry,
        kind="book",
        title=entry.container_title,
        subtitle=None,
        authors=book_authors or entry.editors or entry.authors,
        editors=(),
        container_title=None,
        page_range=None,
    )


def is_book(entry: Entry) -> bool:
    """Whether the check verifies the entry: a book, or a chapter whose book is known."""
    return entry.kind in CHECKED_KINDS and entry.book.kind == "book"


def skip_reason(entry: Entry) -> str:
    """Why the check does not verify ``entry`` (one that is not :func:`is_book`): book
    catalogues hold books, so an article, a conference paper, a web page, a thesis or a report
    cannot be confirmed or refuted by them, and a chapter that does not name its book gives
    nothing to look for."""
    if entry.kind == "chapter":
        return "a chapter that does not name the book it is in: not checked"
    return f"{noun(entry.kind)}, not a book: not checked"
