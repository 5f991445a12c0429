"""What an input is: free text with book mentions, or a bibliography (.bib, CSL-JSON, RIS).

Every command that reads an input asks here, so ``convert``, ``resolve`` and ``push`` agree: a
``.bib`` is never mined for "mentions" in its own BibTeX source, and bibkit's own ``.ris``
output can be pushed back. The suffix decides when it names a format; otherwise (standard
input, ``.txt``, no suffix) the content does, by its opening: ``@type{`` for BibTeX, a JSON
array or object of items for CSL-JSON, ``TY  -`` for RIS. A text that merely starts with an
``@handle`` or a bracket is still text.

Also here, the one rule for what a bibliography's entries become when they are resolved
(:func:`kept_as_given`): a book is looked up in the catalogues; an entry of any other kind is
kept as written, as ``convert`` keeps every entry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bibkit.formats.kinds import noun
from bibkit.formats.registry import ReaderName, find, for_path, sniff
from bibkit.model import Book, Mention, Resolution, Status

__all__ = [
    "Input", "InputKind", "as_given", "input_kind", "is_text_itself", "kept_as_given", "mention_of",
    "read_books", "to_search",
]  # fmt: skip

InputKind = Literal["text"] | ReaderName
"""Free text (mentions to extract), or a bibliography and the reader that reads it."""

#: Suffixes of files that hold free text, whatever they open with.
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


def is_text_itself(source: object) -> bool:
    """Whether a ``str`` given where a path is expected is the text of a file instead: it holds
    a newline, or opens as a bibliography does (``@``, ``[`` or ``{``), which no path does."""
    return isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in ("@", "[", "{"))


def input_kind(text: str, name: str | os.PathLike[str] | None = None) -> InputKind:
    """The kind of an input, from its file name's suffix, else from its content.

    Args:
        text: The input's text.
        name: Its file name (``None`` or ``"-"`` for standard input).
    """
    if name is not None and str(name) != "-":
        if Path(name).suffix.lower() in _TEXT_SUFFIXES:
            return "text"
        named = for_path(name)
        if named is not None:
            return named.reads_as
    opens_as = sniff(text.lstrip("\ufeff"))
    return opens_as.reads_as if opens_as is not None else "text"


def read_books(text: str, kind: InputKind, *, source: str = "<input>") -> list[Book]:
    """The books of a bibliography's text.

    Raises:
        FormatError: The text is malformed (the message names the line).
        ValueError: ``kind`` is ``text``, which holds mentions, not books.
    """
    if kind == "text":
        raise ValueError("free text holds mentions, not books: extract them first")
    return find(kind).loads(text, source=source)


@dataclass(frozen=True, slots=True)
class Input:
    """One input as read: free text with book mentions, or a bibliography, known as every
    command knows it (:func:`input_kind`: the name's suffix, else the content).

    Make one with :meth:`of` from text already read; ``bibkit resolve``, ``convert`` and
    ``push`` read each FILE into one.

    Attributes:
        text: Its text.
        kind: ``text``, or the reader of the bibliography it is (``bibtex``, ``csljson``,
            ``ris``).
        name: The file it was read from, ``-`` for standard input, ``""`` for text given
            directly.
    """

    text: str
    kind: InputKind
    name: str = ""

    @classmethod
    def of(cls, text: str, name: str | os.PathLike[str] = "") -> Input:
        """``text`` read from the file ``name`` (``-``: standard input; ``""``: none), with
        its kind."""
        name = os.fspath(name)
        return cls(text, input_kind(text, name or None), name)

    @property
    def label(self) -> str:
        """How messages name it: the file name, ``standard input`` or ``<text>``."""
        return "standard input" if self.name == "-" else self.name or "<text>"

    @property
    def is_text(self) -> bool:
        """Whether it is free text, whose mentions are extracted, rather than a bibliography."""
        return self.kind == "text"

    def books(self) -> list[Book]:
        """The books of the bibliography it is, in file order.

        Raises:
            FormatError: The text is malformed (the message names the line).
            ValueError: It is free text, which holds mentions, not books.
        """
        return read_books(self.text, self.kind, source=self.label)

    def items(self) -> str | list[Book]:
        """What :func:`bibkit.resolve` takes of it: the text itself, or the bibliography's
        books (each book looked up, any other entry kept as written).

        Raises:
            FormatError: A bibliography is malformed.
        """
        return self.text if self.is_text else self.books()

    def as_given(self) -> list[Resolution]:
        """The bibliography's entries each kept exactly as written (status ``kept``), as
        ``bibkit convert`` converts a bibliography rather than resolving it.

        Raises:
            FormatError: It is malformed.
            ValueError: It is free text.
        """
        reason = f"read from {Path(self.label).name}: converted as given"
        return [as_given(book, reason) for book in self.books()]


def mention_of(book: Book) -> Mention:
    """A bibliography entry as a mention, to resolve it to a catalogued edition.

    It says what the entry says (title, subtitle, authors, year, ISBN); its ``text`` names the
    entry (its citation key, else its title) and its span is empty, as it comes from no text.
    """
    label = book.identifier("citation_key") or book.full_title
    return Mention(
        text=label,
        start=0,
        end=0,
        title=book.title,
        subtitle=book.subtitle,
        author=" and ".join(book.authors or book.editors) or None,
        year=book.original_year or book.year,
        isbn=book.isbn13,
        confidence=1.0,
        kind="entry",
    )


def as_given(book: Book, reason: str) -> Resolution:
    """A bibliography entry kept exactly as written: status ``kept``, the entry as its book."""
    return Resolution(mention=mention_of(book), book=book, status=Status.KEPT, confidence=1.0, reason=reason)


def kept_as_given(item: Mention | Book) -> Resolution | None:
    """The resolution of an entry that resolution does not look up, or ``None`` for an item
    to look up (a mention, or an entry that cites a book).

    Book catalogues (Open Library, Google Books, a local catalogue built from them) hold
    books: searched there, an article, a web page, a thesis or a report would come back as
    whatever book shares its words, or as not found; a chapter's or a conference paper's
    book is not what the entry cites, and its ISBN (the book's) would make it that book. So
    only an entry of kind ``book`` is looked up; any other is kept as written, with the
    reason, the way ``convert`` keeps every entry of a bibliography.
    """
    if isinstance(item, Mention) or item.kind == "book":
        return None
    return as_given(item, f"{noun(item.kind)}: kept as given, not looked up in book catalogues")


def to_search(item: Mention | Book) -> Mention:
    """What resolution searches for an item: the mention itself, or what an entry says."""
    return item if isinstance(item, Mention) else mention_of(item)
