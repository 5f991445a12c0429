"""Book → Zotero item JSON. Pure: no network, no clock, no pyzotero.

Only the 22 classic ``book`` fields are written (Zotero schema before v39). A Zotero desktop
older than 7.0.31 cannot sync items that use the newer fields (``originalDate``, ``DOI``,
``citationKey``...), so data without a classic field goes into ``extra`` as ``Key: value``
lines, the convention Zotero itself reads (``Original Date: 1954``).

Item keys are chosen here, from the book's identity, so that a re-sent item can never be
created twice: the server answers a second ``version: 0`` write of the same key with a
per-object 412 instead of a new item (see :mod:`bibkit.zotero.push`).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping
from typing import Any

from bibkit.errors import ConfigError
from bibkit.identity import book_identity, isbn13_of
from bibkit.model import Book, Mention
from bibkit.names import parse_name

__all__ = [
    "BOOK_CREATOR_TYPES",
    "BOOK_FIELDS",
    "KEY_ALPHABET",
    "item_key",
    "note_item",
    "split_name",
    "tag_objects",
    "to_zotero_item",
]

#: The classic (pre-schema-39) fields of the ``book`` type, in the server's template order.
BOOK_FIELDS: tuple[str, ...] = (
    "title", "abstractNote", "series", "seriesNumber", "volume", "numberOfVolumes", "edition",
    "place", "publisher", "date", "numPages", "language", "ISBN", "shortTitle", "url",
    "accessDate", "archive", "archiveLocation", "libraryCatalog", "callNumber", "rights", "extra",
)  # fmt: skip

BOOK_CREATOR_TYPES: tuple[str, ...] = ("author", "contributor", "editor", "translator", "seriesEditor")

#: Characters the server accepts in object keys: digits and capitals without 0, 1 and O.
KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"

#: Longest tag the server stores; longer ones fail the whole object with 413.
MAX_TAG_LENGTH = 255

_CATALOG_NAMES: Mapping[str, str] = {
    "openlibrary": "Open Library",
    "googlebooks": "Google Books",
    "bibtex": "BibTeX import",
    "csljson": "CSL-JSON import",
}

# How Book.identifiers schemes are labelled in ``extra``: Zotero parses "OCLC:" and "LCCN:".
_EXTRA_LABELS: Mapping[str, str] = {
    "oclc": "OCLC",
    "lccn": "LCCN",
    "doi": "DOI",
    "openlibrary_work": "Open Library Work",
    "openlibrary_edition": "Open Library Edition",
    "google_volume": "Google Books ID",
}


def item_key(identity: str, *, salt: str = "") -> str:
    """A valid 8-character Zotero object key derived from ``identity``.

    Deterministic, so that a push interrupted after the server stored an item and run again
    sends the same key, which the server refuses to create twice. ``salt`` derives related
    keys (the child note of a book).
    """
    digest = hashlib.sha256(f"bibkit\0{identity}\0{salt}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(8):
        number, index = divmod(number, len(KEY_ALPHABET))
        chars.append(KEY_ALPHABET[index])
    return "".join(chars)


def split_name(name: str, creator_type: str) -> dict[str, str]:
    """A Zotero creator object for a display name.

    "Isaac Deutscher" → first/last; "Carr, E. H." → as written; "Ludwig van Beethoven" →
    lastName "van Beethoven"; a one-word name or an organisation ("Institute of Physics")
    uses the single-field ``name`` form, which Zotero keeps as written.
    """
    if creator_type not in BOOK_CREATOR_TYPES:
        raise ConfigError(f"{creator_type!r} is not a creator type of Zotero books")
    parsed = parse_name(name)
    if parsed.corporate or parsed.others or not parsed.given:
        return {"creatorType": creator_type, "name": parsed.display}
    first = f"{parsed.given}, {parsed.suffix}" if parsed.suffix else parsed.given
    return {"creatorType": creator_type, "firstName": first, "lastName": parsed.last}


def tag_objects(tags: Iterable[str]) -> list[dict[str, str]]:
    """Zotero tag objects for ``tags``, blank ones dropped and repeats removed.

    Raises:
        ConfigError: a tag is longer than the 255 characters the server stores.
    """
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for raw in tags:
        tag = " ".join(str(raw).split())
        if not tag or tag in seen:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ConfigError(f"tag is longer than {MAX_TAG_LENGTH} characters: {tag[:40]}…")
        seen.add(tag)
        out.append({"tag": tag})
    return out


def _extra_lines(book: Book) -> list[str]:
    lines: list[str] = []
    if book.original_year is not None and book.original_year != book.year:
        lines.append(f"Original Date: {book.original_year}")
    for scheme, value in book.identifiers:
        label = _EXTRA_LABELS.get(scheme, scheme.replace("_", " ").title())
        value = " ".join(str(value).split())
        if value:
            lines.append(f"{label}: {value}")
    return lines


def to_zotero_item(
    book: Book,
    *,
    collections: Iterable[str] = (),
    tags: Iterable[str] = (),
    key: str | None = None,
) -> dict[str, Any]:
    """The Zotero ``book`` item for ``book``, ready to POST to ``/items``.

    Pure and deterministic. Empty fields are left out rather than sent as ``""``, so the item
    is small and a re-sent item never clears anything.

    Args:
        book: The edition to write.
        collections: Keys of the collections the item goes into, set at creation so no
            second request is needed.
        tags: Tag names; blank ones are dropped.
        key: The object key; by default :func:`item_key` of :func:`book_identity`. The item
            carries ``version: 0``, which asks the server to create it only if the key is new.

    Raises:
        ConfigError: a tag longer than the server accepts.
    """
    item: dict[str, Any] = {
        "itemType": "book",
        "key": key or item_key(book_identity(book)),
        "version": 0,
        "title": book.full_title,
    }
    creators = [split_name(n, "author") for n in book.authors]
    creators += [split_name(n, "editor") for n in book.editors]
    creators += [split_name(n, "translator") for n in book.translators]
    item["creators"] = creators
    if book.subtitle:
        item["shortTitle"] = book.title
    if book.series:
        item["series"] = book.series
        if book.volume:
            item["seriesNumber"] = book.volume
    elif book.volume:
        item["volume"] = book.volume
    fields: dict[str, str | None] = {
        "edition": book.edition,
        "place": book.place,
        "publisher": book.publisher,
        "date": str(book.year) if book.year is not None else None,
        "numPages": str(book.pages) if book.pages else None,
        "language": book.language,
        "ISBN": isbn13_of(book),
        "url": book.url,
    }
    item.update({name: value for name, value in fields.items() if value})
    catalog = book.source_of("isbn13") or book.source_of("title")
    if catalog:
        item["libraryCatalog"] = _CATALOG_NAMES.get(catalog, catalog)
    extra = _extra_lines(book)
    if extra:
        item["extra"] = "\n".join(extra)
    item["tags"] = tag_objects(tags)
    item["collections"] = list(dict.fromkeys(collections))
    item["relations"] = {}
    return item


def note_item(
    parent_key: str,
    *,
    book: Book,
    mention: Mention | None = None,
    origin: str | None = None,
    confidence: float | None = None,
    tags: Iterable[str] = (),
) -> dict[str, Any]:
    """A child note recording where the book was mentioned, for ``--note``.

    The note's key is derived from its parent's, so it is as safe to re-send as the parent.
    Its first line names the source, because Zotero shows the first line as the note's title.
    All catalogue and input text is HTML-escaped: notes are HTML.
    """
    where = html.escape(origin) if origin else "the input"
    parts = [f"<p>Added by bibkit from {where}</p>"]
    if mention is not None:
        span = f"characters {mention.start}–{mention.end}"
        parts.append(f"<p>Mentioned as ({span}):</p><blockquote>{html.escape(mention.text)}</blockquote>")
    if confidence is not None:
        parts.append(f"<p>Identified as this edition with confidence {confidence:.2f}.</p>")
    sources = sorted({source for _, source in book.provenance})
    if sources:
        parts.append("<p>Sources: " + html.escape(", ".join(sources)) + "</p>")
    return {
        "itemType": "note",
        "key": item_key(parent_key, salt="note"),
        "version": 0,
        "parentItem": parent_key,
        "note": "".join(parts),
        "tags": tag_objects(tags),
        "collections": [],
        "relations": {},
    }
