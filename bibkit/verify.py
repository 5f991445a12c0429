"""Checking an existing bibliography against the catalogues, and repairing it safely.

A bibliography pasted from a chat assistant, merged from colleagues or exported years ago cites
books that do not exist, ISBNs of other books, misspelt names and years of no edition. For each
book-like entry (``@book``, ``@inbook``, ``@incollection``, ``@mvbook``..., CSL ``book``; other
entries are reported as skipped) the check asks the configured sources two independent things:

* the ISBN's own record (one batched lookup for the whole file): an ISBN whose record is
  another book is the classic sign of an invented reference; a bad check digit is a typo;
* a search by title and author, through the same retrieval and scoring as ``bibkit resolve``
  (:func:`bibkit.resolve.search_one`, :mod:`bibkit.match`), so the check improves with them:
  no such work means "possibly invented" (the nearest works found are suggested), the same
  title by someone else means an invented or confused author, a name that only matches with a
  typo allowed is misspelt, a year before the work's first publication is impossible.

The ISBN's record, when it agrees with the entry's title and author, is the edition the entry
cites: its year and publisher are compared with the entry's, and it fills fields that citation
styles print (publisher, year, address). Those are the only repairs :func:`fix` makes, with
ISBN corrections where the right edition is certain (the resolved work's edition is one typo
away from the written ISBN, or has the entry's year and publisher). A field the user wrote is
replaced only when the caller names it in ``overwrite``, except an ISBN that is provably wrong.

Severity: ``error`` for what is wrong (invented book or author, ISBN of another book, bad check
digit, impossible year), ``warning`` for what is likely wrong or missing, ``info`` otherwise.
The thresholds are resolution's measured ones (:data:`bibkit.resolve.RESOLVE_THRESHOLD`):
an ISBN record "is this book" when its title scores as a resolved match would.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bibkit.errors import FormatError, InputError, SourceError, SourceUnavailable
from bibkit.formats import bibtex, csl, csl_edit, format_for_path, write_file
from bibkit.formats.bibfile import Block, decode_bytes, field_value, macros_of, scan
from bibkit.formats.edit import FieldEdit, apply_edits, edit_for, find_field
from bibkit.formats.latex import decode
from bibkit.isbn import to_isbn13
from bibkit.match import author_agreement, fold, names_agree, normalize_title, surname_key, title_similarity
from bibkit.model import Book, Change, Finding, Mention, Resolution, Severity, Status
from bibkit.resolve import RESOLVE_THRESHOLD, merge
from bibkit.sources.base import Source

__all__ = [
    "BIB_BOOK_TYPES",
    "CERTAIN",
    "CSL_BOOK_TYPES",
    "OVERWRITABLE",
    "CheckReport",
    "Document",
    "Entry",
    "as_document",
    "can_fix",
    "check_entries",
    "fix",
    "judge",
    "read_document",
]

#: BibTeX/BibLaTeX entry types that cite a book (or a part of one: then ``booktitle`` is checked).
BIB_BOOK_TYPES = frozenset(
    {"book", "mvbook", "inbook", "bookinbook", "suppbook", "incollection", "collection", "mvcollection"}
)
#: CSL item types that cite a book.
CSL_BOOK_TYPES = frozenset({"book"})

#: A resolved work at or above this confidence is sure enough to take an ISBN from: every
#: confidence of 0.9 or more was the right work in resolution's benchmark (see bibkit.match).
CERTAIN = 0.9

#: Fields ``overwrite`` may name: the values a check can compare with a certain record.
OVERWRITABLE = ("isbn", "publisher", "year", "place", "author", "title")

#: Words that say what kind of publisher, not which: "Penguin Books" is "Penguin".
_PUBLISHER_NOISE = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "press books book publishing publishers publisher publications inc ltd llc co company corp "
        "and the of group house editions edition verlag limited sons"
    ).split()
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One entry of a bibliography, as the check sees it.

    Attributes:
        key: Citation key or CSL id.
        kind: Entry type (``book``, ``incollection``...) or CSL type, lower-case.
        line: Line of the entry in the file, where known.
        book: What the entry says about the book it cites (for a chapter, the book it is in).
        isbn_text: The ISBN field as written, if any.
        block: The .bib block it was read from.
        index: Its position among the items of a CSL-JSON file.
    """

    key: str
    kind: str
    line: int | None
    book: Book
    isbn_text: str | None = None
    block: Block | None = None
    index: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A bibliography file as read for checking and repairing.

    Attributes:
        label: The file name, or ``standard input``.
        path: Where it was read from; ``None`` for text given directly or standard input.
        format: ``bibtex`` or ``csljson``.
        text: Its text.
        utf8: Whether it is UTF-8 (a .bib that is not is read as Latin-1, byte for byte).
        entries: Its entries, in order.
        blocks: For .bib, every block, as :func:`bibkit.formats.bibfile.scan` gives them.
    """

    label: str
    path: Path | None
    format: str
    text: str
    utf8: bool = True
    entries: tuple[Entry, ...] = ()
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    """What a check found, and what a repair changed.

    Attributes:
        source: The file checked.
        findings: Every finding, entry by entry in file order.
        checked: Book-like entries checked against the catalogues.
        skipped: Entries that cite no book (articles, web pages...), not checked.
        applied: The changes written (empty without ``fix``).
        written: Where the repaired file was written, if it was.
        backup: The copy of the file it replaced, if one was made.
    """

    source: str
    findings: tuple[Finding, ...] = ()
    checked: int = 0
    skipped: int = 0
    applied: tuple[Change, ...] = ()
    written: str | None = None
    backup: str | None = None

    def with_severity(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def remaining_errors(self) -> tuple[Finding, ...]:
        """Errors the written repairs did not settle: what should fail a CI job."""
        done = set(self.applied)
        return tuple(
            f
            for f in self.findings
            if f.severity is Severity.ERROR and (f.change is None or f.change not in done)
        )

    @property
    def ok(self) -> bool:
        return not self.remaining_errors


# ---------------------------------------------------------------------------------------------
# Reading


def _bib_entries(text: str, label: str) -> tuple[tuple[Entry, ...], tuple[Block, ...]]:
    blocks = tuple(scan(text, source=label))
    macros = macros_of(text, blocks)
    entries = []
    for block, book in bibtex.read(text, source=label, blocks=blocks):
        isbn = find_field(text, block, ("isbn",))
        isbn_text = decode(field_value(text, isbn, macros)) or None if isbn else None
        booktitle = find_field(text, block, ("booktitle",))
        if booktitle is not None:
            # A part of a book: the catalogues know the book, by its author or editors.
            people = find_field(text, block, ("bookauthor", "editor"))
            names = bibtex.read_names(field_value(text, people, macros)) if people else book.authors
            title = decode(field_value(text, booktitle, macros))
            book = dataclasses.replace(book, title=title, subtitle=None, authors=names, editors=())
        entries.append(
            Entry(
                key=block.key or "",
                kind=block.kind,
                line=block.line,
                book=book,
                isbn_text=isbn_text,
                block=block,
            )
        )
    return tuple(entries), blocks


def _csl_entries(text: str, label: str) -> tuple[Entry, ...]:
    entries = []
    for index, (item, book) in enumerate(csl.read(text, source=label)):
        isbn = item.get("ISBN")
        entries.append(
            Entry(
                key=book.identifier("citation_key") or str(index + 1),
                kind=str(item.get("type", "")).lower(),
                line=None,
                book=book,
                isbn_text=str(isbn) if isbn not in (None, "") else None,
                index=index,
            )
        )
    return tuple(entries)


def parse_document(
    data: bytes, *, label: str, format: str | None = None, path: Path | None = None
) -> Document:
    """A bibliography from its bytes.

    Args:
        data: The file's content.
        label: Its name, for messages.
        format: ``bibtex`` or ``csljson``; by default from the suffix of ``path``, else from
            the first character (``[`` or ``{`` is CSL-JSON).
        path: Where it came from, if a file.

    Raises:
        FormatError: Malformed .bib or JSON; the message names the line.
    """
    text, utf8 = decode_bytes(data)
    body = text.lstrip("\ufeff \t\r\n")
    if format is None:
        format = format_for_path(path, default="") if path is not None else ""
        format = format or ("csljson" if body[:1] in ("[", "{") else "bibtex")
    if format in ("bibtex", "biblatex"):
        entries, blocks = _bib_entries(text, label)
        return Document(
            label=label, path=path, format="bibtex", text=text, utf8=utf8, entries=entries, blocks=blocks
        )
    if format == "csljson":
        if not utf8:
            raise FormatError(f"{label}: line 1: CSL-JSON must be UTF-8")
        return Document(
            label=label, path=path, format="csljson", text=text, entries=_csl_entries(text, label)
        )
    raise FormatError(f"{label}: cannot check {format} files (only .bib and CSL-JSON)")


def read_document(source: str | os.PathLike[str], *, format: str | None = None) -> Document:
    """A bibliography file (``-`` for standard input) read for checking.

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
    """
    if str(source) == "-":
        return parse_document(sys.stdin.buffer.read(), label="standard input", format=format)
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{source}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{source}: is a directory, not a bibliography") from err
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror or err})") from err
    return parse_document(data, label=str(source), format=format, path=path)


def as_document(source: str | os.PathLike[str] | Document) -> Document:
    """``source`` read: a Document as it is, a path (``-`` for standard input), or the text
    of a file itself (a ``str`` with a newline, or starting with ``@``, ``[`` or ``{``).

    Raises:
        InputError: The file is missing or cannot be read.
        FormatError: It is malformed; the message names the line.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in ("@", "[", "{")):
        return parse_document(source.encode("utf-8"), label="<text>")
    return read_document(source)


def can_fix(document: Document, output: str | os.PathLike[str] | None) -> None:
    """Refuse, before any work, a repair that could not be written.

    Raises:
        ConfigError: The document came from standard input and there is no ``output``.
    """
    from bibkit.errors import ConfigError

    if output is None and document.path is None:
        raise ConfigError(f"{document.label}: a repair needs a file to write: add -o FILE")


# ---------------------------------------------------------------------------------------------
# Judging one entry


def _people(book: Book) -> tuple[str, ...]:
    return book.authors or book.editors


def _describe(book: Book) -> str:
    people = ", ".join(_people(book)[:2]) or "unknown author"
    year = book.original_year or book.year
    return f"'{book.full_title}' by {people}" + (f" ({year})" if year else "")


def publishers_agree(a: str | None, b: str | None) -> bool:
    """Whether two publisher names can be the same house ("Verso Books" = "Verso")."""
    if not a or not b:
        return True
    words_a = set(fold(a).split()) - _PUBLISHER_NOISE
    words_b = set(fold(b).split()) - _PUBLISHER_NOISE
    if not words_a or not words_b:
        return fold(a) in fold(b) or fold(b) in fold(a)
    return bool(words_a & words_b)


def _record_agrees(entry: Book, record: Book) -> bool:
    """Whether an ISBN's record is the entry's book: its title scores as a resolved match
    would, and no author disagrees."""
    people = " and ".join(_people(entry))
    if title_similarity(entry.full_title, record, author=people) < RESOLVE_THRESHOLD:
        return False
    theirs = (*record.authors, *record.editors)
    if author_agreement(people, theirs) != 0.0:
        return True
    # A surname misspelt beyond what matching allows is still this book (reported as a misspelling).
    return any(_typo(surname_key(a), surname_key(b)) for a in _people(entry) for b in theirs)


def written_isbn(entry: Entry) -> str | None:
    """The first valid ISBN of the entry's ISBN field, as ISBN-13."""
    for part in re.split(r"[\s,;]+", entry.isbn_text or ""):
        isbn = to_isbn13(part)
        if isbn:
            return isbn
    return None


def _digits(text: str) -> str:
    return "".join(c for c in text.upper() if c.isdigit() or c == "X")


def _one_typo_away(written: str, isbn13: str) -> bool:
    """``written`` (an ISBN-10 or -13 as digits) is ``isbn13`` (or its ISBN-10) but for one
    wrong digit or two swapped neighbours, ignoring the check digit."""
    from bibkit.isbn import to_isbn10

    for right in (isbn13, to_isbn10(isbn13) or ""):
        if len(right) != len(written):
            continue
        a, b = written[:-1], right[:-1]
        wrong = [i for i in range(len(a)) if a[i] != b[i]]
        if len(wrong) <= 1:
            return True
        if (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and a[wrong[0]] == b[wrong[1]]
            and a[wrong[1]] == b[wrong[0]]
        ):
            return True
    return False


def _typo(a: str, b: str) -> bool:
    """Two folded surnames one slip apart ("Deutcher", "Deutscher"; "Smiht", "Smith")."""
    if a == b or not a or not b:
        return False
    return fuzz.ratio(a, b) >= 70 or (len(a) == len(b) and sorted(a) == sorted(b))


def _title_typo(entry: Book, found: Book) -> bool:
    """The entry's title is the found one with a word or two misspelt (not a variant title)."""
    ours = normalize_title(entry.title).split()
    for theirs in (normalize_title(found.title).split(), normalize_title(found.full_title).split()):
        if len(ours) != len(theirs) or ours == theirs:
            continue
        if all(x == y or fuzz.ratio(x, y) >= 75 for x, y in zip(ours, theirs, strict=True)):
            return True
    return False


class _Judge:
    """The findings of one entry, from its ISBN's record and its resolution."""

    def __init__(self, entry: Entry, record: Book | None, resolution: Resolution | None, isbn_note: str):
        self.entry = entry
        self.book = entry.book
        self.record = record
        self.resolution = resolution
        self.isbn_note = isbn_note
        self.findings: list[Finding] = []
        self.isbn13 = written_isbn(entry)
        self.agrees = record is not None and _record_agrees(self.book, record)
        self.found = (
            resolution.book
            if resolution is not None and resolution.status is Status.RESOLVED and resolution.book is not None
            else None
        )
        # The edition the entry cites, when certain: its ISBN's agreeing record, else the found
        # edition whose ISBN is the certain correction of a wrong or missing one.
        self.edition = record if self.agrees else None
        if self.edition is None and self.found is not None and self.certain_isbn() == self.found.isbn13:
            self.edition = self.found

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        field: str | None = None,
        suggestions: Iterable[str] = (),
        change: tuple[str, str | None, str, bool] | None = None,
    ) -> None:
        made = None
        if change is not None:
            name, old, new, overwrites = change
            made = Change(key=self.entry.key, field=name, old=old, new=new, overwrites=overwrites)
        self.findings.append(
            Finding(
                key=self.entry.key,
                severity=severity,
                code=code,
                message=message,
                line=self.entry.line,
                field=field,
                suggestions=tuple(suggestions),
                change=made,
            )
        )

    def certain_isbn(self) -> str | None:
        """The ISBN of the edition the entry cites, when the catalogues make it certain."""
        found, resolution = self.found, self.resolution
        if found is None or resolution is None or resolution.confidence < CERTAIN or not found.isbn13:
            return None
        written = _digits(self.entry.isbn_text or "")
        if written and _one_typo_away(written, found.isbn13):
            return found.isbn13
        if (
            self.book.year is not None
            and found.year == self.book.year
            and self.book.publisher
            and found.publisher
            and publishers_agree(self.book.publisher, found.publisher)
        ):
            return found.isbn13
        return None

    def run(self) -> list[Finding]:
        self.isbn()
        self.existence()
        self.year()
        self.missing()
        return self.findings

    def isbn(self) -> None:
        text = self.entry.isbn_text
        if not text:
            return
        right = self.certain_isbn()
        change = ("isbn", text, right, True) if right and right != self.isbn13 else None
        shown = f" (the edition is {right})" if change else ""
        if self.isbn13 is None:
            digits = _digits(text)
            if len(digits) in (10, 13):
                self.add(
                    Severity.ERROR,
                    "isbn-checksum",
                    f"ISBN {text} has a wrong check digit{shown}",
                    field="isbn",
                    change=change,
                )
            else:
                self.add(
                    Severity.ERROR,
                    "isbn-malformed",
                    f"ISBN field {text!r} holds no ISBN{shown}",
                    field="isbn",
                    change=change,
                )
            return
        if self.record is None:
            if self.isbn_note:
                self.add(
                    Severity.INFO,
                    "isbn-unchecked",
                    f"ISBN {text} not checked: {self.isbn_note}",
                    field="isbn",
                )
            else:
                self.add(
                    Severity.WARNING,
                    "isbn-unknown",
                    f"no catalogue knows ISBN {text}{shown}",
                    field="isbn",
                    change=change,
                )
            return
        if not self.agrees:
            self.add(
                Severity.ERROR,
                "isbn-other-book",
                f"ISBN {text} is {_describe(self.record)}, not this book{shown}",
                field="isbn",
                change=change,
            )

    def existence(self) -> None:
        resolution = self.resolution
        if resolution is None:
            return
        if resolution.status is Status.ERROR:
            if not self.agrees:
                self.add(Severity.ERROR, "not-checked", f"could not be checked: {resolution.reason}")
            return
        if self.found is not None:
            self.spelling(self.found)
            return
        if resolution.status is Status.AMBIGUOUS:
            # Several works of that title: the book exists; the one by our people shows spellings.
            named = _people(self.book)
            mine = [
                c for c in resolution.candidates if any(names_agree(p, a) for p in named for a in _people(c))
            ]
            if mine:
                self.spelling(mine[0])
            return
        if self.agrees and self.record is not None:
            self.spelling(self.record)  # the ISBN's own record says the book exists
            return
        title = self.book.full_title
        people = _people(self.book)
        same_title = [c for c in resolution.candidates if title_similarity(title, c) >= CERTAIN]
        if same_title and people:
            other = same_title[0]
            ours = [surname_key(p) for p in people]
            theirs = [surname_key(p) for p in _people(other)]
            close = [(a, b) for a in ours for b in theirs if _typo(a, b)]
            if close:
                right = next(p for p in _people(other) if surname_key(p) == close[0][1])
                self.add(
                    Severity.WARNING,
                    "author-misspelt",
                    f"author {close[0][0]!r}: the catalogues spell it {right!r} ({_describe(other)})",
                    field="author",
                    suggestions=(right,),
                    change=("author", " and ".join(people), " and ".join(_people(other)), True),
                )
                return
            self.add(
                Severity.ERROR,
                "author-mismatch",
                f"{title!r} is by {', '.join(_people(other)[:2])}, not by {', '.join(people)}: "
                "an invented or confused author",
                field="author",
                suggestions=(_describe(other),),
            )
            return
        nearest = [_describe(c) for c in resolution.candidates[:3]]
        by = f" by {', '.join(people)}" if people else ""
        hint = f"; nearest: {'; '.join(nearest)}" if nearest else ""
        self.add(
            Severity.ERROR,
            "not-found",
            f"no catalogue knows {title!r}{by}: possibly invented{hint}",
            suggestions=nearest,
        )

    def spelling(self, found: Book) -> None:
        people = _people(self.book)
        # The found work's people, and those of the edition the entry cites (a pen name, a
        # co-author the work record leaves out).
        edition = _people(self.edition) if self.edition is not None else ()
        authors = tuple(dict.fromkeys((*_people(found), *edition)))
        for person in people:
            ours = surname_key(person)
            # A co-author may have settled the match while this name only comes close.
            match = next((a for a in authors if names_agree(person, a)), None) or next(
                (a for a in authors if _typo(ours, surname_key(a))), None
            )
            if match is None:
                continue
            theirs = surname_key(match)
            if ours != theirs:
                corrected = " and ".join(match if p == person else p for p in people)
                self.add(
                    Severity.WARNING,
                    "author-misspelt",
                    f"author {person!r}: the catalogues spell it {match!r}",
                    field="author",
                    suggestions=(match,),
                    change=("author", " and ".join(people), corrected, True),
                )
        if _title_typo(self.book, found):
            self.add(
                Severity.WARNING,
                "title-misspelt",
                f"title {self.book.full_title!r}: the catalogues have {found.full_title!r}",
                field="title",
                suggestions=(found.full_title,),
                change=("title", self.book.full_title, found.full_title, True),
            )

    def year(self) -> None:
        year = self.book.year
        record = self.edition
        if year is None:
            return
        if record is not None and record.year is not None and record.year != year:
            self.add(
                Severity.WARNING,
                "year-other-edition",
                f"year {year}: ISBN {record.isbn13} is the {record.year} edition"
                + (f" ({record.publisher})" if record.publisher else ""),
                field="year",
                change=("year", str(year), str(record.year), True),
            )
            return
        first = self.found.original_year if self.found is not None else None
        if first is not None and year < first and not (record is not None and record.year == year):
            self.add(
                Severity.ERROR,
                "year-before-publication",
                f"year {year} is before the work was first published ({first})",
                field="year",
            )

    def missing(self) -> None:
        record = self.edition
        book = self.book
        if (
            record is not None
            and book.publisher
            and record.publisher
            and not publishers_agree(book.publisher, record.publisher)
        ):
            self.add(
                Severity.WARNING,
                "publisher-other-edition",
                f"publisher {book.publisher!r}: ISBN {record.isbn13} is published by {record.publisher!r}",
                field="publisher",
                change=("publisher", book.publisher, record.publisher, True),
            )
        wanted = (
            ("publisher", "missing-publisher", Severity.WARNING, book.publisher, record and record.publisher),
            ("year", "missing-year", Severity.WARNING, book.year, record and record.year),
            ("place", "missing-address", Severity.INFO, book.place, record and record.place),
        )
        for name, code, severity, have, value in wanted:
            if have:
                continue
            label = "address" if name == "place" else name
            if value:
                self.add(
                    severity,
                    code,
                    f"no {label}; the edition's record has {value}",
                    field=name,
                    change=(name, None, str(value), False),
                )
            elif severity is not Severity.INFO:
                # An address no catalogue offers is left unsaid: it would be on nearly every entry.
                self.add(severity, code, f"no {label}, which citation styles print", field=name)
        if not _people(book):
            self.add(Severity.WARNING, "missing-author", "no author or editor", field="author")
        if not self.entry.isbn_text:
            isbn = self.certain_isbn()
            if isbn:
                self.add(
                    Severity.INFO,
                    "missing-isbn",
                    f"no ISBN; the edition is {isbn}",
                    field="isbn",
                    change=("isbn", None, isbn, False),
                )


def judge(
    entry: Entry, record: Book | None, resolution: Resolution | None, *, isbn_note: str = ""
) -> list[Finding]:
    """The findings about one book-like entry. Pure.

    Args:
        entry: The entry.
        record: The catalogue record of its ISBN, if it has a valid one that a source knows.
        resolution: Its title and author resolved (see :func:`mention_of`); ``None`` for none.
        isbn_note: Why its ISBN could not be looked up (a service failed), if so.
    """
    return _Judge(entry, record, resolution, isbn_note).run()


# ---------------------------------------------------------------------------------------------
# Checking a whole bibliography


def mention_of(entry: Entry) -> Mention:
    """What a search for the entry's book looks for: its title and its people, no year (the
    year is checked apart, and an edition year far from the first publication would count
    against the right work) and no ISBN (looked up apart, as independent evidence)."""
    book = entry.book
    people = " and ".join(_people(book))
    text = f"{people}, {book.full_title}" if people else book.full_title
    return Mention(
        text=text,
        start=0,
        end=len(text),
        title=book.title,
        subtitle=book.subtitle,
        author=people or None,
        kind="bibliography",
    )


def _is_book(entry: Entry, format: str) -> bool:
    return entry.kind in (BIB_BOOK_TYPES if format == "bibtex" else CSL_BOOK_TYPES)


def lookup_isbns(isbns: Sequence[str], sources: Sequence[Source]) -> tuple[dict[str, Book], list[str]]:
    """The record of each ISBN-13 some source knows, and the failures of sources that could not
    answer. Each source is asked only for what earlier ones did not know (Open Library takes
    25 per request)."""
    records: dict[str, Book] = {}
    errors: list[str] = []
    for source in sources:
        missing = [i for i in isbns if i not in records]
        if not missing:
            break
        try:
            found = source.by_isbns(missing)
        except SourceError as err:
            errors.append(str(err))
            continue
        for isbn, record in found.items():
            if isbn in missing:
                records[isbn] = merge(records[isbn], record) if isbn in records else record
    return records, errors


Resolver = Callable[[Sequence[Mention]], list[Resolution]]


def check_entries(
    entries: Sequence[Entry], *, format: str, resolver: Resolver, sources: Sequence[Source]
) -> tuple[list[Finding], int, int]:
    """Findings for every entry, in order, and the numbers of entries checked and skipped.

    Args:
        entries: The entries of one file.
        format: ``bibtex`` or ``csljson`` (which entry types cite books).
        resolver: Resolves mentions (a Session's ``resolve``, with its cache and pool).
        sources: The sources to look ISBNs up in.

    Raises:
        SourceUnavailable: No source answered at all.
    """
    findings: dict[int, list[Finding]] = {}
    todo: list[int] = []
    skipped = 0
    for i, entry in enumerate(entries):
        if not _is_book(entry, format):
            skipped += 1
            findings[i] = [
                Finding(
                    key=entry.key,
                    severity=Severity.INFO,
                    code="skipped",
                    line=entry.line,
                    message=f"{entry.kind or 'untyped'} entry, not a book: not checked",
                )
            ]
        elif not entry.book.title:
            findings[i] = [
                Finding(
                    key=entry.key,
                    severity=Severity.ERROR,
                    code="missing-title",
                    line=entry.line,
                    field="title",
                    message="no title: the book cannot be checked",
                )
            ]
        else:
            todo.append(i)
    isbns: list[str] = []
    for i in todo:
        written = written_isbn(entries[i])
        if written and written not in isbns:
            isbns.append(written)
    records, errors = lookup_isbns(isbns, sources) if isbns else ({}, [])
    note = errors[0] if errors and len(errors) == len(sources) else ""
    resolutions = resolver([mention_of(entries[i]) for i in todo])
    if resolutions and all(r.status is Status.ERROR for r in resolutions) and (note or not isbns):
        raise SourceUnavailable(resolutions[0].reason)
    for i, resolution in zip(todo, resolutions, strict=True):
        entry = entries[i]
        record = records.get(written_isbn(entry) or "")
        findings[i] = judge(entry, record, resolution, isbn_note=note)
    out = [f for i in range(len(entries)) for f in findings.get(i, [])]
    return out, len(todo), skipped


# ---------------------------------------------------------------------------------------------
# Repairing


def fixes(findings: Iterable[Finding], *, overwrite: Iterable[str] = ()) -> list[Change]:
    """The changes a repair makes: every certain one that fills a missing field or corrects a
    provably wrong ISBN, and those that replace a written value of a field in ``overwrite``.
    At most one change per field of an entry (the first).

    Raises:
        ConfigError: ``overwrite`` names a field no check compares.
    """
    from bibkit.errors import ConfigError

    allowed = set(overwrite)
    unknown = allowed - set(OVERWRITABLE)
    if unknown:
        known = ", ".join(OVERWRITABLE)
        raise ConfigError(f"cannot overwrite {', '.join(sorted(unknown))} (fields a check compares: {known})")
    chosen: dict[tuple[str, str], Change] = {}
    for finding in findings:
        change = finding.change
        if change is None:
            continue
        provable = change.field == "isbn" and finding.severity is Severity.ERROR
        if change.overwrites and not provable and change.field not in allowed:
            continue
        chosen.setdefault((change.key, change.field), change)
    return list(chosen.values())


def _bib_data(document: Document, entries: Mapping[str, Entry], changes: Sequence[Change]) -> str:
    text = document.text
    ascii = not document.utf8 or text.isascii()
    edits: list[FieldEdit] = []
    for change in changes:
        entry = entries[change.key]
        if entry.block is not None:
            edits.append(edit_for(text, entry.block, change.field, change.new, ascii=ascii))
    return apply_edits(text, edits)


def _csl_data(document: Document, entries: Mapping[str, Entry], changes: Sequence[Change]) -> str:
    spans = csl_edit.items(document.text, source=document.label)
    edits = []
    for change in changes:
        index = entries[change.key].index
        if index is not None:
            edits.append(csl_edit.edit_for(document.text, spans[index], change.field, change.new))
    return csl_edit.apply_edits(document.text, edits)


def _encode(document: Document, text: str) -> bytes:
    if document.utf8:
        return text.encode("utf-8")
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError as err:
        raise FormatError(f"{document.label}: not UTF-8, and a repair needs letters Latin-1 lacks") from err


def repaired(document: Document, changes: Sequence[Change]) -> bytes:
    """The document's bytes with ``changes`` made, everything else byte for byte.

    Raises:
        FormatError: A Latin-1 .bib cannot hold a new value.
    """
    entries = {e.key: e for e in document.entries}
    if document.format == "csljson":
        return _csl_data(document, entries, changes).encode("utf-8")
    return _encode(document, _bib_data(document, entries, changes))


def fix(
    document: Document,
    findings: Sequence[Finding],
    *,
    overwrite: Iterable[str] = (),
    approve: Callable[[Finding], bool] | None = None,
    output: str | os.PathLike[str] | None = None,
) -> tuple[tuple[Change, ...], str | None, str | None]:
    """Make the certain repairs of ``findings`` and write the file atomically.

    Args:
        document: The file checked.
        findings: What the check found.
        overwrite: Fields whose written values may be replaced (see :func:`fixes`).
        approve: Asked about each repair before it is made (``--interactive``); all by default.
        output: Write here instead of over the original (which is then left untouched).

    Returns:
        The changes written, where, and the backup of the file replaced (if one was).

    Raises:
        FormatError: Cannot write, the file changed meanwhile, or a repair cannot be written
            in its format; nothing is written.
        ConfigError: ``overwrite`` names a field no check compares.
    """
    changes = fixes(findings, overwrite=overwrite)
    uses = Counter(e.key for e in document.entries)
    changes = [c for c in changes if uses[c.key] == 1]  # a key used twice names no one entry to repair
    if approve is not None:
        by_change = {f.change: f for f in findings if f.change is not None}
        changes = [c for c in changes if approve(by_change[c])]
    target = Path(output) if output is not None else document.path
    if target is None:
        raise FormatError(f"{document.label}: a repair of standard input needs -o FILE")
    if not changes:
        return (), None, None
    data = repaired(document, changes)
    before = None
    if output is None and document.path is not None:
        before = document.path.stat()
        current = document.path.read_bytes()
        if current != _encode(document, document.text):
            raise FormatError(
                f"{document.label}: changed while bibkit was working; nothing written, try again"
            )
    backup = write_file(target, data, backup=target.exists(), expect_unchanged=before)
    return tuple(changes), str(target), str(backup) if backup else None


def report_json(report: CheckReport) -> str:
    """The findings as a JSON list, for ``--json``."""
    records: list[dict[str, Any]] = [f.to_dict() for f in report.findings]
    return json.dumps(records, ensure_ascii=False, indent=2)
