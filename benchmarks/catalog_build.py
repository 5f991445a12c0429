"""The local catalogue at a million editions: import rate, size, query latency, resolution
throughput and quality, with no network.

1. Writes a gzip all-types dump of ``--editions`` editions (default 1,000,000) made from the
   real records in ``<shared>/data/catalog/`` with variations (``tests/servers/variations.py``)
   into ``--dir`` (default: a ``bibkit-bench`` folder in the system's temp directory; kept for
   the next run, never in the project).
2. Builds a catalogue from it and prints dump lines/s, edition records/s, the time of each
   step, bytes on disk per edition, the full-text index's share, and the same extrapolated to
   the full dumps (:data:`FULL_EDITIONS`, :data:`FULL_WORKS`, :data:`FULL_AUTHORS`).
3. Resolves 1,000 "Author, Title" mentions of real works against it on one core: latency
   p50/p99 of the local search and of a whole resolution, mentions/s, and the requests sent to
   a (loopback) Open Library when the catalogue is consulted first.
4. Quality, side by side: the annotated mentions of ``benchmarks/resolution_quality.py``
   resolved by the online path against the live-service emulator and by the local source
   against a catalogue built from the same records: first the real records alone, then the
   million editions (the emulator serving the same varied catalogue).
5. Why SQLite FTS5: the same title queries as a scan without the index.

    python benchmarks/catalog_build.py [--editions N] [--dir DIR] [--skip-build] [--skip-quality]

Targets (issue 14): import ≥ 20,000 edition records/s; ≥ 500 mentions/s on one core;
0 requests against a catalogue that settles every mention; the same right-work rate as the
online path (±2 points).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))

from resolution_quality import is_right, mention_of, shared_dir  # noqa: E402
from resolution_speed import CATALOG_FILE, mentions_from  # noqa: E402

from bibkit.catalog import BuildProgress, build_catalog  # noqa: E402
from bibkit.catalog.reader import CatalogReader  # noqa: E402
from bibkit.catalog.terms import query_terms  # noqa: E402
from bibkit.config import Config  # noqa: E402
from bibkit.model import Resolution, Status  # noqa: E402
from bibkit.queries import search_title  # noqa: E402
from bibkit.resolve import ResolveOptions, search_one  # noqa: E402
from bibkit.session import Session  # noqa: E402
from bibkit.sources.base import EditionPreference  # noqa: E402
from bibkit.sources.local import LocalCatalog  # noqa: E402
from tests.servers.catalog import Catalog, Work  # noqa: E402
from tests.servers.dump import write_dump  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.real_catalog import GoldMention, RealCatalog, load_real_catalog  # noqa: E402
from tests.servers.variations import varied_works, write_varied_dump  # noqa: E402

FULL_EDITIONS = 40_000_000
FULL_WORKS = 30_000_000
FULL_AUTHORS = 14_000_000  # the authors dump, about 14 million records in 2025-26


def _percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _cpu_seconds() -> tuple[float, float]:
    """User and system time of this process, and of its finished children (the build's workers)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "not pinned (no sched_setaffinity here)"


def build(dump: Path, target: Path, editions: int, works: int, authors: int, lines: int) -> None:
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(status: BuildProgress) -> None:
        marks.setdefault(status.phase, time.perf_counter())

    target.unlink(missing_ok=True)
    own_before, workers_before = _cpu_seconds()
    report = build_catalog([dump], target, progress=progress)
    own_after, workers_after = _cpu_seconds()
    own, workers = own_after - own_before, workers_after - workers_before
    cpu = own + workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    total = report.seconds
    load = marks.get("index", started + total) - started
    index = total - load
    size = target.stat().st_size
    import sqlite3

    with sqlite3.connect(target) as db:
        fts = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'").fetchone()[0] or 0
    print(f"\n== import: {lines:,} dump lines ({editions:,} editions, {works:,} works, {authors:,} authors)")
    print(f"total {total:.1f} s: load {load:.1f} s, index {index:.1f} s")
    print(
        f"rate: {lines / total:,.0f} dump lines/s, {editions / total:,.0f} edition records/s over the whole"
        f" build (target ≥ 20,000); loading alone {lines / load:,.0f} lines/s"
    )
    print(
        f"CPU time {cpu:.1f} s ({own:.1f} s writing, {workers:.1f} s in the parsing workers;"
        f" {1e6 * cpu / lines:.0f} µs per line); on {cores} cores"
        f" used fully that is {editions / (cpu / cores):,.0f} edition records/s"
        f" (load average during the build: {os.getloadavg()[0]:.1f}; other jobs share this machine)"
    )
    print(
        f"size: {size / 1024**2:.0f} MB, {size / editions:.0f} bytes per edition, "
        f"{size / (editions + works):.0f} bytes per edition or work; full-text index {100 * fts / size:.0f} %"
    )
    full_lines = FULL_EDITIONS + FULL_WORKS + FULL_AUTHORS
    seconds = total / lines * full_lines
    full_size = size / (editions + works) * (FULL_EDITIONS + FULL_WORKS)
    print(
        f"extrapolated to the full dumps ({FULL_EDITIONS / 1e6:.0f} M editions,"
        f" {FULL_WORKS / 1e6:.0f} M works,"
        f" {FULL_AUTHORS / 1e6:.0f} M authors): build ≈ {seconds / 3600:.1f} h,"
        f" catalogue ≈ {full_size / 1024**3:.0f} GB"
        " (linear: lines and records scale alike; the B-trees grow a little slower than linearly)"
    )


def latency_and_throughput(catalog: Path, shared: Path) -> None:
    mentions = mentions_from(shared / CATALOG_FILE, 1000)
    core = _one_core()
    config = Config.load(catalog=catalog, use_cache=False, sources=("openlibrary",), sleep=False)
    with Session(config) as session:
        local = session.source("local")
        assert isinstance(local, LocalCatalog)
        reader: CatalogReader = local.reader
        times = []
        for m in mentions:
            t = time.perf_counter()
            local.search_editions(m, limit=10, prefer=EditionPreference())
            times.append(time.perf_counter() - t)
        print(f"\n== queries at this size, {len(mentions)} mentions, {core}")
        print(
            f"local search (FTS5 query, works, chosen editions): p50 {1000 * _percentile(times, 50):.2f} ms, "
            f"p99 {1000 * _percentile(times, 99):.2f} ms"
        )
        words = [query_terms(search_title(m.title)) for m in mentions[:200]]
        fts = []
        for w in words:
            t = time.perf_counter()
            reader.find_works(w, [], 10)
            fts.append(time.perf_counter() - t)
        scan = []
        for w in words[:20]:
            t = time.perf_counter()
            reader._all(
                "SELECT id FROM works WHERE " + " AND ".join("title LIKE ?" for _ in w) + " LIMIT 10",
                [f"%{x}%" for x in w],
            )
            scan.append(time.perf_counter() - t)
        print(
            f"title words alone: FTS5 index p50 {1000 * _percentile(fts, 50):.2f} ms, "
            f"p99 {1000 * _percentile(fts, 99):.2f} ms; the same as a table scan (LIKE) "
            f"p50 {1000 * _percentile(scan, 50):.0f} ms"
        )

    with FakeServices(Catalog()) as server:
        for workers in (1, 8):
            config = server.config(catalog=catalog, use_cache=False, max_workers=workers)
            with Session(config) as session:
                t = time.perf_counter()
                resolutions = session.resolve(mentions)
                elapsed = time.perf_counter() - t
            statuses = {s: sum(r.status is s for r in resolutions) for s in Status}
            print(
                f"resolution, {workers} thread{'s' * (workers > 1)}:"
                f" {len(mentions) / elapsed:,.0f} mentions/s "
                f"(target ≥ 500); {len(server.requests)} requests to Open Library for what the catalogue "
                f"left unsettled; " + ", ".join(f"{n} {s.value}" for s, n in statuses.items() if n)
            )
            server.requests.clear()
    offline = Config.load(catalog=catalog, use_cache=False, offline=True)
    with Session(offline) as session:
        sources = session.sources()
        single = []
        for m in mentions:
            t = time.perf_counter()
            search_one(m, sources, ResolveOptions())
            single.append(time.perf_counter() - t)
    print(
        f"one mention's search, scoring and decision: p50 {1000 * _percentile(single, 50):.2f} ms, "
        f"p99 {1000 * _percentile(single, 99):.2f} ms"
    )
    for workers in (1, 8):
        with Session(offline.replace(max_workers=workers)) as session:
            t, cpu = time.perf_counter(), time.process_time()
            session.resolve(mentions)
            rate = len(mentions) / (time.perf_counter() - t)
            per_cpu = len(mentions) / (time.process_time() - cpu)
        print(
            f"offline (local only), {workers} thread{'s' * (workers > 1)}: {rate:,.0f} mentions/s,"
            f" {per_cpu:,.0f} mentions per CPU-second (target ≥ 500 on one core); no request possible"
        )


def _outcome(resolution: Resolution, gold: GoldMention, real: RealCatalog) -> str:
    """As ``benchmarks/resolution_quality.py`` counts: right, wrong, missed (a book present
    not written) or handled (a book left out of the catalogue, not written)."""
    absent = gold.book in real.absent
    if resolution.status is Status.RESOLVED and resolution.book is not None:
        return "right" if not absent and is_right(resolution.book, gold, real) else "wrong"
    return "handled" if absent else "missed"


def _side_by_side(label: str, real: RealCatalog, catalog: Catalog, local_db: Path) -> None:
    """The annotated mentions resolved by the online path (the emulator serving ``catalog``) and
    by the local source (a catalogue built from the same records), side by side."""
    named = [g for g in real.mentions if g.named]
    mentions = [mention_of(g) for g in named]
    with FakeServices(catalog) as server, Session(server.config(use_cache=False)) as session:
        online = session.resolve(mentions)
        requests = len(server.requests)
    with Session(Config.load(catalog=local_db, use_cache=False, offline=True)) as session:
        local = session.resolve(mentions)
    present = sum(g.book not in real.absent for g in named)
    print(f"\n== quality, {label}: {len(named)} annotated mentions, {present} of books present")
    rates = []
    for name, resolutions, cost in (
        ("online emulator (openlibrary source)", online, f"{requests} requests"),
        ("local catalogue", local, "0 requests"),
    ):
        counts = Counter(_outcome(r, g, real) for g, r in zip(named, resolutions, strict=True))
        cells = "  ".join(f"{o} {counts[o]:4d}" for o in ("right", "wrong", "missed", "handled"))
        print(f"{name:<40} {cells}  {cost}")
        rates.append(counts["right"] / max(1, present))
    differ = sum(
        _outcome(a, g, real) != _outcome(b, g, real) for g, a, b in zip(named, online, local, strict=True)
    )
    print(
        f"right work of books present: online {100 * rates[0]:.1f} %, local {100 * rates[1]:.1f} %"
        f" ({100 * (rates[1] - rates[0]):+.1f} points; target within ±2); {differ} mentions end differently"
    )


def quality(real: RealCatalog, copies: Sequence[Work], big: Path, work_dir: Path) -> None:
    small = work_dir / "real.sqlite"
    build_catalog(write_dump(real.catalog, work_dir / "real-dump"), small)
    _side_by_side("the real records", real, real.catalog, small)
    _side_by_side("1 M editions", real, Catalog([*real.catalog.works, *copies]), big)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "bibkit-bench")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="use the catalogue the last run built")
    parser.add_argument("--regenerate", action="store_true", help="write the dump again even if it exists")
    args = parser.parse_args(argv)
    shared = shared_dir()
    args.dir.mkdir(parents=True, exist_ok=True)
    dump = args.dir / f"ol_dump_varied_{args.editions}.txt.gz"
    real = load_real_catalog(shared)
    t = time.perf_counter()
    copies = varied_works(real.catalog.works, editions=args.editions)
    counts = write_varied_dump(real.catalog.works, copies, dump, reuse=not args.regenerate)
    print(
        f"dump: {dump} ({counts.bytes / 1024**2:.0f} MB gzip, {counts.lines:,} lines) "
        f"ready in {time.perf_counter() - t:.0f} s; {os.cpu_count()} CPUs"
    )
    catalog = args.dir / f"catalog_{args.editions}.sqlite"
    if not (args.skip_build and catalog.exists()):
        build(dump, catalog, counts.editions, counts.works, counts.authors, counts.lines)
    latency_and_throughput(catalog, shared)
    if not args.skip_quality:
        quality(real, copies, catalog, args.dir)


if __name__ == "__main__":
    main()
