"""Many distinct books for concurrency and fault tests: a catalogue and mentions of each book.

Titles and authors are built from word lists so that every mention matches exactly one work.
"""

from __future__ import annotations

import itertools

from bibkit.isbn import to_isbn13
from bibkit.model import Mention
from tests.servers.catalog import Catalog, Edition, Work

ADJECTIVES = (
    "Silent",
    "Hidden",
    "Broken",
    "Golden",
    "Distant",
    "Northern",
    "Burning",
    "Frozen",
    "Hollow",
    "Scarlet",
)
NOUNS = (
    "Harbour",
    "Orchard",
    "Republic",
    "Frontier",
    "Cathedral",
    "Archive",
    "Meridian",
    "Lantern",
    "Garrison",
    "Delta",
)
GIVEN = (
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Irene",
    "Jonas",
)
FAMILY = (
    "Aldana",
    "Brevik",
    "Castell",
    "Dorsey",
    "Ellwood",
    "Farrant",
    "Gillam",
    "Haskell",
    "Ingram",
    "Jessop",
)


def _isbn(n: int) -> str:
    stem = f"978{n:09d}"
    for check in "0123456789":
        isbn = to_isbn13(stem + check)
        if isbn:
            return isbn
    raise AssertionError("no check digit")  # pragma: no cover


def bulk_books(n: int) -> tuple[Catalog, list[Mention]]:
    """``n`` (≤ 100) works, one edition with an ISBN each, and a mention naming each."""
    works: list[Work] = []
    mentions: list[Mention] = []
    pairs = itertools.product(ADJECTIVES, NOUNS)
    names = itertools.product(GIVEN, FAMILY)
    for i, ((adj, noun), (given, family)) in enumerate(zip(pairs, names, strict=False)):
        if i >= n:
            break
        title = f"The {adj} {noun}"
        author = f"{given} {family}"
        works.append(
            Work(
                f"OL{9000 + i}W",
                title,
                [author],
                1950 + i,
                editions=[Edition(f"OL{9000 + i}M", title, _isbn(100000 + i), "Bulk Press", str(1990 + i))],
            )
        )
        text = f"{author}, {title}"
        mentions.append(Mention(text=text, start=0, end=len(text), title=title, author=author))
    return Catalog(works), mentions
