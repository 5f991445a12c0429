"""``bibkit check`` decides what to check by an entry's kind, the same in .bib, CSL-JSON and RIS:
a book, and a chapter by the book it is in; every other kind is skipped, saying what it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from formats_samples import ENTRIES

import bibkit
from bibkit.cli import cli
from bibkit.formats import dumps
from bibkit.model import Book, Finding, Severity
from bibkit.session import Session
from tests.servers.catalog import Edition, Work
from tests.servers.openlibrary import FakeServices

SUFFIXES = {"bibtex": ".bib", "csljson": ".json", "ris": ".ris"}

#: The book Shannon's chapter is in (Princeton University Press, 1956), as a catalogue has it.
AUTOMATA_STUDIES = Work(
    "OL16000W", "Automata Studies", ["Claude E. Shannon", "John McCarthy"], 1956,
    editions=[Edition("OL16000M", "Automata Studies", None, "Princeton University Press", "1956",
                      place="Princeton")],
)  # fmt: skip


@pytest.fixture
def catalogued(fake_services: FakeServices) -> FakeServices:
    fake_services.catalog.add(AUTOMATA_STUDIES)
    return fake_services


def _by_entry(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in findings]


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_every_kind_is_checked_or_skipped_alike_in_every_format(
    catalogued: FakeServices, session: Session, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"refs{SUFFIXES[fmt]}"
    path.write_text(dumps(ENTRIES, format=fmt), encoding="utf-8", newline="")
    report = bibkit.check(path, session=session)
    # The chapter is checked by its book (Automata Studies, by its editors), which exists.
    assert (report.checked, report.skipped) == (1, len(ENTRIES) - 1)
    assert _by_entry(report.findings) == [
        ("skipped", "a journal article, not a book: not checked"),
        ("skipped", "a conference paper, not a book: not checked"),
        ("skipped", "a web page, not a book: not checked"),
        ("skipped", "a thesis, not a book: not checked"),
        ("skipped", "a thesis, not a book: not checked"),
        ("skipped", "a report, not a book: not checked"),
        ("skipped", "a document, not a book: not checked"),
    ]
    searched = [r.query.get("title", [""])[0] for r in catalogued.requests if r.path == "/search.json"]
    assert searched == ["Automata Studies"]  # nothing but the chapter's book is asked about


CHAPTER = Book(
    kind="chapter",
    title="A Universal Turing Machine with Two Internal States",
    authors=("Claude E. Shannon",),
    editors=("Claude E. Shannon", "John McCarthy"),
    container_title="Automata Studies",
    page_range="157–165",
    year=1956,
)


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_a_chapter_is_checked_by_its_book_in_every_format(
    catalogued: FakeServices, session: Session, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"refs{SUFFIXES[fmt]}"
    path.write_text(dumps([CHAPTER], format=fmt), encoding="utf-8", newline="")
    report = bibkit.check(path, session=session)
    assert (report.checked, report.skipped) == (1, 0)
    # The edition found has no ISBN, and the entry neither an ISBN nor a publisher: no record
    # is certainly the edition cited, so nothing is filled from one.
    assert [(f.code, f.severity, f.message) for f in report.findings] == [
        ("missing-publisher", Severity.WARNING, "its book: no publisher, which citation styles print"),
    ]  # fmt: skip


def test_a_chapter_that_does_not_name_its_book_is_skipped_not_searched_by_its_own_title(
    catalogued: FakeServices, session: Session
) -> None:
    item = {"id": "ch", "type": "chapter", "title": CHAPTER.title,
            "author": [{"family": "Shannon", "given": "Claude E."}]}  # fmt: skip
    text = json.dumps([item])
    report = bibkit.check(text, session=session)
    assert _by_entry(report.findings) == [
        ("skipped", "a chapter that does not name the book it is in: not checked")
    ]
    assert catalogued.paths("/search.json") == []


BOLSHEVIKS_CHAPTER = """@incollection{ch1,
  author = {Rabinowitch, Alexander},
  title = {Introduction},
  booktitle = {The Bolshevicks Come to Power},
  editor = {Rabinowitch, Alexander},
  publisher = {Pluto Press}, year = {2017}, isbn = {9780745399980}
}
"""


def test_a_repair_of_a_chapters_book_never_rewrites_the_chapters_own_title(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BOLSHEVIKS_CHAPTER, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--openlibrary-url", fake_services.url, "--no-cache", "check", str(path), "--fix",
              "--overwrite", "title", "--overwrite", "author"],
    )  # fmt: skip
    fixed = path.read_text(encoding="utf-8")
    assert "title = {Introduction}" in fixed and "author = {Rabinowitch, Alexander}" in fixed
    assert "address = {London}" in fixed  # the book's place is still filled in
    assert "its book: title 'The Bolshevicks Come to Power': the catalogues have" in result.stdout
