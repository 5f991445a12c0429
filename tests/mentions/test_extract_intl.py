"""Titles and names beyond English title case: diacritics, sentence case, Cyrillic, Greek, CJK."""

from __future__ import annotations

import pytest

from bibkit import extract

_READING_LIST = (
    "Books that changed how I think:\n"
    "\n"
    "Gabriel García Márquez, Cien años de soledad\n"
    "Albert Camus, La peste\n"
    "Umberto Eco, Il nome della rosa\n"
    "Thomas Mann, Der Zauberberg\n"
    "Lev Tolstoy, Война и мир\n"
    "Svetlana Alexievich, Secondhand time: the last of the Soviets\n"
)


def _pairs(text: str) -> list[tuple[str | None, str]]:
    return [(m.author, m.title) for m in extract(text)]


def test_plain_reading_list_in_several_languages() -> None:
    found = extract(_READING_LIST)
    assert [(m.author, m.title) for m in found] == [
        ("Gabriel García Márquez", "Cien años de soledad"),
        ("Albert Camus", "La peste"),
        ("Umberto Eco", "Il nome della rosa"),
        ("Thomas Mann", "Der Zauberberg"),
        ("Lev Tolstoy", "Война и мир"),
        ("Svetlana Alexievich", "Secondhand time"),
    ]
    assert found[-1].subtitle == "the last of the Soviets"
    assert all(_READING_LIST[m.start : m.end] == m.text for m in found)
    assert all(m.confidence >= 0.8 for m in found)


@pytest.mark.parametrize(
    ("line", "author", "title"),
    [
        ("Gabriel García Márquez, Cien años de soledad", "Gabriel García Márquez", "Cien años de soledad"),
        ("Albert Camus, La peste", "Albert Camus", "La peste"),
        ("Umberto Eco, Il nome della rosa", "Umberto Eco", "Il nome della rosa"),
        ("José Saramago, Ensaio sobre a cegueira", "José Saramago", "Ensaio sobre a cegueira"),
        ("Wisława Szymborska, Koniec i początek", "Wisława Szymborska", "Koniec i początek"),
        ("Лев Толстой, Война и мир", "Лев Толстой", "Война и мир"),
        ("Фёдор Достоевский, Преступление и наказание", "Фёдор Достоевский", "Преступление и наказание"),
        ("Νίκος Καζαντζάκης, Ο Καπετάν Μιχάλης", "Νίκος Καζαντζάκης", "Ο Καπετάν Μιχάλης"),
        ("Haruki Murakami, 海辺のカフカ", "Haruki Murakami", "海辺のカフカ"),
        ("Ludwig von Mises, Human action", "Ludwig von Mises", "Human action"),
        ("Miguel de Cervantes, Don Quijote de la Mancha", "Miguel de Cervantes", "Don Quijote de la Mancha"),
    ],
)
def test_bulleted_author_comma_title_in_any_script(line: str, author: str, title: str) -> None:
    assert _pairs(f"- {line}\n") == [(author, title)]


def test_sentence_case_title_dash_author_list() -> None:
    text = "My shelf:\n\n- Cien años de soledad - Gabriel García Márquez\n- La peste - Albert Camus\n"
    assert _pairs(text) == [
        ("Gabriel García Márquez", "Cien años de soledad"),
        ("Albert Camus", "La peste"),
    ]


def test_sentence_case_title_by_author_list() -> None:
    text = "- Cien años de soledad by Gabriel García Márquez\n- Il nome della rosa by Umberto Eco\n"
    assert _pairs(text) == [
        ("Gabriel García Márquez", "Cien años de soledad"),
        ("Umberto Eco", "Il nome della rosa"),
    ]


def test_author_colon_title_lines() -> None:
    text = "Reading list:\n\nGabriel García Márquez: Cien años de soledad\nAlbert Camus: La peste\n"
    assert _pairs(text) == [
        ("Gabriel García Márquez", "Cien años de soledad"),
        ("Albert Camus", "La peste"),
    ]


def test_sentence_case_with_year() -> None:
    assert [(m.author, m.title, m.year) for m in extract("- Albert Camus, La peste, 1947\n")] == [
        ("Albert Camus", "La peste", 1947)
    ]


def test_marked_titles_work_in_any_case() -> None:
    text = '- Albert Camus, *La peste*\n- Umberto Eco, "Il nome della rosa"\n- «Война и мир» by Lev Tolstoy\n'
    assert _pairs(text) == [
        ("Albert Camus", "La peste"),
        ("Umberto Eco", "Il nome della rosa"),
        ("Lev Tolstoy", "Война и мир"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Sentence openers and a lone surname before a lower-case clause.
        "I loved this summer.\n\nHonestly, the best thing about it was the ending.\n"
        "Obama, who wrote a memoir, was there.\n",
        "Recommendations:\n\n- Honestly, the best thing was the ending\n- Obama, who wrote his memoir\n",
        # A name, then a sentence that opens like one or carries on after the title.
        "Recommendations:\n\n- Albert Camus, This book changed my life\n- Albert Camus, La peste. Loved it\n",
        # A name-shaped line on its own between paragraphs of prose: no list around it.
        "We talked for hours about everything that mattered to us and went home late, tired.\n\n"
        "Mark Twain, Famous for his wit\n\n"
        "The rest of the evening was quiet and we talked about the weather and small matters.\n",
        # Neighbouring lines of prose that open with names are not entries.
        "Thanks for the recs!\nAnna Karlsson, Swedish by birth, told me\nJohn Smith, Senior engineer\n",
        "Dear Anna, Hope you are well\nBest, John\n",
        # Hard-wrapped prose: the line before runs on into the name.
        "I asked my friend about the war and she said that\nAlbert Camus, La peste was the one to read\n",
    ],
)
def test_prose_starting_with_a_name_and_a_comma_is_not_a_mention(text: str) -> None:
    assert extract(text) == []


def test_unmarked_title_dash_author_lines_support_each_other() -> None:
    # No list marker and no line announcing the list: the two entries are each other's context.
    text = "Cien años de soledad - Gabriel García Márquez\nLa peste - Albert Camus\n"
    assert _pairs(text) == [
        ("Gabriel García Márquez", "Cien años de soledad"),
        ("Albert Camus", "La peste"),
    ]
