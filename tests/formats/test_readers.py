"""Reading .bib and CSL-JSON back into books: what a user syncing an existing bibliography needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.errors import FormatError, InputError
from bibkit.formats import dumps, load_books
from bibkit.model import Book

HANDWRITTEN = r"""
% My thesis bibliography
@string{ oup = "Oxford University Press" }

@Book{Fitzpatrick1982,
  Author    = {Sheila Fitzpatrick},
  Title     = "The {Russian} Revolution: {T}he {Opus} Books, 1917--1932",
  Publisher = oup,
  Address   = {Oxford},
  Year      = 1982,
  ISBN      = {0-19-923767-0}
}

@book{capek,
  author = {{\v{C}}apek, Karel and G{\"o}del, Kurt and {Institute of Physics}},
  title = {R.U.R.},
  edition = {Second},
  year = {1920},
  langid = {ngerman},
}

@online{web, title = {Not a book}, url = {https://example.org/x_y}}
"""


def _comparable(book: Book) -> Book:
    """A book as the formats round-trip it: no key identifiers, the title as one string."""
    return Book(
        title=book.full_title,
        authors=book.authors,
        editors=book.editors,
        translators=book.translators,
        publisher=book.publisher,
        place=book.place,
        year=book.year,
        original_year=book.original_year,
        isbn13=book.isbn13 or (None if not book.isbn10 else _isbn13(book.isbn10)),
        pages=book.pages,
        series=book.series,
        volume=book.volume,
    )


def _isbn13(isbn10: str) -> str | None:
    from bibkit.isbn import to_isbn13

    return to_isbn13(isbn10)


def test_handwritten_bib_is_read_with_macros_accents_and_names() -> None:
    books = load_books(HANDWRITTEN)
    assert [b.identifier("citation_key") for b in books] == ["Fitzpatrick1982", "capek", "web"]
    fitzpatrick, capek, web = books
    assert fitzpatrick.title == "The Russian Revolution: The Opus Books, 1917--1932"
    assert fitzpatrick.authors == ("Sheila Fitzpatrick",)
    assert fitzpatrick.publisher == "Oxford University Press"
    assert fitzpatrick.year == 1982
    assert fitzpatrick.isbn13 == "9780199237678"
    assert fitzpatrick.isbn10 == "0199237670"
    assert capek.authors == ("Karel Čapek", "Kurt Gödel", "Institute of Physics")
    assert capek.edition == "2nd"
    assert capek.language == "de"
    assert web.identifier("bibtex_type") == "online"
    assert web.url == "https://example.org/x_y"


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson"])
def test_every_seed_book_survives_a_round_trip(fmt: str, seed_books: tuple[Book, ...]) -> None:
    back = load_books(dumps(seed_books, format=fmt), format=fmt)
    assert [_comparable(b) for b in back] == [_comparable(b) for b in seed_books]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson"])
def test_hostile_text_round_trips_exactly(fmt: str, hostile_books: tuple[Book, ...]) -> None:
    from bibkit.text import clean

    back = load_books(dumps(hostile_books, format=fmt), format=fmt)
    assert [b.full_title for b in back] == [clean(b.full_title) for b in hostile_books]
    assert [b.publisher for b in back] == [clean(b.publisher or "") for b in hostile_books]


def test_keys_written_are_read_back_and_reused(seed_books: tuple[Book, ...]) -> None:
    text = dumps(seed_books, format="biblatex")
    back = load_books(text)
    assert dumps(back, format="biblatex") == text


def test_reading_a_path_uses_the_suffix(tmp_path: Path, seed_books: tuple[Book, ...]) -> None:
    (tmp_path / "refs.bib").write_text(dumps(seed_books), encoding="utf-8")
    (tmp_path / "refs.json").write_text(dumps(seed_books, format="csljson"), encoding="utf-8")
    assert len(load_books(tmp_path / "refs.bib")) == len(seed_books)
    assert len(load_books(str(tmp_path / "refs.json"))) == len(seed_books)


def test_malformed_bib_is_refused_with_its_line() -> None:
    broken = "@book{ok, title = {Fine}}\n\n@book{bad,\n  title = {Unclosed,\n  year = 2000\n}\n"
    with pytest.raises(FormatError, match=r"line 3: .*never closed"):
        load_books(broken)
    surplus = "@book{bad,\n  title = {One} two},\n  year = 2000\n}\n"
    with pytest.raises(FormatError, match=r"line 2: entry 'bad' \(line 1\): expected ','"):
        load_books(surplus)


# Facts about a real book: Hao Wang's "Reflections on Kurt Gödel" (MIT Press, 1987).
GOEDEL = "@book{wang1987,\n  author = {Wang, Hao},\n  title = {Reflections on Kurt Gödel},\n  year = 1987}\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_the_library_reads_a_file_as_the_command_line_does(
    tmp_path: Path, encoding: str, caplog: pytest.LogCaptureFixture
) -> None:
    """``bibkit.load_books`` and ``bibkit convert`` take the same files: one rule for encodings."""
    path = tmp_path / "refs.bib"
    path.write_bytes(GOEDEL.encode(encoding))
    [book] = load_books(path)
    assert book.title == "Reflections on Kurt Gödel" and book.authors == ("Hao Wang",)
    converted = CliRunner().invoke(cli, ["convert", str(path), "-f", "csljson"])
    assert converted.exit_code == 0, converted.output
    assert json.loads(converted.stdout)[0]["title"] == book.title
    legacy = "is not UTF-8; read it as Windows-1252"
    assert (legacy in caplog.text) is (legacy in converted.stderr) is (encoding == "cp1252")


def test_what_is_not_text_is_refused_by_the_library_as_by_the_command_line(tmp_path: Path) -> None:
    binary = tmp_path / "refs.bib"
    binary.write_bytes(GOEDEL.encode("utf-8") + b"\x00\x01\x02")
    with pytest.raises(InputError, match=r"refs\.bib: looks like a binary file, not text"):
        load_books(binary)
    with pytest.raises(InputError, match="no such file"):
        load_books(tmp_path / "missing.bib")
    refused = CliRunner().invoke(cli, ["convert", str(binary), "-f", "csljson"])
    assert refused.exit_code == 2 and "looks like a binary file, not text" in refused.stderr


def test_invalid_json_and_ris_are_refused_with_their_line() -> None:
    with pytest.raises(FormatError, match="line 2: not valid JSON"):
        load_books('[\n{"id": }]', format="csljson")
    with pytest.raises(FormatError, match="array of item objects"):
        load_books(json.dumps([1, 2]), format="csljson")
    with pytest.raises(FormatError, match="line 1: not a RIS line"):
        load_books("@book{a, title={x}}", format="ris")
