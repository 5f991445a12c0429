"""``bibkit.check``: each kind of fault in a bibliography is found against the loopback catalogue,
a clean entry raises nothing, and repairs change only what they must."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bibkit
from bibkit.errors import ConfigError, FormatError, InputError
from bibkit.model import Book, Finding, Mention, Resolution, Severity, Status
from bibkit.session import Session
from bibkit.verify import Entry, judge
from tests.servers.openlibrary import FakeServices

# Facts about real books (the seed catalogue holds the same editions).
CLEAN = r"""% Chapter 2 -- checked by hand
@string{cup = {Cambridge University Press}}

@book{smith1983,
  author = {Smith, S. A.},
  title = {Red Petrograd: Revolution in the Factories, 1917--1918},
  publisher = cup,
  address = {Cambridge},
  year = 1983,
  isbn = {978-0-521-24759-7},
}

@Book{avrich,
    Author    = {Paul Avrich},
    Title     = {The Anarchists in the {Russian} Revolution},
    Publisher = {Cornell University Press},
    Address   = {Ithaca},
    Year      = {1973},
    ISBN      = {080149141X}
}
@online{blog, title = {Not a book}, url = {https://example.org}}
"""

FAULTY = r"""@book{wrongIsbn,
  author = {Moshe Lewin},
  title = {Lenin's Last Struggle},
  publisher = {University of Michigan Press},
  year = {2005},
  isbn = {9781781683125},
}
@book{checksum,
  author = {Smith, S. A.},
  title = {Red Petrograd},
  publisher = {Cambridge University Press},
  year = {1983},
  isbn = {978-0-521-24759-8},
}
@book{inventedTitle,
  author = {Sheila Fitzpatrick},
  title = {The Bolshevik Dreamers of Petrograd},
  publisher = {Oxford University Press},
  year = {1999},
}
@book{inventedAuthor,
  author = {Margaret Thornbury},
  title = {Ten Days That Shook the World},
  publisher = {International Publishers},
  year = {1967},
}
@book{offByOne,
  author = {Isaac Deutscher},
  title = {The Prophet Armed},
  publisher = {Verso},
  year = {2016},
  isbn = {9781781683118},
}
@book{misspelt,
  author = {Alexander Rabinovitch},
  title = {The Bolsheviks Come to Power},
  publisher = {Pluto Press},
  year = {2017},
  isbn = {9780745399980},
}
@book{noPublisher,
  author = {Edward Hallett Carr},
  title = {The Bolshevik Revolution, 1917-1923},
  year = {1985},
  isbn = {9780393301953},
}
@book{tooEarly,
  author = {Moshe Lewin},
  title = {Lenin's Last Struggle},
  publisher = {Pantheon},
  year = {1950},
}
@book{yearNoEdition,
  author = {Moshe Lewin},
  title = {Lenin's Last Struggle},
  publisher = {University of Michigan Press},
  year = {2006},
}
"""


def _codes(findings: tuple[Finding, ...] | list[Finding], key: str) -> set[str]:
    return {f.code for f in findings if f.key == key}


@pytest.fixture
def faulty_report(session: Session) -> bibkit.verify.CheckReport:
    return bibkit.check(FAULTY, session=session)


def test_a_clean_bibliography_raises_nothing(session: Session) -> None:
    report = bibkit.check(CLEAN, session=session)
    assert report.checked == 2 and report.skipped == 1 and report.ok
    assert [(f.key, f.severity, f.code) for f in report.findings] == [("blog", Severity.INFO, "skipped")]


@pytest.mark.parametrize(
    ("key", "severity", "code"),
    [
        ("wrongIsbn", Severity.ERROR, "isbn-other-book"),
        ("checksum", Severity.ERROR, "isbn-checksum"),
        ("inventedTitle", Severity.ERROR, "not-found"),
        ("inventedAuthor", Severity.ERROR, "author-mismatch"),
        ("offByOne", Severity.WARNING, "year-other-edition"),
        ("misspelt", Severity.WARNING, "author-misspelt"),
        ("noPublisher", Severity.WARNING, "missing-publisher"),
        ("tooEarly", Severity.ERROR, "year-before-publication"),
        ("yearNoEdition", Severity.WARNING, "year-no-edition"),
    ],
)
def test_each_kind_of_fault_is_found(
    faulty_report: bibkit.verify.CheckReport, key: str, severity: Severity, code: str
) -> None:
    found = [f for f in faulty_report.findings if f.key == key and f.code == code]
    assert found, [(f.code, f.message) for f in faulty_report.findings if f.key == key]
    assert found[0].severity is severity
    assert found[0].line is not None and found[0].message


def test_messages_say_what_is_wrong_and_what_is_right(faulty_report: bibkit.verify.CheckReport) -> None:
    by_code = {f.code: f for f in faulty_report.findings}
    assert "'The Prophet Unarmed' by Isaac Deutscher" in by_code["isbn-other-book"].message
    assert "the edition is 9780521247597" in by_code["isbn-checksum"].message
    assert "is by John Reed" in by_code["author-mismatch"].message
    assert "'Alexander Rabinowitch'" in by_code["author-misspelt"].message
    assert "2015 edition (Verso)" in by_code["year-other-edition"].message
    assert "first published (1967)" in by_code["year-before-publication"].message
    assert "no edition of 2006, but one of 2005" in by_code["year-no-edition"].message
    assert not faulty_report.ok


def test_repairs_change_only_the_fields_they_must(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(FAULTY.replace("\n", "\r\n").encode("utf-8"))
    original = path.read_bytes()
    report = bibkit.check(path, session=session, fix=True)
    assert {(c.key, c.field) for c in report.applied} == {
        ("checksum", "isbn"),  # provably wrong ISBNs are corrected: a typo,
        ("checksum", "place"),  # (and the edition it names fills the gaps)
        ("wrongIsbn", "isbn"),  # and another book's (the found edition has the entry's year and publisher)
        ("noPublisher", "publisher"),  # missing fields are filled from the ISBN's record
        ("noPublisher", "place"),
        ("misspelt", "place"),
    }
    assert report.backup == str(path) + ".bak" and (tmp_path / "refs.bib.bak").read_bytes() == original
    fixed = path.read_bytes().decode("utf-8")
    assert "isbn = {978-0-521-24759-7}," in fixed  # hyphens kept as written
    new_fields = "  isbn = {9780393301953},\r\n  publisher = {W. W. Norton},\r\n  address = {New York},\r\n}"
    assert new_fields in fixed
    # Every other byte is the original's.
    assert "isbn = {9780472030521}," in fixed
    undone = (
        fixed.replace("978-0-521-24759-7", "978-0-521-24759-8")
        .replace("9780472030521", "9781781683125")
        .replace(",\r\n  publisher = {W. W. Norton},\r\n  address = {New York}", "")
        .replace(",\r\n  address = {London}", "")
        .replace(",\r\n  address = {Cambridge}", "")
    )
    assert undone.encode("utf-8") == original
    assert bibkit.check(path, session=session, fix=True).applied == ()


def test_written_values_change_only_when_named(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(FAULTY, encoding="utf-8")
    out = tmp_path / "fixed.bib"
    seen: list[str] = []

    def approve(finding: Finding) -> bool:
        seen.append(finding.code)
        return finding.code != "missing-publisher"

    report = bibkit.check(path, session=session, fix=True, overwrite=["year", "author"], output=out,
                          approve=approve)
    assert path.read_text(encoding="utf-8") == FAULTY  # -o leaves the original as it was
    fixed = out.read_text(encoding="utf-8")
    assert "year = {2015}" in fixed and "year = {2016}" not in fixed
    assert "author = {Rabinowitch, Alexander}" in fixed
    assert "publisher = {W. W. Norton}" not in fixed  # refused in review
    assert {"year-other-edition", "author-misspelt", "missing-publisher"} <= set(seen)
    assert ("offByOne", "year") in {(c.key, c.field) for c in report.applied}


def test_bad_options_and_inputs_fail_before_any_request(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot overwrite pages"):
        bibkit.check(CLEAN, session=session, fix=True, overwrite=["pages"])
    with pytest.raises(ConfigError, match="needs a file to write"):
        bibkit.check(CLEAN, session=session, fix=True)
    with pytest.raises(InputError, match="no such file"):
        bibkit.check(tmp_path / "missing.bib", session=session)
    with pytest.raises(FormatError, match=r"line 3: entry 'b' \(line 2\)"):
        bibkit.check("@book{a, title={x}}\n@book{b,\n title = {x} y}\n", session=session)
    assert session.http.stats.total_requests == 0


def test_csl_json_is_checked_like_bibtex(session: Session) -> None:
    items = [
        {"id": "lewin", "type": "book", "title": "Lenin's Last Struggle", "author": [{"family": "Lewin",
         "given": "Moshe"}], "ISBN": "9781781683125", "publisher": "University of Michigan Press",
         "issued": {"date-parts": [[2005]]}},
        {"id": "article", "type": "article-journal", "title": "Something"},
    ]
    report = bibkit.check(json.dumps(items), session=session)
    assert _codes(report.findings, "lewin") == {"isbn-other-book"}
    assert _codes(report.findings, "article") == {"skipped"}


def test_csl_json_repairs_keep_every_other_byte(session: Session, tmp_path: Path) -> None:
    text = "\r\n".join([
        "[",
        "  {",
        '    "id": "carr",',
        '    "type": "book",',
        '    "title": "The Bolshevik Revolution, 1917-1923",',
        '    "author": [{"family": "Carr", "given": "E. H."}],',
        '    "ISBN": "0-393-30195-X",',
        '    "issued": {"date-parts": [[1985]]}',
        "  },",
        '  {"id": "other", "type": "webpage", "title": "x"}',
        "]",
        "",
    ])
    path = tmp_path / "refs.json"
    path.write_text(text, encoding="utf-8", newline="")
    report = bibkit.check(path, session=session, fix=True)
    assert {(c.field, c.new) for c in report.applied} == {
        ("isbn", "9780393301953"),  # a wrong check digit, corrected in the form it was written
        ("publisher", "W. W. Norton"),
        ("place", "New York"),
    }
    fixed = path.read_bytes().decode("utf-8")
    assert fixed == text.replace('"0-393-30195-X"', '"0-393-30195-8"').replace(
        '[[1985]]}\r\n  }',
        '[[1985]]},\r\n    "publisher": "W. W. Norton",\r\n    "publisher-place": "New York"\r\n  }',
    )
    assert json.loads(fixed)[0]["publisher"] == "W. W. Norton"


def test_a_chapter_is_checked_by_the_book_it_is_in(session: Session) -> None:
    text = """@incollection{ch3,
      author = {Somebody Else},
      title = {A Chapter Title No Catalogue Knows},
      booktitle = {The Bolsheviks Come to Power},
      editor = {Alexander Rabinowitch},
      publisher = {Pluto Press}, year = 2017, isbn = {9780745399980}}"""
    report = bibkit.check(text, session=session)
    assert report.ok and report.checked == 1, report.findings


def test_judge_is_pure_and_trusts_an_agreeing_isbn_record() -> None:
    entry = Entry(key="k", kind="book", line=3,
                  book=Book(title="Red Petrograd", authors=("S. A. Smith",), year=1983,
                            publisher="Cambridge UP"),
                  isbn_text="9780521247597")
    record = Book(title="Red Petrograd", subtitle="Revolution in the Factories", authors=("Steve Smith",),
                  publisher="Cambridge University Press", year=1983, isbn13="9780521247597",
                  place="Cambridge")
    findings = judge(entry, record, None)
    assert [(f.code, f.change and f.change.new) for f in findings] == [("missing-address", "Cambridge")]
    other = Book(title="Lenin's Last Struggle", authors=("Moshe Lewin",), isbn13="9780521247597")
    assert [f.code for f in judge(entry, other, None)] == ["isbn-other-book"]


def test_a_key_used_twice_is_not_repaired(session: Session, tmp_path: Path) -> None:
    carr = "@book{carr,\n  author = {E. H. Carr},\n  title = {The Bolshevik Revolution, 1917-1923},\n" \
           "  year = {1985},\n  isbn = {9780393301953}\n}\n"
    path = tmp_path / "refs.bib"
    path.write_text(carr + carr, encoding="utf-8")
    report = bibkit.check(path, session=session, fix=True)
    assert "missing-publisher" in _codes(report.findings, "carr")
    assert report.applied == () and path.read_text(encoding="utf-8") == carr + carr


def test_a_second_check_is_answered_from_the_caches(fake_services: FakeServices, tmp_path: Path) -> None:
    counts = []
    for _ in range(2):
        before = len(fake_services.paths())
        with Session(fake_services.config(cache_dir=tmp_path / "cache")) as session:
            first = bibkit.check(FAULTY, session=session)
        counts.append(len(fake_services.paths()) - before)
    assert counts[0] > 0 and counts[1] == 0
    assert not first.ok


def test_a_search_service_down_still_reports_what_the_isbns_say(fake_services: FakeServices,
                                                                tmp_path: Path) -> None:
    searches = ("/search.json", "/books/v1/volumes")
    fake_services.hooks.append(lambda r: (503, {}, b"down") if r.path in searches else None)
    with Session(fake_services.config(retries=0, cache_dir=tmp_path)) as session:
        report = bibkit.check(FAULTY, session=session)
    assert "isbn-other-book" in _codes(report.findings, "wrongIsbn")
    assert "isbn-checksum" in _codes(report.findings, "checksum")
    assert _codes(report.findings, "inventedTitle") == {"not-checked"}
    assert not report.ok


def _resolved(book: Book) -> Resolution:
    mention = Mention(text=book.title, start=0, end=len(book.title), title=book.title)
    return Resolution(mention=mention, book=book, status=Status.RESOLVED, confidence=0.95)


@pytest.mark.parametrize(
    ("year", "finding"),
    [
        (2016, ("warning", "year-no-edition", ("2015", "2017"))),  # a slip for a neighbouring edition
        (2010, ("info", "year-no-edition", ("2008",))),  # perhaps an edition no catalogue has
        (2015, None),  # an edition of that year exists: nothing to tell it from a citation of it
        (1954, None),  # the year of first publication, as many cite a work
        (1953, ("error", "year-before-publication", ())),
    ],
)
def test_a_year_without_an_isbn_is_judged_by_the_years_of_the_works_editions(
    year: int, finding: tuple[str, str, tuple[str, ...]] | None
) -> None:
    entry = Entry(key="k", kind="book", line=1, book=Book(title="The Prophet Armed",
                  authors=("Isaac Deutscher",), publisher="Verso", year=year))
    found = Book(title="The Prophet Armed", authors=("Isaac Deutscher",), publisher="Oxford University Press",
                 year=2008, original_year=1954, isbn13="9781844674589",
                 edition_years=(1954, 2008, 2015, 2017))
    years = [(f.severity.value, f.code, f.suggestions) for f in judge(entry, None, _resolved(found))
             if f.field == "year"]
    assert years == ([finding] if finding else [])


def test_a_year_is_not_judged_without_the_works_edition_years() -> None:
    """A source that returns one edition per work says nothing of the others' years."""
    entry = Entry(key="k", kind="book", line=1, book=Book(title="The Prophet Armed",
                  authors=("Isaac Deutscher",), year=2016))
    found = Book(title="The Prophet Armed", authors=("Isaac Deutscher",), year=2015, original_year=1954)
    assert not [f for f in judge(entry, None, _resolved(found)) if f.field == "year"]
