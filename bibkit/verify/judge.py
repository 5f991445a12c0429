"""The findings about one entry, from its ISBN's record and its title-and-author resolution.
Pure: the records come in, findings go out.

The rules (see :mod:`bibkit.verify`): an ISBN record "is this book" when its title scores as a
resolved match would (:data:`bibkit.resolve.RESOLVE_THRESHOLD`) and no author disagrees; the
edition an entry cites is certain when that record agrees, or when a resolved work (confidence
at least :data:`CERTAIN`) has an edition one typo away from the written ISBN, or with the
entry's year and publisher.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from bibkit.isbn import to_isbn10
from bibkit.match import author_agreement, title_similarity
from bibkit.model import Book, Change, Finding, Mention, Resolution, Severity, Status
from bibkit.names import names_agree, surname_key
from bibkit.resolve import RESOLVE_THRESHOLD
from bibkit.text import fold, normalize_title
from bibkit.verify.document import Entry, written_isbn

__all__ = ["CERTAIN", "judge", "mention_of", "publishers_agree"]

#: A resolved work at or above this confidence is sure enough to take an ISBN from: every
#: confidence of 0.9 or more was the right work in resolution's benchmark (see bibkit.match).
CERTAIN = 0.9

#: Words that say what kind of publisher, not which: "Penguin Books" is "Penguin".
_PUBLISHER_NOISE = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "press books book publishing publishers publisher publications inc ltd llc co company corp "
        "and the of group house editions edition verlag limited sons"
    ).split()
)


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


def _digits(text: str) -> str:
    return "".join(c for c in text.upper() if c.isdigit() or c == "X")


def _one_typo_away(written: str, isbn13: str) -> bool:
    """``written`` (an ISBN-10 or -13 as digits) is ``isbn13`` (or its ISBN-10) but for one
    wrong digit or two swapped neighbours, ignoring the check digit."""
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


#: The fields that are a chapter's own, not its book's: the title and author the check looks
#: for are the book's (its ``booktitle`` and editors), so they are never repaired there.
_OWN_FIELDS = frozenset({"title", "author"})


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
        found_isbn = self.found.isbn13 if self.found is not None else None
        if self.edition is None and found_isbn and self.certain_isbn() == found_isbn:
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
        if change is not None and not (self.entry.kind == "chapter" and change[0] in _OWN_FIELDS):
            name, old, new, overwrites = change
            made = Change(key=self.entry.key, field=name, old=old, new=new, overwrites=overwrites)
        if self.entry.kind == "chapter":
            message = f"its book: {message}"
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
            return
        if record is None:
            self.unknown_year(year)

    def unknown_year(self, year: int) -> None:
        """A year of no edition of the found work, for an entry whose edition is not certain
        (no ISBN, or one that is not this book's): a slip for a neighbouring year when an
        edition has one (a warning), else perhaps an edition the catalogues lack (a note).
        A year that some edition has cannot be told from a citation of that edition."""
        found = self.found
        if found is None or not found.edition_years or year in found.edition_years:
            return
        if year == found.original_year:
            return  # the year of first publication, as many cite a work
        near = [y for y in found.edition_years if abs(y - year) == 1]
        if near:
            shown = " and ".join(str(y) for y in near)
            self.add(
                Severity.WARNING,
                "year-no-edition",
                f"year {year}: the catalogues know no edition of {year}, but one of {shown}",
                field="year",
                suggestions=tuple(str(y) for y in near),
            )
            return
        closest = min(found.edition_years, key=lambda y: (abs(y - year), y))
        self.add(
            Severity.INFO,
            "year-no-edition",
            f"year {year}: the catalogues know no edition of {year} (the nearest is {closest})",
            field="year",
            suggestions=(str(closest),),
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
    """The findings about one entry the check verifies (a book, or a chapter by the book it is
    in: then each message says so, and the chapter's own title and author are never changed).
    Pure.

    Args:
        entry: The entry.
        record: The catalogue record of its ISBN, if it has a valid one that a source knows.
        resolution: Its title and author resolved (see :func:`mention_of`); ``None`` for none.
        isbn_note: Why its ISBN could not be looked up (a service failed), if so.
    """
    return _Judge(entry, record, resolution, isbn_note).run()


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
