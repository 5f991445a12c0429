"""Resolution: mentions × sources → one Resolution per mention.

Does I/O only through the Source objects it is given. In steps, so that a caller can run
the searches concurrently:

* :func:`lookup_isbns` (once for all mentions that carry an ISBN): the ISBNs are looked up in
  the sources' batches (Open Library's Books API: 25 per request), and a mention whose ISBN a
  source knows is resolved to that very edition, the title check applying only when the
  mention has a title. An ISBN no source knows leaves a titled mention to the search.
* :func:`search_one` (per mention, thread-safe; the run's searches are shared, so no search
  is asked twice, see :class:`SharedSearches`): a mention with an ISBN goes
  through :func:`lookup_isbns` on its own; otherwise the sources are searched in the steps of
  :mod:`bibkit.queries` (the mention as written, then its title's words and its author's
  works while answers are empty), within :data:`MAX_SEARCHES` requests; candidates are scored
  (:mod:`bibkit.match`), records of the same work are grouped, and the decision is taken:
  ``resolved`` when the best work scores at least ``min_confidence`` and no other work
  matching the title as well comes within :data:`AMBIGUITY_MARGIN` of it (or one of them is
  by far the most published, see :data:`POPULAR_EDITIONS`); ``ambiguous`` otherwise (the
  contenders are in ``candidates``); ``not_found`` below ``min_confidence`` or when
  :mod:`bibkit.judge` does not take the mention for a book. Within the chosen work, the
  edition whose title the text gives comes first, then the options (language, publisher,
  latest/earliest), and the work's first publication year becomes ``original_year``.
* :func:`enrich` (once for all mentions): the chosen editions' ISBNs are looked up in
  batches (Open Library's Books API takes many per request) to fill fields the search did not
  give (pages, place, URL); each field keeps the name of the source that supplied it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from bibkit import judge
from bibkit.errors import ConfigError, SourceError
from bibkit.identity import work_key
from bibkit.match import Match, assess, title_similarity
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.names import names_agree, surname_key
from bibkit.queries import Step, search_steps
from bibkit.sources.base import EditionOrder, EditionPreference, Source
from bibkit.sources.registry import NETWORK_FREE
from bibkit.text import fold

__all__ = [
    "AMBIGUITY_MARGIN",
    "FALLBACK_CONFIDENCE",
    "MAX_SEARCHES",
    "PINNED_TITLE_FLOOR",
    "POPULAR_EDITIONS",
    "POPULAR_RATIO",
    "RESOLVE_THRESHOLD",
    "TITLE_TIE",
    "IsbnLookup",
    "ResolveOptions",
    "SharedSearches",
    "decide",
    "enrich",
    "isbn_records",
    "lookup_isbns",
    "merge",
    "resolve_mentions",
    "search_one",
]

RESOLVE_THRESHOLD = 0.75
"""Best works scoring below this are ``not_found`` (derivation in :mod:`bibkit.match`)."""

AMBIGUITY_MARGIN = 0.05
"""A work by other authors scoring within this of the best makes the mention ``ambiguous``."""

MAX_SEARCHES = 3
"""Search requests one mention may cost, over all sources and rewrites (see ``_search``)."""

FALLBACK_CONFIDENCE = 0.9
"""Extraction confidence below which a mention gets one search and no fallback.

Measured end to end (``benchmarks/resolution_quality.py --all-texts --folds 10``: 72 annotated
texts, each extracted by a finder trained without it): with the fallbacks for every mention
from 0.75, 57.8 % of the books present were written right at 1.47 requests per mention; from
0.9, 57.8 % at 1.34; with none, 57.7 % at 1.24. What the fallbacks recover (typos, short
forms, another catalogue) is recovered for mentions extraction is sure of; below 0.9 their
requests buy almost nothing."""

TITLE_TIE = 0.02
"""Title similarities closer than this are the same title: an exact title (1.0) and one that
matches only without its subtitle (0.97) are not."""

POPULAR_EDITIONS = 20
"""Editions a work needs before it can be the famous one among namesakes (see ``_dominant``).

