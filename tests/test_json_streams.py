"""JSON output is written entry by entry, and is byte for byte what it was when it was built as
one string: the CSL-JSON writer (against files today's code wrote, in ``tests/golden``), the
``--report`` file, and the JSON records of extract, resolve and check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cli import cli
from bibkit.formats import dump_chunks, dumps, write_file
from bibkit.jsonstream import Lazy, batched, pieces
from bibkit.model import Resolution, Status
from bibkit.report import account, report_chunks
from bibkit.safetext import blank, json_safe
from tests.servers.openlibrary import FakeServices
from tests.test_check_cli import BAD

sys.path.insert(0, str(Path(__file__).parent / "formats"))
from formats_samples import HOSTILE_BOOKS, SEED_BOOKS

GOLDEN = Path(__file__).parent / "golden"
BOOKS = SEED_BOOKS + HOSTILE_BOOKS
# Facts about real books, and what a hostile text or catalogue puts around them.
HOSTILE_TEXT = (
    "Books I recommend, with some noise:\n"
    "- Victor Serge, *Year One of the Russian Revolution*\n"
    "- Isaac Deutscher, *The Prophet Armed* (ISBN 978-1-78168-311-8)\n"
    "- Gabriel García Márquez, *El Otoño del Patriarca*\n"
    '- "Война и мир" by Лев Толстой\n'
    "- E. H. Carr, *What Is History?* \u2014 a \u201cclassic\u201d, bidi \u202eoverride\u202c, "
    "escape \x1b[31mred\x1b[0m, C1 \x85 and \x9b\n"
)


def test_csl_json_is_what_the_one_string_writer_wrote() -> None:
    assert dumps(BOOKS, format="csljson").encode("utf-8") == (GOLDEN / "books.json").read_bytes()
    chunks = list(
        dump_chunks(SEED_BOOKS, format="csljson", skip=["url", "isbn"], key_pattern="auth.lower + year")
    )
    assert len(chunks) > len(SEED_BOOKS)  # written entry by entry
    assert "".join(chunks).encode("utf-8") == (GOLDEN / "books-skip.json").read_bytes()


def test_convert_to_csl_json_writes_the_same_bytes_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    source = dumps(BOOKS, format="biblatex")
    golden = (GOLDEN / "convert.json").read_bytes()
    result = CliRunner().invoke(cli, ["convert", "-", "-f", "csljson"], input=source)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == golden
    out = tmp_path / "refs.json"
    written = CliRunner().invoke(cli, ["convert", "-", "-o", str(out)], input=source)
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == golden


@pytest.mark.parametrize(
    "value",
    [
        [],
        [{}],
        [[]],
        [{"a": [], "b": {}, "c": "line\nbreak \u202e \x85", "d": [1, [2, {"e": None}]]}, 3, "s", None, True],
        {"summary": 1, "items": [{"k": [1, 2]}, {"k": {}}], "more": {"q": []}},
    ],
)
def test_pieces_are_json_dumps_in_pieces(value: object) -> None:
    def lazy() -> object:  # the arrays made only as they are written
        if isinstance(value, list):
            return Lazy(iter(value))
        assert isinstance(value, dict)
        return {**value, "items": Lazy(iter(value["items"]))}

    for indent in (1, 2, 4):
        assert "".join(pieces(lazy(), indent=indent)) == json.dumps(value, ensure_ascii=False, indent=indent)
    assert "".join(batched(["a", "b", "c"], size=2)) == "abc" and list(batched([])) == []


def test_the_report_is_what_it_was(tmp_path: Path) -> None:
    resolutions = [
        Resolution(mention=bibkit.extract(HOSTILE_TEXT)[0], book=SEED_BOOKS[0], status=Status.RESOLVED,
                   confidence=0.9, reason="matched"),
        Resolution(mention=bibkit.extract(HOSTILE_TEXT)[1], status=Status.NOT_FOUND, reason="no candidate"),
    ]  # fmt: skip
    outcomes = account(resolutions, [("key2015", SEED_BOOKS[0])], text=HOSTILE_TEXT)
    data = {
        "bibkit_report": 1,
        "input": "list.md",
        "output": "refs.bib",
        "mentions": 2,
        "counts": {"written": 1, "not_found": 1},
        "outcomes": [o.to_dict() for o in outcomes],
    }
    report = tmp_path / "report.json"
    write_file(report, report_chunks(outcomes, source="list.md", output="refs.bib"))
    assert report.read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _as_before(records: list[dict[str, object]]) -> str:
    """What the command line printed when it built its JSON as one string."""
    return json_safe(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"


def test_extract_json_is_what_it_was(tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(source), "--json"])
    assert result.exit_code == 0, result.output
    mentions = bibkit.extract(blank(HOSTILE_TEXT))  # as the command line reads the text
    assert len(mentions) >= 4
    assert result.stdout == _as_before([m.to_dict() for m in mentions])


def test_resolve_and_check_json_are_what_they_were(fake_services: FakeServices, tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    base = ["--openlibrary-url", fake_services.url, "--no-cache"]
    resolved = CliRunner().invoke(cli, [*base, "resolve", str(source), "--json", "--source", "openlibrary"])
    assert resolved.exit_code == 0, resolved.output
    with bibkit.Session(fake_services.config(use_cache=False)) as session:
        expected = session.resolve(bibkit.extract(blank(HOSTILE_TEXT)))
    assert resolved.stdout == _as_before([r.to_dict() for r in expected])
    refs = tmp_path / "refs.bib"
    refs.write_text(BAD, encoding="utf-8")
    checked = CliRunner().invoke(cli, [*base, "check", str(refs), "--json", "--source", "openlibrary"])
    assert checked.exit_code == 1, checked.output
    with bibkit.Session(fake_services.config(use_cache=False)) as session:
        report = session.check(str(refs))
    assert len(report.findings) == 2
    assert checked.stdout == _as_before([f.to_dict() for f in report.findings])
