"""Building a catalogue from Open Library dumps: stream the records in, then index them.

A build writes ``PATH.partial`` beside the catalogue and moves it over ``PATH`` only when it is
complete, so the catalogue in use is never half-built. Loading commits every
``commit_every`` lines together with how far each input has been read; a build that was
killed and is started again with the same inputs and filters carries on from the last commit
(SQLite's journal undoes the lines after it), and one started with other inputs starts over.

Two steps:

1. **Load.** Every editions, works and authors line of the inputs, in any order and any mix
   (one all-types dump, or separate files), becomes a row; of two copies of a record the higher
   revision wins. The filters (``languages``, ``with_isbn_only``) drop editions here.
2. **Index.** Editions whose work is not in the dumps become works of their own; each work gets
   its author names, edition count and first year (the earlier of its own first publication
   date and its editions' years); the full-text index gets every title a work is known by (its
   own, its subtitle, its editions' titles: a translation is found under either name) and its
   authors' names; every ISBN of every edition is indexed for look-ups.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import itertools
import json
import multiprocessing
import os
import sqlite3
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, Literal

from bibkit.catalog.dump import (
    AUTHOR,
    EDITION,
    WORK,
    EditionRow,
    WorkRow,
    author_row,
    decompressed,
    edition_row,
    open_raw,
    parse_line,
    work_row,
)
from bibkit.catalog.store import DERIVED, FORMAT, create_schema, is_database, join, split
from bibkit.catalog.terms import index_text, query_terms
from bibkit.errors import ConfigError, InputError
from bibkit.sources.openlibrary import MARC_TO_ISO

__all__ = [
    "COMMIT_EVERY",
    "BuildFilter",
    "BuildProgress",
    "BuildReport",
    "build_catalog",
    "database_for",
]

COMMIT_EVERY = 50_000
"""Lines loaded between two commits: what a killed build loses at most."""

SMALL_DUMP_BYTES = 4 * 1024**2
"""Inputs smaller than this are parsed in the building process: starting workers would
take longer than the parsing."""

PARSE_CHUNK = 2_000
"""Lines parsed per task of a worker process."""

INDEX_BATCH = 5_000
"""Works indexed per step of the index phase."""

ROUNDS_AHEAD = 2
"""Rounds of works handed to the workers before the oldest one is written."""

MAX_IMPLICIT_DUMP_BYTES = 50 * 1024**2
"""The largest dump :func:`database_for` builds on the fly; bigger ones are built explicitly."""

Phase = Literal["load", "index", "done"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildFilter:
    """Which editions a build keeps, for a smaller catalogue.

    Attributes:
        languages: ISO 639-1 codes (MARC codes such as ``eng`` are accepted); editions in
            other languages are left out. Editions whose language is not recorded are kept,
            as a good share of English ones have none. Empty: every language.
        with_isbn_only: Leave out editions without a valid ISBN (older books, mostly).

    With either filter, works left with no edition are left out too.
    """

    languages: frozenset[str] = frozenset()
    with_isbn_only: bool = False

    @classmethod
    def of(cls, *, languages: Iterable[str] = (), with_isbn_only: bool = False) -> BuildFilter:
        """A filter from user input ("en,fr" or ["eng", "fre"]).

        Raises:
            ConfigError: a language that is not a two- or three-letter code.
        """
        codes: set[str] = set()
        for item in languages:
            for code in item.split(","):
                code = code.strip().lower()
                if not code:
                    continue
                if not (code.isalpha() and len(code) in (2, 3)):
                    raise ConfigError(f"--languages takes codes such as en,fr (or eng,fre), not {code!r}")
                codes.add(MARC_TO_ISO.get(code, code))
        return cls(languages=frozenset(codes), with_isbn_only=with_isbn_only)

    @property
    def active(self) -> bool:
        return bool(self.languages) or self.with_isbn_only

    def keeps(self, row: EditionRow) -> bool:
        if self.with_isbn_only and not row.isbns:
            return False
        return not (self.languages and row.language and row.language not in self.languages)

    def to_json(self) -> dict[str, Any]:
        return {"languages": sorted(self.languages), "with_isbn_only": self.with_isbn_only}


@dataclass(frozen=True, slots=True)
class BuildProgress:
    """Where a build is, for a progress bar.

    Attributes:
        phase: ``load`` (reading the dumps), ``index`` or ``done``.
        lines: Dump lines read so far (a resumed build counts those read before it).
        bytes_read: Bytes of the input files read so far (compressed, as on disk).
        bytes_total: Total size of the input files.
        works_indexed: Works indexed so far (index phase).
        works_total: Works to index.
    """

    phase: Phase
    lines: int
    bytes_read: int
    bytes_total: int
    works_indexed: int = 0
    works_total: int = 0


ProgressCallback = Callable[[BuildProgress], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did.

    Attributes:
        path: The finished catalogue.
        lines: Dump lines read, in this run and any interrupted run it carried on from.
        resumed_lines: Lines an interrupted build had already loaded (0 for a fresh build).
        editions, works, authors, isbns: What the catalogue holds.
        seconds: Wall time of this run.
    """

    path: Path
    lines: int
    resumed_lines: int
    editions: int
    works: int
    authors: int
    isbns: int
    seconds: float


