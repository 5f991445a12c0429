"""The cheap tests that stand in for the inline rules' patterns must accept all they accept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.mentions.layout import Line, find_frames
from bibkit.mentions.rules import (
    _URLISH,
    _bare_entry,
    _entry_with_author,
    _ListBlock,
    _may_pair_author,
)

_LINK_TEXT_PIECES = st.sampled_from(
    ["http://", "https:/", "www.", ".com", ".co", ".io", "m", "#", "@", "/", " ", "_", ".", "é", "Title"]
)


@settings(max_examples=2000)
@given(st.lists(_LINK_TEXT_PIECES, max_size=6).map("".join))
def test_link_text_without_dot_or_slash_is_urlish_only_by_its_opening(inner: str) -> None:
    if "." not in inner and "/" not in inner:
        assert (_URLISH.search(inner) is not None) == inner.startswith(("#", "@"))


_ENTRY_PIECES = st.sampled_from(
    [
        *("Albert Camus", "Jane Doe", "The Plague", "la peste", "É", "é", "a", "Z", "1999", "(1999)"),
        *(", ", ": ", ",", ":", " - ", " – ", "\t—\t", "-", " ", ".", "by ", "Senior Engineer"),
        *("*T*", "\u2003"),
    ]
)


@settings(max_examples=3000)
@given(st.lists(_ENTRY_PIECES, min_size=1, max_size=8).map("".join))
def test_running_text_without_author_shape_yields_no_entry(body: str) -> None:
    line = Line(0, len(body), 0, "text")
    frames = find_frames(body, 0, len(body))
    block = _ListBlock(body, line, [line], 0)
    if not _may_pair_author(body):
        assert _entry_with_author(body, line, frames, set(), block, whole_line=True) == []
        assert _bare_entry(body, line, frames, commented=True) == []
