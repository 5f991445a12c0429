"""Reading Open Library's monthly dumps: lines in, typed rows out.

A dump file (``ol_dump_editions_2026-08-31.txt.gz``, ``..._works_...``, ``..._authors_...``,
or the all-types ``ol_dump_...``) holds one record per line in five tab-separated columns:
type, key, revision, last modified, and the record as JSON (the same JSON as
``/books/OL…M.json``). Files are gzip or plain; which one is told by the first bytes, not
the name, since people unpack and rename them.

Reading is streamed, one line at a time, so a 30 GB file needs no more memory than a short
one. The mapping from a record to a row is pure and keeps only what resolution and citation
use; everything else (covers, subjects, table of contents, source records) is dropped here.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibkit.dates import CATALOGUE_YEARS, year_of
from bibkit.errors import InputError
from bibkit.isbn import to_isbn13
from bibkit.sources.openlibrary import MARC_TO_ISO

__all__ = [
    "RECORD_TYPES",
    "AuthorRow",
    "DumpLine",
    "EditionRow",
    "WorkRow",
    "author_row",
    "decompressed",
    "edition_row",
    "numeric_key",
    "open_raw",
    "parse_line",
    "work_row",
]

GZIP_MAGIC = b"\x1f\x8b"

EDITION = "/type/edition"
WORK = "/type/work"
AUTHOR = "/type/author"
RECORD_TYPES = frozenset({EDITION, WORK, AUTHOR})
"""The record types a catalogue keeps; redirects, deletes, lists and the rest are skipped."""


@dataclass(frozen=True, slots=True)
class DumpLine:
    """The five columns of one dump line, the JSON still unparsed (and undecoded: the JSON
    parser reads UTF-8 bytes itself)."""

    type: str
    key: str
    revision: int
    last_modified: str
    json: bytes


def open_raw(path: Path) -> io.BufferedReader:
    """``path`` opened for reading bytes; its position tells how much of the file was read.

    Raises:
        InputError: missing or unreadable file.
    """
    try:
        return io.BufferedReader(io.FileIO(path, "r"), buffer_size=1 << 20)
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a directory, not a dump file") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from err


def decompressed(raw: io.BufferedReader) -> io.BufferedIOBase:
    """The uncompressed bytes of an open dump, gzip or not (told by its first bytes)."""
    if raw.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def parse_line(line: bytes) -> DumpLine | None:
    """The columns of one line, or ``None`` for a line that is not a dump record (blank,
    truncated by an interrupted download, or a type the catalogue does not keep)."""
    if not line.startswith((b"/type/edition\t", b"/type/work\t", b"/type/author\t")):
        return None
    parts = line.rstrip(b"\r\n").split(b"\t", 4)
    if len(parts) != 5:
        return None
    kind = parts[0].decode("ascii")
    try:
        revision = int(parts[2])
    except ValueError:
        revision = 0
    return DumpLine(
        kind,
        parts[1].decode("utf-8", "replace"),
        revision,
        parts[3].decode("ascii", "replace"),
        parts[4],
    )


def numeric_key(key: object, suffix: str) -> int | None:
    """123 for ``"/books/OL123M"`` (suffix ``"M"``); ``None`` for anything else.

    Open Library's keys are a number between ``OL`` and a letter for the record type, so the
    catalogue stores them as integers: smaller and faster than the strings.
    """
    if not isinstance(key, str):
        return None
    name = key.rsplit("/", 1)[-1]
    if not (name.startswith("OL") and name.endswith(suffix)):
        return None
    digits = name[2:-1]
    return int(digits) if digits.isdigit() else None


def _text(value: Any) -> str | None:
    """A string field, or the ``value`` of a ``/type/text`` object; stripped, ``None`` if empty."""
    if isinstance(value, dict):
        value = value.get("value")
    if not isinstance(value, str):
        return None
    if "  " in value or "\n" in value or "\t" in value or "\r" in value:
        value = " ".join(value.split())
    return value.strip() or None


def _first_text(values: Any) -> str | None:
    if isinstance(values, list):
        for value in values:
            text = _text(value)
            if text:
                return text
        return None
    return _text(values)


def _texts(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(dict.fromkeys(t for t in (_text(v) for v in values) if t))


def _language(values: Any) -> str | None:
    """ISO 639-1 for the first ``{"key": "/languages/eng"}`` (the MARC code if unmapped)."""
    if not isinstance(values, list):
        return None
    for value in values:
        key = value.get("key") if isinstance(value, Mapping) else None
        if isinstance(key, str) and key:
            code = key.rsplit("/", 1)[-1]
            return MARC_TO_ISO.get(code, code)
    return None


def _key_list(values: Any, suffix: str, *, nested: str | None = None) -> tuple[int, ...]:
    """Numeric keys of ``[{"key": ...}]`` (or ``[{"author": {"key": ...}}]`` with ``nested``)."""
    if not isinstance(values, list):
        return ()
    out: list[int] = []
    for value in values:
        if nested is not None and isinstance(value, Mapping):
            value = value.get(nested)
        key = value.get("key") if isinstance(value, Mapping) else value
        number = numeric_key(key, suffix)
        if number is not None and number not in out:
            out.append(number)
    return tuple(out)


def _isbns(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The edition's valid ISBNs as ISBN-13, ISBN-13 fields first, without repeats."""
    found: list[str] = []
    for field in ("isbn_13", "isbn_10"):
        values = data.get(field)
        if not isinstance(values, list):
            continue
        for value in values:
            isbn = to_isbn13(value) if isinstance(value, str) else None
            if isbn and isbn not in found:
                found.append(isbn)
    return tuple(found)


