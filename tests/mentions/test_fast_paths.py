"""The cheap tests that stand in for patterns must accept everything the patterns accept."""

from __future__ import annotations

import html
import sys

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bibkit.isbn import find_isbns
from bibkit.match import fold
from bibkit.mentions import names, titles
from bibkit.mentions.document import (
    _ACRONYM_SHAPE,
    _CAPITALISED,
    _CHARS_PER_KEY,
    _CUE,
    _CUE_VERBS,
    _SERIES,
    _URL_SPANS,
    Spans,
    _acronym_words,
    _capitalised_words,
    _cue_ends,
    _fold_run,
    _series,
)
from bibkit.mentions.extract import _fold_space, _isbn_for, _may_have_isbn, _may_hold_isbn, _resolve
from bibkit.mentions.layout import (
    _APOSTROPHE_OPENER,
    _ASCII_BOLD,
    _ASCII_ITALIC,
    _ASCII_LINK,
    _ASCII_QUOTE,
    _BOLD,
    _ITALIC,
    _LINK,
    _MARKERS,
    _META_ANYWHERE,
    _META_FIRST,
    _META_START,
    _QUOTE,
    _UNDER,
    Line,
    _continues,
    _could_be_meta,
    _is_meta_anywhere,
    _quick_markers,
    split_lines,
)
from bibkit.mentions.lexicon import (
    BOOK_CUES,
    DATE_WORDS,
    FUNCTION_WORDS,
    GENRE_HEADS,
    REPLY_WORDS,
    SENTENCE_STARTERS,
)
from bibkit.mentions.names import AuthorIndex, normalize_author, split_authors, surname
from bibkit.mentions.rules import (
    _AND_TITLES,
    _ASCII_BY,
    _ASCII_CHUNK,
    _ASCII_POSSESSIVE,
    _ASCII_ROLE_TOKENS,
    _ASCII_URLISH,
    _BOOK_URL,
    _BY,
    _CHUNK,
    _CJK_SENTENCE,
    _DASH,
    _DASH_COMMENT,
    _ENUM_CUE_STEMS,
    _ENUM_CUES,
    _NON_BOOK_URL,
    _PAREN_AUTHOR_YEAR,
    _POSSESSIVE,
    _ROLE_TOKENS,
    _SENTENCE_SPLIT,
    _TRAILING_NOTE,
    _URLISH,
    _YEAR_AFTER,
    Candidate,
    _bare_entry,
    _by_matches,
    _chunks_back,
    _has_cue_stem,
    _is_book_url,
    _is_non_book_url,
    _possessive_matches,
    _sentence_split,
    _split_mark,
    _trailing_note,
    _year_after,
    _year_closes_bracket,
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


_NAME_PIECES = st.sampled_from(
    [
        *("O'Brien", "McDonald", "Jones", "E.", "H. ", "K", "Smith-Jones", " van ", " and ", " & "),
        *("it", "'s", "’s", "s'", "'", " ", "Ann ", "Lee", "A" * 30, "Éa", "\t", "/", "s"),
    ]
)


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


_PROSE_NAME_PIECES = st.sampled_from(
    [
        *(" von ", " and ", " the ", "it's ", ", ", ": ", "'s ", "’s:", "s' ", "s’\t", "x", "É", "ß"),
        *(" de ", " and", "&amp;", ".", " - ", "(", "7", " way ", "Lee's", "Ann Lee's "),
    ]
)


@settings(max_examples=2000)
@given(
    st.lists(st.one_of(_NAME_PIECES, _PROSE_NAME_PIECES), min_size=1, max_size=12).map("".join),
    st.integers(0, 4),
    st.integers(0, 4),
)
def test_possessive_window_finds_every_possessive(line: str, lead: int, trail: int) -> None:
    cs, end = min(lead, len(line)), max(min(lead, len(line)), len(line) - trail)
    expected = [(m.span(), m.group("author")) for m in _POSSESSIVE.finditer(line, cs, end)]
    found = [(m.span(), m.group("author")) for m in _possessive_matches(line, cs, end, line[cs:end])]
    assert found == expected


_MARKUP_PIECES = st.sampled_from(
    [*" \t\xa0\n*_'‘’\"“”«»„aZ9é.,!", "A", "Title", "it's", "**", "__", "'T", "\u2003", "x_y", "*a*"]
)


#: The emphasis and quote patterns as first written, with lazy or backtracking inner runs.
_LAZY_EMPHASIS = [
    regex.compile(r"(?<![\w*])\*\*(?=[^\s*])(?P<inner>[^*\n]{1,300}?)(?<=[^\s*])\*\*(?![\w*])"),
    regex.compile(r"(?<![\w*])\*(?=[^\s*])(?P<inner>[^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])"),
    regex.compile(r"(?<![\w_])(?P<m>__|_)(?=[^\s_])(?P<inner>[^_\n]{1,300}?)(?<=[^\s_])(?P=m)(?![\w_])"),
    regex.compile(
        r"\"(?P<a>[^\"\n]{1,300})\"|“(?P<b>[^”\n]{1,300})”|«\s?(?P<c>[^»\n]{1,300}?)\s?»|„(?P<d>[^“”\n]{1,300})[“”]"
        r"|(?<![\p{L}\p{N}])['‘](?=\p{Lu}|\d)(?P<e>[^\n'‘’]{1,200}(?:['’]\p{L}[^\n'‘’]{0,200})?)(?<=\S)['’](?![\p{L}\p{N}])"
    ),
]


@settings(max_examples=1000)
@given(st.lists(_MARKUP_PIECES, max_size=14).map("".join), st.integers(0, 3))
def test_possessive_emphasis_runs_match_like_lazy_ones(body: str, start: int) -> None:
    for lazy, fast in zip(_LAZY_EMPHASIS, (_BOLD, _ITALIC, _UNDER, _QUOTE), strict=True):
        assert [(m.span(), m.span(m.lastgroup or 0)) for m in lazy.finditer(body, start)] == [
            (m.span(), m.span(m.lastgroup or 0)) for m in fast.finditer(body, start)
        ]


_QUOTE_PIECES = st.sampled_from(
    [*"'‘’ aT9éÉ\u0660\u01c5\u2160x.", "it's", " 'T", "‘É", "a' ", "’ ", "'\u0660", "('Ab"]
)


@settings(max_examples=1000)
@given(st.lists(_QUOTE_PIECES, max_size=10).map("".join), st.integers(0, 3))
def test_quote_prefilter_accepts_every_single_quote(body: str, start: int) -> None:
    if any(m.lastgroup == "e" for m in _QUOTE.finditer(body, start)):
        assert _APOSTROPHE_OPENER.search(body[start:]) is not None


@settings(max_examples=300)
@given(st.lists(_MARKUP_PIECES, max_size=30).map("".join))
def test_long_emphasis_runs_match_like_lazy_ones(body: str) -> None:
    body = body.replace("Title", "Title " * 60)  # runs beyond the 300-character bound
    for lazy, fast in zip(_LAZY_EMPHASIS, (_BOLD, _ITALIC, _UNDER, _QUOTE), strict=True):
        assert [m.span() for m in lazy.finditer(body)] == [m.span() for m in fast.finditer(body)]


@settings(max_examples=1000)
@given(st.lists(_URL_PIECES, max_size=6).map("".join))
def test_address_tests_agree_with_the_address_patterns(url: str) -> None:
    assert _is_book_url(url) == (_BOOK_URL.search(url) is not None)
    assert _is_non_book_url(url) == (_NON_BOOK_URL.search(url) is not None)


_BY_PIECES = st.sampled_from(
    [
        *(" by ", "by\t", "by ", "baby ", "*by ", '"by ', ")by ", "Ann Lee", " Lee", " and ", "@ann", "E. "),
        *(" ", "x", " by the ", "\u2003by  Éa", "\x1cby ", "by\t\t", "[by]", " by 9"),
    ]
)


@settings(max_examples=1000)
@given(st.lists(_BY_PIECES, max_size=8).map("".join), st.integers(0, 3), st.integers(0, 3))
def test_by_matches_are_those_of_the_scan(line: str, lead: int, trail: int) -> None:
    cs, end = min(lead, len(line)), max(min(lead, len(line)), len(line) - trail)
    expected = [m.span() for m in _BY.finditer(line, cs, end)]
    assert [m.span() for m in _by_matches(line, cs, end)] == expected


_PAREN_PIECES = st.sampled_from(
    [
        *" (),",
        "(Ann Lee, ",
        " (E. Ho,",
        "1999)",
        "2049",
        "2050)",
        "1499)",
        "1٩٩٩)",
        "15",
        "x",
        "\t",
        "(2018)",
        "(Éva Ek, ",
        "(x",
    ]
)


@settings(max_examples=1000)
@given(st.lists(_PAREN_PIECES, max_size=8).map("".join))
def test_year_bracket_prefilter_accepts_every_author_and_year(body: str) -> None:
    if _PAREN_AUTHOR_YEAR.search(body):
        assert _year_closes_bracket(body)


_CHUNK_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\xa0", "\x1c", "word", "W" * 30, "x" * 79, "y" * 81, ".", "\u2003", "a b c d e f g h"]
)


