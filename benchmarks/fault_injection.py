"""How resolution ends when the service misbehaves: faults, stalls, a trickle, a dead host.

Resolves 50 mentions (``tests/servers/bulk.py``: one work and one edition each) against the
fake Open Library on 127.0.0.1 (``tests/servers/openlibrary.py``), once cleanly and once per
kind of trouble, each run with a fresh cache:

- ``faults 10%`` / ``faults 30%``: that share of requests answered 503, 429, cut short
  (truncated JSON) or stalled past the timeout, in equal parts (``tests/servers/faults.py``);
- ``stalls``: 20 % of requests stalled past the timeout;
- ``trickle``: a host that answers 64 bytes every 4 s (each read within the timeout, the whole
  answer never within it: ``tests/servers/stalls.py``);
- ``dead host``: a host that accepts connections and never answers.

For each run it prints the mentions resolved / not found / in error, the wall time, the
requests the server saw, and the differences from the clean run: mentions whose status or
chosen edition differ, split into errors (a failure said so) and wrong answers (a failure
turned into a different answer: must be 0). The trickle and dead-host runs use bibkit's
default timeout (20 s) and retries (3): the bar is 30 s for 50 mentions.

Run from the project root: ``python benchmarks/fault_injection.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bibkit.config import Config  # noqa: E402
from bibkit.errors import SourceUnavailable  # noqa: E402
from bibkit.model import Mention, Resolution, Status  # noqa: E402
from bibkit.session import Session  # noqa: E402
from tests.servers.bulk import bulk_books  # noqa: E402
from tests.servers.faults import Faults  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.stalls import StallingServer  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    name: str
    results: list[Resolution]
    wall_s: float
    requests: int
    raised: str | None = None


def _faults(rate: float, stall_s: float) -> Faults:
    part = rate / 4
    return Faults(
        error_rate=part,
        throttle_rate=part,
        truncate_rate=part,
        timeout_rate=part,
        stall_s=stall_s,
        retry_after="1",
    )


@contextmanager
def _fake(catalog_n: int, faults: Faults | None) -> Iterator[tuple[str, Callable[[], int]]]:
    catalog, _ = bulk_books(catalog_n)
    with FakeServices(catalog) as server:
        if faults is not None:
            faults.install(server)
        yield server.url, lambda: len(server.requests)


@contextmanager
def _stalling(mode: str) -> Iterator[tuple[str, Callable[[], int]]]:
    with StallingServer(mode, chunk=64, every_s=4.0, size=4096) as server:
        yield server.url, lambda: server.requests


def _run(name: str, url: str, count: Callable[[], int], mentions: list[Mention], config: Config) -> Outcome:
    with tempfile.TemporaryDirectory() as cache:
        config = config.replace(openlibrary_url=url, cache_dir=Path(cache))
        started = time.monotonic()
        raised = None
        with Session(config) as session:
            try:
                results = session.resolve(mentions)
            except SourceUnavailable as err:  # every mention failed: one error, as the CLI says
                raised = str(err)
                results = [Resolution(mention=m, status=Status.ERROR, reason=raised) for m in mentions]
        return Outcome(name, results, time.monotonic() - started, count(), raised)


def _differences(run: Outcome, clean: Outcome) -> tuple[int, int]:
    errors = wrong = 0
    for got, want in zip(run.results, clean.results, strict=True):
        same = got.status is want.status and (got.book and got.book.isbn13) == (
            want.book and want.book.isbn13
        )
        if same:
            continue
        if got.status is Status.ERROR:
            errors += 1
        else:
            wrong += 1
    return errors, wrong


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=50, help="mentions per run (default 50, at most 100)")
    parser.add_argument(
        "--timeout", type=float, default=2.0, help="timeout_s of the fault and stall runs (default 2 s)"
    )
    parser.add_argument("--seed", type=int, default=5, help="seed of the injected faults")
    args = parser.parse_args(argv)
    _, mentions = bulk_books(args.mentions)
    base = Config.load(sources=("openlibrary",), use_cache=True)
    quick = base.replace(timeout_s=args.timeout)
    stall_s = args.timeout * 1.5

    runs: list[tuple[str, Callable[[], object], Config]] = [
        ("clean", lambda: _fake(args.mentions, None), quick),
        ("faults 10%", lambda: _fake(args.mentions, _faults(0.10, stall_s)), quick),
        ("faults 30%", lambda: _fake(args.mentions, _faults(0.30, stall_s)), quick),
        ("stalls 20%", lambda: _fake(args.mentions, Faults(timeout_rate=0.2, stall_s=stall_s)), quick),
        ("trickle", lambda: _stalling("trickle"), base),
        ("dead host", lambda: _stalling("dead"), base),
    ]
    outcomes: list[Outcome] = []
    for name, server, config in runs:
        with server() as (url, count):  # type: ignore[attr-defined]
            outcomes.append(_run(name, url, count, mentions, config))
        print(f"... {name}: {outcomes[-1].wall_s:.1f} s", file=sys.stderr, flush=True)

    clean = outcomes[0]
    print(
        f"{len(mentions)} mentions per run; fault/stall runs: timeout {args.timeout:g} s, "
        f"retries {quick.retries}; trickle/dead host: timeout {base.timeout_s:g} s, retries {base.retries}"
    )
    columns = f"{'resolved':>8} {'not found':>9} {'errored':>7} {'wall s':>7} {'requests':>8}"
    header = f"{'run':<12} {columns}  differences"
    print(header)
    print("-" * len(header))
    for run in outcomes:
        statuses = [r.status for r in run.results]
        errors, wrong = _differences(run, clean)
        differences = "-" if run is clean else f"{errors + wrong} ({errors} errors, {wrong} wrong answers)"
        print(
            f"{run.name:<12} {statuses.count(Status.RESOLVED):>8} {statuses.count(Status.NOT_FOUND):>9} "
            f"{statuses.count(Status.ERROR):>7} {run.wall_s:>7.1f} {run.requests:>8}  {differences}"
        )
    for run in outcomes:
        reasons = sorted({r.reason for r in run.results if r.status is Status.ERROR})
        if reasons:
            print(f"{run.name}: {len(reasons)} error reason(s), e.g. {reasons[0]!r}")


if __name__ == "__main__":
    main()
