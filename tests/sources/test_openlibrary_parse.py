"""Open Library's recorded responses map to editions the way a citation needs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibkit.sources.openlibrary import parse_books_api, parse_search


def _recorded(shared_dir: Path, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((shared_dir / "reference" / "responses" / name).read_text(encoding="utf-8-sig"))


def test_books_api_record_fills_publisher_place_pages_and_identifiers(shared_dir: Path) -> None:
    books = parse_books_api(_recorded(shared_dir, "openlibrary-books-api-jscmd-data-isbn-9780980200447.json"))
    book = books["9780980200447"]
    assert (book.title, book.authors, book.publisher, book.year) == (
        "Slow reading",
        ("John Miedema",),
        "Litwin Books",
        2009,
    )
    assert book.pages == 92
    assert book.identifier("openlibrary_edition") == "OL22853304M"
    assert book.identifier("oclc") == "297222669" and book.identifier("lccn") == "2008054742"
    assert book.source_of("publisher") == "openlibrary"


def test_books_api_batch_keys_every_record_by_its_isbn13(shared_dir: Path) -> None:
    payload = _recorded(shared_dir, "openlibrary-books-api-jscmd-data-batch-isbn-lccn-olid.json")
    books = parse_books_api(payload)
    # Bibkeys by LCCN or OLID are keyed by the edition's own ISBN, when it has one.
    assert "9780439064873" in books
    assert len(books) == sum(1 for record in payload.values() if record.get("title"))
    assert all(len(isbn) == 13 and isbn.isdigit() for isbn in books)


def test_legacy_search_without_editions_gives_work_level_candidates(shared_dir: Path) -> None:
    [book] = parse_search(_recorded(shared_dir, "openlibrary-search-legacy-2020-time-war.json"))[:1]
    assert book.title == "This Is How You Lose the Time War"
    assert book.authors == ("Amal El-Mohtar", "Max Gladstone")
    assert book.original_year == 2019
    assert book.edition_years == (2019,)  # the work's publish_year: every edition's year
    # Without the editions sub-document there is no concrete edition: no ISBN is invented
    # from the work's union of every edition's ISBNs.
    assert book.isbn13 is None


def test_editions_subdocument_gives_the_editions_own_isbn_and_title() -> None:
    payload = {
        "numFound": 1,
        "docs": [
            {
                "key": "/works/OL8629083W",
                "title": "Pedagogicheskai͡a︡ poėma",
                "author_name": ["Anton Semenovich Makarenko"],
                "first_publish_year": 1933,
                "isbn": ["9783129396605", "9780898755084"],
                "editions": {
                    "numFound": 17,
                    "docs": [
                        {
                            "key": "/books/OL800M",
                            "title": "The Road to Life",
                            "isbn": ["089875559X"],
                            "publisher": ["Oriole Editions"],
                            "publish_date": ["1973"],
                            "language": ["eng"],
                        }
                    ],
                },
            }
        ],
    }
    [book] = parse_search(payload)
    assert (book.title, book.isbn13, book.publisher, book.year, book.language) == (
        "The Road to Life",
        "9780898755596",
        "Oriole Editions",
        1973,
        "en",
    )
    assert book.original_year == 1933
    assert book.identifier("openlibrary_work") == "OL8629083W"
    assert book.edition_years == ()  # no publish_year asked for: the other editions' years are unknown


@pytest.mark.parametrize(
    "payload", [{}, {"docs": None}, {"docs": [{"key": "/works/OL1W"}]}, {"docs": ["junk"]}]
)
def test_odd_payloads_give_no_candidates(payload: dict) -> None:  # type: ignore[type-arg]
    assert parse_search(payload) == ()
