"""Reading a finished catalogue: find works by words, their editions, editions by ISBN.

Returns plain records; turning them into :class:`bibkit.model.Book` and choosing an edition
is the ``local`` source's job (:mod:`bibkit.sources.local`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibkit.catalog.store import open_read_only, read_meta, split
from bibkit.catalog.terms import match_expression

__all__ = ["EDITIONS_PER_WORK", "CatalogReader", "EditionRecord", "WorkRecord"]

EDITIONS_PER_WORK = 500
"""Editions of one work considered when choosing one (the most likely first: in the wanted
language, with an ISBN, newest); only a few hundred works have more."""


@dataclass(frozen=True, slots=True)
class WorkRecord:
    """A work as the catalogue holds it; ``id`` is negative for an edition without a work."""

    id: int
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    first_year: int | None
    edition_count: int


@dataclass(frozen=True, slots=True)
class EditionRecord:
    """An edition as the catalogue holds it; ``isbns`` are ISBN-13s, its own first."""

    id: int
    work_id: int
    title: str
    subtitle: str | None
    other_titles: tuple[str, ...]
    publisher: str | None
    place: str | None
    year: int | None
    language: str | None
    isbns: tuple[str, ...]
    pages: int | None
    series: str | None
    oclc: str | None
    lccn: str | None


_EDITION_FIELDS = (
    "id, work_id, title, subtitle, other_titles, publisher, place, year, language, isbns, pages, series,"
    " oclc, lccn"
)


def _edition(row: Sequence[Any]) -> EditionRecord:
    return EditionRecord(
        row[0], row[1], row[2], row[3], tuple(split(row[4])), row[5], row[6], row[7], row[8],
        tuple(row[9].split(",")) if row[9] else (), row[10], row[11], row[12], row[13],
    )  # fmt: skip


class CatalogReader:
    """A read-only catalogue; thread-safe (queries take turns on one connection).

    Raises:
        ConfigError: (on creation) no usable catalogue at ``path``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_read_only(path)
        self._lock = threading.Lock()
        self.meta = read_meta(self._db)

    @property
    def version(self) -> str:
        """Identifies the build: a rebuilt catalogue has another."""
        return self.meta.get("build_id", "")

    def _all(self, sql: str, params: Sequence[Any]) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def find_works(self, title_words: Sequence[str], author_words: Sequence[str], limit: int) -> list[int]:
        """Ids of works known by a title holding every word of ``title_words``, by authors
        whose names hold every word of ``author_words``; best first.

        Ranked as Open Library's search ranks them: works whose own title holds the words
        first, shortest title first (the fewer other words, the better the fit), then the
        works found under another of their titles (an edition's, a translation's); within
        each, the works with more editions first.
        """
        authors = ("authors", author_words)
        found: list[int] = []
        for columns, order in (("title", "i.title_words, "), ("titles", "")):
            expression = match_expression([(columns, title_words), authors])
            if not expression or len(found) >= limit:
                break
            rows = self._all(
                "SELECT s.rowid FROM search s JOIN work_info i ON i.id = s.rowid WHERE search MATCH ?"
                f" ORDER BY {order}i.edition_count DESC, s.rowid LIMIT ?",
                (expression, limit + len(found)),
            )
            found += [int(r[0]) for r in rows if int(r[0]) not in found]
        return found[:limit]

    def works(self, ids: Iterable[int]) -> dict[int, WorkRecord]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._all(
            "SELECT w.id, w.title, w.subtitle, i.authors, i.first_year, i.edition_count"
            f" FROM works w JOIN work_info i ON i.id = w.id WHERE w.id IN ({marks})",
            wanted,
        )
        return {
            int(r[0]): WorkRecord(int(r[0]), r[1], r[2], tuple(split(r[3])), r[4], int(r[5] or 0))
            for r in rows
        }

    def editions_of(
        self, work_ids: Iterable[int], *, language: str | None, latest: bool
    ) -> dict[int, list[EditionRecord]]:
        """Editions of each work, the likeliest choices first: in ``language``, with an ISBN,
        newest (``latest``) or oldest; at most :data:`EDITIONS_PER_WORK` of each."""
        wanted = list(dict.fromkeys(work_ids))
        if not wanted:
            return {}
        order = "DESC" if latest else "ASC"
        marks = ",".join("?" * len(wanted))
        rows = self._all(
            f"SELECT {_EDITION_FIELDS} FROM (SELECT *, row_number() OVER (PARTITION BY work_id"
            f" ORDER BY language IS NOT ?, isbns IS NULL, year IS NULL, year {order}, id) AS rank"
            f" FROM editions WHERE work_id IN ({marks})) WHERE rank <= ? ORDER BY work_id, rank",
            (language, *wanted, EDITIONS_PER_WORK),
        )
        out: dict[int, list[EditionRecord]] = {}
        for row in rows:
            edition = _edition(row)
            out.setdefault(edition.work_id, []).append(edition)
        return out

    def edition_years(self, work_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
        """The years of every edition of each work, ascending (Open Library's ``publish_year``)."""
        wanted = list(dict.fromkeys(work_ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._all(
            f"SELECT DISTINCT work_id, year FROM editions WHERE work_id IN ({marks}) AND year IS NOT NULL"
            " ORDER BY work_id, year",
            wanted,
        )
        out: dict[int, tuple[int, ...]] = {}
        for work_id, year in rows:
            out[int(work_id)] = (*out.get(int(work_id), ()), int(year))
        return out

    def by_isbns(self, isbns: Iterable[int]) -> list[tuple[int, EditionRecord]]:
        """(ISBN-13 asked for, edition) for every edition holding one of ``isbns``."""
        wanted = list(dict.fromkeys(isbns))
        out: list[tuple[int, EditionRecord]] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._all(
                f"SELECT i.isbn, {', '.join('e.' + f.strip() for f in _EDITION_FIELDS.split(','))}"
                f" FROM isbns i JOIN editions e ON e.id = i.edition_id WHERE i.isbn IN ({marks})"
                " ORDER BY i.isbn, e.id",
                chunk,
            )
            out += [(int(r[0]), _edition(r[1:])) for r in rows]
        return out

    def close(self) -> None:
        with self._lock:
            self._db.close()
