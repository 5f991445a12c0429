"""A large Open Library dump made from real records with variations, for catalogue benchmarks.

The real catalogue (``tests/servers/real_catalog.py``: ~17,000 works from Open Library and
Goodreads records) is written first, unchanged (each work with as many editions as its record
counts, :mod:`tests.servers.dump`). Then copies of its works follow until the
dump holds the number of editions asked for: most of them other books (half of the title
joined to half of another, by another real author), and a few in a hundred the traps a large
catalogue holds (the same title by someone else, the same author's title with another
subtitle or a series note); 1 to 3 editions each, with real publisher names, years from 1950
to 2025, mostly English, and ISBNs from the 979-0 range, which no book uses. Records carry
fields real edition records carry beside the ones bibkit reads (subjects, source records,
covers, identifiers), so that parsing costs about what it costs on the real dumps.

The copies are made as :class:`~tests.servers.catalog.Work` objects, so that the live-service
emulator can serve the very catalogue the dump holds; the dump is written as a stream.
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

from tests.servers.catalog import Catalog, Edition, Work
from tests.servers.dump import author_keys, dump_lines, edition_record, record_line, work_record

__all__ = ["DumpCounts", "varied_works", "write_varied_dump"]

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


def varied_works(works: Sequence[Work], *, editions: int, seed: int = 14) -> list[Work]:
    """Varied copies of ``works`` (see the module docstring) until they and ``works`` hold
    ``editions`` editions; the same every time for the same arguments."""
    rng = random.Random(seed)
    names = list(dict.fromkeys(a for w in works for a in w.authors))
    titles = [w.title for w in works]
    subtitles = [w.subtitle for w in works if w.subtitle]
    publishers = sorted({e.publisher for w in works for e in w.editions if e.publisher}) or ["Verso"]
    total = sum(w.edition_count for w in works)  # what their dump holds (see tests.servers.dump)
    copies: list[Work] = []
    number = 500_000_000
    while total < editions:
        for work in works:
            if total >= editions:
                break
            number += 1
            title, subtitle, people = _variation(work, rng, titles, subtitles, names)
            year = work.first_publish_year or rng.randrange(1900, 2020)
            copy = Work(f"OL{number}W", title, people, year, subtitle=subtitle)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                total += 1
                isbn = _isbn(total) if rng.random() < 0.8 else None
                copy.editions.append(
                    Edition(
                        f"OL{500_000_000 + total}M",
                        title,
                        isbn,
                        rng.choice(publishers),
                        str(rng.randrange(max(year, 1950), 2026)),
                        language=rng.choice(LANGUAGES),
                        pages=rng.randrange(80, 900),
                        subtitle=subtitle,
                    )
                )
            copies.append(copy)
    return copies


def _extra(rng: random.Random, key: str, *, edition: bool) -> dict[str, Any]:
    """Fields real records carry that bibkit does not read (they cost parsing all the same)."""
    extra: dict[str, Any] = {
        "subjects": rng.sample(SUBJECTS, 3 if edition else 2),
        "covers": [rng.randrange(1, 14_000_000)],
    }
    if edition:
        extra |= {
            "source_records": [f"ia:{key.rsplit('/', 1)[-1].lower()}", "marc:marc_loc_2016/BooksAll.2016"],
            "physical_format": rng.choice(("Paperback", "Hardcover")),
            "identifiers": {"goodreads": [str(rng.randrange(10**6, 10**8))]},
        }
    return extra


def write_varied_dump(
    works: Sequence[Work], copies: Sequence[Work], path: Path, *, reuse: bool = False
) -> DumpCounts:
    """Write ``works`` unchanged, then ``copies`` (from :func:`varied_works`) with the fields
    real records carry, to one gzip all-types dump at ``path``. With ``reuse``, a dump written
    before from as many works and copies is counted instead (copies are the same for the same
    arguments)."""
    counted = path.with_name(path.name + ".counts.json")
    shape = [len(works), len(copies), sum(len(c.editions) for c in copies)]
    if reuse and path.exists() and counted.exists():
        saved = json.loads(counted.read_text())
        if saved.pop("shape", None) == shape:
            return DumpCounts(**saved)
    rng = random.Random(1)
    authors = author_keys(Catalog(works))
    counts = {"/type/edition": 0, "/type/work": 0, "/type/author": 0}
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for kind, line in dump_lines(Catalog(works)):
            out.write(line)
            counts[kind] += 1
        for work in copies:
            key = f"/works/{work.key}"
            record = work_record(work, authors) | _extra(rng, key, edition=False)
            out.write(record_line("/type/work", key, record, 3))
            counts["/type/work"] += 1
            for edition in work.editions:
                key = f"/books/{edition.key}"
                record = edition_record(work, edition, authors) | _extra(rng, key, edition=True)
                out.write(record_line("/type/edition", key, record, 3))
                counts["/type/edition"] += 1
    result = DumpCounts(
        editions=counts["/type/edition"],
        works=counts["/type/work"],
        authors=counts["/type/author"],
        lines=sum(counts.values()),
        bytes=path.stat().st_size,
    )
    counted.write_text(json.dumps({**dataclasses.asdict(result), "shape": shape}))
    return result