Measured (``benchmarks/resolution_quality.py --scores``): the ten bare titles of the corpus
that tie have one or two editions per work in the benchmark's catalogue, and a plain majority
would pick the wrong "Leviathan" (the one meant has one, its namesake two). So only a clear
dominance counts, with enough editions to mean something: Machiavelli's "The Prince" has
about 1,400 on Open Library, its namesakes a handful."""

POPULAR_RATIO = 5.0
"""How many times the editions of every other namesake the famous one must have."""

PINNED_TITLE_FLOOR = 0.5
"""A pinned ISBN whose record's title is less similar than this to the mention's is not
trusted (a link to another book); the mention is then searched by title."""

SEARCH_LIMIT = 10

SHARED_SEARCHES = 2000
"""Searches a run keeps the answers of, to answer the same search again (see
:class:`SharedSearches`): at most a few hundred kilobytes of records per thousand."""

ENRICH_FIELDS = ("authors", "publisher", "year")
"""An edition still lacking one of these after a source's ISBN lookup is asked of the next
source too (see :func:`enrich`): they are what every citation style prints."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveOptions:
    """Options of :func:`bibkit.resolve`.

    Attributes:
        min_confidence: Best candidates scoring below this are ``not_found``.
        edition: Which edition of the chosen work: ``latest`` (default: the edition a reader
            most likely holds today), ``earliest`` (closest to the first edition), or ``any``
            (the source's own best edition). A pinned ISBN in the mention always wins.
        language: Preferred language of the edition (ISO 639-1), None for no preference.
        publisher: Preferred publisher of the edition, compared loosely ("Verso" matches
            "Verso Books"), or None.
        limit: Candidate works asked of each source per mention.
    """

    min_confidence: float = RESOLVE_THRESHOLD
    edition: EditionOrder = "latest"
    language: str | None = "en"
    publisher: str | None = None
    limit: int = SEARCH_LIMIT

    def __post_init__(self) -> None:
        if self.edition not in get_args(EditionOrder):
            raise ConfigError(
                f"unknown edition policy {self.edition!r}; use one of {', '.join(get_args(EditionOrder))}"
            )
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min_confidence must be between 0 and 1, not {self.min_confidence}")
        if self.language is not None and not (len(self.language) == 2 and self.language.isalpha()):
            raise ConfigError(
                f"language must be a two-letter ISO 639-1 code such as 'en', not {self.language!r}"
            )

    @property
    def preference(self) -> EditionPreference:
        return EditionPreference(order=self.edition, language=self.language, publisher=self.publisher)


def merge(base: Book, extra: Book) -> Book:
    """``base`` with the fields it lacks taken from ``extra``; provenance follows each field.

    A subtitle that ``base``'s title already carries ("Title: Subtitle" in one field, as some
    catalogues write it) is not added a second time.
    """
    changes: dict[str, Any] = {}
    provenance = dict(base.provenance)
    for f in dataclasses.fields(Book):
        if f.name in {"identifiers", "provenance"}:
            continue
        if f.name == "subtitle" and extra.subtitle and fold(extra.subtitle) in fold(base.title):
            continue
        if getattr(base, f.name) in (None, "", ()) and getattr(extra, f.name) not in (None, "", ()):
            changes[f.name] = getattr(extra, f.name)
            provenance[f.name] = extra.source_of(f.name) or ""
    identifiers = dict(extra.identifiers) | dict(base.identifiers)
    return dataclasses.replace(
        base, **changes, identifiers=tuple(identifiers.items()), provenance=tuple(provenance.items())
    )


Scored = tuple[Match, int, Book]
"""A candidate record with how it matches the mention and its rank in the search results."""


