"""How fast bibkit resolves 1,000 mentions without asking a service for more than it allows.

Starts the fake Open Library on 127.0.0.1 serving the real catalogue records
(``tests/servers/real_catalog.py``: ~6,200 Open Library works and ~11,000 Goodreads editions
from ``shared/data/catalog/``), with injected latency and a server-side rate limit (429 past it,
like Open Library's nginx). Resolves "Author, Title" mentions of the first 1,000 works of
``open_library_checkpoint_10.json`` and prints:

- requests per mention, wall time, and the lower bound that latency, the concurrency cap and the
  rate limit allow (with their ratio), and the client's CPU time per mention (the server runs
  in a process of its own, so its work does not hold the client's interpreter);
- a second run on the same cache (should make 0 requests);
- a sequential baseline: one request at a time, one ISBN per Books API call, no cache, as
  isbnlib works (without isbnlib's extra 1 s sleep between calls);
- with ``--cpu``, the client's CPU per mention on one thread, with and without the HTTP cache,
  split into the HTTP layer (requests, the cache, JSON) and resolution (parsing, scoring);
- with ``--faults``, a run with 10 % injected faults (5xx, stalls past the timeout, truncated
  JSON, 429) reporting how every mention ended.

Run from the project root: ``python benchmarks/resolution_speed.py`` (``--help`` for options).
The shared data is found as ``$BIBKIT_SHARED_DIR`` or ``../shared`` beside the project.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bibkit.config import Config  # noqa: E402
from bibkit.model import Mention, Resolution, Status  # noqa: E402
from bibkit.resolve import ResolveOptions, search_one  # noqa: E402
from bibkit.session import Session  # noqa: E402
from tests.servers.catalog import Catalog  # noqa: E402
from tests.servers.faults import Faults  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.real_catalog import load_real_catalog  # noqa: E402

CATALOG_FILE = "data/catalog/openlibrary-political-subjects/open_library_checkpoint_10.json"
HOST = "127.0.0.1"


class ServerProcess:
    """The fake services with their faults in a child process (forked, so the catalogue is
    not copied): the client's timings and CPU time are then the client's alone."""

    def __init__(self, catalog: Catalog, faults: Faults) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=self._serve, args=(catalog, faults, child), daemon=True)
        self._process.start()
        self.url: str = self._conn.recv()

    @staticmethod
    def _serve(catalog: Catalog, faults: Faults, conn: Connection) -> None:
        with FakeServices(catalog) as server:
            faults.install(server)
            conn.send(server.url)
            while conn.recv() == "count":
                conn.send((len(server.requests), dict(faults.served)))

    def counts(self) -> tuple[int, dict[str, int]]:
        """Requests served so far, and the faults' tally by kind."""
        self._conn.send("count")
        requests, served = self._conn.recv()
        return requests, served

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._process.join(timeout=5)


def shared_dir() -> Path:
    path = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    if not (path / CATALOG_FILE).is_file():
        sys.exit(
            f"resolution_speed: shared data not found at {path / CATALOG_FILE}; "
            "set BIBKIT_SHARED_DIR to the shared folder"
        )
    return path


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def mentions_from(path: Path, limit: int) -> list[Mention]:
    """ "Author, Title" mentions of the first ``limit`` distinct works of the checkpoint file
    that name an author."""
    mentions: list[Mention] = []
    seen: set[tuple[str, str]] = set()
    for record in json.loads(path.read_text(encoding="utf-8")):
        title = _clean(str(record.get("title") or ""))
        authors = [_clean(a) for a in record.get("authors") or [] if _clean(a)]
        if not title or not authors or (title, authors[0]) in seen:
            continue
        seen.add((title, authors[0]))
        text = f"{authors[0]}, {title}"
        mentions.append(Mention(text=text, start=0, end=len(text), title=title, author=authors[0]))
        if len(mentions) == limit:
            break
    return mentions


def config_for(server: ServerProcess, cache_dir: Path, args: argparse.Namespace, **changes: object) -> Config:
    base = Config(
        openlibrary_url=server.url,
        sources=("openlibrary",),
        cache_dir=cache_dir,
        rate_limits={HOST: args.rate},
        host_concurrency={HOST: args.concurrency},
        max_workers=args.concurrency,
        timeout_s=args.timeout,
        backoff_s=0.1,
    )
    return base.replace(**changes)


