"""ISBN helpers: thin, typed wrappers over isbnlib so that the rest of bibkit has one place
to ask "is this an ISBN, and what is its ISBN-13?"."""

from __future__ import annotations

import isbnlib

__all__ = ["find_isbns", "hyphenate", "to_isbn10", "to_isbn13"]


def to_isbn13(text: str) -> str | None:
    """The ISBN-13 (digits only) of a valid ISBN-10 or ISBN-13 in any form, else ``None``."""
    code = isbnlib.canonical(str(text))
    if isbnlib.is_isbn13(code):
        return str(code)
    if isbnlib.is_isbn10(code):
        return str(isbnlib.to_isbn13(code))
    return None


def to_isbn10(text: str) -> str | None:
    """The ISBN-10 of an ISBN; ``None`` for 979- ISBNs, which have none."""
    isbn13 = to_isbn13(text)
    if isbn13 is None:
        return None
    isbn10 = isbnlib.to_isbn10(isbn13)
    return str(isbn10) if isbn10 else None


def find_isbns(text: str) -> list[str]:
    """Valid ISBN-13s found in free text (hyphenated, ISBN-10 or inside links), in order."""
    found: list[str] = []
    for candidate in isbnlib.get_isbnlike(text, level="normal"):
        isbn13 = to_isbn13(candidate)
        if isbn13 and isbn13 not in found:
            found.append(isbn13)
    return found


def hyphenate(isbn: str) -> str:
    """The ISBN with its registration-group hyphens, or the input unchanged if unknown."""
    masked = isbnlib.mask(isbn) if isbn else ""
    return str(masked) if masked else isbn
