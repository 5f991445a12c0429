"""ISBN helpers: thin, typed wrappers over isbnlib so that the rest of bibkit has one place
to ask "is this an ISBN, and what is its ISBN-13?", and :func:`find_identifiers`, which says
where a text writes one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import isbnlib

__all__ = ["Identifier", "find_identifiers", "find_isbns", "hyphenate", "isbn_form", "to_isbn10", "to_isbn13"]


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


@dataclass(frozen=True, slots=True)
class Identifier:
    """An ISBN as a text writes it.

    Attributes:
        start: Offset of the identifier: its "ISBN" prefix, or the start of the link.
        end: Offset one past it (the check digit, or the end of the link).
        isbn13: The ISBN-13 it stands for, digits only.
        link: Whether it is a bookshop or catalogue address carrying the ISBN.
    """

    start: int
    end: int
    isbn13: str
    link: bool = False


#: An ISBN-10 or ISBN-13 as people write it: digits with single hyphens or spaces between,
#: optionally after "ISBN", "ISBN-13:", "ISBN10 #"; not part of a longer number or word.
_WRITTEN = re.compile(
    r"(?:(?P<prefix>\bISBN(?:[- ]?1[03])?[ \t]*[:#]?[ \t]*)|(?<![\w-]))"
    r"(?P<number>(?:97[89][- ]?)?[0-9](?:[- ]?[0-9]){8}[- ]?[0-9Xx])(?![\w-])",
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
#: Addresses whose ISBN names the book: bookshops and catalogues (other sites' numbers are not
#: ISBNs, even when one happens to pass the check digit).
_BOOK_SITES = re.compile(
    r"amazon\.|amzn\.|goodreads\.|bookshop\.|books\.google\.|google\.[a-z.]+/books|openlibrary\.|"
    r"worldcat\.|barnesandnoble\.|waterstones\.|blackwells\.|abebooks\.|bookfinder\.|isbnsearch\.|"
    r"isbndb\.|powells\.|alibris\.|thriftbooks\.|bookdepository\.|indigo\.ca|booktopia\.|hive\.co\.uk|"
    r"kobo\.|biblio\.com|isbn",
    re.IGNORECASE,
)
#: What may stand on a line around a number that is alone there: list markers, numbering,
#: emphasis and closing punctuation.
_LINE_HEAD = re.compile(r"[ \t]*(?:[-*+•·>]+|\d{1,3}[.)])?[ \t*_`]*\Z")
_LINE_TAIL = re.compile(r"[ \t*_`.,;]*(?:\n|\Z)")


def _alone(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LINE_HEAD.match(text, line_start, start)) and bool(_LINE_TAIL.match(text, end))


def find_identifiers(text: str) -> list[Identifier]:
    """Where ``text`` writes an ISBN, in order; the spans do not overlap.

    An identifier is a valid ISBN-10 or ISBN-13 written with an "ISBN" prefix ("ISBN
    978-0-393-30195-3", "ISBN: 0393301958"), an ISBN-13 anywhere (978/979 and a check digit
    leave no doubt), a bare ISBN-10 alone on its line ("- 0393301958"), or a bookshop,
    Open Library, Google Books or Goodreads address carrying one. A ten-digit number in a
    sentence is not one: a phone or order number passes the ISBN-10 check one time in eleven.
    """
    found: list[Identifier] = []
    links: list[tuple[int, int]] = []
    for match in _LINK.finditer(text):
        url = match.group(0).rstrip(".,;:!?*_")
        end = match.start() + len(url)
        links.append((match.start(), end))
        if _BOOK_SITES.search(url):
            isbns = find_isbns(url)
            if isbns:
                found.append(Identifier(match.start(), end, isbns[0], link=True))
    for match in _WRITTEN.finditer(text):
        start, end = match.span()
        if any(a < end and start < b for a, b in links):
            continue
        isbn13 = to_isbn13(match.group("number"))
        if isbn13 is None:
            continue
        digits = re.sub(r"[^0-9Xx]", "", match.group("number"))
        if match.group("prefix") or len(digits) == 13 or _alone(text, start, end):
            found.append(Identifier(start, end, isbn13))
    return sorted(found, key=lambda i: i.start)


def isbn_form(old: str, new: str) -> str:
    """``new`` written the way ``old`` was: ISBN-10 or -13, with or without hyphens."""
    digits = "".join(c for c in old if c.isdigit() or c in "Xx")
    isbn = (to_isbn10(new) if len(digits) == 10 else None) or to_isbn13(new) or new
    return hyphenate(isbn) if "-" in old else isbn
