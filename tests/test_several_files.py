"""Every command that reads texts or bibliographies takes several files (and ``-`` for standard
input, once), and says which file each result came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from tests.servers.openlibrary import FakeServices
from tests.test_check_cli import BAD, GOOD

FIRST = "Books I recommend:\n- Victor Serge, *Year One of the Russian Revolution*\n"
SECOND = "More:\n- Isaac Deutscher, *The Prophet Armed*\n- Jane Nobody, *A Book That Was Never Written*\n"


def _texts(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    return first, second


def _run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def test_extract_reads_several_files_and_names_the_file_of_each_mention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first, second = (Path(p.name) for p in _texts(tmp_path))
    result = _run("extract", str(first), "-", "--json", input=SECOND)
    assert result.exit_code == 0, result.output
    found = [(m["input"], m["title"]) for m in json.loads(result.stdout)]
    assert found == [
        (str(first), "Year One of the Russian Revolution"),
        ("standard input", "The Prophet Armed"),
        ("standard input", "A Book That Was Never Written"),
    ]
    assert result.stderr.strip().splitlines()[-1] == "3 mentions found in 2 files"
    table = _run("extract", str(first), str(second))
    assert table.exit_code == 0, table.output
    rows = [line for line in table.stdout.splitlines() if "Prophet" in line or "Year One" in line]
    assert "file" in table.stdout.splitlines()[1]
    assert str(first) in rows[0] and str(second) in rows[1]


def test_extract_of_one_file_prints_what_it_always_printed(tmp_path: Path) -> None:
    first, _ = _texts(tmp_path)
    result = _run("extract", str(first), "--json")
    assert result.exit_code == 0, result.output
    [mention] = json.loads(result.stdout)
    assert "input" not in mention and mention["title"] == "Year One of the Russian Revolution"
    assert result.stderr.strip() == "1 mention found"


def test_extract_refuses_what_cannot_be_done_with_several_files(tmp_path: Path) -> None:
    first, second = _texts(tmp_path)
    annotation = _run("extract", str(first), str(second), "--annotation")
    assert annotation.exit_code == 1
    assert annotation.stderr.strip() == (
        "bibkit: error: --annotation takes one FILE: an annotation belongs beside its own text"
    )
    twice = _run("extract", "-", "-", input=FIRST)
    assert twice.exit_code == 1
    assert twice.stderr.strip() == "bibkit: error: standard input (-) can be given only once"
    # An unreadable file is found before any work, whatever its place.
    missing = _run("extract", str(first), str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr.strip() == f"bibkit: error: {tmp_path / 'nope.txt'}: no such file"


def test_resolve_names_the_file_of_each_resolution(fake_services: FakeServices, tmp_path: Path) -> None:
    first, second = _texts(tmp_path)
    result = _run("--openlibrary-url", fake_services.url, "resolve", str(first), str(second), "--json")
    assert result.exit_code == 0, result.output
    found = [(r["input"], r["mention"]["title"], r["status"]) for r in json.loads(result.stdout)]
    assert found == [
        (str(first), "Year One of the Russian Revolution", "resolved"),
        (str(second), "The Prophet Armed", "resolved"),
        (str(second), "A Book That Was Never Written", "not_found"),
    ]


def _bibliographies(tmp_path: Path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.bib", tmp_path / "bad.bib"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    return good, bad


def _check(fake: FakeServices, *args: str, input: str | None = None) -> Result:
    return _run("--openlibrary-url", fake.url, "--no-cache", "check", *args, input=input)


def test_check_reads_several_files_and_names_the_file_of_each_finding(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    good, bad = _bibliographies(tmp_path)
    result = _check(fake_services, str(good), str(bad))
    assert result.exit_code == 1  # bad.bib has an invented book
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{bad}:") for line in lines)
    assert any(line.startswith(f"{bad}:9: error: dreamers: ") for line in lines)
    assert result.stderr.strip().splitlines() == [
        f"{good}: 1 entry: 1 checked, 0 skipped (not books); no problem found",
        f"{bad}: 2 entries: 2 checked, 0 skipped (not books); 1 error, 1 warning",
    ]
    as_json = _check(fake_services, "-", str(bad), "--json", input=GOOD)
    assert as_json.exit_code == 1
    findings = [(f["input"], f["key"], f["code"]) for f in json.loads(as_json.stdout)]
    assert findings == [(str(bad), "prophet", "missing-publisher"), (str(bad), "dreamers", "not-found")]
    clean = _check(fake_services, str(good), "-", input=GOOD)
    assert clean.exit_code == 0, clean.output
    assert clean.stderr.strip().splitlines()[-1].startswith("standard input: 1 entry: 1 checked")


def test_check_fix_of_several_files_repairs_each_in_place(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    good, bad = _bibliographies(tmp_path)
    other = tmp_path / "other.bib"
    other.write_text(BAD.replace("prophet,", "armed,"), encoding="utf-8")
    result = _check(fake_services, str(bad), str(good), str(other), "--fix")
    assert result.exit_code == 1  # the invented book is still in both
    for path in (bad, other):
        assert "  publisher = {Verso}\n" in path.read_text(encoding="utf-8")
        assert f"{path}: repaired 1 field in 1 entry: wrote {path}" in result.stderr
    assert good.read_text(encoding="utf-8") == GOOD
    assert f"{good}: nothing repaired: no certain repair to make" in result.stderr


def test_check_refuses_one_output_for_several_files_before_any_lookup(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    good, bad = _bibliographies(tmp_path)
    result = _check(fake_services, str(good), str(bad), "--fix", "-o", str(tmp_path / "fixed.bib"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "bibkit: error: -o goes with one FILE; with several, --fix repairs each in place (FILE.bak kept)"
    )
    unreadable = _check(fake_services, str(good), str(tmp_path / "nope.bib"))
    assert unreadable.exit_code == 2 and "nope.bib: no such file" in unreadable.stderr
    assert fake_services.paths() == []
    assert not (tmp_path / "fixed.bib").exists()
