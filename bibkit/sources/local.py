"""The ``local`` source: a catalogue built from Open Library's dumps, on this machine.

It answers what the ``openlibrary`` source answers, without the network: the same search
(every searchable title word, :func:`bibkit.queries.search_title`, and the author's surname;
a mention with an empty title asks for the works of its author), one edition per work chosen
the way Open Library's ``editions`` sub-query chooses it (an edition carrying the title
searched for, then the wanted language), and the same fields in each
:class:`~bibkit.model.Book`, edition count included, so that resolution does not depend on
which source found a work (only the provenance says ``local``). What to ask next when a
search finds nothing (:mod:`bibkit.queries`), scoring (:mod:`bibkit.match`) and the decision
(:mod:`bibkit.resolve`, :mod:`bibkit.judge`) are the same as for every source.

Within a work it goes one step further than the service can in one request: it prefers the
preferred publisher and an edition with an ISBN before the latest or earliest one, the order
:mod:`bibkit.resolve` applies among the records it is given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bibkit.catalog.build import database_for
from bibkit.catalog.dump import numeric_key
from bibkit.catalog.reader import CatalogReader, EditionRecord, WorkRecord
from bibkit.catalog.terms import query_terms
from bibkit.config import default_catalog_path
from bibkit.http import HttpClient
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book, Mention
from bibkit.queries import search_surname, search_title
from bibkit.sources.base import EditionPreference
from bibkit.text import fold, normalize_title

__all__ = ["NAME", "LocalCatalog", "book_of", "choose_edition"]

NAME = "local"
RECORD_URL = "https://openlibrary.org/books/OL{}M"


def book_of(work: WorkRecord, edition: EditionRecord | None, *, years: tuple[int, ...] = ()) -> Book:
    """The Book of ``edition`` of ``work`` (of the work alone when it has no edition), in the
    shape the ``openlibrary`` source gives after its ISBN look-up; with ``years``, the years
    of the work's editions, as its search gives them."""
    own_title = edition.title if edition else None
    same_title = (
        not own_title or own_title == work.title or normalize_title(own_title) == normalize_title(work.title)
    )
    isbn13 = edition.isbns[0] if edition and edition.isbns else None
    fields: dict[str, Any] = {
        "title": own_title or work.title,
        "subtitle": (edition.subtitle if edition else None) or (work.subtitle if same_title else None),
        "authors": tuple(dict.fromkeys(work.authors)),
        "original_year": work.first_year,
        "edition_count": work.edition_count or None,
        "edition_years": years,
    }
    identifiers = [("openlibrary_work", f"OL{work.id}W")] if work.id > 0 else []
    if edition is not None:
        fields |= {
            "publisher": edition.publisher,
            "place": edition.place,
            "year": edition.year,
            "isbn13": isbn13,
            "isbn10": to_isbn10(isbn13) if isbn13 else None,
            "language": edition.language,
            "pages": edition.pages,
            "series": edition.series,
            "url": RECORD_URL.format(edition.id),
        }
        identifiers.append(("openlibrary_edition", f"OL{edition.id}M"))
        identifiers += [(k, v) for k, v in (("oclc", edition.oclc), ("lccn", edition.lccn)) if v]
    fields = {k: v for k, v in fields.items() if v not in (None, "", ())}
    return Book(**fields, identifiers=tuple(identifiers), provenance=tuple((k, NAME) for k in fields))


def _publisher_matches(wanted: str, publisher: str | None) -> bool:
    if not publisher:
        return False
    a, b = fold(wanted), fold(publisher)
    return a in b or b in a


