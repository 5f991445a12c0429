"""``bibkit push`` end to end: text → fake Open Library → fake Zotero, through the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bibkit.cli import cli
from tests.servers.openlibrary import FakeServices
from tests.zotero.fake_zotero import FakeZotero, Fault

THREAD = """some great books to read on this period:
- Victor Serge, *Year One of the Russian Revolution*
- Sheila Fitzpatrick, *The Russian Revolution*
- Jane Nobody, *A Book That Was Never Written*
"""


@pytest.fixture
def thread(tmp_path: Path) -> Path:
    path = tmp_path / "thread.txt"
    path.write_text(THREAD, encoding="utf-8")
    return path


@pytest.fixture
def zotero_env(zotero_server: FakeZotero, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeZotero]:
    monkeypatch.setenv("ZOTERO_LIBRARY_ID", zotero_server.library_id)
    monkeypatch.setenv("ZOTERO_API_KEY", zotero_server.api_key)
    monkeypatch.setenv("BIBKIT_ZOTERO_URL", zotero_server.base_url)
    yield zotero_server


def _push(fake_services: FakeServices, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "push", *args])


def test_push_a_thread_then_rerun(fake_services: FakeServices, zotero_env: FakeZotero, thread: Path) -> None:
    first = _push(
        fake_services, str(thread), "--collection", "Russian Revolution", "--tag", "thread", "--note"
    )

    assert first.exit_code == 0, first.output
    assert first.stderr.strip().endswith(
        "3 records: 2 created, 1 unresolved; created collection Russian Revolution"
    )
    books = zotero_env.items("book")
    assert len(books) == 2 and "9781608462674" in {b["ISBN"] for b in books}
    assert all(b["tags"] == [{"tag": "thread"}] for b in books)
    assert all("thread.txt" in n["note"] for n in zotero_env.items("note"))
    assert zotero_env.api_key not in first.output

    zotero_env.reset_log()
    again = _push(fake_services, str(thread), "--collection", "Russian Revolution", "--note")
    assert again.exit_code == 0, again.output
    assert "2 already present, 1 unresolved" in again.stderr
    assert zotero_env.writes() == [] and len(zotero_env.items("book")) == 2


def test_dry_run_writes_nothing(fake_services: FakeServices, zotero_env: FakeZotero, thread: Path) -> None:
    result = _push(fake_services, str(thread), "--collection", "A/B", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would be created" in result.stdout
    assert "would create collection A/B (dry run: nothing written)" in result.stderr
    assert zotero_env.writes() == [] and zotero_env.items() == []


BIB = r"""% my reading list
@book{reedTenDays1919,
  author = {Reed, John},
  title = {Ten Days That Shook the World},
  publisher = {International Publishers},
  year = {1967},
  isbn = {978-0-7178-0839-7}
}
@book{fitzpatrickRussianRevolution2017,
  author = {Fitzpatrick, Sheila},
  title = {The Russian Revolution},
  year = {2017},
  isbn = {0198806701}
}
"""

CSL = """[{"id": "serge", "type": "book", "title": "Year One of the Russian Revolution",
  "author": [{"family": "Serge", "given": "Victor"}], "publisher": "Haymarket Books",
  "issued": {"date-parts": [[2015]]}, "ISBN": "9781608462674"}]"""


@pytest.mark.parametrize(
    ("name", "content", "titles"),
    [
        ("refs.bib", BIB, {"Ten Days That Shook the World", "The Russian Revolution"}),
        ("refs.json", CSL, {"Year One of the Russian Revolution"}),
    ],
)
def test_structured_input_is_pushed_once(
    fake_services: FakeServices,
    zotero_env: FakeZotero,
    tmp_path: Path,
    name: str,
    content: str,
    titles: set[str],
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    first = _push(fake_services, str(path))
    again = _push(fake_services, str(path))

    assert first.exit_code == 0 and again.exit_code == 0, first.stderr + again.stderr
    books = zotero_env.items("book")
    assert {item["title"] for item in books} == titles
    assert len(books) == len(titles)  # the rerun created nothing
    assert fake_services.paths("/search.json") == []  # structured records are not resolved again


def test_a_refused_key_is_one_line_without_the_key(
    fake_services: FakeServices, zotero_env: FakeZotero, thread: Path
) -> None:
    result = _push(fake_services, str(thread), "--api-key", "notTheRightKey987654")

    assert result.exit_code == 1
    assert result.stderr.startswith("bibkit: error: Zotero refused") and "ZOTERO_API_KEY" in result.stderr
    assert "notTheRightKey987654" not in result.output and "Traceback" not in result.output


def test_missing_library_id_is_explained(
    fake_services: FakeServices, thread: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOTERO_API_KEY", "someKey")
    result = _push(fake_services, str(thread))

    assert result.exit_code == 1 and "ZOTERO_LIBRARY_ID" in result.stderr


def test_an_interrupted_push_says_to_run_it_again(
    fake_services: FakeServices, zotero_env: FakeZotero, thread: Path
) -> None:
    zotero_env.inject(Fault(status=503, retry_after="0"), times=10)
    result = _push(fake_services, str(thread))

    assert result.exit_code == 1
    assert "push stopped early" in result.stderr and "again" in result.stderr
    zotero_env.clear_faults()
    assert _push(fake_services, str(thread)).exit_code == 0
    assert len(zotero_env.items("book")) == 2


MIXED_BIB = """@article{fitzpatrick1984,
  author = {Fitzpatrick, Sheila},
  title = {Culture and Politics under Stalin: A Reappraisal},
  journal = {Slavic Review}, year = {1976}, doi = {10.2307/2494935}}
