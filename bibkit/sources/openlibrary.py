"""Open Library: ``search.json`` for title/author search, the Books API for batched ISBNs.

Search asks for the ``editions`` sub-document so each work comes back with one concrete
edition (its own ISBNs and publisher), never the work-level ISBN union that mixes every
edition and translation. The Books API (``jscmd=data``) then fills in publisher, place and
pages for many ISBNs in one request.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bibkit.dates import CATALOGUE_YEARS, year_of
from bibkit.http import HttpClient
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book, Mention
from bibkit.queries import search_surname, search_title
from bibkit.sources.base import EditionPreference
from bibkit.text import normalize_title

__all__ = ["BATCH_SIZE", "SEARCH_FIELDS", "OpenLibrary", "parse_books_api", "parse_search"]

NAME = "openlibrary"
BATCH_SIZE = 25  # bibkeys per Books API request, as Open Library's maintainers suggest

EDITION_FIELDS = (
    "key",
    "title",
    "subtitle",
    "isbn",
    "publisher",
    "publish_date",
    "publish_year",
    "language",
    "publish_place",
    "number_of_pages_median",
)
SEARCH_FIELDS = ",".join(
    [
        "key",
        "title",
        "subtitle",
        "author_name",
        "author_key",
        "first_publish_year",
        "edition_count",
        # The years of all the work's editions (a union over them): what tells a year no
        # edition has, when a bibliography entry gives no ISBN (bibkit.verify).
        "publish_year",
        "language",
        "series_name",
        "editions",
    ]
    + [f"editions.{f}" for f in EDITION_FIELDS]
)

# MARC 21 language codes (as Open Library uses them) → ISO 639-1.
MARC_TO_ISO = {
    "eng": "en",
    "fre": "fr",
    "ger": "de",
    "spa": "es",
    "ita": "it",
    "rus": "ru",
    "por": "pt",
    "dut": "nl",
    "pol": "pl",
    "swe": "sv",
    "dan": "da",
    "nor": "no",
    "fin": "fi",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "ara": "ar",
    "heb": "he",
    "gre": "el",
    "tur": "tr",
    "cze": "cs",
    "hun": "hu",
    "ukr": "uk",
    "yid": "yi",
    "lat": "la",
    "rum": "ro",
    "bul": "bg",
    "hrv": "hr",
    "srp": "sr",
    "per": "fa",
    "hin": "hi",
    "cat": "ca",
}

def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _isbns(values: Sequence[str]) -> tuple[str | None, str | None]:
    """The first valid ISBN-13 and ISBN-10 describing the same edition."""
    for raw in values:
        isbn13 = to_isbn13(raw)
        if isbn13:
            return isbn13, to_isbn10(isbn13)
    return None, None


def _years(values: Any) -> tuple[int, ...]:
    """The distinct plausible years of a list (a work's ``publish_year``), ascending."""
    if not isinstance(values, list):
        return ()
    return tuple(sorted({y for v in values if (y := year_of(v, years=CATALOGUE_YEARS)) is not None}))


def _language(codes: Any) -> str | None:
    code = _first(codes)
    if not isinstance(code, str):
        return None
    code = code.rsplit("/", 1)[-1]
    return MARC_TO_ISO.get(code, code)


def parse_search(payload: Mapping[str, Any]) -> tuple[Book, ...]:
    """Map a ``search.json`` response to candidate books, one per work, in the service's order."""
    books = []
    for doc in payload.get("docs") or ():
        if not isinstance(doc, Mapping) or not doc.get("title"):
            continue
        editions = doc.get("editions") or {}
        edition: Mapping[str, Any] = (
            (_first(editions.get("docs")) or {}) if isinstance(editions, Mapping) else {}
        )
        isbn13, isbn10 = _isbns(edition.get("isbn") or ())
        authors = tuple(dict.fromkeys(a for a in doc.get("author_name") or () if isinstance(a, str)))
        work_key = str(doc.get("key") or "")
        identifiers = [("openlibrary_work", work_key.rsplit("/", 1)[-1])] if work_key else []
        if edition.get("key"):
            identifiers.append(("openlibrary_edition", str(edition["key"]).rsplit("/", 1)[-1]))
        # The edition's own title wins: a translation is indexed under its original title
        # ("Pedagogicheskaia poema") but cited under the one on the book ("The Road to Life").
        # The work's subtitle still describes an edition that carries the work's own title.
        own_title = edition.get("title")
        same_title = not own_title or normalize_title(str(own_title)) == normalize_title(str(doc["title"]))
        fields: dict[str, Any] = {
            "title": str(own_title or doc["title"]),
            "subtitle": edition.get("subtitle") or (doc.get("subtitle") if same_title else None),
            "authors": authors,
            "publisher": _first(edition.get("publisher")),
            "place": _first(edition.get("publish_place")),
            "year": year_of(_first(edition.get("publish_date")), years=CATALOGUE_YEARS)
            or year_of(_first(edition.get("publish_year")), years=CATALOGUE_YEARS),
            "original_year": doc.get("first_publish_year"),
            "edition_count": doc.get("edition_count") if isinstance(doc.get("edition_count"), int) else None,
            "edition_years": _years(doc.get("publish_year")),
            "isbn13": isbn13,
            "isbn10": isbn10,
            "language": _language(edition.get("language")) or _language(doc.get("language")),
            "series": _first(doc.get("series_name")),
        }
        fields = {k: v for k, v in fields.items() if v not in (None, "", ())}
        books.append(
            Book(
                **fields,
                identifiers=tuple(identifiers),
                provenance=tuple((k, NAME) for k in fields),
            )
        )
    return tuple(books)


def parse_books_api(payload: Mapping[str, Any]) -> dict[str, Book]:
    """Map a Books API ``jscmd=data`` response to books keyed by the ISBN-13 of each bibkey."""
    out: dict[str, Book] = {}
    for bibkey, record in payload.items():
        if not isinstance(record, Mapping) or not record.get("title"):
            continue
        isbn13 = to_isbn13(str(bibkey).split(":", 1)[-1])
        ids = record.get("identifiers") or {}
        own13 = [*ids.get("isbn_13", ())]
        own10 = [*ids.get("isbn_10", ())]
        if isbn13 is None:
            isbn13, _ = _isbns(own13 + own10)
        if isbn13 is None:
            continue
        identifiers = []
        if record.get("key"):
            identifiers.append(("openlibrary_edition", str(record["key"]).rsplit("/", 1)[-1]))
        for scheme in ("oclc", "lccn"):
            if ids.get(scheme):
                identifiers.append((scheme, str(ids[scheme][0])))
        pages = record.get("number_of_pages")
        fields: dict[str, Any] = {
            "title": str(record["title"]),
            "subtitle": record.get("subtitle") or None,
            "authors": tuple(
                a["name"] for a in record.get("authors") or () if isinstance(a, Mapping) and a.get("name")
            ),
            "publisher": (_first(record.get("publishers")) or {}).get("name"),
            "place": (_first(record.get("publish_places")) or {}).get("name"),
            "year": year_of(record.get("publish_date"), years=CATALOGUE_YEARS),
            "isbn13": isbn13,
            "isbn10": to_isbn10(isbn13),
            "pages": pages if isinstance(pages, int) and pages > 0 else None,
            "url": record.get("url"),
        }
        fields = {k: v for k, v in fields.items() if v not in (None, "", ())}
        out[isbn13] = Book(
            **fields, identifiers=tuple(identifiers), provenance=tuple((k, NAME) for k in fields)
        )
    return out


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class OpenLibrary:
    """Open Library through the shared :class:`HttpClient`.

    Args:
        http: The session's HTTP client.
        settings: Its block (``[sources.openlibrary]``): ``url``, the base URL.
    """

    name = NAME

    def __init__(self, http: HttpClient, settings: Mapping[str, Any]) -> None:
        self.http = http
        self.base_url = str(settings["url"]).rstrip("/")

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        return self.search_editions(mention, limit=limit, prefer=EditionPreference())

    def search_editions(self, mention: Mention, *, limit: int, prefer: EditionPreference) -> tuple[Book, ...]:
        """One ``search.json`` request; each work comes with the edition ``prefer`` asks for.

        ``lang`` boosts editions in the preferred language and ``editions.sort`` puts the
        latest (``new``) or earliest (``old``) first, so no second request is needed. A
        mention with an empty title asks for the works of its author.
        """
        params: dict[str, Any] = {"fields": SEARCH_FIELDS, "limit": limit}
        if mention.isbn:
            # The ISBN in q makes the editions sub-query return that very edition.
            params["q"] = f"isbn:{mention.isbn}"
            payload = self.http.get_json(f"{self.base_url}/search.json", params, source=NAME)
            return parse_search(payload or {})
        if prefer.language:
            params["lang"] = prefer.language
        if prefer.order != "any":
            params["editions.sort"] = "new" if prefer.order == "latest" else "old"
        if mention.title:
            params["title"] = search_title(mention.title)
            surname = search_surname(mention.best_author)
            if surname:
                params["author"] = surname
        elif mention.best_author:
            params["author"] = mention.best_author  # the author's works (see bibkit.queries)
        else:
            return ()
        payload = self.http.get_json(f"{self.base_url}/search.json", params, source=NAME)
        return parse_search(payload or {})

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]:
        wanted = list(dict.fromkeys(i for i in (to_isbn13(x) for x in isbns) if i))
        out: dict[str, Book] = {}
        for chunk in _chunks(wanted, BATCH_SIZE):
            params = {"bibkeys": ",".join(f"ISBN:{i}" for i in chunk), "format": "json", "jscmd": "data"}
            payload = self.http.get_json(f"{self.base_url}/api/books", params, source=NAME)
            out.update(parse_books_api(payload or {}))
        return out
