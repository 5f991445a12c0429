"""Mentions resolved side by side: order kept, duplicates asked once, ISBNs batched."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import bibkit
from bibkit import cli
from bibkit.model import Status
from tests.servers.bulk import bulk_books
from tests.servers.faults import Faults
from tests.servers.openlibrary import FakeServices

CATALOG, MENTIONS = bulk_books(60)


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(CATALOG) as s:
        yield s


def session_for(server: FakeServices, tmp_path: Path, **changes: Any) -> bibkit.Session:
    return bibkit.Session(server.config(cache_dir=tmp_path / "cache", **changes))


def test_results_come_back_in_input_order(server: FakeServices, tmp_path: Path) -> None:
    # Random latency: answers arrive in another order than the questions were asked.
    faults = Faults(latency_s=(0.0, 0.03)).install(server)
    with session_for(server, tmp_path, max_workers=8) as session:
        results = session.resolve(MENTIONS[:30])
    assert faults.max_in_flight > 1
    assert [r.mention for r in results] == MENTIONS[:30]
    assert all(r.book is not None and r.book.title == r.mention.title for r in results)


def test_max_workers_one_asks_one_question_at_a_time(server: FakeServices, tmp_path: Path) -> None:
    faults = Faults(latency_s=(0.005, 0.005)).install(server)
    with session_for(server, tmp_path, max_workers=1) as session:
        session.resolve(MENTIONS[:10])
    assert faults.max_in_flight == 1


def test_isbn_lookups_go_in_batches_of_25(server: FakeServices, tmp_path: Path) -> None:
    with session_for(server, tmp_path, max_workers=4) as session:
        results = session.resolve(MENTIONS)
    batches = [r for r in server.requests if r.path == "/api/books"]
    assert len(batches) == 3
    sizes = sorted(len(r.arg("bibkeys").split(",")) for r in batches)
    assert sizes == [10, 25, 25]
    assert len(server.requests) / len(MENTIONS) <= 1.2
    assert all(r.book is not None and r.book.publisher == "Bulk Press" for r in results)


def test_the_same_book_named_twice_is_searched_once(server: FakeServices, tmp_path: Path) -> None:
    mentions = MENTIONS[:10] * 3
    with session_for(server, tmp_path, use_cache=False) as session:
        results = session.resolve(mentions)
    assert len(server.paths("/search.json")) == 10
    assert [r.mention for r in results] == mentions
    assert {r.status for r in results} == {Status.RESOLVED}


def test_progress_is_reported_up_to_the_total(server: FakeServices, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with session_for(server, tmp_path) as session:
        session.resolve(MENTIONS[:12], progress=lambda done, total: seen.append((done, total)))
        session.resolve(MENTIONS[:12], progress=lambda done, total: seen.append((done, total)))
    first, second = seen[:13], seen[13:]
    assert [done for done, _ in first] == list(range(13))
    assert {total for _, total in seen} == {12}
    assert second == [(12, 12)]  # all from the cache at once


@pytest.mark.parametrize(
    ("enabled", "terminal", "shown"), [(True, True, True), (False, True, False), (True, False, False)]
)
def test_progress_bar_only_on_a_terminal_and_not_quiet(
    monkeypatch: pytest.MonkeyPatch, enabled: bool, terminal: bool, shown: bool
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_DELAY_S", 0.0)
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=80)
    with cli.progress_bar(enabled=enabled, console=console) as progress:
        for done in range(5):
            progress(done, 10)
    assert ("resolving" in out.getvalue()) is shown


def test_each_text_keeps_its_own_results_when_unconfirmed_doubtful_mentions_drop_out(
    server: FakeServices, tmp_path: Path
) -> None:
    def doubted(mention: bibkit.Mention) -> bibkit.Mention:
        return replace(mention, confidence=0.15, doubtful=True)

    nowhere = doubted(replace(MENTIONS[0], title="No Such Book Anywhere", isbn=None))
    first = [MENTIONS[0], nowhere, doubted(replace(MENTIONS[1], isbn=None))]
    second = [nowhere, MENTIONS[2]]
    with bibkit.Session(server.config(cache_dir=tmp_path / "cache")) as session:
        results = session.resolve_texts([first, second])
    assert [[r.mention for r in share] for share in results] == [[first[0], first[2]], [MENTIONS[2]]]
    assert all(r.status is Status.RESOLVED for share in results for r in share)
