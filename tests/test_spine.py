"""The first real path, end to end: text → mentions → Open Library (local) → BibTeX."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.model import Status
from tests.servers.openlibrary import FakeServices

THREAD = """some great books to read on this period:
- Victor Serge, *Year One of the Russian Revolution*
- Sheila Fitzpatrick, *The Russian Revolution*
- Deutscher, *The Prophet Armed*
- E. H. Carr, *The Bolshevik Revolution, 1917-1923*
- Jane Nobody, *A Book That Was Never Written*

finally, Moshe Lewin's *Lenin's Last Struggle* is very good
"""


def test_resolve_seed_books_to_editions_with_isbns(session: bibkit.Session) -> None:
    results = bibkit.resolve(THREAD, session=session)
    by_title = {r.mention.title: r for r in results}
    assert len(results) == 6
    serge = by_title["Year One of the Russian Revolution"]
    assert serge.status is Status.RESOLVED
    assert serge.book is not None
    assert serge.book.isbn13 == "9781608462674"
    assert serge.book.publisher == "Haymarket Books"
    assert serge.book.pages == 462  # filled in by the Books API
    fitz = by_title["The Russian Revolution"]
    assert fitz.book is not None and fitz.book.authors == ("Sheila Fitzpatrick",)
    carr = by_title["The Bolshevik Revolution, 1917-1923"]
    assert carr.book is not None and carr.book.authors == ("Edward Hallett Carr",)
    assert by_title["Lenin's Last Struggle"].book is not None
    assert by_title["A Book That Was Never Written"].status is Status.NOT_FOUND
    assert by_title["A Book That Was Never Written"].book is None


def test_isbn_lookups_are_batched(session: bibkit.Session, fake_services: FakeServices) -> None:
    bibkit.resolve(THREAD, session=session)
    assert len(fake_services.paths("/api/books")) == 1


def test_weak_match_is_not_found_not_a_wrong_book(session: bibkit.Session) -> None:
    # Deutscher wrote no "Prophet Disarmed"; the volumes that exist must not be offered as it.
    [result] = bibkit.resolve(
        [bibkit.Mention(text="x", start=0, end=1, title="The Prophet Disarmed", author="Karl Marx")],
        session=session,
    )
    assert result.status is Status.NOT_FOUND
    assert result.book is None


def test_convert_writes_bib_that_parses_back(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(
        cli, ["--openlibrary-url", fake_services.url, "convert", str(source), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    db = bibtexparser.loads(out.read_text(encoding="utf-8"))
    with bibkit.Session(fake_services.config(use_cache=False)) as session:
        resolved = [r for r in bibkit.resolve(THREAD, session=session) if r.book]
    assert len(db.entries) == len(resolved) == 5
    assert {e["isbn"].replace("-", "") for e in db.entries} >= {"9781608462674", "9780198806707"}
    assert "6 mentions: 5 resolved, 1 not found" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "missing.txt"], "missing.txt: no such file"),
        (["resolve", "binary.dat"], "looks like a binary file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "binary.dat").write_bytes(b"\x7fELF\x00\x00\x01")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_service_names_the_host(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text(THREAD, encoding="utf-8")
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = CliRunner().invoke(
        cli, ["--openlibrary-url", "http://127.0.0.1:9", "--no-cache", "resolve", str(source)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == "bibkit: error: cannot reach 127.0.0.1:9: connection failed"


def test_convert_on_the_real_seed_thread(
    shared_dir: Path, fake_services: FakeServices, tmp_path: Path
) -> None:
    thread = shared_dir / "data" / "mentions" / "00-tweet-russian-revolution-thread.txt"
    out = tmp_path / "seed.bib"
    result = CliRunner().invoke(
        cli, ["--openlibrary-url", fake_services.url, "convert", str(thread), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    entries = bibtexparser.loads(out.read_text(encoding="utf-8")).entries
    summary = result.stderr.strip().splitlines()[-1]
    resolved = int(summary.split(": ")[1].split(" resolved")[0])
    assert len(entries) == resolved >= 8
    isbns = {e.get("isbn", "").replace("-", "") for e in entries}
    assert {"9781608462674", "9780745399980", "9780198806707", "9780472030521"} <= isbns


@pytest.mark.parametrize(("edition", "isbn"), [("latest", "9781544125329"), ("earliest", "9780717808397")])
def test_every_resolving_command_takes_the_edition_policy(
    fake_services: FakeServices, tmp_path: Path, edition: str, isbn: str
) -> None:
    source = tmp_path / "t.txt"
    source.write_text("John Reed, Ten Days That Shook the World\n", encoding="utf-8")
    base = ["--openlibrary-url", fake_services.url, "--no-cache"]
    converted = CliRunner().invoke(
        cli, [*base, "convert", str(source), "-f", "csljson", "--edition", edition]
    )
    resolved = CliRunner().invoke(cli, [*base, "resolve", str(source), "--json", "--edition", edition])
    assert converted.exit_code == resolved.exit_code == 0, converted.stderr + resolved.stderr
    assert f'"ISBN": "{isbn}"' in converted.stdout
    assert f'"isbn13": "{isbn}"' in resolved.stdout


@pytest.mark.parametrize(
    ("encoding", "note"),
    [("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("cp1252", True)],
)
def test_text_in_any_common_encoding_is_read(tmp_path: Path, encoding: str, note: bool) -> None:
    text = (
        "Someone recommended these:\n\n"
        "- Albert Camus, *L'Étranger*\n- Gabriel García Márquez, *El Otoño del Patriarca*\n"
    )
    source = tmp_path / "list.txt"
    source.write_bytes(text.encode(encoding))
    result = CliRunner().invoke(cli, ["extract", str(source), "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"title": "El Otoño del Patriarca"' in result.stdout
    assert '"author": "Gabriel García Márquez"' in result.stdout
    assert ("is not UTF-8; read it as Windows-1252" in result.stderr) is note


@pytest.mark.parametrize(
    ("value", "named"), [(b"Dune by Frank Herbert", "bytes (decode it first)"), (None, "NoneType")]
)
def test_text_that_is_not_a_str_is_refused_clearly(
    value: object, named: str, session: bibkit.Session
) -> None:
    with pytest.raises(TypeError, match=rf"^extract\(\) takes text as str, not {re.escape(named)}$"):
        bibkit.extract(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^resolve\(\) takes text as str, not bytes \(decode it first\)$"):
        bibkit.resolve(b"Dune by Frank Herbert", session=session)
