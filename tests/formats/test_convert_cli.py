"""``bibkit convert`` with --format, --merge/--append, --ascii/--unicode and --key-pattern,
against the loopback catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from bibkit.formats import load_books
from tests.servers.openlibrary import FakeRequest, FakeServices

THREAD = """Reading list:
- Victor Serge, *Year One of the Russian Revolution*
- Deutscher, *The Prophet Armed*
- Victor Serge, *Year One of the Russian Revolution*
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


# -- files are sacred ---------------------------------------------------------------------------


def test_an_existing_output_is_refused_and_left_byte_identical(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    out = tmp_path / "refs.bib"
    out.write_bytes(EXISTING.encode("utf-8"))
    result = _convert(fake_services, tmp_path, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"bibkit: error: {out} exists; use --merge to add to it or --force to replace it (keeping {out}.bak)"
    ]
    assert out.read_bytes() == EXISTING.encode("utf-8")
    assert fake_services.paths("/search.json") == []  # refused before any lookup


def test_force_replaces_the_output_and_keeps_a_backup(fake_services: FakeServices, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    out.write_text(EXISTING, encoding="utf-8")
    result = _convert(fake_services, tmp_path, "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == EXISTING
    assert load_books(out)[0].title == "Year One of the Russian Revolution"


def test_merge_and_force_exclude_each_other(fake_services: FakeServices, tmp_path: Path) -> None:
    result = _convert(fake_services, tmp_path, "-o", str(tmp_path / "x.bib"), "--merge", "--force")
    assert result.exit_code == 1 and "exclude each other" in result.stderr


# -- every mention accounted for ----------------------------------------------------------------

UNKNOWN = "Books:\n- Jane Nobody, *A Book That Was Never Written*\n- John Nemo, *Another Unwritten Book*\n"


def test_nothing_resolved_writes_nothing_and_exits_3(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "unknown.txt"
    source.write_text(UNKNOWN, encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "convert", str(source),
                                      "-o", str(out)])
    assert result.exit_code == 3
    assert not out.exists()  # no 0-byte bibliography
    lines = result.stderr.strip().splitlines()
    assert "not found: line 2: 'Jane Nobody, *A Book That Was Never Written*'" in lines[0]
    assert "not found: line 3: 'John Nemo, *Another Unwritten Book*'" in lines[1]
    assert lines[-1] == f"bibkit: no mention could be resolved in {source}; {out} not written"


def test_stdout_gets_nothing_when_nothing_resolved(fake_services: FakeServices, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "convert", "-"], input=UNKNOWN)
    assert result.exit_code == 3 and result.stdout == ""


def test_a_text_without_mentions_says_so(fake_services: FakeServices, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "convert", "-"],
                                input="nothing to see here\n")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines()[-1] == "bibkit: no book mentions found in standard input"


def test_unwritten_mentions_are_listed_and_reported(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    text = THREAD.replace("- Deutscher, *The Prophet Armed*", "- *The Prophet Unarmed*")  # no author: 0.9
    source.write_text(text + UNKNOWN + "- *The Russian Revolution*\n", encoding="utf-8")
    out, report = tmp_path / "refs.bib", tmp_path / "report.json"
    args = ["--openlibrary-url", fake_services.url, "convert", str(source), "-o", str(out),
            "--report", str(report), "--min-confidence", "0.95"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    outcomes = [(o["line"], o["outcome"]) for o in data["outcomes"]]
    assert outcomes == [
        (2, "written"), (3, "below_min_confidence"), (4, "duplicate"),
        (6, "not_found"), (7, "not_found"), (8, "below_min_confidence"),
    ]
    assert data["counts"] == {"written": 1, "duplicate": 1, "not_found": 2, "below_min_confidence": 2}
    assert data["outcomes"][0]["key"] == "sergeYearOneRussian2015"
    assert data["outcomes"][2]["key"] == "sergeYearOneRussian2015"
    listed = [line for line in result.stderr.splitlines() if line.startswith("bibkit: not written:")]
    assert len(listed) == 4
    assert "below min confidence: line 3: " in listed[0] and "The Prophet Unarmed" in listed[0]
    # A later run may replace its own report, but never another file.
    again = CliRunner().invoke(cli, [*args[:-5], str(tmp_path / "other.bib"), "--report", str(report)])
    assert again.exit_code == 0, again.stderr
    outcomes = [(o["line"], o["outcome"]) for o in json.loads(report.read_text(encoding="utf-8"))["outcomes"]]
    assert outcomes[1] == (3, "written") and outcomes[-1] == (8, "ambiguous")
    assert "ambiguous: line 8: 'The Russian Revolution': 3 works match equally well" in again.stderr
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, [*args[:-5], str(tmp_path / "third.bib"), "--report", str(notes)])
    assert refused.exit_code == 2 and "no bibkit report" in refused.stderr
    assert notes.read_text(encoding="utf-8") == '{"mine": true}\n'
    assert not (tmp_path / "third.bib").exists()


# -- structured input -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["refs.bib", "-"])
def test_a_bibliography_is_converted_not_mined_for_mentions(
    fake_services: FakeServices, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(EXISTING, encoding="utf-8")
    source = "-" if name == "-" else str(path)
    result = CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "convert", source,
                                      "-f", "csljson"], input=EXISTING if name == "-" else None)
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["title"] == "Year One of the Russian Revolution"
    assert item["publisher"] == "Haymarket Books" and item["ISBN"] == "9781608462674"
    assert fake_services.paths("/search.json") == []  # nothing resolved: the entries are the books


# -- several inputs ---------------------------------------------------------------------------------

OTHER = """@book{carr1985,
    author = {Carr, E. H.},
    title = {The Bolshevik Revolution, 1917-1923},
    publisher = {W. W. Norton}, year = 1985, isbn = {9780393301953}}
"""


def test_several_inputs_make_one_bibliography_and_each_unwritten_mention_names_its_file(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    thread, refs = tmp_path / "thread.txt", tmp_path / "refs.bib"
    thread.write_text(THREAD + UNKNOWN, encoding="utf-8")
    refs.write_text(OTHER + EXISTING, encoding="utf-8")
    out, report = tmp_path / "out.bib", tmp_path / "report.json"
    args = ["--openlibrary-url", fake_services.url, "convert", str(thread), str(refs), "-o", str(out),
            "--report", str(report)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    # Serge is in both inputs: written once.
    titles = sorted(b.title.partition(":")[0] for b in load_books(out))
    assert titles == [
        "The Bolshevik Revolution, 1917-1923", "The Prophet Armed", "Year One of the Russian Revolution"
    ]  # fmt: skip
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["input"] == [str(thread), str(refs)]
    assert [(o["input"], o["line"], o["outcome"]) for o in data["outcomes"]] == [
        (str(thread), 2, "written"), (str(thread), 3, "written"), (str(thread), 4, "duplicate"),
        (str(thread), 6, "not_found"), (str(thread), 7, "not_found"),
        (str(refs), None, "written"), (str(refs), None, "duplicate"),
    ]  # fmt: skip
    listed = [line for line in result.stderr.splitlines() if line.startswith("bibkit: not written:")]
    assert listed[0].startswith(f"bibkit: not written: not found: {thread}, line 6: 'Jane Nobody, *A Book")
    # The output exists now: the same run is refused before any lookup, in one line.
    fake_services.requests.clear()
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2
    assert again.stderr.strip() == (
        f"bibkit: error: {out} exists; use --merge to add to it or --force to replace it (keeping {out}.bak)"
    )
    assert fake_services.requests == []


def test_standard_input_is_read_once(fake_services: FakeServices) -> None:
    args = ["--openlibrary-url", fake_services.url, "convert", "-", "-"]
    result = CliRunner().invoke(cli, args, input=THREAD)
    assert result.exit_code == 1
    assert result.stderr.strip() == "bibkit: error: standard input (-) can be given only once"


def _one_file_per_book(tmp_path: Path) -> list[str]:
    """The thread's first two books, each alone in a file of its own."""
    files = []
    for i, line in enumerate(THREAD.splitlines()[1:3]):
        path = tmp_path / f"part{i}.txt"
        path.write_text(line + "\n", encoding="utf-8")
        files.append(str(path))
    return files


def test_no_service_reachable_is_one_error_also_over_several_processes(tmp_path: Path) -> None:
    # The environment points every service at a closed port (see conftest).
    files = _one_file_per_book(tmp_path)
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(cli, ["convert", *files, "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("bibkit: error: cannot reach 127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_a_file_whose_every_lookup_failed_does_not_stop_the_others(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    # Each file is resolved by its own process; the one whose service fails becomes errors,
    # listed as not written, while the other file's book is written.
    def refuse(request: FakeRequest) -> tuple[int, dict[str, str], bytes] | None:
        asked = request.arg("title") + request.arg("q")
        return (400, {}, b"{}") if "Prophet" in asked else None

    fake_services.hooks.append(refuse)
    files = _one_file_per_book(tmp_path)
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(cli, ["convert", *files, "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 4, result.stderr  # written, but a mention ended in error
    assert [b.title for b in load_books(out)] == ["Year One of the Russian Revolution"]
    unwritten = f"bibkit: not written: error: {files[1]}, line 1: 'Deutscher, *The Prophet Armed*'"
    assert unwritten in result.stderr
