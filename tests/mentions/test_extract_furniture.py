"""Dates and forum furniture (counts, ranks, quote headers, posters' names) are no titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibkit import extract
from bibkit.mentions.layout import _FURNITURE_LAST, _furniture, split_lines
from bibkit.mentions.lexicon import _DATE_PHRASE, _DATE_TOKEN, DATE_WORDS, SEASON_WORDS, is_date_phrase


def _titles(text: str) -> list[str]:
    return [m.title for m in extract(text)]


@pytest.mark.parametrize(
    "phrase",
    [
        "2 Jan 2020",
        "Jul 26 2011",
        "Fall 2006",
        "Tuesday, October 11, 2016",
        "March 3rd",
        "Sept. 5",
        "Winter 1999",
    ],
)
def test_date_phrases(phrase: str) -> None:
    assert is_date_phrase(phrase)


@pytest.mark.parametrize(
    "phrase", ["1776", "1984", "2001", "The Guns of August", "March", "Autumn", "May Sarton", "12 Rules", ""]
)
def test_no_date_phrases(phrase: str) -> None:
    assert not is_date_phrase(phrase)


def test_date_lines_in_a_list_are_no_titles() -> None:
    text = "- 3 Feb 2019\n- Fall 2006\n- Monday, June 1, 2020\n- March 3rd\n"
    text += "- 1776\n- 2001\n- The Guns of August\n"
    assert _titles(text) == ["1776", "2001", "The Guns of August"]


def test_dated_post_line_is_no_title() -> None:
    text = "My reading year\n\n14 Mar 2021\n\nLast year I managed to read more books than ever before.\n"
    text += "Most of them on the train, some in the garden, a few in bed late at night."
    assert _titles(text) == []


def test_date_shaped_title_marked_or_authored_stays() -> None:
    assert _titles("I finally read *August 1914* last winter.") == ["August 1914"]
    assert _titles("August 1914 by Aleksandr Solzhenitsyn") == ["August 1914"]


def test_date_after_a_colon_dates_a_heading() -> None:
    assert _titles("Course Reader: Spring 2009\n\nIntro Sociology Pack: Winter 2010\n") == []


def test_date_prefix_of_a_reply_is_no_part_of_the_title() -> None:
    text = "  Mar 3 2014: Cosmos by Carl Sagan opened my eyes.\n  Mar 4 2014: Hyperion\n"
    found = extract(text)
    assert [(m.title, m.author) for m in found] == [("Cosmos", "Carl Sagan"), ("Hyperion", None)]
    assert found[0].text.startswith("Cosmos")


def test_single_month_label_is_left_alone() -> None:
    lines = split_lines("January: Dune\n")
    assert lines[0].content_start == 0


@pytest.mark.parametrize(
    "line",
    ["1 Like", "3 Likes", "12 points", "5 replies", "Like Reply", "2 Likes · Reply", "Reply Share Report"],
)
def test_reaction_lines_are_meta(line: str) -> None:
    assert split_lines(line)[0].role == "meta"
    assert extract(f"Dune\n\n{line}\n") and _titles(f"{line}\n") == []


@pytest.mark.parametrize("line", ["Reply", "Like", "The Member of the Wedding", "Points of View", "Member"])
def test_lone_buttons_and_titles_are_not_meta(line: str) -> None:
    assert split_lines(line)[0].role != "meta"


@pytest.mark.parametrize(
    "rank",
    [
        "Well-Known Member",
        "Senior Member",
        "New member",
        "Moderator",
        "Registered User",
        "Well-Known Forumite",
    ],
)
def test_rank_and_the_name_above_it_are_meta(rank: str) -> None:
    text = f"Marigold\n\n{rank}\nI loved Station Eleven by Emily St. John Mandel.\n"
    roles = [ln.role for ln in split_lines(text)]
    assert roles[:3] == ["meta", "blank", "meta"]
    assert _titles(text) == ["Station Eleven"]


def test_quote_headers_are_meta() -> None:
    text = "Piper Lane said...\n\nHyperion, without a doubt.\n\nzorro99 said:\nSame here.\n"
    roles = [ln.role for ln in split_lines(text)]
    assert roles[0] == "meta" and roles[4] == "meta"


def test_name_above_a_bare_said_line_is_meta() -> None:
    text = "Piper Lane\nwrote:\nGilead\n"
    assert [ln.role for ln in split_lines(text)][:3] == ["meta", "meta", "text"]
    assert _titles(text) == ["Gilead"]


@pytest.mark.parametrize("time", ["June 5, 2012 at 8:40 PM", "5 Jun 2012 20:40", "8:40 p.m.", "3 years ago"])
def test_post_time_and_the_name_above_it_are_meta(time: str) -> None:
    text = f"Marigold\n{time}\nGilead\n"
    assert [ln.role for ln in split_lines(text)][:3] == ["meta", "meta", "text"]
    assert _titles(text) == ["Gilead"]


@pytest.mark.parametrize("line", ["10:30", "Meet me at 10:30 am.", "Chapter 3 at 10:15"])
def test_other_times_are_not_meta(line: str) -> None:
    assert split_lines(f"Dune\n{line}\n")[0].role != "meta"


def test_date_alone_under_a_title_keeps_the_title() -> None:
    assert _titles("The Hobbit\n2 Jan 2020\n\nDune\n14 Feb 2020\n") == ["The Hobbit", "Dune"]


def test_sentence_ending_in_wrote_is_prose() -> None:
    assert split_lines("As Orwell wrote:")[0].role != "meta"
    assert split_lines("In Dune, Herbert wrote:")[0].role != "meta"


def test_one_word_reply_stays_findable() -> None:
    text = "What is your favourite space opera?\n\nHyperion\n\nDune\n\nThanks all!\n"
    assert _titles(text) == ["Hyperion", "Dune"]


_FURNITURE_PIECES = (
    st.sampled_from(
        ["1", "12", "Like", "likes", "Reply", "Senior", "Member", "forumite", "said", "wrote", ":", "..."]
    )
    | st.sampled_from(["…", "·", "Bob", "\u212a", "ſ", "Well-Known", "x", " ", "\t"])
    | st.sampled_from(["9:15", "am", "A.M.", "Jan 3 2011", " at ", "days", "ago", "3"])
)


@given(st.lists(_FURNITURE_PIECES, min_size=1, max_size=8).map("".join))
def test_furniture_last_character_precheck(rest: str) -> None:
    """Every line :func:`_furniture` accepts passes the last-character test before the call."""
    if _furniture(rest):
        assert rest[-1] in _FURNITURE_LAST or not rest[-1].isascii()


def _date_phrase_reference(phrase: str) -> bool:
    """:func:`is_date_phrase` without its opening-letters test."""
    if len(phrase) > 40 or _DATE_PHRASE.fullmatch(phrase) is None:
        return False
    tokens = [t for t in _DATE_TOKEN.findall(phrase) if not t[0].isdigit()]
    return bool(tokens) and all(t.casefold() in DATE_WORDS | SEASON_WORDS for t in tokens)


_DATE_PIECES = st.sampled_from(
    [
        "Jan",
        "SEPT.",
        "fall",
        "Tuesday",
        "May",
        "Mayor",
        "3rd",
        "2011",
        "12345",
        "The",
        " ",
        ", ",
        "-",
        "/",
        "ſun",
        "x",
    ]
)


@given(st.lists(_DATE_PIECES, min_size=1, max_size=7).map("".join))
def test_date_phrase_opening_precheck(phrase: str) -> None:
    assert is_date_phrase(phrase) == _date_phrase_reference(phrase)
