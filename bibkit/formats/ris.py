"""RIS: pure ``Book`` → ``TY  - BOOK`` records (EndNote, Mendeley, Zotero, library systems), and
the reader of RIS files from any of them.

One tag per line as ``TAG  - value`` with CR LF, ``TY`` first and ``ER`` last, authors one per
``AU`` line as ``Last, First, Suffix`` (RIS specification). A value with a line break would start
a new record (``ER  -`` injected by a catalogue title), so every value is one line.
Tags follow Zotero's exporter (``RIS.js``): in a book, editors ``A3``, translators ``A4``, series
``T2``, series number ``M1``, original publication ``OP``, page count ``SP``. An entry of another
kind has its own type (``JOUR``, ``CHAP``, ``CPAPER``, ``ELEC``, ``THES``, ``RPRT``...; see
:mod:`bibkit.formats.kinds`), its container in ``T2`` (a conference paper's proceedings in
``C3``), volume ``VL``, issue ``IS``, pages ``SP``/``EP``, editors ``A2``, series ``T3``, the
type of a thesis or report ``M3``, a report's number ``SN`` and the DOI ``DO``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bibkit.dates import year_of
from bibkit.errors import FormatError
from bibkit.formats import editions, kinds
from bibkit.identity import isbn13_of
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book
from bibkit.names import Name, parse_name
from bibkit.text import clean

__all__ = ["RisRecord", "dumps", "loads", "looks_like", "read", "record", "ris_name"]

_EOL = "\r\n"


def ris_name(text: str) -> str:
    """``Last, First, Suffix`` (particle kept with the last name); organisations as written."""
    name = parse_name(text)
    if name.corporate or name.others:
        return name.family
    return ", ".join(p for p in (name.last, name.given, name.suffix) if p)


def record(book: Book) -> str:
    """One RIS record for ``book``, ending with ``ER  - `` and a blank line."""
    kind = book.kind
    whole = kind in _WHOLE
    lines: list[tuple[str, str]] = [("TY", kinds.ris_type(kind))]
    lines += [("AU", ris_name(a)) for a in book.authors if clean(a)]
    editor_tag = "A3" if kind == "book" else "ED" if kind == "report" else "A2"
    lines += [(editor_tag, ris_name(e)) for e in book.editors if clean(e)]
    lines += [("A4", ris_name(t)) for t in book.translators if clean(t)]
    lines.append(("TI", book.full_title))
    if book.container_title and kind in kinds.CONTAINED:
        lines.append(("C3" if kind == "paper-conference" else "T2", book.container_title))
    if book.series:
        if kind == "book":
            lines.append(("T2", book.series))
            if book.volume:
                lines.append(("M1", book.volume))
        else:
            lines.append(("T2" if kind == "report" else "T3", book.series))
            if book.volume and kind not in kinds.ARTICLES:
                lines.append(("SV", book.volume))
    if book.volume and (kind in kinds.ARTICLES or (not book.series and kind != "book")):
        lines.append(("VL", book.volume))
    if book.number:
        lines.append(("SN" if kind == "report" else "IS", book.number))
    if book.page_range and not whole:
        first, last = kinds.page_ends(book.page_range)
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    number = editions.number(book.edition)
    if book.edition:
        lines.append(("ET", str(number) if number else book.edition))
    if book.genre:
        lines.append(("M3", book.genre))
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
    if book.pages and whole:
        lines.append(("SP", str(book.pages)))
    doi = book.identifier("doi")
    if doi:
        lines.append(("DO", doi))
    if book.url:
        lines.append(("UR", book.url))
    body = "".join(f"{tag}  - {clean(value)}{_EOL}" for tag, value in lines if tag == "TY" or clean(value))
    return body + "ER  - " + _EOL + _EOL


#: Kinds whose ``SP`` is their page count (Zotero's ``numPages``), not a range in a container.
_WHOLE = frozenset({"book", "thesis", "manuscript"})


def dumps(books: Iterable[Book]) -> str:
    """RIS records for ``books``, UTF-8 text with CR LF line ends."""
    return "".join(record(book) for book in books)


# ---------------------------------------------------------------------------------------------
# Reading

#: ``TAG  - value``. The specification wants two spaces before the dash; exporters in the wild
#: write one or none, and a tag with nothing after its dash ("ER  -").
_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{0,2}-(?: (.*))?$")


def _person(value: str) -> str:
    """A display name from RIS's ``Last, First, Suffix`` (or a name written as it is)."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) < 2 or not parts[1]:
        return clean(value)
    return Name(family=parts[0], given=parts[1], suffix=", ".join(p for p in parts[2:] if p)).display


def _year(values: list[str]) -> int | None:
    """The year of the first of ``values`` (``PY``, ``DA``, ``Y1``...) that writes one."""
    return next((year for value in values if (year := year_of(value)) is not None), None)


