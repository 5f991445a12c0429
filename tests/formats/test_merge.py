"""Merging into an existing .bib: nothing existing is lost or changed, ever."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibkit.errors import FormatError
from bibkit.formats import load_books
from bibkit.formats.bibfile import existing_keys, scan
from bibkit.formats.merge import merge, merge_file, unique_books
from bibkit.identity import same_book
from bibkit.model import Book

EXISTING = (
    "% Thesis references -- do not reformat!\r\n"
    "@String{pluto = {Pluto Press}}\r\n"
    "@preamble{ \"\\newcommand{\\noop}[1]{}\" # \"x\" }\r\n"
    "\r\n"
    "@Book{Rabinowitch:Come,\r\n"
    "    AUTHOR = \"Alexander Rabinowitch\",\r\n"
    "    TITLE  = {The {B}olsheviks Come to Power},\r\n"
    "    publisher = pluto, year = 2017,\r\n"
    "    isbn = {978-0-7453-9998-0}}\r\n"
    "@comment{@book{deutscherProphetArmedTrotsky1954, title = {commented out}}}\r\n"
    "@online{smithRedPetrograd1983, title = {Not this one}, url = {https://example.org}}\r\n"
    "Free text after the last entry, no final newline"
)

PROPHET = Book(title="The Prophet Armed", subtitle="Trotsky, 1879–1921", authors=("Isaac Deutscher",),
               year=1954, publisher="Oxford University Press", place="London")
RED_PETROGRAD = Book(title="Red Petrograd", authors=("S. A. Smith",), year=1983, isbn13="9780521247597",
                     publisher="Cambridge University Press", place="Cambridge")
SAME_BY_ISBN10 = Book(title="Bolsheviks Come to Power (Centenary)", authors=("A. Rabinowitch",),
                      year=2017, isbn10="0745399983", publisher="Pluto Press")
SAME_BY_TITLE = Book(title="The Bolsheviks Come to Power", subtitle="The Revolution of 1917 in Petrograd",
                     authors=("Alexander Rabinowitch",), publisher="Norton", year=1976)


def test_new_entries_are_written_as_every_output_writes_them() -> None:
    # Serge's Year One in Haymarket's 2015 edition (first published 1930), and a catalogue title
    # that carries its series, as Open Library gives Fitzpatrick's The Russian Revolution.
    serge = Book(title="Year One of the Russian Revolution", authors=("Victor Serge",),
                 translators=("Peter Sedgwick",), publisher="Haymarket Books", year=2015,
                 original_year=1930, url="https://openlibrary.org/books/OL26885283M")
    fitzpatrick = Book(title="The Russian Revolution (Opus Books)", authors=("Sheila Fitzpatrick",),
                       original_year=1982, publisher="Oxford University Press")
    data = EXISTING.encode("utf-8")
    result = merge(data, [serge, fitzpatrick], skip=["note", "url"])
    added = result.data[len(data):].decode("utf-8")
    assert added.count("@book{") == 2
    assert "note =" not in added and "url =" not in added
    assert "title = {The Russian Revolution}" in added and "series = {Opus Books}" in added
    assert "year = {1982}" in added
    assert [book for _, book in result.added] == [serge, fitzpatrick]  # the books as given
    everything = merge(data, [serge]).data[len(data):].decode("utf-8")
    assert "First published 1930" in everything and "url = {https://openlibrary.org/" in everything
    # The series note no longer hides the book the file holds under its plain title.
    again = merge(result.data, [fitzpatrick])
    assert again.added == () and again.data == result.data


def test_existing_content_is_kept_byte_for_byte_and_keys_are_not_reused() -> None:
    data = EXISTING.encode("utf-8")
    result = merge(data, [PROPHET, RED_PETROGRAD, SAME_BY_ISBN10, SAME_BY_TITLE, PROPHET])
    assert result.data.startswith(data)
    keys = [key for key, _ in result.added]
    # Both natural keys are taken: one inside @comment (BibTeX still reads it), one by an @online.
    assert keys == ["deutscherProphetArmedTrotsky1954a", "smithRedPetrograd1983a"]
    assert [key for _, key in result.skipped] == ["Rabinowitch:Come", "Rabinowitch:Come",
                                                   "deutscherProphetArmedTrotsky1954a"]
    added = result.data[len(data):].decode("utf-8")
    assert added.startswith("\r\n\r\n@book{") and "\n" not in added.replace("\r\n", "")
    # The two existing entries (the one inside @comment is not an entry to biber) and the new two.
    assert len(load_books(result.data.decode("utf-8"))) == 2 + 2


def test_merging_twice_adds_nothing_the_second_time() -> None:
    first = merge(b"", [PROPHET, RED_PETROGRAD])
    second = merge(first.data, [RED_PETROGRAD, PROPHET])
    assert second.added == () and second.data == first.data
    assert first.data.startswith(b"@book{deutscherProphetArmedTrotsky1954,")


def test_same_book_matches_isbn_forms_and_titles_not_different_authors() -> None:
    assert same_book(Book(title="x", isbn13="9780745399980"), Book(title="y", isbn10="0-7453-9998-3"))
    assert same_book(PROPHET, Book(title="Prophet armed", authors=("Deutscher, Isaac",)))
    assert not same_book(Book(title="The Russian Revolution", authors=("Sheila Fitzpatrick",)),
                         Book(title="The Russian Revolution", authors=("Richard Pipes",)))
    assert not same_book(Book(title="T", isbn13="9780745399980"), Book(title="T", isbn13="9780521247597"))
    assert unique_books([PROPHET, RED_PETROGRAD, PROPHET]) == [PROPHET, RED_PETROGRAD]


def test_malformed_file_is_refused_with_its_line_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    broken = "@book{a, title = {Fine}}\n\n@book{b,\n  title = {One} two},\n  year = 2000\n}\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(FormatError, match=r"refs\.bib: line 4: entry 'b' \(line 3\): expected ','"):
        merge_file(path, [PROPHET])
    assert path.read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_merge_file_writes_atomically_with_a_backup_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.bib"
    real.write_bytes(EXISTING.encode("utf-8"))
    os.chmod(real, 0o640)
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    result = merge_file(link, [PROPHET])
    assert link.is_symlink()
    assert real.read_bytes() == result.data
    assert (tmp_path / "real.bib.bak").read_bytes() == EXISTING.encode("utf-8")
    assert oct(real.stat().st_mode & 0o777) == "0o640"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    unchanged = real.read_bytes()
    assert merge_file(link, [PROPHET]).added == ()
    assert real.read_bytes() == unchanged


def test_latin1_file_gets_ascii_entries_only() -> None:
    latin = "@book{g, author = {G\xf6del, Kurt}, title = {x}, year = 1931}\n".encode("latin-1")
    result = merge(latin, [PROPHET], dialect="bibtex")
    assert result.data.startswith(latin) and result.data[len(latin):].isascii()
    with pytest.raises(FormatError, match="not UTF-8"):
        merge(latin, [Book(title="Моя жизнь", authors=("Лев Троцкий",), year=1930)])


# --- property test -----------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)
_safe = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}@\\"), max_size=20)
_key = st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,12}", fullmatch=True)
_braced = st.recursive(_safe, lambda inner: st.builds(lambda a, b, c: f"{a}{{{b}}}{c}", inner, inner, inner),
                       max_leaves=4)


@st.composite
def _bib_files(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["entry", "entry", "comment", "string", "atcomment"]))
        if kind == "entry":
            names = st.sampled_from(["title", "author", "year", "isbn", "note"])
            fields = draw(st.lists(st.tuples(names, _braced), max_size=4))
            body = f",{newline}  ".join(f"{name} = {{{value}}}" for name, value in fields)
            etype = draw(st.sampled_from(["book", "Article", "online", "BOOK"]))
            blocks.append(f"@{etype}{{{draw(_key)},{newline}  {body}}}")
        elif kind == "comment":
            blocks.append("% " + draw(_safe).replace("\r", " ").replace("\n", " "))
        elif kind == "string":
            name = draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True))
            blocks.append(f"@string{{{name} = {{{draw(_braced)}}}}}")
        else:
            blocks.append(f"@comment{{{draw(_braced)}}}")
    text = newline.join(blocks)
    return text + draw(st.sampled_from(["", newline, newline * 2]))


_books = st.lists(
    st.builds(Book, title=_text, authors=st.lists(_text, max_size=2).map(tuple),
              year=st.none() | st.integers(1000, 2100),
              isbn13=st.sampled_from([None, "9780745399980", "9780521247597"])),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(existing=_bib_files(), books=_books, dialect=st.sampled_from(["bibtex", "biblatex"]))
def test_nothing_existing_is_lost_or_changed(existing: str, books: list[Book], dialect: str) -> None:
    data = existing.encode("utf-8")
    if "\x00" in existing:  # a NUL byte makes it a binary file: refused, so nothing changes
        with pytest.raises(FormatError, match="binary"):
            merge(data, books)
        return
    before_keys = existing_keys(existing)
    before_blocks = [(b.kind, b.key, existing[b.start:b.end]) for b in scan(existing)]
    result = merge(data, books, dialect="biblatex" if dialect == "biblatex" else "bibtex")
    assert result.data.startswith(data)
    merged = result.data.decode("utf-8")
    after = scan(merged)
    assert [(b.kind, b.key, merged[b.start:b.end]) for b in after[: len(before_blocks)]] == before_blocks
    new_keys = [key.casefold() for key, _ in result.added]
    assert not set(new_keys) & before_keys
    assert len(set(new_keys)) == len(new_keys)
    assert len(after) == len(before_blocks) + len(result.added)
    assert len(result.added) + len(result.skipped) == len(books)


# --- targets that are not text bibkit can write back, and parsing limits ------------------------


def test_a_utf16_file_gets_utf16_entries_and_reads_back() -> None:
    existing = "\ufeff@book{g, author = {Gödel, Kurt}, title = {x}, year = 1931}\n".encode("utf-16-le")
    result = merge(existing, [PROPHET], dialect="bibtex")
    assert result.data.startswith(existing)
    text = result.data.decode("utf-16")
    assert [b.key for b in scan(text)] == ["g", result.added[0][0]]


def test_a_binary_file_is_refused_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    binary = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
    target.write_bytes(binary)
    with pytest.raises(FormatError) as raised:
        merge_file(target, [PROPHET])
    assert "binary" in str(raised.value) and "\n" not in str(raised.value)
    assert target.read_bytes() == binary


def test_braces_nested_past_the_limit_are_one_error_naming_the_line(tmp_path: Path) -> None:
    deep = "{" * 1000 + "x" + "}" * 1000
    target = tmp_path / "refs.bib"
    original = f"@book{{ok, title = {{Fine}}}}\n\n@book{{deep, title = {{{deep}}}}}\n".encode()
    target.write_bytes(original)
    with pytest.raises(FormatError, match=r"line 3: .*nested deeper than 64 levels"):
        merge_file(target, [PROPHET])
    assert target.read_bytes() == original


def test_an_entry_with_several_isbns_is_each_of_them() -> None:
    """``isbn = {A, B}``: a book under the second ISBN is already there."""
    existing = b"@book{t, title = {Other title}, isbn = {9780521247597, 9780745399980}}\n"
    armed = Book(title="The Prophet Armed", authors=("Isaac Deutscher",), isbn13="9780745399980")
    result = merge(existing, [armed], dialect="bibtex")
    assert not result.added
    assert [key for _, key in result.skipped] == ["t"]
