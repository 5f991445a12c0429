"""``bibkit lookup``: one-shot answers for ISBNs and "author title words", in any format,
through the same sources, scoring and cache as convert."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import bibkit
from bibkit.cli import cli
from bibkit.lookup import readings
from bibkit.model import Status
from tests.servers.classics import classics_catalog
from tests.servers.isbn_books import isbn_catalog
from tests.servers.openlibrary import FakeServices


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(isbn_catalog()) as fake:
        yield fake


def _lookup(server: FakeServices, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--openlibrary-url", server.url, "--google-books-url", server.url, "lookup", *args]
    )


def test_isbns_in_any_form_answer_with_their_edition(server: FakeServices) -> None:
    result = _lookup(server, "978-0-393-30195-3", "ISBN 0-521-24759-4", "-f", "csljson")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["ISBN"], i["title"]) for i in items] == [
        ("9780393301953", "The Bolshevik Revolution, 1917-1923"),
        ("9780521247597", "Red Petrograd"),
    ]
    assert len(server.paths("/api/books")) == 1 and server.paths("/search.json") == []


@pytest.mark.parametrize("words", ["deutscher prophet armed", "prophet armed deutscher",
                                   "Deutscher, The Prophet Armed"])
def test_author_and_title_words_find_the_work_in_any_order(server: FakeServices, words: str) -> None:
    result = _lookup(server, words, "-f", "ris")
    assert result.exit_code == 0, result.stderr
    assert "TI  - The Prophet Armed: Trotsky, 1879-1921\r\n" in result.stdout_bytes.decode()
    assert "AU  - Deutscher, Isaac" in result.stdout  # not the Unarmed or the Outcast


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("vonnegut slaugterhouse five", "Slaughterhouse-Five"),  # misspelt: the author's works
        ("tolkein hobbit", "The Hobbit"),  # misspelt author: the title's words
        ("smith wealth of nations", "An Inquiry into the Nature and Causes of the Wealth of Nations"),
    ],
)
def test_words_as_people_write_them_find_the_book(words: str, title: str) -> None:
    with FakeServices(classics_catalog()) as classics:
        result = _lookup(classics, words, "-f", "csljson")
    assert result.exit_code == 0, result.stderr
    assert [item["title"] for item in json.loads(result.stdout)] == [title]


def test_a_second_lookup_is_answered_from_the_cache(server: FakeServices, tmp_path: Path) -> None:
    assert _lookup(server, "deutscher prophet armed").exit_code == 0
    asked = len(server.requests)
    again = _lookup(server, "deutscher prophet armed")
    assert again.exit_code == 0 and len(server.requests) == asked


def test_nothing_found_is_said_and_exits_3(server: FakeServices) -> None:
    result = _lookup(server, "nobody wrote this book")
    assert result.exit_code == 3 and result.stdout == ""
    assert "not found: 'nobody wrote this book'" in result.stderr


def test_readings_try_the_title_alone_then_the_author_at_either_end() -> None:
    found = [(m.author, m.title) for m in readings("prophet armed deutscher")]
    assert found[0] == (None, "prophet armed deutscher")
    assert ("Deutscher", "prophet armed") in found
    [isbn] = readings("ISBN 0-393-30195-8")
    assert (isbn.title, isbn.isbn, isbn.kind) == ("", "9780393301953", "isbn")


def test_the_library_looks_up_what_the_command_prints(server: FakeServices) -> None:
    printed = json.loads(_lookup(server, "0393301958", "deutscher prophet armed", "-f", "csljson").stdout)
    with bibkit.Session(server.config()) as session:
        results = bibkit.lookup(["0393301958", "deutscher prophet armed"], session=session)
    assert [r.status for r in results] == [Status.RESOLVED, Status.RESOLVED]
    assert [(r.book.full_title, r.book.isbn13) for r in results if r.book] == [
        (item["title"], item["ISBN"]) for item in printed
    ]


def test_the_library_lookup_takes_a_list_and_refuses_an_empty_query(server: FakeServices) -> None:
    with pytest.raises(TypeError, match=r"lookup\(\) takes a list of queries, not one str"):
        bibkit.lookup("0393301958")
    with bibkit.Session(server.config()) as session, pytest.raises(ValueError, match="names no book"):
        bibkit.lookup(["  "], session=session)
