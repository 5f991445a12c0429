"""Book → Zotero item JSON. Pure: no network, no clock, no pyzotero.

A book is a Zotero ``book``; an entry read from a bibliography keeps its own kind (``@article``
→ ``journalArticle``, ``@online`` → ``webpage``, ``@incollection`` → ``bookSection``, and the
CSL-JSON and RIS types likewise: :func:`item_type`), with its journal, book or website
(``publicationTitle``, ``bookTitle``...), volume, issue, pages and type of work. Only each
type's classic fields are written (Zotero schema before v39). A Zotero desktop older than
7.0.31 cannot sync items that use the newer fields (``originalDate``, ``DOI`` on a book,
``citationKey``...), so data without a classic field of its type goes into ``extra`` as
``Key: value`` lines, the convention Zotero itself reads (``Original Date: 1954``).

Item keys are chosen here, from the book's identity, so that a re-sent item can never be
created twice: the server answers a second ``version: 0`` write of the same key with a
per-object 412 instead of a new item (see :mod:`bibkit.zotero.push`).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bibkit.errors import ConfigError
from bibkit.formats.kinds import ARTICLES, zotero_type
from bibkit.formats.prepare import prepare
from bibkit.identity import book_identity, isbn13_of
from bibkit.model import Book, Mention
from bibkit.names import from_parts, parse_name
from bibkit.safetext import clean

__all__ = [
    "BOOK_CREATOR_TYPES",
    "BOOK_FIELDS",
    "CONTAINER_FIELDS",
    "FIELD_LABELS",
    "GENRE_FIELDS",
    "ITEM_FIELDS",
    "KEY_ALPHABET",
    "NUMBER_FIELDS",
    "PUBLISHER_FIELDS",
    "creator_name",
    "item_key",
    "item_type",
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

_ARCHIVE = ("accessDate", "archive", "archiveLocation", "libraryCatalog", "callNumber", "rights", "extra")
#: The classic fields of each item type bibkit writes, by item type.
ITEM_FIELDS: Mapping[str, tuple[str, ...]] = {
    "book": BOOK_FIELDS,
    "bookSection": (
        "title", "abstractNote", "bookTitle", "series", "seriesNumber", "volume", "numberOfVolumes",
        "edition", "place", "publisher", "date", "pages", "language", "ISBN", "shortTitle", "url", *_ARCHIVE,
    ),
    "journalArticle": (
        "title", "abstractNote", "publicationTitle", "volume", "issue", "pages", "date", "series",
        "seriesTitle", "seriesText", "journalAbbreviation", "language", "DOI", "ISSN", "shortTitle", "url",
        *_ARCHIVE,
    ),
    "magazineArticle": (
        "title", "abstractNote", "publicationTitle", "volume", "issue", "date", "pages", "language", "ISSN",
        "shortTitle", "url", *_ARCHIVE,
    ),
    "newspaperArticle": (
        "title", "abstractNote", "publicationTitle", "place", "edition", "date", "section", "pages",
        "language", "shortTitle", "ISSN", "url", *_ARCHIVE,
    ),
    "webpage": (
        "title", "abstractNote", "websiteTitle", "websiteType", "date", "shortTitle", "url", "accessDate",
        "language", "rights", "extra",
    ),
    "thesis": (
        "title", "abstractNote", "thesisType", "university", "place", "date", "numPages", "language",
        "shortTitle", "url", *_ARCHIVE,
    ),
    "report": (
        "title", "abstractNote", "reportNumber", "reportType", "seriesTitle", "place", "institution", "date",
        "pages", "language", "shortTitle", "url", *_ARCHIVE,
    ),
    "conferencePaper": (
        "title", "abstractNote", "date", "proceedingsTitle", "conferenceName", "place", "publisher", "volume",
        "pages", "series", "language", "DOI", "ISBN", "shortTitle", "url", *_ARCHIVE,
    ),
    "manuscript": (
        "title", "abstractNote", "manuscriptType", "place", "date", "numPages", "language", "shortTitle",
        "url", *_ARCHIVE,
    ),
    "document": ("title", "abstractNote", "publisher", "date", "language", "shortTitle", "url", *_ARCHIVE),
}  # fmt: skip

#: The creator types of each item type; an editor or translator a type has no role for is a
#: contributor.
_CREATOR_TYPES: Mapping[str, frozenset[str]] = {
    "book": frozenset(BOOK_CREATOR_TYPES),
    "bookSection": frozenset({"author", "contributor", "editor", "bookAuthor", "translator", "seriesEditor"}),
    "journalArticle": frozenset({"author", "contributor", "editor", "translator", "reviewedAuthor"}),
    "magazineArticle": frozenset({"author", "contributor", "translator", "reviewedAuthor"}),
    "newspaperArticle": frozenset({"author", "contributor", "translator", "reviewedAuthor"}),
    "webpage": frozenset({"author", "contributor", "translator"}),
    "thesis": frozenset({"author", "contributor"}),
    "report": frozenset({"author", "contributor", "translator", "seriesEditor"}),
    "conferencePaper": frozenset({"author", "contributor", "editor", "translator", "seriesEditor"}),
    "manuscript": frozenset({"author", "contributor", "translator"}),
    "document": frozenset({"author", "contributor", "editor", "translator", "reviewedAuthor"}),
}

#: Identifiers that only record the entry's type in its file: the item type says it.
_TYPE_SCHEMES = frozenset({"bibtex_type", "csl_type", "ris_type"})
#: Where each item type keeps the title of what it is in, the type of work, and its number
#: (:mod:`bibkit.zotero.export` reads them back from the same tables).
CONTAINER_FIELDS: Mapping[str, str] = {
    "journalArticle": "publicationTitle", "magazineArticle": "publicationTitle",
    "newspaperArticle": "publicationTitle", "bookSection": "bookTitle", "conferencePaper": "proceedingsTitle",
    "webpage": "websiteTitle",
}  # fmt: skip
GENRE_FIELDS: Mapping[str, str] = {
    "thesis": "thesisType", "report": "reportType", "webpage": "websiteType", "manuscript": "manuscriptType",
}  # fmt: skip
NUMBER_FIELDS: Mapping[str, str] = {
    "journalArticle": "issue", "magazineArticle": "issue", "report": "reportNumber",
}  # fmt: skip

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


def creator_name(creator: Mapping[str, Any], *, display: bool = False) -> str:
    """The name a Zotero creator object holds: the inverse of :func:`split_name`.

    A single-field ``name`` comes back as Zotero keeps it. A two-field name comes back as
    "Last, First" (:func:`bibkit.names.from_parts`), the form the name parser cannot misread
    ("King, Martin Luther, Jr."), for keys; with ``display``, as a person writes it
    ("Martin Luther King, Jr."), for a record's authors.
    """
    if creator.get("name"):
        return str(creator["name"]).strip()
    last, first = str(creator.get("lastName") or "").strip(), str(creator.get("firstName") or "").strip()
    name = from_parts(last, first)
    return parse_name(name).display if display and last and first else name


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


def item_type(book: Book) -> str:
    """The Zotero item type of ``book``'s kind: ``book``, or for an entry read from a
    bibliography the type Zotero's own importers give it (``@article`` → ``journalArticle``,
    ``@online`` → ``webpage``, ``@incollection`` → ``bookSection``...; see
    :mod:`bibkit.formats.kinds`)."""
    return zotero_type(book.kind)


#: How a field another item type lacks is labelled in ``extra`` (``Publisher: Verso``).
FIELD_LABELS: Mapping[str, str] = {
    "publisher": "Publisher", "place": "Place", "edition": "Edition", "numPages": "Number of Pages",
    "ISBN": "ISBN", "series": "Series", "seriesNumber": "Series Number", "volume": "Volume", "pages": "Pages",
    "number": "Number", "type": "Type", "publicationTitle": "Publication", "issue": "Issue",
}  # fmt: skip
#: Where a type without a ``publisher`` field keeps the publisher.
PUBLISHER_FIELDS = ("publisher", "university", "institution")


def _extra_lines(book: Book, moved: Sequence[tuple[str, str]], skip: frozenset[str]) -> list[str]:
    lines: list[str] = []
    if book.original_year is not None and book.original_year != book.year:
        lines.append(f"Original Date: {book.original_year}")
    lines += [f"{label}: {value}" for label, value in moved]
    for scheme, value in book.identifiers:
        if scheme in _TYPE_SCHEMES or scheme in skip:
            continue
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
    """The Zotero item for ``book`` (of its :func:`item_type`), ready to POST to ``/items``.

    Pure and deterministic. Empty fields are left out rather than sent as ``""``, so the item
    is small and a re-sent item never clears anything; a field the item type lacks goes to
    ``extra``.

    Args:
        book: The edition (or bibliography entry) to write.
        collections: Keys of the collections the item goes into, set at creation so no
            second request is needed.
        tags: Tag names; blank ones are dropped.
        key: The object key; by default :func:`item_key` of :func:`book_identity`. The item
            carries ``version: 0``, which asks the server to create it only if the key is new.

    Returns:
        The item as a JSON-ready dict.

    Raises:
        ConfigError: a tag longer than the server accepts.
    """
    kind = item_type(book)
    allowed = set(ITEM_FIELDS[kind])
    roles = _CREATOR_TYPES[kind]
    item: dict[str, Any] = {
        "itemType": kind,
        "key": key or item_key(book_identity(book)),  # of the book as given: keys never change
        "version": 0,
    }
    book = prepare(book)
    item["title"] = book.full_title
    creators = [split_name(n, "author") for n in book.authors]
    for role, names in (("editor", book.editors), ("translator", book.translators)):
        creators += [split_name(n, role if role in roles else "contributor") for n in names]
    item["creators"] = creators
    if book.subtitle:
        item["shortTitle"] = book.title
    fields: dict[str, str | None] = {}
    if book.container_title:
        fields[CONTAINER_FIELDS.get(kind, "publicationTitle")] = book.container_title
    if book.series:
        fields["seriesTitle" if kind == "report" else "series"] = book.series
    if book.volume and (book.kind in ARTICLES or not book.series):
        fields["volume"] = book.volume
    elif book.volume:
        fields["seriesNumber"] = book.volume
    if book.number:
        fields[NUMBER_FIELDS.get(kind, "number")] = book.number
    if book.page_range:
        fields["pages"] = book.page_range
    if book.genre:
        fields[GENRE_FIELDS.get(kind, "type")] = book.genre
    publisher = next((f for f in PUBLISHER_FIELDS if f in allowed), "publisher")
    doi = book.identifier("doi")
    fields.update(
        {
            "edition": book.edition,
            "place": book.place,
            publisher: book.publisher,
            "date": str(book.year) if book.year is not None else None,
            "numPages": str(book.pages) if book.pages else None,
            "language": book.language,
            "ISBN": isbn13_of(book),
            "url": book.url,
            "DOI": doi if doi and "DOI" in allowed else None,
        }
    )
    moved: list[tuple[str, str]] = []
    for name, value in fields.items():
        if not value:
            continue
        if name in allowed:
            item[name] = value
        else:
            moved.append((FIELD_LABELS.get(name, name), value))
    catalog = book.source_of("isbn13") or book.source_of("title")
    if catalog and "libraryCatalog" in allowed:
        item["libraryCatalog"] = _CATALOG_NAMES.get(catalog, catalog)
    extra = _extra_lines(book, moved, frozenset({"doi"}) if "DOI" in item else frozenset())
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
    where = html.escape(clean(origin)) if origin else "the input"
    parts = [f"<p>Added by bibkit from {where}</p>"]
    if mention is not None:
        span = f"characters {mention.start}–{mention.end}"
        said = html.escape(clean(mention.text))
        parts.append(f"<p>Mentioned as ({span}):</p><blockquote>{said}</blockquote>")
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
