"""Records survive a JSON round trip unchanged, so --json output and caches lose nothing."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bibkit.model import Book, Mention, Resolution, Status

DEUTSCHER = Book(
    title="The Prophet Armed",
    subtitle="Trotsky, 1879–1921",
    authors=("Isaac Deutscher",),
    publisher="Verso",
    year=2015,
    original_year=1954,
    isbn13="9781781683118",
    language="en",
    identifiers=(("openlibrary_work", "OL400W"),),
    provenance=(("title", "openlibrary"), ("publisher", "openlibrary")),
)


def test_resolution_round_trips_through_json() -> None:
    mention = Mention(
        text="Deutscher, The Prophet Armed",
        start=10,
        end=38,
        title="The Prophet Armed",
        author="Deutscher",
        author_normalized="Isaac Deutscher",
    )
    resolution = Resolution(
        mention=mention,
        book=DEUTSCHER,
        status=Status.RESOLVED,
        confidence=0.97,
        candidates=(DEUTSCHER,),
        reason="matched",
        evidence=("title 1.00",),
    )
    again = Resolution.from_dict(json.loads(json.dumps(resolution.to_dict())))
    assert again == resolution
    assert again.book is not None and again.book.source_of("publisher") == "openlibrary"
    assert again.book.identifier("openlibrary_work") == "OL400W"


def test_records_are_hashable_and_frozen() -> None:
    assert len({DEUTSCHER, DEUTSCHER}) == 1
    assert DEUTSCHER.full_title == "The Prophet Armed: Trotsky, 1879–1921"


@given(
    title=st.text(min_size=1), authors=st.lists(st.text(), max_size=3), year=st.none() | st.integers(0, 3000)
)
def test_any_book_round_trips(title: str, authors: list[str], year: int | None) -> None:
    book = Book(title=title, authors=tuple(authors), year=year)
    assert Book.from_dict(json.loads(json.dumps(book.to_dict()))) == book
