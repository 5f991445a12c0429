"""A failed source is an error, never an answer: not "not found", never cached, and a
``convert`` that lost mentions to it says so in its exit code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.model import Mention, Status
from tests.servers.openlibrary import Answer, FakeRequest, FakeServices
from tests.servers.seed import seed_catalog

UNAVAILABLE: Answer = (503, {"Content-Type": "application/json"}, b'{"error": "down"}')


def _down(request: FakeRequest) -> Answer | None:
    """Open Library's search fails (its ISBN lookups still answer); Google Books works."""
    return UNAVAILABLE if request.path == "/search.json" else None


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(seed_catalog()) as s:
        yield s


def _session(server: FakeServices, tmp_path: Path) -> bibkit.Session:
    config = server.config(cache_dir=tmp_path / "cache", retries=1, timeout_s=5.0)
    return bibkit.Session(config.replace(sources=("openlibrary", "googlebooks")))


def _mention(title: str, author: str) -> Mention:
    text = f"{author}, {title}"
    return Mention(text=text, start=0, end=len(text), title=title, author=author)


def test_a_failed_source_makes_an_error_not_a_not_found(server: FakeServices, tmp_path: Path) -> None:
    """Open Library fails; Google Books answers but does not know the book: nobody said it
    does not exist."""
    server.hooks.append(_down)
    with _session(server, tmp_path) as session:
        found, unknown = session.resolve(
            [
                _mention("Year One of the Russian Revolution", "Victor Serge"),
                _mention("A Book That Was Never Written", "Jane Nobody"),
            ]
        )
    assert found.status is Status.RESOLVED
    assert unknown.status is Status.ERROR
    assert "failed (HTTP 503)" in unknown.reason


def test_what_was_decided_while_a_source_failed_is_not_cached(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(_down)
    mention = _mention("Year One of the Russian Revolution", "Victor Serge")
    with _session(server, tmp_path) as session:
        [during] = session.resolve([mention])
    assert during.status is Status.RESOLVED  # Google Books answered
    server.hooks.remove(_down)  # the service is back
    asked = len(server.paths("/search.json"))
    with _session(server, tmp_path) as session:
        [after] = session.resolve([mention])
    assert after.status is Status.RESOLVED
    assert len(server.paths("/search.json")) > asked  # asked again, not served the old decision


def test_convert_exits_non_zero_when_a_mention_ended_in_error(server: FakeServices, tmp_path: Path) -> None:
    def prophet_down(request: FakeRequest) -> Answer | None:
        return UNAVAILABLE if "Prophet" in request.arg("q") + request.arg("title") else None

    server.hooks.append(prophet_down)
    source = tmp_path / "thread.txt"
    source.write_text(
        "Books I recommend:\n- Victor Serge, *Year One of the Russian Revolution*\n"
        "- Isaac Deutscher, *The Prophet Armed*\n",
        encoding="utf-8",
    )
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(
        cli,
        ["--openlibrary-url", server.url, "convert", str(source), "-o", str(out)],
        env={"BIBKIT_SOURCES": "openlibrary", "BIBKIT_RETRIES": "1"},
    )
    assert result.exit_code == 4, result.output
    assert "Year One of the Russian Revolution" in out.read_text(encoding="utf-8")
    assert "1 mention not resolved because a service failed" in result.stderr
