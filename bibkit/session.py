"""Session: owns the configuration, the shared HTTP client, the resolution cache and the sources.

Reuse one Session for batch work (one connection pool, one cache, one rate limiter);
the top-level functions in :mod:`bibkit.api` open a short-lived one per call.

:meth:`Session.resolve` is where speed comes from, without asking the services for more:

1. the same book named twice is resolved once;
2. mentions resolved before are answered from the resolution cache, with no request at all;
3. the ISBNs the mentions carry are looked up together, in the sources' batches (one request
   per 25 ISBNs at Open Library), and settle their mentions without a search;
4. the rest are searched in a thread pool (the HTTP layer keeps each host within its rate
   limit and concurrency cap, whatever the number of threads), a search that two mentions
   make alike (the same author's works, the same title's words) asked once;
5. as soon as enough searches have finished, their editions are completed by one batched ISBN
   lookup, while other searches are still running.

Results come back in input order.
"""

from __future__ import annotations

import dataclasses
import queue
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack, overload

from bibkit import judge, verify
from bibkit.cache import ResolutionCache, mention_key, resolution_key
from bibkit.config import Config, default_catalog_path
from bibkit.errors import BibkitError, ConfigError, SourceUnavailable
from bibkit.formats.inputs import kept_as_given, to_search
from bibkit.http import HttpClient
from bibkit.mentions.extract import extract
from bibkit.mentions.finder import Finder
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.options import (
    CheckFileKwargs,
    CheckZoteroKwargs,
    ExportKwargs,
    ExportZoteroKwargs,
    PushKwargs,
    PushToZoteroKwargs,
    ResolveKwargs,
    ZoteroLibraryKwargs,
    part,
)
from bibkit.resolve import IsbnLookup, ResolveOptions, SharedSearches, enrich, lookup_isbns, search_one
from bibkit.sources import Source, create
from bibkit.sources.base import Versioned
from bibkit.sources.registry import LOCAL, NETWORK_FREE
from bibkit.verify import CheckReport, Document

if TYPE_CHECKING:
    import os

    from bibkit.zotero import PushReport
    from bibkit.zotero.export import ExportReport

__all__ = ["ENRICH_BATCH", "ProgressCallback", "Session"]

