"""A misbehaving server or network never costs a book and never duplicates one."""

from __future__ import annotations

import time
from collections import Counter
from email.utils import formatdate

import pytest

from bibkit.config import Config
from bibkit.model import Book
from bibkit.zotero import PushReport, PushStatus, ZoteroClient, push
from tests.zotero.fake_zotero import FakeZotero, Fault
from tests.zotero.sample_books import make_books


def _push(config: Config, items: list[Book], **options: object) -> PushReport:
    with ZoteroClient.from_config(config) as client:
        return push(items, client=client, **options)  # type: ignore[arg-type]


def _assert_each_once(server: FakeZotero, books: list[Book]) -> None:
    assert Counter(item["ISBN"] for item in server.items("book")) == Counter(b.isbn13 for b in books)


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(Fault(status=429, retry_after="0"), id="429-with-retry-after"),
        pytest.param(Fault(status=429), id="429-without-retry-after"),
        pytest.param(Fault(status=503, retry_after="0"), id="503"),
        pytest.param(Fault(status=500, apply_first=True), id="500-after-apply"),
        pytest.param(Fault(drop=True, apply_first=True), id="lost-acknowledgement"),
        pytest.param(Fault(drop=True), id="connection-dropped-before-apply"),
    ],
)
def test_each_fault_on_a_write_ends_with_every_book_once(
    zotero_server: FakeZotero, zotero_config: Config, fault: Fault
) -> None:
    books = make_books(120)
    zotero_server.inject(fault, path="/items", skip=1)  # the second of three writes

    report = _push(zotero_config, books, collection="Faults")

    _assert_each_once(zotero_server, books)
    assert [o.status for o in report.outcomes] == [PushStatus.CREATED] * 120
    assert report.ok and report.retries == 1
    assert len(zotero_server.writes()) == 5  # collection + 3 item writes + 1 repeat


def test_a_write_applied_before_a_500_is_reported_created_not_present(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    books = make_books(3)
    zotero_server.inject(Fault(status=500, apply_first=True), path="/items")

    report = _push(zotero_config, books, note=True)

    assert [o.status for o in report.outcomes] == [PushStatus.CREATED] * 3
    assert all(o.note_key for o in report.outcomes)
    assert len(zotero_server.items("note")) == 3


def test_retry_after_and_backoff_are_honoured(zotero_server: FakeZotero, zotero_config: Config) -> None:
    zotero_server.inject(Fault(status=429, retry_after="7"), path="/items")
    zotero_server.inject(Fault(status=503, retry_after="11"), path="/items")
    zotero_server.inject(Fault(backoff="5"), path="/items")

    report = _push(zotero_config, make_books(60))

    # Sleeping is off in tests: the waits are counted, not slept.
    assert report.waited_s == pytest.approx(7 + 11 + 5, abs=0.5)
    assert len(report.created) == 60


def test_retry_after_as_an_http_date_is_honoured(zotero_server: FakeZotero, zotero_config: Config) -> None:
    in_a_minute = formatdate(time.time() + 60, usegmt=True)
    zotero_server.inject(Fault(status=503, retry_after=in_a_minute), path="/items")

    report = _push(zotero_config, make_books(3))

    assert report.waited_s == pytest.approx(60, abs=2)  # counted, not slept (tests)
    assert len(report.created) == 3


def test_backoff_really_delays_the_next_request(zotero_server: FakeZotero, zotero_config: Config) -> None:
    zotero_server.inject(Fault(backoff="1"), path="/items")
    began = time.monotonic()

    report = _push(zotero_config.replace(sleep=True), make_books(60))

    assert time.monotonic() - began >= 0.9
    assert len(report.created) == 60


def test_429_without_retry_after_backs_off_exponentially(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    zotero_server.inject(Fault(status=429), path="/items", times=3)

    report = _push(zotero_config, make_books(2))

    assert report.waited_s == pytest.approx(0.5 + 1 + 2, abs=0.1)  # backoff_s = 0.5
    assert len(report.created) == 2


@pytest.mark.parametrize(
    "fault",
    [Fault(status=429, retry_after="0"), Fault(status=429), Fault(status=503), Fault(drop=True)],
    ids=["429-with-retry-after", "429-without", "503", "dropped"],
)
def test_faults_on_reads_are_retried(zotero_server: FakeZotero, zotero_config: Config, fault: Fault) -> None:
    existing = make_books(150)
    for book in existing:
        zotero_server.add_item({"itemType": "book", "title": book.title, "ISBN": book.isbn13})
    zotero_server.inject(fault, method="GET", path="/items", skip=1)  # the second page

    report = _push(zotero_config, make_books(160))

    assert len(report.present) == 150 and len(report.created) == 10
    _assert_each_once(zotero_server, make_books(160))


def test_a_server_that_stays_down_interrupts_the_push_with_a_clear_report(
    zotero_server: FakeZotero, zotero_config: Config
) -> None:
    books = make_books(120)
    zotero_server.inject(Fault(status=503, retry_after="0"), path="/items", skip=1, times=100)

    report = _push(zotero_config, books)

    counts = Counter(o.status for o in report.outcomes)
    assert counts == {PushStatus.CREATED: 50, PushStatus.FAILED: 70}
    assert "503" in report.interrupted and "again" in report.interrupted
    assert all(o.reason for o in report.failed) and not report.ok
    assert len(zotero_server.writes()) == 1 + 4  # first batch, then the second batch tried 4 times


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not-applied"])
@pytest.mark.parametrize("point", [0, 1, 2, 3, 4])
def test_a_push_interrupted_anywhere_and_run_again_has_every_book_once(
    zotero_server: FakeZotero, zotero_config: Config, point: int, applied: bool
) -> None:
    """Writes of this push: 0 = the collections, 1-4 = books with notes (25 per write).

    The connection dies at write ``point`` and every retry of it, so the first run gives up
    there; the second run must finish without duplicating books, notes or collections."""
    books = make_books(100)
    path = "/collections" if point == 0 else "/items"
    skip = 0 if point == 0 else point - 1
    zotero_server.inject(Fault(drop=True, apply_first=applied), path=path, skip=skip, times=100)

    first = _push(zotero_config, books, collection="A/B", note=True)
    zotero_server.clear_faults()
    second = _push(zotero_config, books, collection="A/B", note=True)

    assert first.interrupted and second.ok
    _assert_each_once(zotero_server, books)
    assert sorted(c["name"] for c in zotero_server.collections()) == ["A", "B"]
    (b,) = [c for c in zotero_server.collections() if c["name"] == "B"]
    assert all(item["collections"] == [b["key"]] for item in zotero_server.items("book"))
    notes = zotero_server.items("note")
    assert len(notes) == 100 and {n["parentItem"] for n in notes} == {o.key for o in second.outcomes}
    assert {o.status for o in second.outcomes} <= {PushStatus.CREATED, PushStatus.PRESENT}
    assert {o.key for o in second.outcomes} == {item["key"] for item in zotero_server.items("book")}
