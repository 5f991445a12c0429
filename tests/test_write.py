"""``bibkit.write``: a bibliography file written as ``bibkit convert -o`` writes it, refused,
replaced or merged into as the command does, with the keys of what was written."""

from __future__ import annotations

from pathlib import Path

import pytest

import bibkit
from bibkit.errors import ConfigError, OutputExists

CARR = bibkit.Book(title="The Bolshevik Revolution, 1917-1923", authors=("E. H. Carr",), year=1985,
                   isbn13="9780393301953", publisher="W. W. Norton")  # fmt: skip
SERGE = bibkit.Book(title="Year One of the Russian Revolution", authors=("Victor Serge",), year=2015,
                    publisher="Haymarket Books")  # fmt: skip
BULGAKOV = bibkit.Book(title="Мастер и Маргарита", authors=("Михаил Булгаков",), year=1967)


def test_a_new_file_holds_what_dumps_gives_once_per_book_with_its_keys(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    done = bibkit.write([CARR, SERGE, CARR], out)
    assert out.read_text(encoding="utf-8") == bibkit.dumps([CARR, SERGE])
    assert done.format == "bibtex" and [book for _, book in done.entries] == [CARR, SERGE]
    assert all(f"@book{{{key}," in out.read_text(encoding="utf-8") for key, _ in done.entries)


def test_the_suffix_gives_the_format_and_ris_has_no_keys(tmp_path: Path) -> None:
    done = bibkit.write([CARR], tmp_path / "refs.ris")
    assert done.format == "ris" and done.entries == ((None, CARR),)
    assert "TI  - The Bolshevik Revolution, 1917-1923" in (tmp_path / "refs.ris").read_text(encoding="utf-8")
    assert bibkit.write([CARR], tmp_path / "refs.json").format == "csljson"


def test_an_existing_file_is_refused_replaced_with_force_or_merged_into(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    out.write_text("% mine\n", encoding="utf-8")
    with pytest.raises(OutputExists, match=r"refs\.bib exists; use --merge to add to it or --force"):
        bibkit.write([CARR], out)
    assert out.read_text(encoding="utf-8") == "% mine\n"

    replaced = bibkit.write([CARR], out, force=True)
    assert (tmp_path / "refs.bib.bak").read_text(encoding="utf-8") == "% mine\n"
    merged = bibkit.write([SERGE, CARR], out, merge=True)
    assert [book for _, book in merged.entries] == [SERGE]
    assert merged.present == ((CARR, replaced.entries[0][0]),)
    text = out.read_text(encoding="utf-8")
    assert text.count("@book{") == 2 and "Year One" in text


def test_a_dry_run_says_what_it_would_write_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    done = bibkit.write([CARR], out, dry_run=True)
    assert done.dry_run and [b for _, b in done.entries] == [CARR] and not out.exists()


def test_entries_an_ascii_bib_cannot_spell_are_named(tmp_path: Path) -> None:
    done = bibkit.write([CARR, BULGAKOV], tmp_path / "refs.bib")
    assert done.not_ascii == tuple(key for key, book in done.entries if book is BULGAKOV) != ()
    assert bibkit.write([CARR, BULGAKOV], tmp_path / "unicode.bib", ascii=False).not_ascii == ()
    assert bibkit.write([BULGAKOV], tmp_path / "refs.json").not_ascii == ()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"key_pattern": "auth.nosuch"}, "auth.nosuch"),
        ({"skip": ["title"]}, "cannot leave out field 'title'"),
        ({"merge": True, "format": "csljson"}, "--merge needs -o FILE.bib"),
        ({"merge": True, "force": True}, "--merge and --force exclude each other"),
    ],
)
def test_what_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        bibkit.Output.of(tmp_path / "refs.bib", **options)  # type: ignore[arg-type]
    assert not (tmp_path / "refs.bib").exists()


def test_standard_output_is_for_dumps_and_items_must_be_books(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="for standard output, print dumps"):
        bibkit.write([CARR], "-")
    mention = bibkit.Mention(text="Carr", start=0, end=4, title="The Bolshevik Revolution", author="Carr")
    with pytest.raises(TypeError, match=r"write\(\) takes books or resolutions, not Mention"):
        bibkit.write([mention], tmp_path / "refs.bib")
