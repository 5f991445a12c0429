"""The data model: every record that crosses a stage boundary is defined here.

Records are frozen, keyword-only dataclasses with tuple collections so that they are hashable,
safe to cache and share between threads, and changed only through :func:`dataclasses.replace`.
Each has ``to_dict``/``from_dict`` for a lossless JSON round trip, which the CLI's ``--json``
output, the resolution cache and scripts rely on.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from bibkit.safetext import clean, is_clean, safe_url

__all__ = [
    "ARTICLES", "KINDS", "PARTS", "Book", "Change", "Finding", "Mention", "Resolution", "Severity", "Status",
]  # fmt: skip


def _plain(value: Any) -> Any:
    """Turn tuples (and tuples of pairs used as small mappings) into JSON-friendly lists."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One place in a text that names a book.

    Attributes:
        text: The exact surface, so that ``source[start:end] == text`` always holds.
        start: Offset of the surface in the source text, in code points.
        end: Offset one past the surface.
        title: The title with markup, quotes and trailing punctuation removed.
        subtitle: The part after a title/subtitle separator, when the text makes it clear.
        author: The author exactly as written ("Rabinowitch", "E. H. Carr"), if given.
        author_normalized: The author as a full display name ("Alexander Rabinowitch"):
            whitespace folded, "Last, First" turned round, and a bare surname expanded to a full
            name that appeared earlier in the same text.
        year: A publication year the text gives for this book.
        isbn: An ISBN-13 printed in or linked from the mention (validated, digits only).
        confidence: How sure extraction is that this span names a book (0-1), so callers can
            filter; explicit patterns ("Author, *Title*") score higher than bare list lines.
        kind: Which writing pattern the mention was found by (e.g. ``"author_comma_title"``).
        doubtful: Extraction alone would not call it a book (its confidence is below the
            model's threshold), but it names an author: it is written only if the catalogue
            confirms it by title *and* author, and otherwise dropped without a word (see
            :mod:`bibkit.judge`). Only resolution asks extraction for these.
    """

    text: str
    start: int
    end: int
    title: str
    subtitle: str | None = None
    author: str | None = None
    author_normalized: str | None = None
    year: int | None = None
    isbn: str | None = None
    confidence: float = 1.0
    kind: str = ""
    doubtful: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def best_author(self) -> str | None:
        """The fullest author name known: the normalised one when there is one."""
        return self.author_normalized or self.author


#: What a Book can cite, named by CSL 1.0.2 item types: the one vocabulary every format bibkit
#: reads and writes maps onto (:mod:`bibkit.formats.kinds` holds the mappings). Catalogue records
#: and resolved mentions are books; an entry read from a bibliography keeps its own kind.
KINDS: frozenset[str] = frozenset(
    {
        "book", "chapter", "article-journal", "article-magazine", "article-newspaper",
        "paper-conference", "webpage", "thesis", "report", "manuscript", "document",
    }
)  # fmt: skip
#: Articles in a periodical: ``container_title`` is the journal, with ``volume`` and ``number``.
ARTICLES: frozenset[str] = frozenset({"article-journal", "article-magazine", "article-newspaper"})
#: Parts of a book: ``container_title`` is the book, ``editors`` are the book's, and an ISBN is
#: the book's, not the part's.
PARTS: frozenset[str] = frozenset({"chapter", "paper-conference"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Book:
    """One concrete edition of a work, with the work's first publication year; or, read from
    a bibliography, an entry of another ``kind`` (an article, a chapter, a web page...).

    Collections are tuples. ``identifiers`` and ``provenance`` are tuples of ``(key, value)``
    pairs rather than dicts so that a Book stays hashable; use :meth:`identifier` and
    :meth:`source_of` to read them.

    Attributes:
        title: Main title, without the subtitle.
        subtitle: Subtitle, if the source separates one.
        authors: Personal or corporate names as display names ("Isaac Deutscher").
        editors: Editors, kept apart from authors so outputs can use the right role.
        translators: Translators, likewise.
        publisher: Publisher of this edition.
        place: Place of publication of this edition.
        year: Publication year of this edition.
        original_year: Year the work was first published (any edition, any language).
        edition_count: Editions the source knows of the work, in any language: how widely it
            was published, which lets a bare "The Prince" mean Machiavelli's.
        edition_years: The years the sources know an edition of the work from, in any
            language, ascending: a year no edition has is likely a slip for a neighbouring
            one, which only these tell when an entry cites no ISBN (``bibkit check``).
        edition: Edition statement ("2nd", "100th anniversary edition").
        isbn13: ISBN-13 of this edition, digits only.
        isbn10: ISBN-10 of this edition, digits (and X) only.
        language: Language of this edition as an ISO 639-1 code where known ("en").
        pages: Number of pages of this edition.
        series: Series or multi-volume work title.
        volume: Volume number within ``series``; without a series, the volume of the work, or
            of the container (a journal's volume: "59").
        url: A page describing this edition.
        kind: What the record cites, as a CSL item type (:data:`KINDS`): ``book`` unless it was
            read from a bibliography entry of another type.
        container_title: The work this one is part of: the journal of an article, the book of
            a chapter, the proceedings of a conference paper, the website of a web page.
        number: The issue of a journal ("236"), or the number of a report.
        page_range: The pages the work occupies in its container, as printed ("433–460", an
            en dash between the ends; "e1002"). ``pages`` is a whole book's page count.
        genre: The type of a thesis or report as printed ("PhD thesis", "Technical Report").
        identifiers: Other identifiers: ``openlibrary_work``, ``openlibrary_edition``,
            ``google_volume``, ``oclc``, ``lccn``, ...
        provenance: For each field name, the registry name of the source that supplied it.
    """

    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    publisher: str | None = None
    place: str | None = None
    year: int | None = None
    original_year: int | None = None
    edition_count: int | None = None
    edition_years: tuple[int, ...] = ()
    edition: str | None = None
    isbn13: str | None = None
    isbn10: str | None = None
    language: str | None = None
    pages: int | None = None
    series: str | None = None
    volume: str | None = None
    url: str | None = None
    kind: str = "book"
    container_title: str | None = None
    number: str | None = None
    page_range: str | None = None
    genre: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    provenance: tuple[tuple[str, str], ...] = ()

    _PAIR_FIELDS: ClassVar[frozenset[str]] = frozenset({"identifiers", "provenance"})
    _LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"authors", "editors", "translators"})

    def __post_init__(self) -> None:
        """Catalogue text is untrusted: no Book holds an escape sequence, a control or a
        bidi-override character (:func:`bibkit.safetext.clean`), or a URL that is not
        ``http(s)``, so no output, table or JSON record built from one can carry them.

        Raises:
            ValueError: ``kind`` is not one of :data:`KINDS`.
        """
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of record {self.kind!r} (known: {', '.join(sorted(KINDS))})")
        url = self.url
        plain = url is None or (url.startswith(("https://", "http://")) and " " not in url and is_clean(url))
        if not plain:
            object.__setattr__(self, "url", safe_url(url))
        texts = [v for v in (getattr(self, name) for name in _TEXT_FIELDS) if v]
        texts += [*self.authors, *self.editors, *self.translators]
        texts += [part for pair in self.identifiers for part in pair]
        if is_clean("\n".join(texts)):
            return
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, clean(value))
        for name in self._LIST_FIELDS:
            object.__setattr__(self, name, tuple(clean(v) for v in getattr(self, name)))
        object.__setattr__(self, "identifiers", tuple((clean(k), clean(v)) for k, v in self.identifiers))

    def identifier(self, scheme: str) -> str | None:
        """The value of identifier ``scheme`` (e.g. ``"openlibrary_work"``), if known."""
        return dict(self.identifiers).get(scheme)

    def source_of(self, field_name: str) -> str | None:
        """The registry name of the source that supplied ``field_name``, if recorded."""
        return dict(self.provenance).get(field_name)

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if f.name in self._PAIR_FIELDS else _plain(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Book:
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in cls._PAIR_FIELDS:
                value = tuple((str(k), str(v)) for k, v in dict(value or {}).items())
            elif f.name in cls._LIST_FIELDS:
                value = tuple(value or ())
            elif f.name == "edition_years":
                value = tuple(int(year) for year in value or ())
            kwargs[f.name] = value
        return cls(**kwargs)


#: The free-text fields of a Book, which catalogue or user text fills and ``clean`` guards.
_TEXT_FIELDS = (
    "title", "subtitle", "publisher", "place", "edition", "series", "volume", "language", "container_title",
    "number", "page_range", "genre",
)  # fmt: skip


class Status(enum.StrEnum):
    """Outcome of resolving one mention.

    ``kept``: an entry read from a bibliography, kept as it is written and not looked up (an
    article, a chapter, a web page... is not searched for in book catalogues, and ``convert``
    writes a bibliography's entries as they are); its ``book`` is the entry itself.
    """

    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    ERROR = "error"
    KEPT = "kept"


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """What resolution concluded about one mention, and why.

    Attributes:
        mention: The mention this is about.
        book: The chosen edition (``resolved``), or the entry as written (``kept``); ``None``
            for any other status.
        status: resolved, ambiguous (several close candidates: see ``candidates``), not_found,
            error (a service failed; ``reason`` says which and whether a retry may help), or
            kept (an entry of a bibliography kept as written, not looked up: ``reason`` says why).
        confidence: 0-1, how sure we are that ``book`` is the work the mention names. Its
            computation is documented in :mod:`bibkit.match`.
        candidates: Ranked books considered, best first (for ambiguous ones, the contenders).
        reason: One line a person can read.
        evidence: Short human-readable facts behind the decision (scores, sources consulted).
    """

    mention: Mention
    book: Book | None = None
    status: Status = Status.NOT_FOUND
    confidence: float = 0.0
    candidates: tuple[Book, ...] = ()
    reason: str = ""
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention": self.mention.to_dict(),
            "book": self.book.to_dict() if self.book else None,
            "status": self.status.value,
            "confidence": self.confidence,
            "candidates": [c.to_dict() for c in self.candidates],
            "reason": self.reason,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Resolution:
        book = data.get("book")
        return cls(
            mention=Mention.from_dict(data["mention"]),
            book=Book.from_dict(book) if book else None,
            status=Status(data.get("status", "not_found")),
            confidence=float(data.get("confidence", 0.0)),
            candidates=tuple(Book.from_dict(c) for c in data.get("candidates", ())),
            reason=str(data.get("reason", "")),
            evidence=tuple(data.get("evidence", ())),
        )


class Severity(enum.StrEnum):
    """How much a finding about a bibliography entry matters.

    ``error``: the entry is wrong (an invented book, an ISBN of another book); ``warning``:
    likely wrong or incomplete (a misspelt name, a missing publisher); ``info``: worth knowing.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """A repair of one field of one entry, from a catalogue record the entry certainly is.

    Attributes:
        key: Citation key (or CSL id) of the entry.
        field: What the value is: ``isbn``, ``publisher``, ``year``, ``place``, ``author`` or
            ``title`` (each format writes it under its own field name).
        old: The value as the entry has it, ``None`` when the field is missing.
        new: The value to write, as plain text (the writer escapes it for the format).
        overwrites: The change replaces a value the user wrote, so it is made only when the
            user names the field (``--overwrite FIELD``); ISBNs that are provably wrong (bad
            check digit, another book's) are the exception.
    """

    key: str
    field: str
    old: str | None
    new: str
    overwrites: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One thing a check found about one entry of a bibliography.

    Attributes:
        key: Citation key (or CSL id) of the entry.
        severity: ``error``, ``warning`` or ``info``.
        code: A stable name for the kind of finding (``isbn-other-book``, ``not-found``...),
            for scripts and CI; the message may change, the code does not.
        message: One line a person can act on.
        line: Line of the entry in the file, where known.
        field: The field the finding is about, if one.
        suggestions: Real works or values the catalogues offer instead (nearest works for a
            book not found, the right spelling of a name).
        change: The repair ``--fix`` can make, when the catalogue record is certain.
    """

    key: str
    severity: Severity
    code: str
    message: str
    line: int | None = None
    field: str | None = None
    suggestions: tuple[str, ...] = ()
    change: Change | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "field": self.field,
            "suggestions": list(self.suggestions),
            "change": self.change.to_dict() if self.change else None,
        }
