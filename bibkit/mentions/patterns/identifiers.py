"""Identifiers: an ISBN printed in the text or carried by an address names one edition exactly.

An ISBN counts when it is labelled ("ISBN 0-393-30195-8", "ISBN-13: …"), when it stands alone
on its line ("- 9780393301953"), when it is a thirteen-digit 978/979 number with a valid check
digit, or when it is part of the address of a bookshop or catalogue page ("amazon.com/dp/…",
"openlibrary.org/isbn/…"), written out or behind a link. A ten-digit number in a sentence is a
phone number as often as an ISBN, and an address elsewhere (a social network's status number)
is no identifier.
"""

from __future__ import annotations

import regex

from bibkit.isbn import to_isbn13
from bibkit.mentions.candidate import Proposals
from bibkit.mentions.links import link_kind
from bibkit.mentions.page import Page

__all__ = ["ISBN", "isbn_in_url", "propose"]

#: An ISBN as people print it: an optional "ISBN", "ISBN-13:" or "ISBN:" label, then ten or
#: thirteen digits (the last of ten may be X) with optional hyphens or spaces between groups.
ISBN = regex.compile(
    r"(?P<label>\bISBN(?:-1[03])?[ \t]*:?[ \t]*)?(?<![\d\-])"
    r"(?P<number>(?:97[89][ \-]?)?\d{1,5}[ \-]?\d{1,7}[ \-]?\d{1,7}[ \-]?[\dXx])(?![\d\-])"
)
_URL = regex.compile(r"https?://[^\s<>\"'()\[\]{}]+")
_URL_ISBN = regex.compile(r"(?<!\d)(97[89]\d{10}|\d{9}[\dX])(?!\d)")
_MARKER = regex.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])?[ \t]*")


def isbn_in_url(url: str) -> str | None:
    """The ISBN-13 in the address of a bookshop or catalogue page, or in any address whose path
    says "isbn"; None for other addresses."""
    if link_kind(url) != "bookshop" and "isbn" not in url.casefold():
        return None
    for match in _URL_ISBN.finditer(url):
        isbn = to_isbn13(match.group())
        if isbn is not None:
            return isbn
    return None


def _alone(page: Page, start: int, end: int) -> bool:
    """Whether [start, end) is all there is on its line (after a list marker)."""
    line = page.line_of(start)
    text = page.text
    return _MARKER.fullmatch(text, line.start, start) is not None and not text[end : line.end].strip(" \t.,;")


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for match in ISBN.finditer(text):
        digits = regex.sub(r"[^\dXx]", "", match.group("number")).upper()
        if len(digits) not in (10, 13):
            continue
        isbn = to_isbn13(digits)
        if isbn is None:
            continue
        if match.group("label") or len(digits) == 13 or _alone(page, match.start(), match.end()):
            out.add("isbn", match.start(), match.end(), isbn=isbn, identifier=True)
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        isbn = isbn_in_url(url)
        if isbn is not None:
            out.add("isbn", match.start(), match.start() + len(url), isbn=isbn, identifier=True)
    for mark in page.marks:
        if mark.url:
            isbn = isbn_in_url(mark.url)
            if isbn is not None:
                inner = text[mark.start : mark.end].strip()
                bare = inner.startswith(("http://", "https://", "www.")) or to_isbn13(inner) is not None
                out.add("isbn", mark.start, mark.end, isbn=isbn, identifier=bare)
