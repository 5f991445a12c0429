"""The resolution cache and the HTTP cache, as a user meets them: reruns, ``bibkit cache``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.config import Config
from bibkit.errors import SourceUnavailable
from bibkit.model import Status
from tests.servers.openlibrary import FakeRequest, FakeServices

THREAD = """books on the revolution:
- Victor Serge, *Year One of the Russian Revolution*
- Deutscher, *The Prophet Armed*
- Jane Nobody, *A Book That Was Never Written*
"""
# The same three books, written otherwise and in another order.
OTHER_LIST = """my list:
1. Deutscher, *The Prophet Armed*
2. Jane Nobody, *A Book That Was Never Written*
3. Victor Serge, *Year One of the Russian Revolution*
"""


def session_for(server: FakeServices, cache_dir: Path, **changes: object) -> bibkit.Session:
    return bibkit.Session(server.config(cache_dir=cache_dir, **changes))


def test_rerun_on_the_same_text_makes_no_request(fake_services: FakeServices, tmp_path: Path) -> None:
    with session_for(fake_services, tmp_path) as session:
        first = session.resolve(THREAD)
    sent = len(fake_services.requests)
    assert sent > 0
    with session_for(fake_services, tmp_path) as session:
        again = session.resolve(THREAD)
        assert session.http.stats.total_requests == 0
    assert len(fake_services.requests) == sent
    assert again == first


def test_same_books_in_another_text_are_cache_hits(fake_services: FakeServices, tmp_path: Path) -> None:
    with session_for(fake_services, tmp_path) as session:
        session.resolve(THREAD)
    sent = len(fake_services.requests)
    with session_for(fake_services, tmp_path) as session:
        results = session.resolve(OTHER_LIST)
    assert len(fake_services.requests) == sent
    assert [r.mention.title for r in results] == [
        "The Prophet Armed",
        "A Book That Was Never Written",
        "Year One of the Russian Revolution",
    ]
    # Each result carries its own mention, positions in this text included.
    assert all(OTHER_LIST[r.mention.start : r.mention.end] == r.mention.text for r in results)
    assert results[2].book is not None and results[2].book.pages == 462


def test_errors_are_not_cached(fake_services: FakeServices, tmp_path: Path) -> None:
    def down(request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        return 503, {}, b"down for maintenance"

    fake_services.hooks.append(down)
    with session_for(fake_services, tmp_path, retries=0) as session, pytest.raises(
        SourceUnavailable, match="HTTP 503"
    ):
        session.resolve(THREAD)
    fake_services.hooks.remove(down)
    with session_for(fake_services, tmp_path) as session:
        healed = session.resolve(THREAD)
    assert [r.status for r in healed] == [Status.RESOLVED, Status.RESOLVED, Status.NOT_FOUND]


def test_failed_isbn_batch_is_asked_again_next_time(fake_services: FakeServices, tmp_path: Path) -> None:
    def books_api_down(request: FakeRequest) -> tuple[int, dict[str, str], bytes] | None:
        return (503, {}, b"down") if request.path == "/api/books" else None

    fake_services.hooks.append(books_api_down)
    with session_for(fake_services, tmp_path, retries=0) as session:
        [serge] = session.resolve(THREAD.splitlines()[1])
    assert serge.status is Status.RESOLVED
    assert serge.book is not None and serge.book.pages is None  # the batch lookup failed
    fake_services.hooks.remove(books_api_down)
    with session_for(fake_services, tmp_path) as session:
        [serge] = session.resolve(THREAD.splitlines()[1])
    assert serge.book is not None and serge.book.pages == 462


def test_other_options_are_not_served_old_answers(fake_services: FakeServices, tmp_path: Path) -> None:
    with session_for(fake_services, tmp_path) as session:
        session.resolve(THREAD)
    with session_for(fake_services, tmp_path) as session:
        session.resolve(THREAD)
        assert session.http.stats.cache_hits == 0  # answered whole from the resolution cache
    with session_for(fake_services, tmp_path) as session:
        session.resolve(THREAD, min_confidence=0.99)
        # Resolved anew (the HTTP cache still spares the service the searches).
        assert session.http.stats.cache_hits >= 3
        assert session.http.stats.total_requests == 0


def test_expired_entries_are_resolved_again(fake_services: FakeServices, tmp_path: Path) -> None:
    with session_for(fake_services, tmp_path, cache_expire_s=0) as session:
        session.resolve(THREAD)
    sent = len(fake_services.requests)
    with session_for(fake_services, tmp_path, cache_expire_s=0) as session:
        session.resolve(THREAD)
    assert len(fake_services.requests) == 2 * sent


def test_no_cache_writes_nothing(fake_services: FakeServices, tmp_path: Path) -> None:
    with session_for(fake_services, tmp_path / "c", use_cache=False) as session:
        session.resolve(THREAD)
        once = len(fake_services.requests)
        session.resolve(THREAD)
    assert not (tmp_path / "c").exists()
    assert len(fake_services.requests) == 2 * once


def test_cache_info_and_clear_commands(fake_services: FakeServices, tmp_path: Path) -> None:
    # The autouse fixture points BIBKIT_CACHE_DIR at a fresh directory.
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    runner = CliRunner()
    empty = runner.invoke(cli, ["cache", "info"])
    assert empty.exit_code == 0, empty.output
    assert "HTTP responses: 0" in empty.stdout and "resolutions:    0" in empty.stdout

    resolved = runner.invoke(cli, ["--openlibrary-url", fake_services.url, "resolve", str(source)])
    assert resolved.exit_code == 0, resolved.output
    sent = len(fake_services.requests)  # searches and one ISBN batch, each a distinct URL
    info = runner.invoke(cli, ["cache", "info"])
    assert f"HTTP responses: {sent}\n" in info.stdout
    assert "resolutions:    3" in info.stdout
    assert str(tmp_path / "cache") in info.stdout

    cleared = runner.invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert f"cleared {sent} HTTP responses and 3 resolutions" in cleared.stderr
    after = runner.invoke(cli, ["cache", "info"])
    assert "HTTP responses: 0" in after.stdout and "resolutions:    0" in after.stdout
    runner.invoke(cli, ["--openlibrary-url", fake_services.url, "resolve", str(source)])
    assert len(fake_services.requests) == 2 * sent


def test_quiet_leaves_only_the_results(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--quiet", "--openlibrary-url", fake_services.url, "resolve", "--json", str(source)]
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    assert '"status": "resolved"' in result.stdout


def test_cache_settings_come_from_the_environment(tmp_path: Path) -> None:
    env = {"BIBKIT_CACHE_DIR": str(tmp_path / "elsewhere"), "BIBKIT_CACHE_EXPIRE_S": "3600"}
    config = Config.load(env=env)
    assert config.cache_dir == tmp_path / "elsewhere"
    assert config.cache_expire_s == 3600
    assert Config.load(env={"BIBKIT_NO_CACHE": "1"}).use_cache is False