@dataclass
class _Batch:
    """Rows parsed from a run of lines, as the tables take them."""

    editions: list[tuple[Any, ...]] = field(default_factory=list)
    works: list[tuple[Any, ...]] = field(default_factory=list)
    authors: list[tuple[Any, ...]] = field(default_factory=list)
    newest: str = ""
    records: int = 0

    def add(self, other: _Batch) -> None:
        self.editions += other.editions
        self.works += other.works
        self.authors += other.authors
        self.newest = max(self.newest, other.newest)
        self.records += other.records


_EDITION_COLUMNS = (
    "id", "work_id", "revision", "title", "subtitle", "other_titles", "author_ids", "publisher",
    "place", "year", "language", "isbns", "pages", "series", "oclc", "lccn",
)  # fmt: skip
_WORK_COLUMNS = ("id", "revision", "title", "subtitle", "other_titles", "author_ids", "first_year")
_AUTHOR_COLUMNS = ("id", "revision", "name", "other_names")


def _upsert(table: str, columns: Sequence[str]) -> str:
    """Insert, or replace an older revision of the same record."""
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE excluded.revision > {table}.revision"
    )


_INSERT_EDITION = _upsert("editions", _EDITION_COLUMNS)
_INSERT_WORK = _upsert("works", _WORK_COLUMNS)
_INSERT_AUTHOR = _upsert("authors", _AUTHOR_COLUMNS)


def _parse_lines(lines: Sequence[bytes], filters: BuildFilter) -> _Batch:
    """The rows of a run of dump lines (in a worker process when the build has several)."""
    batch = _Batch()
    for line in lines:
        parsed = parse_line(line)
        if parsed is None:
            continue
        if parsed.type == EDITION:
            edition = edition_row(parsed)
            if edition is not None and filters.keeps(edition):
                batch.editions.append(_edition_values(edition))
        elif parsed.type == WORK:
            work = work_row(parsed)
            if work is not None:
                batch.works.append(_work_values(work))
        elif parsed.type == AUTHOR:
            author = author_row(parsed)
            if author is not None:
                batch.authors.append((author.id, author.revision, author.name, join(author.other_names)))
        if parsed.last_modified > batch.newest:
            batch.newest = parsed.last_modified
    batch.records = len(batch.editions) + len(batch.works) + len(batch.authors)
    return batch


def _work_values(r: WorkRow) -> tuple[Any, ...]:
    return (r.id, r.revision, r.title, r.subtitle, join(r.other_titles), join(r.author_ids), r.first_year)


def _edition_values(r: EditionRow) -> tuple[Any, ...]:
    return (
        r.id, r.work_id, r.revision, r.title, r.subtitle, join(r.other_titles), join(r.author_ids),
        r.publisher, r.place, r.year, r.language, ",".join(r.isbns) or None, r.pages, r.series,
        r.oclc, r.lccn,
    )  # fmt: skip