@settings(max_examples=1000)
@given(st.lists(_CHUNK_PIECES, max_size=20).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_chunks_read_backwards_are_the_last_chunks(text: str, lead: int, trail: int) -> None:
    start, pos = min(lead, len(text)), max(min(lead, len(text)), len(text) - trail)
    forward = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text, start, pos)]
    assert _chunks_back(text, start, pos) == forward[::-1][:12]


def test_every_enumeration_cue_holds_a_stem() -> None:
    assert all(any(stem in cue for stem in _ENUM_CUE_STEMS) for cue in _ENUM_CUES)


_ASCII_NAME_PIECES = st.sampled_from(
    [
        *("O'Brien", "McDonald", "Jones", "E.", "H. ", "K", "Smith-Jones", " van ", " and ", " & ", "&amp;"),
        *("it", "'s", "s'", "'", " ", "Ann ", "Lee", "A" * 30, "\t", "/", "s", " by ", "\x1cby ", "*by "),
        *("@ann", "9", "x", ":", ".", "-", "aB", "Ab'C", "Ann Lee's ", "E. H. Jones' ", "Van's:", "x.'s "),
    ]
)


@settings(max_examples=2000)
@given(st.lists(_ASCII_NAME_PIECES, min_size=1, max_size=10).map("".join), st.integers(0, 3))
def test_ascii_name_patterns_match_like_the_unicode_ones(line: str, start: int) -> None:
    for unicode, ascii in ((_BY, _ASCII_BY), (_POSSESSIVE, _ASCII_POSSESSIVE)):
        expected = [(m.span(), m.group("author")) for m in unicode.finditer(line, start)]
        assert [(m.span(), m.group("author")) for m in ascii.finditer(line, start)] == expected


