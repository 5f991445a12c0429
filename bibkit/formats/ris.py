"""RIS: pure ``Book`` → ``TY  - BOOK`` records (EndNote, Mendeley, Zotero, library systems).

One tag per line as ``TAG  - value`` with CR LF, ``TY`` first and ``ER`` last, authors one per
``AU`` line as ``Last, First, Suffix`` (RIS specification). A value with a line break would start
a new record (``ER  -`` injected by a catalogue title), so every value is one line.
Tags follow Zotero's exporter: editors ``A3``, translators ``A4``, series ``T2``, series number
``M1``, original publication ``OP``.
"""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.formats.bibtex import edition_number
from bibkit.identity import isbn13_of
from bibkit.model import Book
from bibkit.names import parse_name
from bibkit.text import clean

__all__ = ["dumps", "record", "ris_name"]

_EOL = "\r\n"


def ris_name(text: str) -> str:
    """``Last, First, Suffix`` (particle kept with the last name); organisations as written."""
    name = parse_name(text)
    if name.corporate or name.others:
        return name.family
    return ", ".join(p for p in (name.last, name.given, name.suffix) if p)


def record(book: Book) -> str:
    """One RIS record for ``book``, ending with ``ER  - `` and a blank line."""
    lines: list[tuple[str, str]] = [("TY", "BOOK")]
    lines += [("AU", ris_name(a)) for a in book.authors if clean(a)]
    lines += [("A3", ris_name(e)) for e in book.editors if clean(e)]
    lines += [("A4", ris_name(t)) for t in book.translators if clean(t)]
    lines.append(("TI", book.full_title))
    if book.series:
        lines.append(("T2", book.series))
        if book.volume:
            lines.append(("M1", book.volume))
    number = edition_number(book.edition)
    if book.edition:
        lines.append(("ET", str(number) if number else book.edition))
    if book.publisher:
        lines.append(("PB", book.publisher))
    if book.place:
        lines.append(("CY", book.place))
    if book.year is not None:
        lines.append(("PY", f"{book.year:04d}"))
        lines.append(("DA", f"{book.year:04d}///"))
    if book.original_year is not None:
        lines.append(("OP", str(book.original_year)))
    isbn = isbn13_of(book)
    if isbn:
        lines.append(("SN", isbn))
    if book.language:
        lines.append(("LA", book.language))
    if book.pages:
        lines.append(("SP", str(book.pages)))
    if book.url:
        lines.append(("UR", book.url))
    body = "".join(f"{tag}  - {clean(value)}{_EOL}" for tag, value in lines if tag == "TY" or clean(value))
    return body + "ER  - " + _EOL + _EOL


def dumps(books: Iterable[Book]) -> str:
    """RIS records for ``books``, UTF-8 text with CR LF line ends."""
    return "".join(record(book) for book in books)
