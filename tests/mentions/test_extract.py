"""One test per writing style the issue lists, on small hand-written fixtures."""

from __future__ import annotations

import pytest

from bibkit import extract
from bibkit.model import Mention


def _titles(text: str) -> list[str]:
    return [m.title for m in extract(text)]


def _one(text: str) -> Mention:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


def test_author_comma_title_lines() -> None:
    text = (
        "good books on the period:\n\n"
        "Victor Serge, Year One of the Russian Revolution\n"
        "Alexander Rabinowitch, The Bolsheviks in Power\n"
        "Rabinowitch, The Bolsheviks Come to Power\n"
        "E. H. Carr, The Bolshevik Revolution, 1917-1923\n"
        "S. A. Smith, Red Petrograd: Revolution in the Factories\n"
    )
    found = extract(text)
    assert [m.title for m in found] == [
        "Year One of the Russian Revolution",
        "The Bolsheviks in Power",
        "The Bolsheviks Come to Power",
        "The Bolshevik Revolution, 1917-1923",
        "Red Petrograd",
    ]
    assert found[2].author == "Rabinowitch"
    assert found[2].author_normalized == "Alexander Rabinowitch"
    assert found[3].author == "E. H. Carr"
    assert found[4].subtitle == "Revolution in the Factories"
    assert all(text[m.start : m.end] == m.text for m in found)


def test_author_comma_title_line_after_a_prose_line() -> None:
    # The prose line before it ends in a lower-case word, which made the entry look like the
    # tail of a wrapped sentence; the entry must be found wherever it stands.
    text = (
        "some great books to read on this period:\n"
        "Victor Serge, Year One of the Russian Revolution\n"
        "E. H. Carr, The Bolshevik Revolution, 1917-1923\n"
        "finally, Moshe Lewin's \"Lenin's Last Struggle\" is very good\n"
        "Jane Nobody, A Book That Was Never Written\n"
    )
    found = extract(text)
    assert [(m.author, m.title) for m in found][-1] == ("Jane Nobody", "A Book That Was Never Written")
    assert len(found) == 4


def test_wrapped_prose_line_starting_with_a_name_is_not_an_entry() -> None:
    text = (
        "When I was studying the period in college I read a great deal of secondary\n"
        "Hegel, Kant and Fichte were all on the syllabus that year for some reason\n"
    )
    assert extract(text) == []


def test_author_comma_italic_title_with_year() -> None:
    m = _one("1. Landsburg, *The Armchair Economist,* 1995. This book teaches you micro.")
    assert (m.author, m.title, m.year) == ("Landsburg", "The Armchair Economist", 1995)
    assert m.confidence >= 0.9


def test_title_by_author_in_a_sentence() -> None:
    m = _one("I just finished Age of Anger by Mishra, and I am excited.")
    assert (m.title, m.author) == ("Age of Anger", "Mishra")


@pytest.mark.parametrize(
    ("text", "title", "year"),
    [
        ("I loved The Gulag Archipelago (3 vols) by Aleksandr Solzhenitsyn.", "The Gulag Archipelago", None),
        ("- War and Peace (Maude translation) by Leo Tolstoy", "War and Peace", None),
        (
            "The Making of the English Working Class (1963) by E. P. Thompson",
            "The Making of the English Working Class",
            1963,
        ),
        ("Also *Capital* (Vol. 1) by Karl Marx is worth it.", "Capital", None),
    ],
)
def test_an_aside_in_brackets_before_by_is_no_part_of_the_title(
    text: str, title: str, year: int | None
) -> None:
    m = _one(text)
    assert (m.title, m.year) == (title, year)
    assert m.text.startswith(title) or m.text.startswith(f"*{title}*")  # the aside stays in the span


@pytest.mark.parametrize(
    ("line", "title", "author", "year"),
    [
        ("- Small Gods (Terry Pratchett)", "Small Gods", "Terry Pratchett", None),
        (
            "- The Making of the English Working Class (1963)",
            "The Making of the English Working Class",
            None,
            1963,
        ),
        ("- Why Nations Fail (Political institutions)", "Why Nations Fail", None, None),
        ("- Leviathan (Hobbes)", "Leviathan", None, None),  # one word: as often a subject as a name
        ("- Capital (Vol. 1)", "Capital", None, None),  # no sentence ends inside brackets
        ("- The Feynman Lectures on Physics (Kindle Edition)", "The Feynman Lectures on Physics", None, None),
        ("- The Prince (Penguin Classics)", "The Prince", None, None),
    ],
)
def test_a_note_in_brackets_after_a_listed_title(
    line: str, title: str, author: str | None, year: int | None
) -> None:
    m = _one(line)
    assert (m.title, m.author, m.year) == (title, author, year)
    assert m.text == line[2:]