def _signature(dumps: Sequence[Path], filters: BuildFilter) -> str:
    """What a partial build was started with; it is carried on only for the same inputs."""
    files = []
    for path in dumps:
        stat = path.stat()
        files.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return json.dumps({"format": FORMAT, "files": files, "filters": filters.to_json()}, sort_keys=True)


def _partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _open_partial(partial: Path, signature: str) -> tuple[sqlite3.Connection, dict[int, tuple[int, bool]]]:
    """The partial database to load into, and how far each input was read (file → (lines, done)).

    A partial build of other inputs, or one that cannot be read, is thrown away.
    """
    if partial.exists():
        try:
            db = _connect(partial)
        except sqlite3.DatabaseError:  # not a database at all: start over
            _remove_database(partial)
            return _open_partial(partial, signature)
        try:
            (state,) = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone() or ("",)
            if state == signature and db.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                done = {
                    int(f): (int(lines), bool(finished))
                    for f, lines, finished in db.execute("SELECT file, lines, done FROM progress")
                }
                return db, done
        except sqlite3.DatabaseError:
            pass  # not a partial build this version can carry on: start over
        db.close()
        _remove_database(partial)
    db = _connect(partial)
    create_schema(db)
    db.execute("INSERT INTO meta VALUES ('format', ?), ('signature', ?)", (str(FORMAT), signature))
    return db, {}


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that alone may write ``path`` until it is closed.

    Raises:
        ConfigError: another build holds the file.
    """
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        # The write-ahead log makes every commit atomic: a killed build leaves its last commit.
        # Not syncing to disk is safe against a killed process (the data is in the OS's
        # cache); only a power cut can lose the last commits, and the build then starts over.
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -262144")  # 256 MB
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("BEGIN IMMEDIATE")  # takes the lock now: fails at once if another build has it
        db.execute("COMMIT")
    except sqlite3.OperationalError as err:
        db.close()
        if "locked" in str(err) or "busy" in str(err):
            raise ConfigError(f"another build is writing {path}; wait for it to finish") from err
        raise
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _flush(db: sqlite3.Connection, batch: _Batch, file: int, lines: int, done: bool) -> None:
    """Write a batch and the progress it makes, in one transaction."""
    db.execute("BEGIN")
    try:
        db.executemany(_INSERT_EDITION, batch.editions)
        db.executemany(_INSERT_WORK, batch.works)
        db.executemany(_INSERT_AUTHOR, batch.authors)
        db.execute(
            "INSERT INTO progress VALUES (?, ?, ?, ?) ON CONFLICT(file) DO UPDATE SET"
            " lines = excluded.lines, records = progress.records + excluded.records, done = excluded.done",
            (file, lines, batch.records, int(done)),
        )
        if batch.newest:
            db.execute(
                "INSERT INTO meta VALUES ('data_as_of', ?) ON CONFLICT(key) DO UPDATE SET value ="
                " max(value, excluded.value)",
                (batch.newest,),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _chunks(stream: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    iterator = iter(stream)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _load_file(
    db: sqlite3.Connection,
    path: Path,
    file: int,
    skip: int,
    parse: Callable[[Iterable[list[bytes]]], Iterator[_Batch]],
    commit_every: int,
    report: Callable[[int, int], None],
) -> int:
    """Load one dump from line ``skip`` on; returns the lines it holds.

    Lines go to ``parse`` in runs of :data:`PARSE_CHUNK` and come back as rows in the same
    order, so the progress committed with them is exact.
    """
    lines = skip
    pending = _Batch()
    uncommitted = 0
    with open_raw(path) as raw:
        stream = decompressed(raw)
        chunks = _chunks(itertools.islice(stream, skip, None), min(PARSE_CHUNK, commit_every))
        sizes: list[int] = []

        def counted() -> Iterator[list[bytes]]:
            for chunk in chunks:
                sizes.append(len(chunk))
                yield chunk

        try:
            for batch in parse(counted()):
                pending.add(batch)
                read = sizes.pop(0)
                lines += read
                uncommitted += read
                if uncommitted >= commit_every:
                    _flush(db, pending, file, lines, False)
                    pending, uncommitted = _Batch(), 0
                    report(lines, raw.tell())
        except (EOFError, zlib.error, OSError) as err:
            raise InputError(f"{path}: damaged or truncated dump file ({err})") from err
        _flush(db, pending, file, lines, True)
        report(lines, raw.tell())
    return lines


def _works_with_editions(
    db: sqlite3.Connection, after: int, count: int
) -> list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """The next ``count`` works after key ``after``, each with its editions, in key order."""
    works = db.execute(
        "SELECT id, title, subtitle, other_titles, author_ids, first_year FROM works"
        " WHERE id > ? ORDER BY id LIMIT ?",
        (after, count),
    ).fetchall()
    if not works:
        return []
    own: dict[int, list[tuple[Any, ...]]] = {}
    for edition in db.execute(
        "SELECT work_id, title, subtitle, other_titles, author_ids, year FROM editions"
        " WHERE work_id BETWEEN ? AND ?",
        (works[0][0], works[-1][0]),
    ):
        own.setdefault(edition[0], []).append(edition)
    return [(work, own.get(work[0], [])) for work in works]


def _author_names(db: sqlite3.Connection, ids: set[int]) -> dict[int, tuple[str, str | None]]:
    out: dict[int, tuple[str, str | None]] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for number, name, others in db.execute(
            f"SELECT id, name, other_names FROM authors WHERE id IN ({marks})", chunk
        ):
            out[int(number)] = (name, others)
    return out


WorkBatch = list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]
Names = dict[int, tuple[str, str | None]]


def _work_authors(work: tuple[Any, ...], editions: list[tuple[Any, ...]]) -> list[int]:
    ids = [int(a) for a in split(work[4])]
    if not ids:  # the work names nobody: its editions may
        ids = list(dict.fromkeys(int(a) for e in editions for a in split(e[4])))
    return ids


def _index_rows(batch: WorkBatch, names: Names) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(``work_info`` rows, full-text rows) of a batch of works: author names, edition counts,
    first years, and every title and name folded for the index (in a worker process when the
    build has several: folding is most of this step's time)."""
    updates = []
    rows = []
    for work, editions in batch:
        people = [names[a] for a in _work_authors(work, editions) if a in names]
        years = [y for y in (work[5], *(e[5] for e in editions)) if y]
        titles = [work[1], work[2], *split(work[3])]
        for e in editions:
            titles += [e[1], e[2], *split(e[3])]
        first_year = min(years) if years else None
        own_words = len(query_terms(f"{work[1]} {work[2] or ''}"))
        updates.append((work[0], len(editions), first_year, join(n for n, _ in people), own_words))
        authors = index_text([n for n, _ in people] + [o for _, others in people for o in split(others)])
        rows.append((work[0], index_text([work[1]]), index_text(titles), authors))
    return updates, rows


