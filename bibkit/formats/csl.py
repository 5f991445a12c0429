"""CSL-JSON: pure ``Book`` → JSON writer and reader (Zotero, Pandoc, citeproc).

Items follow the CSL 1.0.2 input schema (``csl-data.json``): an array of objects with ``id`` and
``type``, dates as ``{"date-parts": [[year]]}``, names as ``{family, given, …}`` or
``{literal}``, and no keys outside the schema (it has ``additionalProperties: false``), so
there is no ``subtitle`` key: the title is "Title: Subtitle", as Zotero stores it.
Text is plain Unicode: no LaTeX, no braces.

A book is a ``book``; an entry read from a bibliography keeps its kind, which is a CSL type
(``article-journal``, ``chapter``, ``paper-conference``...), with its ``container-title``,
``volume``, ``issue`` (a report's ``number``), ``page``, ``genre`` and ``DOI``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bibkit.dates import year_of
from bibkit.errors import FormatError
from bibkit.formats import editions, kinds
from bibkit.formats.keys import DEFAULT_PATTERN, KeyAllocator, KeyPattern
from bibkit.identity import isbn13_of
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.jsonstream import Lazy, pieces
from bibkit.model import Book
from bibkit.names import Name, parse_name
from bibkit.text import clean

__all__ = ["chunks", "dumps", "item", "loads", "looks_like", "name_object", "read"]


def name_object(text: str) -> dict[str, str]:
    """A CSL name: family/given/particle/suffix for a person, ``literal`` for an organisation."""
    name = parse_name(text)
    if name.corporate or name.others or not name.family:
        return {"literal": name.family or clean(text)}
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def item(book: Book, key: str) -> dict[str, Any]:
    """One CSL-JSON item for ``book`` with id ``key``, of its kind (``type: book`` for a book)."""
    out: dict[str, Any] = {"id": key, "type": book.kind, "citation-key": key, "title": clean(book.full_title)}
    for role, names in (("author", book.authors), ("editor", book.editors), ("translator", book.translators)):
        people = [name_object(n) for n in names if clean(n)]
        if people:
            out[role] = people
    if book.publisher and clean(book.publisher):
        out["publisher"] = clean(book.publisher)
    if book.place and clean(book.place):
        out["publisher-place"] = clean(book.place)
    if book.year is not None:
        out["issued"] = {"date-parts": [[book.year]]}
    if book.original_year is not None:
        out["original-date"] = {"date-parts": [[book.original_year]]}
    number = editions.number(book.edition)
    if number is not None:
        out["edition"] = str(number)
    elif book.edition and clean(book.edition):
        out["edition"] = clean(book.edition)
    if book.container_title and clean(book.container_title):
        out["container-title"] = clean(book.container_title)
    if book.series and clean(book.series):
        out["collection-title"] = clean(book.series)
        if book.volume and clean(book.volume):
            out["collection-number"] = clean(book.volume)
    elif book.volume and clean(book.volume) and book.kind != "book":
        out["volume"] = clean(book.volume)
    if book.number and clean(book.number):
        # A journal's issue; a report's own number.
        out["issue" if book.kind in kinds.ARTICLES else "number"] = clean(book.number)
    if book.page_range and clean(book.page_range):
        out["page"] = clean(book.page_range)
    if book.genre and clean(book.genre):
        out["genre"] = clean(book.genre)
    isbn = isbn13_of(book)
    if isbn:
        out["ISBN"] = isbn
    doi = book.identifier("doi")
    if doi and clean(doi):
        out["DOI"] = clean(doi)
    if book.language:
        out["language"] = clean(book.language)
    if book.pages:
        out["number-of-pages"] = str(book.pages)
    if book.url and clean(book.url):
        out["URL"] = clean(book.url)
    return out


def chunks(books: Iterable[Book], *, key_pattern: str | KeyPattern = DEFAULT_PATTERN) -> Iterator[str]:
    """The text of :func:`dumps`, piece by piece: each book becomes its item only as it is
    written (:mod:`bibkit.jsonstream`), so a file of any size takes the memory of one item."""
    allocator = KeyAllocator(key_pattern)
    yield from pieces(Lazy(item(book, allocator.key(book)) for book in books))
    yield "\n"


def dumps(books: Iterable[Book], *, key_pattern: str | KeyPattern = DEFAULT_PATTERN) -> str:
    """A CSL-JSON array for ``books``; ids are the same citation keys as in the .bib output."""
    return "".join(chunks(books, key_pattern=key_pattern))


def _name_text(name: Mapping[str, Any]) -> str:
    if "literal" in name:
        return clean(str(name["literal"]))
    parsed = Name(
        family=clean(str(name.get("family", ""))),
        given=clean(str(name.get("given", ""))),
        particle=clean(f"{name.get('dropping-particle', '')} {name.get('non-dropping-particle', '')}"),
        suffix=clean(str(name.get("suffix", ""))),
    )
    return parsed.display


def _year(date: Any) -> int | None:
    if isinstance(date, Mapping):
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                return int(parts[0][0])
            except (TypeError, ValueError):
                return None
        raw = date.get("raw") or date.get("literal")
        return _year(raw)
    if isinstance(date, str | int):
        return year_of(date)
    return None


def _book(data: Mapping[str, Any]) -> Book:
    def text(name: str) -> str | None:
        value = data.get(name)
        return clean(str(value)) or None if value is not None else None

    def names(role: str) -> tuple[str, ...]:
        value = data.get(role) or []
        return tuple(_name_text(n) for n in value if isinstance(n, Mapping) and _name_text(n))

    isbn_field = text("ISBN") or ""
    isbn13 = isbn10 = None
    for candidate in isbn_field.replace(",", " ").split():
        isbn13 = to_isbn13(candidate)
        if isbn13:
            isbn10 = to_isbn10(candidate) if len(candidate.replace("-", "")) == 10 else None
            break
    pages = text("number-of-pages")
    identifiers = [("citation_key", str(data.get("citation-key") or data.get("id", "")))]
    identifiers.append(("csl_type", str(data.get("type", ""))))
    if data.get("DOI"):
        identifiers.append(("doi", str(data["DOI"])))
    series = text("collection-title")
    return Book(
        title=text("title") or "",
        authors=names("author"),
        editors=names("editor"),
        translators=names("translator"),
        publisher=text("publisher"),
        place=text("publisher-place"),
        year=_year(data.get("issued")),
        original_year=_year(data.get("original-date")),
        edition=editions.as_read(text("edition")),
        isbn13=isbn13,
        isbn10=isbn10,
        language=text("language"),
        pages=int(pages) if pages and pages.isdigit() else None,
        series=series,
        volume=text("collection-number") if series else text("volume") or text("collection-number"),
        url=text("URL"),
        kind=kinds.from_csl(str(data.get("type", ""))),
        container_title=text("container-title"),
        number=text("issue") or text("number"),
        page_range=kinds.normalize_pages(text("page")),
        genre=text("genre"),
        identifiers=tuple(identifiers),
    )


def read(text: str, *, source: str = "<csl-json>") -> list[tuple[Mapping[str, Any], Book]]:
    """The items of a CSL-JSON text (an array, or one item), each with its book, in order.

    Raises:
        FormatError: Not JSON, or not an array of objects; the message names the line.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(f"{source}: line {err.lineno}: not valid JSON ({err.msg})") from err
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(d, Mapping) for d in data):
        raise FormatError(f"{source}: line 1: CSL-JSON must be an array of item objects")
    return [(d, _book(d)) for d in data]


def looks_like(text: str) -> bool:
    """Whether a text is CSL-JSON: a JSON array of items (or one item), each an object with a
    ``type`` or a ``title``."""
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    items = [data] if isinstance(data, dict) else data
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(i, dict) and ("type" in i or "title" in i) for i in items)
    )


def loads(text: str, *, source: str = "<csl-json>") -> list[Book]:
    """The items of a CSL-JSON text (an array, or one item) as books, in order.

    Raises:
        FormatError: Not JSON, or not an array of objects; the message names the line.
    """
    return [book for _, book in read(text, source=source)]
