"""Every run is bounded: a request has a total deadline however slowly the service sends, a
host that keeps timing out is marked down, and a run can be given a deadline of its own."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import bibkit
from bibkit.errors import SourceUnavailable
from bibkit.model import Mention, Status
from tests.servers.bulk import bulk_books
from tests.servers.faults import Faults
from tests.servers.openlibrary import FakeServices
from tests.servers.stalls import StallingServer

CATALOG, MENTIONS = bulk_books(40)


def _config(url: str, tmp_path: Path, **changes: object) -> bibkit.Config:
    return bibkit.Config.load(
        openlibrary_url=url, sources=("openlibrary",), sleep=False, cache_dir=tmp_path / "cache", **changes
    )


def test_a_trickled_answer_is_cut_off_at_the_request_timeout(tmp_path: Path) -> None:
    """64 bytes every 0.3 s: each socket read is well within the 1 s timeout, the whole
    answer would take 20 s. The request fails as a timeout instead."""
    with StallingServer("trickle", chunk=64, every_s=0.3, size=4096) as server:
        config = _config(server.url, tmp_path, timeout_s=1.0, retries=0)
        with bibkit.Session(config) as session, pytest.raises(SourceUnavailable) as raised:
            session.resolve([MENTIONS[0]])
    assert "did not answer in time" in str(raised.value)


def test_trickled_headers_are_cut_off_at_the_request_timeout(tmp_path: Path) -> None:
    """The head of the answer one byte a second: each socket read is within the 2 s timeout,
    the head would take 200 s. The request fails as a timeout once its 2 s are up."""
    with StallingServer("trickle-headers", chunk=1, every_s=1.0, size=200) as server:
        config = _config(server.url, tmp_path, timeout_s=2.0, retries=0)
        started = time.monotonic()
        with bibkit.Session(config) as session, pytest.raises(SourceUnavailable) as raised:
            session.resolve([MENTIONS[0]])
        took = time.monotonic() - started
    assert "did not answer in time" in str(raised.value)
    assert took < 2.0 + 2.5, took  # the deadline, and a second's read that was under way


def test_a_host_that_keeps_timing_out_is_marked_down(tmp_path: Path) -> None:
    with StallingServer("dead") as server:
        config = _config(server.url, tmp_path, timeout_s=0.5, retries=3, max_workers=4)
        with bibkit.Session(config) as session, pytest.raises(SourceUnavailable) as raised:
            session.resolve(MENTIONS)
        asked = server.requests
    # 40 mentions x 4 attempts each before; now the first few timeouts settle it for all.
    assert asked <= 2 * 4, asked
    assert "is down" in str(raised.value) or "did not answer in time" in str(raised.value)


def test_an_answer_resets_the_count(tmp_path: Path) -> None:
    """Occasional timeouts between answers do not take a host for down."""
    with FakeServices(CATALOG) as server:
        Faults(timeout_rate=0.2, stall_s=0.6, seed=3).install(server)
        config = server.config(timeout_s=0.3, retries=6, cache_dir=tmp_path / "cache", max_workers=2)
        with bibkit.Session(config) as session:
            results = session.resolve(MENTIONS)
    assert all(r.status is Status.RESOLVED for r in results), [r.reason for r in results if r.reason][:3]


def test_a_run_deadline_ends_the_run_with_what_it_has(tmp_path: Path) -> None:
    with FakeServices(CATALOG) as server:
        Faults(latency_s=(0.15, 0.15)).install(server)
        config = server.config(cache_dir=tmp_path / "cache", max_workers=2, deadline_s=1.0)
        with bibkit.Session(config) as session:
            results = session.resolve(MENTIONS)
        asked_in_run = len(server.requests)
        # Nothing decided after the deadline was cached: a new run asks for those again.
        late = [r.mention for r in results if r.status is Status.ERROR]
        with bibkit.Session(config.replace(deadline_s=None)) as session:
            again = session.resolve(late)
    statuses = {r.status for r in results}
    assert Status.RESOLVED in statuses and Status.ERROR in statuses
    assert all("deadline of 1 s has passed" in r.reason for r in results if r.status is Status.ERROR)
    assert asked_in_run < len(MENTIONS)
    assert all(r.status is Status.RESOLVED for r in again)


def _mention(title: str) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title)
