"""The cheap tests that stand in for patterns must accept everything the patterns accept."""

from __future__ import annotations

import html
import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.match import fold
from bibkit.mentions import titles
from bibkit.mentions.document import (
    _ACRONYM_SHAPE,
    _CAPITALISED,
    _CHARS_PER_KEY,
    _CUE,
    _CUE_VERBS,
    _SERIES,
    _URL_SPANS,
    _acronym_words,
    _capitalised_words,
    _cue_ends,
    _fold_run,
    _series,
)
from bibkit.mentions.layout import (
    _META_ANYWHERE,
    _META_START,
    _continues,
    _could_be_meta,
    _could_be_meta_anywhere,
)
from bibkit.mentions.rules import _DASH, _DASH_COMMENT, _POSSESSIVE, _POSSESSIVE_TAIL, has_spaced_dash

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
    [*" \t\xa0\x1c*!]<[-=_+~#|:/^rsSſoOTtx", "Source:", "**r/", "![", "](", "<!--", "[^a]:", "Tags :"]
)


@settings(max_examples=1000)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=8).map("".join))
def test_meta_prefilter_accepts_every_metadata_line(raw: str) -> None:
    if raw.strip() and _META_START.match(raw):
        assert _could_be_meta(raw)


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
    st.lists(st.sampled_from(["Posted by u/x", "posted BY U/", "⬆", "💬", "a", " ", "/"]), max_size=5).map(
        "".join
    )
)
def test_meta_anywhere_prefilter(raw: str) -> None:
    if _META_ANYWHERE.search(raw):
        assert _could_be_meta_anywhere(raw)


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


_URL_BY_REGEX = regex.compile(r"\]\([^()\s]{0,800}\)|https?://\S{1,800}+|www\.\S{1,800}+")
_URL_PIECES = st.sampled_from(
    [*" \t\n\xa0\x1c\x1f\u2003\u3000()]x.", "](", "http://", "https://", "www.", "https:/", "wwww."]
)


@settings(max_examples=1000)
@given(st.lists(_URL_PIECES, max_size=12).map("".join))
def test_url_spans_are_the_spans_of_the_unicode_pattern(text: str) -> None:
    assert [m.span() for m in _URL_SPANS.finditer(text)] == [m.span() for m in _URL_BY_REGEX.finditer(text)]


_WORD_PIECES = st.sampled_from([*" &'’aBxÉ1.\n", "Anna", "Ann", "Annabel", "Ab", "AB", "&amp;", "ſ", "é"])


@settings(max_examples=2000)
@given(
    st.lists(_WORD_PIECES, max_size=14).map("".join),
    st.sets(st.sampled_from(["Anna", "Ann", "Annabel", "Ab", "B", "É", "1", "Ba", "aB", "A&B"]), max_size=5),
)
def test_capitalised_keys_found_as_by_a_full_scan(text: str, keys: set[str]) -> None:
    # Spaces after the text let the key pattern be used (it is not worth compiling for a short text).
    text += " " * (_CHARS_PER_KEY * len(keys))
    by_scan = [(m.start(), m.group()) for m in _CAPITALISED.finditer(text) if m.group() in keys]
    assert list(_capitalised_words(text, keys)) == by_scan


_RUN_PIECES = st.sampled_from(
    [*" \t-'’&_.:;aZé\u0301\xa0\x1c", "Lincoln", "in", "THE", "Bardo", "2nd", "&amp;", "ﬁ"]
)


@settings(max_examples=2000)
@given(st.lists(_RUN_PIECES, max_size=10).map("".join))
def test_runs_fold_as_titles_do(run: str) -> None:
    assert _fold_run(run) == fold(run)


_SERIES_WORDS = st.sampled_from(
    [
        *("The", "the", "tHe", "athe", "Culture", "Border", "Others", "O’Brian", "Ǆungla", "É", "x"),
        *("novels", "NOVELS", "Trilogy", "ſeries", "ſaga", "books", "Books"),
    ]
)
_SERIES_GAPS = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", ", ", ""])
_SERIES_TEXT = st.lists(st.tuples(_SERIES_WORDS, _SERIES_GAPS))


@settings(max_examples=3000)
@given(_SERIES_TEXT.map(lambda pieces: "".join(w + sep for w, sep in pieces)))
def test_series_found_as_by_a_full_scan(text: str) -> None:
    assert [m.span() for m in _series(text)] == [m.span() for m in _SERIES.finditer(text)]


def _cue_ends_by_scan(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _CUE.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1].isalpha():
            continue
        if end < len(text) and text[end].isupper():
            out.append((start, end))
    return out


_CUE_PIECES = st.sampled_from(
    [
        *("read", "reread", "re-read", "recommend", "finished", "follow up with", "suggest", "skip"),
        *("support", "started", "adored", "loved", "enjoyed", "check out", "pick up", "picked up", "try"),
        *("re", "x", "*", "-", "The", "É", "é", "ǅ", "Ⓐ", "2", "."),
    ]
)
_CUE_GAPS = st.sampled_from([" ", " ", "  ", "\t", "", "\n", "*", "* "])


@settings(max_examples=3000)
@given(st.lists(st.tuples(_CUE_PIECES, _CUE_GAPS), max_size=8).map(lambda ps: "".join(p + g for p, g in ps)))
def test_cue_ends_as_by_a_full_scan(text: str) -> None:
    assert _cue_ends(text) == _cue_ends_by_scan(text)


def test_cue_verbs_are_the_verbs_of_the_pattern() -> None:
    assert all(_CUE.fullmatch(verb + " ") for verb in _CUE_VERBS)