@online{marxists,
  author = {Trotsky, Leon},
  title = {The History of the Russian Revolution},
  url = {https://www.marxists.org/archive/trotsky/1930/hrr/}, year = {2008}}
@incollection{smith1983,
  author = {Smith, S. A.}, editor = {Acton, Edward},
  title = {Petrograd in 1917}, publisher = {Arnold}, year = {1997}}
@book{serge2015,
  author = {Serge, Victor}, title = {Year One of the Russian Revolution},
  publisher = {Haymarket Books}, year = {2015}, isbn = {9781608462674}}
"""

MIXED_RIS = """TY  - JOUR\r
AU  - Fitzpatrick, Sheila\r
TI  - Culture and Politics under Stalin: A Reappraisal\r
T2  - Slavic Review\r
PY  - 1976\r
ER  - \r
\r
TY  - BOOK\r
AU  - Serge, Victor\r
TI  - Year One of the Russian Revolution\r
PB  - Haymarket Books\r
PY  - 2015\r
SN  - 9781608462674\r
ER  - \r
"""


@pytest.mark.parametrize(("name", "content", "types"), [
    ("refs.bib", MIXED_BIB, {"journalArticle": 1, "webpage": 1, "bookSection": 1, "book": 1}),
    ("refs.ris", MIXED_RIS, {"journalArticle": 1, "book": 1}),
    ("-", MIXED_BIB, {"journalArticle": 1, "webpage": 1, "bookSection": 1, "book": 1}),
])
def test_each_entry_type_becomes_its_own_zotero_item_type(
    fake_services: FakeServices, zotero_env: FakeZotero, tmp_path: Path, name: str, content: str,
    types: dict[str, int],
) -> None:
    source = "-"
    if name != "-":
        (tmp_path / name).write_text(content, encoding="utf-8", newline="")
        source = str(tmp_path / name)
    result = CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "push", source],
                                input=content if name == "-" else None)
    assert result.exit_code == 0, result.stderr
    found = {kind: len(zotero_env.items(kind)) for kind in types}
    assert found == types
    assert fake_services.paths("/search.json") == []  # read as entries, not mined for mentions
    [article] = zotero_env.items("journalArticle")
    assert article["title"] == "Culture and Politics under Stalin: A Reappraisal"
    assert article["creators"] == [
        {"creatorType": "author", "firstName": "Sheila", "lastName": "Fitzpatrick"}
    ]
    assert article["publicationTitle"] == "Slavic Review"  # the journal, from .bib and RIS alike
    if name != "refs.ris":
        assert article["DOI"] == "10.2307/2494935"
        [section] = zotero_env.items("bookSection")
        assert section["publisher"] == "Arnold"
        assert section["creators"][1] == {"creatorType": "editor", "firstName": "Edward", "lastName": "Acton"}
