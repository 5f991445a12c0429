"""``bibkit convert`` with --format, --merge/--append, --ascii/--unicode and --key-pattern,
against the loopback catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from bibkit.formats import load_books
from tests.servers.openlibrary import FakeServices

THREAD = """Reading list:
Victor Serge, Year One of the Russian Revolution
Deutscher, The Prophet Armed
Victor Serge, Year One of the Russian Revolution
"""

EXISTING = """% my own notes, keep them
@string{hb = "Haymarket Books"}
@book{serge1930,
    author = {Serge, Victor},
    title = {Year One of the Russian Revolution},
    publisher = hb, year = 2015, isbn = {978-1-60846-267-4}}
"""


def _convert(fake: FakeServices, tmp_path: Path, *args: str) -> Result:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    return CliRunner().invoke(cli, ["--openlibrary-url", fake.url, "convert", str(source), *args])


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["-f", "biblatex"], lambda out: "date = {" in out and "@book{sergeYearOneRussian" in out),
        (["--format", "csljson"], lambda out: json.loads(out)[0]["type"] == "book"),
        (["-f", "ris"], lambda out: out.startswith("TY  - BOOK\r\n") and out.count("ER  - ") == 2),
        (["-f", "biblatex", "--ascii"], lambda out: out.isascii() and "langid = {english}" in out),
        (["--key-pattern", "auth.lower + year"], lambda out: "@book{serge2015," in out),
    ],
)
def test_formats_and_options_on_stdout(fake_services: FakeServices, tmp_path: Path, args: list[str],
                                       check: object) -> None:
    result = _convert(fake_services, tmp_path, *args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")  # .stdout would turn CR LF into LF
    assert callable(check) and check(out), out


def test_format_follows_the_output_suffix_and_repeats_are_dropped(fake_services: FakeServices,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    result = _convert(fake_services, tmp_path, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    books = load_books(out)
    titles = [b.title for b in books]
    assert len(titles) == 2
    assert titles[0] == "Year One of the Russian Revolution" and titles[1].startswith("The Prophet Armed")


def test_merge_keeps_the_file_and_adds_only_new_books(fake_services: FakeServices, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    out.write_text(EXISTING, encoding="utf-8")
    result = _convert(fake_services, tmp_path, "-o", str(out), "--merge")
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(EXISTING)
    assert text.count("@book{") == 2 and "@book{deutscherProphetArmed" in text
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == EXISTING
    assert "already present: serge1930" in result.stderr
    again = _convert(fake_services, tmp_path, "-o", str(out), "-a")
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == text
    assert "added nothing" in again.stderr


def test_merge_refuses_a_malformed_file_and_leaves_it(fake_services: FakeServices, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    broken = EXISTING.replace("isbn = {978-1-60846-267-4}}", "isbn = {978-1-60846-267-4}")
    out.write_text(broken, encoding="utf-8")
    result = _convert(fake_services, tmp_path, "-o", str(out), "--append")
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"bibkit: error: {out}: line 3: entry 'serge1930'")
    assert out.read_text(encoding="utf-8") == broken
    assert not (tmp_path / "refs.bib.bak").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--merge"], "--merge needs -o FILE.bib"),
        (["--merge", "-f", "ris", "-o", "x.ris"], "--merge needs -o FILE.bib"),
        (["--key-pattern", "auth + nonsense"], "unknown function 'nonsense'"),
    ],
)
def test_bad_options_are_one_line_before_any_lookup(fake_services: FakeServices, tmp_path: Path,
                                                    args: list[str], message: str) -> None:
    result = _convert(fake_services, tmp_path, *args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert fake_services.paths("/search.json") == []
