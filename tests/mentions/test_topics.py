"""Titles that are also names of events, periods and subjects: the topic is not the book."""

from __future__ import annotations

from bibkit import extract


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in extract(text)]


def test_topic_asked_about_before_the_list_is_not_a_repeat() -> None:
    text = (
        "Someone asked for books on the Russian Revolution and the years after it. "
        "What I'd recommend:\n\n"
        "Victor Serge, Year One of the Russian Revolution\n"
        "Sheila Fitzpatrick, The Russian Revolution\n"
    )
    assert _found(text) == [
        ("author_comma_title", "Victor Serge, Year One of the Russian Revolution"),
        ("author_comma_title", "Sheila Fitzpatrick, The Russian Revolution"),
    ]


def test_topic_after_subject_nouns_and_time_prepositions() -> None:
    text = (
        "John Lewis Gaddis, The Cold War\n"
        "Mary Beard, The Roman Empire\n\n"
        "Gaddis is the best short history of the Cold War I know, and I'd take anything about "
        "the Roman Empire: Beard covers Britain during the Roman Empire, and "
        "the decades after the Cold War get a chapter too.\n"
    )
    assert [k for k, _ in _found(text)] == ["author_comma_title", "author_comma_title"]


def test_topic_named_before_the_book_without_its_author() -> None:
    text = (
        "I've been fascinated by the Cold War lately, so here is my shelf.\n\n"
        "John Lewis Gaddis, The Cold War\n"
    )
    assert [k for k, _ in _found(text)] == ["author_comma_title"]


def test_repeats_of_the_book_are_kept() -> None:
    text = (
        "Donna Tartt, The Goldfinch\n"
        "Tana French, The Likeness\n\n"
        "I can't stand the Goldfinch. This was a let-down after The Likeness.\n"
    )
    repeats = [t for k, t in _found(text) if k == "repeated_title"]
    assert repeats == ["the Goldfinch", "The Likeness"]


def test_lower_case_repeat_with_its_author_nearby_is_kept() -> None:
    text = (
        "I keep coming back to Gaddis and the Cold War, short as it is.\n\nJohn Lewis Gaddis, The Cold War\n"
    )
    assert ("repeated_title", "the Cold War") in _found(text)


def test_topic_prepositions_do_not_drop_titles_shaped_otherwise() -> None:
    text = (
        "Hilary Mantel, Wolf Hall\n\n"
        "Any more books on Wolf Hall would be welcome, and more about the Line of Beauty.\n"
        "Alan Hollinghurst, The Line of Beauty\n"
    )
    repeats = [t for k, t in _found(text) if k == "repeated_title"]
    assert repeats == ["Wolf Hall", "the Line of Beauty"]
