"""Google Books' recorded responses map to editions."""

from __future__ import annotations

import json
from pathlib import Path

from bibkit.sources.googlebooks import parse_volumes


def test_recorded_search_gives_one_edition_per_volume(shared_dir: Path) -> None:
    path = shared_dir / "reference" / "responses" / "googlebooks-volumes-q-children-of-time-2015.json"
    books = parse_volumes(json.loads(path.read_text(encoding="utf-8-sig")))
    assert [(b.title, b.language, b.isbn13) for b in books] == [
        ("Children of Time", "en", "9780316452502"),
        ("Dans la toile du temps", "fr", "9782072853319"),
    ]
    assert books[0].publisher == "Orbit" and books[0].year == 2018
    assert books[0].identifier("google_volume") == "49T5twEACAAJ"


def test_no_items_key_means_no_candidates() -> None:
    assert parse_volumes({"kind": "books#volumes", "totalItems": 0}) == ()