def test_two_titles_on_a_line_each_leave_their_note() -> None:
    line = "* The Feynman Lectures on Physics (Boxed Set) and Feynman Lectures on Physics (Kindle Edition)"
    assert [(m.title, m.author, m.text) for m in extract(line)] == [
        ("The Feynman Lectures on Physics", None, "The Feynman Lectures on Physics (Boxed Set)"),
        ("Feynman Lectures on Physics", None, "Feynman Lectures on Physics (Kindle Edition)"),
    ]


def test_a_title_above_a_line_that_names_its_author() -> None:
    text = "1/\n\nSPQR\n\nby @wmarybeard\n\n2/\n\nThe March of Folly\n\nby Barbara W. Tuchman\n"
    found = [(m.title, m.author) for m in extract(text)]
    assert found == [("SPQR", "@wmarybeard"), ("The March of Folly", "Barbara W. Tuchman")]


def test_a_line_opening_with_by_is_not_always_an_author() -> None:
    assert extract("NASA\n\nby the way it rocks\n") == []


def test_lower_case_title_by_author() -> None:
    m = _one("Also, Touching the void by Joe Simpson is great!")
    assert (m.title, m.author) == ("Touching the void", "Joe Simpson")


def test_passive_by_is_not_a_title() -> None:
    assert extract("Should also mention it's narrated by Trevor Noah himself") == []


def test_title_dash_author() -> None:
    m = _one("Do Androids Dream of Electric Sheep? - Phillip K Dick")
    assert (m.title, m.author) == ("Do Androids Dream of Electric Sheep?", "Phillip K Dick")


def test_title_paren_author_year() -> None:
    m = _one("Try Capital in the Twenty-First Century (Piketty, 2013) for that.")
    assert (m.title, m.author, m.year) == ("Capital in the Twenty-First Century", "Piketty", 2013)


def test_possessive_with_quoted_title_containing_apostrophe() -> None:
    m = _one("finally, Moshe Lewin's \"Lenin's Last Struggle\" is very good")
    assert (m.author, m.title) == ("Moshe Lewin", "Lenin's Last Struggle")
    assert m.text == "Moshe Lewin's \"Lenin's Last Struggle\""


def test_possessive_unmarked_title() -> None:
    m = _one("* Taylor's Classical Mechanics (essential). A fantastic introduction.")
    assert (m.author, m.title) == ("Taylor", "Classical Mechanics")


@pytest.mark.parametrize(
    "text",
    [
        "I'd recommend *Reason and Revolution* by Herbert Marcuse.",
        "I'd recommend _Reason and Revolution_ by Herbert Marcuse.",
        "I'd recommend **Reason and Revolution** by Herbert Marcuse.",
        'I\'d recommend "Reason and Revolution" by Herbert Marcuse.',
        "I'd recommend “Reason and Revolution” by Herbert Marcuse.",
        "I'd recommend «Reason and Revolution» by Herbert Marcuse.",
        "I'd recommend „Reason and Revolution“ by Herbert Marcuse.",
        "I'd recommend [Reason and Revolution](https://www.amazon.com/dp/0391032828) by Herbert Marcuse.",
    ],
)
def test_marked_titles(text: str) -> None:
    m = _one(text)
    assert (m.title, m.author) == ("Reason and Revolution", "Herbert Marcuse")
    assert m.confidence >= 0.9


def test_link_list_with_isbn_in_amazon_url() -> None:
    text = (
        "### Fundamentals\n\n"
        "* [Code: The Hidden Language of Computer Hardware and Software](https://www.amazon.com/Code/dp/0735611319)\n"
        "* [So You Want To Learn Physics](https://example.org/blog/2016/physics)\n"
    )
    m = _one(text)
    assert (m.title, m.subtitle) == ("Code", "The Hidden Language of Computer Hardware and Software")
    assert m.isbn == "9780735611313"


def test_isbn_printed_after_title() -> None:
    m = _one("* Thinking, Fast and Slow by Daniel Kahneman, ISBN 978-0-374-53355-7")
    assert m.isbn == "9780374533557"


def test_bare_titles_in_a_list() -> None:
    text = (
        "A good book:\n\n* ages very well\n* explains complex concepts\n\n"
        "## Picks\n\n* Code Complete\n* Clean Code\n"
    )
    assert _titles(text) == ["Code Complete", "Clean Code"]


def test_one_line_replies() -> None:
    text = "The Perfect Storm\n\nGreat read! 208 pages\n\nThank you!\n\nSlaughterhouse Five\n"
    assert _titles(text) == ["The Perfect Storm", "Slaughterhouse Five"]


