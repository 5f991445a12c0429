"""When two records are the same book: the one rule, for .bib merging and Zotero dedupe. Pure.

Two records are the same edition when they share an ISBN (ISBN-10 or ISBN-13, hyphens or
not), or, when at least one of them has no ISBN, when they have the same normalised title
(case, accents, punctuation, a leading article and a subtitle missing on one side ignored)
and the same first author's (else editor's) family name. Two different ISBNs are two
editions, whatever the titles say.

An entry of another kind than a book (an article, a chapter...: ``Book.kind``) is never the
same as a book, and is the same as another entry of its kind with the same title and first
author only in the same container (journal, book) and year; a chapter's or a conference
paper's ISBN is its book's, so it identifies nothing.

Records of one *work* (any edition) share a :func:`work_key`: the resolver groups a source's
records by it.

:func:`keys_of` gives the keys a record is found by, and :class:`BookIndex` looks records up
by them, so that finding a duplicate among thousands is a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bibkit.isbn import to_isbn13
from bibkit.model import PARTS, Book
from bibkit.names import surname_key
from bibkit.text import FORMAT_NOTE, SUBTITLE_SPLIT, fold, normalize_title

__all__ = [
    "BookIndex",
    "BookKeys",
    "book_identity",
    "isbn13_of",
    "keys_of",
    "record_keys",
    "same_book",
    "work_key",
]


def isbn13_of(book: Book) -> str | None:
    """The book's ISBN-13, digits only, from its ISBN-13 or else its ISBN-10; ``None`` without a valid one."""
    return to_isbn13(book.isbn13 or "") or to_isbn13(book.isbn10 or "")


@dataclass(frozen=True, slots=True)
class BookKeys:
    """What a record is found by.

    Attributes:
        isbns: Its valid ISBNs as ISBN-13, without repeats.
        titles: ``(normalised title, folded family name)`` for the full title and for the
            main title alone.
        year: Its year, when known (only :meth:`BookIndex.find` with ``same_year`` uses it).
    """

    isbns: tuple[str, ...]
    titles: frozenset[tuple[str, str]]
    year: int | None = None


def record_keys(*, title: str, creator: str, isbns: Iterable[str] = (), year: int | None = None) -> BookKeys:
    """The keys of a record that is not a :class:`Book` (a Zotero item, say).

    Args:
        title: Its full title ("Title: Subtitle").
        creator: Its first author (else editor) as a display or "Last, First" name.
        isbns: ISBNs in any form; invalid ones are ignored.
        year: Its year, if known.
    """
    family = surname_key(creator, whole=True)
    full = normalize_title(title)
    main = normalize_title(title.split(": ")[0])
    return BookKeys(
        isbns=tuple(dict.fromkeys(i for i in (to_isbn13(x) for x in isbns) if i)),
        titles=frozenset((t, family) for t in (full, main) if t),
        year=year,
    )


def keys_of(book: Book, *, families: frozenset[str] | None = None) -> BookKeys:
    """The keys of ``book``.

    Args:
        book: The record.
        families: Only the family names (``surname_key(name, whole=True)``) that will be looked up: a record
            by anyone else gets no title keys, which costs most to compute and could never
            match. For indexing thousands of records to find a few.
    """
    names = book.authors or book.editors
    creator = names[0] if names else ""
    isbns = [i for i in (book.isbn13, book.isbn10) if i] if book.kind not in PARTS else []
    # An entry with several ISBNs (isbn = {A, B}: see bibkit.formats.bibtex) is each of them.
    isbns += [i for i in (book.identifier("other_isbns") or "").split(",") if i]
    if families is not None and surname_key(creator, whole=True) not in families:
        valid = tuple(dict.fromkeys(i for i in map(to_isbn13, isbns) if i))
        return BookKeys(isbns=valid, titles=frozenset(), year=book.year)
    keys = record_keys(title=book.full_title, creator=creator, isbns=isbns, year=book.year)
    if book.kind == "book":
        return keys
    where = f"{book.kind}|{normalize_title(book.container_title or '')}|{book.year or ''}|"
    titles = frozenset((where + title, family) for title, family in keys.titles)
    return BookKeys(isbns=keys.isbns, titles=titles, year=book.year)


