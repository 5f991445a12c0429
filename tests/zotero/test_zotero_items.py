"""Book → Zotero item mapping (pure) and the library index, checked against real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibkit.errors import ConfigError
from bibkit.model import KINDS, Book, Mention
from bibkit.zotero import LibraryIndex, isbns_in_field, item_key, note_item, split_name, to_zotero_item
from bibkit.zotero.client import parse_write_report
from bibkit.zotero.items import BOOK_FIELDS, KEY_ALPHABET, creator_name
from tests.zotero.fake_zotero import Schema

RESPONSES = Path("reference/zotero-responses")

FULL = Book(
    title="The Bolsheviks Come to Power",
    subtitle="The Revolution of 1917 in Petrograd",
    authors=("Alexander Rabinowitch",),
    editors=("Institute of Physics (Great Britain)",),
    translators=("Carr, E. H.",),
    publisher="Pluto Press",
    place="London",
    year=2017,
    original_year=1976,
    edition="Centenary edition",
    isbn10="0745399983",
    language="en",
    pages=400,
    series="Get Political",
    volume="12",
    url="https://www.plutobooks.com/",
    identifiers=(("oclc", "987654321"), ("openlibrary_work", "OL1W")),
    provenance=(("title", "openlibrary"), ("isbn13", "openlibrary")),
)


def test_full_book_maps_to_classic_book_fields() -> None:
    item = to_zotero_item(FULL, collections=["ABCD2345"], tags=["x", " x ", ""])

    assert item["itemType"] == "book" and item["version"] == 0
    assert item["title"] == "The Bolsheviks Come to Power: The Revolution of 1917 in Petrograd"
    assert item["shortTitle"] == "The Bolsheviks Come to Power"
    assert item["ISBN"] == "9780745399980"
    assert (item["series"], item["seriesNumber"]) == ("Get Political", "12")
    assert (item["date"], item["numPages"], item["edition"]) == ("2017", "400", "Centenary edition")
    assert item["extra"].splitlines() == ["Original Date: 1976", "OCLC: 987654321", "Open Library Work: OL1W"]
    assert item["libraryCatalog"] == "Open Library"
    assert item["creators"] == [
        {"creatorType": "author", "firstName": "Alexander", "lastName": "Rabinowitch"},
        {"creatorType": "editor", "name": "Institute of Physics (Great Britain)"},
        {"creatorType": "translator", "firstName": "E. H.", "lastName": "Carr"},
    ]
    assert item["tags"] == [{"tag": "x"}] and item["collections"] == ["ABCD2345"]
    fields = set(item) - {"itemType", "key", "version", "creators", "tags", "collections", "relations"}
    assert fields <= set(BOOK_FIELDS)  # only the 22 fields every Zotero client can sync


def test_items_validate_against_the_v41_schema(shared_dir: Path) -> None:
    schema = Schema.load(shared_dir / RESPONSES / "zotero-schema/schema.json")
    item = to_zotero_item(FULL)
    props = {"itemType", "key", "version", "creators", "tags", "collections", "relations"}
    assert set(item) - props <= set(schema.fields["book"])
    assert {c["creatorType"] for c in item["creators"]} <= set(schema.creator_types["book"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Isaac Deutscher", {"firstName": "Isaac", "lastName": "Deutscher"}),
        ("Ludwig van Beethoven", {"firstName": "Ludwig", "lastName": "van Beethoven"}),
        ("Martin Luther King Jr.", {"firstName": "Martin Luther, Jr.", "lastName": "King"}),
        ("Plato", {"name": "Plato"}),
        ("Oxford University Press", {"name": "Oxford University Press"}),
        ("Fitzpatrick, Sheila", {"firstName": "Sheila", "lastName": "Fitzpatrick"}),
    ],
)
def test_names_split_the_way_zotero_stores_them(name: str, expected: dict[str, str]) -> None:
    assert split_name(name, "author") == {"creatorType": "author", **expected}


@pytest.mark.parametrize(
    ("name", "display", "key_form"),
    [
        ("Isaac Deutscher", "Isaac Deutscher", "Deutscher, Isaac"),
        ("Ludwig van Beethoven", "Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Martin Luther King Jr.", "Martin Luther King, Jr.", "King, Martin Luther, Jr."),
        ("Plato", "Plato", "Plato"),
        ("Fitzpatrick, Sheila", "Sheila Fitzpatrick", "Fitzpatrick, Sheila"),
    ],
)
def test_a_creator_reads_back_as_the_name_it_was_split_from(name: str, display: str, key_form: str) -> None:
    creator = split_name(name, "author")
    assert creator_name(creator, display=True) == display
    assert creator_name(creator) == key_form


def test_a_creator_with_one_name_part_reads_back_as_that_part() -> None:
    homer = {"creatorType": "author", "lastName": " Homer ", "firstName": ""}
    assert creator_name(homer, display=True) == "Homer"
    assert creator_name({"creatorType": "author", "firstName": "Moebius"}, display=True) == "Moebius"


def test_a_book_without_isbn_has_no_isbn_field_and_a_stable_key() -> None:
    book = Book(title="The Bolsheviks in Power", authors=("Alexander Rabinowitch",), year=2007)
    assert "ISBN" not in to_zotero_item(book)
    assert to_zotero_item(book)["key"] == to_zotero_item(book)["key"]


def test_the_same_edition_gets_the_same_key_whatever_the_isbn_form() -> None:
    a = to_zotero_item(Book(title="A", isbn13="9780745399980"))
    b = to_zotero_item(Book(title="A different spelling", isbn10="0-7453-9998-3"))
    c = to_zotero_item(Book(title="A", isbn13="9781608462674"))
    assert a["key"] == b["key"] != c["key"]


# Keys computed by earlier releases: libraries already hold items with these keys, and a
# re-sent book is only recognised by the server (412) if it gets the same key again.
@pytest.mark.parametrize(
    ("book", "key"),
    [
        (Book(title="The Prophet Armed", isbn13="9780745399980"), "2KE3JILP"),
        (Book(title="The Prophet Armed", isbn10="0-7453-9998-3"), "2KE3JILP"),
        (Book(title="The Bolsheviks in Power", authors=("Alexander Rabinowitch",), year=2007), "48FMPWWJ"),
        (
            Book(
                title="The Bolsheviks Come to Power",
                subtitle="The Revolution of 1917 in Petrograd",
                authors=("Rabinowitch, Alexander",),
            ),
            "WBPTA9ZH",
        ),
        (Book(title="Lust for Life", authors=("van Gogh, Vincent",), year=1934), "VV5PIVED"),
        (Book(title="Strength to Love", authors=("Martin Luther King, Jr.",), year=1963), "HFDQKJIT"),
        (Book(title="Why We Can't Wait", authors=("Martin Luther King Jr.",)), "CTUDDAZ7"),
        (Book(title="Physics Education", authors=("Institute of Physics",), year=1990), "EWCYSTKH"),
        (Book(title="Operating System Principles", authors=("Brinch Hansen, Per",), year=1973), "8PK46FGW"),
        (Book(title="Anonymous Pamphlet"), "KX43LNFG"),
        (Book(title="Édition Spéciale", authors=("José Saramago",), editors=("E. H. Carr",)), "8YL6IJ68"),
        (Book(title="Collected Papers", authors=("Smith, John, ed.",)), "WUTNQ6LJ"),
    ],
)
def test_item_keys_stay_what_earlier_releases_gave_the_same_book(book: Book, key: str) -> None:
    assert to_zotero_item(book)["key"] == key


def test_note_keys_stay_what_earlier_releases_gave() -> None:
    assert note_item("48FMPWWJ", book=FULL)["key"] == "F5R3MQXG"


@given(st.text())
def test_keys_are_always_valid_zotero_keys(identity: str) -> None:
    key = item_key(identity)
    assert len(key) == 8 and set(key) <= set(KEY_ALPHABET)


def test_over_long_tags_are_refused_before_anything_is_sent() -> None:
    with pytest.raises(ConfigError, match="255"):
        to_zotero_item(FULL, tags=["t" * 256])


def test_note_escapes_input_text() -> None:
    mention = Mention(text="<script>alert(1)</script> & co", start=5, end=35, title="x")
    note = note_item("ABCD2345", book=FULL, mention=mention, origin="a&b.txt", confidence=0.5)
    assert (
        "<script>" not in note["note"] and "&lt;script&gt;" in note["note"] and "a&amp;b.txt" in note["note"]
    )
    assert note["parentItem"] == "ABCD2345" and note["key"] != "ABCD2345" and note["version"] == 0


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("978-0-7178-0839-7", ["9780717808397"]),
        ("0199237670", ["9780199237678"]),
        ("9780745399980 0745399983 (pbk.)", ["9780745399980"]),
        ("080149141X; 0500750017", ["9780801491412", "9780500750018"]),
        ("978-0-393-07507-5", []),  # bad checksum
        ("", []),
    ],
)
def test_isbn_fields_in_every_form_normalise_to_isbn13(field: str, expected: list[str]) -> None:
    assert isbns_in_field(field) == expected


def test_index_of_a_recorded_library_finds_books_by_any_isbn_form(shared_dir: Path) -> None:
    """Zotero's public demo library (recorded): ISBNs stored as ISBN-10 and hyphenated."""
    raw = json.loads(
        (shared_dir / RESPONSES / "urschrei-pyzotero/items_doc.json").read_text(encoding="utf-8")
    )
    index = LibraryIndex.from_items(raw)

    stored_as_isbn10 = index.find(Book(title="?", isbn13="9780393075076"))
    stored_hyphenated = index.find(Book(title="?", isbn10="8479195177"))
    assert stored_as_isbn10 is not None and stored_hyphenated is not None
    assert stored_as_isbn10.key != stored_hyphenated.key
    assert len(index) == sum(1 for i in raw if i["data"]["itemType"] == "book")


