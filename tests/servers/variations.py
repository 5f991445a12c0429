"""A large Open Library dump made from real records with variations, for catalogue benchmarks.

The real catalogue (``tests/servers/real_catalog.py``: ~17,000 works from Open Library and
Goodreads records) is written first, unchanged. Then copies of its works follow until the
dump holds the number of editions asked for: most of them other books (half of the title
joined to half of another, by another real author), and a few in a hundred the traps a large
catalogue holds (the same title by someone else, the same author's title with another
subtitle or a series note); 1 to 3 editions each, with real publisher names, years from 1950
to 2025, mostly English, and ISBNs from the 979-0 range, which no book uses. Records carry
fields real edition records carry beside the ones bibkit reads (subjects, source records,
covers, identifiers), so that parsing costs about what it costs on the real dumps.

Written as a stream: a million editions need no more memory than a hundred.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bibkit.isbn import to_isbn10
from tests.servers.catalog import Catalog, Work
from tests.servers.dump import MODIFIED, author_keys, dump_lines

__all__ = ["DumpCounts", "write_varied_dump"]

SUBJECTS = ["History", "Politics and government", "Revolutions", "Social conditions", "Biography"]
LANGUAGES = ["eng"] * 8 + ["fre", "ger", "spa", "ita", "rus"]
SERIES_NOTES = ["Penguin Classics", "Opus Books", "Oxford World's Classics", "Modern Library"]


@dataclass(frozen=True, slots=True)
class DumpCounts:
    editions: int
    works: int
    authors: int
    lines: int
    bytes: int


def _isbn(n: int) -> str:
    digits = "9790" + str(n).zfill(8)
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _datetime(value: str) -> dict[str, str]:
    return {"type": "/type/datetime", "value": value}


def _line(kind: str, key: str, record: dict[str, Any]) -> str:
    record = {
        "type": {"key": kind},
        "key": key,
        **record,
        "revision": 3,
        "latest_revision": 3,
        "created": _datetime("2012-03-04T05:06:07.890123"),
        "last_modified": _datetime(MODIFIED),
    }
    return f"{kind}\t{key}\t3\t{MODIFIED}\t{json.dumps(record)}\n"


def _variation(
    work: Work, rng: random.Random, titles: Sequence[str], subtitles: Sequence[str], names: Sequence[str]
) -> tuple[str, str | None, list[str]]:
    """(title, subtitle, authors) of a copy of ``work``: mostly another book made of parts of
    two real titles by another real author; now and then a trap (a namesake, or the same
    author's title with another subtitle or a series note), at about the rate a large
    catalogue holds them."""
    roll = rng.random()
    if roll < 0.005:  # the same title by someone else
        return work.title, work.subtitle, [rng.choice(names)]
    if roll < 0.010:  # the same author, another subtitle
        return work.title, rng.choice(subtitles) if subtitles else None, list(work.authors)
    if roll < 0.015:  # the same book with a series note in its title
        return f"{work.title} ({rng.choice(SERIES_NOTES)})", None, list(work.authors)
    words = work.title.split()
    other = rng.choice(titles).split()
    cut, other_cut = max(1, len(words) // 2), len(other) // 2
    title = " ".join(words[:cut] + other[other_cut:]) or work.title
    return title, rng.choice(subtitles) if subtitles and rng.random() < 0.2 else None, [rng.choice(names)]


def write_varied_dump(
    works: Sequence[Work], path: Path, *, editions: int, seed: int = 14, reuse: bool = False
) -> DumpCounts:
    """Write ``works`` and then varied copies of them to one gzip all-types dump at ``path``,
    until it holds ``editions`` edition records. With ``reuse``, a dump written before with
    the same arguments is counted instead (it is the same: the variations are seeded)."""
    counted = path.with_name(path.name + ".counts.json")
    if reuse and path.exists() and counted.exists():
        saved = json.loads(counted.read_text())
        if saved.pop("args", None) == [editions, seed]:
            return DumpCounts(**saved)
    rng = random.Random(seed)
    real = Catalog(works)
    authors = author_keys(real)
    names = list(authors)
    titles = [w.title for w in works]
    subtitles = [w.subtitle for w in works if w.subtitle]
    publishers = sorted({e.publisher for w in works for e in w.editions if e.publisher}) or ["Verso"]
    counts = {"/type/edition": 0, "/type/work": 0, "/type/author": 0}
    lines = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for kind, line in dump_lines(real):
            out.write(line)
            counts[kind] += 1
            lines += 1
        work_number = 500_000_000
        edition_number = 500_000_000
        while counts["/type/edition"] < editions:
            for work in works:
                if counts["/type/edition"] >= editions:
                    break
                work_number += 1
                title, subtitle, people = _variation(work, rng, titles, subtitles, names)
                key = f"/works/OL{work_number}W"
                record: dict[str, Any] = {
                    "title": title,
                    "authors": [
                        {"type": {"key": "/type/author_role"}, "author": {"key": authors[a]}}
                        for a in people
                        if a in authors
                    ],
                    "subjects": rng.sample(SUBJECTS, 2),
                    "covers": [rng.randrange(1, 14_000_000)],
                }
                if subtitle:
                    record["subtitle"] = subtitle
                year = work.first_publish_year or rng.randrange(1900, 2020)
                record["first_publish_date"] = str(year)
                out.write(_line("/type/work", key, record))
                counts["/type/work"] += 1
                lines += 1
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                    edition_number += 1
                    isbn = _isbn(edition_number - 500_000_000)
                    edition: dict[str, Any] = {
                        "title": title,
                        "works": [{"key": key}],
                        "authors": [{"key": authors[a]} for a in people if a in authors],
                        "publishers": [rng.choice(publishers)],
                        "publish_date": str(rng.randrange(max(year, 1950), 2026)),
                        "languages": [{"key": f"/languages/{rng.choice(LANGUAGES)}"}],
                        "number_of_pages": rng.randrange(80, 900),
                        "subjects": rng.sample(SUBJECTS, 3),
                        "source_records": [f"bwb:{isbn}", f"ia:book{edition_number}"],
                        "covers": [rng.randrange(1, 14_000_000)],
                        "physical_format": rng.choice(("Paperback", "Hardcover")),
                        "identifiers": {"goodreads": [str(rng.randrange(10**6, 10**8))]},
                    }
                    if subtitle:
                        edition["subtitle"] = subtitle
                    if rng.random() < 0.8:
                        edition["isbn_13"] = [isbn]
                        isbn10 = to_isbn10(isbn)
                        if isbn10:
                            edition["isbn_10"] = [isbn10]
                    out.write(_line("/type/edition", f"/books/OL{edition_number}M", edition))
                    counts["/type/edition"] += 1
                    lines += 1
    result = DumpCounts(
        editions=counts["/type/edition"],
        works=counts["/type/work"],
        authors=counts["/type/author"],
        lines=lines,
        bytes=path.stat().st_size,
    )
    counted.write_text(json.dumps({**dataclasses.asdict(result), "args": [editions, seed]}))
    return result

