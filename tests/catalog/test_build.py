"""Building a catalogue: any order and mix of dumps, filters, newer revisions, and a build
killed halfway that carries on without corruption."""

from __future__ import annotations

import gzip
import random
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from bibkit.catalog import BuildFilter, build_catalog, catalog_info, database_for
from bibkit.catalog.reader import CatalogReader
from bibkit.errors import ConfigError, InputError
from tests.conftest import PROJECT_ROOT
from tests.servers.bulk import bulk_books
from tests.servers.dump import dump_lines, write_dump
from tests.servers.seed import seed_catalog


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the record tables and of the ISBN index, for comparing two builds."""
    with closing(sqlite3.connect(path)) as db:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("works", "editions", "authors", "isbns")
        }


def test_split_gzip_dumps_and_one_plain_all_types_dump_in_any_order_build_the_same(
    seed_db: Path, tmp_path: Path
) -> None:
    lines = [line for _, line in dump_lines(seed_catalog())]
    random.Random(3).shuffle(lines)  # editions before their works and authors
    mixed = tmp_path / "ol_dump_2026-08-31.txt"
    mixed.write_text("".join(lines), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    build_catalog([mixed], other)
    assert _contents(other) == _contents(seed_db)


def test_what_the_catalogue_holds(seed_db: Path) -> None:
    info = catalog_info(seed_db)
    # 14 works with 16 editions, two without an ISBN; 12 people.
    assert (info.works, info.editions, info.authors, info.isbns) == (14, 16, 12, 14)
    assert info.data_as_of.startswith("2026-08-31")
    assert info.inputs == (
        "ol_dump_authors_2026-08-31.txt.gz",
        "ol_dump_works_2026-08-31.txt.gz",
        "ol_dump_editions_2026-08-31.txt.gz",
    )
    assert info.languages == () and not info.with_isbn_only


def test_filters_make_a_smaller_catalogue(seed_dumps: list[Path], tmp_path: Path) -> None:
    english = tmp_path / "en.sqlite"
    build_catalog(seed_dumps, english, filters=BuildFilter.of(languages=["en"]))
    reader = CatalogReader(english)
    # Makarenko's Russian edition is left out; his work stays, with its English edition.
    editions = reader.editions_of([8629083], language="en", latest=True)
    assert [e.title for e in editions[8629083]] == ["The Road to Life"]
    assert catalog_info(english).editions == 15

    with_isbn = tmp_path / "isbn.sqlite"
    build_catalog(seed_dumps, with_isbn, filters=BuildFilter.of(with_isbn_only=True))
    info = catalog_info(with_isbn)
    # Moorehead's only edition has no ISBN: it goes, and his work with it.
    assert (info.editions, info.works, info.with_isbn_only) == (14, 13, True)
    assert reader.works([201]) and CatalogReader(with_isbn).works([201]) == {}


def test_bad_language_codes_are_refused() -> None:
    with pytest.raises(ConfigError, match="--languages"):
        BuildFilter.of(languages=["en,english"])
    assert BuildFilter.of(languages=["eng, fre"]).languages == {"en", "fr"}


def test_the_newer_revision_of_a_record_wins_whatever_the_order(tmp_path: Path) -> None:
    def author(name: str, revision: int) -> str:
        record = f'{{"key": "/authors/OL1A", "name": "{name}"}}'
        return f"/type/author\t/authors/OL1A\t{revision}\t2026-01-0{revision}T00:00:00\t{record}\n"

    older, newer = author("V. Serge", 1), author("Victor Serge", 2)
    for order in ([older, newer], [newer, older]):
        dump = tmp_path / "authors.txt"
        dump.write_text("".join(order), encoding="utf-8")
        path = tmp_path / "a.sqlite"
        build_catalog([dump], path)
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("SELECT name, revision FROM authors").fetchall() == [("Victor Serge", 2)]


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
import bibkit.catalog.build as build

original = build._flush
calls = 0

def flush(db, batch, file, lines, done):
    global calls
    calls += 1
    if calls == 4:  # killed in the middle of writing the fourth batch
        db.execute("BEGIN")
        db.executemany(build._INSERT_WORK, batch.works[: len(batch.works) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    original(db, batch, file, lines, done)

build._flush = flush
build.build_catalog([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), commit_every=50, jobs=1)
"""


def test_a_killed_build_leaves_the_old_catalogue_usable_and_carries_on(tmp_path: Path) -> None:
    catalog, _ = bulk_books(100)
    dumps = write_dump(catalog, tmp_path / "dumps", split=False)  # 300 lines, one file
    target = tmp_path / "catalog.sqlite"
    build_catalog(write_dump(seed_catalog(), tmp_path / "old"), target)  # the catalogue in use
    before = catalog_info(target)

    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED_BUILD), str(target), *map(str, dumps)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    assert catalog_info(target) == before  # still the old one, still readable
    partial = target.with_name(target.name + ".partial")
    with closing(sqlite3.connect(partial)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    report = build_catalog(dumps, target)
    assert report.resumed_lines == 150  # three batches of 50 were committed before the kill
    assert report.lines == 300
    assert not partial.exists()
    clean = tmp_path / "clean.sqlite"
    build_catalog(dumps, clean)
    assert _contents(target) == _contents(clean)


def test_a_partial_build_of_other_inputs_is_started_over(tmp_path: Path, seed_dumps: list[Path]) -> None:
    target = tmp_path / "catalog.sqlite"
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(b"SQLite format 3\x00 but not really a database")
    report = build_catalog(seed_dumps, target)
    assert report.resumed_lines == 0 and catalog_info(target).editions == 16


def test_damaged_dumps_are_refused_with_the_file_named(tmp_path: Path, seed_db: Path) -> None:
    whole = (tmp_path / "dumps" / "ol_dump_editions_2026-08-31.txt.gz").read_bytes()
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"cut\.txt\.gz: damaged or truncated"):
        build_catalog([cut], tmp_path / "x.sqlite")
    with pytest.raises(InputError, match="is a catalogue database"):
        build_catalog([seed_db], tmp_path / "y.sqlite")
    with pytest.raises(InputError, match="no such file"):
        build_catalog([tmp_path / "missing.gz"], tmp_path / "z.sqlite")


def test_a_small_dump_given_as_catalogue_is_built_once(tmp_path: Path, seed_dumps: list[Path]) -> None:
    dump = tmp_path / "all.txt.gz"
    dump.write_bytes(b"".join(gzip.decompress(p.read_bytes()) for p in seed_dumps))
    first = database_for(dump, cache_dir=tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    assert database_for(dump, cache_dir=tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == stamp
    assert database_for(first, cache_dir=tmp_path / "cache") == first  # a database is itself
    with pytest.raises(ConfigError, match="no catalogue at"):
        database_for(tmp_path / "nothing.sqlite", cache_dir=tmp_path / "cache")


def test_two_builds_of_one_catalogue_do_not_mix(tmp_path: Path, seed_dumps: list[Path]) -> None:
    from bibkit.catalog.build import _connect

    target = tmp_path / "catalog.sqlite"
    holder = _connect(target.with_name(target.name + ".partial"))  # a build under way
    try:
        with pytest.raises(ConfigError, match="another build is writing"):
            build_catalog(seed_dumps, target)
    finally:
        holder.close()
    assert not target.exists()
    build_catalog(seed_dumps, target)
    assert catalog_info(target).editions == 16
