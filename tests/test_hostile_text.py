"""Catalogue and input text never reaches a terminal or an output with escape sequences,
control or bidi-override characters, and only http(s) URLs are written anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.formats import dumps
from bibkit.model import Book
from bibkit.safetext import blank, clean, safe_url
from bibkit.zotero.items import to_zotero_item
from tests.servers.openlibrary import Answer, FakeRequest, FakeServices

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: write the terminal's clipboard
WINDOW_TITLE = "\x1b]0;pwned\x1b\\"
RED = "\x1b[31m"
OVERRIDE = "\u202e"  # right-to-left override
C1_CSI = "\x9b2J"
HOSTILE = (CLIPBOARD, WINDOW_TITLE, RED, OVERRIDE, "\x9b", "\x07", "\x00")


def _assert_inert(text: str) -> None:
    for bad in HOSTILE:
        assert bad not in text, (bad, text[:300])
    for scheme in ("javascript:", "data:", "file:"):
        assert scheme not in text


def test_clean_drops_whole_sequences_and_blank_keeps_offsets() -> None:
    dirty = f"The {RED}Prophet{OVERRIDE} Armed{CLIPBOARD}{C1_CSI}\tx\n"
    assert clean(dirty) == "The Prophet Armed\tx\n"
    assert clean("Dune\x07 Messiah\x00") == "Dune  Messiah "  # lone controls: spaces, as outputs write them
    assert len(blank(dirty)) == len(dirty)
    assert blank(dirty).split() == ["The", "Prophet", "Armed", "x"]
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<b>x</b>") is None
    assert safe_url(" JaVaScRiPt:alert(1)") is None
    assert safe_url("https://openlibrary.org/books/OL1M") == "https://openlibrary.org/books/OL1M"


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson", "ris"])
def test_every_output_format_is_inert(fmt: str) -> None:
    book = Book(
        title=f"Year One{CLIPBOARD} of the {OVERRIDE}Revolution",
        authors=(f"Victor {RED}Serge",),
        publisher=f"Haymarket{WINDOW_TITLE}",
        year=2015,
        url="javascript:alert(document.cookie)",
    )
    out = dumps([book], format=fmt)
    _assert_inert(out)
    assert "Year One of the Revolution" in out.replace("{", "").replace("}", "")


def test_zotero_items_are_inert() -> None:
    book = Book(title=f"Dune{CLIPBOARD}{OVERRIDE}", authors=("Frank Herbert",), url="data:text/html,x")
    item = to_zotero_item(book)
    _assert_inert(json.dumps(item, ensure_ascii=False))
    assert "url" not in item and item["title"] == "Dune"


def _poisoned(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: v + CLIPBOARD + WINDOW_TITLE + OVERRIDE
            if k == "title" and isinstance(v, str)
            else _poisoned(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_poisoned(v) for v in value]
    return value


def _poison(request: FakeRequest, answer: Answer) -> Answer:
    """A catalogue whose titles carry terminal escapes and bidi overrides, in every answer."""
    status, headers, body = answer
    if status != 200:
        return answer
    return status, headers, json.dumps(_poisoned(json.loads(body)), ensure_ascii=False).encode()


@pytest.mark.parametrize("as_json", [False, True])
def test_resolve_prints_catalogue_text_inert(
    fake_services: FakeServices, tmp_path: Path, as_json: bool
) -> None:
    fake_services.filters.append(_poison)
    source = tmp_path / "thread.txt"
    source.write_text(
        "Books I recommend:\n- Victor Serge, *Year One of the Russian Revolution*\n", encoding="utf-8"
    )
    args = ["--openlibrary-url", fake_services.url, "resolve", str(source)] + (["--json"] if as_json else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    _assert_inert(result.stdout)
    _assert_inert(result.stderr)
    if as_json:
        [record] = json.loads(result.stdout)
        assert record["book"]["title"] == "Year One of the Russian Revolution"


def test_escapes_in_the_input_reach_neither_table_nor_mention(tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(
        "Books I recommend:\n"
        f"- Victor Serge, *Year One of the {RED}Russian{OVERRIDE} Revolution{CLIPBOARD}*\n",
        encoding="utf-8",
    )
    table = CliRunner().invoke(cli, ["extract", str(source)])
    as_json = CliRunner().invoke(cli, ["extract", "--json", str(source)])
    assert table.exit_code == 0 and as_json.exit_code == 0
    _assert_inert(table.stdout)
    _assert_inert(as_json.stdout)
    [mention] = json.loads(as_json.stdout)
    assert "\x1b" not in mention["title"] and OVERRIDE not in mention["title"]
    assert "Russian" in mention["title"]