def test_repeated_title_lower_case_article_and_line_break() -> None:
    text = (
        "### [Lincoln in the Bardo](https://www.amazon.com/gp/product/B01FPH2N0C) by George Saunders\n\n"
        "Everyone loved the book, but I don't like Lincoln in the\nBardo at all.\n"
    )
    found = extract(text)
    assert [m.title for m in found] == ["Lincoln in the Bardo", "Lincoln in the\nBardo".replace("\n", " ")]
    assert found[1].text == "Lincoln in the\nBardo"


def test_repeated_title_with_its_small_words_capitalised() -> None:
    text = "Gone with the Wind by Margaret Mitchell.\n\nI wrote a long review of Gone With The Wind.\n"
    found = extract(text)
    assert [(m.kind, m.text) for m in found] == [
        ("title_by_author", "Gone with the Wind by Margaret Mitchell"),
        ("repeated_title", "Gone With The Wind"),
    ]
    # Only the small words: the others keep their case ("gone with the wind" is no repeat).
    assert len(extract("Gone with the Wind by Margaret Mitchell.\n\nThat was gone with the wind.\n")) == 1


def test_misspelt_repetition() -> None:
    text = (
        "### [Lincoln in the Bardo](https://www.amazon.com/gp/product/B01FPH2N0C)\n\n"
        "or to skip Lincoln on the Bardo, honestly.\n"
    )
    assert [m.title for m in extract(text)] == ["Lincoln in the Bardo", "Lincoln on the Bardo"]


def test_non_english_titles() -> None:
    text = "* Война и мир by Лев Толстой\n* 宇宙的琴弦\n* Les Misérables by Victor Hugo\n"
    found = extract(text)
    assert [m.title for m in found] == ["Война и мир", "宇宙的琴弦", "Les Misérables"]
    assert found[0].author == "Лев Толстой"


def test_not_mentions() -> None:
    text = (
        'in the words of churchill, "strangle the infant Bolshevism in its crib".\n'
        'whining about "omg lenin was PURE EVIL HE WAS A MONSTER", I attach no significance\n'
        "You can follow @zei_squirrel.\n"
        "Latest Threads Unrolled:\n"
        'I did a talk titled "The Books That Every Programmer Should Read" last year.\n'
        "## Classical Mechanics\n"
        "Check out https://example.com/books and #ReadABookDay\n"
        "Hyppolite and Harris are two of the most important commentaries.\n"
    )
    assert extract(text) == []


def test_series() -> None:
    text = (
        "### [Look to Windward](https://www.amazon.com/gp/product/B003MQM7A0) by Iain M. Banks\n\n"
        "I thought I'd read all of the Culture novels long ago.\n"
    )
    found = extract(text)
    assert [m.kind for m in found] == ["title_by_author", "series"]


def test_abbreviation_of_known_title() -> None:
    text = (
        "1. Friedman, *Capitalism and Freedom,* 1962.\n"
        "2. Friedman, *Free to Choose,* 1980. A companion to C&F.\n"
    )
    assert [m.title for m in extract(text)] == ["Capitalism and Freedom", "Free to Choose", "C&F"]


def test_offsets_slice_source() -> None:
    text = "x\r\n* “The Goldfinch” by Donna Tartt\r\n* Piranesi by Susanna Clarke!\r\n"
    for m in extract(text):
        assert text[m.start : m.end] == m.text


