"""An in-memory catalogue of works and editions, the data behind the fake services.

Works and editions follow Open Library's split: a work has a title, authors and a first
publication year; each edition has its own ISBNs, publisher, date and language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bibkit.isbn import to_isbn10, to_isbn13


def tokens(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.findall(r"\w+", plain)


@dataclass
class Edition:
    key: str  # "OL…M"
    title: str
    isbn13: str | None = None
    publisher: str | None = None
    publish_date: str | None = None
    language: str = "eng"
    pages: int | None = None
    place: str | None = None
    subtitle: str | None = None

    @property
    def isbn10(self) -> str | None:
        return to_isbn10(self.isbn13) if self.isbn13 else None


@dataclass
class Work:
    key: str  # "OL…W"
    title: str
    authors: list[str]
    first_publish_year: int | None = None
    subtitle: str | None = None
    editions: list[Edition] = field(default_factory=list)
    series: str | None = None
    google_id: str | None = None

    def all_titles(self) -> list[str]:
        return [self.title, *(e.title for e in self.editions)]


class Catalog:
    """Works indexed for the fake search: a query matches when every query token appears."""

    def __init__(self, works: list[Work] | None = None) -> None:
        self.works: list[Work] = []
        self._by_isbn: dict[str, tuple[Work, Edition]] = {}
        for work in works or ():
            self.add(work)

    def add(self, work: Work) -> None:
        self.works.append(work)
        for edition in work.editions:
            if edition.isbn13:
                isbn13 = to_isbn13(edition.isbn13)
                assert isbn13, f"bad ISBN in fixture: {edition.isbn13}"
                self._by_isbn[isbn13] = (work, edition)

    def by_isbn(self, isbn: str) -> tuple[Work, Edition] | None:
        isbn13 = to_isbn13(isbn)
        return self._by_isbn.get(isbn13) if isbn13 else None

    def search(self, *, title: str = "", author: str = "", q: str = "") -> list[Work]:
        title_tokens = set(tokens(title))
        author_tokens = set(tokens(author))
        q_tokens = set(tokens(q))
        hits = []
        for work in self.works:
            work_title_tokens = {t for text in work.all_titles() for t in tokens(text)}
            work_author_tokens = {t for a in work.authors for t in tokens(a)}
            if title_tokens and not title_tokens <= work_title_tokens:
                continue
            if author_tokens and not author_tokens <= work_author_tokens:
                continue
            if q_tokens and not q_tokens <= (work_title_tokens | work_author_tokens):
                continue
            hits.append(work)
        # relevance: fewer extra title words first, then more editions
        hits.sort(key=lambda w: (len(set(tokens(w.title)) - title_tokens - q_tokens), -len(w.editions)))
        return hits
