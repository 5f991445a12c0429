"""An in-memory catalogue of works and editions, the data behind the fake services.

Works and editions follow Open Library's split: a work has a title, authors and a first
publication year; each edition has its own ISBNs, publisher, date and language.

How the fake search behaves, and how that compares with the real one
--------------------------------------------------------------------
Open Library's ``search.json`` is a Solr search over work documents with ``q.op=AND``:
``title=`` is rewritten to ``alternative_title``, which holds the work title and every
edition's title (so a translation is found under either name); ``author=`` searches
``author_name`` and ``author_alternative_name``. Text fields are tokenised, lower-cased,
folded and stemmed, and results are ranked by relevance with popular works (many editions)
boosted. The fake does the same on a small scale:

* tokens are folded (case, diacritics), split on non-word characters, stripped of English
  stop words (Lucene's list) and of a plural or possessive ``s`` (a crude stemmer);
* every remaining query token must occur in the work's titles (``title=``), author names
  (``author=``) or either (``q=``): AND, like the real service, so a misspelt word finds
  nothing;
* ranking: works whose own title has fewer words beyond the query first (Solr's length
  norm), then more editions first (popularity), then catalogue order; a search by author
  alone ranks by editions first, as every work matches the name equally and Open Library's
  popularity boost decides.

What it does not do: fuzzy matching, phrase boosts, Solr's exact scoring. Numbers measured
against it are therefore about as strict as the real service on typos, and a little kinder
on ranking (fewer near-duplicate works than Open Library has).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bibkit.isbn import to_isbn10, to_isbn13

# Lucene's English stop words (StopAnalyzer.ENGLISH_STOP_WORDS_SET).
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    }
)


def tokens(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.findall(r"\w+", plain)


def _stem(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def terms(text: str) -> set[str]:
    """Index/query terms of ``text``: folded tokens without stop words, crudely stemmed."""
    return {_stem(t) for t in tokens(text) if t not in STOP_WORDS and t != "s"}


_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})")


@dataclass
class Edition:
    key: str  # "OL…M"
    title: str
    isbn13: str | None = None
    publisher: str | None = None
    publish_date: str | None = None
    language: str | None = "eng"
    pages: int | None = None
    place: str | None = None
    subtitle: str | None = None

    @property
    def isbn10(self) -> str | None:
        return to_isbn10(self.isbn13) if self.isbn13 else None

    @property
    def year(self) -> int | None:
        found = _YEAR.search(self.publish_date or "")
        return int(found.group(1)) if found else None


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
    alternative_titles: list[str] = field(default_factory=list)
    # The catalogue's count of the work's editions, when the record says (Open Library's
    # ``edition_count``); otherwise the editions held here are counted.
    known_editions: int | None = None

    @property
    def edition_count(self) -> int:
        return max(self.known_editions or 0, len(self.editions))

    def all_titles(self) -> list[str]:
        titles = [self.title, *self.alternative_titles]
        if self.subtitle:
            titles.append(self.subtitle)
        for e in self.editions:
            titles.append(e.title)
            if e.subtitle:
                titles.append(e.subtitle)
        return titles

    def ranked_editions(self, *, lang: str | None = None, sort: str | None = None) -> list[Edition]:
        """Editions as the ``editions`` sub-query orders them.

        ``lang`` (ISO 639-1 or MARC) boosts editions in that language; ``sort`` is
        ``editions.sort``: ``new`` (latest first) or ``old`` (earliest first). The language
        boost ranks before the sort: an assumption of the fake (see module docstring).
        """
        marc = _to_marc(lang) if lang else None

        def key(e: Edition) -> tuple[int, int]:
            year = e.year or 0
            order = -year if sort == "new" else (year or 9999) if sort == "old" else 0
            return (0 if marc is None or e.language == marc else 1, order)

        return sorted(self.editions, key=key)


_ISO_TO_MARC = {
    "en": "eng",
    "fr": "fre",
    "de": "ger",
    "es": "spa",
    "it": "ita",
    "ru": "rus",
    "pt": "por",
    "nl": "dut",
    "ja": "jpn",
    "zh": "chi",
}


def _to_marc(code: str) -> str:
    return _ISO_TO_MARC.get(code, code)


class Catalog:
    """Works indexed for the fake search (see the module docstring for its semantics)."""

    def __init__(self, works: Iterable[Work] | None = None) -> None:
        self.works: list[Work] = []
        self._by_isbn: dict[str, tuple[Work, Edition]] = {}
        self._by_key: dict[str, Work] = {}
        self._title_index: dict[str, set[int]] = {}
        self._author_index: dict[str, set[int]] = {}
        self._title_terms: list[list[set[str]]] = []
        for work in works or ():
            self.add(work)

    def add(self, work: Work) -> None:
        index = len(self.works)
        self.works.append(work)
        self._by_key[work.key] = work
        for edition in work.editions:
            if edition.isbn13:
                isbn13 = to_isbn13(edition.isbn13)
                assert isbn13, f"bad ISBN in fixture: {edition.isbn13}"
                self._by_isbn.setdefault(isbn13, (work, edition))
        for term in {t for text in work.all_titles() for t in terms(text)}:
            self._title_index.setdefault(term, set()).add(index)
        for term in {t for a in work.authors for t in terms(a)}:
            self._author_index.setdefault(term, set()).add(index)
        full = [f"{work.title} {work.subtitle or ''}", *work.alternative_titles]
        full += [f"{e.title} {e.subtitle or ''}" for e in work.editions]
        self._title_terms.append([terms(t) for t in dict.fromkeys(full)])

    def by_isbn(self, isbn: str) -> tuple[Work, Edition] | None:
        isbn13 = to_isbn13(isbn)
        return self._by_isbn.get(isbn13) if isbn13 else None

    def by_key(self, key: str) -> Work | None:
        return self._by_key.get(key)

    def _matching(self, index: dict[str, set[int]], query: set[str]) -> set[int]:
        sets = [index.get(t, set()) for t in query]
        return set.intersection(*sets) if sets else set()

    def search(self, *, title: str = "", author: str = "", q: str = "") -> list[Work]:
        title_terms, author_terms, q_terms = terms(title), terms(author), terms(q)
        if not (title_terms or author_terms or q_terms):
            return []
        hits: set[int] | None = None
        if title_terms:
            hits = self._matching(self._title_index, title_terms)
        if author_terms:
            found = self._matching(self._author_index, author_terms)
            hits = found if hits is None else hits & found
        if q_terms:
            found = set.intersection(
                *[self._title_index.get(t, set()) | self._author_index.get(t, set()) for t in q_terms]
            )
            hits = found if hits is None else hits & found
        wanted = title_terms | q_terms

        def extra_words(i: int) -> int:
            # Solr's length norm, roughly: the best-fitting title of the work wins.
            fits = [len(t - wanted) for t in self._title_terms[i] if wanted <= t]
            return min(fits) if fits else len(self._title_terms[i][0])

        if not wanted:
            by_editions = sorted(hits or (), key=lambda i: (-self.works[i].edition_count, i))
            return [self.works[i] for i in by_editions]
        ranked = sorted(hits or (), key=lambda i: (extra_words(i), -self.works[i].edition_count, i))
        return [self.works[i] for i in ranked]
