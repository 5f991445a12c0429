"""The quicker scans of the document-level rules find what the patterns they stand in for find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.mentions.document import (
    _ASCII_RUN,
    _COORD,
    _COORD_START,
    _CUE,
    _CUE_VERBS,
    _RUN,
    _URL_SPANS,
    Spans,
    _cue_ends,
    _LineIndex,
    _runs,
    _UrlSpans,
)
from bibkit.mentions.layout import Line, split_lines

_ASCII_RUN_PIECES = st.sampled_from(
    [
        *("The", "Cat", "and", "an", "a", "of", "Of", "A", "An", "x", "Q", "Dog's", "isn't", "Zz", "ofx"),
        *("in", "is", "for", "from", "12", "12345", "9", " ", " ", "  ", "\t", "-", "'", ".", "*", "\n"),
        *("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "W X Y Z A B C D E F G H I J K L"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_ASCII_RUN_PIECES, max_size=16).map("".join))
def test_ascii_runs_are_the_runs_of_ascii_text(text: str) -> None:
    assert [m.span() for m in _ASCII_RUN.finditer(text)] == [m.span() for m in _RUN.finditer(text)]


def _runs_by_line(text: str, lines: list[Line]) -> list[tuple[int, int, int]]:
    return [
        (*m.span(), line.start)
        for line in lines
        if line.role not in ("heading", "meta", "blank") and not line.bold_line
        for m in _RUN.finditer(text, line.content_start, line.end)
    ]


_LINE_PIECES = st.sampled_from(
    [
        *("The", "Cat", "and", "of", "A", "Dog's", "x", "12", " ", " ", "\t", "\n", "\n\n", "- ", "* "),
        *("# ", "1. ", "> ", "Day 2: ", "Astronomy: ", "**Bold Line Here**", "É", "Élan", "’", ":"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_LINE_PIECES, max_size=30).map("".join))
def test_runs_are_found_as_by_a_scan_of_each_line(text: str) -> None:
    lines = split_lines(text)
    assert [(*m.span(), line.start) for m, line in _runs(text, lines)] == _runs_by_line(text, lines)


def test_runs_of_a_cut_line_are_found_as_by_a_scan_of_each_piece() -> None:
    text = ("Word " * 900 + "The Cat Of Dog. ") * 3
    lines = split_lines(text)
    assert len(lines) > 1
    assert [(*m.span(), line.start) for m, line in _runs(text, lines)] == _runs_by_line(text, lines)


_COORD_PIECES = st.sampled_from(
    [
        *("*", "_", '"', "”", "’", "'", " ", " ", "\t", "\n"),
        *("and", "or", "&", "&amp;", "amp;", "The", "the", "É", "x"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_COORD_PIECES, max_size=8).map("".join))
def test_coordination_needs_its_start(text: str) -> None:
    if _COORD.match(text):
        assert _COORD_START.match(text)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 5))), st.integers(0, 60))
def test_covers_is_an_overlap_with_one_character(pairs: list[tuple[int, int]], pos: int) -> None:
    spans = Spans()
    for start, length in pairs:
        if not spans.overlaps(start, start + length):
            spans.add(start, start + length)
    assert spans.covers(pos) == spans.overlaps(pos, pos + 1)


_CUE_WORDS = st.sampled_from([*_CUE_VERBS, "and", "end", "pend", "x", "The", "É", "é", "*", "-", "up", "ut"])
_CUE_SPACES = st.sampled_from([" ", "\t", "  ", " \t", "   ", "\t\t\t ", "*", "* ", "*  ", "*   ", "", "\n"])


@settings(max_examples=3000)
@given(st.lists(st.tuples(_CUE_WORDS, _CUE_SPACES), max_size=8).map(lambda ps: "".join(w + g for w, g in ps)))
def test_cue_ends_after_any_number_of_spaces_as_by_a_full_scan(text: str) -> None:
    by_scan = [
        m.span()
        for m in _CUE.finditer(text)
        if not (m.start() > 0 and text[m.start() - 1].isalpha())
        and m.end() < len(text)
        and text[m.end()].isupper()
    ]
    assert _cue_ends(text) == by_scan


_URL_PIECES = st.sampled_from(
    [
        *("https://", "http://", "www.", "](", ")", "(", "[", "]", "x"),
        *("\n", "\n\n", " ", "\t", "\xa0", "é", "- "),
        *("x" * 300, "y" * 900, "Word. " * 200, "z " * 600),
    ]
)


@settings(max_examples=1000)
@given(
    st.lists(_URL_PIECES, max_size=20).map("".join),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 30))),
)
def test_url_spans_found_line_by_line_as_by_a_full_scan(text: str, queries: list[tuple[float, int]]) -> None:
    whole = Spans(m.span() for m in _URL_SPANS.finditer(text))
    by_line = _UrlSpans(text, _LineIndex(split_lines(text)))
    for where, length in queries:
        start = int(where * len(text))
        assert by_line.overlaps(start, start + length) == whole.overlaps(start, start + length)
    for start in range(0, len(text), 7):
        assert by_line.overlaps(start, start + 3) == whole.overlaps(start, start + 3)


def test_url_spans_of_a_line_cut_inside_a_url() -> None:
    # The second piece of the long line holds no space, so it is cut at its 2,000th character,
    # inside the URL that starts 1,400 characters in.
    long_line = "word " * 300 + "x" * 1400 + "https://" + "y" * 900 + " and www." + "z" * 2500
    text = "Intro text\n" + long_line + "\nok"
    lines = split_lines(text)
    assert any(text[line.start - 1] not in "\n" for line in lines[1:])  # the long line is cut
    whole = Spans(m.span() for m in _URL_SPANS.finditer(text))
    by_line = _UrlSpans(text, _LineIndex(lines))
    for start in reversed(range(0, len(text), 5)):  # (from the end: pieces walked back first)
        assert by_line.overlaps(start, start + 2) == whole.overlaps(start, start + 2)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5))), st.integers(0, 60), st.integers(0, 6))
def test_spans_overlap_as_a_sorted_list_of_spans_says(
    pairs: list[tuple[int, int]], start: int, length: int
) -> None:
    spans, listed = Spans(), []
    for a, n in pairs:
        if n and not spans.overlaps(a, a + n):
            spans.add(a, a + n)
            listed.append((a, a + n))
    end = start + length
    inside = any(a <= start < b for a, b in listed)  # an empty span overlaps the span it lies in
    assert spans.overlaps(start, end) == (any(a < end and start < b for a, b in listed) if length else inside)