def _indexed(
    db: sqlite3.Connection,
    run: Callable[[list[tuple[WorkBatch, Names]]], Callable[[], Iterable[Any]]],
    rounds: int,
) -> Iterator[int]:
    """Index every work, ``rounds`` batches at a time; yields the works done after each round.

    ``run`` starts the folding of a round and returns how to wait for its rows: this process
    keeps :data:`ROUNDS_AHEAD` rounds with the workers while it writes the oldest one.
    """
    after = -(1 << 62)
    waiting: collections.deque[tuple[list[tuple[WorkBatch, Names]], Callable[[], Iterable[Any]]]]
    waiting = collections.deque()
    more = True
    while more or waiting:
        while more and len(waiting) < ROUNDS_AHEAD:
            round_: list[tuple[WorkBatch, Names]] = []
            for _ in range(rounds):
                batch = _works_with_editions(db, after, INDEX_BATCH)
                if not batch:
                    more = False
                    break
                after = batch[-1][0][0]
                wanted = {a for work, editions in batch for a in _work_authors(work, editions)}
                round_.append((batch, _author_names(db, wanted)))
            if round_:
                waiting.append((round_, run(round_)))
        if not waiting:
            return
        previous, result = waiting.popleft()
        for (batch, _), (info, rows) in zip(previous, result(), strict=True):
            db.executemany("INSERT INTO work_info VALUES (?, ?, ?, ?, ?)", info)
            db.executemany("INSERT INTO search (rowid, title, titles, authors) VALUES (?, ?, ?, ?)", rows)
            yield len(batch)