def test_recorded_write_reports_parse_in_both_shapes(shared_dir: Path) -> None:
    v3 = json.loads(
        (shared_dir / RESPONSES / "zotero-web-library/test-user-add-by-identifier.json").read_text()
    )
    legacy = json.loads((shared_dir / RESPONSES / "urschrei-pyzotero/creation_doc.json").read_text())

    modern = parse_write_report(v3)
    assert modern.successful[0]["key"] == "UHRGBS8D" and modern.successful[0]["ISBN"] == "9780312558062"
    old = parse_write_report(legacy)
    assert old.successful and all("key" in v for v in old.successful.values())


ENTRIES_BIB = r"""
@article{turing1950, author = {Turing, Alan M.}, title = {Computing Machinery and Intelligence},
  journal = {Mind}, volume = {59}, number = {236}, pages = {433--460}, year = {1950},
  doi = {10.1093/mind/LIX.236.433}}
@incollection{shannon1956, author = {Shannon, Claude E.},
  title = {A Universal Turing Machine with Two Internal States}, booktitle = {Automata Studies},
  editor = {Shannon, Claude E. and McCarthy, John}, series = {Annals of Mathematics Studies},
  number = {34}, pages = {157--165}, publisher = {Princeton University Press}, year = {1956}}
@inproceedings{cook1971, author = {Cook, Stephen A.}, title = {The Complexity of Theorem-Proving Procedures},
  booktitle = {Proceedings of the Third Annual ACM Symposium on Theory of Computing}, pages = {151--158},
  publisher = {ACM}, address = {New York}, year = {1971}, doi = {10.1145/800157.805047}}
@online{sep, author = {Barker-Plummer, David}, title = {Turing Machines},
  organization = {Stanford Encyclopedia of Philosophy}, url = {https://plato.stanford.edu/entries/turing-machine/},
  year = {1995}}
@phdthesis{nash1950, author = {Nash, John Forbes}, title = {Non-Cooperative Games},
  school = {Princeton University}, year = {1950}}
@techreport{baran1964, author = {Baran, Paul}, title = {On Distributed Communications},
  institution = {RAND Corporation}, number = {RM-3420-PR}, type = {Research Memorandum}, year = {1964}}
@misc{verso, title = {Anonymous}, howpublished = {Verso}, isbn = {978-1-85984-442-7}}
@misc{memo, author = {Dijkstra, Edsger W.}, title = {On the Cruelty of Really Teaching Computing Science},
  year = {1988}}
"""