@dataclass
class _Work:
    """Candidate records (editions, possibly from several sources) of one work."""

    key: tuple[str, str]
    books: list[Scored] = field(default_factory=list)

    @property
    def top(self) -> Scored:
        return max(self.books, key=lambda entry: (entry[0].score, -entry[1]))

    @property
    def match(self) -> Match:
        return self.top[0]

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def best(self) -> Book:
        return self.top[2]

    @property
    def authors(self) -> tuple[str, ...]:
        return self.best.authors

    @property
    def original_year(self) -> int | None:
        years = [y for _, _, b in self.books for y in (b.original_year, b.year) if y]
        return min(years) if years else None

    @property
    def edition_count(self) -> int | None:
        counts = [b.edition_count for _, _, b in self.books if b.edition_count]
        return max(counts) if counts else None

    @property
    def edition_years(self) -> tuple[int, ...]:
        """The years of the work's editions: those a source knows for the whole work (Open
        Library's ``publish_year``), with each record's own year. None when no source knows
        the whole work's: the few records a search returns are no list of its editions."""
        if not any(b.edition_years for _, _, b in self.books):
            return ()
        years = {y for _, _, b in self.books for y in (b.year, *b.edition_years) if y}
        return tuple(sorted(years))


class SharedSearches:
    """The searches of one run, shared by its mentions: a search asked again is answered
    with the records the first one got, without a request.

    Different mentions often make the same request: the same author's works for two books of
    a reading list, the same title's words for one book named twice in other spellings
    (``"Mr Penumbra&#8217;s"``, ``"Mr Penumbra's"``), the same title and author written with
    or without a link around the name. A search is the same when it asks the same source for
    the same title, subtitle, author, year and ISBN with the same limit and edition
    preference: where the mention stands in the text and how sure extraction is of it are no
    part of what a catalogue is asked. Thread-safe: a search asked while the same one is
    under way waits for its answer. A search that fails is not kept: whoever asks next
    asks the source again, and sees the failure (or the answer) for itself. The last
    :data:`SHARED_SEARCHES` answers are kept, so that a run over a very long input holds no
    more than that in memory (the same book or author is named again mostly nearby).

    Measured (``benchmarks/resolution_quality.py --all-texts``, 106 annotated texts, each in a
    cold session): gold mentions 1.432 → 1.400 requests per mention, end to end 1.188 → 1.074
    (extraction often finds one book twice, in spellings that differ), with the same
    resolutions.
    """

    def __init__(self, size: int = SHARED_SEARCHES) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._answers: OrderedDict[tuple[Any, ...], tuple[Book, ...]] = OrderedDict()
        self._running: dict[tuple[Any, ...], threading.Event] = {}

    def ask(self, source: Source, step: Step, options: ResolveOptions) -> tuple[Book, ...]:
        query = step.query
        key = (
            source.name,
            query.title,
            query.subtitle,
            query.best_author,
            query.year,
            query.isbn,
            step.limit,
            options.preference,
        )
        while True:
            with self._lock:
                if key in self._answers:
                    self._answers.move_to_end(key)
                    return self._answers[key]
                running = self._running.get(key)
                if running is None:
                    done = self._running[key] = threading.Event()
                    break
            running.wait()  # then take its answer, or ask again if it failed
        try:
            books = _ask(source, step, options)
            with self._lock:
                self._answers[key] = books
                if len(self._answers) > self._size:
                    self._answers.popitem(last=False)
            return books
        finally:
            with self._lock:
                del self._running[key]
            done.set()


def _ask(source: Source, step: Step, options: ResolveOptions) -> tuple[Book, ...]:
    """One search of ``source``; the edition-aware form when the source has it."""
    search_editions = getattr(source, "search_editions", None)
    if search_editions is not None:
        books: tuple[Book, ...] = search_editions(step.query, limit=step.limit, prefer=options.preference)
        return books
    return source.search(step.query, limit=step.limit)


@dataclass
class _Found:
    """What the searches of one mention found: every record, scored once."""

    mention: Mention
    records: list[tuple[str, Book]] = field(default_factory=list)
    scored: list[Scored] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answered: int = 0
    steps: list[str] = field(default_factory=list)

    def add(self, source: str, books: Sequence[Book]) -> None:
        for book in books:
            self.scored.append((assess(self.mention, book), len(self.records), book))
            self.records.append((source, book))


