"""Lines that say "by": a title above its author's line, credits that name no author, and
bracketed notes that name a form other than a book."""

from __future__ import annotations

import pytest

from bibkit import extract


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(m.title, m.author) for m in extract(text)]


def test_a_capital_by_line_gives_the_title_above_its_author() -> None:
    text = "Next up:\n\nThe Overstory\n\nBy Richard Powers\n\nA novel about trees.\n"
    assert _found(text) == [("The Overstory", "Richard Powers")]


def test_a_quoted_title_line_above_a_by_line_takes_its_author() -> None:
    text = "“The Remains of the Day”\n\nBy Kazuo Ishiguro\n\nA butler looks back on his life.\n"
    assert _found(text) == [("The Remains of the Day", "Kazuo Ishiguro")]


def test_an_italic_or_bold_title_line_above_a_by_line_takes_its_author() -> None:
    assert _found("*Middlemarch*\nby George Eliot.\n") == [("Middlemarch", "George Eliot")]
    assert _found("**Beloved**\n\nBy Toni Morrison\n") == [("Beloved", "Toni Morrison")]
    assert _found("1. *Persuasion*\n\nby Jane Austen\n") == [("Persuasion", "Jane Austen")]


def test_a_by_line_is_never_a_mention_itself() -> None:
    assert extract("By Alice Walker\n") == []
    assert extract("Some thoughts\n\nBy Jane Q. Public.\n") == []


def test_a_by_line_with_more_on_it_gives_no_author_to_the_line_above() -> None:
    found = _found("“Beloved”\n\nBy Toni Morrison, my favourite\n")
    assert ("Beloved", "Toni Morrison") not in found


@pytest.mark.parametrize(
    "line",
    [
        "The Ice Storm. Directed by Ang Lee, 1997.",
        "Produced by the National Film Board of Canada",
        "Translated by Richard Pevear and Larissa Volokhonsky",
        "Published by Verso in 2012.",
        "Narrated by Trevor Noah",
    ],
)
def test_a_capitalised_credit_before_by_is_no_title(line: str) -> None:
    assert all(
        m.title not in ("Directed", "Produced", "Translated", "Published", "Narrated") for m in extract(line)
    )
    assert all(m.author is None for m in extract(line))


@pytest.mark.parametrize(
    ("line", "title", "author"),
    [
        ("Educated by Tara Westover", "Educated", "Tara Westover"),
        ("Prometheus Bound by Aeschylus", "Prometheus Bound", "Aeschylus"),
        ("Gone by Michael Grant", "Gone", "Michael Grant"),
        ("The Chosen by Chaim Potok", "The Chosen", "Chaim Potok"),
        ("Unbroken by Laura Hillenbrand", "Unbroken", "Laura Hillenbrand"),
    ],
)
def test_a_title_ending_in_a_participle_still_takes_its_author(line: str, title: str, author: str) -> None:
    assert _found(line) == [(title, author)]


@pytest.mark.parametrize(
    "text",
    [
        "1. The Lottery (short story) by Shirley Jackson\n2. Dune by Frank Herbert\n",
        "- Self-Reliance (essay)\n- Dune (1965)\n",
        "- Jaws (1975 film)\n- Dune (1965)\n",
        "- The Wire (TV series)\n- Dune (1965)\n",
        "- Ozymandias (poem, 1818)\n- Dune (1965)\n",
        "- Radiolab (podcast)\n- Dune (1965)\n",
        "I read *Dune* twice, then saw *Alien* (film).",
    ],
)
def test_a_note_naming_a_form_that_is_no_book_drops_the_mention(text: str) -> None:
    assert [m.title for m in extract(text)] == ["Dune"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("- Dune (novel)\n- Emma (1815)\n", "Dune"),
        ("- The Time Machine (novella)\n- Emma (1815)\n", "The Time Machine"),
        ("- Hamlet (play)\n- Emma (1815)\n", "Hamlet"),
        ("- Maus (graphic novel)\n- Emma (1815)\n", "Maus"),
        ("- Dubliners (short story collection)\n- Emma (1815)\n", "Dubliners"),
        ("- The Year of Magical Thinking (memoir)\n- Emma (1815)\n", "The Year of Magical Thinking"),
        ("1. Nine Stories (collection) by J. D. Salinger\n2. Emma by Jane Austen\n", "Nine Stories"),
    ],
)
def test_a_note_naming_a_book_form_keeps_the_mention(text: str, title: str) -> None:
    assert title in [m.title for m in extract(text)]
