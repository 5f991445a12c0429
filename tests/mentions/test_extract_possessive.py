"""Possessive mentions ("Orwell's Animal Farm") and reading verbs in running sentences."""

from __future__ import annotations

import pytest

from bibkit import extract


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Orwell's Animal Farm is short.", "Animal Farm"),
        ("Orwell's Animal Farm was great, read it", "Animal Farm"),
        # A title in sentence case still runs on when no verb follows its capitalised words.
        ("Domenico Losurdo’s Hegel and the freedom of moderns", "Hegel and the freedom of moderns"),
    ],
)
def test_a_sentence_going_on_after_the_title_is_no_part_of_it(text: str, title: str) -> None:
    assert [m.title for m in extract(text)] == [title]


def test_two_possessives_joined_by_and_are_two_books() -> None:
    found = extract("I also loved Thomas Hobbes' Leviathan and Locke's Second Treatise.")
    assert [(m.author, m.title, m.text) for m in found] == [
        ("Thomas Hobbes", "Leviathan", "Thomas Hobbes' Leviathan"),
        ("Locke", "Second Treatise", "Locke's Second Treatise"),
    ]
    found = extract("Pick up Thomas Hobbes’ Leviathan or Jeremy Bentham’s A Fragment on Government.")
    assert [(m.author, m.title) for m in found] == [
        ("Thomas Hobbes", "Leviathan"),
        ("Jeremy Bentham", "A Fragment on Government"),
    ]
    found = extract("Orwell's Animal Farm and Huxley's Brave New World are both short.")
    assert [(m.author, m.title) for m in found] == [("Orwell", "Animal Farm"), ("Huxley", "Brave New World")]


def test_and_inside_a_title_or_between_coauthors_stays() -> None:
    assert [(m.author, m.title) for m in extract("- Rowling's Harry Potter and the Philosopher's Stone")] == [
        ("Rowling", "Harry Potter and the Philosopher's Stone")
    ]
    assert [(m.author, m.title) for m in extract("Weis and Hickman’s The Death Gate Cycle is long")] == [
        ("Weis and Hickman", "The Death Gate Cycle")
    ]


def test_a_title_after_reading() -> None:
    found = extract("Currently reading The Name of the Rose and I'm hooked.")
    assert [(m.kind, m.title) for m in found] == [("cue_title", "The Name of the Rose")]
    assert extract("I'm reading Karl Marx again.") == []  # a name, not a title
