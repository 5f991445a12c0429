"""Resolution: mentions × sources → one Resolution per mention.

Does I/O only through the Source objects it is given. For each mention it searches the
sources in order, scores the candidates (:mod:`bibkit.match`), and if the best is close
enough, completes its edition record from the sources' ISBN lookups, batched across all
mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bibkit.errors import SourceError
from bibkit.match import score
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.sources.base import Source

__all__ = ["RESOLVE_THRESHOLD", "ResolveOptions", "resolve_mentions"]

RESOLVE_THRESHOLD = 0.85


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveOptions:
    """Options of :func:`bibkit.resolve`.

    Attributes:
        min_confidence: Best candidates scoring below this are ``not_found``.
    """

    min_confidence: float = RESOLVE_THRESHOLD


def merge(base: Book, extra: Book) -> Book:
    """``base`` with the fields it lacks taken from ``extra``; provenance follows each field."""
    changes: dict[str, Any] = {}
    provenance = dict(base.provenance)
    for f in dataclasses.fields(Book):
        if f.name in {"identifiers", "provenance"}:
            continue
        if getattr(base, f.name) in (None, "", ()) and getattr(extra, f.name) not in (None, "", ()):
            changes[f.name] = getattr(extra, f.name)
            provenance[f.name] = extra.source_of(f.name) or ""
    identifiers = dict(extra.identifiers) | dict(base.identifiers)
    return dataclasses.replace(
        base, **changes, identifiers=tuple(identifiers.items()), provenance=tuple(provenance.items())
    )


def _resolve_one(mention: Mention, sources: Sequence[Source], options: ResolveOptions) -> Resolution:
    candidates: list[tuple[float, Book]] = []
    errors: list[str] = []
    for source in sources:
        try:
            found = source.search(mention)
        except SourceError as err:
            errors.append(str(err))
            continue
        candidates.extend((score(mention, book), book) for book in found)
    candidates.sort(key=lambda pair: pair[0], reverse=True)
    ranked = tuple(book for _, book in candidates[:5])
    if not candidates:
        if errors:
            return Resolution(mention=mention, status=Status.ERROR, reason=errors[0])
        return Resolution(mention=mention, status=Status.NOT_FOUND, reason="no candidate found")
    best_score, best = candidates[0]
    if best_score < options.min_confidence:
        return Resolution(
            mention=mention,
            status=Status.NOT_FOUND,
            confidence=round(best_score, 3),
            candidates=ranked,
            reason=f"best candidate {best.full_title!r} matches too weakly ({best_score:.2f})",
        )
    return Resolution(
        mention=mention,
        book=best,
        status=Status.RESOLVED,
        confidence=round(best_score, 3),
        candidates=ranked,
        reason=f"matched {best.full_title!r} ({best.source_of('title') or 'unknown source'})",
    )


def resolve_mentions(
    mentions: Sequence[Mention], sources: Sequence[Source], options: ResolveOptions | None = None
) -> list[Resolution]:
    """Resolve each mention; one Resolution per mention, in input order."""
    options = options or ResolveOptions()
    results = [_resolve_one(m, sources, options) for m in mentions]
    isbns = [r.book.isbn13 for r in results if r.book and r.book.isbn13]
    if not isbns:
        return results
    records: dict[str, Book] = {}
    for source in sources:
        try:
            records.update({k: v for k, v in source.by_isbns(isbns).items() if k not in records})
        except SourceError:
            continue
    return [
        dataclasses.replace(r, book=merge(r.book, records[r.book.isbn13]))
        if r.book and r.book.isbn13 in records
        else r
        for r in results
    ]
