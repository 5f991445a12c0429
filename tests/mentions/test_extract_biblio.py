"""Bibliography entries in reading lists and syllabi, and asides before a dash and its author."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit import extract
from bibkit.mentions.layout import Line, find_frames
from bibkit.mentions.rules import (
    _bibliography_head,
    _entry_with_author,
    _ListBlock,
    _may_open_bibliography,
    _may_pair_author,
)
from bibkit.model import Mention


def _one(text: str) -> Mention:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("line", "title", "author", "year"),
    [
        (
            "Dawkins, Richard. The Selfish Gene. Oxford University Press, 1976.",
            "The Selfish Gene",
            "Richard Dawkins",
            1976,
        ),
        (
            "Angelou, Maya. I Know Why the Caged Bird Sings. New York: Random House, 1969.",
            "I Know Why the Caged Bird Sings",
            "Maya Angelou",
            1969,
        ),
        (
            "Marx, Karl and Friedrich Engels. The Communist Manifesto. Penguin, 2002.",
            "The Communist Manifesto",
            "Karl Marx and Friedrich Engels",
            2002,
        ),
        (
            "Fanon, Frantz. The Wretched of the Earth. Trans. Richard Philcox. Grove, 2004.",
            "The Wretched of the Earth",
            "Frantz Fanon",
            2004,
        ),
        ("Carr, E. H. What Is History? Vintage, 1967.", "What Is History?", "E. H. Carr", 1967),
        (
            "Le Guin, Ursula K. The Dispossessed. Harper & Row, 1974.",
            "The Dispossessed",
            "Ursula K. Le Guin",
            1974,
        ),
        (
            "Smith, Adam. The Wealth of Nations, 2nd ed. London: Strahan, 1778.",
            "The Wealth of Nations",
            "Adam Smith",
            1778,
        ),
        (
            "Solzhenitsyn, Aleksandr. The Gulag Archipelago, Vol. 1. Harper, 1974.",
            "The Gulag Archipelago",
            "Aleksandr Solzhenitsyn",
            1974,
        ),
    ],
)
def test_inverted_author_then_title_sentence(line: str, title: str, author: str, year: int) -> None:
    m = _one(line)
    assert (m.title, m.author_normalized, m.year, m.kind) == (title, author, year, "bibliography_entry")


def test_title_with_subtitle_and_abbreviation_runs_to_its_full_stop() -> None:
    m = _one("Kidder, Tracy. Mountains Beyond Mountains: The Quest of Dr. Paul Farmer. Random House, 2003.")
    assert (m.title, m.subtitle, m.author_normalized) == (
        "Mountains Beyond Mountains",
        "The Quest of Dr. Paul Farmer",
        "Tracy Kidder",
    )


def test_emphasised_title_and_year_in_an_aside() -> None:
    m = _one("Dawkins, Richard. *The Selfish Gene*. Oxford University Press.")
    assert (m.title, m.author_normalized, m.confidence) == ("The Selfish Gene", "Richard Dawkins", 0.95)
    m = _one("Orwell, George. Nineteen Eighty-Four (1949). Penguin Modern Classics.")
    assert (m.title, m.year) == ("Nineteen Eighty-Four", 1949)


@pytest.mark.parametrize(
    ("line", "title", "author"),
    [
        ("Dante. The Inferno. Trans. John Ciardi.", "The Inferno", "Dante"),
        ("Homer. The Odyssey. Trans. Robert Fagles. Penguin, 1996.", "The Odyssey", "Homer"),
        ("Virgil. The Aeneid, trans. Robert Fitzgerald.", "The Aeneid", "Virgil"),
    ],
)
def test_single_name_author_with_a_translator(line: str, title: str, author: str) -> None:
    m = _one(line)
    assert (m.title, m.author) == (title, author)


def test_single_word_without_a_credit_is_no_author() -> None:
    found = extract("Hamlet. Director Kenneth Branagh. Columbia Pictures, 1996.")
    assert all(m.kind != "bibliography_entry" for m in found)


def test_a_given_name_is_never_a_title() -> None:
    text = (
        "Reading list:\n"
        "Orwell, George. Nineteen Eighty-Four. London: Secker & Warburg, 1949.\n"
        "Darwin, Charles. “Natural Selection.” In On the Origin of Species. London: Murray, 1859.\n"
        "Huxley, Aldous. Brave New World. Chatto & Windus, 1932.\n"
    )
    titles = [m.title for m in extract(text)]
    assert "George" not in titles and "Charles" not in titles and "Aldous" not in titles
    assert "Nineteen Eighty-Four" in titles and "Brave New World" in titles


def test_list_items_of_entries() -> None:
    text = "- Arendt, Hannah. The Origins of Totalitarianism.\n- Berlin, Isaiah. The Hedgehog and the Fox.\n"
    found = extract(text)
    assert [(m.title, m.author_normalized) for m in found] == [
        ("The Origins of Totalitarianism", "Hannah Arendt"),
        ("The Hedgehog and the Fox", "Isaiah Berlin"),
    ]


def test_author_comma_title_is_still_read() -> None:
    m = _one("George Orwell, Animal Farm")
    assert (m.title, m.author) == ("Animal Farm", "George Orwell")
    # A comment, not a title, after the full stop: no bibliography entry.
    assert all(m.kind != "bibliography_entry" for m in extract("Orwell, Animal Farm. Loved it."))


def test_prose_greeting_is_no_entry() -> None:
    assert [m.title for m in extract("Thanks, John. Great Point About Books.")] != ["Great Point About Books"]


@pytest.mark.parametrize(
    ("line", "title", "author", "year"),
    [
        ("Leviathan (1651) - Thomas Hobbes", "Leviathan", "Thomas Hobbes", 1651),
        ("The Prince (1532) – Niccolò Machiavelli", "The Prince", "Niccolò Machiavelli", 1532),
        ("The Republic (circa 375 B.C.) — Plato", "The Republic", "Plato", None),
        ("Capital (Vol. 1) - Karl Marx", "Capital", "Karl Marx", None),
    ],
)
def test_aside_before_a_dash_and_author(line: str, title: str, author: str, year: int | None) -> None:
    m = _one(line)
    assert (m.title, m.author, m.year, m.kind) == (title, author, year, "title_dash_author")


_BIB_PIECES = st.sampled_from(
    [
        *("Homer", "Dante Alighieri", "The Odyssey", "É", "a", "Smith", "J.", "1999", "(1999)"),
        *(
            ". ",
            ", ",
            ".",
            " ",
            "Trans. ",
            "trans. ",
            "Tr. ",
            "Ed. ",
            "Eds. ",
            "edited by ",
            "Translated by ",
        ),
        *(" and ", "“", "*T*", "\u2003"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_BIB_PIECES, min_size=1, max_size=8).map("".join))
def test_running_text_without_entry_shape_yields_no_bibliography_entry(body: str) -> None:
    line = Line(0, len(body), 0, "text")
    frames = find_frames(body, 0, len(body))
    block = _ListBlock(body, line, [line], 0)
    if not _may_pair_author(body):
        assert _entry_with_author(body, line, frames, set(), block, whole_line=True) == []


_HEAD_PIECES = st.sampled_from(
    [
        *("Angelou", "Le", "de", "Maya", "E.", "H.", "K.", "O'Brien", "Jean-Paul", "Émile", "the", "to"),
        *(", ", ",", " ", "\t", ". ", ".", ".\t", " and ", " & ", "Title", "x"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_HEAD_PIECES, min_size=1, max_size=10).map("".join))
def test_the_bibliography_gate_is_necessary(body: str) -> None:
    """Where the cheap test rules a line out, the head patterns find nothing either."""
    if not _may_open_bibliography(body):
        head = _bibliography_head(body, 0, len(body))
        # (A single name needs a credit too, which the gate asks for and the pattern does not.)
        assert head is None or head[1], (body, head)
