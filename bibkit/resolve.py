"""Resolution: mentions × sources → one Resolution per mention.

Does I/O only through the Source objects it is given. Two steps, so that a caller can run
the first concurrently:

* :func:`lookup_isbns` (once for all mentions that carry an ISBN): the ISBNs are looked up in
  the sources' batches (Open Library's Books API: 25 per request), and a mention whose ISBN a
  source knows is resolved to that very edition, the title check applying only when the
  mention has a title. An ISBN no source knows leaves a titled mention to the search.
* :func:`search_one` (per mention, thread-safe, no shared state): a mention with an ISBN is
  looked up by that ISBN; otherwise every source is searched once, candidates are scored
  (:mod:`bibkit.match`), records of the same work are grouped, and the decision is taken:
  ``resolved`` when the best work scores at least ``min_confidence`` and no work by other
  authors comes within :data:`AMBIGUITY_MARGIN` of it; ``ambiguous`` when one does (both are
  in ``candidates``); ``not_found`` otherwise. Within the chosen work, the edition follows
  the options (language, publisher, latest/earliest), and the work's first publication year
  becomes ``original_year``.
* :func:`enrich` (once for all mentions): the chosen editions' ISBNs are looked up in
  batches (Open Library's Books API takes many per request) to fill fields the search did not
  give (pages, place, URL); each field keeps the name of the source that supplied it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from bibkit.errors import ConfigError, SourceError
from bibkit.match import fold, names_agree, score, surname_key, title_similarity, work_key
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.sources.base import EditionAware, EditionOrder, EditionPreference, Source

__all__ = [
    "AMBIGUITY_MARGIN",
    "PINNED_TITLE_FLOOR",
    "RESOLVE_THRESHOLD",
    "IsbnLookup",
    "ResolveOptions",
    "enrich",
    "lookup_isbns",
    "merge",
    "resolve_mentions",
    "search_one",
]

RESOLVE_THRESHOLD = 0.75
"""Best works scoring below this are ``not_found`` (derivation in :mod:`bibkit.match`)."""

AMBIGUITY_MARGIN = 0.05
"""A work by other authors scoring within this of the best makes the mention ``ambiguous``."""

PINNED_TITLE_FLOOR = 0.5
"""A pinned ISBN whose record's title is less similar than this to the mention's is not
trusted (a link to another book); the mention is then searched by title."""

SEARCH_LIMIT = 10

ENRICH_FIELDS = ("authors", "publisher", "year")
"""An edition still lacking one of these after a source's ISBN lookup is asked of the next
source too: they are what every citation style prints."""


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


@dataclass
class _Work:
    """Candidate records (editions, possibly from several sources) of one work."""

    key: tuple[str, frozenset[str]]
    score: float
    books: list[tuple[float, int, Book]] = field(default_factory=list)

    @property
    def best(self) -> Book:
        return max(self.books, key=lambda entry: (entry[0], -entry[1]))[2]

    @property
    def authors(self) -> tuple[str, ...]:
        return self.best.authors

    @property
    def original_year(self) -> int | None:
        years = [y for _, _, b in self.books for y in (b.original_year, b.year) if y]
        return min(years) if years else None


def _search(
    mention: Mention, sources: Sequence[Source], options: ResolveOptions
) -> tuple[list[tuple[str, Book]], list[str], int]:
    """(source name, book) for every candidate, error messages, and the number of sources that answered.

    Sources are consulted in order, and a later one only when the earlier ones have not
    already settled the mention (a confident, unambiguous best work): a fallback source
    costs a request only for the mentions that need it.
    """
    found: list[tuple[str, Book]] = []
    errors: list[str] = []
    answered = 0
    for source in sources:
        if found and _settled(_group(mention, found), options):
            break
        try:
            if isinstance(source, EditionAware):
                books = source.search_editions(mention, limit=options.limit, prefer=options.preference)
            else:
                books = source.search(mention, limit=options.limit)
        except SourceError as err:
            errors.append(str(err))
            continue
        answered += 1
        found.extend((source.name, b) for b in books)
    return found, errors, answered


def _group(mention: Mention, found: Sequence[tuple[str, Book]]) -> list[_Work]:
    works: dict[tuple[str, frozenset[str]], _Work] = {}
    for rank, (_, book) in enumerate(found):
        value = score(mention, book)
        # Records of one work differ in co-author lists: group by title and first author.
        first = surname_key(book.authors[0]) if book.authors else ""
        key = (work_key(book)[0], frozenset({first}))
        work = works.setdefault(key, _Work(key, value))
        work.score = max(work.score, value)
        work.books.append((value, rank, book))
    return sorted(works.values(), key=lambda w: -w.score)


def _rivals(works: Sequence[_Work]) -> list[_Work]:
    """Works by other people that score within ``AMBIGUITY_MARGIN`` of the best one."""
    best = works[0]
    return [
        w
        for w in works[1:]
        if w.score >= best.score - AMBIGUITY_MARGIN and not _same_people(w.authors, best.authors)
    ]


def _settled(works: Sequence[_Work], options: ResolveOptions) -> bool:
    return bool(works) and works[0].score >= options.min_confidence and not _rivals(works)


def _same_people(a: Sequence[str], b: Sequence[str]) -> bool:
    return any(names_agree(x, y) for x in a for y in b)


def _publisher_matches(wanted: str, publisher: str | None) -> bool:
    if not publisher:
        return False
    a, b = fold(wanted), fold(publisher)
    return a in b or b in a


def _choose_edition(work: _Work, options: ResolveOptions) -> Book:
    """The edition of ``work`` the options ask for, with the work's first year as ``original_year``."""
    pref_lang = options.language

    def key(entry: tuple[float, int, Book]) -> tuple[float, ...]:
        value, rank, book = entry
        language = 0 if not pref_lang or book.language == pref_lang else 1 if book.language is None else 2
        publisher = 0 if not options.publisher or _publisher_matches(options.publisher, book.publisher) else 1
        year = book.year or 0
        order = (
            -year if options.edition == "latest" else (year or 9999) if options.edition == "earliest" else 0
        )
        return (language, publisher, 0 if book.isbn13 else 1, round(-value, 2), order, rank)

    chosen = min(work.books, key=key)[2]
    first_year = work.original_year
    if first_year and chosen.original_year != first_year:
        provenance = dict(chosen.provenance)
        provenance["original_year"] = provenance.get("original_year") or provenance.get("title", "")
        chosen = dataclasses.replace(chosen, original_year=first_year, provenance=tuple(provenance.items()))
    return chosen


