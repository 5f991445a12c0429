"""The shortcuts of the list-entry rules give the answers of the patterns and runs they skip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.mentions import titles
from bibkit.mentions.layout import Line
from bibkit.mentions.lexicon import BOOK_CUES
from bibkit.mentions.rules import (
    _SENTENCE_SPLIT,
    _YEAR_AFTER,
    _bare_entry,
    _first_chunk_ends_run,
    _has_cue_word,
    _sentence_split,
    _split_mark,
    _title_after,
    _year_after,
)
from tests.mentions.test_fast_paths import _bare_entry_by_patterns

_YEAR_PIECES = st.sampled_from(
    [*" \t,1290548-–.x", "٣", "19", "20", "1999", "2049", "2050", "1500", "1499", "reprint ", "revised "]
)


@settings(max_examples=3000)
@given(
    st.lists(_YEAR_PIECES, max_size=10).map("".join),
    st.integers(0, 20),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_year_after_reads_the_year_the_pattern_matches(tail: str, spaces: int, lead: int, trail: int) -> None:
    text = "x" * lead + " " * spaces + tail
    for end in (len(text), max(lead, len(text) - trail)):
        found = _YEAR_AFTER.match(text, lead, end)
        assert _year_after(text, lead, end) == (int(found.group(1)) if found else None)


_RUN_PIECES = st.sampled_from(
    [*" \t.,;:!?()[]\"'*-&", "The", "Title", "of", "and", "was", "good", "Dr.", "A.", "Vol.", "x" * 79]
)


@settings(max_examples=3000)
@given(st.lists(_RUN_PIECES, max_size=12).map("".join), st.integers(0, 3))
def test_a_first_chunk_that_ends_the_run_gives_no_title_before_an_ordinary_word(body: str, lead: int) -> None:
    text = "x" * lead + body
    for end in (len(text), min(len(text), lead + 40)):
        word = titles.first_word(text, lead, end, ascii_text=True)
        if word is not None and _first_chunk_ends_run(text, lead, end, word.start(), word.end()):
            found = _title_after(text, lead, end, allow_commas=False)
            assert found is None or not found[2]


_WORD_PIECES = st.sampled_from([*" \t.,'’+#-&_", "ab", "Cd", "7", "x" * 41])


@settings(max_examples=1000)
@given(st.lists(_WORD_PIECES, max_size=10).map("".join))
def test_first_word_of_ascii_text_is_the_first_word_of_the_pattern(text: str) -> None:
    for end in (len(text), min(len(text), 9)):
        found = titles.WORD_RE.search(text, 0, end)
        fast = titles.first_word(text, 0, end, ascii_text=text[:end].isascii())
        assert (fast.span() if fast is not None else None) == (found.span() if found is not None else None)


_NON_ASCII_ENTRY_PIECES = st.sampled_from(
    [
        *(" ", "\t", ". ", ": ", " - ", " — ", "—", "(", ")", "’", "“", "”", "é", "É", "海辺", "。"),
        *("The ", "Title ", "of ", "it ", "It’s ", "was ", "café ", "Éclair ", "(note) ", "x" * 41),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_NON_ASCII_ENTRY_PIECES, min_size=1, max_size=12).map("".join), st.booleans())
def test_bare_entry_on_lines_not_in_ascii_finds_what_the_patterns_find(body: str, commented: bool) -> None:
    found = _bare_entry(body, Line(0, len(body), 0, "item", True), [], commented=commented)
    expected = _bare_entry_by_patterns(body, commented)
    assert [(c.start, c.end, c.title, c.confidence) for c in found] == expected


_ASCII_SPLIT_PIECES = st.sampled_from([*" \t\x0b\x1c.!?:-aA", "word", "Title", " - ", ": b", " - It", "-  x"])


@settings(max_examples=3000)
@given(st.lists(_ASCII_SPLIT_PIECES, max_size=14).map("".join))
def test_ascii_sentence_split_starts_where_the_pattern_finds_it(body: str) -> None:
    mark = _split_mark(body)
    found = _SENTENCE_SPLIT.search(body, mark) if mark < len(body) else None
    assert _sentence_split(body, mark) == (found.start() if found is not None else None)


_CUE_PIECES = st.sampled_from(
    [*" \t.,'-", "Book", "BOOKS", "read", "Reading", "novella", "re-read", "x", "é", "ſ", "K"]
)


def _context_words(text: str, start: int, end: int) -> set[str]:
    """The words of ``text[start:end]``, case-folded: what the cue test used to build."""
    return {w.casefold() for w in titles.words(text[start:end])}


@settings(max_examples=2000)
@given(st.lists(_CUE_PIECES, max_size=10).map("".join), st.integers(0, 3), st.integers(0, 3))
def test_cue_word_test_agrees_with_the_context_words(text: str, lead: int, trail: int) -> None:
    start, end = min(lead, len(text)), max(min(lead, len(text)), len(text) - trail)
    expected = bool(_context_words(text, start, end) & BOOK_CUES)
    assert _has_cue_word(text, start, end, ascii_text=text[start:end].isascii()) == expected
