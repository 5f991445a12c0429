"""The preferences of a configuration (``edition``, ``language``, ``publisher``,
``min_confidence``) steer the library as they steer the command line: a Session built from a
config file resolves by them, and a keyword given in the call wins, ``None`` included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.model import Mention, Status
from tests.servers.openlibrary import FakeServices

REED = Mention(text="Ten Days", start=0, end=8, title="Ten Days", author="Reed")
"""Reed's *Ten Days That Shook the World* by a short title: found at a confidence under 0.9.
Its editions are International Publishers 1967 (earliest) and 2017 (latest)."""

EARLIEST, LATEST = "9780717808397", "9781544125329"


def _session(fake_services: FakeServices, tmp_path: Path, toml: str) -> bibkit.Session:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    return bibkit.Session(
        bibkit.Config.load(
            path,
            openlibrary_url=fake_services.url,
            sources=("openlibrary",),
            sleep=False,
            use_cache=False,
            cache_dir=tmp_path / "cache",
        )
    )


def test_a_session_resolves_by_its_config_files_edition(fake_services: FakeServices, tmp_path: Path) -> None:
    with _session(fake_services, tmp_path, 'edition = "earliest"\n') as session:
        [configured] = bibkit.resolve([REED], session=session)
        [given] = bibkit.resolve([REED], session=session, edition="latest")
    assert configured.book is not None and configured.book.isbn13 == EARLIEST
    assert given.book is not None and given.book.isbn13 == LATEST  # the call wins


def test_the_top_level_call_reads_the_config_file_too(
    fake_services: FakeServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('edition = "earliest"\n', encoding="utf-8")
    monkeypatch.setenv("BIBKIT_CONFIG", str(config))
    monkeypatch.setenv("BIBKIT_SOURCES", "openlibrary")
    [r] = bibkit.resolve([REED])
    assert r.book is not None and r.book.isbn13 == EARLIEST


def test_a_configured_min_confidence_applies_unless_the_call_says_otherwise(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    with _session(fake_services, tmp_path, "min_confidence = 0.95\n") as session:
        [strict] = bibkit.resolve([REED], session=session)
        [default] = bibkit.resolve([REED], session=session, min_confidence=None)
        [loose] = bibkit.lookup(["reed ten days"], session=session, min_confidence=0.5)
    assert strict.status is Status.NOT_FOUND and strict.candidates  # found, but below 0.95
    assert default.status is Status.RESOLVED and default.confidence < 0.95
    assert loose.status is Status.RESOLVED


def test_language_and_publisher_come_from_the_config_unless_given(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    toml = 'language = "de"\npublisher = "Verso"\nedition = "earliest"\nmin_confidence = 0.8\n'
    with _session(fake_services, tmp_path, toml) as session:
        configured = session.resolve_options({})
        given = session.resolve_options({"language": None, "publisher": "Penguin", "min_confidence": 0.6})
    assert (configured.language, configured.publisher, configured.edition) == ("de", "Verso", "earliest")
    assert configured.min_confidence == 0.8
    assert (given.language, given.publisher, given.edition, given.min_confidence) == (
        None, "Penguin", "earliest", 0.6,
    )  # fmt: skip


def test_the_command_line_and_the_library_agree_on_one_config_file(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('edition = "earliest"\n', encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("I read Ten Days That Shook the World by John Reed.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "--no-cache", "resolve", str(notes), "--json"])
    assert result.exit_code == 0, result.output
    with bibkit.Session(bibkit.Config.load(config, use_cache=False)) as session:
        library = bibkit.resolve(notes.read_text(encoding="utf-8"), session=session)
    on_the_command_line = [r["book"]["isbn13"] for r in json.loads(result.stdout)]
    assert on_the_command_line == [r.book and r.book.isbn13 for r in library] == [EARLIEST]