def _index(
    db: sqlite3.Connection,
    filters: BuildFilter,
    report: Callable[[int, int], None],
    pool: Pool | None,
    jobs: int,
) -> dict[str, int]:
    """The index step (see the module docstring); returns what the catalogue holds."""
    db.executescript(DERIVED)
    db.execute("BEGIN")
    # An edition whose work is not in the dumps is a work of its own (a negative id keeps it
    # apart from real work keys).
    orphan = "work_id IS NULL OR NOT EXISTS (SELECT 1 FROM works w WHERE w.id = editions.work_id)"
    db.execute(
        "INSERT OR REPLACE INTO works (id, revision, title, subtitle, other_titles, author_ids)"
        f" SELECT -id, revision, title, subtitle, other_titles, author_ids FROM editions WHERE {orphan}"
    )
    db.execute(f"UPDATE editions SET work_id = -id WHERE {orphan}")
    has_editions = db.execute("SELECT EXISTS (SELECT 1 FROM editions)").fetchone()[0]
    if filters.active and has_editions:
        db.execute("DELETE FROM works WHERE NOT EXISTS (SELECT 1 FROM editions e WHERE e.work_id = works.id)")
    db.execute("COMMIT")

    (total,) = db.execute("SELECT count(*) FROM works").fetchone()
    done = 0
    db.execute("BEGIN")

    def run(round_: list[tuple[WorkBatch, Names]]) -> Callable[[], Iterable[Any]]:
        if pool is None:
            rows = list(itertools.starmap(_index_rows, round_))
            return lambda: rows
        return pool.starmap_async(_index_rows, round_).get

    for count in _indexed(db, run, rounds=2 * jobs):
        done += count
        report(done, total)
    # Every ISBN of every edition (the column holds them comma-separated), as integers.
    db.execute(
        "INSERT INTO isbns SELECT CAST(j.value AS INTEGER), e.id FROM editions e,"
        " json_each('[' || e.isbns || ']') j WHERE e.isbns IS NOT NULL ON CONFLICT DO NOTHING"
    )
    db.execute("INSERT INTO search (search) VALUES ('optimize')")
    db.execute("DELETE FROM progress")
    counts = {
        "works": db.execute("SELECT count(*) FROM works").fetchone()[0],
        "editions": db.execute("SELECT count(*) FROM editions").fetchone()[0],
        "authors": db.execute("SELECT count(*) FROM authors").fetchone()[0],
        "isbns": db.execute("SELECT count(*) FROM isbns").fetchone()[0],
    }
    db.execute("COMMIT")
    return {k: int(v) for k, v in counts.items()}


