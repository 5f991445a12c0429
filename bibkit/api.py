"""The public functions. Each is thin: pure steps need no Session; network steps open a
short-lived one unless given one."""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.formats.bibtex import dumps as _bibtex_dumps
from bibkit.mentions.extract import extract as _extract
from bibkit.model import Book, Mention, Resolution
from bibkit.session import Session

__all__ = ["extract", "resolve", "to_bibtex"]


def extract(text: str) -> list[Mention]:
    """Every book mention in ``text``, in order. Pure, offline and deterministic."""
    return _extract(text)


def resolve(
    items: str | Iterable[Mention],
    *,
    session: Session | None = None,
    sources: Iterable[str] | None = None,
    min_confidence: float | None = None,
) -> list[Resolution]:
    """Resolve mentions to editions; a ``str`` is extracted first. One Resolution per mention.

    Args:
        items: Text, or mentions from :func:`extract`.
        session: A Session to reuse; by default one is opened from the configuration.
        sources: Source names to consult, in order (default: the configuration's).
        min_confidence: Best candidates below this confidence are reported as not found.
    """
    if session is not None:
        return session.resolve(items, sources=sources, min_confidence=min_confidence)
    with Session() as own:
        return own.resolve(items, sources=sources, min_confidence=min_confidence)


def books_of(items: Iterable[Book | Resolution]) -> list[Book]:
    """The books in ``items``; resolutions without a book are skipped."""
    out: list[Book] = []
    for item in items:
        if isinstance(item, Resolution):
            if item.book is not None:
                out.append(item.book)
        else:
            out.append(item)
    return out


def to_bibtex(items: Iterable[Book | Resolution]) -> str:
    """BibTeX for the books in ``items``; resolutions without a book are skipped."""
    return _bibtex_dumps(books_of(items))