def _search(
    mention: Mention,
    sources: Sequence[Source],
    options: ResolveOptions,
    shared: SharedSearches | None = None,
) -> _Found:
    """Every candidate record of ``mention`` from ``sources``, scored.

    The mention as written is asked of the first source; then, while nothing found settles the
    mention (a work matching well enough), the rewrites of :func:`bibkit.queries.search_steps`
    (the title's words, the author's works) of that source, each only while every answer so
    far was empty (an AND search that found nothing: a typo, a subtitle the catalogue lacks,
    an author written another way); then the later sources with the mention as written, also
    only while every answer so far was empty: a catalogue that answered with records knows
    the words, and a second one ranks the same namesakes (measured,
    ``benchmarks/resolution_quality.py --all-texts``, gold mentions: Google Books asked after
    Open Library had answered with records settled 1 of 145 mentions; without those requests,
    1.400 → 1.356 requests per mention). A
    source that fails hands its turn to the next. The rewrites come first because they are
    what recovers mentions on the annotated corpus (``benchmarks/resolution_quality.py``):
    a second catalogue with the same words rarely finds what the first did not. At most
    :data:`MAX_SEARCHES` requests per mention, and only the first for a mention extraction
    doubts (confidence below :data:`FALLBACK_CONFIDENCE`): an empty answer is then itself
    the verdict.

    A local catalogue (:data:`~bibkit.sources.registry.NETWORK_FREE`) costs no request: its
    searches, rewrites included, come out of no budget, and the first network source after it
    gets the steps and the budget it would have had alone, so that a mention the catalogue
    cannot settle is searched online exactly as without it.

    With ``shared``, a search another mention of the run already made is answered from it
    (:class:`SharedSearches`); it still counts against this mention's budget, so the steps
    taken do not depend on the order in which mentions are searched.
    """
    found = _Found(mention)
    first, *rewrites = search_steps(mention, options.limit)
    doubted = mention.confidence < FALLBACK_CONFIDENCE
    if doubted:
        rewrites = []
    queue: deque[tuple[Source, Step]] = deque((source, first) for source in sources)
    budget = 1 if doubted else MAX_SEARCHES
    answered: set[str] = set()
    asked = 0
    empty = True
    while queue:
        if found.scored and _settled(_group(found.scored), options):
            break
        source, step = queue.popleft()
        free = source.name in NETWORK_FREE
        if not empty and (step is not first or (not free and answered - NETWORK_FREE)):
            continue
        if not free:
            if asked >= budget:
                continue
            asked += 1
        try:
            books = shared.ask(source, step, options) if shared else _ask(source, step, options)
        except SourceError as err:
            found.errors.append(str(err))
            continue
        # The rewrites go to the first source that answers, and to the first network one.
        if step is first and not (answered & NETWORK_FREE if free else answered - NETWORK_FREE):
            queue.extendleft(reversed([(source, r) for r in rewrites]))
        answered.add(source.name)
        empty = empty and not books
        found.steps.append(f"{source.name}: {step.purpose} ({len(books)} records)")
        found.add(source.name, books)
    found.answered = len(answered)
    return found


def _group(scored: Sequence[Scored]) -> list[_Work]:
    """Records grouped by work, best work first (ties: the one the sources ranked first)."""
    works: dict[tuple[str, str], _Work] = {}
    for entry in scored:
        book = entry[2]
        # Records of one work differ in co-author lists: group by title and first author.
        first = surname_key(book.authors[0]) if book.authors else ""
        key = (work_key(book)[0], first)
        works.setdefault(key, _Work(key)).books.append(entry)
    return sorted(works.values(), key=lambda w: (-w.score, w.top[1]))