def show(label: str, value: object) -> None:
    print(f"  {label + ':':<22}{value}")


def outcome(results: Sequence[Resolution]) -> str:
    counts = Counter(r.status.value for r in results)
    return ", ".join(f"{counts[s.value]} {s.value}" for s in Status if counts[s.value])


def timed_resolve(config: Config, mentions: Sequence[Mention]) -> tuple[list[Resolution], float, int, float]:
    """Resolutions, wall time, requests the client sent, and the client's CPU seconds."""
    with Session(config) as session:
        start = time.perf_counter()
        cpu = time.process_time()
        results = session.resolve(mentions)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - start
        sent = session.http.stats.total_requests
    return results, wall, sent, cpu


def baseline(
    server: ServerProcess, cache_dir: Path, args: argparse.Namespace, mentions: Sequence[Mention]
) -> float:
    """One request at a time; each chosen edition looked up on its own (no batching, no cache)."""
    config = config_for(server, cache_dir, args, use_cache=False, max_workers=1)
    options = ResolveOptions()
    with Session(config) as session:
        sources = session.sources()
        start = time.perf_counter()
        for mention in mentions:
            result = search_one(mention, sources, options)
            if result.book and result.book.isbn13:
                for source in sources:
                    source.by_isbns([result.book.isbn13])
        return time.perf_counter() - start


