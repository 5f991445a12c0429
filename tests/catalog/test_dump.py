"""Reading dump lines: the five columns, records mapped to rows, gzip told by content."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bibkit.catalog.dump import (
    author_row,
    decompressed,
    edition_row,
    numeric_key,
    open_raw,
    parse_line,
    work_row,
)
from bibkit.errors import InputError

RESPONSES = "reference/responses"


def _line(kind: str, key: str, record: dict[str, object], revision: int = 3) -> bytes:
    return f"{kind}\t{key}\t{revision}\t2021-06-18T22:46:46.648233\t{json.dumps(record)}\n".encode()


def test_real_author_lines_map_to_names(shared_dir: Path) -> None:
    lines = (shared_dir / RESPONSES / "openlibrary-dump-authors-excerpt.tsv").read_bytes().splitlines()
    rows = [author_row(parsed) for parsed in map(parse_line, lines) if parsed]
    assert [(r.id, r.name) for r in rows if r] == [
        (10000666, "Alexander A. Bove"),
        (10000704, "Angelika Juritsch"),
        (10001011, "Magnus Molasky"),
        (10001044, "Angelika Nickel"),
        (10001379, "Verena ller"),
    ]
    assert all(r and r.revision == 1 for r in rows)


def test_a_real_edition_record_keeps_what_citations_use(shared_dir: Path) -> None:
    record = json.loads((shared_dir / RESPONSES / "openlibrary-books-OL22853304M.json").read_text())
    parsed = parse_line(_line("/type/edition", record["key"], record, record["revision"]))
    row = edition_row(parsed) if parsed else None
    assert row is not None
    assert (row.id, row.work_id, row.title, row.publisher, row.place, row.year) == (
        22853304,
        13694821,
        "Slow reading",
        "Litwin Books",
        "Duluth, Minn",
        2009,
    )
    # Its ISBN-13s first, then the ISBN-10 (the same book as 9781936117369), no repeats.
    assert row.isbns == ("9780980200447", "9781936117369")
    assert (row.language, row.pages, row.oclc, row.lccn) == ("en", 92, "297222669", "2008054742")


def test_a_work_record_keeps_its_authors_and_first_year(shared_dir: Path) -> None:
    record = json.loads((shared_dir / RESPONSES / "openlibrary-works-OL15832982W.json").read_text())
    parsed = parse_line(_line("/type/work", record["key"], record, 5))
    row = work_row(parsed) if parsed else None
    assert row is not None
    assert (row.id, row.title, row.author_ids, row.first_year) == (15832982, "Sabriel", (382982,), 1995)


def test_lines_of_other_types_and_broken_lines_are_skipped() -> None:
    assert parse_line(_line("/type/redirect", "/books/OL1M", {"location": "/books/OL2M"})) is None
    assert parse_line(b"/type/edition\t/books/OL1M\t3\n") is None  # cut short
    broken = parse_line(b"/type/edition\t/books/OL1M\t3\t2021-01-01T00:00:00\t{not json\n")
    assert broken is not None and edition_row(broken) is None
    no_title = parse_line(_line("/type/edition", "/books/OL1M", {"key": "/books/OL1M"}))
    assert no_title is not None and edition_row(no_title) is None


def test_text_values_and_odd_shapes() -> None:
    record = {
        "key": "/books/OL7M",
        "title": "  Red   Petrograd ",
        "subtitle": {"type": "/type/text", "value": "Revolution in the Factories"},
        "publishers": ["", "Cambridge University Press"],
        "isbn_10": ["0-521-24759-4", "not an isbn"],
        "number_of_pages": "367",
        "works": [{"key": "/works/OL600W"}],
        "authors": [{"key": "/authors/OL9A"}, {"key": "/authors/OL9A"}],
    }
    parsed = parse_line(_line("/type/edition", "/books/OL7M", record))
    row = edition_row(parsed) if parsed else None
    assert row is not None
    assert row.title == "Red Petrograd" and row.subtitle == "Revolution in the Factories"
    assert row.publisher == "Cambridge University Press"
    assert row.isbns == ("9780521247597",)
    assert row.pages is None  # a string is not a page count
    assert row.author_ids == (9,)


def test_numeric_keys() -> None:
    assert numeric_key("/books/OL123M", "M") == 123
    assert numeric_key("OL45W", "W") == 45
    assert numeric_key("/books/OL123M", "W") is None
    assert numeric_key("/books/ia:foo", "M") is None
    assert numeric_key(None, "M") is None


@pytest.mark.parametrize("compress", [True, False])
def test_gzip_is_told_by_content_not_by_name(tmp_path: Path, compress: bool) -> None:
    line = _line("/type/author", "/authors/OL1A", {"key": "/authors/OL1A", "name": "Victor Serge"})
    path = tmp_path / "dump.txt"  # the same name either way
    path.write_bytes(gzip.compress(line) if compress else line)
    with open_raw(path) as raw:
        assert list(decompressed(raw)) == [line]


def test_a_missing_dump_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_raw(tmp_path / "missing.txt.gz")