def _rivals(works: Sequence[_Work]) -> list[_Work]:
    """Works that the mention could name as well as the best one.

    A rival scores within :data:`AMBIGUITY_MARGIN` of the best work and matches the title as
    well (within :data:`TITLE_TIE`: an exact title is not rivalled by one that matches only
    without its subtitle). Another work of the same people is no rival (a second record of
    the same book), unless the best work matched only as a short form: then another of the
    author's titles holding the same words ("Dune" in "Dune Messiah" and "Children of Dune")
    is one.
    """
    best = works[0]
    rivals = []
    for work in works[1:]:
        if work.score < best.score - AMBIGUITY_MARGIN:
            continue
        if not best.match.short and work.match.title < best.match.title - TITLE_TIE:
            continue
        if _same_people(work.authors, best.authors) and not (best.match.short and work.match.short):
            continue
        rivals.append(work)
    return rivals


def _settled(works: Sequence[_Work], options: ResolveOptions) -> bool:
    """Whether more searching can change the decision: not once a work matches well enough.
    Works that tie with it are namesakes, and another request only finds more of them."""
    return bool(works) and works[0].score >= options.min_confidence


def _same_people(a: Sequence[str], b: Sequence[str]) -> bool:
    return any(names_agree(x, y) for x in a for y in b)


def _dominant(contenders: Sequence[_Work]) -> _Work | None:
    """The work far more published than every other contender, if there is one.

    A bare title that several works share ("The Prince", "Leviathan") names, for a reader,
    the famous one: when one contender has at least :data:`POPULAR_EDITIONS` editions and
    :data:`POPULAR_RATIO` times as many as each of the others (whose counts must be known),
    it is the one meant. Otherwise nobody can tell, and the mention stays ambiguous.
    """
    counts = [w.edition_count for w in contenders]
    if any(c is None for c in counts):
        return None
    ranked = sorted(zip(counts, range(len(contenders)), strict=True), reverse=True)
    (top, index), (second, _) = ranked[0], ranked[1]
    if top is None or second is None or top < POPULAR_EDITIONS or top < POPULAR_RATIO * second:
        return None
    return contenders[index]


def _publisher_matches(wanted: str, publisher: str | None) -> bool:
    if not publisher:
        return False
    a, b = fold(wanted), fold(publisher)
    return a in b or b in a


def _choose_edition(work: _Work, options: ResolveOptions) -> Book:
    """The edition of ``work`` to cite, with the work's first year as ``original_year``.

    The edition whose title the text gives comes first: a German title names a German
    edition, whatever the preferred language (records whose title matches the mention within
    :data:`TITLE_TIE` of the best one count as that title). Among those, the options decide:
    language, publisher, an ISBN, then the latest or earliest year.
    """
    pref_lang = options.language
    named = max(match.title for match, _, _ in work.books) - TITLE_TIE

    def key(entry: Scored) -> tuple[float, ...]:
        match, rank, book = entry
        language = 0 if not pref_lang or book.language == pref_lang else 1 if book.language is None else 2
        publisher = 0 if not options.publisher or _publisher_matches(options.publisher, book.publisher) else 1
        year = book.year or 0
        order = (
            -year if options.edition == "latest" else (year or 9999) if options.edition == "earliest" else 0
        )
        titled = 0 if match.title >= named else 1
        return (titled, language, publisher, 0 if book.isbn13 else 1, round(-match.score, 2), order, rank)

    chosen = min(work.books, key=key)[2]
    first_year = work.original_year
    if first_year and chosen.original_year != first_year:
        provenance = dict(chosen.provenance)
        provenance["original_year"] = provenance.get("original_year") or provenance.get("title", "")
        chosen = dataclasses.replace(chosen, original_year=first_year, provenance=tuple(provenance.items()))
    if work.edition_years != chosen.edition_years:
        chosen = dataclasses.replace(chosen, edition_years=work.edition_years)
    return chosen


def _describe(book: Book) -> str:
    people = ", ".join(book.authors[:2]) or "unknown author"
    year = book.original_year or book.year
    return f"{book.full_title!r} by {people}" + (f" ({year})" if year else "")


