"""Open Library dump files written from a test :class:`Catalog`, in the real dump format.

Five tab-separated columns per line (type, key, revision, last modified, JSON record), the
records shaped like the real ones (see ``openlibrary-dump-authors-excerpt.tsv`` and the
``/books/``, ``/works/`` records in the reference responses): authors with ``name``; works with
``authors: [{"type": ..., "author": {"key": ...}}]`` and ``first_publish_date``; editions with
``works``, ``authors``, ``publishers``, ``publish_date``, ``isbn_13``/``isbn_10``, ``languages``.
The same catalogue served by :class:`tests.servers.openlibrary.FakeServices` and loaded from
these files must resolve alike: a work whose catalogue count of editions (``known_editions``,
what the service reports as ``edition_count``) exceeds the editions held here gets the rest as
bare edition records (title, work, authors; language "und", undetermined, so that none is ever
cited before an edition the catalogue holds), as the real dumps hold every edition, so that a
catalogue built from the files counts what the service says.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.servers.catalog import Catalog, Edition, Work

__all__ = [
    "MODIFIED",
    "author_keys",
    "dump_lines",
    "edition_record",
    "record_line",
    "work_record",
    "write_dump",
]

MODIFIED = "2026-08-31T12:00:00.000000"


def _datetime(value: str) -> dict[str, str]:
    return {"type": "/type/datetime", "value": value}


def record_line(kind: str, key: str, record: dict[str, Any], revision: int, modified: str = MODIFIED) -> str:
    """One dump line: the five columns, the record completed as real records are."""
    record = {
        "type": {"key": kind},
        "key": key,
        **record,
        "revision": revision,
        "latest_revision": revision,
        "created": _datetime(modified),
        "last_modified": _datetime(modified),
    }
    return f"{kind}\t{key}\t{revision}\t{modified}\t{json.dumps(record)}\n"


def author_keys(catalog: Catalog) -> dict[str, str]:
    """A stable author key for every author name in the catalogue, in order of appearance."""
    keys: dict[str, str] = {}
    for work in catalog.works:
        for name in work.authors:
            keys.setdefault(name, f"/authors/OL{len(keys) + 1}A")
    return keys


def edition_record(work: Work, edition: Edition, authors: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": edition.title,
        "works": [{"key": f"/works/{work.key}"}],
        "authors": [{"key": authors[a]} for a in work.authors],
    }
    if edition.subtitle:
        record["subtitle"] = edition.subtitle
    if edition.publisher:
        record["publishers"] = [edition.publisher]
    if edition.place:
        record["publish_places"] = [edition.place]
    if edition.publish_date:
        record["publish_date"] = edition.publish_date
    if edition.language:
        record["languages"] = [{"key": f"/languages/{edition.language}"}]
    if edition.isbn13:
        record["isbn_13"] = [edition.isbn13]
        if edition.isbn10:
            record["isbn_10"] = [edition.isbn10]
    if edition.pages:
        record["number_of_pages"] = edition.pages
    if work.series:
        record["series"] = [work.series]
    return record


def work_record(work: Work, authors: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": work.title,
        "authors": [
            {"type": {"key": "/type/author_role"}, "author": {"key": authors[a]}} for a in work.authors
        ],
    }
    if work.subtitle:
        record["subtitle"] = work.subtitle
    if work.alternative_titles:
        record["other_titles"] = list(work.alternative_titles)
    if work.first_publish_year:
        record["first_publish_date"] = str(work.first_publish_year)
    return record


#: Keys of the bare editions that complete a work's count (see the module docstring): far above
#: the test catalogues' own.
UNCOUNTED_KEYS = 900_000_000


def dump_lines(catalog: Catalog, *, modified: str = MODIFIED) -> Iterator[tuple[str, str]]:
    """(record type, line) for every author, work and edition of ``catalog``."""
    authors = author_keys(catalog)
    for name, key in authors.items():
        yield "/type/author", record_line("/type/author", key, {"name": name}, 1, modified)
    uncounted = UNCOUNTED_KEYS
    for work in catalog.works:
        record = work_record(work, authors)
        yield "/type/work", record_line("/type/work", f"/works/{work.key}", record, 2, modified)
        for edition in work.editions:
            record = edition_record(work, edition, authors)
            yield "/type/edition", record_line("/type/edition", f"/books/{edition.key}", record, 3, modified)
        for _ in range(work.edition_count - len(work.editions)):
            uncounted += 1
            record = edition_record(work, Edition(f"OL{uncounted}M", work.title, language="und"), authors)
            yield "/type/edition", record_line("/type/edition", f"/books/OL{uncounted}M", record, 3, modified)


def write_dump(catalog: Catalog, directory: Path, *, compress: bool = True, split: bool = True) -> list[Path]:
    """The catalogue as dump files in ``directory``: one per record type (``split``), named as
    Open Library names them, or one all-types file. Returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".txt.gz" if compress else ".txt"
    names = {"/type/author": "authors", "/type/work": "works", "/type/edition": "editions"}
    files: dict[str, list[str]] = {}
    for kind, line in dump_lines(catalog):
        name = f"ol_dump_{names[kind]}_2026-08-31{suffix}" if split else f"ol_dump_2026-08-31{suffix}"
        files.setdefault(name, []).append(line)
    paths = []
    for name, lines in files.items():
        data = "".join(lines).encode("utf-8")
        path = directory / name
        path.write_bytes(gzip.compress(data) if compress else data)
        paths.append(path)
    return paths
