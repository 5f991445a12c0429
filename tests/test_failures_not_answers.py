"""A failed source is an error, never an answer: not "not found", never cached, and a
``convert`` that lost mentions to it says so in its exit code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.model import Mention, Status
from tests.servers.openlibrary import Answer, FakeRequest, FakeServices
from tests.servers.seed import SERGE_BIB, seed_catalog

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


# -- one rule for every command: done, but a service failed for some -> exit 4 ---------------------

THREAD = (
    "Books I recommend:\n- Victor Serge, *Year One of the Russian Revolution*\n"
    "- Isaac Deutscher, *The Prophet Armed*\n"
)
ONE_FAILS = {"BIBKIT_SOURCES": "openlibrary", "BIBKIT_RETRIES": "1"}


def _prophet_down(request: FakeRequest) -> Answer | None:
    return UNAVAILABLE if "prophet" in (request.arg("q") + request.arg("title")).lower() else None


def test_resolve_exits_4_when_a_mention_ended_in_error(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(_prophet_down)
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    args = ["--openlibrary-url", server.url, "resolve", str(source), "--json"]
    result = CliRunner().invoke(cli, args, env=ONE_FAILS)
    assert result.exit_code == 4, result.output
    assert [r["status"] for r in json.loads(result.stdout)] == ["resolved", "error"]
    assert result.stderr.strip().splitlines()[-1] == (
        "bibkit: 1 mention not resolved because a service failed; run again to retry it"
    )
    server.hooks.remove(_prophet_down)  # the service is back: the same run is a success
    again = CliRunner().invoke(cli, args, env=ONE_FAILS)
    assert again.exit_code == 0, again.output


def test_lookup_exits_4_when_a_book_was_not_looked_up(server: FakeServices) -> None:
    server.hooks.append(_prophet_down)
    args = ["--openlibrary-url", server.url, "lookup", "serge year one of the russian revolution",
            "deutscher the prophet armed"]  # fmt: skip
    result = CliRunner().invoke(cli, args, env=ONE_FAILS)
    assert result.exit_code == 4, result.output
    assert "Year One of the Russian Revolution" in result.stdout
    assert "bibkit: 1 book not looked up because a service failed; run again to retry it" in result.stderr


def test_push_exits_4_when_a_mention_was_not_pushed_for_a_failed_service(
    server: FakeServices, tmp_path: Path
) -> None:
    from tests.zotero.fake_zotero import FakeZotero

    server.hooks.append(_prophet_down)
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    with FakeZotero() as zotero:
        env = ONE_FAILS | {"BIBKIT_ZOTERO_URL": zotero.base_url, "ZOTERO_LIBRARY_ID": zotero.library_id,
                           "ZOTERO_API_KEY": zotero.api_key}  # fmt: skip
        result = CliRunner().invoke(cli, ["--openlibrary-url", server.url, "push", str(source)], env=env)
        titles = [i["title"] for i in zotero.items("book")]
    assert result.exit_code == 4, result.output
    assert titles == ["Year One of the Russian Revolution"]
    assert "bibkit: 1 mention not pushed because a service failed; run again to retry it" in result.stderr


UNCHECKABLE = SERGE_BIB + """@book{prophet,
  author = {Isaac Deutscher},
  title = {The Prophet Armed},
  publisher = {Verso},
  year = {2015},
}
"""
INVENTED = """@book{dreamers, author = {Isaac Deutscher}, title = {The Prophet Dreaming of Petrograd},
  year = 1961, publisher = {Verso}}
"""


def test_check_exits_4_when_an_entry_could_not_be_checked_and_1_when_one_is_wrong(
    server: FakeServices, tmp_path: Path
) -> None:
    """An entry a failed service left unchecked is not known to be wrong: exit 4 (run again),
    not 1, which says the bibliography has an error; a real error still wins."""
    server.hooks.append(_prophet_down)
    path = tmp_path / "refs.bib"
    path.write_text(UNCHECKABLE, encoding="utf-8")
    args = ["--openlibrary-url", server.url, "--no-cache", "check", str(path)]
    result = CliRunner().invoke(cli, args, env=ONE_FAILS)
    assert result.exit_code == 4, result.output
    assert "[not-checked]" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "bibkit: 1 entry not fully checked because a service failed; run again to retry it"
    )
    server.hooks.remove(_prophet_down)
    wrong = tmp_path / "wrong.bib"
    wrong.write_text(INVENTED, encoding="utf-8")
    server.hooks.append(lambda r: UNAVAILABLE if "Armed" in r.arg("q") + r.arg("title") else None)
    both = CliRunner().invoke(cli, [*args, str(wrong)], env=ONE_FAILS)
    assert both.exit_code == 1, both.output
    assert "[not-checked]" in both.stdout and "[not-found]" in both.stdout


def test_every_exit_status_is_listed_once_in_the_help_and_the_readme() -> None:
    from bibkit.cli import EXIT_CODES

    help_text = " ".join(CliRunner().invoke(cli, ["--help"]).stdout.split())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code, meaning in EXIT_CODES:
        assert f"{code} {meaning}" in help_text
        assert f"| {code} | {meaning} |" in readme
    assert [c for c, _ in EXIT_CODES] == [0, 1, 2, 3, 4, 130]
