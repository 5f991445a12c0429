"""The cheap tests that stand in for patterns must accept everything the patterns accept."""

from __future__ import annotations

import html
import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.mentions import names, titles
from bibkit.mentions.document import _ACRONYM_SHAPE, _acronym_words
from bibkit.mentions.layout import (
    _META_ANYWHERE,
    _META_START,
    Line,
    _continues,
    _could_be_meta,
    _could_be_meta_anywhere,
)
from bibkit.mentions.lexicon import (
    BOOK_CUES,
    DATE_WORDS,
    FUNCTION_WORDS,
    GENRE_HEADS,
    REPLY_WORDS,
    SENTENCE_STARTERS,
)
from bibkit.mentions.rules import (
    _AND_TITLES,
    _ASCII_ROLE_TOKENS,
    _CJK_SENTENCE,
    _DASH,
    _DASH_COMMENT,
    _POSSESSIVE,
    _POSSESSIVE_TAIL,
    _ROLE_TOKENS,
    _SENTENCE_SPLIT,
    _TRAILING_NOTE,
    _YEAR_AFTER,
    _bare_entry,
    _has_cue_stem,
    _sentence_split,
    _split_mark,
    _trailing_note,
    _year_after,
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


_ASCII_WORD_PIECES = st.sampled_from(
    [*"aAzZ09&'+#-.,:;()\"* \t\n\x1c", "the", "tHE", "The", "of", "against", "vs", "y", "Word", "x" * 39]
)
_ASCII_TEXT = st.one_of(
    st.lists(_ASCII_WORD_PIECES, max_size=12).map("".join),
    st.text(st.characters(max_codepoint=127), max_size=60),
)


@settings(max_examples=1000)
@given(_ASCII_TEXT)
def test_ascii_words_are_the_words_of_the_pattern(text: str) -> None:
    assert titles.words(text) == titles.WORD_RE.findall(text)


def _first_lower_word_by_loop(text: str, start: int, end: int) -> int:
    for m in titles.WORD_RE.finditer(text, start, end):
        word = m.group()
        if not titles._is_capital_word(word) and word.casefold() not in FUNCTION_WORDS:
            return m.start()
    return end


@settings(max_examples=1000)
@given(_ASCII_TEXT, st.integers(0, 5), st.integers(0, 5))
def test_first_lower_word_of_ascii_text_as_by_the_word_loop(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    for prefix in ("", "É "):  # ASCII text in a line that is not all ASCII
        line, lo, hi = prefix + text, len(prefix) + start, len(prefix) + end
        assert titles.first_lower_word(line, lo, hi) == _first_lower_word_by_loop(line, lo, hi)


_SPLIT_PIECES = st.sampled_from([*" \t\xa0\u2003\x1c.!?:-–—aAé", "word", "Title", " - ", ": b", " — It"])


@settings(max_examples=1000)
@given(st.lists(_SPLIT_PIECES, max_size=12).map("".join))
def test_sentence_split_starts_where_the_pattern_finds_it(body: str) -> None:
    mark = _split_mark(body)
    found = _SENTENCE_SPLIT.search(body)
    assert _sentence_split(body, mark) == (found.start() if found is not None else None)
    assert found is None or found.start() >= mark
    assert all(dash.start() >= mark for dash in _DASH_COMMENT.finditer(body))


def test_every_book_cue_has_a_cue_stem() -> None:
    assert all(_has_cue_stem(cue) for cue in BOOK_CUES)


_AUTHOR_PIECES = st.sampled_from([*" \t\xa0\u2003\x1c,&/", "and", "And", "Sandra", "Lee", "amp;"])


@settings(max_examples=1000)
@given(st.lists(_AUTHOR_PIECES, max_size=8).map("".join))
def test_separator_prefilter_accepts_every_author_separator(author: str) -> None:
    if names._SPLIT.search(author) is not None:
        assert names._may_hold_separator(author)


_ASCII_NAME_PIECES = st.sampled_from(
    [
        *("Ann", "Lee", "O'Brien", "McDonald", "Smith-Jones", "Jean-paul", "E.", "E.H.", "K", "KNOW", "Ab"),
        *(" ", "  ", "\t", " van ", " von ", "de", " and ", " & ", "&amp;", "/", ",", ".", "'", "9", "x"),
    ]
)


@settings(max_examples=1000)
@given(st.sampled_from(["", "x", " ", "'", "9", "-"]), st.lists(_ASCII_NAME_PIECES, max_size=9).map("".join))
def test_ascii_authors_match_like_the_unicode_pattern(before: str, line: str) -> None:
    text = before + line
    for end in (len(text), len(text) - 1):
        found = names.AUTHORS_RE.match(text, len(before), end)
        fast = names.match_authors(text, len(before), end)
        assert (fast and fast.span()) == (found and found.span())
    assert names.fullmatch_authors(line) == (names.AUTHORS_RE.fullmatch(line) is not None)


@settings(max_examples=1000)
@given(_ASCII_TEXT)
def test_ascii_role_tokens_are_the_tokens_of_the_pattern(text: str) -> None:
    assert _ASCII_ROLE_TOKENS.findall(text) == _ROLE_TOKENS.findall(text)


_NOTE_PIECES = st.sampled_from([*"() \t\xa0\n\x1cx.", "Title", "x" * 29])


@settings(max_examples=1000)
@given(st.lists(_NOTE_PIECES, max_size=12).map("".join))
def test_trailing_note_starts_where_the_pattern_finds_it(stripped: str) -> None:
    found = _TRAILING_NOTE.search(stripped)
    assert _trailing_note(stripped) == (found.start() if found is not None else None)


_CAPITAL_WORDS = st.lists(
    st.sampled_from(["The", "THE", "A", "I", "NASA", "Ab", "2001", "X1", "&", "of", "and", "é"])
)


@settings(max_examples=1000)
@given(_CAPITAL_WORDS)
def test_title_case_without_ordinary_words_is_a_capital_start_and_no_shouting(ws: list[str]) -> None:
    if all(titles._is_capital_word(w) or w.casefold() in FUNCTION_WORDS for w in ws):
        expected = titles.is_title_case_words(ws, max_words=14)
        assert expected == (
            bool(ws) and len(ws) <= 14 and titles._is_capital_word(ws[0]) and not titles.is_shouted(ws)
        )


def _bare_entry_by_patterns(text: str, commented: bool) -> list[tuple[int, int, str, float]]:
    """The bare-entry rule as first written (every pattern run over the whole line)."""
    cs, body = 0, text
    has_dash = has_spaced_dash(body)
    if commented and not has_dash:
        return []
    if "http" in body or "@" in body or body.rstrip().endswith(":"):
        return []
    if (
        body.count("(") != body.count(")")
        or body.count("[") != body.count("]")
        or body.count("“") != body.count("”")
        or body.count('"') % 2
    ):
        return []
    split = _SENTENCE_SPLIT.search(body)
    head_end = cs + (split.start() if split else len(body.rstrip()))
    dashed = False
    for dash in _DASH_COMMENT.finditer(text, cs, head_end) if has_dash else ():
        if dash.group(1).casefold() in SENTENCE_STARTERS:
            head_end, dashed = dash.start(), True
            break
    if commented and not dashed:
        return []
    lower_at = _first_lower_word_by_loop(text, cs, head_end)
    colon = text.find(": ", cs, head_end)
    colon = colon if colon > cs else head_end
    if lower_at < colon and "(" not in text[cs:lower_at] and body.isascii():
        return []
    check, stripped, ws, titled = "", "", [], False
    for stop in (head_end, colon) if colon != head_end else (head_end,):
        stripped = text[cs:stop].rstrip(" \t.!,;")
        note = _TRAILING_NOTE.search(stripped)
        check = stripped[: note.start()] if note else stripped
        if not check:
            continue
        if titles.has_cjk(check):
            break
        ws = titles.WORD_RE.findall(check)
        if titles.is_title_case_words(ws, max_words=14):
            titled = True
            break
    if not check:
        return []
    if titles.has_cjk(check):
        ok = len(check) <= 40 and not _CJK_SENTENCE.search(check)
        return [(cs, cs + len(stripped), check, 0.55)] if ok else []
    if not titled:
        return []
    if all(w.casefold() in DATE_WORDS or w.isdigit() for w in ws) and not ws[0].isdigit():
        return []
    if len(ws) <= 3 and ws[-1].casefold() in GENRE_HEADS:
        return []
    first = ws[0].casefold()
    if first in SENTENCE_STARTERS and (
        len(ws) <= 2 or first in ("i", "it", "this", "that", "thanks", "thank")
    ):
        return []
    if len(ws) == 1 and (ws[0].isupper() or len(ws[0]) < 3 or ws[0].casefold() in REPLY_WORDS):
        return []
    parts = _AND_TITLES.split(stripped)
    if len(parts) == 2 and all(len(titles.WORD_RE.findall(p)) >= 3 for p in parts):
        second = stripped.rfind(parts[1])
        return [(cs, len(parts[0]), parts[0], 0.55), (second, second + len(parts[1]), parts[1], 0.55)]
    return [(cs, cs + len(stripped), stripped, 0.6 if len(ws) > 1 else 0.5)]


_ENTRY_PIECES = st.sampled_from(
    [
        *(" ", "\t", "\xa0", ". ", "! ", ": ", ", ", " - ", " — ", "-", "(", ")", '"', "“", "”", "’"),
        *("The", "Title", "Of", "of", "and", " and ", "it", "It", "I", "was", "x", "NASA", "GOOD", "BOOK"),
        *("Tuesday", "October", "2016", "Fiction", "Thanks", "(note)", "é", "海辺", "。", "x" * 41),
    ]
)


_TITLE_PIECES_ONLY = st.sampled_from(
    [
        "The ",
        "Red ",
        "Title ",
        "of ",
        "and ",
        "Book",
        "Ab ",
        ". ",
        " - It was ",
        " - Ann",
        ": ",
        "(note) ",
        "it ",
    ]
)


@settings(max_examples=3000)
@given(
    st.one_of(
        st.lists(_ENTRY_PIECES, min_size=1, max_size=14).map("".join),
        st.lists(_TITLE_PIECES_ONLY, min_size=1, max_size=14).map("".join),
    ),
    st.booleans(),
)
def test_bare_entry_finds_what_the_whole_line_patterns_find(body: str, commented: bool) -> None:
    found = _bare_entry(body, Line(0, len(body), 0, "item", True), [], commented=commented)
    assert [(c.start, c.end, c.title, c.confidence) for c in found] == _bare_entry_by_patterns(
        body, commented
    )


_YEAR_PIECES = st.sampled_from([*" \t,.r1", "1999", "2049", "reprint ", "revised\t", "x"])


@settings(max_examples=1000)
@given(st.lists(_YEAR_PIECES, max_size=8).map("".join))
def test_year_after_prefilter_accepts_every_year(rest: str) -> None:
    found = _YEAR_AFTER.match(rest)
    assert _year_after(rest, 0, len(rest)) == (int(found.group(1)) if found is not None else None)
