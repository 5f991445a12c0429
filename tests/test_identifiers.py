"""The identifier contract between extraction and resolution.

An ISBN written alone (with or without "ISBN", hyphenated, spaced, as an ISBN-10, on a list
line, or inside a bookshop, Open Library, Google Books or Goodreads address) is a mention of
kind ``isbn`` with no title, the ISBN-13 as ``isbn``, and a span covering the identifier (its
"ISBN" prefix or the whole address). A title written with an ISBN is one mention with that
title and that ISBN. Resolution looks the ISBNs up in batches and applies the title check only
to a mention with a title. These tests describe behaviour, so any extractor must pass them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import bibkit
from bibkit.model import Mention, Status
from tests.servers.isbn_books import EXPECTED, READING_LIST, isbn_catalog
from tests.servers.openlibrary import FakeServices

CARR = "9780393301953"  # E. H. Carr, The Bolshevik Revolution 1917-1923, Norton 1985 (ISBN-10 0393301958)


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("ISBN 978-0-393-30195-3", "ISBN 978-0-393-30195-3"),
        ("ISBN: 0393301958", "ISBN: 0393301958"),
        ("ISBN-10: 0-393-30195-8", "ISBN-10: 0-393-30195-8"),
        ("ISBN-13 978 0 393 30195 3", "ISBN-13 978 0 393 30195 3"),
        ("- 9780393301953", "9780393301953"),
        ("* 0393301958", "0393301958"),
        ("9780393301953", "9780393301953"),
        ("https://openlibrary.org/isbn/9780393301953", "https://openlibrary.org/isbn/9780393301953"),
        ("https://www.goodreads.com/book/isbn/0393301958", "https://www.goodreads.com/book/isbn/0393301958"),
        ("https://books.google.com/books?vid=ISBN9780393301953",
         "https://books.google.com/books?vid=ISBN9780393301953"),
        ("https://www.amazon.com/dp/0393301958/", "https://www.amazon.com/dp/0393301958/"),
        ("https://bookshop.org/a/123/9780393301953", "https://bookshop.org/a/123/9780393301953"),
        ("I ordered https://bookshop.org/a/123/9780393301953 today.", "https://bookshop.org/a/123/9780393301953"),
    ],
)
def test_an_identifier_alone_is_an_isbn_mention_without_a_title(text: str, identifier: str) -> None:
    [mention] = bibkit.extract(text)
    assert (mention.title, mention.isbn, mention.kind) == ("", CARR, "isbn")
    assert mention.text == identifier == text[mention.start : mention.end]
    assert mention.author is None and mention.subtitle is None


@pytest.mark.parametrize(
    "text",
    [
        "Red Petrograd, ISBN 978-0-521-24759-7",
        "Red Petrograd (ISBN 0521247594)",
        "Red Petrograd - ISBN 9780521247597",
        "Red Petrograd — ISBN: 0-521-24759-4",
        "[Red Petrograd](https://openlibrary.org/isbn/9780521247597)",
        "- [Red Petrograd](https://www.goodreads.com/book/isbn/0521247594)",
    ],
)
def test_a_title_with_its_isbn_is_one_mention_with_both(text: str) -> None:
    [mention] = bibkit.extract(text)
    assert mention.title == "Red Petrograd"
    assert mention.isbn == "9780521247597"
    assert mention.author is None
    assert text[mention.start : mention.end] == mention.text


def test_an_author_title_and_isbn_keep_all_three() -> None:
    [mention] = bibkit.extract("E. H. Carr, The Bolshevik Revolution, ISBN 0393301958")
    assert (mention.author, mention.title, mention.isbn) == ("E. H. Carr", "The Bolshevik Revolution", CARR)


def test_a_reading_list_of_identifiers_gives_one_mention_each() -> None:
    text = "To buy:\n- ISBN 978-0-393-30195-3\n- 9781608462674\n- The Prophet Armed by Isaac Deutscher\n"
    mentions = bibkit.extract(text)
    assert [(m.title, m.isbn) for m in mentions] == [
        ("", CARR), ("", "9781608462674"), ("The Prophet Armed", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Call the shop on 0393301958 before noon.",  # ten digits in a sentence: a phone number
        "Order 9780393301954 is late.",  # thirteen digits, wrong check digit
        "See https://twitter.com/someone/status/0393301958",  # not a bookshop or catalogue
    ],
)
def test_numbers_that_are_no_isbn_are_no_mention(text: str) -> None:
    assert all(m.isbn is None for m in bibkit.extract(text))


def test_the_isbn_only_reading_list_resolves_in_one_batched_request(tmp_path: Path) -> None:
    with FakeServices(isbn_catalog()) as server:
        config = server.config(cache_dir=tmp_path).replace(sources=("openlibrary", "googlebooks"))
        with bibkit.Session(config) as session:
            results = session.resolve(READING_LIST)
        assert [(r.book.isbn13, r.book.title, r.book.authors[0]) for r in results if r.book] == list(EXPECTED)
        assert all(r.status is Status.RESOLVED and r.confidence == 1.0 for r in results)
        assert len(server.paths("/api/books")) == 1  # 20 ISBNs: one Books API request
        assert server.paths("/search.json") == [] and server.paths("/books/v1") == []
        [request] = [r for r in server.requests if r.path == "/api/books"]
        assert len(request.arg("bibkeys").split(",")) == 20


def test_isbn_lookups_go_25_to_a_request(tmp_path: Path) -> None:
    isbns = [e[0] for e in EXPECTED]
    mentions = [Mention(text=i, start=0, end=13, title="", isbn=i, kind="isbn") for i in isbns + isbns[:10]]
    with FakeServices(isbn_catalog()) as server, bibkit.Session(server.config(cache_dir=tmp_path)) as session:
        unknown = Mention(text="x", start=0, end=1, title="", isbn="9790000000001", kind="isbn")
        results = session.resolve([*mentions, unknown])
        assert sum(r.status is Status.RESOLVED for r in results) == 30
        assert len(server.paths("/api/books")) == 1  # the same ISBN twice is asked once


def test_the_title_check_applies_only_when_the_text_gives_a_title(tmp_path: Path) -> None:
    mentions = [
        Mention(text="ISBN 0393301958", start=0, end=15, title="", isbn=CARR, kind="isbn"),
        Mention(text="x", start=0, end=1, title="The Bolshevik Revolution", isbn=CARR),
        # A title that is not the record's: the ISBN is a wrong link, the title is searched.
        Mention(text="y", start=0, end=1, title="Red Petrograd", author="S. A. Smith", isbn=CARR),
    ]
    with FakeServices(isbn_catalog()) as server, bibkit.Session(server.config(cache_dir=tmp_path)) as session:
        alone, titled, mismatched = session.resolve(mentions)
    assert alone.book is not None and alone.book.isbn13 == CARR
    assert "ISBN 9780393301953 in the text" in alone.reason
    assert titled.book is not None and titled.book.isbn13 == CARR
    assert mismatched.book is not None and mismatched.book.isbn13 == "9780521247597"
    assert mismatched.mention.isbn == CARR  # the mention is reported as written


def test_an_unknown_isbn_alone_is_not_found_with_its_reason(tmp_path: Path) -> None:
    with FakeServices(isbn_catalog()) as server, bibkit.Session(server.config(cache_dir=tmp_path)) as session:
        [result] = session.resolve("ISBN 979-10-90636-07-1\n")
    assert result.status is Status.NOT_FOUND
    assert result.reason == "no source knows ISBN 9791090636071"


def test_an_isbn_record_without_a_date_takes_the_works_first_year(tmp_path: Path) -> None:
    from tests.servers.catalog import Catalog, Edition, Work

    catalog = Catalog([Work("OL1W", "The Elements of Style", ["William Strunk"], 1918, editions=[
        Edition("OL1M", "The Elements of Style", "9780205313426", "Longman", "1999"),
        Edition("OL2M", "The Elements of Style", "9780205309023", None, None),
    ])])  # fmt: skip
    with FakeServices(catalog) as server, bibkit.Session(server.config(cache_dir=tmp_path)) as session:
        [result] = session.resolve("ISBN 0-205-30902-X\n")
    assert result.book is not None and result.book.original_year == 1918
    assert "year = {1918}" in bibkit.to_bibtex([result])  # never an undated entry


def test_one_mention_resolved_alone_takes_the_same_isbn_path_as_a_batch(tmp_path: Path) -> None:
    from bibkit.resolve import ResolveOptions, search_one

    alone = Mention(text="ISBN 0393301958", start=0, end=15, title="", isbn=CARR, kind="isbn")
    mismatched = Mention(text="y", start=0, end=1, title="Red Petrograd", author="S. A. Smith", isbn=CARR)
    with FakeServices(isbn_catalog()) as server, bibkit.Session(server.config(cache_dir=tmp_path)) as session:
        sources = session.sources()
        found = search_one(alone, sources, ResolveOptions())
        assert found.book is not None and found.book.isbn13 == CARR
        assert "ISBN 9780393301953 in the text" in found.reason
        assert len(server.paths("/api/books")) == 1 and server.paths("/search.json") == []
        searched = search_one(mismatched, sources, ResolveOptions())
    assert searched.book is not None and searched.book.isbn13 == "9780521247597"
    assert searched.mention.isbn == CARR
    assert "ISBN 9780393301953 from the text: no source has a matching record" in searched.evidence
