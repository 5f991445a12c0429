"""What a catalogue is asked for a mention, step by step."""

from __future__ import annotations

from bibkit.model import Mention
from bibkit.queries import (
    AUTHOR_WORKS,
    author_query,
    distinctive_words,
    search_steps,
    search_surname,
    search_title,
)


def m(title: str, author: str | None = None, isbn: str | None = None) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, isbn=isbn)


def test_stress_marks_and_romanisation_ties_are_not_searched_for() -> None:
    assert search_title("Война́ и мир") == "Война и мир"
    assert search_title("Pedagogicheskai͡a︡ poėma") == "Pedagogicheskaia poėma"


def test_letters_that_carry_their_mark_keep_it() -> None:
    assert search_title("Cien años de soledad") == "Cien años de soledad"
    assert search_title("Czuła przewodniczka") == "Czuła przewodniczka"
    assert search_title("伝わるデザイン") == "伝わるデザイン"  # voiced kana are letters of their own


def test_notes_volumes_and_series_words_are_not_searched_for() -> None:
    assert search_title("The Feynman Lectures on Physics (Boxed Set)") == "The Feynman Lectures on Physics"
    assert search_title("A History of Soviet Russia, vol. 1") == "A History of Soviet Russia"
    assert search_title("the Culture novels") == "the Culture"
    assert search_title("Powder Mage trilogy") == "Powder Mage"


def test_distinctive_words_are_the_longest_of_the_main_title() -> None:
    assert distinctive_words("Jonathan Strange & Mr Norell") == "Jonathan Strange Norell"
    polish = "Burza w Twojej Głowie. Przerwij błędne koło negatywnych myśli"
    assert distinctive_words(polish) == "Burza Twojej Głowie"
    assert distinctive_words("Shaping Technology/Building Society: Studies in Sociotechnical Change") == (
        "Shaping Technology Building"
    )


def test_author_query_keeps_written_out_names_not_initials() -> None:
    assert author_query("E. H. Carr") == "Carr"
    assert author_query("Carr, Edward Hallett") == "Edward Hallett Carr"
    assert author_query("Stephen King") == "Stephen King"
    assert author_query("@StephenKing") == "King"
    assert author_query("this author") == ""


def test_a_mention_with_title_and_author_has_three_steps() -> None:
    steps = list(search_steps(m("Slaugterhouse-Five", "Kurt Vonnegut"), 10))
    assert [s.purpose for s in steps] == ["title and author", "the title's words", AUTHOR_WORKS]
    first, words, works = (s.query for s in steps)
    assert (first.title, first.author) == ("Slaugterhouse-Five", "Kurt Vonnegut")
    assert (words.title, words.best_author) == ("Slaugterhouse Five", None)
    assert (works.title, works.best_author) == ("", "Kurt Vonnegut")
    assert steps[2].limit > steps[0].limit  # room for a prolific author's books


def test_no_step_repeats_a_search() -> None:
    # The title's words are the whole title: asking them again would find the same.
    assert [s.purpose for s in search_steps(m("The Hobbit"), 10)] == ["title"]
    assert [s.purpose for s in search_steps(m("Jonathan Strange & Mr Norell"), 10)] == [
        "title",
        "the title's words",
    ]


def test_an_isbn_is_searched_as_it_is() -> None:
    assert len(list(search_steps(m("The Prophet Armed", "Deutscher", isbn="9781781683118"), 10))) == 1


def test_a_publisher_in_the_by_is_not_searched_as_the_author() -> None:
    first, *rest = search_steps(m("Building Walking Bass Lines", "Hal Leonard Corp."), 10)
    assert first.query.best_author is None
    assert AUTHOR_WORKS not in [s.purpose for s in rest]


def test_a_titled_search_asks_for_the_first_persons_surname_as_written() -> None:
    assert search_surname("E. H. Carr") == "Carr"
    assert search_surname("Beck, U. y Beck-Gernsheim, E.") == "Beck"
    assert search_surname("Martin Luther King Jr.") == "King"
    assert search_surname("this author") is None
    assert search_surname(None) is None


def test_the_title_words_keep_a_number_that_sets_a_short_title_apart() -> None:
    from bibkit.queries import distinctive_words, search_title

    assert distinctive_words("The 6:20 Man -- A Thriller") == "6 20 Man"
    assert distinctive_words("Fahrenheit 451") == "Fahrenheit 451"
    assert search_title("Cracking the Coding Interview, 6th Edition") == "Cracking the Coding Interview"