def search_one(
    mention: Mention,
    sources: Sequence[Source],
    options: ResolveOptions,
    *,
    shared: SharedSearches | None = None,
) -> Resolution:
    """Everything per mention: search the sources, score, decide. Thread-safe; the only state
    shared between mentions is ``shared``, the run's searches (:class:`SharedSearches`).

    A mention with an ISBN goes through :func:`lookup_isbns` first, as in a batch, and is
    searched by title only when that does not settle it.
    """
    notes: list[str] = []
    if mention.isbn:
        lookup = lookup_isbns([mention], sources, options)
        if 0 in lookup.resolutions:
            return lookup.resolutions[0]
        notes.append(f"ISBN {mention.isbn} from the text: no source has a matching record")
        found = _search(lookup.searches[0], sources, options, shared)
    else:
        found = _search(mention, sources, options, shared)
    notes += found.errors
    notes += found.steps
    notes.append(f"{len(found.records)} candidate records from {found.answered} of {len(sources)} sources")
    if not found.records and found.errors and not found.answered:
        return Resolution(mention=mention, status=Status.ERROR, reason=found.errors[0], evidence=tuple(notes))
    decided = _decide(mention, found.scored, options, notes)
    if found.errors and decided.status is Status.NOT_FOUND:
        # A source that failed may hold the book: "not found" would be a claim nobody made.
        return dataclasses.replace(
            decided, status=Status.ERROR, reason=f"{found.errors[0]}; the sources that answered had no match"
        )
    return decided


def decide(
    mention: Mention,
    found: Sequence[tuple[str, Book]],
    options: ResolveOptions,
    *,
    evidence: Sequence[str] = (),
) -> Resolution:
    """The decision on ``mention`` from the candidate records found: pure, no I/O.

    ``found`` holds (source name, record) pairs in the order the sources returned them;
    ``evidence`` is what the search already knows (errors, sources asked).
    """
    scored = [(assess(mention, book), rank, book) for rank, (_, book) in enumerate(found)]
    return _decide(mention, scored, options, list(evidence))


def _decide(
    mention: Mention, scored: Sequence[Scored], options: ResolveOptions, notes: list[str]
) -> Resolution:
    if not scored:
        return Resolution(
            mention=mention, status=Status.NOT_FOUND, reason="no candidate found", evidence=tuple(notes)
        )
    works = _group(scored)
    best = works[0]
    confidence = round(best.score, 3)
    notes += [f"{w.score:.2f} {_describe(w.best)}" for w in works[:3]]
    if best.score < options.min_confidence:
        return Resolution(
            mention=mention,
            status=Status.NOT_FOUND,
            confidence=confidence,
            candidates=tuple(w.best for w in works[:5]),
            reason=f"best candidate {_describe(best.best)} matches too weakly ({best.score:.2f})",
            evidence=tuple(notes),
        )
    rivals = _rivals(works)
    reason = ""
    if rivals:
        contenders = [best, *rivals]
        dominant = None if best.match.author or best.match.short else _dominant(contenders)
        if dominant is None:
            return Resolution(
                mention=mention,
                status=Status.AMBIGUOUS,
                confidence=confidence,
                candidates=tuple(_choose_edition(w, options) for w in contenders[:5]),
                reason=f"{len(contenders)} works match equally well: "
                + "; ".join(_describe(w.best) for w in contenders[:3]),
                evidence=tuple(notes),
            )
        others = sorted((w.edition_count or 0 for w in contenders if w is not dominant), reverse=True)
        reason = (
            f"; {len(contenders)} works share the title, and this one is by far the most published "
            f"({dominant.edition_count} editions, the next {others[0]})"
        )
        works = [dominant, *(w for w in works if w is not dominant)]
        best = dominant
    book = _choose_edition(best, options)
    namesakes = bool(reason)
    if not judge.keeps(mention, best.match, namesakes=namesakes):
        return Resolution(
            mention=mention,
            status=Status.NOT_FOUND,
            confidence=confidence,
            candidates=(book, *(w.best for w in works[1:5])),
            reason=judge.reason(mention, best.match, namesakes=namesakes),
            evidence=tuple(notes),
        )
    short = " (the title given is part of its title)" if best.match.short else ""
    return Resolution(
        mention=mention,
        book=book,
        status=Status.RESOLVED,
        confidence=confidence,
        candidates=(book, *(w.best for w in works[1:5])),
        reason=f"matched {_describe(book)} ({book.source_of('title') or 'unknown source'}){short}{reason}",
        evidence=tuple(notes),
    )


