"""``bibkit export``: a Zotero library or collection back to .bib / CSL-JSON, with convert's keys,
pinned keys honoured, and re-runs that read only what changed (``since=``) and rewrite only it."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from bibkit.formats import load_books
from bibkit.model import KINDS, Book
from bibkit.zotero import to_zotero_item
from bibkit.zotero.export import book_of_item
from tests.formats.formats_samples import ENTRIES
from tests.servers.openlibrary import FakeServices
from tests.zotero.fake_zotero import FakeZotero

THREAD = """some great books to read on this period:
- Victor Serge, *Year One of the Russian Revolution*
- Sheila Fitzpatrick, *The Russian Revolution*
- Isaac Deutscher, *The Prophet Armed*
- Moshe Lewin, *Lenin's Last Struggle*
"""


@pytest.fixture
def zotero_env(zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeZotero]:
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    yield zotero_server


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _entries(path: Path) -> dict[str, Book]:
    return {str(b.identifier("citation_key")): b for b in load_books(path)}


def test_a_push_then_an_export_round_trips_the_same_books_and_keys(
    fake_services: FakeServices, zotero_env: FakeZotero, tmp_path: Path
) -> None:
    thread = tmp_path / "thread.txt"
    thread.write_text(THREAD, encoding="utf-8")
    converted = _run("--no-cache", "convert", str(thread), "-o", str(tmp_path / "convert.bib"))
    assert converted.exit_code == 0, converted.stderr
    pushed = _run("--no-cache", "push", str(thread), "--collection", "Revolution")
    assert pushed.exit_code == 0, pushed.stderr

    exported = _run("export", "--collection", "Revolution", "-o", str(tmp_path / "export.bib"))
    assert exported.exit_code == 0, exported.stderr
    want, got = _entries(tmp_path / "convert.bib"), _entries(tmp_path / "export.bib")
    assert f"{len(want)} added" in exported.stderr and "read in full" in exported.stderr
    assert sorted(got) == sorted(want) and len(got) >= 3
    for key, book in want.items():
        assert (got[key].full_title, got[key].authors, got[key].isbn13, got[key].year) == (
            book.full_title, book.authors, book.isbn13, book.year,
        )  # fmt: skip
    # The very entries convert writes, byte for byte (the order is Zotero's).
    converted_text = (tmp_path / "convert.bib").read_text(encoding="utf-8")
    for block in (tmp_path / "export.bib").read_text(encoding="utf-8").split("\n\n"):
        assert block.strip() in converted_text


def test_a_key_pinned_in_zotero_is_kept(zotero_env: FakeZotero, tmp_path: Path) -> None:
    zotero_env.add_item(
        {"itemType": "book", "title": "The Prophet Armed", "date": "2015",
         "creators": [{"creatorType": "author", "firstName": "Isaac", "lastName": "Deutscher"}],
         "extra": "OCLC: 123\nCitation Key: deutscher-armed"}
    )  # fmt: skip
    zotero_env.add_item(
        {"itemType": "book", "title": "Red Petrograd", "date": "1983", "citationKey": "smithRed",
         "creators": [{"creatorType": "author", "firstName": "S. A.", "lastName": "Smith"}]}
    )  # fmt: skip
    zotero_env.add_item({"itemType": "podcast", "title": "No kind of entry bibkit writes"})
    result = _run("export", "-o", str(tmp_path / "refs.json"))
    assert result.exit_code == 0, result.stderr
    ids = [record["id"] for record in json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))]
    assert ids == ["deutscher-armed", "smithRed"]


def _library(server: FakeZotero, count: int, *, start: int = 0) -> list[str]:
    keys = []
    for n in range(start, start + count):
        book = Book(
            title=f"A History of Everything, Volume {n}", authors=(f"Ann Author{n}",), year=1990 + n,
            publisher="Test Press",
        )  # fmt: skip
        keys.append(server.add_item({k: v for k, v in to_zotero_item(book).items() if k != "version"}))
    return keys


def test_a_rerun_after_one_change_reads_since_and_rewrites_one_entry(
    zotero_env: FakeZotero, tmp_path: Path
) -> None:
    keys = _library(zotero_env, 120)  # more than one page
    out = tmp_path / "refs.bib"
    assert _run("export", "-o", str(out)).exit_code == 0
    # The user's own additions to the file are theirs to keep.
    mine = "\n% my own note\n@misc{mine, title = {Kept as it is}}\n"
    out.write_bytes(out.read_bytes() + mine.encode())
    before = out.read_text(encoding="utf-8")
    version = zotero_env.library_version

    zotero_env.edit_item(keys[7], publisher="Other Press")
    zotero_env.reset_log()
    again = _run("export", "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert "1 updated (author7HistoryEverythingVolume1997)" in again.stderr
    reads = zotero_env.reads()
    # One read: the changed item accounts for the only new library version, so nothing can
    # have been deleted and the deletions are not asked for.
    assert len(reads) == 1 and reads[0].path == "/items" and reads[0].query["since"] == str(version)

    after = out.read_text(encoding="utf-8")
    changed = [
        (old, new) for old, new in zip(before.split("\n\n"), after.split("\n\n"), strict=True) if old != new
    ]
    assert len(changed) == 1 and "Other Press" in changed[0][1] and "Test Press" in changed[0][0]
    assert after.endswith(mine)

    # Nothing changed since: one read, nothing written.
    zotero_env.reset_log()
    stamp = out.stat().st_mtime_ns
    quiet = _run("export", "-o", str(out))
    assert "up to date" in quiet.stderr and len(zotero_env.reads()) == 1
    assert out.stat().st_mtime_ns == stamp


def test_trashed_deleted_and_moved_books_leave_the_file(zotero_env: FakeZotero, tmp_path: Path) -> None:
    keys = _library(zotero_env, 4)
    collection = zotero_env.add_collection("Thesis")
    for key in keys:
        zotero_env.edit_item(key, collections=[collection])
    out = tmp_path / "thesis.bib"
    assert _run("export", "--collection", "Thesis", "-o", str(out)).exit_code == 0
    assert len(_entries(out)) == 4

    zotero_env.edit_item(keys[0], deleted=1)
    zotero_env.delete_item(keys[1])
    zotero_env.edit_item(keys[2], collections=[])
    [new] = _library(zotero_env, 1, start=4)
    zotero_env.edit_item(new, collections=[collection])
    result = _run("export", "--collection", "Thesis", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr and "3 removed" in result.stderr
    assert sorted(b.title for b in _entries(out).values()) == [
        "A History of Everything, Volume 3",
        "A History of Everything, Volume 4",
    ]


def test_an_existing_file_no_export_wrote_is_refused(zotero_env: FakeZotero, tmp_path: Path) -> None:
    _library(zotero_env, 1)
    out = tmp_path / "refs.bib"
    out.write_text("@book{mine, title={Mine}}\n", encoding="utf-8")
    refused = _run("export", "-o", str(out))
    assert refused.exit_code == 2 and "use --force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "@book{mine, title={Mine}}\n"
    dry = _run("export", "-o", str(tmp_path / "new.bib"), "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.stderr and not (tmp_path / "new.bib").exists()


def test_an_export_to_a_ris_file_is_refused_not_written_as_bibtex(
    zotero_env: FakeZotero, tmp_path: Path
) -> None:
    _library(zotero_env, 1)
    refused = _run("export", "-o", str(tmp_path / "refs.ris"))
    assert refused.exit_code != 0
    assert "export writes bibtex, biblatex or csljson, not ris" in refused.stderr
    assert not (tmp_path / "refs.ris").exists()


def test_book_of_item_reads_what_push_writes() -> None:
    book = Book(
        title="The Prophet Armed", subtitle="Trotsky 1879-1921", authors=("Isaac Deutscher",),
        translators=("Jane Doe",), publisher="Verso", place="London", year=2015, original_year=1954,
        isbn13="9781781683118", pages=560, language="en", identifiers=(("oclc", "99"),),
    )  # fmt: skip
    back = book_of_item(to_zotero_item(book))
    assert back.full_title == book.full_title and back.title == book.title
    assert (back.authors, back.translators, back.year, back.original_year) == (
        book.authors, book.translators, 2015, 1954,
    )  # fmt: skip
    assert (back.publisher, back.place, back.isbn13, back.pages) == ("Verso", "London", "9781781683118", 560)
    assert back.identifier("oclc") == "99"


def _said(book: Book) -> tuple[object, ...]:
    """What a citation of an entry prints, and what a push and an export must keep."""
    return (
        book.kind, book.full_title, book.authors, book.editors, book.container_title, book.volume,
        book.number, book.page_range, book.year, book.publisher, book.place, book.genre, book.series,
        book.identifier("doi"), book.url, book.isbn13, book.pages, book.edition,
    )  # fmt: skip


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda b: b.kind)
def test_book_of_item_reads_every_kind_push_writes(entry: Book) -> None:
    assert _said(book_of_item(to_zotero_item(entry))) == _said(entry)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_book_of_item_reads_each_field_where_its_type_keeps_it(kind: str) -> None:
    """Every field of every kind, in the type's own field or on its line of Extra, comes back;
    only an editor of a type without editors (Zotero's "contributor" then) is not told apart."""
    book = Book(kind=kind, title="T", authors=("A. Author",), publisher="Pub", place="Place", year=2000,
                pages=10, isbn13="9780393301953", container_title="Container", volume="33", number="44",
                page_range="101–109", genre="Genre", series="Series", edition="2nd",
                identifiers=(("doi", "10.1000/1"),))  # fmt: skip
    assert _said(book_of_item(to_zotero_item(book))) == _said(book)


ARTICLE_AND_CHAPTER = r"""@article{turing1950,
  author = {Turing, Alan M.},
  title = {Computing Machinery and Intelligence},
  journal = {Mind}, volume = {59}, number = {236}, pages = {433--460}, year = {1950},
  doi = {10.1093/mind/LIX.236.433}}
@incollection{shannon1956,
  author = {Shannon, Claude E.},
  title = {A Universal Turing Machine with Two Internal States},
  booktitle = {Automata Studies}, editor = {Shannon, Claude E. and McCarthy, John},
  series = {Annals of Mathematics Studies}, number = {34},
  publisher = {Princeton University Press}, address = {Princeton}, pages = {157--165}, year = {1956}}
@book{serge2015,
  author = {Serge, Victor}, title = {Year One of the Russian Revolution},
  publisher = {Haymarket Books}, address = {Chicago}, year = {2015}, isbn = {9781608462674}}
"""


@pytest.mark.parametrize("suffix", [".bib", ".json"])
def test_a_pushed_article_and_chapter_come_back_from_an_export(
    zotero_env: FakeZotero, tmp_path: Path, suffix: str
) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(ARTICLE_AND_CHAPTER, encoding="utf-8")
    pushed = _run("--no-cache", "push", str(source))
    assert pushed.exit_code == 0 and "3 created" in pushed.stderr, pushed.stderr
    assert [len(zotero_env.items(t)) for t in ("journalArticle", "bookSection", "book")] == [1, 1, 1]

    out = tmp_path / f"export{suffix}"
    exported = _run("export", "-o", str(out))
    assert exported.exit_code == 0, exported.stderr
    assert "3 added" in exported.stderr
    want, got = _entries(source), _entries(out)
    assert sorted(got) == ["serge2015", "shannon1956", "turing1950"]  # each under its own key
    for key, entry in want.items():
        assert _said(got[key]) == _said(entry), key
    if suffix == ".bib":
        text = out.read_text(encoding="utf-8")
        assert "@article{turing1950," in text and "journal = {Mind}" in text and "pages = {433--460}" in text
        assert "@incollection{shannon1956," in text and "booktitle = {Automata Studies}" in text


def test_an_article_changed_in_zotero_is_updated_in_place(zotero_env: FakeZotero, tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(ARTICLE_AND_CHAPTER, encoding="utf-8")
    assert _run("--no-cache", "push", str(source)).exit_code == 0
    out = tmp_path / "export.bib"
    assert _run("export", "-o", str(out)).exit_code == 0
    [article] = [i for i in zotero_env.items("journalArticle")]
    zotero_env.edit_item(article["key"], pages="433–461")
    again = _run("export", "-o", str(out))
    assert again.exit_code == 0 and "1 updated (turing1950)" in again.stderr, again.stderr
    assert _entries(out)["turing1950"].page_range == "433–461"


def test_the_push_index_is_refreshed_with_since(zotero_env: FakeZotero, tmp_path: Path) -> None:
    _library(zotero_env, 150)
    bib = tmp_path / "two.bib"
    books = [
        Book(title="Red Petrograd", authors=("S. A. Smith",), year=1983, isbn13="9780521257978"),
        Book(title="The Prophet Armed", authors=("Isaac Deutscher",), year=2015, isbn13="9781781683118"),
    ]
    from bibkit.formats import dumps

    bib.write_text(dumps(books), encoding="utf-8")
    read_at = zotero_env.library_version
    first = _run("push", str(bib))
    assert first.exit_code == 0 and "2 created" in first.stderr
    full = [r for r in zotero_env.reads() if r.path == "/items"]
    assert len(full) == 2 and "since" not in full[0].query  # 150 books: two pages, read once

    # Another client deletes one of the books for good meanwhile.
    [smith] = [i for i in zotero_env.items("book") if i["title"] == "Red Petrograd"]
    zotero_env.delete_item(smith["key"])
    zotero_env.reset_log()
    again = _run("push", str(bib))
    assert again.exit_code == 0, again.stderr
    assert "1 created, 1 already present" in again.stderr
    item_reads = [r for r in zotero_env.reads() if r.path == "/items"]
    # One read of what changed since the library was last read (the first push's own books
    # among them), and one of the deletions.
    assert [r.query.get("since") for r in item_reads] == [str(read_at)]
    assert [r.path for r in zotero_env.reads() if r.path != "/items"] == ["/deleted"]
    assert len([i for i in zotero_env.items("book") if i["title"] == "Red Petrograd"]) == 1


@pytest.mark.skipif(os.name == "nt", reason="needs a POSIX terminal")
def test_watch_brings_the_file_up_to_date_until_interrupted(zotero_env: FakeZotero, tmp_path: Path) -> None:
    import pexpect

    keys = _library(zotero_env, 3)
    out = tmp_path / "refs.bib"
    child = pexpect.spawn(
        sys.executable, ["-m", "bibkit", "export", "-o", str(out), "--watch", "1"],
        env=dict(os.environ), encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect("3 added")
    zotero_env.edit_item(keys[1], publisher="Other Press")
    child.expect(r"1 updated \(author1HistoryEverythingVolume1991\)")
    child.sendintr()
    child.expect("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Other Press" in out.read_text(encoding="utf-8")