def test_pathological_long_line_completes() -> None:
    unit = "The Book of Names by Ann Lee's \"Red *Title 'Of* The\" [Link](http://x) and Ab, Cd: Ef - Gh "
    line = (unit * (200_000 // len(unit) + 1))[:200_000]
    found = extract(line)
    assert found
    assert all(line[m.start : m.end] == m.text for m in found)


def test_title_by_handle_in_a_numbered_thread() -> None:
    text = (
        "Day 1: Skin in the Game by @somewriter - not new but worth it.\n\n"
        "Day 2: Money by Felix Martin. I love the theory of money.\n"
    )
    assert [(m.title, m.author) for m in extract(text)] == [
        ("Skin in the Game", "@somewriter"),
        ("Money", "Felix Martin"),
    ]


def test_title_dash_author_followed_by_a_comment() -> None:
    text = (
        "1- The Prize - Daniel Yergin. This is the history of oil and the oil market, and a long "
        "read that explains a great deal about the last hundred years of politics and money.\n"
        "Vol. I: The Ancient World — Susan Wise Bauer — Best history ever.\n"
    )
    found = extract(text)
    assert [(m.title, m.author) for m in found] == [
        ("The Prize", "Daniel Yergin"),
        ("Vol. I", "Susan Wise Bauer"),
    ]
    assert found[1].subtitle == "The Ancient World"


def test_possessive_inside_a_title_is_not_an_author() -> None:
    m = _one("12/\n\nAn Ancestor’s Tale\n\nby Richard Dawkins\n")
    assert m.title == "An Ancestor’s Tale"
    assert m.author == "Richard Dawkins"  # from the line below, not "Ancestor"
    assert _one("12/\n\nAn Ancestor’s Tale\n").author is None


def test_title_comma_author_when_the_name_is_on_the_right() -> None:
    text = "These were my standouts:\n\n2. Replay, Ken Grimwood\n\n3. Swan Song, Robert R. McCammon\n"
    assert [(m.title, m.author) for m in extract(text)] == [
        ("Replay", "Ken Grimwood"),
        ("Swan Song", "Robert R. McCammon"),
    ]


def test_post_title_dateline_and_shelf_headings_are_not_books() -> None:
    text = (
        "Tuesday, October 11, 2016\n\n"
        "Ten Books I Read Based on Recommendations\n\n"
        "I decided to highlight books I've read because friends, family or coworkers "
        "recommended them. Here are some of those!\n\n"
        "Historical Fiction\n"
        "“The Killer Angels” — Michael Shaara — accurate and luminous.\n"
        "Follow\n"
    )
    assert [(m.title, m.author) for m in extract(text)] == [("The Killer Angels", "Michael Shaara")]


def test_title_set_off_by_a_dash_and_a_comment() -> None:
    text = (
        "My two favorite history books are:\n"
        "Eyewitness to History - It’s a collection of hundreds of first-hand accounts of historical "
        "events dating back to ancient times, and a great gateway history book for anyone.\n"
    )
    assert _titles(text) == ["Eyewitness to History"]


def test_titles_enumerated_after_a_colon_announcing_books() -> None:
    text = (
        "I read 4 books in this series this year: The Cruelest Month, A Rule Against Murder, "
        "Bury Your Dead, and The Brutal Telling. Each is better than the one before.\n"
    )
    assert _titles(text) == [
        "The Cruelest Month",
        "A Rule Against Murder",
        "Bury Your Dead",
        "The Brutal Telling",
    ]


def test_names_enumerated_after_a_colon_are_not_titles() -> None:
    assert extract("The authors I read most this year: Karl Marx, Max Weber and Emile Durkheim.\n") == []


def test_bulleted_author_colon_title_keeps_the_author() -> None:
    text = (
        "Novels that stayed with me:\n\n"
        "- Albert Camus: The Plague\n- Fyodor Dostoevsky: Crime and Punishment\n- Toni Morrison: Beloved\n"
    )
    found = [(m.author, m.title) for m in extract(text)]
    assert found == [
        ("Albert Camus", "The Plague"),
        ("Fyodor Dostoevsky", "Crime and Punishment"),
        ("Toni Morrison", "Beloved"),
    ]


def test_subject_labels_of_a_list_are_not_authors() -> None:
    text = (
        "Where to start, by subject:\n\n"
        "- Ancient History: The Histories\n- Modern Physics: Six Easy Pieces\n"
        "- Economics: The Wealth of Nations\n- Astronomy: The Cosmic Perspective by Bennett\n"
    )
    found = [(m.author, m.title) for m in extract(text)]
    assert [title for _, title in found] == [
        "The Histories",
        "Six Easy Pieces",
        "The Wealth of Nations",
        "The Cosmic Perspective",
    ]
    assert [author for author, _ in found] == [None, None, None, "Bennett"]


def test_a_series_named_by_a_medium_is_no_book_series() -> None:
    found = extract("I did not watch the TV series, but I read the Culture novels.")
    assert [(m.kind, m.text) for m in found] == [("series", "Culture novels")]


@pytest.mark.parametrize("heading", ["What I Read in 2019", "My Year in Books"])
@pytest.mark.parametrize("dateline", ["", "Tuesday, October 11, 2016\n\n", "2016-10-11\n\n"])
def test_a_post_title_under_a_dateline_is_no_book(heading: str, dateline: str) -> None:
    prose = "For the second year in a row my reading trended down, and here is what stayed with me.\n"
    assert extract(f"{dateline}{heading}\n\n{prose}") == []


def test_a_date_in_numbers_is_no_title_but_a_number_is() -> None:
    found = extract("- 11/10/2016\n- 1984\n- Red Petrograd\n")
    assert [m.title for m in found] == ["1984", "Red Petrograd"]