# Resolved mentions whose ISBNs go into one enrichment step: one Open Library Books API request
# takes 25 bibkeys, so a step of 25 costs one request per source.
ENRICH_BATCH = 25

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` from the calling thread while mentions are resolved."""


class Session:
    """Configuration plus the shared HTTP layer and caches. A context manager; close it when done.

    Args:
        config: A :class:`Config`; default :meth:`Config.load` (file, then environment).
        **overrides: Config fields to override (e.g. ``openlibrary_url=...``).
    """

    def __init__(self, config: Config | None = None, **overrides: Any) -> None:
        base = config if config is not None else Config.load()
        self.config = base.replace(**overrides) if overrides else base
        self.http = HttpClient(self.config)
        self._sources: dict[str, Source] = {}
        self._cache: ResolutionCache | None = None

    def source(self, name: str) -> Source:
        if name not in self._sources:
            self._sources[name] = create(name, self.http, self.config.source_settings(name))
        return self._sources[name]

    def sources(self, names: Iterable[str] | None = None) -> list[Source]:
        """The sources to consult, in order: ``names``, else the configuration's.

        With the configuration's list, a local catalogue (``config.catalog``, or one built in
        the default place) comes first: the network is then asked only for what it cannot
        settle. Offline, only network-free sources are used.

        Raises:
            ConfigError: offline with a network source named, or with no local catalogue.
        """
        return [self.source(n) for n in self.source_names(names)]

    def source_names(self, names: Iterable[str] | None = None) -> list[str]:
        """The names :meth:`sources` uses (see there)."""
        chosen = list(names) if names else list(self.config.sources)
        if not names and LOCAL not in chosen and self.has_catalog:
            chosen.insert(0, LOCAL)
        if not self.config.offline:
            return chosen
        network = [n for n in chosen if n not in NETWORK_FREE]
        if names and network:
            raise ConfigError(
                f"offline: {', '.join(network)} needs the network; only the local catalogue works offline"
            )
        kept = [n for n in chosen if n in NETWORK_FREE]
        if not kept:
            raise ConfigError(
                "offline needs a local catalogue: build one with bibkit catalog build DUMP..., "
                "or give one with --catalog"
            )
        return kept

    @property
    def has_catalog(self) -> bool:
        """Whether a local catalogue is configured or built in the default place."""
        return self.config.catalog is not None or default_catalog_path().is_file()

    @property
    def cache(self) -> ResolutionCache | None:
        """The resolution cache, or ``None`` when caching is off (``use_cache=False``)."""
        if self._cache is None and self.config.use_cache:
            self._cache = ResolutionCache.for_config(self.config)
        return self._cache

    def resolve(
        self,
        items: str | Iterable[Mention | Book],
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[ResolveKwargs],
    ) -> list[Resolution]:
        """Resolve mentions (a ``str`` is extracted first), or the entries of a bibliography
        (:func:`bibkit.load_books`); one Resolution per item, in order.

        An entry of kind ``book`` is resolved to a catalogued edition; an entry of any other
        kind (an article, a chapter, a web page...) is not looked up in book catalogues but
        kept as written, with status ``kept`` and the reason
        (:func:`bibkit.formats.inputs.kept_as_given`).

        Extracting a text also yields its doubtful candidates (``Mention.doubtful``): each comes
        back only if the catalogue confirmed it by title and author (:func:`bibkit.judge.confirmed`).

        A mention whose search failed comes back with status ``error`` and the reason; the
        others are unaffected. Errors are not cached, so a rerun asks again. When every
        mention failed (no network, a service down), nothing is returned: the error is raised.

        Args:
            items: Text, mentions, or books read from a bibliography (mixed if need be).
            progress: Called as ``progress(done, total)`` as mentions finish.
            **options: How to resolve (:class:`bibkit.options.ResolveKwargs`: ``sources``,
                ``min_confidence``, ``edition``, ``language``, ``publisher``).

        Returns:
            One Resolution per item, in order (doubtful mentions only when confirmed).

        Raises:
            SourceUnavailable: No mention could be resolved because every lookup failed; the
                message names the service and the failure.
            ConfigError: A bad option (edition, language, confidence) or source name.
            TypeError: ``items`` is neither text nor mentions and books.
        """
        given = mentions_of(items, self.config.model)
        out: list[Resolution | None] = [kept_as_given(item) for item in given]
        todo = [i for i, done in enumerate(out) if done is None]
        results, failure = self._resolve(
            [to_search(given[i]) for i in todo],
            self.resolve_options(options),
            sources=options.get("sources"),
            progress=progress,
        )
        if failure is not None:
            # Nothing got through (typically no network): one error, not a list of failures.
            raise SourceUnavailable(failure)
        for i, resolution in zip(todo, results, strict=True):
            out[i] = resolution
        return judge.confirmed(r for r in out if r is not None)

    def resolve_texts(
        self,
        texts: Sequence[str | Sequence[Mention | Book]],
        *,
        jobs: int = 1,
        progress: ProgressCallback | None = None,
        **options: Unpack[ResolveKwargs],
    ) -> list[list[Resolution]]:
        """Resolve several inputs at once: one list of resolutions per input, in order, each
        as :meth:`resolve` resolves that input alone; what ``bibkit resolve`` and ``convert``
        do with several FILEs.

        The same book named in two inputs is looked up once. With ``jobs`` above 1 the inputs
        are shared among worker processes, each with a Session of this one's configuration
        and a ``1/jobs`` share of every service's rate limit (:mod:`bibkit.bulk`): the
        scoring against a local catalogue is bound by the CPU, and threads would not help.

        Args:
            texts: The inputs: texts, mentions already made, or a bibliography's entries.
            jobs: Worker processes; 1 resolves in this process, in this Session.
            progress: Called as ``progress(texts_done, texts_total)``; with one job, as
                ``progress(mentions_done, mentions_total)``.
            **options: How to resolve, as for :meth:`resolve`.

        Raises:
            ConfigError: ``jobs`` below 1, or a bad option.
            SourceUnavailable: Every lookup failed (no network, a service down), as for
                :meth:`resolve`: one error, not a list of identical failures.
        """
        from bibkit.bulk import resolve_many  # the worker processes' module needs Session

        return resolve_many(self, texts, jobs=jobs, progress=progress, **options)

    def lookup(self, queries: Iterable[str], **options: Unpack[ResolveKwargs]) -> list[Resolution]:
        """One Resolution per query (an ISBN, or "author title words"), in order, each for
        the reading of it that resolves best; see :func:`bibkit.lookup`."""
        from bibkit.lookup import lookup  # it resolves through this class

        return lookup(queries, session=self, **options)

    def resolve_options(self, options: ResolveKwargs) -> ResolveOptions:
        """The :class:`~bibkit.resolve.ResolveOptions` a call's keywords ask for, the one
        place where the configuration's preferences meet a call's.

        A preference given in the call wins, ``None`` included (``language=None``: no
        preference; ``publisher=None``: none; ``min_confidence=None``: the measured
        threshold). One left out is the configuration's (``edition``, ``language``,
        ``publisher``, ``min_confidence`` of the config file, the project's ``bibkit.toml``
        or the environment), as the README's configuration section promises and as the
        command line has always applied them; a configured ``min_confidence`` of ``None``
        keeps the default written in ``ResolveOptions``.

        Raises:
            ConfigError: A bad edition policy, language code or confidence.
        """
        config = self.config
        chosen: dict[str, Any] = {
            "edition": config.edition,
            "language": config.language,
            "publisher": config.publisher,
            "min_confidence": config.min_confidence,
        }
        chosen.update({k: v for k, v in options.items() if k in chosen})
        if chosen["min_confidence"] is None:
            del chosen["min_confidence"]
        return ResolveOptions(**chosen)

    def _resolve(
        self,
        mentions: Sequence[Mention],
        options: ResolveOptions,
        *,
        sources: Iterable[str] | None,
        progress: ProgressCallback | None,
    ) -> tuple[list[Resolution], str | None]:
        """:meth:`resolve`'s resolutions, and the reason every lookup failed when none got
        through (else ``None``), for a caller that weighs that with evidence of its own (the
        check also has its ISBN lookups)."""
        chosen = self.sources(sources)
        report = progress or (lambda done, total: None)
        total = len(mentions)

        # The same book named twice (anywhere) is resolved once.
        groups: dict[str, list[int]] = {}
        for i, mention in enumerate(mentions):
            groups.setdefault(mention_key(mention), []).append(i)
        unique = {said: mentions[where[0]] for said, where in groups.items()}

        answers: dict[str, Resolution] = {}
        keys: dict[str, str] = {}
        cache = self.cache
        if cache is not None:
            # A rebuilt local catalogue may answer otherwise: its build is part of the key.
            names = [f"{s.name}@{s.version}" if isinstance(s, Versioned) else s.name for s in chosen]
            keys = {
                said: resolution_key(m, options=options, sources=names, config=self.config)
                for said, m in unique.items()
            }
            found = cache.get_many(keys.values())
            answers = {said: found[key] for said, key in keys.items() if key in found}
        done = sum(len(groups[said]) for said in answers)
        report(done, total)

        todo = [said for said in unique if said not in answers]

        def advance(said: str) -> None:
            nonlocal done
            done += len(groups[said])
            report(done, total)

        lookup = self._lookup_isbns([unique[s] for s in todo], chosen, options)
        settled = {todo[i]: r for i, r in lookup.resolutions.items()}
        for said in settled:
            advance(said)
        position = {said: i for i, said in enumerate(todo)}
        todo_search = [s for s in todo if s not in settled]
        searched = [lookup.searches.get(position[s], unique[s]) for s in todo_search]
        resolved, cacheable = self._resolve_all(searched, chosen, options, todo_search, advance)
        fresh = {**settled, **dict(zip(todo_search, resolved, strict=True))}
        answers.update(fresh)
        if cache is not None:
            ok = dict(zip(todo_search, cacheable, strict=True))
            cache.put_many(
                {
                    keys[s]: r
                    for s, r in fresh.items()
                    if r.status is not Status.ERROR and ok.get(s, lookup.complete)
                }
            )
        results = [dataclasses.replace(answers[mention_key(m)], mention=m) for m in mentions]
        if fresh and len(fresh) == len(answers) and all(r.status is Status.ERROR for r in fresh.values()):
            return results, next(iter(fresh.values())).reason
        return results, None

    def _lookup_isbns(
        self, mentions: Sequence[Mention], sources: Sequence[Source], options: ResolveOptions
    ) -> IsbnLookup:
        """:func:`bibkit.resolve.lookup_isbns`, complete only if no request of it failed."""
        before = self.http.failures_in_this_thread()
        try:
            lookup = lookup_isbns(mentions, sources, options)
        except BibkitError as err:
            failed = {
                i: Resolution(mention=m, status=Status.ERROR, reason=str(err))
                for i, m in enumerate(mentions)
                if m.isbn
            }
            return IsbnLookup(failed, {}, False)
        if self.http.failures_in_this_thread() != before:
            return dataclasses.replace(lookup, complete=False)
        return lookup

    def _resolve_all(
        self,
        mentions: Sequence[Mention],
        sources: Sequence[Source],
        options: ResolveOptions,
        labels: Sequence[str],
        advance: Callable[[str], None],
    ) -> tuple[list[Resolution], list[bool]]:
        """Search ``mentions`` in the pool and enrich them in batches as they finish.

        Returns the resolutions in order, and for each whether it may be cached (not if an
        enrichment step it took part in lost answers to a failing service).
        """
        results: list[Resolution | None] = [None] * len(mentions)
        cacheable = [True] * len(mentions)
        if not mentions:
            return [], []
        searched: dict[int, Resolution] = {}
        pending: list[int] = []
        with_isbn = 0
        pool = ThreadPoolExecutor(max_workers=self.config.max_workers, thread_name_prefix="bibkit")
        # Finished futures arrive here, one at a time: waiting on the set of all running ones
        # instead costs a lock per future per wakeup, quadratic in the mentions.
        finished: queue.SimpleQueue[Future[Any]] = queue.SimpleQueue()
        try:
            searches: dict[Future[tuple[Resolution, bool]], int] = {}
            shared = SharedSearches()  # no search is asked twice in one run
            for i, m in enumerate(mentions):
                search = pool.submit(self._search, m, sources, options, shared)
                searches[search] = i
                search.add_done_callback(finished.put)
            steps: dict[Future[tuple[list[Resolution], bool]], list[int]] = {}
            outstanding = len(searches)
            while outstanding:
                future = finished.get()
                outstanding -= 1
                if future in steps:
                    enriched, ok = future.result()
                    self._settle(steps.pop(future), enriched, ok, results, cacheable)
                    continue
                i = searches[future]
                searched[i], cacheable[i] = future.result()
                pending.append(i)
                book = searched[i].book
                with_isbn += bool(book and book.isbn13)
                advance(labels[i])
                if with_isbn >= ENRICH_BATCH:
                    pending.sort()  # input order: the same batch URL, so HTTP cache hits
                    step = pool.submit(self._enrich, [searched[j] for j in pending], sources, options)
                    steps[step] = pending
                    step.add_done_callback(finished.put)
                    outstanding += 1
                    pending, with_isbn = [], 0
            if pending:
                pending.sort()
                enriched, ok = self._enrich([searched[j] for j in pending], sources, options)
                self._settle(pending, enriched, ok, results, cacheable)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return [r for r in results if r is not None], cacheable

    @staticmethod
    def _settle(
        where: Sequence[int],
        enriched: Sequence[Resolution],
        ok: bool,
        results: list[Resolution | None],
        cacheable: list[bool],
    ) -> None:
        for j, resolution in zip(where, enriched, strict=True):
            results[j] = resolution
            # Without a book there was nothing to complete, so a failed step changed nothing.
            cacheable[j] = cacheable[j] and (ok or resolution.book is None)

    def _search(
        self, mention: Mention, sources: Sequence[Source], options: ResolveOptions, shared: SharedSearches
    ) -> tuple[Resolution, bool]:
        """The resolution of ``mention``, and whether it may be cached: not when any request
        of its search failed, as what was decided without that service's answer (another
        edition, a rival left out) must not outlive the outage."""
        before = self.http.failures_in_this_thread()
        try:
            resolution = search_one(mention, sources, options, shared=shared)
        except BibkitError as err:
            return Resolution(mention=mention, status=Status.ERROR, reason=str(err)), False
        return resolution, self.http.failures_in_this_thread() == before

    def _enrich(
        self, resolutions: Sequence[Resolution], sources: Sequence[Source], options: ResolveOptions
    ) -> tuple[list[Resolution], bool]:
        before = self.http.failures_in_this_thread()
        try:
            enriched = enrich(resolutions, sources, options)
        except BibkitError:
            return list(resolutions), False
        return enriched, self.http.failures_in_this_thread() == before

    def push_to_zotero(
        self, items: str | Iterable[Book | Resolution], **options: Unpack[PushToZoteroKwargs]
    ) -> PushReport:
        """Put books into a Zotero library, each exactly once; a ``str`` is extracted and
        resolved first (with the :class:`~bibkit.options.ResolveKwargs` among ``options``).
        See :func:`bibkit.push_to_zotero` for the arguments."""
        from bibkit.zotero import ZoteroClient, push  # pyzotero is only imported when needed

        if isinstance(items, str):
            items = self.resolve(items, **part(options, ResolveKwargs))
        config = self.zotero_config(**part(options, ZoteroLibraryKwargs))
        with ZoteroClient.from_config(config) as client:
            return push(
                items,
                client=client,
                index_cache=config.cache_dir if config.use_cache else None,
                **part(options, PushKwargs),
            )

    def zotero_config(self, **library: Unpack[ZoteroLibraryKwargs]) -> Config:
        """The configuration with the Zotero library and key given in a call, where given
        (not ``None``): what every call that reaches a Zotero library connects with."""
        overrides = {
            "zotero_library_id": library.get("library_id"),
            "zotero_library_type": library.get("library_type"),
            "zotero_api_key": library.get("api_key"),
        }
        return self.config.replace(**{k: v for k, v in overrides.items() if v is not None})

    def export_zotero(
        self, output: str | os.PathLike[str], **options: Unpack[ExportZoteroKwargs]
    ) -> ExportReport:
        """Write the items of a Zotero library (or collection) to ``output``, or bring an
        earlier export up to date; see :func:`bibkit.export_zotero` for the arguments."""
        from bibkit.zotero import ZoteroClient  # pyzotero is only imported when needed
        from bibkit.zotero.export import export

        with ZoteroClient.from_config(self.zotero_config(**part(options, ZoteroLibraryKwargs))) as client:
            report = export(client, output, **part(options, ExportKwargs))
            return dataclasses.replace(report, reads=client.stats.reads)

    def check_zotero(
        self,
        collection: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CheckZoteroKwargs],
    ) -> CheckReport:
        """Check the books of a Zotero library, or of its ``collection`` (``"A/B"``), as
        :meth:`check` checks a file, and optionally repair the items. See
        :func:`bibkit.check_zotero` for the arguments."""
        from bibkit.zotero import ZoteroClient  # pyzotero is only imported when needed
        from bibkit.zotero.check import read_bibliography, write_repairs

        fix = options.get("fix", False)
        overwrite = tuple(options.get("overwrite", ()))
        if fix:
            verify.fixes((), overwrite=overwrite)  # a bad field name fails before any request
        with ZoteroClient.from_config(self.zotero_config(**part(options, ZoteroLibraryKwargs))) as client:
            bibliography = read_bibliography(client, collection)
            report = self.check(bibliography.document, sources=options.get("sources"), progress=progress)
            report = dataclasses.replace(report, citation_keys=bibliography.citation_keys)
            if not fix:
                return report
            applied, problems = write_repairs(
                client, bibliography, report.findings, overwrite=overwrite, approve=options.get("approve")
            )
        return dataclasses.replace(
            report,
            findings=(*report.findings, *problems),
            applied=applied,
            written=bibliography.document.label if applied else None,
        )

    def check(
        self,
        source: str | os.PathLike[str] | Document,
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CheckFileKwargs],
    ) -> CheckReport:
        """Check a bibliography's books against the catalogues and optionally repair it.
        See :func:`bibkit.check` for the arguments."""
        document = verify.as_document(source, max_input_bytes=self.config.max_input_bytes)
        fix = options.get("fix", False)
        overwrite = tuple(options.get("overwrite", ()))
        output, force = options.get("output"), options.get("force", False)
        if fix:
            verify.fixes((), overwrite=overwrite)  # a bad field name fails before any request
            verify.can_fix(document, output, force=force)
        sources = options.get("sources")
        chosen = list(sources) if sources is not None else None
        # Any edition, in any language: the check compares the entry with the work it names.
        anything = ResolveOptions(edition="any", language=None, publisher=None)
        findings, checked, skipped = verify.check_entries(
            document.entries,
            # Resolutions with errors come back rather than raised: the check decides, with its
            # ISBN lookups, whether anything got through.
            resolver=lambda mentions: self._resolve(mentions, anything, sources=chosen, progress=progress)[0],
            sources=self.sources(chosen),
        )
        report = verify.CheckReport(
            source=document.label, findings=tuple(findings), checked=checked, skipped=skipped
        )
        if not fix:
            return report
        approve = options.get("approve")
        applied, written, backup = verify.fix(
            document, findings, overwrite=overwrite, approve=approve, output=output, force=force
        )
        return dataclasses.replace(report, applied=applied, written=written, backup=backup)

    def read_document(
        self, source: str | os.PathLike[str], *, note: Callable[[str], None] | None = None
    ) -> Document:
        """A bibliography file (``-`` for standard input) read for :meth:`check`, as the check
        reads it: at most the configuration's ``max_input_bytes``, in the encodings of every
        input. Read every file first, so that an unreadable one fails before any lookup.

        Args:
            source: A .bib, CSL-JSON or RIS file; its format is known by the suffix, else by
                its content.
            note: Told in one line that the file was read as Windows-1252 (default: a logged
                warning).

        Raises:
            InputError: The file is missing, unreadable, binary or too large.
            FormatError: It is malformed (the message names the line), or no bibliography.
        """
        return verify.read_document(source, max_input_bytes=self.config.max_input_bytes, note=note)

    def close(self) -> None:
        """Close the sources that hold something open (a local catalogue), the HTTP
        connections and the resolution cache."""
        for source in self._sources.values():
            close = getattr(source, "close", None)
            if callable(close):
                close()
        self.http.close()
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@overload
def mentions_of(items: str, model: Finder | Path | None = None) -> list[Mention]: ...
@overload
def mentions_of(items: object, model: Finder | Path | None = None) -> list[Mention | Book]: ...
def mentions_of(items: object, model: Finder | Path | None = None) -> list[Mention] | list[Mention | Book]:
    """The mentions and entries ``items`` stands for: a ``str`` is extracted (with ``model``,
    if given) as resolution needs it, its doubtful candidates included; anything else must be
    mentions, or books read from a bibliography.

    Raises:
        TypeError: bytes (which only the caller can decode), or something that is neither.
    """
    if isinstance(items, str):
        # Doubtful mentions too: the catalogue confirms or drops them (bibkit.judge).
        return list(extract(items, model=model, doubtful=True))
    if isinstance(items, bytes | bytearray):
        raise TypeError(f"resolve() takes text as str, not {type(items).__name__} (decode it first)")
    if isinstance(items, Mention | Book):
        one = type(items).__name__
        raise TypeError(
            f"resolve() takes text or a list of Mentions or Books, not one {one} (put it in a list)"
        )
    if not isinstance(items, Iterable):
        raise TypeError(f"resolve() takes text, Mentions or Books, not {type(items).__name__}")
    given = list(items)
    for item in given:
        if not isinstance(item, Mention | Book):
            raise TypeError(f"resolve() takes text, Mentions or Books, not {type(item).__name__}")
    return given