def _can_spawn() -> bool:
    """Whether worker processes can be spawned: they import the main module again, which a
    program read from standard input does not have as a file."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return main is None or Path(main).is_file()


def build_catalog(
    dumps: Sequence[Path],
    path: Path,
    *,
    filters: BuildFilter | None = None,
    progress: ProgressCallback | None = None,
    commit_every: int = COMMIT_EVERY,
    jobs: int | None = None,
) -> BuildReport:
    """Build the catalogue at ``path`` from Open Library dump files (see the module docstring).

    Args:
        dumps: Dump files, gzip or plain, in any order.
        path: Where the catalogue goes; an existing one is replaced only once the new one is
            complete.
        filters: Which editions to keep (default: all).
        progress: Called as the build advances (from the calling thread).
        commit_every: Lines between two commits (what a killed build can lose).
        jobs: Processes parsing the records (JSON decoding is most of a build's time);
            default: one per CPU (for inputs of more than a few MB). 1 parses in this process.

    Raises:
        InputError: a dump is missing, unreadable or damaged.
        ConfigError: no dumps given, or another build is writing the same catalogue.
    """
    if not dumps:
        raise ConfigError("give at least one dump file")
    filters = filters or BuildFilter()
    started = time.perf_counter()
    for dump in dumps:
        if not dump.is_file():
            raise InputError(f"{dump}: no such file")
        if is_database(dump):
            raise InputError(f"{dump}: is a catalogue database, not a dump file")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_path(path)
    sizes = [d.stat().st_size for d in dumps]
    total = sum(sizes)
    show = progress or (lambda status: None)
    db, done = _open_partial(partial, _signature(dumps, filters))
    if jobs is None:
        jobs = (os.cpu_count() or 1) if total > SMALL_DUMP_BYTES and _can_spawn() else 1
    # Spawned, not forked: a forked child would share this process's open SQLite handle.
    pool = multiprocessing.get_context("spawn").Pool(jobs) if jobs > 1 else None

    def parse(chunks: Iterable[list[bytes]]) -> Iterator[_Batch]:
        task = functools.partial(_parse_lines, filters=filters)
        return pool.imap(task, chunks) if pool is not None else map(task, chunks)

    try:
        resumed = sum(lines for lines, _ in done.values())
        read_before = 0
        lines_before = 0
        for file, dump in enumerate(dumps):
            skip, finished = done.get(file, (0, False))
            if finished:
                read_before += sizes[file]
                lines_before += skip
                continue

            def report(
                lines: int, position: int, *, _base: int = read_before, _prior: int = lines_before
            ) -> None:
                show(BuildProgress("load", _prior + lines, _base + position, total))

            lines_before += _load_file(db, dump, file, skip, parse, commit_every, report)
            read_before += sizes[file]
        def index_report(works: int, of: int) -> None:
            show(BuildProgress("index", lines_before, total, total, works, of))

        counts = _index(db, filters, index_report, pool, jobs)
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [
                    ("counts", json.dumps(counts)),
                    ("inputs", json.dumps([d.name for d in dumps])),
                    ("filters", json.dumps(filters.to_json())),
                    ("built_at", datetime.now(UTC).isoformat(timespec="seconds")),
                    ("build_id", uuid.uuid4().hex),
                    ("state", "complete"),
                ],
            )
        db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, readable read-only
    finally:
        if pool is not None:
            pool.terminate()
        db.close()
    os.replace(partial, path)
    show(BuildProgress("done", lines_before, total, total))
    return BuildReport(
        path=path,
        lines=lines_before,
        resumed_lines=resumed,
        seconds=time.perf_counter() - started,
        **counts,
    )


def database_for(path: Path, *, cache_dir: Path) -> Path:
    """The catalogue database for ``path``: ``path`` itself if it is one; for a (small) dump
    file, a catalogue built from it once and kept in ``cache_dir`` (rebuilt if the dump
    changes). That is how ``--catalog examples/...`` works with no build step.

    Raises:
        ConfigError: no such file, or a dump too large to build on the fly.
    """
    if not path.is_file():
        raise ConfigError(f"no catalogue at {path}; build one with: bibkit catalog build DUMP...")
    if is_database(path):
        return path
    stat = path.stat()
    if stat.st_size > MAX_IMPLICIT_DUMP_BYTES:
        raise ConfigError(
            f"{path} is a large dump: build a catalogue from it first with "
            f"bibkit catalog build {path} (then use the catalogue, or the default one)"
        )
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{FORMAT}".encode()).hexdigest()
    target = cache_dir / "catalogs" / f"{key[:24]}.sqlite"
    if not target.exists():
        try:
            build_catalog([path], target, jobs=1)
        except ConfigError:
            # Another process (a --jobs worker) is building the same one: use it when done.
            deadline = time.monotonic() + 120
            while not target.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            if not target.exists():
                raise
    return target