def _describe(book: Book) -> str:
    people = ", ".join(book.authors[:2]) or "unknown author"
    year = book.original_year or book.year
    return f"{book.full_title!r} by {people}" + (f" ({year})" if year else "")


def _pinned(mention: Mention, found: Sequence[tuple[str, Book]]) -> Resolution | None:
    """The record of the mention's own ISBN, if a source knows it and its title fits."""
    for name, book in found:
        if book.isbn13 != mention.isbn:
            continue
        agreement = title_similarity(mention.title, book) if mention.title else 1.0
        if agreement < PINNED_TITLE_FLOOR:
            return None
        return Resolution(
            mention=mention,
            book=book,
            status=Status.RESOLVED,
            confidence=1.0,
            candidates=(book,),
            reason=f"ISBN {mention.isbn} in the text ({name})",
            evidence=(f"{name}: ISBN {mention.isbn} is {_describe(book)}",),
        )
    return None


def search_one(mention: Mention, sources: Sequence[Source], options: ResolveOptions) -> Resolution:
    """Everything per mention: search the sources, score, decide. Thread-safe; no shared state."""
    evidence: list[str] = []
    if mention.isbn:
        found, errors, answered = _search(mention, sources, options)
        pinned = _pinned(mention, found)
        if pinned is not None:
            return pinned
        evidence.append(f"ISBN {mention.isbn} from the text: no source has a matching record")
        mention_for_search = dataclasses.replace(mention, isbn=None)
        found, errors, answered = _search(mention_for_search, sources, options)
    else:
        found, errors, answered = _search(mention, sources, options)
    evidence += errors
    evidence.append(f"{len(found)} candidate records from {answered} of {len(sources)} sources")
    if not found:
        if errors and not answered:
            return Resolution(
                mention=mention, status=Status.ERROR, reason=errors[0], evidence=tuple(evidence)
            )
        return Resolution(
            mention=mention, status=Status.NOT_FOUND, reason="no candidate found", evidence=tuple(evidence)
        )
    works = _group(mention, found)
    best = works[0]
    confidence = round(best.score, 3)
    evidence += [f"{w.score:.2f} {_describe(w.best)}" for w in works[:3]]
    if best.score < options.min_confidence:
        return Resolution(
            mention=mention,
            status=Status.NOT_FOUND,
            confidence=confidence,
            candidates=tuple(w.best for w in works[:5]),
            reason=f"best candidate {_describe(best.best)} matches too weakly ({best.score:.2f})",
            evidence=tuple(evidence),
        )
    rivals = _rivals(works)
    if rivals:
        contenders = [best, *rivals]
        return Resolution(
            mention=mention,
            status=Status.AMBIGUOUS,
            confidence=confidence,
            candidates=tuple(_choose_edition(w, options) for w in contenders[:5]),
            reason=f"{len(contenders)} works by different authors match equally well: "
            + "; ".join(_describe(w.best) for w in contenders[:3]),
            evidence=tuple(evidence),
        )
    book = _choose_edition(best, options)
    return Resolution(
        mention=mention,
        book=book,
        status=Status.RESOLVED,
        confidence=confidence,
        candidates=(book, *(w.best for w in works[1:5])),
        reason=f"matched {_describe(book)} ({book.source_of('title') or 'unknown source'})",
        evidence=tuple(evidence),
    )


