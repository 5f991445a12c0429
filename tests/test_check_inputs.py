"""``bibkit check`` reads what ``convert``, ``resolve`` and ``push`` read: a .bib, CSL-JSON or RIS
bibliography known by its suffix or, without one (standard input included), by its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import bibkit
from bibkit.cli import cli
from bibkit.errors import ConfigError, FormatError
from bibkit.model import Finding
from bibkit.session import Session
from tests.servers.openlibrary import FakeServices
from tests.servers.seed import SERGE_BIB

# Facts about real books (the seed catalogue holds the same editions), as EndNote or Zotero
# export them: a book whose ISBN is another book's, one with a wrong check digit, a chapter
# (checked by the book it is in) and a journal article (not a book: skipped).
RIS = "\r\n".join([
    "TY  - BOOK",
    "ID  - lewin",
    "AU  - Lewin, Moshe",
    "TI  - Lenin's Last Struggle",
    "PB  - University of Michigan Press",
    "PY  - 2005",
    "SN  - 9781781683125",
    "ER  - ",
    "",
    "TY  - BOOK",
    "ID  - smith",
    "AU  - Smith, S. A.",
    "TI  - Red Petrograd",
    "PB  - Cambridge University Press",
    "CY  - Cambridge",
    "PY  - 1983",
    "SN  - 978-0-521-24759-8",
    "ER  - ",
    "",
    "TY  - CHAP",
    "ID  - ch3",
    "AU  - Else, Somebody",
    "TI  - A Chapter Title No Catalogue Knows",
    "T2  - The Bolsheviks Come to Power",
    "A2  - Rabinowitch, Alexander",
    "PB  - Pluto Press",
    "CY  - London",
    "PY  - 2017",
    "SN  - 9780745399980",
    "ER  - ",
    "",
    "TY  - JOUR",
    "ID  - article",
    "TI  - Something in a journal",
    "ER  - ",
    "",
])

GOOD_BIB = SERGE_BIB


def _codes(findings: tuple[Finding, ...], key: str) -> set[str]:
    return {f.code for f in findings if f.key == key}


def _check(fake: FakeServices, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--openlibrary-url", fake.url, "--no-cache", "check", *args], input=input)


def test_a_ris_file_is_checked_like_a_bib_file(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "export.ris"
    path.write_text(RIS, encoding="utf-8", newline="")
    report = bibkit.check(path, session=session)
    assert _codes(report.findings, "lewin") == {"isbn-other-book"}
    assert _codes(report.findings, "smith") == {"isbn-checksum"}
    assert _codes(report.findings, "ch3") == set()
    assert _codes(report.findings, "article") == {"skipped"}
    assert (report.checked, report.skipped) == (3, 1)
    # Each finding names the line its record starts on.
    assert {f.key: f.line for f in report.findings} == {"lewin": 1, "smith": 10, "article": 32}


def test_a_ris_file_is_not_repaired_and_nothing_is_asked(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "export.ris"
    path.write_text(RIS, encoding="utf-8", newline="")
    with pytest.raises(ConfigError, match=r"only \.bib and CSL-JSON files can be repaired"):
        bibkit.check(path, session=session, fix=True)
    assert session.http.stats.total_requests == 0
    assert path.read_bytes() == RIS.encode("utf-8")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (GOOD_BIB, "serge"),
        ("% exported\n" + GOOD_BIB, "serge"),
        (json.dumps([{"id": "serge", "type": "book", "title": "Year One of the Russian Revolution",
                      "author": [{"family": "Serge", "given": "Victor"}], "ISBN": "9781608462674",
                      "publisher": "Haymarket Books", "publisher-place": "Chicago",
                      "issued": {"date-parts": [[2015]]}}]), "serge"),
        ("TY  - BOOK\r\nID  - serge\r\nAU  - Serge, Victor\r\nTI  - Year One of the Russian Revolution\r\n"
         "PB  - Haymarket Books\r\nCY  - Chicago\r\nPY  - 2015\r\nSN  - 9781608462674\r\nER  - \r\n",
         "serge"),
    ],
    ids=["bibtex", "bibtex-after-a-comment", "csljson", "ris"],
)
def test_standard_input_is_known_by_its_content(fake_services: FakeServices, text: str, key: str) -> None:
    result = _check(fake_services, "-", "--json", input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert "1 entry: 1 checked" in result.stderr


def test_a_file_without_a_known_suffix_is_known_by_its_content(fake_services: FakeServices,
                                                              tmp_path: Path) -> None:
    for name, text in (("refs", GOOD_BIB), ("export.txt.bak", RIS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        result = _check(fake_services, str(path), "--json")
        assert result.exit_code in (0, 1), result.output
        assert "checked" in result.stderr


def test_free_text_is_refused_as_convert_would_read_it(fake_services: FakeServices, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(GOOD_BIB, encoding="utf-8")  # a .txt is text, whatever it looks like
    for args, input in (([str(notes)], None), (["-"], "I loved Year One of the Russian Revolution.\n")):
        result = _check(fake_services, *args, input=input)
        assert result.exit_code == 2
        assert result.stderr.strip().endswith("not a bibliography (.bib, CSL-JSON or RIS)")
    assert fake_services.paths() == []


def test_the_library_reads_text_the_same_way(session: Session) -> None:
    with pytest.raises(FormatError, match=r"<text>: line 1: the record is never closed"):
        bibkit.check("TY  - BOOK\nTI  - Red Petrograd\n", session=session)
    assert bibkit.check(GOOD_BIB, session=session).ok


def test_a_session_reads_a_bibliography_within_its_configured_limit(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(GOOD_BIB, encoding="utf-8")
    notes: list[str] = []
    with Session(fake_services.config(use_cache=False)) as session:
        document = session.read_document(path, note=notes.append)
        assert (document.format, [e.key for e in document.entries]) == (
            "bibtex", ["serge"],
        )  # fmt: skip
        assert bibkit.check(document, session=session).ok and notes == []
    small = len(GOOD_BIB.encode("utf-8")) - 1
    with Session(fake_services.config(use_cache=False, max_input_bytes=small)) as session:
        for read in (session.read_document, lambda p: bibkit.check(p, session=session)):
            with pytest.raises(bibkit.errors.InputError, match="larger than"):
                read(path)
        assert session.http.stats.total_requests == 0
