"""The catalogue file: one SQLite database with an FTS5 index, its schema, and how it is opened.

Why SQLite with FTS5: it is embedded (no server to run, unlike the PostgreSQL load that
others use for these dumps), in every Python, safe to read from many processes at once, and
its full-text index answers an all-words title query among tens of millions of titles in
milliseconds (figures in ``benchmarks/catalog_build.py``). The index is contentless with
column detail (which word is in the titles or the authors, not where): the catalogue keeps
the text once, in the tables, and the index only finds rows. Words are made by
:mod:`bibkit.catalog.terms`, the same way for the index and for queries.

Keys are stored as the integers in them (``/books/OL123M`` → 123 in ``editions``), lists as
text joined by :data:`SEP`. A finished catalogue is never changed in place: a build writes a
new file and moves it over the old one, so readers open it read-only and immutable (no locks).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bibkit.errors import ConfigError

__all__ = [
    "FORMAT",
    "SEP",
    "SQLITE_MAGIC",
    "CatalogInfo",
    "catalog_info",
    "create_schema",
    "is_database",
    "join",
    "open_read_only",
    "read_meta",
    "split",
]

FORMAT = 1
"""Version of the schema; a catalogue of another version must be rebuilt."""

SEP = "\x1f"
"""Separator of list values in one column (the ASCII unit separator: never in a title)."""

SQLITE_MAGIC = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS progress (
    file INTEGER PRIMARY KEY, lines INTEGER NOT NULL, records INTEGER NOT NULL, done INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS authors (
    id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, name TEXT NOT NULL, other_names TEXT
);
CREATE TABLE IF NOT EXISTS works (
    id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, title TEXT NOT NULL, subtitle TEXT,
    other_titles TEXT, author_ids TEXT, first_year INTEGER
);
CREATE TABLE IF NOT EXISTS editions (
    id INTEGER PRIMARY KEY, work_id INTEGER, revision INTEGER NOT NULL, title TEXT NOT NULL,
    subtitle TEXT, other_titles TEXT, author_ids TEXT, publisher TEXT, place TEXT, year INTEGER,
    language TEXT, isbns TEXT, pages INTEGER, series TEXT, oclc TEXT, lccn TEXT
);
"""

DERIVED = """
DROP TABLE IF EXISTS search;
DROP TABLE IF EXISTS isbns;
DROP TABLE IF EXISTS work_info;
DROP INDEX IF EXISTS editions_work;
CREATE INDEX editions_work ON editions(work_id);
CREATE TABLE isbns (isbn INTEGER NOT NULL, edition_id INTEGER NOT NULL, PRIMARY KEY (isbn, edition_id))
    WITHOUT ROWID;
CREATE TABLE work_info (
    id INTEGER PRIMARY KEY, edition_count INTEGER NOT NULL, first_year INTEGER, authors TEXT,
    title_words INTEGER NOT NULL
);
CREATE VIRTUAL TABLE search USING fts5(
    title, titles, authors, content='', detail=column, tokenize='unicode61'
);
"""
"""Tables made from the loaded records when a build finishes (dropped and made again if a
build is restarted during that step). The full-text index has a work's own title, every title
it is known by (its own, its editions', subtitles) and its authors' names. ``work_info`` holds
what a work's editions and authors tell about it (written in key order, which is much faster
than updating ``works``), including how many words (stop words aside) its own title and
subtitle have, for ranking.

Why the index has no BM25 ranking: a contentless index with column detail does not know how
often a word occurs, so FTS5's ``bm25()`` is zero for every row; works are ranked the way
Open Library's search ranks them instead (see :meth:`bibkit.catalog.reader.CatalogReader.find_works`)."""


def join(values: Iterable[str | int]) -> str | None:
    text = SEP.join(str(v) for v in values)
    return text or None


def split(text: str | None) -> list[str]:
    return text.split(SEP) if text else []


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite file (a built catalogue) rather than a dump."""
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a finished catalogue, usable from any thread.

    ``immutable`` tells SQLite the file cannot change while open, so it takes no locks; true
    of a finished catalogue, which a rebuild replaces instead of modifying.

    Raises:
        ConfigError: no such file, not a catalogue, or one built by another bibkit version.
    """
    if not path.is_file():
        raise ConfigError(f"no catalogue at {path}; build one with: bibkit catalog build DUMP...")
    if not is_database(path):
        raise ConfigError(f"{path} is not a catalogue database (build one with: bibkit catalog build)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        meta = read_meta(db)
    except sqlite3.Error as err:
        db.close()
        raise ConfigError(f"{path} is not a usable catalogue ({err})") from err
    if meta.get("format") != str(FORMAT) or meta.get("state") != "complete":
        db.close()
        raise ConfigError(
            f"{path} was built by another version of bibkit or not finished; "
            "build it again with: bibkit catalog build DUMP..."
        )
    return db


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogInfo:
    """What ``bibkit catalog info`` reports.

    Attributes:
        path: The database file.
        size_bytes: Its size on disk.
        built_at: When the build finished (ISO 8601, UTC).
        data_as_of: The newest ``last_modified`` among the records loaded: how old the data is.
        works, editions, authors, isbns: How many of each the catalogue holds.
        inputs: Names of the dump files it was built from.
        languages: The ``--languages`` filter of the build (empty: all languages).
        with_isbn_only: Whether editions without an ISBN were left out.
    """

    path: Path
    size_bytes: int
    built_at: str
    data_as_of: str
    works: int
    editions: int
    authors: int
    isbns: int
    inputs: tuple[str, ...]
    languages: tuple[str, ...]
    with_isbn_only: bool


def catalog_info(path: Path) -> CatalogInfo:
    """What the catalogue at ``path`` holds; reads only.

    Raises:
        ConfigError: no usable catalogue there.
    """
    db = open_read_only(path)
    try:
        meta = read_meta(db)
    finally:
        db.close()
    counts: Mapping[str, int] = json.loads(meta.get("counts", "{}"))
    filters = json.loads(meta.get("filters", "{}"))
    return CatalogInfo(
        path=path,
        size_bytes=path.stat().st_size,
        built_at=meta.get("built_at", ""),
        data_as_of=meta.get("data_as_of", ""),
        works=int(counts.get("works", 0)),
        editions=int(counts.get("editions", 0)),
        authors=int(counts.get("authors", 0)),
        isbns=int(counts.get("isbns", 0)),
        inputs=tuple(json.loads(meta.get("inputs", "[]"))),
        languages=tuple(filters.get("languages") or ()),
        with_isbn_only=bool(filters.get("with_isbn_only")),
    )
