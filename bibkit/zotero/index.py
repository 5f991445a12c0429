"""An index of the books already in a Zotero library, for deduplication. Pure.

The Web API's ``q`` search does not look at the ISBN field, so asking the server "do you
have 9780393075076?" finds nothing even when the book is there. Instead the whole set of
``book`` items is read once and indexed here:

* by ISBN-13: the ISBN field is free text, may be hyphenated, may hold an ISBN-10, and may
  hold several ISBNs separated by spaces (Zotero's MARC import joins them so); every valid
  one is normalised to ISBN-13;
* by normalised title + first creator's surname, for records without an ISBN on either side,
  agreeing on the year when both have one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bibkit.isbn import to_isbn13
from bibkit.model import Book
from bibkit.zotero.items import title_author_key

__all__ = ["ExistingItem", "LibraryIndex", "isbns_in_field"]

_ISBN_TOKEN = re.compile(r"[0-9Xx][0-9Xx\-]*")
_YEAR = re.compile(r"\b(\d{4})\b")


def isbns_in_field(text: str) -> list[str]:
    """Every valid ISBN in a Zotero ISBN field, as ISBN-13, in order, without repeats.

    Handles "978-0-393-07507-5", "0393075079", "9780393075076 0393075079" and
    "0393075079 (pbk.)": ISBNs are separated by spaces, so a space ends one.
    """
    found: list[str] = []
    for token in _ISBN_TOKEN.findall(text or ""):
        isbn = to_isbn13(token.replace("-", ""))
        if isbn and isbn not in found:
            found.append(isbn)
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ExistingItem:
    """A book already in the library.

    Attributes:
        key: Its object key.
        version: Its object version, needed to change it (e.g. to add it to a collection).
        title: Its title, for reports.
        collections: Keys of the collections it is in.
        deleted: True if it is in the trash. It still counts as present: pushing it again
            would create a duplicate the moment the user restores it.
    """

    key: str
    version: int
    title: str
    collections: tuple[str, ...] = ()
    deleted: bool = False


def _existing(raw: Mapping[str, Any]) -> ExistingItem:
    data = raw.get("data", raw)
    return ExistingItem(
        key=str(data.get("key") or raw.get("key")),
        version=int(data.get("version") or raw.get("version") or 0),
        title=str(data.get("title") or ""),
        collections=tuple(data.get("collections") or ()),
        deleted=bool(data.get("deleted")),
    )


def _first_creator(data: Mapping[str, Any]) -> str:
    creators = data.get("creators") or []
    for wanted in ("author", "editor", None):
        for creator in creators:
            if wanted is None or creator.get("creatorType") == wanted:
                if creator.get("name"):
                    return str(creator["name"])
                return f"{creator.get('firstName', '')} {creator.get('lastName', '')}".strip()
    return ""


class LibraryIndex:
    """Books in a library, looked up by ISBN-13 or by title and first author.

    Build it with :meth:`from_items` from the item JSON the Web API returns (the full
    ``{key, version, data, ...}`` objects or just their ``data``). Non-book items are
    ignored: a book section shares its book's ISBN but is not the book.
    """

    def __init__(self) -> None:
        self._by_isbn: dict[str, ExistingItem] = {}
        self._by_title: dict[str, list[tuple[int | None, bool, ExistingItem]]] = {}
        self._items: dict[str, ExistingItem] = {}

    @classmethod
    def from_items(cls, items: Iterable[Mapping[str, Any]]) -> LibraryIndex:
        index = cls()
        for raw in items:
            index.add_raw(raw)
        return index

    def __len__(self) -> int:
        return len(self._items)

    def add_raw(self, raw: Mapping[str, Any]) -> None:
        """Index one item as returned by the API; items other than books are skipped."""
        data = raw.get("data", raw)
        if data.get("itemType") != "book":
            return
        item = _existing(raw)
        isbns = isbns_in_field(str(data.get("ISBN") or ""))
        year_match = _YEAR.search(str(data.get("date") or ""))
        year = int(year_match.group(1)) if year_match else None
        self._add(
            item, isbns=isbns, title=str(data.get("title") or ""), author=_first_creator(data), year=year
        )

    def add_book(self, book: Book, item: ExistingItem) -> None:
        """Record a book this push created, so a repeat later in the same input is skipped."""
        isbns = [i for i in (to_isbn13(book.isbn13 or ""), to_isbn13(book.isbn10 or "")) if i]
        self._add(
            item,
            isbns=isbns,
            title=book.full_title,
            author=book.authors[0] if book.authors else "",
            year=book.year,
        )

    def _add(
        self, item: ExistingItem, *, isbns: list[str], title: str, author: str, year: int | None
    ) -> None:
        self._items[item.key] = item
        for isbn in isbns:
            current = self._by_isbn.get(isbn)
            # Prefer an item outside the trash, so collections are added where the user sees them.
            if current is None or (current.deleted and not item.deleted):
                self._by_isbn[isbn] = item
        if title:
            self._by_title.setdefault(title_author_key(title, author), []).append((year, bool(isbns), item))

    def find(self, book: Book) -> ExistingItem | None:
        """The library's copy of ``book``, if any.

        An ISBN match wins. Without one, a record with the same normalised title and first
        author surname matches when at least one side has no ISBN (two different ISBNs are
        two editions) and the years agree where both are known.
        """
        isbns = [i for i in (to_isbn13(book.isbn13 or ""), to_isbn13(book.isbn10 or "")) if i]
        for isbn in isbns:
            if isbn in self._by_isbn:
                return self._by_isbn[isbn]
        key = title_author_key(book.full_title, book.authors[0] if book.authors else "")
        candidates = self._by_title.get(key, [])
        if not candidates and book.subtitle:
            key = title_author_key(book.title, book.authors[0] if book.authors else "")
            candidates = self._by_title.get(key, [])
        for year, has_isbn, item in candidates:
            if isbns and has_isbn:
                continue
            if year is not None and book.year is not None and year != book.year:
                continue
            return item
        return None

    def get(self, key: str) -> ExistingItem | None:
        return self._items.get(key)

    def update(self, item: ExistingItem) -> None:
        """Replace the stored record of ``item.key`` (after a collection change, say)."""
        self._items[item.key] = item
        for isbn, current in list(self._by_isbn.items()):
            if current.key == item.key:
                self._by_isbn[isbn] = item
        for entries in self._by_title.values():
            for i, (year, has_isbn, current) in enumerate(entries):
                if current.key == item.key:
                    entries[i] = (year, has_isbn, item)