def _pages(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000 else None


@dataclass(frozen=True, slots=True)
class EditionRow:
    """What the catalogue keeps of an edition record.

    Attributes:
        id: The number in its key (``/books/OL123M`` → 123).
        work_id: The number of its first work, if it names one.
        revision: The record's revision: of two copies of a record, the newer one wins.
        title, subtitle: As on the edition.
        other_titles: Further titles it is known by (``other_titles``, ``work_titles``).
        author_ids: Its ``authors`` (editions name authors directly; works through roles).
        publisher, place: The first publisher and place of publication.
        year: The first four-digit year in its free-text ``publish_date``.
        language: ISO 639-1 code of its first language (the MARC code if unmapped).
        isbns: Its valid ISBNs as ISBN-13, the edition's own ISBN-13 first.
        pages: ``number_of_pages``.
        series: The first series statement.
        oclc, lccn: The first OCLC number and LCCN.
        last_modified: When the record last changed (ISO 8601), for the catalogue's age.
    """

    id: int
    work_id: int | None
    revision: int
    title: str
    subtitle: str | None
    other_titles: tuple[str, ...]
    author_ids: tuple[int, ...]
    publisher: str | None
    place: str | None
    year: int | None
    language: str | None
    isbns: tuple[str, ...]
    pages: int | None
    series: str | None
    oclc: str | None
    lccn: str | None
    last_modified: str


@dataclass(frozen=True, slots=True)
class WorkRow:
    """What the catalogue keeps of a work record (see :class:`EditionRow` for the shared fields).

    Attributes:
        first_year: The year of its ``first_publish_date``, if any.
    """

    id: int
    revision: int
    title: str
    subtitle: str | None
    other_titles: tuple[str, ...]
    author_ids: tuple[int, ...]
    first_year: int | None
    last_modified: str


@dataclass(frozen=True, slots=True)
class AuthorRow:
    """An author's display name and the other names people search for them by."""

    id: int
    revision: int
    name: str
    other_names: tuple[str, ...]
    last_modified: str


def _load(line: DumpLine) -> Mapping[str, Any] | None:
    try:
        data = json.loads(line.json)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def edition_row(line: DumpLine) -> EditionRow | None:
    """The row of an edition line; ``None`` without a usable key or title."""
    data = _load(line)
    if data is None:
        return None
    number = numeric_key(data.get("key") or line.key, "M")
    title = _text(data.get("title"))
    if number is None or title is None:
        return None
    works = _key_list(data.get("works"), "W")
    oclc = _first_text(data.get("oclc_numbers"))
    return EditionRow(
        id=number,
        work_id=works[0] if works else None,
        revision=line.revision,
        title=title,
        subtitle=_text(data.get("subtitle")),
        other_titles=_texts(data.get("other_titles")) + _texts(data.get("work_titles")),
        author_ids=_key_list(data.get("authors"), "A"),
        publisher=_first_text(data.get("publishers")),
        place=_first_text(data.get("publish_places")),
        year=year_of(_text(data.get("publish_date")), years=CATALOGUE_YEARS),
        language=_language(data.get("languages")),
        isbns=_isbns(data),
        pages=_pages(data.get("number_of_pages")),
        series=_first_text(data.get("series")),
        oclc=oclc,
        lccn=_first_text(data.get("lccn")),
        last_modified=line.last_modified,
    )


def work_row(line: DumpLine) -> WorkRow | None:
    """The row of a work line; ``None`` without a usable key or title."""
    data = _load(line)
    if data is None:
        return None
    number = numeric_key(data.get("key") or line.key, "W")
    title = _text(data.get("title"))
    if number is None or title is None:
        return None
    return WorkRow(
        id=number,
        revision=line.revision,
        title=title,
        subtitle=_text(data.get("subtitle")),
        other_titles=_texts(data.get("other_titles")),
        author_ids=_key_list(data.get("authors"), "A", nested="author"),
        first_year=year_of(_text(data.get("first_publish_date")), years=CATALOGUE_YEARS),
        last_modified=line.last_modified,
    )


def author_row(line: DumpLine) -> AuthorRow | None:
    """The row of an author line; ``None`` without a usable key or name."""
    data = _load(line)
    if data is None:
        return None
    number = numeric_key(data.get("key") or line.key, "A")
    name = _text(data.get("name")) or _text(data.get("personal_name"))
    if number is None or name is None:
        return None
    others = [n for n in (_text(data.get("personal_name")), *_texts(data.get("alternate_names"))) if n]
    return AuthorRow(
        id=number,
        revision=line.revision,
        name=name,
        other_names=tuple(dict.fromkeys(n for n in others if n != name)),
        last_modified=line.last_modified,
    )