def choose_edition(
    editions: Sequence[EditionRecord], prefer: EditionPreference, title_words: Sequence[str] = ()
) -> EditionRecord | None:
    """The edition to cite: one carrying the title searched for (a translation's own title
    picks the translation), then in the preferred language (unknown language next), by the
    preferred publisher, with an ISBN, and latest or earliest as ``prefer`` says."""
    wanted = set(title_words)
    words: dict[str, set[str]] = {}  # editions of a work mostly share their titles

    def titled(edition: EditionRecord) -> int:
        if not wanted:
            return 0
        text = " ".join([edition.title, edition.subtitle or "", *edition.other_titles])
        if text not in words:
            words[text] = set(query_terms(text))
        return 0 if wanted <= words[text] else 1

    def key(edition: EditionRecord) -> tuple[int, ...]:
        language = edition.language
        lang_rank = 0 if not prefer.language or language == prefer.language else 1 if language is None else 2
        by = prefer.publisher
        publisher = 0 if not by or _publisher_matches(by, edition.publisher) else 1
        year = edition.year or 0
        order = -year if prefer.order == "latest" else (year or 9999) if prefer.order == "earliest" else 0
        return (titled(edition), lang_rank, publisher, 0 if edition.isbns else 1, order, edition.id)

    return min(editions, key=key) if editions else None


class LocalCatalog:
    """The local catalogue as a :class:`~bibkit.sources.base.Source` (and ``EditionAware``).

    Args:
        http: The session's HTTP client, unused: this source never touches the network.
        settings: Its block (``Config.source_settings("local")``): ``catalog``, the
            catalogue (or a small dump to build one from), default the one in the user data
            directory; ``cache_dir``, where a dump is built into a database.
        path: A catalogue to use instead of the block's.

    Raises:
        ConfigError: no usable catalogue there.
    """

    name = NAME

    def __init__(self, http: HttpClient, settings: Mapping[str, Any], *, path: Path | None = None) -> None:
        where = path or settings.get("catalog") or default_catalog_path()
        self.reader = CatalogReader(database_for(where, cache_dir=settings["cache_dir"]))

    @property
    def version(self) -> str:
        """Identifies the catalogue's build, so cached resolutions from another are not reused."""
        return self.reader.version

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        return self.search_editions(mention, limit=limit, prefer=EditionPreference())

    def search_editions(self, mention: Mention, *, limit: int, prefer: EditionPreference) -> tuple[Book, ...]:
        if mention.isbn:
            return tuple(self.by_isbns([mention.isbn]).values())
        if mention.title:
            title_words = query_terms(search_title(mention.title))
            surname = search_surname(mention.best_author)
            author_words = query_terms(surname) if surname else []
        elif mention.best_author:
            title_words, author_words = [], query_terms(mention.best_author)  # the author's works
        else:
            return ()
        ids = self.reader.find_works(title_words, author_words, limit)
        works = self.reader.works(ids)
        editions = self.reader.editions_of(ids, language=prefer.language, latest=prefer.order != "earliest")
        years = self.reader.edition_years(ids)
        return tuple(
            book_of(
                works[i], choose_edition(editions.get(i, ()), prefer, title_words), years=years.get(i, ())
            )
            for i in ids
            if i in works
        )

    def editions(self, work: str, *, prefer: EditionPreference | None = None) -> tuple[Book, ...]:
        """Every edition of a work (``"OL45883W"`` or ``"/works/OL45883W"``), the one
        :func:`choose_edition` would cite first, then the others in the same order."""
        prefer = prefer or EditionPreference()
        number = numeric_key(work, "W")
        if number is None:
            return ()
        found = self.reader.works([number]).get(number)
        if found is None:
            return ()
        editions = self.reader.editions_of(
            [number], language=prefer.language, latest=prefer.order != "earliest"
        ).get(number, [])
        ordered: list[EditionRecord] = []
        remaining = list(editions)
        while remaining:
            chosen = choose_edition(remaining, prefer)
            assert chosen is not None
            ordered.append(chosen)
            remaining.remove(chosen)
        return tuple(book_of(found, e) for e in ordered)

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]:
        wanted = {int(i): i for i in (to_isbn13(x) for x in isbns) if i}
        found = self.reader.by_isbns(wanted)
        works = self.reader.works(edition.work_id for _, edition in found)
        out: dict[str, Book] = {}
        for isbn, edition in found:
            key = wanted[isbn]
            work = works.get(edition.work_id)
            if key in out or work is None:
                continue
            # The record of the ISBN asked for, even when the edition lists another first.
            book = book_of(work, edition)
            out[key] = dataclasses.replace(book, isbn13=key, isbn10=to_isbn10(key))
        return out

    def close(self) -> None:
        self.reader.close()
