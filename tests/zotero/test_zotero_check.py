"""``bibkit check --zotero-collection``: a Zotero collection or library checked as a file is,
findings keyed by item key (and pinned citation key), and ``--fix`` writing the certain
repairs into the items without overwriting what a user changed meanwhile."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import bibkit
from bibkit.cli import cli
from bibkit.errors import ConfigError
from bibkit.model import Change, Finding
from bibkit.session import Session
from bibkit.zotero.check import entry_of, item_patch
from tests.servers.openlibrary import FakeServices
from tests.zotero.fake_zotero import FakeZotero, Fault


def _person(first: str, last: str, role: str = "author") -> dict[str, str]:
    return {"creatorType": role, "firstName": first, "lastName": last}


# Facts about real books (the seed catalogue holds the same editions).
SERGE = {
    "itemType": "book", "title": "Year One of the Russian Revolution",
    "creators": [_person("Victor", "Serge")],
    "publisher": "Haymarket Books", "place": "Chicago", "date": "2015", "ISBN": "9781608462674",
}  # fmt: skip
PROPHET = {  # no publisher: the ISBN's record has it
    "itemType": "book", "title": "The Prophet Armed", "creators": [_person("Isaac", "Deutscher")],
    "date": "2015", "ISBN": "978-1-78168-311-8", "citationKey": "deutscherProphet",
    "tags": [{"tag": "trotsky"}], "extra": "Read: 2024",
}  # fmt: skip
LEWIN = {  # the ISBN of another book (The Prophet Unarmed)
    "itemType": "book", "title": "Lenin's Last Struggle", "creators": [_person("Moshe", "Lewin")],
    "publisher": "University of Michigan Press", "date": "2005", "ISBN": "9781781683125",
    "extra": "Citation Key: lewin2005",
}  # fmt: skip
INVENTED = {
    "itemType": "book", "title": "The Bolshevik Dreamers of Petrograd", "creators": [_person("Sheila",
    "Fitzpatrick")], "publisher": "Oxford University Press", "date": "1999",
}  # fmt: skip
CHAPTER = {  # checked by the book it is in
    "itemType": "bookSection", "title": "A Chapter No Catalogue Knows",
    "bookTitle": "The Bolsheviks Come to Power",
    "creators": [_person("Somebody", "Else"), _person("Alexander", "Rabinowitch", "editor")],
    "publisher": "Pluto Press", "date": "2017", "ISBN": "9780745399980",
}  # fmt: skip
ARTICLE = {
    "itemType": "journalArticle", "title": "Something", "publicationTitle": "Slavic Review", "date": "1990",
}  # fmt: skip


@pytest.fixture
def library(zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A library with a collection "Thesis/Chapter 2" of every kind of item, an item elsewhere
    and one in the trash; the environment points bibkit at it. Keys by name."""
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    thesis = zotero_server.add_collection("Thesis")
    chapter = zotero_server.add_collection("Chapter 2", parent=thesis)
    keys = {
        name: zotero_server.add_item({**data, "collections": [chapter]})
        for name, data in (("serge", SERGE), ("prophet", PROPHET), ("lewin", LEWIN), ("invented", INVENTED),
                           ("chapter", CHAPTER), ("article", ARTICLE))
    }  # fmt: skip
    keys["elsewhere"] = zotero_server.add_item({**INVENTED, "title": "The Amber Ledgers of Velmora"})
    keys["trashed"] = zotero_server.add_item({**INVENTED, "collections": [chapter], "deleted": 1})
    yield keys


def _check(fake: FakeServices, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--openlibrary-url", fake.url, "--no-cache", "check", *args])


def _session(fake: FakeServices, server: FakeZotero, tmp_path: Path) -> Session:
    return Session(fake.config(
        cache_dir=tmp_path / "cache", zotero_library_id=server.library_id, zotero_api_key=server.api_key,
        zotero_url=server.base_url,
    ))  # fmt: skip


def test_a_collection_is_checked_as_a_file_keyed_by_item_and_citation_key(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str]
) -> None:
    result = _check(fake_services, "--zotero-collection", "Thesis/Chapter 2", "--json")
    assert result.exit_code == 1, result.stderr  # an error: the invented book, the wrong ISBN
    findings = json.loads(result.stdout)
    codes = {(f["key"], f["code"]) for f in findings}
    assert (library["lewin"], "isbn-other-book") in codes
    assert (library["invented"], "not-found") in codes
    assert (library["prophet"], "missing-publisher") in codes
    assert (library["article"], "skipped") in codes
    assert [f["code"] for f in findings if f["key"] == library["chapter"]] == ["missing-address"]  # a note
    assert not {k for k, _ in codes} & {library["serge"], library["elsewhere"], library["trashed"]}
    pinned = {f["key"]: f.get("citation_key") for f in findings}
    assert pinned[library["prophet"]] == "deutscherProphet" and pinned[library["lewin"]] == "lewin2005"
    assert pinned[library["invented"]] is None
    summary = result.stderr.strip().splitlines()[-1]
    assert summary == "6 entries: 5 checked, 1 skipped (not books); 2 errors, 1 warning, 1 note"
    assert zotero_server.writes() == []


