"""The cheap tests that stand in for the inline rules' patterns must accept all they accept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit.mentions.rules import _URLISH

_LINK_TEXT_PIECES = st.sampled_from(
    ["http://", "https:/", "www.", ".com", ".co", ".io", "m", "#", "@", "/", " ", "_", ".", "é", "Title"]
)


@settings(max_examples=2000)
@given(st.lists(_LINK_TEXT_PIECES, max_size=6).map("".join))
def test_link_text_without_dot_or_slash_is_urlish_only_by_its_opening(inner: str) -> None:
    if "." not in inner and "/" not in inner:
        assert (_URLISH.search(inner) is not None) == inner.startswith(("#", "@"))
