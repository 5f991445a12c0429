"""``bibkit check`` on the command line: one line per finding, --json, exit codes, --fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from tests.servers.openlibrary import FakeServices
from tests.servers.seed import SERGE_BIB

GOOD = SERGE_BIB

BAD = """% keep this comment
@book{prophet,
  author = {Isaac Deutscher},
  title = {The Prophet Armed},
  year = {2015},
  isbn = {9781781683118}
}

@book{dreamers, author = {Isaac Deutscher}, title = {The Prophet Dreaming of Petrograd}, year = 1961,
  publisher = {Verso}}
"""


def _check(fake: FakeServices, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--openlibrary-url", fake.url, "--no-cache", "check", *args], input=input)


def test_a_clean_file_exits_0_with_a_summary(fake_services: FakeServices, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(GOOD, encoding="utf-8")
    result = _check(fake_services, str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    summary = result.stderr.strip().splitlines()[-1]
    assert summary == "1 entry: 1 checked, 0 skipped (not books); no problem found"


def test_errors_exit_1_one_line_each_with_key_severity_and_code(fake_services: FakeServices,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BAD, encoding="utf-8")
    result = _check(fake_services, str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    publisher = "no publisher; the edition's record has Verso [missing-publisher]"
    assert f"{path}:2: warning: prophet: {publisher}" in lines
    invented = [line for line in lines if line.endswith("[not-found]")]
    assert len(invented) == 1 and invented[0].startswith(f"{path}:9: error: dreamers: no catalogue knows")
    assert "2 entries: 2 checked, 0 skipped (not books); 1 error, 1 warning" in result.stderr


def test_json_lists_findings_with_stable_fields(fake_services: FakeServices, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BAD, encoding="utf-8")
    result = _check(fake_services, str(path), "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {(f["key"], f["severity"], f["code"]) for f in findings} == {
        ("prophet", "warning", "missing-publisher"),
        ("dreamers", "error", "not-found"),
    }
    assert all(isinstance(f["message"], str) and f["message"] for f in findings)


def test_standard_input_and_unreadable_input(fake_services: FakeServices, tmp_path: Path) -> None:
    assert _check(fake_services, "-", input=GOOD).exit_code == 0
    broken = _check(fake_services, "-", input="@book{a,\n  title = {Unclosed,\n  year = 2000\n}\n")
    assert broken.exit_code == 2
    message = "bibkit: error: standard input: line 1: entry 'a' (line 1) is never closed"
    assert broken.stderr.strip() == message
    missing = _check(fake_services, str(tmp_path / "nope.bib"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    binary = _check(fake_services, "-", input="\x00\x01PK")
    assert binary.exit_code == 2 and "looks like a binary file" in binary.stderr
    needs_output = _check(fake_services, "-", "--fix", input=GOOD)
    assert needs_output.exit_code == 1 and "add -o FILE" in needs_output.stderr
    assert _check(fake_services, "-", "--overwrite", "year", input=GOOD).exit_code == 1


def test_fix_interactive_asks_and_keeps_everything_else(fake_services: FakeServices, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BAD, encoding="utf-8")
    result = _check(fake_services, str(path), "--fix", "--interactive", input="y\n")
    assert "publisher: (missing) -> 'Verso'" in result.stderr
    assert "repaired 1 field in 1 entry" in result.stderr
    assert result.exit_code == 1  # the invented book is still there
    assert path.read_text(encoding="utf-8") == BAD.replace(
        "isbn = {9781781683118}\n", "isbn = {9781781683118},\n  publisher = {Verso}\n"
    )
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == BAD


def test_an_unreachable_catalogue_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(GOOD, encoding="utf-8")
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    args = ["--openlibrary-url", "http://127.0.0.1:9", "--no-cache", "check", str(path)]
    result = CliRunner().invoke(cli, [*args, "--source", "openlibrary"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "bibkit: error: cannot reach 127.0.0.1:9: connection failed"
    assert path.read_text(encoding="utf-8") == GOOD


def test_fix_replaces_another_file_only_with_force(fake_services: FakeServices, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BAD, encoding="utf-8")
    out = tmp_path / "fixed.bib"
    out.write_text("% someone's own file\n", encoding="utf-8")
    refused = _check(fake_services, str(path), "--fix", "-o", str(out))
    assert refused.exit_code == 2
    message = f"bibkit: error: {out} exists; use --force to replace it (keeping {out}.bak)"
    assert refused.stderr.strip() == message
    assert fake_services.paths() == []  # refused before any lookup
    assert out.read_text(encoding="utf-8") == "% someone's own file\n"
    forced = _check(fake_services, str(path), "--fix", "-o", str(out), "--force")
    assert forced.exit_code == 1, forced.output  # the invented book is still there
    assert "publisher = {Verso}" in out.read_text(encoding="utf-8")
    assert (tmp_path / "fixed.bib.bak").read_text(encoding="utf-8") == "% someone's own file\n"
    assert path.read_text(encoding="utf-8") == BAD
    alone = _check(fake_services, str(path), "--fix", "--force")
    assert alone.exit_code == 1 and "--force goes with -o" in alone.stderr
    assert path.read_text(encoding="utf-8") == BAD


@pytest.mark.parametrize(("encoding", "note"), [("utf-16", False), ("utf-8-sig", False), ("cp1252", True)])
def test_check_reads_and_repairs_a_file_in_the_encodings_convert_reads(
    fake_services: FakeServices, tmp_path: Path, encoding: str, note: bool
) -> None:
    """Notepad's "Unicode" (UTF-16) and an 8-bit Windows .bib are read as convert reads them,
    and repaired in their own encoding, every other byte as it was."""
    text = "% Deutscher’s trilogy, vol. 1 – keep this comment\n" + BAD
    path = tmp_path / "refs.bib"
    path.write_bytes(text.encode(encoding))
    result = _check(fake_services, str(path), "--fix")
    assert result.exit_code == 1, result.output  # the invented book is still there
    assert ("is not UTF-8; read it as Windows-1252" in result.stderr) is note
    assert f"{path}:3: warning: prophet: no publisher" in result.stdout  # lines as in the file
    repaired = text.replace("isbn = {9781781683118}\n", "isbn = {9781781683118},\n  publisher = {Verso}\n")
    assert path.read_bytes() == repaired.encode(encoding)
    assert (tmp_path / "refs.bib.bak").read_bytes() == text.encode(encoding)
    converted = CliRunner().invoke(cli, ["convert", str(path), "-f", "csljson"])
    assert converted.exit_code == 0 and "The Prophet Armed" in converted.stdout
