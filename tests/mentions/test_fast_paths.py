"""The cheap tests that stand in for patterns must accept everything the patterns accept."""

from __future__ import annotations

import html
import sys

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bibkit.isbn import find_isbns
from bibkit.mentions import titles
from bibkit.mentions.document import _ACRONYM_SHAPE, Spans, _acronym_words
from bibkit.mentions.extract import (
    _fold_space,
    _isbn_for,
    _may_have_isbn,
    _may_hold_isbn,
    _resolve,
)
from bibkit.mentions.layout import (
    _MARKERS,
    _META_ANYWHERE,
    _META_FIRST,
    _META_START,
    _continues,
    _could_be_meta,
    _is_meta_anywhere,
    _quick_markers,
    split_lines,
)
from bibkit.mentions.names import AuthorIndex, normalize_author, split_authors, surname
from bibkit.mentions.rules import (
    _DASH,
    _DASH_COMMENT,
    _POSSESSIVE,
    _POSSESSIVE_TAIL,
    Candidate,
    has_spaced_dash,
)

_SPACE = regex.compile(r"\s")


def test_whitespace_is_what_the_patterns_call_whitespace() -> None:
    found = "".join(chr(i) for i in range(sys.maxunicode + 1) if _SPACE.match(chr(i)))
    assert found == titles.WHITESPACE
    assert all(c == " " or not c.isprintable() for c in found)


_MARKUP_EDGE = regex.compile(r"^[\s*_\[\]\"'“”‘’«»„‚‹›`]+|[\s*_\[\]\"'“”‘’«»„‚‹›`]+$")
_TRAILING = regex.compile(r"[\s.,;:!\-–—]+$")
_FOLD = regex.compile(r"\s+")


def _clean_title_by_patterns(raw: str) -> str:
    title = _MARKUP_EDGE.sub("", html.unescape(raw))
    title = title.replace("*", "").replace("__", "")
    title = _FOLD.sub(" ", title).strip()
    keep_question = title.endswith("?")
    title = _MARKUP_EDGE.sub("", _TRAILING.sub("", title))
    if keep_question and not title.endswith("?"):
        title += "?"
    return title


_TITLE_PIECES = st.sampled_from(
    [*" \t\n\r\xa0\u2003\x1c*_[]\"'“”‘’«»„‚‹›`.,;:!-–—?", "&amp;", "&quot;", "Red", " of ", "__"]
)


@settings(max_examples=1000)
@given(st.lists(_TITLE_PIECES, max_size=12).map("".join))
def test_clean_title_strips_like_the_patterns(raw: str) -> None:
    assert titles.clean_title(raw) == _clean_title_by_patterns(raw)


_LINE_PIECES = st.sampled_from(
    [
        *" \t\xa0\x1c*!]<[-=_+~#|:/^rRsSſoOTtx",
        "Source:",
        "**r/",
        "**R/",
        "![",
        "](",
        "<!--",
        "[^a]:",
        "Tags :",
    ]
)


@settings(max_examples=1000)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=8).map("".join))
def test_meta_prefilter_accepts_every_metadata_line(raw: str) -> None:
    if raw.strip() and _META_START.match(raw):
        assert raw[0] in _META_FIRST
        assert _could_be_meta(raw, raw.lstrip(" \t"))


def test_meta_first_characters_include_all_that_lstrip_removes() -> None:
    assert all(chr(i) in _META_FIRST for i in range(sys.maxunicode + 1) if chr(i).isspace())


def test_blank_lines_are_those_strip_empties() -> None:
    # A line is blank when ``str.strip`` leaves nothing; ``str.isspace`` answers without a copy.
    assert all(chr(i).isspace() == (not chr(i).strip()) for i in range(sys.maxunicode + 1))


_MARKER_PIECES = st.sampled_from(
    [
        *" \t>#*+-•·1.)/:–xaAÉǅ\u2003\xa0\u0662",
        *("12", "123", "1234", "3/20", "3/", "Day", "Part", "Ab 3:", "Day 2.", "Abcdefghij 123 :"),
        *("## ", "###### ", "####### ", "* ", "1. ", "1–"),
    ]
)


@settings(max_examples=1500)
@given(
    st.sampled_from(["", " ", "\t", " \t  "]), st.lists(_MARKER_PIECES, min_size=1, max_size=8).map("".join)
)
@example("", "* \tx")
@example("", "Abcdefghij 123 : x")
@example("\t", "Abcdefghij 12: x")
@example("", "Day 2. x")
@example("", "Éa 2: x")
def test_markers_read_quickly_as_the_pattern_reads_them(indent: str, rest: str) -> None:
    _assert_quick_markers_like_the_pattern(indent, rest)


# Headings and numbers built piece by piece: "#" runs, digit runs (ASCII or not), their ends.
_NUMBERED = st.tuples(
    st.sampled_from(["", "#", "## ", "###### ", "####### ", "#\t", "# # "]),
    st.text(alphabet="0123456789\u0662", max_size=5),
    st.sampled_from(["", ".", ")", "-", "–", "/", ":", "x"]),
    st.text(alphabet="0123456789\u0662", max_size=5),
    st.sampled_from(["", " ", "\t", "  ", "x", ".", "\u0662"]),
    st.sampled_from(["", "Title", "x", "* y", "1. z", "Day 2: w"]),
).map("".join)


