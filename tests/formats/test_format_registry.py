"""The format registry: every format found by name, alias, suffix and content, and each one's
writer read back by its reader (one round-trip test over all formats, as pybtex's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from formats_samples import SEED_BOOKS

from bibkit.cli import cli
from bibkit.errors import ConfigError
from bibkit.formats import FORMATS, dumps, load_books
from bibkit.formats.inputs import input_kind
from bibkit.formats.registry import REGISTERED, Format, find, for_path, names, sniff

SUFFIX_OF = {"bibtex": ".bib", "biblatex": ".biblatex", "csljson": ".json", "ris": ".ris"}


def test_every_name_and_alias_finds_its_format_in_any_case() -> None:
    assert FORMATS == names() == ("bibtex", "biblatex", "csljson", "ris")
    for fmt in REGISTERED:
        for name in (fmt.name, *fmt.aliases):
            assert find(name) is fmt
            assert find(f" {name.upper()} ") is fmt
        assert find(fmt) is fmt
    assert find("json").name == "csljson"
    assert find("bib").name == "bibtex"


def test_an_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown format 'endnote' \(known: bibtex, biblatex, csljson, ris\)"
    ):
        find("endnote")


def test_no_name_or_suffix_names_two_formats() -> None:
    keys = [key for f in REGISTERED for key in (f.name, *f.aliases)]
    suffixes = [s for f in REGISTERED for s in f.suffixes]
    assert len(keys) == len(set(keys))
    assert len(suffixes) == len(set(suffixes))


def test_a_suffix_names_its_format() -> None:
    assert for_path("refs.BIB") is find("bibtex")
    assert for_path("refs.biblatex") is find("biblatex")
    assert for_path("refs.csl") is find("csljson")
    assert for_path("refs.ris") is find("ris")
    assert for_path("thread.txt") is None
    assert for_path("README") is None


def test_what_each_format_can_do() -> None:
    merges = [f.name for f in REGISTERED if f.merges]
    assert merges == ["bibtex", "biblatex"]
    assert names(keyed=True) == ("bibtex", "biblatex", "csljson")
    assert find("biblatex").reads_as == "bibtex"


@pytest.mark.parametrize("fmt", REGISTERED, ids=lambda f: f.name)
def test_each_writer_is_read_back_by_its_reader(fmt: Format, tmp_path: Path) -> None:
    text = dumps(SEED_BOOKS, format=fmt)
    back = fmt.loads(text, source="<test>")
    assert [b.full_title for b in back] == [b.full_title for b in SEED_BOOKS]
    assert [b.year for b in back] == [b.year for b in SEED_BOOKS]
    # A file of the format is read by its suffix, and by its content when the suffix says nothing.
    named = tmp_path / f"refs{SUFFIX_OF[fmt.name]}"
    named.write_text(text, encoding="utf-8")
    unnamed = tmp_path / "refs.data"
    unnamed.write_text(text, encoding="utf-8")
    assert load_books(named) == back
    assert load_books(unnamed) == back
    assert input_kind(text) == fmt.reads_as
    assert sniff(text) is find(fmt.reads_as)


def test_a_text_that_merely_starts_with_a_handle_is_no_bibliography() -> None:
    assert sniff("@deutscher said: read The Prophet Armed first") is None
    assert sniff("[1] Carr, The Bolshevik Revolution") is None


def test_convert_writes_the_format_the_output_suffix_names(tmp_path: Path) -> None:
    source = tmp_path / "in.ris"
    source.write_text(dumps(SEED_BOOKS, format="ris"), encoding="utf-8")
    books = load_books(source)
    runner = CliRunner()
    for out_name, fmt in (("out.biblatex", "biblatex"), ("out.csl", "csljson"), ("out.bib", "bibtex")):
        out = tmp_path / out_name
        result = runner.invoke(cli, ["-q", "convert", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8") == dumps(books, format=fmt)