def work_key(book: Book) -> tuple[str, frozenset[str]]:
    """What makes two records the same work: main title and author surnames, normalised."""
    main = SUBTITLE_SPLIT.split(FORMAT_NOTE.sub("", book.title), maxsplit=1)[0]
    surnames = frozenset(surname_key(a) for a in book.authors[:3])
    return normalize_title(main), surnames


def same_book(a: Book, b: Book) -> bool:
    """True when ``a`` and ``b`` are the same edition (see the module docstring)."""
    keys_a, keys_b = keys_of(a), keys_of(b)
    if keys_a.isbns and keys_b.isbns:
        return bool(set(keys_a.isbns) & set(keys_b.isbns))
    return bool(keys_a.titles & keys_b.titles)


class BookIndex:
    """Keys of records (citation keys, Zotero item keys...) looked up by the keys of their books."""

    def __init__(self) -> None:
        self._by_isbn: dict[str, list[str]] = {}
        self._by_title: dict[tuple[str, str], list[tuple[BookKeys, str]]] = {}

    def add(self, keys: BookKeys, value: str) -> None:
        for isbn in keys.isbns:
            self._by_isbn.setdefault(isbn, []).append(value)
        for title in sorted(keys.titles):
            self._by_title.setdefault(title, []).append((keys, value))

    def by_isbn(self, isbn13: str) -> list[str]:
        """Every value recorded with ``isbn13``, in the order they were added."""
        return list(self._by_isbn.get(isbn13, ()))

    def find_all(self, keys: BookKeys, *, same_year: bool = False) -> list[str]:
        """The values of the same book, best first: ISBN matches, then title matches.

        A title match counts only when at least one side has no ISBN; with ``same_year``,
        also only when the years agree where both are known.
        """
        found: list[str] = []
        for isbn in keys.isbns:
            found += self._by_isbn.get(isbn, ())
        for title in sorted(keys.titles):
            for other, value in self._by_title.get(title, ()):
                if keys.isbns and other.isbns:
                    continue
                if same_year and None not in (keys.year, other.year) and keys.year != other.year:
                    continue
                found.append(value)
        return list(dict.fromkeys(found))

    def find(self, keys: BookKeys, *, same_year: bool = False) -> str | None:
        """The first value :meth:`find_all` gives, if any."""
        found = self.find_all(keys, same_year=same_year)
        return found[0] if found else None


def book_identity(book: Book) -> str:
    """The string Zotero item keys are derived from (see :func:`bibkit.zotero.items.item_key`):
    ``isbn:`` and the ISBN-13, else the normalised title, the first author's surname and the year.

    Frozen: libraries already hold items whose keys came from it, and a re-sent book is only
    recognised by the server if it gets the same key again, so it keeps its own surname rule
    (text before a comma, else the last word) rather than :func:`bibkit.names.parse_name`.
    A chapter or a conference paper is not its book: it is known by its kind and its book's
    title before its own, never by the book's ISBN.
    """
    isbn = isbn13_of(book) if book.kind not in PARTS else None
    if isbn:
        return f"isbn:{isbn}"
    first_author = book.authors[0] if book.authors else ""
    if "," in first_author:
        surname = fold(first_author.partition(",")[0])
    else:
        words = [w for w in fold(first_author).split() if w not in {"jr", "sr", "ii", "iii", "iv"}]
        surname = words[-1] if words else ""
    title = normalize_title(book.full_title)
    if book.kind in PARTS:
        title = f"{book.kind}|{normalize_title(book.container_title or '')}|{title}"
    return f"title:{title}|{surname}|{book.year or ''}"
