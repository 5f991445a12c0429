"""``bibkit catalog build/info``, ``--catalog``, ``--offline``, many files and ``--jobs``, and the
README's first command: the whole job from the sample catalogue, with no network."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.formats import load_books
from tests.conftest import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "examples"
SAMPLE = EXAMPLES / "catalog" / "ol_dump_reading-list.txt"
READING_LIST = EXAMPLES / "reading-list.txt"


def test_the_readme_first_command_writes_the_whole_reading_list_with_no_network(tmp_path: Path) -> None:
    # Every service URL points at a closed port (see conftest): any request would fail.
    out = tmp_path / "reading-list.bib"
    result = CliRunner().invoke(
        cli, ["convert", str(READING_LIST), "--catalog", str(SAMPLE), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "11 mentions: 11 resolved"
    books = load_books(out)
    assert len(books) == 11
    titles = {b.full_title.partition(":")[0] for b in books}
    assert {"The Bolsheviks in Power", "The Road to Life", "The Prophet Armed"} <= titles
    deutscher = next(b for b in books if b.full_title.startswith("The Prophet Armed"))
    assert (deutscher.publisher, deutscher.year, deutscher.isbn13) == ("Verso", 2015, "9781781683118")


def test_build_then_info_then_resolve_offline_from_the_default_place(seed_dumps: list[Path]) -> None:
    runner = CliRunner()
    built = runner.invoke(cli, ["catalog", "build", *map(str, seed_dumps), "--languages", "en"])
    assert built.exit_code == 0, built.stderr
    assert "16 editions" not in built.stderr and "15 editions, 14 works, 12 authors" in built.stderr
    info = runner.invoke(cli, ["catalog", "info"])
    assert info.exit_code == 0, info.stderr
    assert "data as of:   2026-08-31" in info.stdout
    assert "filters:      languages en" in info.stdout
    assert "editions:     15" in info.stdout
    # Built in the default place, the catalogue is used without being named.
    resolved = runner.invoke(cli, ["resolve", str(READING_LIST), "--offline", "--json"])
    assert resolved.exit_code == 0, resolved.stderr
    assert "10 resolved, 1 not found" in resolved.stderr
    assert "offline: 1 mention stays unresolved" in resolved.stderr
    assert "The Bolsheviks in Power" in resolved.stderr


def test_offline_without_a_catalogue_is_one_clear_line() -> None:
    result = CliRunner().invoke(cli, ["resolve", str(READING_LIST), "--offline"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "bibkit: error: offline needs a local catalogue: build one with bibkit catalog build DUMP..., "
        "or give one with --catalog"
    )


def test_bad_build_input_is_one_clear_line(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c")
    missing = runner.invoke(cli, ["catalog", "build", str(tmp_path / "nope.txt.gz"), "--db", db])
    assert missing.exit_code == 2 and "nope.txt.gz: no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = runner.invoke(cli, ["catalog", "build", str(SAMPLE), "--db", db, "--languages", "xx1"])
    assert bad.exit_code == 1 and "--languages takes codes such as en,fr" in bad.stderr
    info = runner.invoke(cli, ["catalog", "info", "--db", str(tmp_path / "none.sqlite")])
    assert info.exit_code == 1 and "no catalogue at" in info.stderr


def test_many_files_with_jobs_give_what_one_process_gives(tmp_path: Path) -> None:
    lines = READING_LIST.read_text(encoding="utf-8").splitlines()
    files = []
    for i in range(4):
        path = tmp_path / f"part{i}.txt"
        path.write_text("\n".join(lines[i * 5 : i * 5 + 5]) + "\n", encoding="utf-8")
        files.append(str(path))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.bib"
        result = CliRunner().invoke(
            cli, ["convert", *files, "--catalog", str(SAMPLE), "--offline", "--jobs", jobs, "-o", str(out)]
        )
        assert result.exit_code == 0, result.stderr
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count("@book{") == 11


def test_bibliographies_among_many_files_are_resolved_by_their_entries(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@book{carr, author = {Carr, E. H.}, title = {The Bolshevik Revolution, 1917-1923}}\n"
        "@book{lewin, author = {Lewin, Moshe}, title = {Lenin's Last Struggle}}\n",
        encoding="utf-8",
    )
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            cli,
            ["resolve", str(READING_LIST), str(bib), "--catalog", str(SAMPLE), "--offline", "--jobs", jobs,
             "--json"],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    records = json.loads(outputs[0])
    assert len(records) == 13 and all(r["status"] == "resolved" for r in records)
    assert [r["mention"]["text"] for r in records[-2:]] == ["carr", "lewin"]
    assert records[-2]["book"]["isbn13"] == "9780393301953"  # the catalogue's edition, not the entry