#: What each entry above becomes in Zotero: its item type and the fields a citation prints.
ZOTERO_ITEMS = [
    ("journalArticle", {"publicationTitle": "Mind", "volume": "59", "issue": "236", "pages": "433–460",
                        "DOI": "10.1093/mind/LIX.236.433"}),
    ("bookSection", {"bookTitle": "Automata Studies", "series": "Annals of Mathematics Studies",
                     "seriesNumber": "34", "pages": "157–165", "publisher": "Princeton University Press"}),
    ("conferencePaper", {
        "proceedingsTitle": "Proceedings of the Third Annual ACM Symposium on Theory of Computing",
        "pages": "151–158", "place": "New York", "DOI": "10.1145/800157.805047"}),
    ("webpage", {"websiteTitle": "Stanford Encyclopedia of Philosophy",
                 "url": "https://plato.stanford.edu/entries/turing-machine/"}),
    ("thesis", {"university": "Princeton University", "thesisType": "PhD thesis"}),
    ("report", {"institution": "RAND Corporation", "reportNumber": "RM-3420-PR",
                "reportType": "Research Memorandum"}),
    ("book", {"ISBN": "9781859844427"}),  # bibkit's own way of writing an anonymous book
    ("document", {"date": "1988"}),
]  # fmt: skip


