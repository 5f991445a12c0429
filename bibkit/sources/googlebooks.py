"""Google Books ``volumes``: title/author search (``intitle:``/``inauthor:``) and ``isbn:``.

Each volume is one edition with its own ISBNs, publisher, date and language; Google keeps no
work record, so a volume's ``original_year`` is unknown (resolution takes the earliest year
among the records of the same work). The API key is optional: without one Google often
answers 429, which surfaces as :class:`bibkit.errors.RateLimited` and resolution carries on
with the other sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bibkit.dates import CATALOGUE_YEARS, year_of
from bibkit.http import HttpClient
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book, Mention
from bibkit.queries import search_surname, search_title
from bibkit.sources.base import EditionPreference

__all__ = ["FIELDS", "GoogleBooks", "parse_volumes"]

NAME = "googlebooks"
FIELDS = (
    "totalItems,items(id,volumeInfo(title,subtitle,authors,publisher,publishedDate,"
    "industryIdentifiers,pageCount,language,infoLink,canonicalVolumeLink))"
)


def parse_volumes(payload: Mapping[str, Any]) -> tuple[Book, ...]:
    """Map a ``volumes`` response to candidate books, one per volume, in the service's order."""
    books = []
    for item in payload.get("items") or ():
        info = item.get("volumeInfo") if isinstance(item, Mapping) else None
        if not isinstance(info, Mapping) or not info.get("title"):
            continue
        ids = {
            str(i.get("type")): str(i.get("identifier"))
            for i in info.get("industryIdentifiers") or ()
            if isinstance(i, Mapping)
        }
        isbn13 = to_isbn13(ids.get("ISBN_13", "")) or to_isbn13(ids.get("ISBN_10", ""))
        pages = info.get("pageCount")
        fields: dict[str, Any] = {
            "title": str(info["title"]),
            "subtitle": info.get("subtitle") or None,
            "authors": tuple(a for a in info.get("authors") or () if isinstance(a, str)),
            "publisher": info.get("publisher") or None,
            "year": year_of(info.get("publishedDate"), years=CATALOGUE_YEARS),
            "isbn13": isbn13,
            "isbn10": to_isbn10(isbn13) if isbn13 else None,
            "language": info.get("language") or None,
            "pages": pages if isinstance(pages, int) and pages > 0 else None,
            "url": info.get("canonicalVolumeLink") or info.get("infoLink"),
        }
        fields = {k: v for k, v in fields.items() if v not in (None, "", ())}
        identifiers = (("google_volume", str(item["id"])),) if item.get("id") else ()
        books.append(Book(**fields, identifiers=identifiers, provenance=tuple((k, NAME) for k in fields)))
    return tuple(books)


def google_credentials(api_key: str | None) -> dict[str, str] | None:
    """Google APIs take the key in a header as well as in ``key=``; the header keeps it out of
    every URL (and so out of urllib3's debug log, cache keys and error messages)."""
    return {"X-Goog-Api-Key": api_key} if api_key else None


class GoogleBooks:
    """Google Books through the shared :class:`HttpClient`.

    Args:
        http: The session's HTTP client.
        settings: Its block (``[sources.googlebooks]``): ``url``, the API's base URL, and
            ``api_key`` (optional).
    """

    name = NAME
    # One request per ISBN: asked by ISBN only for editions no earlier source knows, never to
    # fill a field another catalogue lacks (that cost a request per edition).
    fills_gaps = False

    def __init__(self, http: HttpClient, settings: Mapping[str, Any]) -> None:
        self.http = http
        self.base_url = str(settings["url"]).rstrip("/")
        self.api_key: str | None = settings.get("api_key")

    def _get(self, params: dict[str, Any]) -> tuple[Book, ...]:
        params = {**params, "fields": FIELDS, "printType": "books"}
        payload = self.http.get_json(
            f"{self.base_url}/volumes", params, source=NAME, credentials=google_credentials(self.api_key)
        )
        return parse_volumes(payload or {})

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        return self.search_editions(mention, limit=limit, prefer=EditionPreference())

    def search_editions(self, mention: Mention, *, limit: int, prefer: EditionPreference) -> tuple[Book, ...]:
        if mention.isbn:
            return self._get({"q": f"isbn:{mention.isbn}", "maxResults": 5})
        if mention.title:
            query = f'intitle:"{search_title(mention.title)}"'
            surname = search_surname(mention.best_author)
            if surname:
                query += f" inauthor:{surname}"
        elif mention.best_author:
            # The author's works (see bibkit.queries): every word of the name.
            query = " ".join(f"inauthor:{word}" for word in mention.best_author.split())
        else:
            return ()
        params: dict[str, Any] = {"q": query, "maxResults": min(40, max(limit, 10))}
        if prefer.language:
            params["langRestrict"] = prefer.language
        return self._get(params)

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]:
        """One ``isbn:`` search per ISBN (Google has no batch lookup): use after Open Library."""
        out: dict[str, Book] = {}
        for isbn in dict.fromkeys(i for i in (to_isbn13(x) for x in isbns) if i):
            for book in self._get({"q": f"isbn:{isbn}", "maxResults": 1}):
                if book.isbn13 == isbn:
                    out[isbn] = book
        return out
