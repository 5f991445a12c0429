"""The one "same book" rule, as .bib merging and the Zotero index both apply it."""

from __future__ import annotations

import pytest

from bibkit.identity import BookIndex, keys_of, same_book
from bibkit.model import Book
from bibkit.zotero import LibraryIndex, to_zotero_item
from bibkit.zotero.index import ExistingItem


def _by(title: str, author: str, subtitle: str | None = None) -> Book:
    return Book(title=title, subtitle=subtitle, authors=(author,))


PAIRS = [
    (Book(title="x", isbn13="9780745399980"), Book(title="y", isbn10="0-7453-9998-3"), True),
    (_by("The Prophet Armed", "Isaac Deutscher"), _by("Prophet armed", "Deutscher, Isaac"), True),
    (_by("Lust for Life", "van Gogh, Vincent"), _by("Lust for Life", "Vincent van Gogh"), True),
    (_by("Strength to Love", "Martin Luther King, Jr."), _by("Strength to Love", "M. L. King Jr."), True),
    (_by("Red Petrograd", "S. A. Smith", "In the Factories"), _by("Red Petrograd", "Smith, S. A."), True),
    (_by("The Russian Revolution", "Sheila Fitzpatrick"), _by("The Russian Revolution", "R. Pipes"), False),
    (Book(title="T", isbn13="9780745399980"), Book(title="T", isbn13="9780521247597"), False),
]


@pytest.mark.parametrize(("a", "b", "same"), PAIRS)
def test_merge_and_zotero_agree_on_the_same_book(a: Book, b: Book, same: bool) -> None:
    assert same_book(a, b) is same
    index = BookIndex()
    index.add(keys_of(a), "a")
    assert (index.find(keys_of(b)) == "a") is same
    library = LibraryIndex.from_items([to_zotero_item(a)])
    assert (library.find(b) is not None) is same


def test_zotero_also_wants_the_years_to_agree() -> None:
    book = Book(title="The Prophet Armed", authors=("Isaac Deutscher",), year=1954)
    library = LibraryIndex()
    library.add_book(book, ExistingItem(key="ABCD2345", version=1, title=book.title))
    assert library.find(Book(title="The Prophet Armed", authors=("Isaac Deutscher",), year=2003)) is None
    assert library.find(Book(title="The Prophet Armed", authors=("Isaac Deutscher",))) is not None