def cpu_per_mention(
    server: ServerProcess, cache_dir: Path | None, args: argparse.Namespace, mentions: Sequence[Mention]
) -> tuple[float, float]:
    """The client's CPU seconds per mention on one thread, in all and in the HTTP layer
    (requests, the HTTP cache, JSON decoding); the rest is parsing, scoring and deciding."""
    config = config_for(server, cache_dir or Path(), args, use_cache=cache_dir is not None, max_workers=1)
    options = ResolveOptions()
    in_http = 0.0
    with Session(config) as session:
        get_json = session.http.get_json

        def timed(*call: Any, **keywords: Any) -> Any:
            nonlocal in_http
            start = time.thread_time()
            try:
                return get_json(*call, **keywords)
            finally:
                in_http += time.thread_time() - start

        session.http.get_json = timed  # type: ignore[method-assign]
        sources = session.sources()
        start = time.thread_time()
        for mention in mentions:
            search_one(mention, sources, options)
        total = time.thread_time() - start
    return total / len(mentions), in_http / len(mentions)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentions", type=int, default=1000, help="mentions to resolve (default 1000)")
    parser.add_argument("--latency", type=float, nargs=2, default=(0.05, 0.10), metavar=("MIN", "MAX"))
    parser.add_argument("--rate", type=float, default=50.0, help="requests/s, server limit and client limit")
    parser.add_argument("--burst", type=int, default=10, help="server-side burst before 429")
    parser.add_argument("--concurrency", type=int, default=8, help="per-host cap and worker threads")
    parser.add_argument("--timeout", type=float, default=2.0, help="client timeout per request, seconds")
    parser.add_argument(
        "--baseline-mentions", type=int, default=200, help="mentions in the sequential baseline"
    )
    parser.add_argument("--faults", action="store_true", help="also run with 10%% injected faults")
    parser.add_argument(
        "--cpu", action="store_true", help="also break the client's CPU per mention down, on one thread"
    )
    args = parser.parse_args(argv)

    shared = shared_dir()
    catalog = load_real_catalog(shared).catalog
    mentions = mentions_from(shared / CATALOG_FILE, args.mentions)
    lat_lo, lat_hi = args.latency
    mean_latency = (lat_lo + lat_hi) / 2
    print(f"catalogue: {len(catalog.works)} works (real_catalog.py: Open Library and Goodreads records)")
    print(f"mentions:  {len(mentions)} 'Author, Title' of the first works in {CATALOG_FILE}")
    print(
        f"server:    latency {lat_lo * 1000:.0f}-{lat_hi * 1000:.0f} ms, limit {args.rate:g} req/s "
        f"(burst {args.burst}, then 429 + Retry-After: 1)"
    )
    print(
        f"client:    rate limit {args.rate:g} req/s, {args.concurrency} in flight per host, "
        f"{args.concurrency} worker threads, timeout {args.timeout:g} s"
    )

    with tempfile.TemporaryDirectory(prefix="bibkit-bench-") as tmp:
        tmp_path = Path(tmp)
        faults = Faults(latency_s=(lat_lo, lat_hi), rate_limit=args.rate, burst=args.burst)
        with ServerProcess(catalog, faults) as server:
            config = config_for(server, tmp_path / "cache", args)

            results, wall, _, cpu = timed_resolve(config, mentions)
            served, tally = server.counts()
            rate_bound = max(0, served - 1) / args.rate
            latency_bound = served * mean_latency / args.concurrency
            bound = max(rate_bound, latency_bound)
            print("\nfirst run (empty cache)")
            show("outcome", outcome(results))
            show("requests", f"{served} ({served / len(mentions):.3f} per mention)")
            show("429s received", tally.get("rate", 0))
            show("wall time", f"{wall:.2f} s")
            show("rate bound", f"{served - 1} / {args.rate:g} req/s = {rate_bound:.2f} s")
            show(
                "latency bound",
                f"{served} x {mean_latency * 1000:.0f} ms / {args.concurrency} = {latency_bound:.2f} s",
            )
            show("wall / lower bound", f"{wall / bound:.3f}")
            show("client CPU", f"{cpu:.2f} s ({cpu * 1000 / len(mentions):.2f} ms per mention)")

            again, wall2, sent2, _ = timed_resolve(config, mentions)
            assert again == results, "a cached rerun must give the same answers"
            print("\nsecond run (same cache)")
            show("requests", f"{server.counts()[0] - served} (client counted {sent2})")
            show("wall time", f"{wall2:.3f} s ({wall2 * 1000 / len(mentions):.3f} s per 1,000 mentions)")

            n = min(args.baseline_mentions, len(mentions))
            before = server.counts()[0]
            base_wall = baseline(server, tmp_path / "baseline", args, mentions[:n])
            base_requests = server.counts()[0] - before
            per_mention = base_wall / n
            scaled = per_mention * len(mentions)
            print(f"\nsequential baseline ({n} mentions, one request at a time, no batching, no cache)")
            show("requests", f"{base_requests} ({base_requests / n:.3f} per mention)")
            show("wall time", f"{base_wall:.2f} s ({per_mention * 1000:.0f} ms per mention)")
            show(
                f"for {len(mentions)} mentions",
                f"{scaled:.1f} s" + (" (scaled)" if n < len(mentions) else ""),
            )
            show("bibkit speed-up", f"{scaled / wall:.1f}x")

            if args.cpu:
                print("\nclient CPU per mention on one thread (search and decide; no enrichment)")
                for label, where in (("no HTTP cache", None), ("HTTP cache", tmp_path / "cpu")):
                    total, in_http = cpu_per_mention(server, where, args, mentions)
                    show(
                        label,
                        f"{total * 1000:.2f} ms: HTTP layer {in_http * 1000:.2f} ms, "
                        f"resolution {(total - in_http) * 1000:.2f} ms",
                    )

        if args.faults:
            run_with_faults(catalog, mentions, tmp_path, args)


def run_with_faults(
    catalog: Catalog, mentions: Sequence[Mention], tmp_path: Path, args: argparse.Namespace
) -> None:
    faults = Faults(
        latency_s=(args.latency[0], args.latency[1]),
        rate_limit=args.rate,
        burst=args.burst,
        error_rate=0.04,
        timeout_rate=0.02,
        stall_s=1.5,
        truncate_rate=0.02,
        throttle_rate=0.02,
    )
    with ServerProcess(catalog, faults) as server:
        config = config_for(server, tmp_path / "faults", args, timeout_s=0.5)
        results, wall, _, _ = timed_resolve(config, mentions)
        reasons = Counter(
            re.sub(r"127\.0\.0\.1:\d+", "HOST", r.reason) for r in results if r.status is Status.ERROR
        )
        print("\nwith 10 % faults (4 % 503, 2 % stalls past a 0.5 s timeout, 2 % truncated JSON, 2 % 429)")
        show("injected", dict(sorted(server.counts()[1].items())))
        show("reported", f"{len(results)} of {len(mentions)} mentions: {outcome(results)}")
        for reason, count in reasons.most_common():
            print(f"    {count} x {reason}")
        show("wall time", f"{wall:.2f} s")


if __name__ == "__main__":
    main()
