"""Preferences in the config and a project's bibkit.toml, ``config show``, ``doctor``, and the
command line's consistency: global options anywhere, -q, -v with keys redacted, --dry-run,
``cache clear --not-found``, shell completion."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from bibkit.global_options import hoist
from tests.conftest import CLOSED_PORT_URL
from tests.servers.openlibrary import FakeServices
from tests.zotero.fake_zotero import FakeZotero

THREAD = """some great books to read on this period:
- Victor Serge, *Year One of the Russian Revolution*
- Jane Nobody, *A Book That Was Never Written*
"""


@pytest.fixture
def zotero_server() -> Iterator[FakeZotero]:
    """The fake Zotero Web API (its built-in book schema is enough here)."""
    with FakeZotero() as server:
        yield server


def _run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=input)


def _shown(result: Result) -> dict[str, tuple[str, str]]:
    """``config show`` as {name: (value, origin)}."""
    out = {}
    for line in result.stdout.splitlines():
        name, _, rest = line.partition(" = ")
        value, _, origin = rest.rpartition("  # ")
        out[name.strip()] = (value, origin)
    return out


def test_config_show_names_where_each_value_comes_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user.toml"
    user.write_text('edition = "earliest"\nlanguage = "de"\ncontact = "me@example.org"\n', encoding="utf-8")
    project = tmp_path / "thesis"
    (project / "chapters").mkdir(parents=True)
    (project / "bibkit.toml").write_text(
        'language = "fr"\nkey_pattern = "auth.lower + year"\ndecisions = "review.json"\n'
        'zotero_collection = "Thesis"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(project / "chapters")  # found upward
    env = {"BIBKIT_CONFIG": str(user), "BIBKIT_MIN_CONFIDENCE": "0.9", "ZOTERO_API_KEY": "sekrit-key-123"}
    result = _run("config", "show", "--zotero-url", "http://127.0.0.1:1", env=env)
    assert result.exit_code == 0, result.stderr
    shown = _shown(result)
    assert shown["edition"] == ('"earliest"', str(user))
    assert shown["language"] == ('"fr"', str(project / "bibkit.toml"))  # the project wins
    assert shown["key_pattern"][1] == str(project / "bibkit.toml")
    assert shown["decisions"] == (f'"{project / "review.json"}"', str(project / "bibkit.toml"))
    assert shown["min_confidence"] == ("0.9", "environment BIBKIT_MIN_CONFIDENCE")
    assert shown["zotero_url"] == ('"http://127.0.0.1:1"', "command line")
    assert shown["max_workers"] == ("8", "default")
    assert shown["zotero_api_key"] == ("(set, not shown)", "environment ZOTERO_API_KEY")
    assert "sekrit-key-123" not in result.output


def test_a_bad_value_names_the_file_it_is_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bibkit.toml").write_text('edition = "newest"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run("config", "show")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"bibkit: error: {tmp_path / 'bibkit.toml'}: bad value for edition")


def test_preferences_from_the_project_file_are_used(
    fake_services: FakeServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bibkit.toml").write_text(
        'key_pattern = "auth.lower + year"\nformat = "csljson"\nskip_fields = ["url"]\n', encoding="utf-8"
    )
    (tmp_path / "thread.txt").write_text(THREAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run("--no-cache", "convert", "thread.txt")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["id"] == "serge2015" and "URL" not in record
    # The command line still wins.
    again = _run("--no-cache", "convert", "thread.txt", "-f", "bibtex", "--key-pattern", "auth.lower")
    assert again.stdout.startswith("@book{serge,")


def test_doctor_with_every_service_up(
    fake_services: FakeServices, zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIBKIT_CONTACT", "me@example.org")
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    result = _run("doctor")
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok   settings", "ok   user agent", "ok   openlibrary", "ok   googlebooks", "skip catalogue",
        "ok   cache", lines[6].split(":")[0], "ok   zotero",
    ]  # fmt: skip
    assert lines[6].split(":")[0].split()[1:] == ["TeX", "tools"]  # ok or warn, as the machine has them
    assert "the key can read and write the user library" in lines[7]
    assert result.exit_code == 0
    assert zotero_server.api_key not in result.output


def test_doctor_with_every_service_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment points every service at a closed port (see conftest).
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", "475425")
    monkeypatch.setenv("ZOTERO_API_KEY", "fakeKEY0123456789abcdefg")
    result = _run("doctor")
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert "fail openlibrary" in lines and CLOSED_PORT_URL in lines["fail openlibrary"]
    assert "fail googlebooks" in lines and "fail zotero" in lines
    assert "warn user agent" in lines  # no contact of the user's own
    assert result.exit_code == 1
    assert "fakeKEY0123456789abcdefg" not in result.output


def test_doctor_says_when_the_key_cannot_write(
    zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", "another-key-entirely")
    result = _run("doctor")
    [line] = [line for line in result.stdout.splitlines() if "zotero:" in line]
    assert line.startswith("fail zotero:") and "not accepted" in line


# -- global options anywhere -------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--openlibrary-url", "http://127.0.0.1:2"],
        ["--google-books-url=http://127.0.0.1:3/books/v1"],
        ["--zotero-url", "http://127.0.0.1:4"],
        ["--isbnlib-url", "wiki=http://127.0.0.1:5/api/rest_v1"],
        ["--no-cache"],
    ],
)
def test_every_global_option_works_before_or_after_the_command(option: list[str]) -> None:
    before = _run(*option, "config", "show")
    after = _run("config", "show", *option)
    assert before.exit_code == after.exit_code == 0, after.stderr
    assert before.stdout == after.stdout and "command line" in after.stdout


def test_config_file_quiet_and_verbose_after_the_command(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("max_workers = 3\n", encoding="utf-8")
    assert _shown(_run("config", "show", "--config", str(path)))["max_workers"] == ("3", str(path))
    assert _run("cache", "clear", "-q").stderr == "" and _run("-q", "cache", "clear").stderr == ""
    assert _run("cache", "clear").stderr.startswith("cleared")
    assert _run("cache", "clear", "--dry-run").stderr.startswith("would clear")


def test_hoist_moves_only_the_groups_options() -> None:
    options = [p for p in cli.params if isinstance(p, click.Option) and not p.is_eager]
    args = ["convert", "a.txt", "-o", "x.bib", "-q", "--openlibrary-url", "U", "--tag", "-v", "--", "-q"]
    assert hoist(args, options) == [
        "-q", "--openlibrary-url", "U", "-v", "convert", "a.txt", "-o", "x.bib", "--tag", "--", "-q",
    ]  # fmt: skip


def test_quiet_silences_all_but_errors(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    loud = _run("--no-cache", "convert", str(source), "-o", str(tmp_path / "a.bib"))
    assert "not written" in loud.stderr and "mentions" in loud.stderr
    quiet = _run("--no-cache", "convert", str(source), "-o", str(tmp_path / "b.bib"), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    failed = _run("convert", str(source), "-o", str(tmp_path / "b.bib"), "-q")  # exists: an error
    assert failed.exit_code == 2 and failed.stderr.startswith("bibkit: error:")


def test_verbose_logs_requests_with_keys_redacted(
    fake_services: FakeServices, zotero_server: FakeZotero, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_BOOKS_API_KEY", "google-secret-999")
    result = _run("--no-cache", "lookup", "9781608462674", "--source", "googlebooks", "-v")
    assert "bibkit: GET http://127.0.0.1" in result.stderr and "/books/v1/volumes" in result.stderr
    assert "google-secret-999" not in result.output

    zotero_server.add_item({"itemType": "book", "title": "Kept", "date": "2001"})
    env = {
        "BIBKIT_ZOTERO_URL": zotero_server.base_url,
        "ZOTERO_LIBRARY_ID": zotero_server.library_id,
        "ZOTERO_API_KEY": zotero_server.api_key,
    }
    export = _run("export", "-o", str(tmp_path / "z.bib"), "-v", env=env)
    assert export.exit_code == 0, export.stderr
    assert "bibkit: Zotero GET http://127.0.0.1" in export.stderr
    assert zotero_server.api_key not in export.output


def test_dry_run_on_convert_writes_nothing(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    out, report = tmp_path / "refs.bib", tmp_path / "report.json"
    result = _run("--no-cache", "convert", str(source), "-o", str(out), "--report", str(report), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "would write 1 entries" in result.stderr
    assert not out.exists() and not report.exists()
    out.write_text("% mine\n", encoding="utf-8")
    merged = _run("--no-cache", "convert", str(source), "-o", str(out), "--merge", "--dry-run")
    assert "would add sergeYearOneRussian2015" in merged.stderr
    assert out.read_text(encoding="utf-8") == "% mine\n"


def test_cache_clear_not_found_asks_again_only_about_the_misses(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    args = ["resolve", str(source), "--source", "openlibrary", "--json"]
    assert _run(*args).exit_code == 0
    asked = len(fake_services.requests)
    _run(*args)
    assert len(fake_services.requests) == asked  # all cached, the miss too (for a day)

    cleared = _run("cache", "clear", "--not-found")
    assert cleared.stderr.startswith("forgot 1 not-found resolutions")
    _run(*args)
    again = fake_services.requests[asked:]
    assert again and all(
        "Never" in (r.arg("q") + r.arg("title")) or "Nobody" in r.arg("author") for r in again
    )


def test_a_not_found_expires_sooner_than_a_found_book(
    fake_services: FakeServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIBKIT_NEGATIVE_CACHE_EXPIRE_S", "0")
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    args = ["resolve", str(source), "--source", "openlibrary", "--json"]
    _run(*args)
    asked = len(fake_services.requests)
    _run(*args)
    again = fake_services.requests[asked:]
    assert again and all("Serge" not in r.arg("author") and "Year One" not in r.arg("q") for r in again)


def test_push_takes_several_files(
    fake_services: FakeServices, zotero_server: FakeZotero, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    text = tmp_path / "thread.txt"
    text.write_text(THREAD, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{lewin1967, author={Lewin, Moshe}, title={Lenin's Last Struggle}, year=1967}\n")
    result = _run("--no-cache", "push", str(text), str(bib))
    assert result.exit_code == 0, result.stderr
    assert sorted(i["title"] for i in zotero_server.items("book")) == [
        "Lenin's Last Struggle",
        "Year One of the Russian Revolution",
    ]


@pytest.mark.skipif(os.name == "nt", reason="bash completion")
def test_shell_completion_script_is_generated() -> None:
    result = CliRunner().invoke(cli, [], prog_name="bibkit", env={"_BIBKIT_COMPLETE": "bash_source"})
    assert "_bibkit_completion" in result.output and "complete -o nosort -F" in result.output