@settings(max_examples=1000)
@given(
    st.lists(st.sampled_from([" ", "\t", "\x1c", "\x0b", "ab", "Z" * 50, ".", "-"]), max_size=12).map("".join)
)
def test_ascii_chunks_are_the_chunks(text: str) -> None:
    assert [m.span() for m in _ASCII_CHUNK.finditer(text)] == [m.span() for m in _CHUNK.finditer(text)]


_ASCII_MARKUP_PIECES = st.sampled_from(
    [
        *" \t\x1c\n[]()!\"'aZ9.,*",
        "**",
        "*Ab*",
        "[T](u)",
        "](",
        "http://x",
        "it's",
        "'T",
        "A'b",
        "x'",
        " 'Ab' ",
        '"Q"',
        "\x0b",
    ]
)


@settings(max_examples=2000)
@given(st.lists(_ASCII_MARKUP_PIECES, max_size=14).map("".join), st.integers(0, 3))
def test_ascii_markup_patterns_match_like_the_unicode_ones(body: str, start: int) -> None:
    pairs = ((_LINK, _ASCII_LINK), (_QUOTE, _ASCII_QUOTE), (_BOLD, _ASCII_BOLD), (_ITALIC, _ASCII_ITALIC))
    for unicode, ascii in pairs:
        expected = [(m.span(), m.span(m.lastgroup or 0)) for m in unicode.finditer(body, start)]
        assert [(m.span(), m.span(m.lastgroup or 0)) for m in ascii.finditer(body, start)] == expected


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from(["http://", "https:/", "www.", ".com", ".co", ".io", "m", "#", "@", "/", " ", "_"]),
        max_size=5,
    ).map("".join)
)
def test_ascii_link_text_test_agrees(inner: str) -> None:
    assert (_ASCII_URLISH.search(inner) is None) == (_URLISH.search(inner) is None)


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
    while split and body[: split.start()].count("(") > body[: split.start()].count(")"):
        split = _SENTENCE_SPLIT.search(body, body.index(")", split.start()) + 1)  # inside brackets
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
        titles_of = [p[: n.start()] if (n := _TRAILING_NOTE.search(p)) else p for p in parts]
        return [
            (cs, len(parts[0]), titles_of[0], 0.55),
            (second, second + len(parts[1]), titles_of[1], 0.55),
        ]
    return [(cs, cs + len(stripped), check, 0.6 if len(ws) > 1 else 0.5)]


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


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from(["Posted by u/x", "posted BY U/", "⬆", "💬", "a", " ", "/", "u", "U"]), max_size=5
    ).map("".join)
)
def test_meta_anywhere_found_like_the_pattern(raw: str) -> None:
    assert _is_meta_anywhere(raw) == (_META_ANYWHERE.search(raw) is not None)


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
    taken, expected_taken = Spans(), Spans()
    for start, length in prior:
        if not taken.overlaps(start, start + length):
            taken.add(start, start + length)
            expected_taken.add(start, start + length)
    expected = _resolve_by_sorted_spans(candidates, expected_taken)
    assert [id(c) for c in _resolve(candidates, taken)] == [id(c) for c in expected]
    assert [taken.covers(i) for i in range(80)] == [expected_taken.covers(i) for i in range(80)]


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
