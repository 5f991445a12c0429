"""Resolution under a failing service: every mention is reported, the run always ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import bibkit
from bibkit.errors import SourceUnavailable
from bibkit.model import Status
from tests.servers.bulk import bulk_books
from tests.servers.faults import Faults
from tests.servers.openlibrary import FakeServices

CATALOG, MENTIONS = bulk_books(40)

# Each fault kind, how to inject it, and the words a user reads when it could not be overcome.
KINDS = {
    "5xx": ({"error_rate": 1.0}, "failed (HTTP 503)"),
    # a host that keeps timing out is marked down: either reason may come first
    "timeout": ({"timeout_rate": 1.0, "stall_s": 0.3}, "did not answer in time|timed out"),
    "truncated JSON": ({"truncate_rate": 1.0}, "not JSON"),
    "429": ({"throttle_rate": 1.0, "retry_after": "0"}, "rate limiting us (HTTP 429)"),
}


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(CATALOG) as s:
        yield s


def session_for(server: FakeServices, tmp_path: Path, *, stalls: bool, **changes: Any) -> bibkit.Session:
    """A session whose timeout is short only where the server stalls: every other answer comes
    at once, and a busy machine must not turn it into a timeout (a different reason)."""
    config = server.config(timeout_s=0.1 if stalls else 5.0, cache_dir=tmp_path / "cache")
    return bibkit.Session(config.replace(**changes))


@pytest.mark.parametrize("kind", KINDS)
def test_a_fault_that_persists_is_raised_not_returned_as_nothing(
    server: FakeServices, tmp_path: Path, kind: str
) -> None:
    settings, reason = KINDS[kind]
    Faults(**settings).install(server)
    # Every mention failed: the error is raised, not a list that looks like "no books".
    with (
        session_for(server, tmp_path, stalls=kind == "timeout", retries=1) as session,
        pytest.raises(SourceUnavailable) as raised,
    ):
        session.resolve(MENTIONS[:8])
    assert any(part in str(raised.value) for part in reason.split("|"))


@pytest.mark.parametrize("kind", KINDS)
def test_an_occasional_fault_is_retried_away(server: FakeServices, tmp_path: Path, kind: str) -> None:
    settings, _ = KINDS[kind]
    rates = {k: 0.1 if k.endswith("_rate") else v for k, v in settings.items()}
    faults = Faults(**rates).install(server)
    with session_for(server, tmp_path, stalls=kind == "timeout", retries=6) as session:
        results = session.resolve(MENTIONS)
    injected = sum(faults.count(k) for k in ("error", "stall", "truncate", "throttle"))
    assert injected > 0
    assert [r.status for r in results] == [Status.RESOLVED] * len(MENTIONS)
    assert all(r.book is not None and r.book.title == r.mention.title for r in results)


def test_all_faults_at_once_every_mention_is_reported(server: FakeServices, tmp_path: Path) -> None:
    faults = Faults(
        latency_s=(0.0, 0.01),
        error_rate=0.04,
        timeout_rate=0.02,
        stall_s=0.3,
        truncate_rate=0.02,
        throttle_rate=0.02,
        retry_after="0",
    ).install(server)
    with session_for(server, tmp_path, stalls=True, retries=1) as session:
        results = session.resolve(MENTIONS * 2 + list(reversed(MENTIONS)))
    assert len(results) == 120
    assert faults.count("request") > 0
    for result in results:
        if result.status is Status.RESOLVED:
            assert result.book is not None and result.book.title == result.mention.title
        else:
            assert result.status is Status.ERROR and result.reason
    assert sum(r.status is Status.RESOLVED for r in results) >= 100
