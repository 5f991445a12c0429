"""Lists of people with their roles are not "Author, Title" entries."""

from __future__ import annotations

from bibkit import extract


def _titles(text: str) -> list[str]:
    return [m.title for m in extract(text)]


def test_team_list_with_roles_names_no_books() -> None:
    text = (
        "Our team:\n\n"
        "John Smith, Senior Engineer\n"
        "Mary Jones, Head of Sales\n"
        "Ada Lovelace, Chief Technology Officer\n"
    )
    assert extract(text) == []


def test_speakers_list_names_no_books() -> None:
    text = (
        "Speakers:\n- Jane Doe, Professor of History\n- Bob Lee, Editor-in-Chief\n- Ann Ray, Founder & CEO\n"
    )
    assert extract(text) == []


def test_unannounced_list_mostly_of_roles_names_no_books() -> None:
    text = (
        "Thanks to everyone who came along.\n\n"
        "John Smith, Senior Engineer\n"
        "Mary Jones, Head of Sales\n"
        "Sam Park, Product Designer\n"
    )
    assert extract(text) == []


def test_role_shaped_title_in_a_list_of_books_is_kept() -> None:
    text = (
        "Books for new engineering managers:\n\n"
        "William Larson, Staff Engineer\n"
        "Camille Fournier, The Manager's Path\n"
    )
    assert _titles(text) == ["Staff Engineer", "The Manager's Path"]


def test_role_shaped_title_among_other_titles_is_kept() -> None:
    text = (
        "William Larson, Staff Engineer\n"
        "Camille Fournier, The Manager's Path\n"
        "Andy Grove, High Output Management\n"
    )
    assert _titles(text) == ["Staff Engineer", "The Manager's Path", "High Output Management"]


def test_titles_that_merely_contain_role_words_are_kept() -> None:
    text = (
        "Our team's favourites:\n\n"
        "Charlotte Brontë, The Professor\n"
        "Heinrich Mann, Professor Unrat\n"
        "Boris Pasternak, Doctor Zhivago\n"
    )
    assert _titles(text) == ["The Professor", "Professor Unrat", "Doctor Zhivago"]
