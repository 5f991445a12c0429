"""One-shot lookups: an ISBN, or "author title words", to the edition they name.

``bibkit lookup`` answers the way ``isbn_meta`` and ``isbn_goom`` do, but through bibkit's
own resolution: the same sources, scoring, edition choice and caches as ``convert``. An ISBN
(any form isbnlib reads) is looked up by ISBN. Words are first read as a mention would be
("The Prophet Armed by Isaac Deutscher", "Deutscher, The Prophet Armed"); words that name no
author that way ("deutscher prophet armed") are tried as the title alone and with the first
or last one or two words as the author, and the readings are scored like any mention: the
best resolved one wins, so a wrong split never beats the right one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Unpack

from bibkit.isbn import to_isbn13
from bibkit.mentions.extract import extract
from bibkit.model import Mention, Resolution, Status
from bibkit.options import ResolveKwargs
from bibkit.session import Session

__all__ = ["lookup", "readings"]


def readings(query: str) -> list[Mention]:
    """The mentions ``query`` may stand for, the most explicit first (see the module doc).

    Raises:
        ValueError: ``query`` has no word in it.
    """
    words = query.split()
    if not words:
        raise ValueError("an empty query names no book")
    text = " ".join(words)
    isbn = to_isbn13(text)
    if isbn:
        return [Mention(text=text, start=0, end=len(text), title="", isbn=isbn, kind="isbn")]
    found = [m for m in extract(text) if m.title or m.isbn]
    if len(found) == 1 and (found[0].author or found[0].isbn):
        return [found[0]]

    def reading(author: Sequence[str], title: Sequence[str]) -> Mention:
        name = " ".join(w[:1].upper() + w[1:] for w in author) or None
        return Mention(text=text, start=0, end=len(text), title=" ".join(title), author=name, kind="query")

    out = [reading([], words)]
    for n in (1, 2):
        if len(words) > n:
            out += [reading(words[:n], words[n:]), reading(words[-n:], words[:-n])]
    return out


def _best(results: Sequence[Resolution]) -> Resolution:
    """The reading to report: the most confident resolved one, else the most confident."""
    resolved = [r for r in results if r.status is Status.RESOLVED]
    return max(resolved or results, key=lambda r: r.confidence)


def lookup(
    queries: Iterable[str],
    *,
    session: Session,
    **options: Unpack[ResolveKwargs],
) -> list[Resolution]:
    """One Resolution per query, in order, each for the reading of it that resolves best.

    Args:
        queries: ISBNs, or "author title words".
        session: The session whose sources and caches answer.
        **options: How to resolve, as for :meth:`Session.resolve`.

    Returns:
        The resolutions; a query that resolves in no reading is ``not_found`` or
        ``ambiguous`` with its best reading's reason.

    Raises:
        ValueError: A query is empty.
        SourceUnavailable: Every lookup failed.
    """
    asked = [(query, readings(query)) for query in queries]
    flat = [m for _, ms in asked for m in ms]
    results = session.resolve(flat, **options)
    out: list[Resolution] = []
    at = 0
    for _, ms in asked:
        out.append(_best(results[at : at + len(ms)]))
        at += len(ms)
    return out
