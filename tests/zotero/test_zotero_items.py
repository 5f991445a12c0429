"""Book → Zotero item mapping (pure) and the library index, checked against real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibkit.errors import ConfigError
from bibkit.model import Book, Mention
from bibkit.zotero import LibraryIndex, isbns_in_field, item_key, note_item, split_name, to_zotero_item
from bibkit.zotero.client import parse_write_report
from bibkit.zotero.items import BOOK_FIELDS, KEY_ALPHABET
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


@pytest.mark.parametrize(
    ("identifiers", "kind"),
    [
        ((), "book"),
        ((("bibtex_type", "article"),), "journalArticle"),
        ((("bibtex_type", "online"),), "webpage"),
        ((("bibtex_type", "incollection"),), "bookSection"),
        ((("bibtex_type", "phdthesis"),), "thesis"),
        ((("bibtex_type", "misc"),), "book"),  # with an ISBN: how bibkit writes an anonymous book
        ((("csl_type", "chapter"),), "bookSection"),
        ((("csl_type", "article-journal"),), "journalArticle"),
        ((("csl_type", "webpage"),), "webpage"),
        ((("ris_type", "JOUR"),), "journalArticle"),
        ((("ris_type", "ELEC"),), "webpage"),
    ],
)
def test_entry_types_map_to_zotero_item_types_with_their_own_fields(
    identifiers: tuple[tuple[str, str], ...], kind: str, shared_dir: Path
) -> None:
    book = Book(title="T", authors=("A. Author",), editors=("E. Editor",), publisher="P", place="X",
                year=2000, pages=10, isbn13="9780393301953", identifiers=identifiers)
    item = to_zotero_item(book)
    assert item["itemType"] == kind
    schema = Schema.load(shared_dir / RESPONSES / "zotero-schema" / "schema.json")
    fields = set(item) - {"itemType", "key", "version", "creators", "tags", "collections", "relations"}
    assert fields <= set(schema.fields[kind])  # the server refuses any other field
    assert {c["creatorType"] for c in item["creators"]} <= set(schema.creator_types[kind])
    assert "Bibtex Type" not in item.get("extra", "") and "Ris Type" not in item.get("extra", "")


def test_a_misc_entry_without_isbn_or_publisher_is_a_document() -> None:
    book = Book(title="T", year=2001, identifiers=(("bibtex_type", "misc"),))
    assert to_zotero_item(book)["itemType"] == "document"
