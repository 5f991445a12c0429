"""End-to-end pushes: the real pyzotero client against the fake Web API on loopback."""

from __future__ import annotations

from collections import Counter

import pytest

import bibkit
from bibkit.config import Config
from bibkit.errors import ConfigError, ZoteroError
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.session import Session
from bibkit.zotero import PushStatus, ZoteroClient, push
from tests.zotero.fake_zotero import FakeZotero
from tests.zotero.sample_books import make_books


def _push(config: Config, items: list[Book], **options: object) -> bibkit.zotero.PushReport:
    with ZoteroClient.from_config(config) as client:
        return push(items, client=client, **options)  # type: ignore[arg-type]


def _isbn_counts(server: FakeZotero) -> Counter[str]:
    return Counter(item["ISBN"] for item in server.items("book"))


def test_120_books_take_at_most_three_writes_and_land_once(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    books = make_books(120)
    report = _push(zotero_config, books)

    writes = zotero_server.writes()
    assert len(writes) <= 3
    assert all(w.objects <= 50 for w in writes)
    assert len(report.created) == 120 and report.ok
    assert _isbn_counts(zotero_server) == Counter(b.isbn13 for b in books)


def test_rerun_creates_nothing_and_writes_nothing(zotero_server: FakeZotero, zotero_config: Config) -> None:
    books = make_books(60)
    _push(zotero_config, books)
    zotero_server.reset_log()

    again = _push(zotero_config, books)

    assert [o.status for o in again.outcomes] == [PushStatus.PRESENT] * 60
    assert zotero_server.writes() == []
    assert len(zotero_server.items("book")) == 60
    assert again.reads == 1  # one page of books: the whole dedupe costs one request here


def test_items_carry_fields_collection_and_tags_from_the_create_call(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    book = Book(
        title="Year One of the Russian Revolution",
        authors=("Victor Serge",),
        translators=("Peter Sedgwick",),
        publisher="Haymarket Books",
        place="Chicago",
        year=2015,
        original_year=1930,
        isbn13="9781608462674",
        pages=462,
        language="en",
    )
    report = _push(zotero_config, [book], collection="History/Russia", tags=["revolution", "to-read"])

    (item,) = zotero_server.items("book")
    assert item["title"] == "Year One of the Russian Revolution"
    assert item["ISBN"] == "9781608462674"
    assert item["numPages"] == "462" and item["date"] == "2015" and item["publisher"] == "Haymarket Books"
    assert "Original Date: 1930" in item["extra"].splitlines()
    assert {(c["creatorType"], c["lastName"]) for c in item["creators"]} == {
        ("author", "Serge"),
        ("translator", "Sedgwick"),
    }
    assert {t["tag"] for t in item["tags"]} == {"revolution", "to-read"}
    by_name = {c["name"]: c for c in zotero_server.collections()}
    assert by_name["Russia"]["parentCollection"] == by_name["History"]["key"]
    assert item["collections"] == [by_name["Russia"]["key"]] == [report.collection_key]
    # collections in one write, items in one write: nothing added afterwards
    assert [w.path for w in zotero_server.writes()] == ["/collections", "/items"]


def test_existing_nested_collection_is_found_not_duplicated(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    history = zotero_server.add_collection("History")
    russia = zotero_server.add_collection("Russia", parent=history)
    zotero_server.add_collection("Russia")  # same name at the top level: not the one meant

    report = _push(zotero_config, make_books(2), collection="History/Russia")

    assert report.collection_key == russia
    assert len(zotero_server.collections()) == 3
    assert all(item["collections"] == [russia] for item in zotero_server.items("book"))


def test_dedupe_finds_hyphenated_isbn10_and_multi_isbn_fields(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    zotero_server.add_item({"itemType": "book", "title": "Ten Days", "ISBN": "978-0-7178-0839-7"})
    zotero_server.add_item({"itemType": "book", "title": "The Russian Revolution", "ISBN": "0199237670"})
    zotero_server.add_item(
        {
            "itemType": "book",
            "title": "The Bolsheviks Come to Power",
            "ISBN": "9780745399980 0745399983 (pbk.)",
        }
    )
    # A chapter shares its book's ISBN but is not the book.
    zotero_server.add_item({"itemType": "bookSection", "title": "Chapter 1", "ISBN": "9780500760017"})
    books = [
        Book(title="Ten Days That Shook the World", isbn13="9780717808397"),
        Book(title="The Russian Revolution", isbn13="9780199237678"),
        Book(title="The Bolsheviks Come to Power", isbn10="0745399983"),
        Book(title="The Anarchists in the Russian Revolution", isbn13="9780500760017"),
    ]

    report = _push(zotero_config, books)

    assert [o.status for o in report.outcomes] == [PushStatus.PRESENT] * 3 + [PushStatus.CREATED]
    assert len(zotero_server.items("book")) == 4


def test_title_and_author_match_when_the_library_copy_has_no_isbn(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    zotero_server.add_item(
        {
            "itemType": "book",
            "title": "The Bolsheviks in Power: The First Year of Soviet Rule in Petrograd",
            "creators": [{"creatorType": "author", "firstName": "Alexander", "lastName": "Rabinowitch"}],
            "date": "2007",
        }
    )
    same = Book(
        title="The Bolsheviks in Power",
        subtitle="The First Year of Soviet Rule in Petrograd",
        authors=("Alexander Rabinowitch",),
        year=2007,
        isbn13="9780253349439",
    )
    other_book_same_author = Book(
        title="The Bolsheviks Come to Power", authors=("Alexander Rabinowitch",), year=1976
    )

    report = _push(zotero_config, [same, other_book_same_author])

    assert [o.status for o in report.outcomes] == [PushStatus.PRESENT, PushStatus.CREATED]


def test_existing_books_are_added_to_the_collection_keeping_their_others(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    old = zotero_server.add_collection("Old list")
    key = zotero_server.add_item(
        {"itemType": "book", "title": "Ten Days", "ISBN": "9780717808397", "collections": [old]}
    )

    report = _push(
        zotero_config, [Book(title="Ten Days That Shook the World", isbn13="9780717808397")], collection="New"
    )

    (item,) = zotero_server.items("book")
    assert item["key"] == key and item["collections"] == [old, report.collection_key]
    assert report.outcomes[0].status == PushStatus.PRESENT and report.outcomes[0].added_to_collection
    assert item["title"] == "Ten Days"  # nothing else was touched


def test_existing_books_stay_out_of_the_collection_when_asked(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    zotero_server.add_item({"itemType": "book", "title": "Ten Days", "ISBN": "9780717808397"})

    _push(
        zotero_config,
        [Book(title="Ten Days", isbn13="9780717808397")],
        collection="New",
        add_existing_to_collection=False,
    )

    assert zotero_server.items("book")[0]["collections"] == []


def test_repeated_book_in_the_input_is_created_once(zotero_server: FakeZotero, zotero_config: Config) -> None:
    book = make_books(1)[0]
    report = _push(zotero_config, [book, book])

    assert [o.status for o in report.outcomes] == [PushStatus.CREATED, PushStatus.PRESENT]
    assert report.outcomes[1].key == report.outcomes[0].key
    assert len(zotero_server.items("book")) == 1


def test_dry_run_reports_and_writes_nothing(zotero_server: FakeZotero, zotero_config: Config) -> None:
    zotero_server.add_item({"itemType": "book", "title": "Known", "ISBN": "9780717808397"})
    books = [Book(title="Known", isbn13="9780717808397"), *make_books(3)]

    report = _push(zotero_config, books, collection="Reading/2025", dry_run=True)

    assert zotero_server.writes() == []
    assert [o.status for o in report.outcomes] == [PushStatus.PRESENT] + [PushStatus.WOULD_CREATE] * 3
    assert report.created_collections == ("Reading", "2025") and report.dry_run
    assert report.outcomes[0].added_to_collection  # would be
    assert len(zotero_server.items()) == 1


def test_per_item_failures_reach_the_user_with_the_reason(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    too_long = Book(title="x" * 70_000, isbn13="9780717808397")
    books = [make_books(1)[0], too_long, make_books(1, start=1)[0]]

    report = _push(zotero_config, books)

    assert [o.status for o in report.outcomes] == [PushStatus.CREATED, PushStatus.FAILED, PushStatus.CREATED]
    assert "413" in report.outcomes[1].reason and "too long" in report.outcomes[1].reason
    assert not report.ok


def test_notes_record_the_mention_and_follow_their_book(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    text = "Start with Victor Serge, *Year One of the Russian Revolution* <b>now</b>."
    mention = Mention(
        text=text[11:62], start=11, end=62, title="Year One of the Russian Revolution", author="Victor Serge"
    )
    book = Book(title="Year One of the Russian Revolution", authors=("Victor Serge",), isbn13="9781608462674")
    resolution = Resolution(mention=mention, book=book, status=Status.RESOLVED, confidence=0.93)

    report = _push(zotero_config, [resolution], note=True, origin="thread <1>.txt", collection="C")

    (note,) = zotero_server.items("note")
    assert note["parentItem"] == report.outcomes[0].key and note["key"] == report.outcomes[0].note_key
    assert "thread &lt;1&gt;.txt" in note["note"] and "Victor Serge, *Year One" in note["note"]
    assert "0.93" in note["note"] and note["collections"] == []
    assert len(zotero_server.writes()) == 2  # the collection, then book and note together


def test_unresolved_mentions_are_reported_not_pushed(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    missing = Resolution(
        mention=Mention(text="Some Book", start=0, end=9, title="Some Book"),
        status=Status.NOT_FOUND,
        reason="no candidate",
    )
    report = _push(zotero_config, [missing, make_books(1)[0]])

    assert [o.status for o in report.outcomes] == [PushStatus.UNRESOLVED, PushStatus.CREATED]
    assert "no candidate" in report.outcomes[0].reason


def test_entries_kept_as_written_by_resolve_are_pushed(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    """``resolve`` keeps an article as written (status ``kept``): it is pushed as an article."""
    from bibkit.formats.inputs import kept_as_given

    article = Book(kind="article-journal", title="Culture and Politics under Stalin: A Reappraisal",
                   authors=("Sheila Fitzpatrick",), container_title="Slavic Review", volume="35", number="2",
                   year=1976)  # fmt: skip
    kept = kept_as_given(article)
    assert kept is not None and kept.status is Status.KEPT
    report = _push(zotero_config, [kept])
    assert [o.status for o in report.outcomes] == [PushStatus.CREATED]
    [item] = zotero_server.items("journalArticle")
    assert (item["publicationTitle"], item["volume"], item["issue"]) == ("Slavic Review", "35", "2")


def test_large_library_is_paged_and_still_deduplicated(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    for book in make_books(250):
        zotero_server.add_item({"itemType": "book", "title": book.title, "ISBN": book.isbn13})

    report = _push(zotero_config, make_books(260))

    assert len(report.present) == 250 and len(report.created) == 10
    assert len(zotero_server.reads()) == 3  # 100 + 100 + 50
    assert len(zotero_server.items("book")) == 260


def test_public_api_and_session_push_with_credentials_from_the_environment(
    zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)

    report = bibkit.push_to_zotero(make_books(2), tags=["x"])
    with Session() as session:
        again = session.push_to_zotero(make_books(2))

    assert len(report.created) == 2 and len(again.present) == 2
    assert len(zotero_server.items("book")) == 2


def test_missing_credentials_are_a_config_error_before_any_request(zotero_server: FakeZotero) -> None:
    with pytest.raises(ConfigError, match="ZOTERO_LIBRARY_ID"):
        bibkit.push_to_zotero(make_books(1), session=Session(Config(zotero_url=zotero_server.base_url)))
    with pytest.raises(ConfigError, match="ZOTERO_API_KEY"):
        bibkit.push_to_zotero(
            make_books(1), session=Session(Config(zotero_url=zotero_server.base_url)), library_id="1"
        )
    assert zotero_server.log == []


def test_a_refused_key_is_one_clear_error_and_never_shown(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    wrong = zotero_config.replace(zotero_api_key="wrongSECRETkey12345")

    with pytest.raises(ZoteroError) as caught:
        _push(wrong, make_books(1))

    assert caught.value.status == 403
    assert "ZOTERO_API_KEY" in str(caught.value)
    assert "wrongSECRETkey12345" not in str(caught.value) and "wrongSECRETkey12345" not in repr(wrong)
    assert zotero_server.writes() == []


def test_pushes_that_each_found_the_collection_missing_create_it_once(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    """Pushes started together all read the library before any created the collection: each
    then creates 'Reading/2026'. The keys are derived from the names, so the tree is made once
    and every push files its books in it."""
    from bibkit.zotero.push import _create_collections

    books = make_books(3)
    with ZoteroClient.from_config(zotero_config) as client:
        keys = {_create_collections(client, ["Reading", "2026"], None) for _ in range(3)}
    assert len(keys) == 1
    assert sorted(c["name"] for c in zotero_server.collections()) == ["2026", "Reading"]
    report = _push(zotero_config, books, collection="Reading/2026")
    assert report.collection_key in keys and report.ok


def test_a_key_echoed_in_a_per_item_error_is_not_shown(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    assert zotero_config.zotero_api_key
    echoing = Book(title=zotero_config.zotero_api_key + "x" * 70_000, isbn13="9780717808397")

    report = _push(zotero_config, [echoing])

    [outcome] = report.outcomes
    assert outcome.status is PushStatus.FAILED and "too long" in outcome.reason
    assert zotero_config.zotero_api_key not in outcome.reason and "***" in outcome.reason
