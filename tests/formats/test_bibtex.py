"""BibTeX and BibLaTeX output: fields, names, escaping, case protection, and safety properties."""

from __future__ import annotations

import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.formats import dumps
from bibkit.formats.bibfile import scan
from bibkit.formats.bibtex import bibtex_name
from bibkit.formats.latex import decode, escape, escape_words
from bibkit.model import Book
from bibkit.names import parse_name
from bibkit.text import clean

#: Every control sequence bibkit may emit; anything else in the output would be injected.
ALLOWED_MACROS = {
    "textbackslash", "textbraceleft", "textbraceright", "textasciitilde", "textasciicircum", "textless",
    "textgreater", "textendash", "textemdash", "textquoteleft", "textquoteright", "textquotedblleft",
    "textquotedblright", "ldots", "copyright", "dag", "ddag", "S", "P", "l", "L", "o", "O", "ss", "ae",
    "AE", "oe", "OE", "aa", "AA", "i", "j", "%", "&", "$", "#", "_", "'", "`", '"', "^", "~", "=", ".",
    "u", "r", "H", "v", "d", "c", "k", "b",
}  # fmt: skip


def _entries(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(ignore_nonstandard_types=False, common_strings=False, interpolate_strings=False)
    return list(bibtexparser.loads(text, parser=parser).entries)


def _balanced(value: str) -> bool:
    """Brace balance as BibTeX counts it: every brace, escaped or not."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_a_full_book_in_both_dialects(seed_books: tuple[Book, ...]) -> None:
    bib = {e["ID"]: e for e in _entries(dumps(seed_books, format="bibtex"))}
    blx = {e["ID"]: e for e in _entries(dumps(seed_books, format="biblatex"))}
    assert bib["sergeYearOneRussian2015"]["note"] == "Translated by Peter Sedgwick. First published 1930"
    assert blx["sergeYearOneRussian2015"]["translator"] == "Sedgwick, Peter"
    assert blx["sergeYearOneRussian2015"]["origdate"] == "1930"
    assert blx["sergeYearOneRussian2015"]["langid"] == "english"
    prophet = bib["deutscherProphetArmedTrotsky1954"]
    assert prophet["title"] == "The Prophet Armed: Trotsky, 1879{\\textendash}1921"
    assert blx["deutscherProphetArmedTrotsky1954"]["subtitle"] == "Trotsky, 1879–1921"
    assert bib["avrichAnarchistsRussianRevolution1973"]["ENTRYTYPE"] == "book"
    assert blx["avrichAnarchistsRussianRevolution1973"]["ENTRYTYPE"] == "collection"
    assert blx["avrichAnarchistsRussianRevolution1973"]["publisher"] == "Thames {and} Hudson"
    assert bib["avrichAnarchistsRussianRevolution1973"]["isbn"] == "9780500750018"
    carr_bib = bib["carrBolshevikRevolution191719231985"]
    assert (carr_bib["series"], carr_bib["number"]) == ("A History of Soviet Russia", "1")
    assert carr_bib["author"] == "Carr, E. H."


def test_editions_follow_each_dialect() -> None:
    second = Book(title="T", authors=("A B",), year=2000, edition="2nd ed.")
    phrase = Book(title="T", authors=("A B",), year=2000, edition="100th anniversary edition")
    bib = _entries(dumps([second, phrase], format="bibtex"))
    blx = _entries(dumps([second, phrase], format="biblatex"))
    assert [e["edition"] for e in bib] == ["Second", "100th anniversary"]
    assert [e["edition"] for e in blx] == ["2", "100th anniversary"]


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Isaac Deutscher", "Deutscher, Isaac"),
        ("Vincent van Gogh", "van Gogh, Vincent"),
        ("Martin Luther King, Jr.", "King, Jr., Martin Luther"),
        ("Brinch Hansen, Per", "{Brinch Hansen}, Per"),
        ("Institute of Physics and Engineering", "{Institute of Physics and Engineering}"),
        ("Simon & Schuster", "{Simon \\& Schuster}"),
        ("Kurt Gödel", 'G{\\"o}del, Kurt'),
        ("Smith, John, Jr., PhD", "{Smith, John, Jr., PhD}"),
    ],
)
def test_names_use_bibtex_syntax(display: str, expected: str) -> None:
    assert bibtex_name(parse_name(display), ascii=True) == expected


def test_names_parse_back_to_the_right_parts() -> None:
    from bibtexparser.customization import splitname

    parts = splitname(bibtex_name(parse_name("Vincent van Gogh")))
    assert (parts["first"], parts["von"], parts["last"]) == (["Vincent"], ["van"], ["Gogh"])
    parts = splitname(bibtex_name(parse_name("Martin Luther King, Jr.")))
    assert parts["jr"] == ["Jr."]


def test_capitals_that_styles_must_keep_are_braced() -> None:
    assert escape_words("A Guide to NATO and the USSR: McCarthy’s iPhone", ascii=True) == (
        "A Guide to {NATO} and the {USSR}: {McCarthy{\\textquoteright}s} {iPhone}"
    )
    german = Book(title="Über die Wissenschaft", authors=("Max Weber",), year=1919, language="de")
    [entry] = _entries(dumps([german], format="bibtex"))
    assert entry["title"] == '{{\\"U}ber die Wissenschaft}'
    [entry] = _entries(dumps([german], format="biblatex"))
    assert (entry["title"], entry["langid"]) == ("Über die Wissenschaft", "ngerman")


def test_ascii_and_utf8_output() -> None:
    book = Book(title="Łódź, Straße, Čapek — “R.U.R.”", authors=("Karel Čapek",), year=1920)
    ascii_text = dumps([book], format="bibtex")
    assert ascii_text.isascii()
    assert "{\\L}{\\'o}d{\\'z}, Stra{\\ss}e, {\\v{C}}apek {\\textemdash} " in ascii_text
    assert "{\\textquotedblleft}{R.U.R.}{\\textquotedblright}" in ascii_text
    utf8 = dumps([book], format="biblatex")
    assert "Łódź, Straße, Čapek — “{R.U.R.}”" in utf8
    assert dumps([book], format="biblatex", ascii=True).isascii()


def test_hostile_input_is_inert(hostile_books: tuple[Book, ...]) -> None:
    for fmt in ("bibtex", "biblatex"):
        text = dumps(hostile_books, format=fmt)
        scan(text)
        entries = _entries(text)
        assert len(entries) == len(hostile_books)
        macros = set(re.findall(r"\\([A-Za-z]+|.)", text))
        assert macros <= ALLOWED_MACROS, macros - ALLOWED_MACROS
        assert "^^" not in text
        for entry in entries:
            assert all(_balanced(v) for k, v in entry.items() if k not in ("ID", "ENTRYTYPE"))
        url = entries[4].get("url", "https://example.org/")
        assert re.fullmatch(r"https://[\w.~:/?\[\]@!$&'()*+,;=%-]+", url), url


def test_key_pattern_and_uniqueness_are_configurable() -> None:
    book = Book(title="The Prophet Armed", authors=("Isaac Deutscher",), year=1954)
    text = dumps([book, book, book], format="bibtex", key_pattern="auth + '_' + veryshorttitle.lower + year")
    assert [e["ID"] for e in _entries(text)] == ["Deutscher_prophet1954", "Deutscher_prophet1954a",
                                                 "Deutscher_prophet1954b"]
    text = dumps([book], taken_keys=["DEUTSCHERPROPHETARMED1954"])
    assert _entries(text)[0]["ID"] == "deutscherProphetArmed1954a"


# --- properties over arbitrary text ------------------------------------------------------------

_any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(title=_any_text, name=_any_text, publisher=_any_text, fmt=st.sampled_from(["bibtex", "biblatex"]),
       ascii=st.booleans())
def test_any_text_parses_back_to_the_same_text(title: str, name: str, publisher: str, fmt: str,
                                               ascii: bool) -> None:
    book = Book(title=title, authors=(name,), publisher=publisher, year=2000)
    text = dumps([book], format=fmt, ascii=ascii)
    scan(text)
    [entry] = _entries(text)
    fields = {k: v for k, v in entry.items() if k not in ("ID", "ENTRYTYPE")}
    assert all(_balanced(v) for v in fields.values())
    assert set(re.findall(r"\\([A-Za-z]+|.)", text)) <= ALLOWED_MACROS
    assert decode(entry["title"]) == clean(title)
    assert decode(entry.get("publisher", entry.get("howpublished", ""))) == clean(publisher)
    assert entry["year" if fmt == "bibtex" else "date"] == "2000"


@settings(max_examples=150, deadline=None)
@given(text=_any_text, ascii=st.booleans())
def test_escape_is_inverted_by_decode(text: str, ascii: bool) -> None:
    escaped = escape(text, ascii=ascii)
    assert _balanced(escaped)
    assert decode(escaped) == clean(text)
    assert decode(escape_words(text, ascii=ascii)) == clean(text)


def test_every_tex_special_has_its_inert_form() -> None:
    assert escape("\\ { } % & $ # _ ~ ^ < >") == (
        "{\\textbackslash} {\\textbraceleft} {\\textbraceright} \\% \\& \\$ \\# \\_ {\\textasciitilde} "
        "{\\textasciicircum} {\\textless} {\\textgreater}"
    )
    assert escape("a\r\nb\tc\x00d") == "a b c d"