def _gaps(book: Book) -> bool:
    return any(getattr(book, name) in (None, "", ()) for name in ENRICH_FIELDS)


def isbn_records(
    isbns: Sequence[str], sources: Sequence[Source], known: Mapping[str, Sequence[Book]] | None = None
) -> tuple[dict[str, Book], list[str]]:
    """The sources' records of the ISBN-13s ``isbns`` from their batched lookups (Open
    Library's Books API: 25 per request), and the error messages of the sources that failed.

    The one ISBN lookup of bibkit: the ISBNs mentions carry (:func:`lookup_isbns`), the
    chosen editions (:func:`enrich`) and a bibliography's entries (:mod:`bibkit.verify`) all
    go through it. Each source is asked only for the ISBNs no earlier source knew, and for
    those whose record, completed by each book of ``known[isbn]``, still lacks one of
    :data:`ENRICH_FIELDS`, so a second source (or an enricher such as ``isbnlib``) costs
    requests only for the gaps. A source that says ``fills_gaps = False`` (Google Books: one
    request per ISBN, and in the configuration to search, not to complete) is asked only for
    the ISBNs no earlier source knew: a field a catalogue lacks then costs no request per
    edition. Earlier sources win field by field.
    """
    known = known or {}
    wanted = list(dict.fromkeys(isbns))
    records: dict[str, Book] = {}
    errors: list[str] = []
    for source in sources:
        fills_gaps = getattr(source, "fills_gaps", True) is not False
        missing = [
            isbn
            for isbn in wanted
            if isbn not in records
            or (
                fills_gaps
                and (
                    any(_gaps(merge(book, records[isbn])) for book in known.get(isbn, ()))
                    or (not known.get(isbn) and _gaps(records[isbn]))
                )
            )
        ]
        if not missing:
            continue  # a later source may still fill gaps this one is not asked about
        try:
            found = source.by_isbns(missing)
        except SourceError as err:
            errors.append(str(err))
            continue
        asked = set(missing)
        for isbn, record in found.items():
            if isbn in asked:
                records[isbn] = merge(records[isbn], record) if isbn in records else record
    return records, errors


def enrich(
    resolutions: Sequence[Resolution], sources: Sequence[Source], options: ResolveOptions
) -> list[Resolution]:
    """Complete the chosen editions from the sources' ISBN lookups; order kept.

    A source that fails is skipped: enrichment is best effort (see :func:`isbn_records` for
    who is asked what).
    """
    results = list(resolutions)
    known: dict[str, list[Book]] = {}
    for r in results:
        if r.book and r.book.isbn13:
            known.setdefault(r.book.isbn13, []).append(r.book)
    records, _ = isbn_records(list(known), sources, known)
    return [
        dataclasses.replace(r, book=merge(r.book, records[r.book.isbn13]))
        if r.book and r.book.isbn13 in records
        else r
        for r in results
    ]


@dataclass(frozen=True, slots=True)
class IsbnLookup:
    """What the batched ISBN lookup settled.

    Attributes:
        resolutions: By position in the mentions given: the final resolution of each mention
            the lookup settled (its ISBN's edition, or not found / error for an identifier
            without a title).
        searches: By position: the mention to search by title instead (its ISBN removed, as
            every source was asked for it already), for titled mentions whose ISBN no source
            knows or whose record has another title.
        complete: False when a source failed, so the results may lack what it would have said.
    """

    resolutions: dict[int, Resolution]
    searches: dict[int, Mention]
    complete: bool