def test_lines_name_the_collection_the_item_and_its_citation_key(
    fake_services: FakeServices, library: dict[str, str]
) -> None:
    result = _check(fake_services, "--zotero-collection", "thesis/chapter 2")  # found as push finds it
    lines = result.stdout.splitlines()
    prefix = f"Zotero collection 'thesis/chapter 2': warning: {library['prophet']} (deutscherProphet): "
    assert prefix + "no publisher; the edition's record has Verso [missing-publisher]" in lines


def test_the_whole_library_with_zotero_library(fake_services: FakeServices, library: dict[str, str]) -> None:
    result = _check(fake_services, "--zotero-library", "--json")
    keys = {f["key"] for f in json.loads(result.stdout)}
    assert library["elsewhere"] in keys and library["trashed"] not in keys


def test_fix_writes_only_the_changed_fields_and_keeps_everything_else(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str]
) -> None:
    before = {item["key"]: dict(item) for item in zotero_server.items()}
    result = _check(fake_services, "--zotero-collection", "Thesis/Chapter 2", "--fix")
    assert result.exit_code == 1, result.stderr  # the invented book is still there
    assert "repaired 3 fields in 3 entries: wrote Zotero collection 'Thesis/Chapter 2'" in result.stderr
    after = {item["key"]: dict(item) for item in zotero_server.items()}
    prophet, lewin, chapter = library["prophet"], library["lewin"], library["chapter"]
    assert after[prophet]["publisher"] == "Verso"  # filled from the ISBN's record
    assert after[lewin]["ISBN"] == "9780472030521"  # another book's ISBN, corrected
    assert after[lewin]["place"] == ""  # the edition found has no place: nothing invented
    assert after[chapter]["place"] == "London"  # the book's, from its ISBN's record
    for key, item in before.items():
        changed = {f for f in item if item[f] != after[key].get(f)} - {"version"}
        want = {prophet: {"publisher"}, lewin: {"ISBN"}, chapter: {"place"}}.get(key, set())
        assert changed == want, (key, changed)  # tags, Extra, creators, collections as they were
    writes = zotero_server.writes()
    assert len(writes) == 1 and writes[0].objects == 3
    again = _check(fake_services, "--zotero-collection", "Thesis/Chapter 2", "--fix")
    assert "nothing repaired" in again.stderr and len(zotero_server.writes()) == 1


def test_an_item_changed_in_zotero_during_the_check_is_not_overwritten(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str], tmp_path: Path
) -> None:
    prophet = library["prophet"]

    def someone_edits_it_meanwhile(finding: Finding) -> bool:
        if finding.key == prophet:
            zotero_server.edit_item(prophet, title="The Prophet Armed: Trotsky, 1879-1921", publisher="")
        return True

    with _session(fake_services, zotero_server, tmp_path) as session:
        report = bibkit.check_zotero("Thesis/Chapter 2", session=session, fix=True,
                                     approve=someone_edits_it_meanwhile)  # fmt: skip
    [item] = [i for i in zotero_server.items() if i["key"] == prophet]
    assert item["title"] == "The Prophet Armed: Trotsky, 1879-1921" and item["publisher"] == ""
    stale = [f for f in report.findings if f.code == "changed-in-zotero"]
    assert [(f.key, f.field) for f in stale] == [(prophet, "publisher")]
    assert "left as it is; check it again" in stale[0].message
    assert {(c.key, c.field) for c in report.applied} == {
        (library["lewin"], "isbn"), (library["chapter"], "place"),
    }  # fmt: skip


