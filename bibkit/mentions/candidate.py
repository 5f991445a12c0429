"""A candidate mention: a span that some pattern thinks could name a book, not yet judged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

__all__ = ["Candidate", "Proposals"]


@dataclass(slots=True)
class Candidate:
    """A title span (and maybe an author span beside it) proposed by one or more patterns.

    Offsets are into the page's view text. A candidate says nothing about how likely it is:
    that is for the features and the model. ``patterns`` collects the name of every pattern
    that proposed the same spans, which is itself evidence (a title that is both emphasised
    and followed by "by Author" is proposed twice).

    Attributes:
        sep: How the author is attached to the title: ``by`` ("Title by Author", and its
            equivalents in other languages), ``comma``, ``dash``, ``colon``, ``paren``
            ("Title (Author)"), ``possessive`` ("Author's Title"), ``line`` (the author on the
            next line), ``cite`` (a formal reference) or "" when there is no author.
        year: A year the pattern read beside the title.
        isbn: An ISBN-13 the pattern read in or beside the title.
        identifier: The span is an identifier itself (an ISBN or an address carrying one),
            not a title.
    """

    title_start: int
    title_end: int
    author_start: int = -1
    author_end: int = -1
    sep: str = ""
    year: int | None = None
    isbn: str | None = None
    identifier: bool = False
    patterns: set[str] = field(default_factory=set)

    @property
    def start(self) -> int:
        return self.title_start if self.author_start < 0 else min(self.title_start, self.author_start)

    @property
    def end(self) -> int:
        return self.title_end if self.author_start < 0 else max(self.title_end, self.author_end)

    @property
    def has_author(self) -> bool:
        return self.author_start >= 0

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.title_start, self.title_end, self.author_start, self.author_end)


class Proposals:
    """The candidates of one document, each pair of spans once, with every pattern that proposed it."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[int, int, int, int], Candidate] = {}

    def add(
        self,
        pattern: str,
        title_start: int,
        title_end: int,
        author_start: int = -1,
        author_end: int = -1,
        *,
        sep: str = "",
        year: int | None = None,
        isbn: str | None = None,
        identifier: bool = False,
    ) -> Candidate | None:
        if title_end <= title_start:
            return None
        key = (title_start, title_end, author_start, author_end)
        found = self._by_key.get(key)
        if found is None:
            found = Candidate(title_start, title_end, author_start, author_end, sep=sep, year=year, isbn=isbn)
            self._by_key[key] = found
        found.patterns.add(pattern)
        if year is not None and found.year is None:
            found.year = year
        if isbn is not None and found.isbn is None:
            found.isbn = isbn
        found.identifier = found.identifier or identifier
        if sep and not found.sep:
            found.sep = sep
        return found

    def discard(self, drop: Callable[[Candidate], bool]) -> None:
        """Forget the candidates ``drop`` says cannot be a mention's span."""
        self._by_key = {key: c for key, c in self._by_key.items() if not drop(c)}

    def sort(self) -> None:
        """Put the candidates in text order: the order patterns found them in can follow the
        iteration of sets of strings, which changes from one process to the next, and a model
        trained on the same texts must come out the same."""
        self._by_key = dict(sorted(self._by_key.items()))

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def titles(self) -> list[Candidate]:
        return list(self._by_key.values())