def _gaps(book: Book) -> bool:
    return any(getattr(book, name) in (None, "", ()) for name in ENRICH_FIELDS)


def _records(
    wanted: Sequence[str], sources: Sequence[Source], known: Mapping[str, Sequence[Book]]
) -> tuple[dict[str, Book], list[str]]:
    """The sources' records of the ``wanted`` ISBN-13s from their batched lookups, and the
    error messages of the sources that failed.

    Each source is asked only for the ISBNs no earlier source knew, and for those whose
    record, completed by each book of ``known[isbn]``, still lacks one of
    :data:`ENRICH_FIELDS`, so a second source (or an enricher such as ``isbnlib``) costs
    requests only for the gaps. Earlier sources win field by field.
    """
    records: dict[str, Book] = {}
    errors: list[str] = []
    for source in sources:
        missing = [
            isbn
            for isbn in wanted
            if isbn not in records
            or any(_gaps(merge(book, records[isbn])) for book in known.get(isbn, ()))
            or (not known.get(isbn) and _gaps(records[isbn]))
        ]
        if not missing:
            break
        try:
            found = source.by_isbns(missing)
        except SourceError as err:
            errors.append(str(err))
            continue
        for isbn, record in found.items():
            if isbn in missing:
                records[isbn] = merge(records[isbn], record) if isbn in records else record
    return records, errors


def enrich(
    resolutions: Sequence[Resolution], sources: Sequence[Source], options: ResolveOptions
) -> list[Resolution]:
    """Complete the chosen editions from the sources' batched ISBN lookups; order kept.

    A source that fails is skipped: enrichment is best effort (see :func:`_records` for who
    is asked what).
    """
    results = list(resolutions)
    known: dict[str, list[Book]] = {}
    for r in results:
        if r.book and r.book.isbn13:
            known.setdefault(r.book.isbn13, []).append(r.book)
    records, _ = _records(list(known), sources, known)
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
    found, _, _ = _search(mention, sources, options)
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
    records, errors = _records(wanted, sources, {})
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
    searched = [search_one(lookup.searches.get(i, mentions[i]), sources, options) for i in todo]
    results = dict(lookup.resolutions)
    for i, r in zip(todo, enrich(searched, sources, options), strict=True):
        results[i] = dataclasses.replace(r, mention=mentions[i])
    return [results[i] for i in range(len(mentions))]
