"""Resolution of the ways people name books, against the fake Open Library and Google Books
holding a small catalogue of classics, translations and namesakes (tests/servers/classics.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bibkit.model import Mention, Status
from bibkit.resolve import MAX_SEARCHES
from bibkit.session import Session
from tests.servers.classics import classics_catalog
from tests.servers.openlibrary import FakeServices


def m(title: str, author: str | None = None, confidence: float = 1.0) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, confidence=confidence)


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(classics_catalog()) as fake:
        yield fake


def session_for(server: FakeServices, tmp_path: Path, *sources: str) -> Session:
    config = server.config(use_cache=False, cache_dir=tmp_path / "c")
    return Session(config.replace(sources=sources or ("openlibrary",)))


def searches(server: FakeServices) -> list[tuple[str, str]]:
    return [(r.arg("title"), r.arg("author")) for r in server.requests if r.path == "/search.json"]


def test_a_short_form_with_its_author_finds_the_long_title(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path) as s:
        wealth, pillars = s.resolve(
            [m("The Wealth of Nations", "Adam Smith"), m("Seven Pillars", "T. E. Lawrence")]
        )
    assert wealth.book is not None and wealth.book.title.startswith("An Inquiry into the Nature")
    assert "part of its title" in wealth.reason
    assert pillars.book is not None and pillars.book.title == "Seven Pillars of Wisdom"


def test_a_short_form_two_of_the_authors_titles_hold_is_ambiguous(
    server: FakeServices, tmp_path: Path
) -> None:
    with session_for(server, tmp_path) as s:
        [dune] = s.resolve([m("Dune", "Frank Herbert")])  # "Dune" itself is not in the catalogue
    assert dune.status is Status.AMBIGUOUS
    assert {c.title for c in dune.candidates} == {"Dune Messiah", "Children of Dune"}


def test_a_misspelt_title_is_found_among_the_authors_works(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path) as s:
        [r] = s.resolve([m("Slaugterhouse-Five", "Kurt Vonnegut")])
    assert r.status is Status.RESOLVED and r.book is not None and r.book.title == "Slaughterhouse-Five"
    assert searches(server) == [
        ("Slaugterhouse-Five", "Vonnegut"),  # as written: nothing
        ("Slaugterhouse Five", ""),  # the title's words: nothing
        ("", "Kurt Vonnegut"),  # the author's works, matched here
    ]


def test_a_misspelt_author_is_dropped_from_the_search_not_from_the_match(
    server: FakeServices, tmp_path: Path
) -> None:
    with session_for(server, tmp_path) as s:
        [r] = s.resolve([m("The Hobbit", "Tolkein")])
    assert r.status is Status.RESOLVED and r.book is not None and r.book.authors == ("J. R. R. Tolkien",)
    assert searches(server) == [("The Hobbit", "Tolkein"), ("Hobbit", "")]


def test_stress_marks_are_not_searched_for_and_a_declined_name_agrees(
    server: FakeServices, tmp_path: Path
) -> None:
    with session_for(server, tmp_path) as s:
        [r] = s.resolve([m("Война́ и мир", "Л. Н. Толстого")])
    assert r.status is Status.RESOLVED and r.book is not None
    assert all("\u0301" not in title for title, _ in searches(server))


def test_a_title_in_another_language_cites_that_languages_edition(
    server: FakeServices, tmp_path: Path
) -> None:
    with session_for(server, tmp_path) as s:
        german, english = s.resolve([m("Krieg und Frieden"), m("War and Peace")], language="en")
    assert german.book is not None and (german.book.title, german.book.language) == (
        "Krieg und Frieden",
        "de",
    )
    assert german.book.identifier("openlibrary_work") == "OL7W"
    assert english.book is not None and english.book.title == "War and Peace"


def test_a_bare_title_names_the_famous_namesake_when_it_dominates(
    server: FakeServices, tmp_path: Path
) -> None:
    with session_for(server, tmp_path) as s:
        prince, leviathan = s.resolve([m("The Prince"), m("Leviathan")])
    assert prince.status is Status.RESOLVED and prince.book is not None
    assert prince.book.authors == ("Niccolò Machiavelli",)
    assert "most published" in prince.reason and "1400 editions" in prince.reason
    assert len(prince.candidates) == 2  # the namesake is kept as a candidate
    # Hobbes's has more editions than Westerfeld's, but not by far: nobody can tell.
    assert leviathan.status is Status.AMBIGUOUS
    assert {c.authors[0] for c in leviathan.candidates} == {"Thomas Hobbes", "Scott Westerfeld"}


def test_a_doubtful_mention_of_a_shared_title_is_not_written(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path) as s:
        weak, named = s.resolve(
            [m("The Prince", confidence=0.5), m("The Prince", "Machiavelli", confidence=0.5)]
        )
    assert weak.status is Status.NOT_FOUND and weak.book is None
    assert weak.reason.startswith("not taken for a book")
    assert named.status is Status.RESOLVED  # the author confirms it


def test_a_publisher_in_the_by_does_not_make_the_author_wrong(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path) as s:
        [r] = s.resolve([m("Building Walking Bass Lines", "Hal Leonard Corp.")])
    assert r.status is Status.RESOLVED and r.book is not None and r.book.authors == ("Ed Friedland",)


def test_a_book_nowhere_costs_at_most_the_budget(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path, "openlibrary", "googlebooks") as s:
        [r] = s.resolve([m("A Book That Was Never Written", "Jane Nobody")])
    assert r.status is Status.NOT_FOUND
    assert len(server.requests) == MAX_SEARCHES


def test_a_doubtful_mention_gets_one_search(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path, "openlibrary", "googlebooks") as s:
        [r] = s.resolve([m("Slaugterhouse-Five", "Kurt Vonnegut", confidence=0.6)])
    assert r.status is Status.NOT_FOUND
    assert len(server.requests) == 1


def test_no_rewrite_when_the_first_answer_had_records(server: FakeServices, tmp_path: Path) -> None:
    # Brian Herbert's "Dune" finds his father's books, which do not match: the words were
    # right and the book is not there; other words would find no more.
    with session_for(server, tmp_path) as s:
        [r] = s.resolve([m("Dune", "Brian Herbert")])
    assert r.status is Status.NOT_FOUND
    assert searches(server) == [("Dune", "Herbert")]


def test_a_candidate_under_the_threshold_comes_back_only_as_a_confirmed_book(
    server: FakeServices, tmp_path: Path
) -> None:
    def doubted(title: str, author: str) -> Mention:
        return Mention(
            text=title, start=0, end=len(title), title=title, author=author, confidence=0.15, doubtful=True
        )

    sure_absent = m("A Book That Was Never Written", "Jane Nobody")
    mentions = [
        doubted("The Prince", "Machiavelli"),  # the catalogue has it, by that author
        doubted("The Prince", "Thomas Hobbes"),  # a title it has, by someone else
        doubted("Gone Fishing Again", "Nobody Atall"),  # nothing
        sure_absent,
    ]
    with session_for(server, tmp_path) as s:
        results = s.resolve(mentions)
    assert [(r.mention.author, r.status) for r in results] == [
        ("Machiavelli", Status.RESOLVED),
        ("Jane Nobody", Status.NOT_FOUND),  # a mention extraction was sure of is still reported
    ]
    assert results[0].book is not None and results[0].book.authors == ("Niccolò Machiavelli",)