def test_bibliography_entries_become_items_of_their_own_type_with_their_own_fields(shared_dir: Path) -> None:
    """Pushing a .bib: each entry is the item Zotero's own importer makes of it, and every field
    is one the server accepts for that type (it refuses the whole item otherwise)."""
    from bibkit.formats import load_books

    schema = Schema.load(shared_dir / RESPONSES / "zotero-schema" / "schema.json")
    items = [to_zotero_item(book) for book in load_books(ENTRIES_BIB)]
    assert [(item["itemType"], {k: item.get(k) for k in fields}) for item, (_, fields) in
            zip(items, ZOTERO_ITEMS, strict=True)] == ZOTERO_ITEMS  # fmt: skip
    for item in items:
        kind = item["itemType"]
        fields = set(item) - {"itemType", "key", "version", "creators", "tags", "collections", "relations"}
        assert fields <= set(schema.fields[kind])
        assert {c["creatorType"] for c in item["creators"]} <= set(schema.creator_types[kind])
        assert "Bibtex Type" not in item.get("extra", "")
    assert [c["creatorType"] for c in items[1]["creators"]] == ["author", "editor", "editor"]


@pytest.mark.parametrize("kind", sorted(KINDS - {"book"}))
def test_every_kind_maps_to_a_zotero_type_that_takes_its_fields(kind: str, shared_dir: Path) -> None:
    """Every field of every kind is sent: in the type's own field, else as a line of ``extra``."""
    book = Book(kind=kind, title="T", authors=("A. Author",), editors=("E. Editor",), publisher="Pub",
                place="Place", year=2000, pages=10, isbn13="9780393301953", container_title="Container",
                volume="33", number="44", page_range="101–109", genre="Genre",
                identifiers=(("doi", "10.1000/1"),))  # fmt: skip
    item = to_zotero_item(book)
    schema = Schema.load(shared_dir / RESPONSES / "zotero-schema" / "schema.json")
    fields = set(item) - {"itemType", "key", "version", "creators", "tags", "collections", "relations"}
    assert fields <= set(schema.fields[item["itemType"]])  # the server refuses any other field
    assert {c["creatorType"] for c in item["creators"]} <= set(schema.creator_types[item["itemType"]])
    said = [str(v) for v in item.values()] + item.get("extra", "").split("\n")
    for value in ("Container", "33", "44", "101–109", "Genre", "Pub", "Place", "9780393301953", "10.1000/1"):
        assert any(value == text or text.endswith(f": {value}") for text in said), (value, item)


def test_a_chapter_gets_its_own_key_not_its_books() -> None:
    """A chapter carries its book's ISBN; were its key the book's, the server would refuse one of them."""
    book = Book(title="The Essential Turing", editors=("B. Jack Copeland",), isbn10="0198250800", year=2004)
    chapter = Book(kind="chapter", title="Computing Machinery and Intelligence", authors=("Alan M. Turing",),
                   container_title="The Essential Turing", isbn10="0198250800", year=2004)  # fmt: skip
    assert to_zotero_item(book)["key"] != to_zotero_item(chapter)["key"]
    assert to_zotero_item(chapter)["ISBN"] == "9780198250807"
