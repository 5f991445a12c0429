"""Scoring: the comparisons a librarian would make by eye."""

from __future__ import annotations

import pytest

from bibkit.match import author_agreement, names_agree, score, spell_ordinals, title_similarity
from bibkit.model import Book, Mention


def mention(title: str, author: str | None = None, subtitle: str | None = None) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, subtitle=subtitle)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("E. H. Carr", "Edward Hallett Carr"),
        ("Deutscher", "Isaac Deutscher"),
        ("Kojeve", "Alexandre Kojève"),
        ("Griffith", "David J. Griffiths"),
        ("Carr, E. H.", "Edward Hallett Carr"),
    ],
)
def test_compatible_names_agree(a: str, b: str) -> None:
    assert names_agree(a, b)


@pytest.mark.parametrize(("a", "b"), [("A. Smith", "Zadie Smith"), ("Carr", "Orr"), ("Pipes", "Fitzpatrick")])
def test_incompatible_names_disagree(a: str, b: str) -> None:
    assert not names_agree(a, b)


def test_a_mention_naming_two_people_agrees_with_either() -> None:
    assert author_agreement("Acemoglu and Robinson", ["James A. Robinson"]) == 1.0
    assert author_agreement("this author", ["Jon Krakauer"]) is None


def test_other_volume_of_a_trilogy_scores_far_below_the_named_one() -> None:
    armed = Book(title="The Prophet Armed", subtitle="Trotsky, 1879-1921", authors=("Isaac Deutscher",))
    unarmed = Book(title="The Prophet Unarmed", authors=("Isaac Deutscher",))
    m = mention("The Prophet Armed", "Deutscher")
    assert score(m, armed) >= 0.95
    assert score(m, unarmed) < 0.75


def test_case_articles_punctuation_markup_and_format_notes_do_not_count() -> None:
    book = Book(title="Cat's Cradle", authors=("Kurt Vonnegut",))
    assert title_similarity("cats cradle", book) == 1.0
    feynman = Book(title="The Feynman Lectures on Physics", authors=("Richard P. Feynman",))
    assert title_similarity("The Feynman Lectures on Physics (Boxed Set)", feynman) == 1.0
    assert (
        title_similarity("Jonathan Strange &amp; Mr Norrell", Book(title="Jonathan Strange & Mr Norrell"))
        == 1
    )


def test_subtitle_is_optional_on_either_side() -> None:
    book = Book(title="The Bolsheviks Come to Power", subtitle="The Revolution of 1917 in Petrograd")
    assert title_similarity("The Bolsheviks Come to Power", book) > 0.95
    short = Book(title="Red Petrograd")
    assert title_similarity("Red Petrograd: Revolution in the Factories", short) > 0.95


def test_wrong_author_is_never_a_match_however_good_the_title() -> None:
    book = Book(title="The Russian Revolution", authors=("Richard Pipes",))
    assert score(mention("The Russian Revolution", "Sheila Fitzpatrick"), book) < 0.35


def test_title_alone_scores_below_title_and_author() -> None:
    book = Book(title="The Russian Revolution", authors=("Sheila Fitzpatrick",))
    assert score(mention("The Russian Revolution"), book) < score(
        mention("The Russian Revolution", "Fitzpatrick"), book
    )


def test_year_hint_moves_the_score() -> None:
    book = Book(title="Hegel", authors=("Charles Taylor",), original_year=1975)
    base = score(mention("Hegel", "Taylor"), book)
    near = Mention(text="x", start=0, end=1, title="Hegel", author="Taylor", year=1975)
    far = Mention(text="x", start=0, end=1, title="Hegel", author="Taylor", year=2005)
    assert score(far, book) < base <= score(near, book)


def test_ordinals_are_spelt_out() -> None:
    assert spell_ordinals("Capital in the 21st Century") == "Capital in the twenty-first Century"
    book = Book(title="Capital in the Twenty-First Century", authors=("Thomas Piketty",))
    assert score(mention("Capital in the 21st Century", "Piketty"), book) > 0.95
