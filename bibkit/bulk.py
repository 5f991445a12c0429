"""Resolving many inputs at once, on several processes (``--jobs N``).

An input is a text, whose mentions are extracted (in the worker: extraction costs CPU too), or
a bibliography's entries, resolved as :meth:`Session.resolve` resolves them (a book looked up,
any other kind kept as written: :func:`bibkit.formats.inputs.kept_as_given`).

Resolution against a local catalogue is bound by the CPU (scoring in Python), so threads do
not add speed there: processes do. Each worker process opens its own Session (and so its own
read-only handle on the catalogue) for a share of the texts and returns their resolutions.

The services' rate limits are per machine, not per process: each of ``N`` workers gets
``1/N`` of every host's rate and concurrency, so ``--jobs`` never makes bibkit ask a service
faster than one process would. Caches are shared through their files.

For corpora bigger than one machine, the same steps run on a Dask cluster:
``examples/dask_resolve.py``.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Unpack

from bibkit import judge
from bibkit.catalog import database_for
from bibkit.config import Config
from bibkit.errors import ConfigError, SourceUnavailable
from bibkit.formats.inputs import kept_as_given, to_search
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.options import ResolveKwargs
from bibkit.session import Session, mentions_of

__all__ = ["CHUNKS_PER_JOB", "Input", "resolve_many", "worker_config"]

Input = str | Sequence[Mention | Book]
"""A text (its mentions are extracted), or mentions already made, or a bibliography's entries."""

CHUNKS_PER_JOB = 4
"""Shares of the texts per worker: small enough to even out, few enough that opening a
Session per share costs nothing worth counting."""


def worker_config(config: Config, jobs: int) -> Config:
    """``config`` for one of ``jobs`` workers: a ``1/jobs`` share of each host's rate limit,
    concurrency cap and thread pool."""
    return config.replace(
        rate_limits={host: rate / jobs for host, rate in config.rate_limits.items()},
        host_concurrency={host: max(1, cap // jobs) for host, cap in config.host_concurrency.items()},
        max_workers=max(1, config.max_workers // jobs),
    )


def _resolve_share(
    session: Session,
    items: Sequence[Input],
    options: ResolveKwargs,
    *,
    alone: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[Resolution]]:
    """Extract and resolve ``items`` in ``session``: the same book in two inputs is resolved once.

    A share that is not ``alone`` (one of several) hands back a failure of all its lookups as
    error resolutions, for :func:`resolve_many` to weigh with the other shares' results.
    """
    mentions = [mentions_of(item, session.config.model) for item in items]
    flat = [m for found in mentions for m in found]
    try:
        resolved = session.resolve(flat, progress=progress, **options)
    except SourceUnavailable as err:
        if alone:
            raise
        failed = [
            kept_as_given(m) or Resolution(mention=to_search(m), status=Status.ERROR, reason=str(err))
            for m in flat
        ]
        resolved = judge.confirmed(failed)
    # Each input's share: the resolutions come in the mentions' order, less the doubtful
    # mentions the catalogue did not confirm (an entry of a bibliography is never doubtful).
    out: list[list[Resolution]] = [[] for _ in items]
    left = iter(resolved)
    current = next(left, None)
    for n, found in enumerate(mentions):
        for mention in found:
            if current is not None and (isinstance(mention, Book) or current.mention is mention):
                out[n].append(current)
                current = next(left, None)
    return out


def _worker_share(config: Config, items: Sequence[Input], options: ResolveKwargs) -> list[list[Resolution]]:
    """One worker process's share, in a Session of its own (sessions do not cross processes)."""
    with Session(config) as session:
        return _resolve_share(session, items, options, alone=False)


def resolve_many(
    session: Session,
    texts: Sequence[Input],
    *,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    **options: Unpack[ResolveKwargs],
) -> list[list[Resolution]]:
    """What :meth:`bibkit.Session.resolve_texts` does (see there): ``session`` resolves in
    this process; ``jobs`` above 1 open a Session of its configuration in each worker."""
    if jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, not {jobs}")
    if jobs == 1 or len(texts) < 2:
        return _resolve_share(session, texts, options, progress=progress)
    config = session.config
    if config.catalog is not None:
        # A small dump given as the catalogue is built once, here, not in every worker.
        config = config.replace(catalog=database_for(config.catalog, cache_dir=config.cache_dir))
    shares = min(len(texts), jobs * CHUNKS_PER_JOB)
    bounds = [round(i * len(texts) / shares) for i in range(shares + 1)]
    share_config = worker_config(config, jobs)
    sent = options.copy()
    if sources := options.get("sources"):
        sent["sources"] = list(sources)  # a list, not an iterator: it goes to other processes
    results: list[list[Resolution]] = [[] for _ in texts]
    done = 0
    report = progress or (lambda done, total: None)
    report(0, len(texts))
    # Workers come from a fresh server process, not forked from this one: a fork of a process
    # whose OpenMP pool has run (the mention finder's model) can hang in the child.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(_worker_share, share_config, texts[a:b], sent): a
            for a, b in itertools.pairwise(bounds)
            if b > a
        }
        for future in as_completed(futures):
            start = futures[future]
            for i, resolutions in enumerate(future.result()):
                results[start + i] = resolutions
            done += len(future.result())
            report(done, len(texts))
    looked_up = [r for found in results for r in found if r.status is not Status.KEPT]
    if looked_up and all(r.status is Status.ERROR for r in looked_up):
        raise SourceUnavailable(looked_up[0].reason)
    return results