def _book(tags: Mapping[str, Sequence[str]]) -> Book:
    def first(*names: str) -> str | None:
        for name in names:
            for value in tags.get(name, ()):
                if clean(value):
                    return clean(value)
        return None

    def people(*names: str) -> tuple[str, ...]:
        return tuple(_person(v) for name in names for v in tags.get(name, ()) if clean(v))

    ty = (first("TY") or "GEN").upper()
    kind = kinds.from_ris(ty)
    bookish = ty in _BOOK_TYPES
    isbn13 = isbn10 = None
    report_number = None
    for value in tags.get("SN", ()):
        for candidate in re.split(r"[\s,;]+", value):
            found = to_isbn13(candidate)
            if found and isbn13 is None:
                isbn13 = found
                digits = re.sub(r"[^0-9Xx]", "", candidate)
                isbn10 = to_isbn10(candidate) if len(digits) == 10 else None
        if kind == "report" and clean(value) and not any(to_isbn13(c) for c in re.split(r"[\s,;]+", value)):
            report_number = report_number or clean(value)
    whole = kind in _WHOLE
    pages = first("SP") if whole and not tags.get("EP") else None
    start, end = (first("SP"), first("EP")) if not whole else (None, None)
    page_range = kinds.normalize_pages(f"{start}\u2013{end}" if start and end else start or end)
    identifiers = [("ris_type", ty)]
    doi = first("DO")
    if doi:
        identifiers.append(("doi", doi))
    key = first("ID")
    if key:
        identifiers.insert(0, ("citation_key", key))
    # In a book record T2 is the series (Zotero writes it so), and in a report; elsewhere it
    # names the journal, the book a chapter is in or the website, and T3 is the series.
    if bookish:
        series = first("T3", "T2")
    elif kind == "report":
        series = first("T2", "T3")
    else:
        series = first("T3")
    return Book(
        title=first("TI", "T1", "CT") or (first("BT") if bookish else None) or "",
        authors=people("AU", "A1"),
        editors=people("A3", "ED") if bookish else people("ED", "A2"),
        translators=people("A4"),
        publisher=first("PB"),
        place=first("CY", "PP", "C1"),
        year=_year([*tags.get("PY", ()), *tags.get("DA", ()), *tags.get("Y1", ())]),
        original_year=_year(list(tags.get("OP", ()))),
        edition=editions.as_read(first("ET")),
        isbn13=isbn13,
        isbn10=isbn10,
        language=first("LA"),
        pages=int(pages) if pages and pages.isdigit() else None,
        series=series,
        volume=first("M1") if bookish and series else (first("SV", "VL") if series else first("VL")),
        url=first("UR", "L2"),
        kind=kind,
        container_title=_container(kind, first),
        number=report_number or first("IS") if kind in kinds.ARTICLES or kind == "report" else None,
        page_range=page_range,
        genre=first("M3") if kind in ("thesis", "report", "webpage") else None,
        identifiers=tuple(identifiers),
    )


def _container(kind: str, first: Callable[..., str | None]) -> str | None:
    """The journal, book, proceedings or website a record is in (tags as exporters write them)."""
    if kind in kinds.ARTICLES:
        return first("T2", "JF", "JO", "JA", "BT")
    if kind == "paper-conference":
        return first("C3", "T2", "BT")
    if kind in ("chapter", "webpage"):
        return first("T2", "BT")
    return None


#: RIS types whose records describe a whole book (``SP`` is then its page count).
_BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK", "CLASSIC"})


@dataclass(frozen=True, slots=True)
class RisRecord:
    """One record as written: the line its ``TY`` is on, and its values tag by tag in order."""

    line: int
    tags: Mapping[str, Sequence[str]]


def read(text: str, *, source: str = "<ris>") -> list[tuple[RisRecord, Book]]:
    """Every record of a RIS text with the book it describes, in order; the RIS type is kept
    as the ``ris_type`` identifier. A value continued on the next line (some exporters wrap
    long abstracts) joins the line before.

    Raises:
        FormatError: A record that never ends (no ``ER``), a tag outside a record, or no
            record at all; the message names the line.
    """
    records: list[tuple[RisRecord, Book]] = []
    tags: dict[str, list[str]] | None = None
    last: str | None = None
    opened = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.rstrip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            if tags is not None and last is not None and tags[last]:
                tags[last][-1] += " " + line.strip()
                continue
            raise FormatError(f"{source}: line {number}: not a RIS line (expected 'TY  - ...')")
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if tags is not None:
                raise FormatError(f"{source}: line {opened}: the record is never closed with 'ER  -'")
            tags, opened = {"TY": [value]}, number
        elif tags is None:
            raise FormatError(f"{source}: line {number}: '{tag}' outside a record (records start with 'TY')")
        elif tag == "ER":
            records.append((RisRecord(opened, tags), _book(tags)))
            tags = None
        else:
            tags.setdefault(tag, []).append(value)
        last = tag
    if tags is not None:
        raise FormatError(f"{source}: line {opened}: the record is never closed with 'ER  -'")
    if not records:
        raise FormatError(f"{source}: line 1: no RIS record (a record starts with 'TY  - ')")
    return records


_START = re.compile(r"\s*TY {1,2}- ?\S")


def looks_like(text: str) -> bool:
    """Whether a text opens as a RIS file does: its first record's ``TY  -`` line."""
    return _START.match(text) is not None


def loads(text: str, *, source: str = "<ris>") -> list[Book]:
    """The records of a RIS text as books, in order (see :func:`read`).

    Raises:
        FormatError: A record that never ends (no ``ER``), a tag outside a record, or no
            record at all; the message names the line.
    """
    return [book for _, book in read(text, source=source)]
