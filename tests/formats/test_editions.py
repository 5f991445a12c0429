"""Edition statements as catalogues and files spell them, read as one edition."""

from __future__ import annotations

import pytest

from bibkit.formats import editions


@pytest.mark.parametrize(
    ("statement", "number"),
    [
        ("2nd ed.", 2),  # The C Programming Language, as Prentice Hall prints it
        ("Second edition", 2),
        ("2", 2),
        ("3e", 3),  # the French "3e édition" without its noun
        ("12th edn", 12),
        ("Revised edition", None),
        ("100th anniversary edition", None),
        ("", None),
        (None, None),
    ],
)
def test_the_number_of_an_edition(statement: str | None, number: int | None) -> None:
    assert editions.number(statement) == number


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (22, "22nd"), (112, "112th")]
)
def test_ordinals(n: int, text: str) -> None:
    assert editions.ordinal(n) == text


def test_classic_bibtex_spells_out_the_first_twenty() -> None:
    assert editions.word(2) == "Second"
    assert editions.word(20) == "Twentieth"
    assert editions.word(21) == "21st"


def test_a_read_edition_is_kept_as_the_model_writes_it() -> None:
    assert editions.as_read("Second edition") == "2nd"
    assert editions.as_read("2") == "2nd"
    assert editions.as_read("Revised edition") == "Revised edition"
    assert editions.as_read(None) is None


def test_a_phrase_loses_the_word_the_styles_add() -> None:
    assert editions.phrase("Revised ed.") == "Revised"
    assert editions.phrase("Anniversary edition") == "Anniversary"