def _dated(mention: Mention, book: Book, sources: Sequence[Source], options: ResolveOptions) -> Book:
    """``book`` (an ISBN's record without any year) completed by a search for its ISBN, which
    also gives the work's first publication year: an undated entry is useless in a citation.
    A failed search leaves the record as it was."""
    found = _search(mention, sources, options).records
    for _, candidate in found:
        if candidate.isbn13 == book.isbn13:
            return merge(book, candidate)
    # Another edition of the work: its first publication year is the work's, so it holds.
    for name, candidate in found:
        if candidate.original_year is not None:
            provenance = (*book.provenance, ("original_year", name))
            return dataclasses.replace(book, original_year=candidate.original_year, provenance=provenance)
    return book


def lookup_isbns(
    mentions: Sequence[Mention], sources: Sequence[Source], options: ResolveOptions
) -> IsbnLookup:
    """Resolve the mentions that carry an ISBN by one batched lookup for all of them.

    The title check (:data:`PINNED_TITLE_FLOOR`) applies only to a mention with a title: an
    ISBN alone is taken at its word. A record without any year is completed by a search for
    its ISBN (one request for each such record only). Mentions without an ISBN are left out
    of both maps.
    """
    wanted = list(dict.fromkeys(m.isbn for m in mentions if m.isbn))
    if not wanted:
        return IsbnLookup({}, {}, True)
    records, errors = isbn_records(wanted, sources)
    settled: dict[int, Resolution] = {}
    searches: dict[int, Mention] = {}
    for i, mention in enumerate(mentions):
        if not mention.isbn:
            continue
        book = records.get(mention.isbn)
        full = f"{mention.title}: {mention.subtitle}" if mention.subtitle else mention.title
        if book is not None and (not full or title_similarity(full, book) >= PINNED_TITLE_FLOOR):
            if book.year is None and book.original_year is None:
                book = _dated(mention, book, sources, options)
            name = book.source_of("title") or book.source_of("isbn13") or "a source"
            settled[i] = Resolution(
                mention=mention,
                book=book,
                status=Status.RESOLVED,
                confidence=1.0,
                candidates=(book,),
                reason=f"ISBN {mention.isbn} in the text ({name})",
                evidence=(f"{name}: ISBN {mention.isbn} is {_describe(book)}",),
            )
        elif full:
            searches[i] = dataclasses.replace(mention, isbn=None)
        elif errors and len(errors) == len(sources):
            settled[i] = Resolution(
                mention=mention, status=Status.ERROR, reason=errors[0], evidence=tuple(errors)
            )
        else:
            settled[i] = Resolution(
                mention=mention,
                status=Status.NOT_FOUND,
                reason=f"no source knows ISBN {mention.isbn}",
                evidence=(*errors, f"ISBN {mention.isbn} asked of {len(sources)} sources"),
            )
    return IsbnLookup(settled, searches, not errors)


def resolve_mentions(
    mentions: Sequence[Mention], sources: Sequence[Source], options: ResolveOptions | None = None
) -> list[Resolution]:
    """Resolve each mention; one Resolution per mention, in input order.

    Mentions with an ISBN are looked up together first (:func:`lookup_isbns`); the rest are
    searched one by one (:func:`search_one`), and their editions completed by :func:`enrich`.
    A caller that wants concurrency runs the searches in its own pool.
    """
    options = options or ResolveOptions()
    lookup = lookup_isbns(mentions, sources, options)
    todo = [i for i in range(len(mentions)) if i not in lookup.resolutions]
    shared = SharedSearches()
    searched = [
        search_one(lookup.searches.get(i, mentions[i]), sources, options, shared=shared) for i in todo
    ]
    results = dict(lookup.resolutions)
    for i, r in zip(todo, enrich(searched, sources, options), strict=True):
        results[i] = dataclasses.replace(r, mention=mentions[i])
    return [results[i] for i in range(len(mentions))]