def test_a_repair_whose_answer_was_lost_counts_as_made_once(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str], tmp_path: Path
) -> None:
    zotero_server.inject(Fault(drop=True, apply_first=True))
    with _session(fake_services, zotero_server, tmp_path) as session:
        report = bibkit.check_zotero("Thesis/Chapter 2", session=session, fix=True)
    assert {(c.key, c.field) for c in report.applied} == {
        (library["prophet"], "publisher"), (library["lewin"], "isbn"), (library["chapter"], "place"),
    }  # fmt: skip
    assert len(zotero_server.writes()) == 2  # the write, and its repeat answered 412
    assert not [f for f in report.findings if f.code in ("changed-in-zotero", "repair-refused")]


def test_bad_combinations_are_one_line_before_any_request(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str], tmp_path: Path
) -> None:
    cases = [
        (["--zotero-collection", "A", str(tmp_path / "refs.bib")], "not both"),
        (["--zotero-collection", "A", "--zotero-library"], "give one of them"),
        (["--zotero-library", "--fix", "-o", str(tmp_path / "out.bib")], "repairs the items themselves"),
        (["--library-id", "123"], "go with a --zotero-* option"),
        ([], "give FILE..."),
    ]
    zotero_server.reset_log()
    for args, message in cases:
        result = _check(fake_services, *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    missing = _check(fake_services, "--zotero-collection", "Thesis/Chapter 3")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "bibkit: error: no collection 'Thesis/Chapter 3' in the Zotero library"
    assert zotero_server.writes() == [] and fake_services.paths() == []


def test_a_key_that_may_only_read_refuses_the_repairs_in_one_line(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str]
) -> None:
    zotero_server.inject(Fault(status=403), times=10)
    result = _check(fake_services, "--zotero-collection", "Thesis/Chapter 2", "--fix")
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1].startswith("bibkit: error: Zotero refused")
    assert zotero_server.api_key not in result.output


def test_an_item_is_the_entry_a_file_reader_makes() -> None:
    entry = entry_of({**CHAPTER, "key": "ABCD2345", "version": 3})
    assert (entry.key, entry.kind, entry.line) == ("ABCD2345", "chapter", None)
    assert entry.book.title == "The Bolsheviks Come to Power"
    assert entry.book.authors == ("Alexander Rabinowitch",)  # the editors: the book's people
    assert entry.isbn_text == "9780745399980"
    own = entry_of({**CHAPTER, "key": "ABCD2345", "version": 3,
                    "creators": [*CHAPTER["creators"], _person("Sheila", "Fitzpatrick", "bookAuthor")]})  # type: ignore[list-item]
    assert own.book.authors == ("Sheila Fitzpatrick",)  # fmt: skip


def test_a_patch_changes_only_what_it_must() -> None:
    data: dict[str, Any] = {
        "key": "ABCD2345", "version": 7, "itemType": "book", "date": "March 2016",
        "creators": [_person("Alexander", "Rabinovitch"), _person("Ann", "Other"),
                     _person("Ed", "Itor", "editor")],
    }  # fmt: skip
    year = Change(key="ABCD2345", field="year", old="2016", new="2017", overwrites=True)
    author = Change(key="ABCD2345", field="author", old="Alexander Rabinovitch and Ann Other",
                    new="Alexander Rabinowitch and Ann Other", overwrites=True)  # fmt: skip
    publisher = Change(key="ABCD2345", field="publisher", old=None, new="Pluto Press")
    patch, made = item_patch(data, [year, author, publisher])
    assert made == [year, author, publisher]
    assert patch == {
        "key": "ABCD2345", "version": 7, "date": "March 2017", "publisher": "Pluto Press",
        "creators": [
            _person("Alexander", "Rabinowitch"), _person("Ann", "Other"), _person("Ed", "Itor", "editor"),
        ],
    }  # fmt: skip
    three = Change(key="ABCD2345", field="author", old="A and B", new="A and B and C", overwrites=True)
    assert item_patch(data, [three]) == ({"key": "ABCD2345", "version": 7}, [])


def test_an_unknown_field_to_overwrite_fails_before_any_request(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str], tmp_path: Path
) -> None:
    zotero_server.reset_log()
    with _session(fake_services, zotero_server, tmp_path) as session, pytest.raises(ConfigError):
        bibkit.check_zotero(session=session, fix=True, overwrite=["pages"])
    assert zotero_server.log == []


def test_a_dry_run_lists_the_repairs_and_writes_nothing(
    fake_services: FakeServices, zotero_server: FakeZotero, library: dict[str, str]
) -> None:
    result = _check(fake_services, "--zotero-collection", "Thesis/Chapter 2", "--fix", "--dry-run")
    assert f"would repair {library['prophet']}: publisher: (missing) -> 'Verso'" in result.stderr
    assert zotero_server.writes() == []
