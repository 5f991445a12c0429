"""BibTeX and BibLaTeX: pure ``Book`` → .bib text writers, and the .bib reader.

Two dialects share one module because they share escaping, names, keys and the reader:

* ``bibtex``: classic BibTeX 0.99d with the standard styles. Title and subtitle in one
  ``title``; translators and the first publication go in ``note``; editors only when there is no
  author (plain.bst warns and drops them otherwise); ASCII with LaTeX accents by default, because
  BibTeX counts bytes, not letters; a non-English title is braced whole because BibTeX has no
  ``langid`` to stop a style from lower-casing it.
* ``biblatex``: biblatex with biber. ``subtitle``, ``translator``, ``date``, ``origdate``,
  ``location``, ``langid``, ``pagetotal``; an edited book without authors is a ``@collection``;
  UTF-8 by default.

Every value goes through :mod:`bibkit.formats.latex`, so no catalogue text can inject TeX or
unbalance braces. Output passes ``bibtex`` (plain) and ``biber --validate-datamodel`` without
warnings for complete records (the toolchain tests in ``tests/formats`` run both).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter, SortingStrategy
from bibtexparser.customization import splitname

from bibkit.dates import FIELD_YEAR, field_year, year_text
from bibkit.formats import editions, kinds
from bibkit.formats.bibfile import Block, field_value, macros_of, no_collection, scan
from bibkit.formats.keys import DEFAULT_PATTERN, KeyAllocator, KeyPattern
from bibkit.formats.kinds import Dialect
from bibkit.formats.latex import decode, escape, escape_words, has_non_latin, protect_case
from bibkit.identity import isbn13_of
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book
from bibkit.names import Name, parse_name
from bibkit.text import clean

__all__ = [
    "BABEL",
    "Dialect",
    "bibtex_name",
    "bibtex_names",
    "default_ascii",
    "dumps",
    "entry",
    "loads",
    "looks_like",
    "read",
    "read_names",
    "render",
    "safe_url",
]

log = logging.getLogger(__name__)


#: Characters that no real name starts a word with, and that biber cannot make an initial of:
#: biber 2.18 writes an unbalanced ``giveni={}\bibinitperiod}`` into the .bbl for a name word
#: starting with ``{\textbackslash}``, ``{\textasciitilde}`` or ``\%`` (found by the toolchain tests).
_NO_INITIAL = "\\{}%&$#_~^"


def _initial_safe(text: str) -> str:
    """``text`` with TeX specials removed from the start of every word (see ``_NO_INITIAL``)."""
    return " ".join(w for w in (word.lstrip(_NO_INITIAL) for word in text.split(" ")) if w)


def _name_part(text: str, *, ascii: bool) -> str:
    """Escape one part of a name; commas and the word "and" are braced so BibTeX does not
    split on them."""
    escaped = escape(_initial_safe(text), ascii=ascii).replace(",", "{,}")
    return re.sub(r"(?<=\s)and(?=\s)", "{and}", f" {escaped} ").strip()


def bibtex_name(name: Name, *, ascii: bool = False) -> str:
    """One name in BibTeX's ``von Last, Jr, First`` form; an organisation as ``{Name}``.

    The comma form is used always, because it is the only one BibTeX reads unambiguously
    for multi-word family names ("Brinch Hansen, Per").
    """
    if name.others:
        return "others"
    if name.corporate:
        # Braced whole, an organisation is one word to biber: only its start matters.
        return "{" + escape(name.family.lstrip(_NO_INITIAL + " ") or "Anonymous", ascii=ascii) + "}"
    family = _name_part(name.family, ascii=ascii) or "Anonymous"
    if " " in name.family or name.family[:1].islower():
        # Keep a multi-word or lower-case family name together, and out of BibTeX's "von" part.
        family = "{" + family + "}"
    last = f"{_name_part(name.particle, ascii=ascii)} {family}" if name.particle else family
    parts = [last]
    if name.suffix:
        parts.append(_name_part(name.suffix, ascii=ascii))
    if name.given:
        parts.append(_name_part(name.given, ascii=ascii))
    elif name.suffix:
        parts.append("")
    return ", ".join(parts)


def bibtex_names(names: tuple[str, ...], *, ascii: bool = False) -> str:
    """An ``author``/``editor`` value: names joined by `` and ``."""
    return " and ".join(bibtex_name(parse_name(n), ascii=ascii) for n in names if clean(n))



#: ISO 639-1 → babel/polyglossia name for biblatex's ``langid`` (only languages biblatex ships
#: a localisation for; others are left out rather than breaking the document).
BABEL: dict[str, str] = {
    "en": "english", "de": "ngerman", "fr": "french", "ru": "russian", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "pl": "polish", "cs": "czech", "sk": "slovak", "sl": "slovene",
    "sv": "swedish", "da": "danish", "nb": "norsk", "no": "norsk", "nn": "nynorsk", "fi": "finnish",
    "el": "greek", "tr": "turkish", "hu": "magyar", "ca": "catalan", "hr": "croatian", "uk": "ukrainian",
    "bg": "bulgarian", "ro": "romanian", "et": "estonian", "lv": "latvian", "lt": "lithuanian",
    "is": "icelandic", "eu": "basque", "gl": "galician", "sr": "serbian", "mr": "marathi",
}  # fmt: skip
_ISO = {babel: iso for iso, babel in BABEL.items()} | {
    "american": "en", "british": "en", "USenglish": "en", "UKenglish": "en", "german": "de",
    "austrian": "de", "naustrian": "de", "portuges": "pt", "brazil": "pt", "brazilian": "pt",
    "slovenian": "sl", "serbianc": "sr", "swissgerman": "de", "nswissgerman": "de",
}  # fmt: skip
_LANGUAGE_NAMES = {n.casefold(): iso for n, iso in _ISO.items()} | {
    "english": "en", "german": "de", "russian": "ru", "french": "fr", "spanish": "es", "italian": "it",
}  # fmt: skip

_URL_SAFE = re.compile(r"^https?://[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=]+$")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")

#: Field order in the output, the order people read a reference in.
_ORDER = [
    "author", "editor", "translator", "title", "subtitle", "journal", "journaltitle", "booktitle",
    "entrysubtype", "series", "volume", "number", "pages", "edition", "type", "school", "institution",
    "organization", "publisher", "location", "address", "howpublished", "year", "date", "origdate", "isbn",
    "doi", "langid", "pagetotal", "url", "key", "sortkey", "note",
]  # fmt: skip


def safe_url(url: str | None) -> str | None:
    """The URL percent-encoded so it is inert in a verbatim ``url`` field, or ``None``.

    Only http(s) URLs are kept. Braces, backslashes, ``^``, ``#``-less spaces and other
    characters TeX could act on are percent-encoded; a bare ``%`` becomes ``%25``.
    """
    if not url:
        return None
    from urllib.parse import quote

    url = clean(url)
    if not re.match(r"^https?://", url, re.I):
        return None
    encoded = quote(_PERCENT.sub("%25", url), safe="-._~:/?[]@!$&'()*+,;=%")
    return encoded if _URL_SAFE.match(encoded.replace("%", "")) else None


def default_ascii(dialect: Dialect) -> bool:
    """Whether a dialect's .bib is written in ASCII (LaTeX accents) unless told otherwise:
    classic BibTeX counts bytes, not letters, so it is; biber reads UTF-8, so BibLaTeX is not."""
    return dialect == "bibtex"


def _title(book: Book, dialect: Dialect, ascii: bool) -> list[tuple[str, str]]:
    english = book.language is None or book.language.lower() in ("en", "eng")
    if dialect == "biblatex":
        out = [("title", escape_words(book.title, ascii=ascii))]
        if book.subtitle:
            out.append(("subtitle", escape_words(book.subtitle, ascii=ascii)))
        return out
    title = escape_words(book.full_title, ascii=ascii)
    if not english:
        title = protect_case(escape(book.full_title, ascii=ascii))
    return [("title", title)]


def _literal_list(text: str, ascii: bool) -> str:
    """A biblatex literal list (publisher, location): a literal "and" must be braced."""
    return re.sub(r"(?<= )and(?= )", "{and}", escape(text, ascii=ascii))


def entry(
    book: Book, key: str, *, dialect: Dialect = "bibtex", ascii: bool | None = None, note: bool = True
) -> tuple[str, dict[str, str]]:
    """The entry type and escaped fields of one book, or of an entry of another kind (the
    values are ready to write in braces).

    Args:
        book: The book.
        key: Its citation key.
        dialect: ``bibtex`` or ``biblatex``.
        ascii: LaTeX accents instead of UTF-8; default True for BibTeX, False for BibLaTeX.
        note: False leaves the ``note`` field out (Better BibTeX's "skip fields").
    """
    if ascii is None:
        ascii = default_ascii(dialect)
    if book.kind != "book":
        return _other_entry(book, key, dialect=dialect, ascii=ascii, note=note)
    fields: dict[str, str] = {}
    notes: list[str] = []
    authors = tuple(a for a in book.authors if clean(a))
    editors = tuple(e for e in book.editors if clean(e))
    translators = tuple(t for t in book.translators if clean(t))
    kind = "book"
    if authors:
        fields["author"] = bibtex_names(authors, ascii=ascii)
    if editors and (not authors or dialect == "biblatex"):
        fields["editor"] = bibtex_names(editors, ascii=ascii)
        kind = "book" if authors else "collection" if dialect == "biblatex" else "book"
    elif editors:
        notes.append("Edited by " + ", ".join(escape(parse_name(e).display, ascii=ascii) for e in editors))
    if translators:
        if dialect == "biblatex":
            fields["translator"] = bibtex_names(translators, ascii=ascii)
        else:
            names = [escape(parse_name(t).display, ascii=ascii) for t in translators]
            notes.append("Translated by " + " and ".join(names))
    fields.update(_title(book, dialect, ascii))
    if book.series:
        fields["series"] = escape_words(book.series, ascii=ascii)
        if book.volume:
            fields["number"] = escape(book.volume, ascii=ascii)
    number = editions.number(book.edition)
    if number is not None and number > 1:
        fields["edition"] = str(number) if dialect == "biblatex" else editions.word(number)
    elif number is None and book.edition and clean(editions.phrase(book.edition)):
        fields["edition"] = escape(editions.phrase(book.edition), ascii=ascii)
    if book.publisher:
        fields["publisher"] = (
            _literal_list(book.publisher, ascii)
            if dialect == "biblatex"
            else escape(book.publisher, ascii=ascii)
        )
    if book.place:
        if dialect == "biblatex":
            fields["location"] = _literal_list(book.place, ascii)
        else:
            fields["address"] = escape(book.place, ascii=ascii)
    if book.year is not None:
        fields["date" if dialect == "biblatex" else "year"] = year_text(book.year)
    if book.original_year is not None and book.original_year != book.year:
        if dialect == "biblatex":
            fields["origdate"] = year_text(book.original_year)
        else:
            notes.append(f"First published {book.original_year}")
    isbn = isbn13_of(book)  # one valid ISBN-13: biber warns on an invalid one or on two
    if isbn and not isbn.startswith("9790"):  # 979-0 is the range of ISMNs (music), no book's
        fields["isbn"] = isbn
    doi = safe_doi(book.identifier("doi"))
    if doi:
        fields["doi"] = doi
    if dialect == "biblatex" and book.language and book.language.lower() in BABEL:
        fields["langid"] = BABEL[book.language.lower()]
    if book.pages:
        fields["pagetotal"] = str(book.pages)
    url = safe_url(book.url)
    if url:
        fields["url"] = url
    if notes and note:
        fields["note"] = ". ".join(notes)
    if not authors and not editors:
        # An anonymous book: plain.bst cannot sort or label a @book without author or editor,
        # and biber requires an author on @book. @misc (with a sort key for BibTeX, whose
        # @misc lower-cases the title, hence the braces) is the warning-free form in both.
        kind = "misc"
        sort_field = "key" if dialect == "bibtex" else "sortkey"
        fields[sort_field] = escape(book.full_title, ascii=ascii) or "Anonymous"
        if dialect == "bibtex":
            fields["title"] = protect_case(escape(book.full_title, ascii=ascii))
        if "publisher" in fields:
            fields["howpublished"] = fields.pop("publisher")
        # @misc has no isbn or pagetotal in biber's data model; keep them readable in the note.
        extra = [f"ISBN {fields.pop('isbn')}"] if "isbn" in fields else []
        extra += [f"{fields.pop('pagetotal')} pages"] if "pagetotal" in fields else []
        if extra and note:
            fields["note"] = ". ".join(filter(None, (fields.get("note"), *extra)))
    if has_non_latin(" ".join(fields.values())) and ascii:
        log.info("%s: non-Latin letters kept as UTF-8; they need XeLaTeX/LuaLaTeX or babel fonts", key)
    return kind, fields


#: Where a kind's container goes: the journal of an article, the book of a chapter...
_CONTAINER_FIELDS: dict[str, tuple[str, str]] = {
    "article-journal": ("journal", "journaltitle"), "article-magazine": ("journal", "journaltitle"),
    "article-newspaper": ("journal", "journaltitle"), "chapter": ("booktitle", "booktitle"),
    "paper-conference": ("booktitle", "booktitle"), "webpage": ("organization", "organization"),
}  # fmt: skip
#: Where a kind's publisher goes, in BibTeX and in BibLaTeX; articles and web pages have none.
_PUBLISHER_FIELDS: dict[str, tuple[str, str]] = {
    "chapter": ("publisher", "publisher"), "paper-conference": ("publisher", "publisher"),
    "thesis": ("school", "institution"), "report": ("institution", "institution"),
    "manuscript": ("howpublished", "howpublished"), "document": ("howpublished", "howpublished"),
}  # fmt: skip
#: Kinds whose entries print the pages they occupy, and those that may carry an ISBN, an
#: edition, a page count or a place (biblatex's data model, ``blx-dm.def``; BibTeX's styles).
_PAGED = kinds.ARTICLES | kinds.PARTS | {"thesis", "report"}
_WITH_ISBN = kinds.PARTS
_WITH_EDITION = frozenset({"chapter"})
_WITH_PAGETOTAL = frozenset({"thesis", "report"})
_WITHOUT_PLACE = kinds.ARTICLES | {"webpage"}
_WITHOUT_EDITOR = frozenset({"thesis", "report", "manuscript"})
_WITH_TRANSLATOR = kinds.ARTICLES | {"chapter"}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def safe_doi(doi: str | None) -> str | None:
    """A DOI as it can stand in a verbatim ``doi`` field: a DOI's form (``10.NNNN/...``), with
    every character TeX or BibTeX could act on percent-encoded, as in a DOI's URL."""
    if not doi:
        return None
    from urllib.parse import quote

    doi = clean(doi).strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    if not _DOI.match(doi):
        return None
    return quote(doi, safe="-._;()/:<>[]+")


def _other_entry(
    book: Book, key: str, *, dialect: Dialect, ascii: bool, note: bool
) -> tuple[str, dict[str, str]]:
    """:func:`entry` of an article, a chapter, a conference paper, a web page, a thesis, a
    report, a manuscript or a document: the type and fields each dialect's styles print."""
    kind = book.kind
    biblatex = dialect == "biblatex"
    fields: dict[str, str] = {}
    notes: list[str] = []
    authors = tuple(a for a in book.authors if clean(a))
    editors = tuple(e for e in book.editors if clean(e))
    translators = tuple(t for t in book.translators if clean(t))
    entry_type = kinds.bibtex_type(kind, dialect, genre=book.genre, editors=bool(editors))
    if authors:
        fields["author"] = bibtex_names(authors, ascii=ascii)
    if editors and kind not in _WITHOUT_EDITOR and (biblatex or kind in kinds.PARTS or not authors):
        # A chapter's editors are the book's: the styles print "In E. Editor, editor, Booktitle".
        fields["editor"] = bibtex_names(editors, ascii=ascii)
    elif editors:
        notes.append("Edited by " + ", ".join(escape(parse_name(e).display, ascii=ascii) for e in editors))
    if translators:
        if biblatex and kind in _WITH_TRANSLATOR:
            fields["translator"] = bibtex_names(translators, ascii=ascii)
        else:
            names = [escape(parse_name(t).display, ascii=ascii) for t in translators]
            notes.append("Translated by " + " and ".join(names))
    fields.update(_title(book, dialect, ascii))
    container = book.container_title
    if container and kind in _CONTAINER_FIELDS:
        name = _CONTAINER_FIELDS[kind][biblatex]
        fields[name] = (
            _literal_list(container, ascii)
            if name == "organization"
            else escape_words(container, ascii=ascii)
        )
    if biblatex and kind in ("article-magazine", "article-newspaper"):
        fields["entrysubtype"] = kind.removeprefix("article-")
    if kind in kinds.ARTICLES or kind == "report":
        if book.volume and kind in kinds.ARTICLES:
            fields["volume"] = escape(book.volume, ascii=ascii)
        if book.number:
            fields["number"] = escape(book.number, ascii=ascii)
    elif book.series and kind in kinds.PARTS:
        fields["series"] = escape_words(book.series, ascii=ascii)
        if book.volume:
            fields["number"] = escape(book.volume, ascii=ascii)
    elif book.volume and kind in kinds.PARTS:
        fields["volume"] = escape(book.volume, ascii=ascii)
    if book.page_range and kind in _PAGED:
        fields["pages"] = escape(book.page_range.replace("\u2013", "--"), ascii=ascii)
    number = editions.number(book.edition)
    if kind in _WITH_EDITION and number is not None and number > 1:
        fields["edition"] = str(number) if biblatex else editions.word(number)
    elif kind in _WITH_EDITION and number is None and book.edition and clean(editions.phrase(book.edition)):
        fields["edition"] = escape(editions.phrase(book.edition), ascii=ascii)
    if kind in ("thesis", "report"):
        genre = (
            kinds.biblatex_genre(book.genre, kind) if biblatex else kinds.bibtex_genre(book.genre, entry_type)
        )
        if genre:
            fields["type"] = escape(genre, ascii=ascii)
    if book.publisher:
        if kind in _PUBLISHER_FIELDS:
            name = _PUBLISHER_FIELDS[kind][biblatex]
            literal = biblatex and name in ("publisher", "institution")
            fields[name] = (
                _literal_list(book.publisher, ascii) if literal else escape(book.publisher, ascii=ascii)
            )
        elif kind == "webpage" and "organization" not in fields:
            fields["organization"] = _literal_list(book.publisher, ascii)
    if book.place and kind not in _WITHOUT_PLACE:
        fields["location" if biblatex else "address"] = (
            _literal_list(book.place, ascii) if biblatex else escape(book.place, ascii=ascii)
        )
    url = safe_url(book.url)
    if kind == "webpage" and url and not biblatex:
        # Classic styles print no url field: the address goes where they print how it was published.
        fields["howpublished"] = escape(url, ascii=ascii)
    if book.year is not None:
        fields["date" if biblatex else "year"] = year_text(book.year)
    if book.original_year is not None and book.original_year != book.year:
        if biblatex:
            fields["origdate"] = year_text(book.original_year)
        else:
            notes.append(f"First published {book.original_year}")
    isbn = isbn13_of(book)
    if isbn and not isbn.startswith("9790") and kind in _WITH_ISBN:
        fields["isbn"] = isbn
    doi = safe_doi(book.identifier("doi"))
    if doi and kind != "webpage":  # biblatex's @online has no doi
        fields["doi"] = doi
    if biblatex and book.language and book.language.lower() in BABEL:
        fields["langid"] = BABEL[book.language.lower()]
    if book.pages and kind in _WITH_PAGETOTAL:
        fields["pagetotal"] = str(book.pages)
    if url:
        fields["url"] = url
    if not authors and not editors:
        # Sorted by title: no style can sort or label an entry without a name otherwise.
        fields["key" if not biblatex else "sortkey"] = escape(book.full_title, ascii=ascii) or "Anonymous"
    if notes and note:
        fields["note"] = ". ".join(notes)
    if has_non_latin(" ".join(fields.values())) and ascii:
        log.info("%s: non-Latin letters kept as UTF-8; they need XeLaTeX/LuaLaTeX or babel fonts", key)
    return entry_type, fields


def render(entries: Sequence[tuple[str, str, dict[str, str]]]) -> str:
    """Write ``(type, key, fields)`` entries with bibtexparser's writer, in the given order."""
    db = BibDatabase()
    db.entries = [{"ENTRYTYPE": kind, "ID": key, **fields} for kind, key, fields in entries]
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None
    writer.display_order = _ORDER
    writer.display_order_sorting = SortingStrategy.PRESERVE
    return str(writer.write(db))


def dumps(
    books: Iterable[Book],
    *,
    dialect: Dialect = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    taken_keys: Iterable[str] = (),
    note: bool = True,
) -> str:
    """Render ``books`` as .bib entries with unique citation keys.

    Args:
        books: The books, in output order.
        dialect: ``bibtex`` (classic BibTeX styles) or ``biblatex`` (biber).
        ascii: LaTeX accents instead of UTF-8 (default: True for BibTeX, False for BibLaTeX).
        key_pattern: Citation key pattern (see :mod:`bibkit.formats.keys`).
        taken_keys: Keys already in use (e.g. in the file being appended to); never reused.
        note: False leaves the ``note`` field out.
    """
    allocator = KeyAllocator(key_pattern, taken=taken_keys)
    rendered = []
    for book in books:
        key = allocator.key(book)
        kind, fields = entry(book, key, dialect=dialect, ascii=ascii, note=note)
        rendered.append((kind, key, fields))
    return render(rendered)


# ---------------------------------------------------------------------------------------------
# Reading


_TRANSLATED = re.compile(r"Translated by (.+?)(?:\.(?:\s|$)|$)")
_NAME_LIST = re.compile(r"\s+and\s+|,\s*")
_FIRST_PUBLISHED = re.compile(rf"First published ({FIELD_YEAR})")
_ISBN_NOTE = re.compile(r"ISBN ([0-9Xx-]+)")
_ISBN_SPLIT = re.compile(r"[\s,;]+")
#: The identifier scheme under which an entry's further ISBNs are kept, comma-separated.
OTHER_ISBNS = "other_isbns"
_NOT_ISBN_DIGIT = re.compile(r"[^0-9Xx]")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_PAGES_NOTE = re.compile(r"(\d+) pages")
_PAGES = re.compile(r"\s*\d+\s*(?:pp?\.?|pages)?\s*")
_NOT_DIGIT = re.compile(r"\D")
#: A name BibTeX splits no other way than on its one comma, if it has one: no braces, ties or
#: commands (which group words), so "First von Last" is its words in the order written.
_PLAIN_NAME = re.compile(r"[^{}\\~,]*(?:,[^{}\\~,]*)?")


def _split_names(value: str) -> list[str]:
    """Split a name list on `` and `` at brace level 0, as BibTeX does."""
    names: list[str] = []
    current: list[str] = []
    depth = 0
    tokens = re.split(r"(\s+and\s+|[{}])", value)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append("".join(current))
            current = []
        else:
            current.append(token)
    names.append("".join(current))
    return [n.strip() for n in names if n.strip()]


#: Field values and name lists repeat across a bibliography (publishers, places, authors of
#: several books): each distinct one is decoded once per process.
_decoded = functools.lru_cache(maxsize=1 << 16)(decode)


def _display_name(bib_name: str) -> str:
    """A BibTeX name ("van Gogh, Vincent", "{Institute of Physics}") as a display name."""
    if bib_name.strip() == "others":
        return "others"
    if _PLAIN_NAME.fullmatch(bib_name):
        last, comma, first = bib_name.partition(",")
        return clean(_decoded(f"{first} {last}" if comma else last))
    try:
        parts = splitname(bib_name, strict_mode=False)
    except Exception:
        return _decoded(bib_name)
    text = " ".join(_decoded(p) for p in (*parts["first"], *parts["von"], *parts["last"]))
    if parts["jr"]:
        text += ", " + " ".join(_decoded(p) for p in parts["jr"])
    return clean(text)


@functools.lru_cache(maxsize=1 << 16)
def read_names(value: str) -> tuple[str, ...]:
    """The display names of a BibTeX name list ("Carr, E. H. and {Institute of Physics}")."""
    return tuple(_display_name(n) for n in _split_names(value))


def _book(fields: dict[str, str]) -> Book:
    get = fields.get

    def text(name: str) -> str | None:
        value = get(name)
        return _decoded(value) or None if value is not None else None

    def names(name: str) -> tuple[str, ...]:
        value = get(name)
        return read_names(value) if value else ()

    kind = kinds.from_bibtex(fields["ENTRYTYPE"], fields)
    note = text("note") or ""
    translators = names("translator")
    translated = _TRANSLATED.search(note)
    if not translators and translated:
        translators = tuple(clean(n) for n in _NAME_LIST.split(translated.group(1)) if clean(n))
    original_year = field_year(get("origdate") or get("origyear"))
    first = _FIRST_PUBLISHED.search(note)
    if original_year is None and first:
        original_year = int(first.group(1))
    isbn13 = isbn10 = None
    others: list[str] = []
    in_note = _ISBN_NOTE.search(note)
    for candidate in _ISBN_SPLIT.split(get("isbn") or (in_note.group(1) if in_note else "")):
        valid = to_isbn13(candidate)
        if valid and isbn13 is None:
            isbn13 = valid
            isbn10 = to_isbn10(candidate) if len(_NOT_ISBN_DIGIT.sub("", candidate)) == 10 else None
        elif valid and valid != isbn13 and valid not in others:
            # isbn = {A, B}: the entry is the book under each (hardback and paperback...).
            others.append(valid)
    edition = editions.as_read(text("edition"))
    language = get("langid") or get("language")
    iso = None
    if language:
        language = decode(language)
        iso = _ISO.get(language) or _LANGUAGE_NAMES.get(language.casefold())
        if iso is None and _TWO_LETTERS.fullmatch(language):
            iso = language.lower()
    pages_in_note = _PAGES_NOTE.search(note)
    # A book's (or thesis's...) "pages" may be its page count; an article's are a range.
    in_pages = get("pages")
    count = in_pages if kind in _WHOLE and in_pages and _PAGES.fullmatch(in_pages) else None
    pages = get("pagetotal") or count or (pages_in_note.group(1) if pages_in_note else None)
    pages = pages if pages and _PAGES.fullmatch(pages) else None
    identifiers = [("citation_key", fields["ID"]), ("bibtex_type", fields["ENTRYTYPE"].lower())]
    if others:
        identifiers.append((OTHER_ISBNS, ",".join(others)))
    if get("doi"):
        identifiers.append(("doi", decode(fields["doi"])))
    url = get("url")
    howpublished = get("howpublished") or ""
    if url is None and kinds.is_url(howpublished):
        url = decode(howpublished)
    publisher = text("publisher") or (None if kinds.is_url(howpublished) else text("howpublished"))
    if kind in ("thesis", "report"):
        publisher = text("school") or text("institution") or publisher
    article = kind in kinds.ARTICLES
    series = text("series") if not article else None
    return Book(
        title=text("title") or "",
        subtitle=text("subtitle"),
        authors=names("author"),
        editors=names("editor"),
        translators=translators,
        publisher=publisher,
        place=text("location") or text("address"),
        year=field_year(get("date") or get("year")),
        original_year=original_year,
        edition=edition,
        isbn13=isbn13,
        isbn10=isbn10,
        language=iso,
        pages=int(_NOT_DIGIT.sub("", pages)[:6] or 0) or None if pages else None,
        series=series,
        volume=text("volume") if article or kind == "report" else text("number") or text("volume"),
        url=clean(url).replace("{", "").replace("}", "") or None if url else None,
        kind=kind,
        container_title=_container(kind, text),
        number=text("number") or text("issue") if article or kind == "report" else None,
        page_range=kinds.normalize_pages(text("pages")) if in_pages and not count else None,
        genre=kinds.genre_of(fields["ENTRYTYPE"], text("type")) if kind in ("thesis", "report") else None,
        identifiers=tuple(identifiers),
    )


#: Kinds whose ``pages`` field may give their page count.
_WHOLE = frozenset({"book", "thesis", "report", "manuscript", "document"})


def _container(kind: str, text: Callable[[str], str | None]) -> str | None:
    """The title of what an entry is in: the journal, the book, the proceedings, the website."""
    if kind in kinds.ARTICLES:
        return text("journaltitle") or text("journal")
    if kind in kinds.PARTS:
        return text("booktitle")
    if kind == "webpage":
        return text("organization")
    return None


def read(
    text: str, *, source: str = "<bib>", blocks: Sequence[Block] | None = None
) -> list[tuple[Block, Book]]:
    """Every entry of a .bib text with the block it was read from, in file order.

    The structure is checked first (see :func:`bibkit.formats.bibfile.scan`), so a broken file
    is refused with its line instead of being half-read. ``@string`` macros (and the month
    names) are expanded; every entry type is read (``identifiers`` records ``bibtex_type`` and
    ``citation_key``), and the BibTeX notes bibkit writes ("Translated by …", "First
    published …") are read back. A field given twice counts once, the first time, as in BibTeX.

    Args:
        text: The whole file.
        source: File name for messages.
        blocks: ``scan(text)``, if the caller has it already.

    Raises:
        FormatError: The text is not well-formed BibTeX; the message names the line.
    """
    if blocks is None:
        blocks = scan(text, source=source)
    macros = macros_of(text, blocks)
    out: list[tuple[Block, Book]] = []
    with no_collection():
        for block in blocks:
            if block.key is None:
                continue
            fields: dict[str, str] = {}
            for field in block.fields:
                name = field.name.lower()
                if name not in fields:
                    fields[name] = (
                        text[field.value_start + 1 : field.end - 1]
                        if field.simple
                        else field_value(text, field, macros)
                    )
            fields["ID"] = block.key
            fields["ENTRYTYPE"] = block.kind
            out.append((block, _book(fields)))
    return out


#: The start of a BibTeX entry or command, after comments and blank lines.
_START = re.compile(r"(?:\s*%[^\n]*\n)*\s*@[ \t]*[A-Za-z]+[ \t]*[{(]")


def looks_like(text: str) -> bool:
    """Whether a text opens as a .bib does: ``@type{`` (or ``@type(``), after comments and
    blank lines. A text that merely starts with an ``@handle`` does not."""
    return _START.match(text) is not None


def loads(text: str, *, source: str = "<bib>") -> list[Book]:
    """The entries of a .bib text as books, in file order (see :func:`read`).

    Raises:
        FormatError: The text is not well-formed BibTeX; the message names the line.
    """
    return [book for _, book in read(text, source=source)]
