"""ISBN helpers: thin, typed wrappers over isbnlib so that the rest of bibkit has one place
to ask "is this an ISBN, and what is its ISBN-13?"."""

from __future__ import annotations

import re

import isbnlib

__all__ = ["find_isbns", "hyphenate", "to_isbn10", "to_isbn13"]


_CLEAN13 = re.compile(r"97[89][0-9]{10}")
_CLEAN10 = re.compile(r"[0-9]{9}[0-9X]")


def _check13(first12: str) -> str:
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def _check10(first9: str) -> str:
    total = sum(int(c) * (10 - i) for i, c in enumerate(first9))
    digit = (11 - total % 11) % 11
    return "X" if digit == 10 else str(digit)


def to_isbn13(text: str) -> str | None:
    """The ISBN-13 (digits only) of a valid ISBN-10 or ISBN-13 in any form, else ``None``.

    ISBNs already in clean form (13 digits, or 9 digits and a check character), as catalogue
    records and dumps hold them, are checked here directly: a catalogue build reads tens of
    millions, and isbnlib's general parsing costs ten times as much. Anything else goes
    through isbnlib (the test suite checks that both ways agree).
    """
    text = str(text)
    if text == "0000000000":  # passes the checksum, but isbnlib (rightly) takes it for no ISBN
        return None
    if len(text) == 13 and _CLEAN13.fullmatch(text):
        return text if _check13(text[:12]) == text[12] else None
    if len(text) == 10 and _CLEAN10.fullmatch(text):
        if _check10(text[:9]) != text[9]:
            return None
        core = "978" + text[:9]
        return core + _check13(core)
    code = isbnlib.canonical(text)
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
