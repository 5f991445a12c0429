"""Clean output by default: every entry dated, series out of titles, fields left out on
request, and a word when an "ASCII" .bib is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.errors import ConfigError
from bibkit.formats import dumps, load_books
from bibkit.formats.prepare import prepare, split_series
from bibkit.model import Book
from tests.servers.openlibrary import FakeServices

# The Opus edition of Fitzpatrick's The Russian Revolution: the catalogue gives no edition year.
UNDATED = Book(title="The Russian Revolution (Opus Books)", authors=("Sheila Fitzpatrick",),
               original_year=1982, publisher="Oxford University Press", isbn13="9780192802040",
               url="https://openlibrary.org/books/OL1M")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Russian Revolution (Opus Books)", ("The Russian Revolution", "Opus Books", None)),
        ("The Prophet Armed (The Prophet, #1)", ("The Prophet Armed", "The Prophet", "1")),
        ("Crime and Punishment (Penguin Classics)", ("Crime and Punishment", "Penguin Classics", None)),
        ("The Road to Life (Pedagogical Poem)", ("The Road to Life (Pedagogical Poem)", None, None)),
        ("(Opus Books)", ("(Opus Books)", None, None)),
    ],
)
def test_a_series_note_leaves_the_title(title: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_series(title) == expected


def test_bibtex_gets_the_first_year_when_the_edition_has_none() -> None:
    bib = dumps([UNDATED], format="bibtex")
    assert "year = {1982}" in bib and "First published" not in bib
    assert "title = {The Russian Revolution}" in bib and "series = {Opus Books}" in bib
    blx = dumps([Book(title="T", authors=("A. B",), year=2017, original_year=1982)], format="biblatex")
    assert "date = {2017}" in blx and "origdate = {1982}" in blx  # origdate kept


@pytest.mark.parametrize("fmt", ["csljson", "ris"])
def test_every_format_is_dated_and_keeps_titles_clean(fmt: str) -> None:
    text = dumps([UNDATED], format=fmt)
    assert "(Opus Books)" not in text and "1982" in text


def test_a_series_in_the_title_no_longer_defeats_duplicate_detection() -> None:
    plain = Book(title="The Russian Revolution", authors=("Sheila Fitzpatrick",), year=1982)
    assert prepare(UNDATED).title == plain.title
    assert bibkit.dumps([UNDATED, plain], format="bibtex").count("@book{") == 1


def test_fields_can_be_left_out() -> None:
    bib = dumps([UNDATED, Book(title="Year One", authors=("Victor Serge",), translators=("Peter Sedgwick",),
                               year=2015, original_year=1930)], format="bibtex", skip=["url", "note", "isbn"])
    assert "url =" not in bib and "note =" not in bib and "isbn =" not in bib
    assert "publisher = {Oxford University Press}" in bib
    with pytest.raises(ConfigError, match="cannot leave out field 'title'"):
        dumps([UNDATED], skip=["title"])


def test_convert_leaves_out_the_configured_fields(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("Victor Serge, Year One of the Russian Revolution\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('skip_fields = ["url", "note"]\n', encoding="utf-8")
    args = ["--config", str(config), "--openlibrary-url", fake_services.url, "convert", str(source)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert "url =" not in result.stdout and "note =" not in result.stdout and "isbn =" in result.stdout
    again = CliRunner().invoke(cli, [*args, "--skip-fields", ""])  # the option wins over the config
    assert "url =" in again.stdout and "note = {First published 1930}" in again.stdout
    bad = CliRunner().invoke(cli, [*args, "--skip-fields", "author"])
    assert bad.exit_code == 1 and "cannot leave out field 'author'" in bad.stderr


def test_merge_leaves_out_the_same_fields(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("Victor Serge, Year One of the Russian Revolution\n", encoding="utf-8")
    existing = "% mine\n@book{kept, author = {Sheila Fitzpatrick}, title = {The Russian Revolution}}\n"
    out = tmp_path / "refs.bib"
    out.write_text(existing, encoding="utf-8")
    args = ["--openlibrary-url", fake_services.url, "convert", str(source), "-o", str(out), "--merge"]
    result = CliRunner().invoke(cli, [*args, "--skip-fields", "note,url"])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    added = text[len(existing):]
    assert text.startswith(existing) and added.count("@book{") == 1
    assert "note =" not in added and "url =" not in added and "isbn =" in added


def test_ascii_output_with_letters_it_cannot_spell_says_so(tmp_path: Path) -> None:
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([
        {"id": "t", "type": "book", "title": "Война и мир", "author": [{"family": "Толстой", "given": "Лев"}],
         "issued": {"date-parts": [[1869]]}},
        {"id": "g", "type": "book", "title": "Cien años de soledad",
         "author": [{"family": "García Márquez", "given": "Gabriel"}], "issued": {"date-parts": [[1967]]}},
    ]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(source), "-f", "bibtex"])
    assert result.exit_code == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert "not pure ASCII: t keep" in warning  # the entry keyed "t"; "g" has LaTeX accents only
    assert "a{\\~n}os" in result.stdout  # transliterated where a LaTeX command exists
    quiet = CliRunner().invoke(cli, ["convert", str(source), "-f", "biblatex"])
    assert "warning" not in quiet.stderr  # UTF-8 output: nothing to warn about
    assert [b.title for b in load_books(source)] == ["Война и мир", "Cien años de soledad"]
