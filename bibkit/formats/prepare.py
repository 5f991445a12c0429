"""What a written entry carries: the book as every output writes it. Pure.

Catalogue records are not yet citations. Three things are settled here, once for every
format (and for Zotero items), so that no user has to clean a bibliography by hand:

* the year: the edition's, else the year the work was first published, so that no entry is
  undated ("empty year" in BibTeX) when the work's date is known; ``original_year`` stays, so
  BibLaTeX still writes ``origdate`` and BibTeX its "First published" note when they differ;
* the series: a series note a catalogue leaves in the title ("The Russian Revolution (Opus
  Books)", Goodreads' "(The Prophet, #1)") goes into ``series`` (and ``volume``), so the title is
  the title, in the output and when a merge looks for the same book;
* left-out fields: Better BibTeX's "skip fields": ``url``, ``note``, ``isbn``... as the user
  chooses (``--skip-fields``, config ``skip_fields``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from bibkit.errors import ConfigError
from bibkit.model import Book

__all__ = ["SKIPPABLE", "prepare", "skip_fields", "split_series"]

#: Field names that may be left out, each with the Book field it clears ("note" clears none:
#: the BibTeX writer leaves its note out). Aliases are the names of the output fields: "pages"
#: is a book's page count and an article's or chapter's page range alike, "pagetotal" the count.
SKIPPABLE: dict[str, str | None] = {
    "url": "url",
    "note": None,
    "isbn": "isbn13",
    "doi": "doi",
    "pages": "page_range",
    "pagetotal": "pages",
    "language": "language",
    "langid": "language",
    "series": "series",
    "edition": "edition",
    "publisher": "publisher",
    "place": "place",
    "address": "place",
    "location": "place",
    "origdate": "original_year",
    "original_year": "original_year",
}

_NUMBERED = re.compile(r"\s*\(([^()]*?)[,;]?\s*#\s*(\d+(?:\.\d+)?)\)\s*$")
_SERIES_NOTE = re.compile(
    r"\s*\(((?:[^()]*\s)?(?:Books|Classics|Library|Series|Collection|Editions|Paperbacks|Modern Classics)"
    r"(?:\s[^()]*)?)\)\s*$"
)


def split_series(title: str) -> tuple[str, str | None, str | None]:
    """``(title, series, volume)`` from a title that carries its series in a trailing note.

    "The Russian Revolution (Opus Books)" → ("The Russian Revolution", "Opus Books", None);
    "The Prophet Armed (The Prophet, #1)" → ("The Prophet Armed", "The Prophet", "1"). A
    title without such a note comes back as it is.
    """
    numbered = _NUMBERED.search(title)
    if numbered and title[: numbered.start()].strip():
        series = numbered.group(1).strip(" ,;") or None
        return title[: numbered.start()].strip(), series, numbered.group(2)
    note = _SERIES_NOTE.search(title)
    if note and title[: note.start()].strip():
        return title[: note.start()].strip(), note.group(1).strip(), None
    return title, None, None


def skip_fields(names: Iterable[str]) -> frozenset[str]:
    """The canonical names of the fields to leave out.

    Raises:
        ConfigError: a name that cannot be left out (the title, authors and year always stay).
    """
    out: set[str] = set()
    for raw in names:
        name = raw.strip().lower()
        if not name:
            continue
        if name not in SKIPPABLE:
            known = ", ".join(sorted(SKIPPABLE))
            raise ConfigError(f"cannot leave out field {raw!r}; fields that can be left out: {known}")
        out.add(name)
    return frozenset(out)


def prepare(book: Book, *, skip: Iterable[str] = ()) -> Book:
    """``book`` as it is written: dated, its series out of its title, ``skip`` fields left out.

    Only a book's title is searched for a series note: an article's or a chapter's title is
    as its author wrote it.
    """
    changes: dict[str, Any] = {}
    title, series, volume = split_series(book.title) if book.kind == "book" else (book.title, None, None)
    if series is not None:
        changes["title"] = title
        if not book.series:
            changes["series"] = series
            if volume and not book.volume:
                changes["volume"] = volume
    if book.year is None and book.original_year is not None:
        changes["year"] = book.original_year
    for name in skip:
        target = SKIPPABLE.get(name)
        if target == "isbn13":
            changes["isbn13"] = changes["isbn10"] = None
        elif target == "page_range":
            changes["pages"] = changes["page_range"] = None
        elif target == "doi":
            changes["identifiers"] = tuple(pair for pair in book.identifiers if pair[0] != "doi")
        elif target == "series":
            changes["series"] = changes["volume"] = None
        elif target is not None:
            changes[target] = None
    return dataclasses.replace(book, **changes) if changes else book
