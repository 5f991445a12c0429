"""Names: how bibkit splits, keys and compares the people a text or a catalogue names."""

from __future__ import annotations

import pytest

from bibkit.names import (
    agreement,
    display_form,
    from_parts,
    is_organisation,
    names_agree,
    parse_name,
    split_authors,
    surname_key,
    surname_of,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("E. H. Carr", "Edward Hallett Carr"),
        ("Deutscher", "Isaac Deutscher"),
        ("Kojeve", "Alexandre Kojève"),
        ("Griffith", "David J. Griffiths"),
        ("Carr, E. H.", "Edward Hallett Carr"),
        ("Ursula LeGuin", "Ursula K. Le Guin"),
        ("Hernando De Soto", "Hernando de Soto"),
    ],
)
def test_compatible_names_agree(a: str, b: str) -> None:
    assert names_agree(a, b)


@pytest.mark.parametrize(("a", "b"), [("A. Smith", "Zadie Smith"), ("Carr", "Orr"), ("Pipes", "Fitzpatrick")])
def test_incompatible_names_disagree(a: str, b: str) -> None:
    assert not names_agree(a, b)


def test_a_surname_whose_initials_conflict_is_neither_the_person_nor_another() -> None:
    assert agreement("A. Smith", "Zadie Smith") is None
    assert agreement("Pipes", "Richard Pipes") is True
    assert agreement("Pipes", "Sheila Fitzpatrick") is False
    assert agreement("Martha Well", "Martha Wells") is True  # a letter dropped, the given name vouches


def test_a_mention_splits_on_joins_and_on_commas_only_between_full_names() -> None:
    assert split_authors("Beck, U. y Beck-Gernsheim, E.") == ["Beck, U.", "Beck-Gernsheim, E."]
    assert split_authors("K. Knorr y A. Cicourel (eds.)") == ["K. Knorr", "A. Cicourel (eds.)"]
    assert split_authors("Christopher Alexander, Sara Ishikawa, Murray Silverstein")[1] == "Sara Ishikawa"
    assert split_authors("Carr, E. H.") == ["Carr, E. H."]
    assert split_authors("Acemoglu; Robinson") == ["Acemoglu", "Robinson"]
    assert split_authors("[Isaac Deutscher](#deutscher)") == ["Isaac Deutscher"]
    assert split_authors("[[Isaac Deutscher|Deutscher]]") == ["Isaac Deutscher"]
    assert split_authors("@StephenKing") == ["King"]
    assert split_authors("this author") == []
    assert split_authors(None) == []


def test_a_list_a_text_writes_splits_on_every_comma() -> None:
    assert split_authors("Becker, Posner", separator=",") == ["Becker", "Posner"]
    assert split_authors("Kernighan, Pike and Ritchie", separator=",") == ["Kernighan", "Pike", "Ritchie"]
    assert split_authors("Deleuze et Guattari", separator=",") == ["Deleuze", "Guattari"]
    # The same string read as a mention's author for matching is one inverted name.
    assert split_authors("Carr, Edward", separator=",") == ["Carr", "Edward"]
    assert split_authors("Carr, Edward") == ["Carr, Edward"]


def test_surnames_as_written_and_as_keys() -> None:
    assert surname_of("Carr, E. H.") == "Carr"
    assert surname_of("Martin Luther King Jr.") == "King"
    assert surname_of("A. Cicourel (eds.)") == "Cicourel"
    assert surname_of("  ") is None
    assert surname_of("E.H.Carr", last_word=True) == "Carr"
    assert surname_of("Martin Luther King Jr.", last_word=True) == "Jr."
    assert surname_key("Edward Hallett Carr") == surname_key("Carr, E. H.") == "carr"
    assert surname_key("Alexandre Kojève") == "kojeve"
    assert surname_key("Karin Knorr-Cetina") == "cetina"
    assert surname_key("Karin Knorr-Cetina", whole=True) == "knorr cetina"
    assert surname_key("Vincent van Gogh", whole=True) == "gogh"
    assert surname_key(" ", whole=True) == ""


def test_display_form_turns_an_inverted_one_word_surname_round() -> None:
    assert display_form("Rabinowitch,  Alexander") == "Alexander Rabinowitch"
    assert display_form("van Gogh, Vincent") == "van Gogh, Vincent"  # a two-word last name stays
    assert display_form("Isaac\nDeutscher") == "Isaac Deutscher"


def test_parts_join_into_the_form_the_parser_reads_back() -> None:
    assert from_parts("King", "Martin Luther, Jr.") == "King, Martin Luther, Jr."
    assert parse_name(from_parts("King", "Martin Luther, Jr.")).display == "Martin Luther King, Jr."
    assert from_parts("Plato", "") == "Plato"


def test_a_publisher_in_a_by_is_an_organisation() -> None:
    assert is_organisation("Hal Leonard Corp. Staff")
    assert is_organisation("Oxford University Press")
    assert not is_organisation("Isaac Deutscher")
    assert not is_organisation("Carr, E. H.")


@pytest.mark.parametrize(
    ("written", "catalogued"),
    [
        ("Алексей Николаевич Толстой", "Aleksey Nikolayevich Tolstoy"),  # Cyrillic, transliterated
        ("Лев Толстой", "Leo Tolstoy"),
        ("Л. Н. Толстого", "Leo Tolstoy"),  # initials, declined
        ("Владимир Войнович", "Vladimir Voinovich"),
        ("Cixin Liu", "刘慈欣"),  # Chinese: family name first, syllables run together
        ("Han Kang", "한강"),  # Korean, another romanisation of one syllable
        ("Cixin Liu", "Liu Cixin"),  # the same words in the other order
        ("SAİT FAİK ABASIYANIK", "Sait Faik Abasıyanık"),  # Turkish capitals, dotless i
    ],
)
def test_names_in_other_scripts_and_orders_agree(written: str, catalogued: str) -> None:
    assert agreement(written, catalogued) is True


def test_a_transliteration_that_does_not_agree_says_nothing_across_scripts() -> None:
    # Kanji names come out of a transliteration in their Chinese reading, Russian ones in one
    # of several spellings: neither proves two people differ.
    assert agreement("小川洋子", "Yōko Ogawa") is None
    assert agreement("Эрнест Хемингуэй", "Ernest Hemingway") is None
    # Within one script, disagreement stands.
    assert agreement("Лев Толстой", "Фёдор Достоевский") is False
    assert agreement("Josh Rosso", "Mauricio Salatino") is False


def test_a_name_in_a_script_without_capitals_is_a_name() -> None:
    assert split_authors("小川洋子") == ["小川洋子"]
    assert split_authors("this author") == []
