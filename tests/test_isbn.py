"""ISBN helpers: the fast path for clean ISBNs says exactly what isbnlib says."""

from __future__ import annotations

import isbnlib
from hypothesis import given
from hypothesis import strategies as st

from bibkit.isbn import isbn_form, to_isbn10, to_isbn13


def _isbnlib(text: str) -> str | None:
    code = isbnlib.canonical(text)
    if isbnlib.is_isbn13(code):
        return str(code)
    if isbnlib.is_isbn10(code):
        return str(isbnlib.to_isbn13(code))
    return None


CLEAN = st.one_of(
    st.text("0123456789", min_size=12, max_size=12).map(lambda d: d + "0123456789"[len(d) % 10]),
    st.text("0123456789", min_size=10, max_size=10).map(lambda d: "97" + d[0] + d[1:] + d[:1]),
    st.text("0123456789", min_size=9, max_size=9).flatmap(
        lambda d: st.sampled_from([d + c for c in "0123456789X"])
    ),
)


@given(st.one_of(CLEAN, st.text("0123456789Xx- ", max_size=17)))
def test_clean_and_other_forms_agree_with_isbnlib(text: str) -> None:
    assert to_isbn13(text) == _isbnlib(text)


def test_known_isbns() -> None:
    assert to_isbn13("0000000000") is None
    assert to_isbn13("0-393-30195-8") == "9780393301953"
    assert to_isbn13("0393301958") == "9780393301953"
    assert to_isbn13("9780393301953") == "9780393301953"
    assert to_isbn13("9780393301954") is None  # wrong check digit
    assert to_isbn13("080442957X") == "9780804429573"
    assert to_isbn10("9790000000001") is None  # 979 has no ISBN-10


def test_a_corrected_isbn_keeps_the_form_the_user_wrote() -> None:
    # Serge, Year One of the Russian Revolution (Haymarket, 2015); Fitzpatrick, The Russian
    # Revolution (Oxford University Press).
    assert isbn_form("1-60846-267-6", "9781608462674") == "1-60846-267-6"
    assert isbn_form("9781608462674", "1608462676") == "9781608462674"
    assert isbn_form("978-0-19-923767-1", "0199237670") == "978-0-19-923767-8"
    assert isbn_form("0199237670", "9780199237678") == "0199237670"