@settings(max_examples=1500)
@given(st.sampled_from(["", " ", "\t"]), _NUMBERED)
@example("", "3/2024 x")
@example("", "3/202 x")
@example("", "1234. x")
@example("", "123. x")
@example("", "1\u0662. x")
@example("", "3/2\u0662 x")
@example("", "12-3 x")
@example("", "####### x")
@example("", "###### 1. x")
@example("", "## Day 2: x")
def test_headings_and_numbers_read_quickly_as_the_pattern_reads_them(indent: str, rest: str) -> None:
    _assert_quick_markers_like_the_pattern(indent, rest)


def _assert_quick_markers_like_the_pattern(indent: str, rest: str) -> None:
    if not rest or rest[0] in " \t":
        return
    quick = _quick_markers(rest)
    if quick is None:
        return
    m = _MARKERS.match(indent + rest)
    assert m is not None
    heading, bullet = m.groups()
    assert quick == ("heading" if heading else "item" if bullet else "text", (indent + rest)[m.end() :])


_NAME_PIECES = st.sampled_from(
    [
        *("O'Brien", "McDonald", "Jones", "E.", "H. ", "K", "Smith-Jones", " van ", " and ", " & "),
        *("it", "'s", "’s", "s'", "'", " ", "Ann ", "Lee", "A" * 30, "Éa", "\t", "/", "s"),
    ]
)


@settings(max_examples=1000)
@given(st.lists(_NAME_PIECES, min_size=1, max_size=7).map("".join))
def test_possessive_prefilter_accepts_every_possessive(line: str) -> None:
    if _POSSESSIVE.search(line):
        assert _POSSESSIVE_TAIL.search(line)


_LAST_WORD = regex.compile(r"(\S+)\s*$")


def _continues_by_pattern(previous: str, body: str) -> bool:
    if not previous:
        return False
    if body[:1].islower():
        return True
    m = _LAST_WORD.search(previous)
    if m is None:
        return False
    last = m.group(1)
    return last[-1] in ",;-–—(" or (last[0].islower() and last[-1] not in '.!?:)"”')


_PROSE_PIECES = st.sampled_from([*' \t\xa0\x1c\u2003,;-–—(.!?:)"”', "word", "Word", "end", "x,"])


@settings(max_examples=1000)
@given(st.lists(_PROSE_PIECES, max_size=8).map("".join), st.sampled_from(["Next", "next", ""]))
def test_continuation_reads_the_last_word_like_the_pattern(previous: str, body: str) -> None:
    assert _continues(previous, body) == _continues_by_pattern(previous, body)


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from(["Posted by u/x", "posted BY U/", "⬆", "💬", "a", " ", "/", "u", "U"]), max_size=5
    ).map("".join)
)
def test_meta_anywhere_found_like_the_pattern(raw: str) -> None:
    assert _is_meta_anywhere(raw) == (_META_ANYWHERE.search(raw) is not None)


_ACRONYM_TEXT = st.lists(
    st.sampled_from([*"PSCFo&; a.\n", "amp;", "&amp;", "P&S", "PoS", "xP&S", "C&F"]), max_size=30
)


@settings(max_examples=1000)
@given(
    _ACRONYM_TEXT.map("".join),
    st.sets(st.sampled_from(["P&S", "PoS", "C&F", "P&amp;S", "CoF", "SoP", "PSo", "oPS", "&PS"])),
)
def test_acronyms_found_from_their_occurrences_as_by_a_full_scan(text: str, acros: set[str]) -> None:
    def by_scan() -> list[tuple[int, str]]:
        return [
            (m.start(), m.group())
            for m in _ACRONYM_SHAPE.finditer(text)
            if any(m.group().startswith(a) for a in acros)
        ]

    found = [(m.start(), m.group()) for m in _acronym_words(text, acros)]
    assert [f for f in found if any(f[1].startswith(a) for a in acros)] == by_scan()


_DASH_PIECES = st.sampled_from([*" \t\xa0-–—‐", "Wind-Up", " It", "Name", "a"])


@settings(max_examples=1000)
@given(st.lists(_DASH_PIECES, max_size=10).map("".join))
def test_spaced_dash_prefilter_accepts_every_dash(body: str) -> None:
    if _DASH.search(body) is not None or _DASH_COMMENT.search(body) is not None:
        assert has_spaced_dash(body)


_AUTHOR_PIECES = st.sampled_from(
    [
        *" \t\n\xa0\u2003\x1c,.",
        "Smith",
        "John",
        "E. H.",
        "E.H.",
        "Carr",
        " and ",
        " & ",
        "/",
        "van Dyke",
        "Lee",
    ]
)


def _normalize_author_by_pattern(author: str) -> str:
    name = _FOLD.sub(" ", author).strip()
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and " " not in last:
            name = f"{first} {last}"
    return name


