"""The library behaves as the command line does: the same duplicates removed, an unreachable
service raised rather than returned as "no books", and a clear TypeError for a wrong argument."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.errors import SourceUnavailable
from bibkit.model import Book, Mention, Resolution, Status
from tests.conftest import CLOSED_PORT_URL
from tests.servers.openlibrary import FakeServices

CARR = Book(title="The Bolshevik Revolution, 1917-1923", authors=("E. H. Carr",), year=1985,
            isbn13="9780393301953", publisher="W. W. Norton")
CARR_AGAIN = Book(title="The Bolshevik Revolution, 1917–1923", authors=("Edward Hallett Carr",), year=1985,
                  isbn10="0393301958")
SERGE = Book(title="Year One of the Russian Revolution", authors=("Victor Serge",), year=2015)
MENTION = Mention(text="Carr", start=0, end=4, title="The Bolshevik Revolution", author="Carr")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson", "ris"])
def test_dumps_removes_repeats_as_convert_does(fmt: str) -> None:
    text = bibkit.dumps([CARR, SERGE, CARR_AGAIN], format=fmt)
    assert text.count("9780393301953") == 1 and "2015" in text
    assert text == bibkit.dumps([CARR, SERGE], format=fmt)


def test_to_bibtex_removes_repeats_and_skips_unresolved() -> None:
    results = [
        Resolution(mention=MENTION, book=CARR, status=Status.RESOLVED, confidence=1.0),
        Resolution(mention=MENTION, book=CARR_AGAIN, status=Status.RESOLVED, confidence=1.0),
        Resolution(mention=MENTION, status=Status.NOT_FOUND),
    ]
    text = bibkit.to_bibtex(results)
    assert text.count("@book{") == 1
    assert "carrBolshevikRevolution1985a" not in text  # no "...2007a" twin


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bibkit.to_bibtex([MENTION]), r"to_bibtex\(\) takes books or resolutions, not Mention \("),
        (lambda: bibkit.dumps([MENTION], format="ris"), r"dumps\(\) takes books or resolutions, not Mention"),
        (lambda: bibkit.to_bibtex(CARR), r"to_bibtex\(\) takes a list of books or resolutions, not Book"),
        (lambda: bibkit.dumps("text"), r"dumps\(\) takes a list of books or resolutions, not str"),
        (lambda: bibkit.resolve([CARR, 42]), r"resolve\(\) takes text, Mentions or Books, not int"),
        (lambda: bibkit.resolve(MENTION), r"not one Mention \(put it in a list\)"),
        (lambda: bibkit.resolve(CARR), r"not one Book \(put it in a list\)"),
        (lambda: bibkit.resolve(42), r"resolve\(\) takes text, Mentions or Books, not int"),
        (lambda: bibkit.resolve("x", session="s"), r"session must be a bibkit.Session, not str"),
        (lambda: bibkit.extract(b"bytes"), r"extract\(\) takes text as str, not bytes \(decode it first\)"),
        (lambda: bibkit.load_books(42), r"load_books\(\) takes a path or text as str, not int"),
        (lambda: bibkit.push_to_zotero([MENTION], library_id="1", api_key="k"), r"not Mention \(resolve it"),
        (lambda: bibkit.check(42), r"check\(\) takes a path, the text of a file or a Document, not int"),
        (lambda: bibkit.check(b"@book{a, title={x}}\n"), r"check\(\) takes a path, .* not bytes"),
        (lambda: bibkit.check("refs.bib", session="s"), r"session must be a bibkit.Session, not str"),
    ],
)
def test_wrong_arguments_are_a_clear_type_error(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(TypeError, match=message):
        call()


def test_an_unreachable_service_is_raised_not_returned_as_nothing(tmp_path: Path) -> None:
    assert bibkit.Config.load().openlibrary_url == CLOSED_PORT_URL
    with pytest.raises(SourceUnavailable, match=r"cannot reach 127\.0\.0\.1:9"):
        bibkit.to_bibtex(bibkit.resolve("Victor Serge, Year One of the Russian Revolution\n"))


def test_one_failing_service_among_answers_is_reported_per_mention(fake_services: FakeServices,
                                                                   tmp_path: Path) -> None:
    fake_services.hooks.append(
        lambda r: (503, {}, b"down") if "Prophet" in r.arg("title") else None
    )
    with bibkit.Session(fake_services.config(retries=0, cache_dir=tmp_path)) as session:
        results = session.resolve("- Victor Serge, *Year One of the Russian Revolution*\n"
                                  "- Deutscher, *The Prophet Armed*\n")
    assert [r.status for r in results] == [Status.RESOLVED, Status.ERROR]


def test_the_cli_names_the_unreachable_service_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("Victor Serge, Year One of the Russian Revolution\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(tmp_path / "refs.bib")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["bibkit: error: cannot reach 127.0.0.1:9: connection failed"]
    assert not (tmp_path / "refs.bib").exists()


def test_a_model_read_once_extracts_as_its_file_does(tmp_path: Path) -> None:
    from bibkit.mentions.finder import default_finder

    path = tmp_path / "model.json.gz"
    default_finder().save(path)
    text = 'I loved "The Prophet Armed" by Isaac Deutscher, and Serge\'s Year One of the Russian Revolution.'
    model = bibkit.load_model(path)
    assert bibkit.extract(text, model=model) == bibkit.extract(text, model=path) == bibkit.extract(text)
    assert [m.title for m in bibkit.extract(text, model=model)][:1] == ["The Prophet Armed"]
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(bibkit.BibkitError, match="cannot read model"):
        bibkit.load_model(tmp_path / "notes.txt")
