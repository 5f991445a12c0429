"""Resolution against the fake Open Library and Google Books holding the seed catalogue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import bibkit
from bibkit.config import Config
from bibkit.errors import ConfigError
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.queries import Step
from bibkit.resolve import ResolveOptions, SharedSearches, enrich, merge
from bibkit.session import Session
from tests.servers.openlibrary import FakeRequest, FakeServices, _json


def m(title: str, author: str | None = None, isbn: str | None = None) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, isbn=isbn)


@pytest.fixture()
def both(fake_services: FakeServices, tmp_path: Path) -> Iterator[Session]:
    """Google Books first, then Open Library, on the same fake server."""
    config = Config.load(
        openlibrary_url=fake_services.url,
        google_books_url=fake_services.url + "/books/v1",
        sources=("googlebooks", "openlibrary"),
        sleep=False,
        retries=0,
        use_cache=False,
        cache_dir=tmp_path / "c",
    )
    with Session(config) as s:
        yield s


def test_same_title_other_authors_without_author_is_ambiguous_with_both(session: Session) -> None:
    [r] = session.resolve([m("The Russian Revolution")])
    assert r.status is Status.AMBIGUOUS
    assert r.book is None
    authors = {a for c in r.candidates for a in c.authors}
    assert {"Sheila Fitzpatrick", "Richard Pipes"} <= authors


def test_author_picks_the_right_same_title_book(session: Session) -> None:
    [r] = session.resolve([m("The Russian Revolution", "Sheila Fitzpatrick")])
    assert r.status is Status.RESOLVED and r.book is not None
    assert r.book.authors == ("Sheila Fitzpatrick",)
    assert r.book.original_year == 1982


def test_volume_one_not_another_volume(session: Session) -> None:
    [r] = session.resolve([m("The Prophet Armed", "Deutscher")])
    assert r.book is not None
    assert r.book.title == "The Prophet Armed"
    assert r.book.isbn13 == "9781781683118"
    assert r.book.original_year == 1954


def test_translation_is_cited_under_the_title_on_the_book(session: Session) -> None:
    [r] = session.resolve([m("The Road to Life", "Anton Makarenko")])
    assert r.status is Status.RESOLVED and r.book is not None
    assert r.book.title == "The Road to Life"
    assert r.book.isbn13 == "9780898755084"
    assert r.book.language == "en"


def test_absent_book_is_not_found(session: Session) -> None:
    [r] = session.resolve([m("A Book That Was Never Written", "Jane Nobody")])
    assert r.status is Status.NOT_FOUND and r.book is None


@pytest.mark.parametrize(("edition", "isbn"), [("latest", "9781544125329"), ("earliest", "9780717808397")])
def test_edition_policy(session: Session, edition: str, isbn: str) -> None:
    [r] = session.resolve([m("Ten Days That Shook the World", "John Reed")], edition=edition)  # type: ignore[arg-type]
    assert r.book is not None and r.book.isbn13 == isbn
    assert r.book.original_year == 1919


def test_the_chosen_edition_carries_the_years_of_all_the_works_editions(session: Session) -> None:
    [r] = session.resolve([m("Ten Days That Shook the World", "John Reed")], edition="latest")
    assert r.book is not None and r.book.year == 2017
    assert r.book.edition_years == (1967, 2017)


def test_pinned_isbn_wins_over_the_edition_policy(session: Session) -> None:
    mention = m("Ten Days That Shook the World", "John Reed", isbn="9780717808397")
    [r] = session.resolve([mention], edition="latest")
    assert r.book is not None and r.book.isbn13 == "9780717808397"
    assert r.confidence == 1.0


def test_pinned_isbn_of_another_book_is_not_trusted(session: Session) -> None:
    # The ISBN is Pipes's Russian Revolution; the mention names Lewin's book.
    [r] = session.resolve([m("Lenin's Last Struggle", "Moshe Lewin", isbn="9780394502410")])
    assert r.book is not None and r.book.authors == ("Moshe Lewin",)


def test_bad_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="edition"):
        ResolveOptions(edition="newest")  # type: ignore[arg-type]


def test_google_books_alone_resolves_with_isbn(both: Session) -> None:
    [r] = both.resolve([m("Year One of the Russian Revolution", "Victor Serge")], sources=("googlebooks",))
    assert r.status is Status.RESOLVED and r.book is not None
    assert r.book.isbn13 == "9781608462674"
    assert r.book.source_of("isbn13") == "googlebooks"


def test_unkeyed_google_429_degrades_to_open_library(both: Session, fake_services: FakeServices) -> None:
    def quota(request: FakeRequest) -> tuple[int, dict[str, str], bytes] | None:
        if request.path.startswith("/books/v1/"):
            return _json(429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}})
        return None

    fake_services.hooks.append(quota)
    results = bibkit.resolve(
        [m("Red Petrograd", "S. A. Smith"), m("Lenin's Last Struggle", "Moshe Lewin")], session=both
    )
    assert [r.status for r in results] == [Status.RESOLVED, Status.RESOLVED]
    assert all(r.book and r.book.source_of("title") == "openlibrary" for r in results)
    assert any("429" in e for r in results for e in r.evidence)


def test_one_search_per_mention_and_one_isbn_batch(session: Session, fake_services: FakeServices) -> None:
    mentions = [
        m("Red Petrograd", "S. A. Smith"),
        m("The Prophet Armed", "Deutscher"),
        m("Lenin's Last Struggle"),
    ]
    session.resolve(mentions)
    assert len(fake_services.paths("/search.json")) == 3
    assert len(fake_services.paths("/api/books")) == 1


def test_review_lets_a_person_pick_among_ambiguous_candidates(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from bibkit.cli import cli

    source = tmp_path / "list.txt"
    source.write_text("Books I keep coming back to:\n\n- *The Russian Revolution*\n", encoding="utf-8")
    args = ["--no-cache", "convert", str(source), "--source", "openlibrary", "-f", "csljson", "--review"]
    shown = CliRunner().invoke(cli, args, input="0\n")
    assert shown.exit_code == 3, shown.stderr  # 0 = none: still ambiguous, nothing resolved
    assert "could be:" in shown.stderr and "Sheila Fitzpatrick" in shown.stderr
    assert shown.stdout == ""  # nothing written, not even an empty array
    options = [line for line in shown.stderr.splitlines() if line.strip()[:2].rstrip(".").isdigit()]
    wanted = next(line.split(".")[0].strip() for line in options if "Sheila Fitzpatrick" in line)

    picked = CliRunner().invoke(cli, args, input=f"{wanted}\n")
    assert picked.exit_code == 0, picked.stderr
    assert '"family": "Fitzpatrick"' in picked.stdout
    assert "1 mention: 1 resolved" in picked.stderr


def test_a_later_source_is_asked_only_when_the_earlier_ones_did_not_settle_it(
    fake_services: FakeServices,
) -> None:
    mentions = [
        m("Year One of the Russian Revolution", "Victor Serge"),  # Open Library settles it
        m("The Russian Revolution"),  # namesakes: another catalogue only has more of them
        m("A Book That Was Never Written"),  # nowhere: Google is asked too
    ]
    with Session(Config.load(sleep=False, use_cache=False)) as s:  # default sources, in order
        assert s.config.sources == ("openlibrary", "googlebooks")
        results = s.resolve(mentions)
    assert [r.status for r in results] == [Status.RESOLVED, Status.AMBIGUOUS, Status.NOT_FOUND]
    google = [r for r in fake_services.requests if r.path.startswith("/books/v1/volumes")]
    asked = [r.arg("q") for r in google]
    assert len(asked) == 1 and "Never Written" in asked[0]


class _Records:
    """A source that knows some records by ISBN and searches nothing; notes what it was asked."""

    def __init__(self, name: str, *books: Book) -> None:
        self.name = name
        self.books = {b.isbn13: b for b in books}
        self.asked: list[list[str]] = []

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        return ()

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]:
        self.asked.append(list(isbns))
        return {i: self.books[i] for i in isbns if i in self.books}


def _book(source: str, **fields: Any) -> Book:
    fields.setdefault("title", "The Prophet Armed")
    return Book(**fields, provenance=tuple((k, source) for k in fields))


def test_enrich_asks_later_sources_only_for_the_gaps() -> None:
    complete = _book("a", isbn13="9780801491412", authors=("Paul Avrich",), publisher="Cornell", year=1973)
    gappy = _book("a", isbn13="9781859844410", authors=("Isaac Deutscher",), year=2003)
    first = _Records("a", complete, gappy)
    second = _Records("b", _book("b", isbn13="9781859844410", publisher="Verso", year=1954, pages=540))
    chosen = [Resolution(mention=m("x"), book=b, status=Status.RESOLVED) for b in (complete, gappy)]
    out = enrich(chosen, [first, second], ResolveOptions())
    assert second.asked == [["9781859844410"]]
    book = out[1].book
    assert book is not None and (book.publisher, book.year, book.pages) == ("Verso", 2003, 540)
    assert (book.source_of("publisher"), book.source_of("year")) == ("b", "a")


def test_merge_does_not_repeat_a_subtitle_the_title_carries() -> None:
    base = _book("a", title="The Prophet Armed: Trotsky, 1879-1921")
    merged = merge(base, _book("b", subtitle="Trotsky 1879-1921", publisher="Verso"))
    assert merged.subtitle is None and merged.publisher == "Verso"


def test_google_api_key_goes_in_a_header_never_in_the_url(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    config = Config.load(
        google_books_api_key="AIza-test-key", sources=("googlebooks",), sleep=False, cache_dir=tmp_path / "c"
    )
    with Session(config) as s:
        [r] = s.resolve([m("Year One of the Russian Revolution", "Victor Serge")])
    assert r.status is Status.RESOLVED
    google = [q for q in fake_services.requests if q.path == "/books/v1/volumes"]
    assert google and all(q.headers["X-Goog-Api-Key"] == "AIza-test-key" for q in google)
    assert not any("key" in q.query for q in google)
    stored = b"".join(p.read_bytes() for p in (tmp_path / "c").rglob("*") if p.is_file())
    assert stored and b"AIza-test-key" not in stored


def _author_searches(server: FakeServices) -> list[str]:
    return [r.arg("author") for r in server.requests if r.path == "/search.json" and not r.arg("title")]


# Misspelt titles ("Outcats", "Unarmde") that only the author's works find: both mentions
# make the same author-only search of Isaac Deutscher's works.
MISSPELT_DEUTSCHER = [
    m("The Prophet Outcats", "Isaac Deutscher"),
    m("The Prophet Unarmde", "Isaac Deutscher"),
]


def test_a_search_two_mentions_make_alike_is_asked_once(fake_services: FakeServices) -> None:
    with Session(fake_services.config(use_cache=False)) as s:
        results = s.resolve(MISSPELT_DEUTSCHER)
    assert [r.book.title if r.book else r.reason for r in results] == [
        "The Prophet Outcast",
        "The Prophet Unarmed",
    ]
    assert _author_searches(fake_services) == ["Isaac Deutscher"]
    # Each mention's own searches (title and author, the title's words) are still asked.
    assert len(fake_services.paths("/search.json")) == 5


def test_a_failed_search_is_not_shared(fake_services: FakeServices) -> None:
    failed: list[str] = []

    def first_author_search_fails(request: FakeRequest) -> tuple[int, dict[str, str], bytes] | None:
        if request.path == "/search.json" and not request.arg("title") and not failed:
            failed.append(request.arg("author"))
            return _json(503, {"error": "down for maintenance"})
        return None

    fake_services.hooks.append(first_author_search_fails)
    with Session(fake_services.config(use_cache=False, retries=0)) as s:
        results = s.resolve(MISSPELT_DEUTSCHER)
    # The mention whose search failed says so; the other asked again and found its book.
    assert sorted(r.status.value for r in results) == ["error", "resolved"]
    assert _author_searches(fake_services) == ["Isaac Deutscher", "Isaac Deutscher"]


class _Counting(_Records):
    """Finds every title it is asked for; counts the searches."""

    def __init__(self) -> None:
        super().__init__("counting")
        self.searched: list[str] = []

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        self.searched.append(mention.title)
        return (_book("counting", title=mention.title),)


@pytest.mark.parametrize(
    ("size", "asked"),
    [(2, ["Red Petrograd", "Year One"]), (1, ["Red Petrograd", "Year One", "Red Petrograd"])],
)
def test_shared_searches_keep_the_latest_answers(size: int, asked: list[str]) -> None:
    source = _Counting()
    shared = SharedSearches(size)
    for title in ("Red Petrograd", "Year One", "Red Petrograd"):
        step = Step(m(title), "title", 10)
        assert [b.title for b in shared.ask(source, step, ResolveOptions())] == [title]
    assert source.searched == asked


def test_a_later_source_is_not_asked_once_an_earlier_one_answered_with_records(
    fake_services: FakeServices,
) -> None:
    # Open Library finds Deutscher's three "Prophet" volumes for a bare "Prophet", none of
    # them well enough; Google Books would rank the same namesakes.
    with Session(Config.load(sleep=False, use_cache=False)) as s:
        [r] = s.resolve([m("Prophet")])
    assert r.status is Status.NOT_FOUND and r.candidates
    assert not [q for q in fake_services.requests if q.path.startswith("/books/v1/volumes")]
