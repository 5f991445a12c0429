"""Resolving a bibliography: its books are looked up in the book catalogues, its articles,
chapters, web pages... are kept as written (a book catalogue does not hold them, and a
chapter's book is not what the chapter cites), by ``resolve`` and the library alike, as
``convert`` keeps them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import bibkit
from bibkit.cli import cli
from bibkit.model import Status
from tests.servers.catalog import Edition, Work
from tests.servers.openlibrary import FakeServices

# A book, a chapter of it (carrying the book's ISBN, as Zotero's book sections do) and an
# article, as cited (facts from the publications themselves).
REFS = r"""@book{essential,
  editor = {Copeland, B. Jack},
  title = {The Essential Turing},
  publisher = {Oxford University Press}, year = {2004}, isbn = {0-19-825080-0}}
@incollection{cmi2004,
  author = {Turing, Alan M.},
  title = {Computing Machinery and Intelligence},
  booktitle = {The Essential Turing}, editor = {Copeland, B. Jack},
  publisher = {Oxford University Press}, pages = {433--464}, year = {2004}, isbn = {0-19-825080-0}}
@article{turing1950,
  author = {Turing, Alan M.},
  title = {Computing Machinery and Intelligence},
  journal = {Mind}, volume = {59}, number = {236}, pages = {433--460}, year = {1950}}
"""

#: Only web pages and articles: nothing a book catalogue could be asked about.
NO_BOOKS = r"""@article{fitzpatrick1976,
  author = {Fitzpatrick, Sheila},
  title = {Culture and Politics under Stalin: A Reappraisal},
  journal = {Slavic Review}, volume = {35}, number = {2}, year = {1976}, doi = {10.2307/2494935}}
@online{marxists,
  author = {Trotsky, Leon},
  title = {The History of the Russian Revolution},
  url = {https://www.marxists.org/archive/trotsky/1930/hrr/}, year = {2008}}
"""


@pytest.fixture
def refs(fake_services: FakeServices, tmp_path: Path) -> Path:
    fake_services.catalog.add(
        Work("OL15000W", "The Essential Turing", ["B. Jack Copeland"], 2004,
             editions=[Edition("OL15000M", "The Essential Turing", "9780198250807", "Oxford University Press",
                               "2004", place="Oxford")])
    )  # fmt: skip
    path = tmp_path / "refs.bib"
    path.write_text(REFS, encoding="utf-8")
    return path


def _run(fake: FakeServices | None, *args: str) -> Result:
    base = ["--openlibrary-url", fake.url] if fake else []
    return CliRunner().invoke(cli, [*base, "--no-cache", *args])


def _searched(fake: FakeServices) -> list[str]:
    return [" ".join(r.query.get("title", [])) for r in fake.requests if r.path == "/search.json"]


def test_resolve_looks_up_the_book_and_keeps_the_chapter_and_the_article(
    fake_services: FakeServices, refs: Path
) -> None:
    result = _run(fake_services, "resolve", str(refs), "--json")
    assert result.exit_code == 0, result.stderr
    book, chapter, article = json.loads(result.stdout)
    assert (book["status"], book["book"]["place"]) == ("resolved", "Oxford")  # the catalogue's edition
    # The chapter is not taken for its book by the book's ISBN, nor the article searched as a book.
    assert chapter["status"] == "kept" and chapter["book"]["title"] == "Computing Machinery and Intelligence"
    assert chapter["book"]["kind"] == "chapter"
    assert chapter["book"]["container_title"] == "The Essential Turing"
    assert chapter["reason"] == "a chapter: kept as given, not looked up in book catalogues"
    assert article["status"] == "kept" and article["book"]["container_title"] == "Mind"
    assert article["reason"] == "a journal article: kept as given, not looked up in book catalogues"
    assert not any("Computing" in title for title in _searched(fake_services))
    assert result.stderr.strip().splitlines()[-1] == "3 mentions: 1 resolved, 2 kept"


def test_the_library_resolves_a_bibliographys_entries_as_the_command_does(
    fake_services: FakeServices, refs: Path, tmp_path: Path
) -> None:
    with bibkit.Session(fake_services.config(cache_dir=tmp_path / "c")) as session:
        results = bibkit.resolve(bibkit.load_books(refs), session=session)
    assert [r.status for r in results] == [Status.RESOLVED, Status.KEPT, Status.KEPT]
    entries = bibkit.load_books(refs)
    assert [r.book for r in results[1:]] == entries[1:]  # kept exactly as written
    # Written out, the kept entries are what convert writes of them.
    converted = _run(fake_services, "convert", str(refs), "-f", "csljson", "-o", "-")
    assert converted.exit_code == 0, converted.stderr
    assert json.loads(bibkit.dumps(results, format="csljson"))[1:] == json.loads(converted.stdout)[1:]
    assert converted.stderr.strip().splitlines()[-1] == "3 mentions: 3 kept"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bibliography_without_books_resolves_with_no_service_at_all(tmp_path: Path, jobs: str) -> None:
    """Every endpoint is a closed port here: nothing is asked, so nothing can fail."""
    path, other = tmp_path / "refs.bib", tmp_path / "more.bib"
    path.write_text(NO_BOOKS, encoding="utf-8")
    other.write_text(NO_BOOKS.replace("{fitzpatrick1976", "{again"), encoding="utf-8")
    result = _run(None, "resolve", str(path), str(other), "--json", "--jobs", jobs)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [(r["status"], r["book"]["kind"]) for r in records] == [("kept", "article-journal"),
                                                                    ("kept", "webpage")] * 2  # fmt: skip
    assert records[1]["reason"] == "a web page: kept as given, not looked up in book catalogues"


def test_a_book_entry_still_fails_loudly_when_no_service_answers(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(NO_BOOKS + REFS.split("@incollection")[0], encoding="utf-8")
    result = _run(None, "resolve", str(path))
    assert result.exit_code == 1 and "cannot reach" in result.stderr, result.stderr
