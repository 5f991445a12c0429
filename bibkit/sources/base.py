"""The Source protocol: the one interface resolution uses to reach a catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from bibkit.model import Book, Mention

__all__ = ["EditionAware", "EditionOrder", "EditionPreference", "Source", "Versioned"]

EditionOrder = Literal["latest", "earliest", "any"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EditionPreference:
    """Which edition of a work a search should put first.

    Attributes:
        order: ``latest``, ``earliest`` or ``any`` (the service's own best edition).
        language: ISO 639-1 code of the preferred language, or None for no preference.
        publisher: Preferred publisher (compared loosely), or None.
    """

    order: EditionOrder = "latest"
    language: str | None = "en"
    publisher: str | None = None


@runtime_checkable
class Source(Protocol):
    """A catalogue that can search by title/author and look up ISBNs.

    ``search`` returns candidate editions (best effort, unscored: scoring is
    :mod:`bibkit.match`'s job); a mention with an empty title (and no ISBN) asks for the works
    of its author (see :mod:`bibkit.queries`). ``by_isbns`` looks up many ISBN-13s at once and
    returns only those it knows; sources with a batch endpoint use it, others loop. A source
    may set ``fills_gaps = False`` to be asked by ISBN only for editions no earlier source
    knows, not for the fields they lack (see :func:`bibkit.resolve.enrich`). Both raise
    :class:`bibkit.errors.SourceError` subclasses when the service fails, and return empty
    results when it simply knows nothing.
    """

    name: str

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]: ...

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]: ...


@runtime_checkable
class EditionAware(Protocol):
    """Optional: a source that can choose the edition it returns for each work in the same
    request (Open Library's ``editions`` sub-query, Google's ``langRestrict``). Resolution
    calls this instead of ``search`` when a source has it."""

    def search_editions(
        self, mention: Mention, *, limit: int, prefer: EditionPreference
    ) -> tuple[Book, ...]: ...


@runtime_checkable
class Versioned(Protocol):
    """Optional: a source whose answers change when its data is rebuilt (a local catalogue).
    ``version`` identifies the data, so that resolutions cached from other data are not
    reused."""

    @property
    def version(self) -> str: ...