@settings(max_examples=1000)
@given(st.lists(_AUTHOR_PIECES, max_size=8).map("".join))
def test_author_whitespace_folded_like_the_pattern(author: str) -> None:
    assert _fold_space(author) == _FOLD.sub(" ", author).strip()
    name = normalize_author(author)
    assert name == _normalize_author_by_pattern(author)
    assert normalize_author(name) == name  # what lets AuthorIndex.expand_and_add normalise once


class _AuthorIndexByPatterns:
    """AuthorIndex as first written: every name normalised, split and looked up from scratch."""

    def __init__(self) -> None:
        self.by_surname: dict[str, set[str]] = {}

    def add(self, author: str) -> None:
        for name in split_authors(_normalize_author_by_pattern(author)):
            if len(name.split()) >= 2:
                self.by_surname.setdefault(surname(name).casefold(), set()).add(name)

    def expand(self, author: str) -> str:
        out: list[str] = []
        for name in split_authors(_normalize_author_by_pattern(author)):
            if len(name.split()) == 1:
                known = self.by_surname.get(name.casefold(), set())
                if len(known) == 1:
                    name = next(iter(known))
            out.append(name)
        return " and ".join(out) if len(out) > 1 else (out[0] if out else author)


@settings(max_examples=500)
@given(st.lists(st.lists(_AUTHOR_PIECES, min_size=1, max_size=6).map("".join), max_size=8))
def test_expand_and_add_is_expand_then_add(authors: list[str]) -> None:
    one, two, three = _AuthorIndexByPatterns(), AuthorIndex(), AuthorIndex()
    for author in authors:
        expected = one.expand(_normalize_author_by_pattern(author))
        one.add(author)
        assert two.expand_and_add(author) == expected
        assert three.expand(normalize_author(author)) == expected
        three.add(author)
    assert sorted(one.by_surname) == sorted(two.surnames()) == sorted(three.surnames())


_ISBN_PIECES = st.sampled_from(
    [
        *"0123456789-Xx \u0661",
        "ISBN",
        "978",
        "0-306-40615-2",
        "080442957X",
        "0-8044-2957-x",
        "978-0-306-40615-7",
        "\n",
    ]
)


@settings(max_examples=1000)
@given(st.lists(_ISBN_PIECES, max_size=12).map("".join), st.integers(0, 5), st.integers(0, 5))
@example("080442957X", 0, 0)
@example("y0-8044-2957-xy", 1, 1)
@example("ISBN 978-0-306-40615-7", 0, 0)
def test_isbn_prefilter_accepts_every_isbn(text: str, head: int, tail: int) -> None:
    start, end = min(head, len(text)), max(min(head, len(text)), len(text) - tail)
    if find_isbns(text[start:end]):
        assert _may_hold_isbn(text, start, end)


def _resolve_by_sorted_spans(candidates: list[Candidate], taken: Spans) -> list[Candidate]:
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.confidence, -(c.end - c.start), c.start)):
        if c.end <= c.start or taken.overlaps(c.start, c.end):
            continue
        taken.add(c.start, c.end)
        chosen.append(c)
    return chosen


_CANDIDATES = st.lists(
    st.builds(
        lambda start, length, confidence, n: Candidate(start, start + length, f"t{n}", confidence, "k"),
        st.integers(0, 60),
        st.integers(-2, 12),
        st.sampled_from([0.5, 0.6, 0.7, 0.9, 0.95]),
        st.integers(0, 9),
    ),
    max_size=25,
)


@settings(max_examples=1000)
@given(_CANDIDATES, st.lists(st.tuples(st.integers(0, 70), st.integers(1, 5)), max_size=3))
def test_resolve_chooses_like_sorted_spans(candidates: list[Candidate], prior: list[tuple[int, int]]) -> None:
    spans = Spans()
    for start, length in prior:
        if not spans.overlaps(start, start + length):
            spans.add(start, start + length)
    taken, expected_taken = Spans(), Spans()
    for start, end in zip(spans.starts, spans.ends, strict=True):
        taken.add(start, end)
        expected_taken.add(start, end)
    expected = _resolve_by_sorted_spans(candidates, expected_taken)
    assert [id(c) for c in _resolve(candidates, taken)] == [id(c) for c in expected]
    assert (taken.starts, taken.ends) == (expected_taken.starts, expected_taken.ends)


_ISBN_TEXT = st.lists(
    st.sampled_from(["ISBN 978-0-306-40615-7", "0306406152", "\n", "\r\n", "Red", " ", "x" * 30, "- "]),
    min_size=1,
    max_size=10,
).map("".join)


@settings(max_examples=500)
@given(_ISBN_TEXT, st.integers(0, 200), st.integers(0, 60), st.sampled_from(["", "/dp/0306406152", "/x"]))
def test_isbn_precheck_accepts_every_mention_with_an_isbn(text: str, at: int, length: int, url: str) -> None:
    start = min(at, len(text))
    c = Candidate(start, min(start + length, len(text)), "t", 0.9, "k", url=url)
    lines = split_lines(text)
    line_end = [ln.end for ln in lines if ln.start <= c.start][-1]
    if _isbn_for(text, c, line_end) is not None:
        assert _may_have_isbn(text, c)
