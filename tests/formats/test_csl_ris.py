"""CSL-JSON (schema-valid, plain Unicode) and RIS (one line per value, CR LF, BOOK records)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.formats import dumps
from bibkit.model import Book

SCHEMA = json.loads((Path(__file__).parent / "csl-data-fields-we-emit.json").read_text(encoding="utf-8"))


def test_csl_json_is_valid_and_carries_the_book(
    seed_books: tuple[Book, ...], hostile_books: tuple[Book, ...]
) -> None:
    items = json.loads(dumps(seed_books + hostile_books, format="csljson"))
    jsonschema.validate(items, SCHEMA)
    serge = items[0]
    assert serge["id"] == "sergeYearOneRussian2015"
    assert serge["issued"] == {"date-parts": [[2015]]}
    assert serge["original-date"] == {"date-parts": [[1930]]}
    assert serge["ISBN"] == "9781608462674"
    assert serge["translator"] == [{"family": "Sedgwick", "given": "Peter"}]
    assert items[1]["title"] == "The Prophet Armed: Trotsky, 1879–1921"
    assert items[2]["editor"] == [{"family": "Avrich", "given": "Paul"}] and "author" not in items[2]
    assert items[3]["collection-title"] == "A History of Soviet Russia"
    assert items[3]["ISBN"] == "9780393301953"
    hostile = items[len(seed_books)]
    assert hostile["title"].startswith(r"} \input{bibkit-secret} \immediate\write18{touch pwned} 100% &")


def test_csl_names_keep_particles_suffixes_and_organisations() -> None:
    book = Book(title="T", authors=("Vincent van Gogh", "Martin Luther King, Jr.", "Institute of Physics"))
    [item] = json.loads(dumps([book], format="csljson"))
    assert item["author"] == [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "Institute of Physics"},
    ]


def _records(text: str) -> list[list[tuple[str, str]]]:
    assert "\n" not in text.replace("\r\n", "")
    records, current = [], []
    for line in text.split("\r\n"):
        if not line:
            continue
        assert line[2:6] == "  - ", line
        tag, value = line[:2], line[6:]
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = []
    assert current == []
    return records


def test_ris_records_follow_the_specification(seed_books: tuple[Book, ...]) -> None:
    records = _records(dumps(seed_books, format="ris"))
    assert len(records) == len(seed_books)
    serge = dict(records[0])
    assert records[0][0] == ("TY", "BOOK") and records[0][-1] == ("ER", "")
    assert (serge["AU"], serge["A4"], serge["PY"], serge["OP"], serge["SN"]) == (
        "Serge, Victor",
        "Sedgwick, Peter",
        "2015",
        "1930",
        "9781608462674",
    )
    assert dict(records[2])["A3"] == "Avrich, Paul"
    assert (dict(records[3])["T2"], dict(records[3])["M1"]) == ("A History of Soviet Russia", "1")


def test_ris_line_breaks_cannot_inject_records(hostile_books: tuple[Book, ...]) -> None:
    records = _records(dumps(hostile_books, format="ris"))
    assert len(records) == len(hostile_books)
    assert dict(records[2])["TI"] == "Line ER - TY - BOOK injected"


@settings(max_examples=100, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    names=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20), max_size=3),
)
def test_any_text_gives_one_ris_record_and_valid_csl(title: str, names: list[str]) -> None:
    book = Book(title=title, authors=tuple(names), year=2000)
    assert len(_records(dumps([book], format="ris"))) == 1
    jsonschema.validate(json.loads(dumps([book], format="csljson")), SCHEMA)


@pytest.mark.parametrize("fmt", ["csljson", "ris"])
def test_outputs_are_plain_unicode(fmt: str) -> None:
    book = Book(title="Gödel, Escher, Bach", authors=("Douglas R. Hofstadter",), year=1979)
    text = dumps([book], format=fmt)
    assert "Gödel, Escher, Bach" in text and "\\" not in text


def test_a_real_csl_processor_renders_the_output() -> None:
    """citeproc-py, with the style it ships, formats our CSL-JSON as a reader would expect."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    books = [
        Book(
            title="The Prophet Armed",
            subtitle="Trotsky, 1879–1921",
            authors=("Isaac Deutscher",),
            publisher="Verso",
            place="London",
            year=2015,
            original_year=1954,
            isbn13="9781781683118",
        ),
        Book(
            title="Year One of the Russian Revolution",
            authors=("Victor Serge",),
            translators=("Peter Sedgwick",),
            publisher="Haymarket Books",
            year=2015,
            edition="2nd",
        ),
    ]
    items = json.loads(dumps(books, format="csljson"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py does not know the "citation-key" variable
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert rendered == [
        "Deutscher, I. (2015) The Prophet Armed: Trotsky, 1879–1921. London: Verso.",
        "Serge, V. (2015) Year One of the Russian Revolution. 2nd ed. "
        "Translated by P. Sedgwick. Haymarket Books.",
    ]
