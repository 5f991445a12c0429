"""Properties that hold for any input: offsets slice the source, nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibkit import extract

_PIECES = st.sampled_from(
    [
        "The ",
        "Book ",
        "of ",
        "by ",
        "Ann Lee",
        "'s ",
        '"',
        "“",
        "”",
        "*",
        "_",
        "[",
        "](",
        "http://x.y/dp/0735611319)",
        ", ",
        ": ",
        " - ",
        "\n",
        "\n\n",
        "* ",
        "1. ",
        "## ",
        "(1999)",
        "Война ",
        "и мир",
        "Albert Camus, ",
        "la peste",
        "García ",
        "Books:\n",
        "宇宙",
        "&amp;",
        "é",
        "\t",
        "  ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for m in extract(text):
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0
        assert m.title


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_markup_soup_offsets_slice_source(text: str) -> None:
    previous_end = -1
    for m in extract(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # in order, not overlapping
        previous_end = m.end
