"""The public functions. Each is thin: pure steps need no Session; network steps open a
short-lived one unless given one."""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.formats import dumps as _dumps
from bibkit.formats import load_books as _load_books
from bibkit.formats.bibtex import dumps as _bibtex_dumps
from bibkit.formats.keys import DEFAULT_PATTERN
from bibkit.mentions.extract import extract as _extract
from bibkit.model import Book, Mention, Resolution
from bibkit.session import Session

__all__ = ["books_of", "dumps", "extract", "load_books", "resolve", "to_bibtex"]


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


def dumps(
    items: Iterable[Book | Resolution],
    *,
    format: str = "bibtex",
    ascii: bool | None = None,
    key_pattern: str = DEFAULT_PATTERN,
) -> str:
    """The books in ``items`` as ``bibtex``, ``biblatex``, ``csljson`` or ``ris`` text.

    Resolutions without a book are skipped. Pure: no network, no disk.

    Args:
        items: Books, or resolutions from :func:`resolve`.
        format: Output format name (see :data:`bibkit.formats.FORMATS`).
        ascii: .bib only: LaTeX accents instead of UTF-8 (default: BibTeX yes, BibLaTeX no).
        key_pattern: Citation key pattern, Better BibTeX style (``auth.lower + shorttitle(3,3) + year``).

    Raises:
        ConfigError: Unknown format or key pattern.
    """
    return _dumps(books_of(items), format=format, ascii=ascii, key_pattern=key_pattern)


def load_books(source: str, *, format: str | None = None) -> list[Book]:
    """The books of a .bib or CSL-JSON file (a path, or the text itself).

    Raises:
        FormatError: Unreadable or malformed input; the message names the line.
    """
    return _load_books(source, format=format)
