"""The Source protocol: the one interface resolution uses to reach a catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bibkit.model import Book, Mention

__all__ = ["Source"]


@runtime_checkable
class Source(Protocol):
    """A catalogue that can search by title/author and look up ISBNs.

    ``search`` returns candidate editions (best effort, unscored: scoring is
    :mod:`bibkit.match`'s job). ``by_isbns`` looks up many ISBN-13s at once and returns only
    those it knows; sources with a batch endpoint use it, others loop. Both raise
    :class:`bibkit.errors.SourceError` subclasses when the service fails, and return empty
    results when it simply knows nothing.
    """

    name: str

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]: ...

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]: ...
