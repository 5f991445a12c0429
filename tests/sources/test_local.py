"""The local source: the same resolutions as the online path, no network, local first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bibkit.catalog import build_catalog
from bibkit.config import Config
from bibkit.errors import ConfigError
from bibkit.model import Mention, Resolution, Status
from bibkit.resolve import MAX_SEARCHES
from bibkit.session import Session
from bibkit.sources.base import EditionPreference
from bibkit.sources.local import LocalCatalog
from tests.conftest import PROJECT_ROOT
from tests.servers.catalog import Catalog, Edition, Work
from tests.servers.classics import classics_catalog
from tests.servers.dump import write_dump
from tests.servers.openlibrary import FakeServices
from tests.servers.seed import seed_catalog

READING_LIST = (PROJECT_ROOT / "examples" / "reading-list.txt").read_text(encoding="utf-8")


def _plain(resolution: Resolution) -> dict[str, Any]:
    """What a user sees of a resolution, less which source supplied each field."""
    book = resolution.book.to_dict() if resolution.book else None
    if book is not None:
        del book["provenance"]
    return {"status": resolution.status, "confidence": resolution.confidence, "book": book}


@pytest.mark.parametrize("edition", ["latest", "earliest"])
def test_the_same_resolutions_as_the_online_path_but_for_provenance(seed_db: Path, edition: str) -> None:
    with FakeServices(seed_catalog()) as server, Session(server.config(use_cache=False)) as online:
        expected = online.resolve(READING_LIST, edition=edition)  # type: ignore[arg-type]
    with Session(Config.load(catalog=seed_db, offline=True, use_cache=False)) as local:
        got = local.resolve(READING_LIST, edition=edition)  # type: ignore[arg-type]
    assert [_plain(r) for r in got] == [_plain(r) for r in expected]
    assert sum(r.status is Status.RESOLVED for r in got) == 10  # "The Bolsheviks in Power" is absent
    assert {r.book.source_of("title") for r in got if r.book} == {"local"}


def test_isbn_look_ups_take_any_form_and_any_isbn_of_an_edition(seed_db: Path) -> None:
    with Session(Config.load(catalog=seed_db, offline=True, use_cache=False)) as session:
        local = session.source("local")
        found = local.by_isbns(["0-393-30195-8", "9781608462674", "9780000000002"])
    assert sorted(found) == ["9780393301953", "9781608462674"]
    carr = found["9780393301953"]
    assert (carr.title, carr.publisher, carr.year, carr.pages, carr.original_year) == (
        "The Bolshevik Revolution, 1917-1923",
        "W. W. Norton",
        1985,
        443,
        1950,
    )
    assert carr.identifier("openlibrary_work") == "OL1170576W"


def _translated(tmp_path: Path) -> Path:
    """A work with English, French and Russian editions of several years."""
    work = Work(
        "OL77W",
        "Pedagogicheskaia poema",
        ["Anton Makarenko"],
        1936,
        editions=[
            Edition("OL71M", "The Road to Life", "9780898755084", "Oriole Editions", "1973"),
            Edition("OL72M", "The Road to Life", None, "Foreign Languages Publishing House", "1951"),
            Edition("OL73M", "The Road to Life", "9781410201171", "University Press of the Pacific", "2001"),
            Edition(
                "OL74M", "Poème pédagogique", "9782851970923", "Éditions du Globe", "1995", language="fre"
            ),
            Edition("OL75M", "Pedagogicheskaia poema", None, "Khudozh. literatura", "1987", language="rus"),
        ],
    )
    path = tmp_path / "translated.sqlite"
    build_catalog(write_dump(Catalog([work]), tmp_path / "t"), path)
    return path


@pytest.mark.parametrize(
    ("title", "prefer", "chosen"),
    [
        ("The Road to Life", EditionPreference(), "OL73M"),  # latest English with an ISBN
        ("The Road to Life", EditionPreference(order="earliest"), "OL71M"),  # earliest with an ISBN
        ("The Road to Life", EditionPreference(publisher="Oriole"), "OL71M"),
        ("Poème pédagogique", EditionPreference(), "OL74M"),  # the title the text uses
        ("Pedagogicheskaia poema", EditionPreference(language="ru"), "OL75M"),
    ],
)
def test_the_edition_follows_the_title_used_and_the_options(
    tmp_path: Path, title: str, prefer: EditionPreference, chosen: str
) -> None:
    with Session(Config.load(catalog=_translated(tmp_path), use_cache=False)) as session:
        local = session.source("local")
        assert isinstance(local, LocalCatalog)
        mention = Mention(text=title, start=0, end=len(title), title=title, author="Makarenko")
        (book,) = local.search_editions(mention, limit=5, prefer=prefer)
    assert book.identifier("openlibrary_edition") == chosen


def test_offline_asks_no_service_and_says_what_stays_unresolved(seed_db: Path) -> None:
    with FakeServices(seed_catalog()) as server:
        config = server.config(catalog=seed_db, offline=True, use_cache=False)
        with Session(config.replace(sources=("openlibrary", "googlebooks"))) as session:
            results = session.resolve(READING_LIST)
        assert server.requests == []
    absent = [r for r in results if r.status is not Status.RESOLVED]
    assert [r.mention.title for r in absent] == ["The Bolsheviks in Power"]


def test_the_local_catalogue_comes_first_and_the_network_settles_the_rest(seed_db: Path) -> None:
    online = seed_catalog()
    online.add(
        Work(
            "OL301W",
            "The Bolsheviks in Power",
            ["Alexander Rabinowitch"],
            2007,
            editions=[Edition("OL301M", "The Bolsheviks in Power", None, "Indiana University Press", "2007")],
        )
    )
    with FakeServices(online) as server:
        with Session(server.config(catalog=seed_db, use_cache=False)) as session:
            assert session.source_names() == ["local", "openlibrary"]
            results = session.resolve(READING_LIST)
        searched = [r.arg("title") for r in server.requests if r.path == "/search.json"]
    assert all(r.status is Status.RESOLVED for r in results)
    assert searched == ["The Bolsheviks in Power"]  # one search, for the one book not held locally
    power = next(r for r in results if r.mention.title == "The Bolsheviks in Power")
    assert power.book is not None and power.book.source_of("title") == "openlibrary"


def test_offline_needs_a_catalogue_and_refuses_network_sources(seed_db: Path) -> None:
    with Session(Config.load(offline=True)) as session, pytest.raises(ConfigError, match="local catalogue"):
        session.sources()
    with Session(Config.load(offline=True, catalog=seed_db)) as session:
        with pytest.raises(ConfigError, match="openlibrary needs the network"):
            session.sources(["local", "openlibrary"])
        assert [s.name for s in session.sources()] == ["local"]


def test_a_missing_catalogue_given_explicitly_is_an_error(tmp_path: Path) -> None:
    config = Config.load(catalog=tmp_path / "none.sqlite")
    with Session(config) as session, pytest.raises(ConfigError, match=r"no catalogue at .*none\.sqlite"):
        session.resolve(READING_LIST)


def test_the_editions_of_a_work_best_first(tmp_path: Path) -> None:
    with Session(Config.load(catalog=_translated(tmp_path), use_cache=False)) as session:
        local = session.source("local")
        assert isinstance(local, LocalCatalog)
        books = local.editions("/works/OL77W")
        assert local.editions("OL1W") == () and local.editions("nonsense") == ()
    order = [b.identifier("openlibrary_edition") for b in books]
    assert order == ["OL73M", "OL71M", "OL72M", "OL74M", "OL75M"]
    assert {b.original_year for b in books} == {1936}


def test_a_rebuilt_catalogue_is_not_answered_from_the_resolution_cache(tmp_path: Path) -> None:
    catalog = seed_catalog()
    dumps = write_dump(catalog, tmp_path / "a")
    path = tmp_path / "catalog.sqlite"
    build_catalog(dumps, path)
    config = Config.load(catalog=path, offline=True, cache_dir=tmp_path / "cache")
    text = "Deutscher, *The Prophet Armed*"
    with Session(config) as session:
        (first,) = session.resolve(text)
    catalog.by_key("OL400W").editions[0].publisher = "Verso Books"  # type: ignore[union-attr]
    build_catalog(write_dump(catalog, tmp_path / "b"), path)
    with Session(config) as session:
        (second,) = session.resolve(text)
    assert first.book and second.book
    assert (first.book.publisher, second.book.publisher) == ("Verso", "Verso Books")


# -- the ways people name books: the same decisions against the local catalogue --------------------

KINDS = [
    ("The Wealth of Nations", "Adam Smith"),  # a short form with its author
    ("Dune", "Frank Herbert"),  # a short form two of the author's titles hold: ambiguous
    ("Slaugterhouse-Five", "Kurt Vonnegut"),  # misspelt: found among the author's works
    ("The Hobbit", "Tolkein"),  # misspelt author: the title's words alone
    ("Война́ и мир", "Л. Н. Толстого"),  # stress marks, a declined name
    ("Krieg und Frieden", None),  # a translation's title cites that edition
    ("The Prince", None),  # the famous namesake, by far the most published
    ("Leviathan", None),  # namesakes nobody can tell apart
    ("Building Walking Bass Lines", "Hal Leonard Corp."),  # a publisher in the "by"
    ("A Book That Was Never Written", "Jane Nobody"),
]


def _mention(title: str, author: str | None, confidence: float = 1.0) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, confidence=confidence)


def test_the_query_rewrites_scoring_and_judge_decide_alike_online_and_locally(tmp_path: Path) -> None:
    mentions = [_mention(t, a) for t, a in KINDS] + [_mention("The Prince", None, confidence=0.5)]
    with FakeServices(classics_catalog()) as server:
        config = server.config(use_cache=False).replace(sources=("openlibrary",))
        with Session(config) as online:
            expected = online.resolve(mentions)
    db = tmp_path / "classics.sqlite"
    build_catalog(write_dump(classics_catalog(), tmp_path / "dump"), db)
    with Session(Config.load(catalog=db, offline=True, use_cache=False)) as session:
        got = session.resolve(mentions)
    # Online, an edition's address comes from its ISBN's look-up; the catalogue has it for every
    # edition. Everything else is the same.
    without_url = [_plain(r) for r in got]
    for plain in without_url:
        if plain["book"] and not plain["book"]["isbn13"]:
            plain["book"]["url"] = None
    assert without_url == [_plain(r) for r in expected]
    assert [r.status.value for r in got] == [
        "resolved", "ambiguous", "resolved", "resolved", "resolved", "resolved", "resolved",
        "ambiguous", "resolved", "not_found", "not_found",
    ]  # fmt: skip
    # The local catalogue went through the same steps: the misspelt title among the author's works.
    assert [step.split(" (")[0] for step in got[2].evidence if step.startswith("local:")] == [
        "local: title and author",
        "local: the title's words",
        "local: the author's works",
    ]


def test_searches_of_the_local_catalogue_cost_no_request_of_the_budget(tmp_path: Path) -> None:
    # A catalogue that lacks the book: its three steps are free, and the network is then asked
    # as it would be without a catalogue, rewrites and budget included.
    db = tmp_path / "seed.sqlite"
    build_catalog(write_dump(seed_catalog(), tmp_path / "dump"), db)
    with FakeServices(classics_catalog()) as server:
        config = server.config(catalog=db, use_cache=False).replace(sources=("openlibrary", "googlebooks"))
        with Session(config) as session:
            assert session.source_names() == ["local", "openlibrary", "googlebooks"]
            [found] = session.resolve([_mention("Slaugterhouse-Five", "Kurt Vonnegut")])
            [nowhere] = session.resolve([_mention("A Book Never Written", "Jane Nobody")])
        searched = [(r.arg("title"), r.arg("author")) for r in server.requests if r.path == "/search.json"]
        # Searches by title or author, whichever the service (no ISBN look-up).
        requests = [
            r for r in server.requests
            if (r.path == "/search.json" or r.path.startswith("/books/v1/")) and "isbn:" not in r.arg("q")
        ]  # fmt: skip
    assert found.book is not None and found.book.title == "Slaughterhouse-Five"
    assert found.book.source_of("title") == "openlibrary"
    assert searched[:3] == [
        ("Slaugterhouse-Five", "Vonnegut"),
        ("Slaugterhouse Five", ""),
        ("", "Kurt Vonnegut"),
    ]
    assert nowhere.status is Status.NOT_FOUND
    assert len(requests) == 3 + MAX_SEARCHES
    assert sum(step.startswith("local:") for step in nowhere.evidence) == 3
