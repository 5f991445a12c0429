"""An index of the books already in a Zotero library, for deduplication. Pure.

The Web API's ``q`` search does not look at the ISBN field, so asking the server "do you
have 9780393075076?" finds nothing even when the book is there. Instead the whole set of
``book`` items is read once and indexed here:

* by ISBN-13: the ISBN field is free text, may be hyphenated, may hold an ISBN-10, and may
  hold several ISBNs separated by spaces (Zotero's MARC import joins them so); every valid
  one is normalised to ISBN-13;
* by normalised title + first creator's surname, for records without an ISBN on either side,
  agreeing on the year when both have one.

The rule itself is :mod:`bibkit.identity`'s, the same one .bib merging uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bibkit.dates import year_of
from bibkit.identity import BookIndex, BookKeys, keys_of, record_keys
from bibkit.isbn import to_isbn13
from bibkit.model import Book
from bibkit.zotero.items import creator_name

__all__ = ["ExistingItem", "LibraryIndex", "isbns_in_field"]

_ISBN_TOKEN = re.compile(r"[0-9Xx][0-9Xx\-]*")


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
                return creator_name(creator)
    return ""


class LibraryIndex:
    """Books in a library, looked up by ISBN-13 or by title and first author.

    Build it with :meth:`from_items` from the item JSON the Web API returns (the full
    ``{key, version, data, ...}`` objects or just their ``data``). Non-book items are
    ignored: a book section shares its book's ISBN but is not the book.
    """

    def __init__(self) -> None:
        self._index = BookIndex()
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
        keys = record_keys(
            title=str(data.get("title") or ""),
            creator=_first_creator(data),
            isbns=isbns_in_field(str(data.get("ISBN") or "")),
            year=year_of(data.get("date")),
        )
        self._add(_existing(raw), keys)

    def add_book(self, book: Book, item: ExistingItem) -> None:
        """Record a book this push created, so a repeat later in the same input is skipped."""
        self._add(item, keys_of(book))

    def _add(self, item: ExistingItem, keys: BookKeys) -> None:
        self._items[item.key] = item
        self._index.add(keys, item.key)

    def find(self, book: Book) -> ExistingItem | None:
        """The library's copy of ``book``, if any.

        An ISBN match wins, preferring an item outside the trash, so collections are added
        where the user sees them. Without one, a record with the same normalised title and
        first author surname matches when at least one side has no ISBN (two different ISBNs
        are two editions) and the years agree where both are known.
        """
        keys = keys_of(book)
        for isbn in keys.isbns:
            items = [self._items[key] for key in self._index.by_isbn(isbn)]
            if items:
                return next((item for item in items if not item.deleted), items[0])
        key = self._index.find(keys, same_year=True)
        return self._items[key] if key is not None else None

    def get(self, key: str) -> ExistingItem | None:
        return self._items.get(key)

    def update(self, item: ExistingItem) -> None:
        """Replace the stored record of ``item.key`` (after a collection change, say)."""
        self._items[item.key] = item
