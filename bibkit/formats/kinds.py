"""Entry types across formats: what kind of work an entry cites, and each format's name for it. Pure.

A :class:`~bibkit.model.Book`'s ``kind`` is a CSL item type (:data:`bibkit.model.KINDS`). Every
reader turns its own type into a kind here (:func:`from_bibtex`, :func:`from_csl`,
:func:`from_ris`) and every writer asks here for its name of a kind (:func:`bibtex_type`,
:func:`ris_type`, :func:`zotero_type`; CSL-JSON writes the kind itself), so that an ``@article``
read from a .bib is a ``JOUR`` in RIS, an ``article-journal`` in CSL-JSON and a
``journalArticle`` in Zotero, and comes back an ``@article``. The type tables follow the
formats' own documentation and Zotero's importers and exporters (``RIS.js``, ``BibTeX.js``,
Zotero's ``schema.json``); the BibLaTeX types and fields are biblatex's data model
(``blx-dm.def``).

Also here, because each format writes them its own way: page ranges ("433–460" in the model,
``433--460`` in a .bib, ``SP``/``EP`` in RIS) and the type of a thesis or report (``genre``:
"PhD thesis" is BibTeX's ``@phdthesis``, BibLaTeX's ``type = {phdthesis}``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from bibkit.model import ARTICLES, KINDS, PARTS

__all__ = [
    "ARTICLES",
    "CONTAINED",
    "PARTS",
    "ZOTERO_TYPES",
    "biblatex_genre",
    "bibtex_genre",
    "bibtex_type",
    "from_bibtex",
    "from_csl",
    "from_ris",
    "from_zotero",
    "genre_of",
    "is_url",
    "normalize_pages",
    "noun",
    "page_ends",
    "ris_type",
    "zotero_type",
]

#: Kinds whose ``container_title`` names what they are in.
CONTAINED = ARTICLES | PARTS | {"webpage"}

Dialect = Literal["bibtex", "biblatex"]

# ---------------------------------------------------------------------------------------------
# Types

#: BibTeX and BibLaTeX entry types → kinds (``@misc`` and ``@inbook`` depend on the entry: see
#: :func:`from_bibtex`).
_BIBTEX_KINDS: Mapping[str, str] = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "book", "collection": "book",
    "mvcollection": "book", "proceedings": "book", "mvproceedings": "book", "reference": "book",
    "mvreference": "book", "incollection": "chapter", "inreference": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "online": "webpage", "www": "webpage", "electronic": "webpage",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report",
    "report": "report", "unpublished": "manuscript",
}  # fmt: skip
#: BibLaTeX's ``entrysubtype`` of an ``@article`` that is no journal's.
_ARTICLE_SUBTYPES: Mapping[str, str] = {"magazine": "article-magazine", "newspaper": "article-newspaper"}

#: CSL types outside :data:`~bibkit.model.KINDS` → kinds (CSL's own types are kinds already).
_CSL_KINDS: Mapping[str, str] = {
    "post": "webpage", "post-weblog": "webpage", "classic": "book", "collection": "book",
    "pamphlet": "book", "entry": "chapter", "entry-dictionary": "chapter", "entry-encyclopedia": "chapter",
    "article": "manuscript",
}  # fmt: skip

#: RIS types → kinds (the 2011 specification's types and Zotero's importer, ``RIS.js``).
_RIS_KINDS: Mapping[str, str] = {
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CLASSIC": "book", "CLSWK": "book", "SER": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "DICT": "chapter", "ENCYC": "chapter", "JOUR": "article-journal",
    "EJOUR": "article-journal", "JFULL": "article-journal", "ABST": "article-journal",
    "MGZN": "article-magazine", "NEWS": "article-newspaper", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "ELEC": "webpage", "WEB": "webpage", "BLOG": "webpage", "THES": "thesis",
    "RPRT": "report", "GOVDOC": "report", "STAND": "report", "MANSCPT": "manuscript", "UNPB": "manuscript",
    "UNPD": "manuscript", "INPR": "manuscript", "PAMP": "manuscript",
}  # fmt: skip
_RIS_TYPES: Mapping[str, str] = {
    "book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "article-magazine": "MGZN",
    "article-newspaper": "NEWS", "paper-conference": "CPAPER", "webpage": "ELEC", "thesis": "THES",
    "report": "RPRT", "manuscript": "MANSCPT", "document": "GEN",
}  # fmt: skip
_ZOTERO_TYPES: Mapping[str, str] = {
    "book": "book", "chapter": "bookSection", "article-journal": "journalArticle",
    "article-magazine": "magazineArticle", "article-newspaper": "newspaperArticle",
    "paper-conference": "conferencePaper", "webpage": "webpage", "thesis": "thesis", "report": "report",
    "manuscript": "manuscript", "document": "document",
}  # fmt: skip
#: Kinds → BibTeX and BibLaTeX types, where one type fits every entry of the kind.
_BIBTEX_TYPES: Mapping[str, tuple[str, str]] = {
    "article-journal": ("article", "article"), "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"), "paper-conference": ("inproceedings", "inproceedings"),
    "webpage": ("misc", "online"), "report": ("techreport", "report"),
    "manuscript": ("unpublished", "unpublished"), "document": ("misc", "misc"),
}  # fmt: skip


#: What each kind is called in a message ("a journal article: not looked up ...").
_NOUNS: Mapping[str, str] = {
    "book": "a book", "chapter": "a chapter", "article-journal": "a journal article",
    "article-magazine": "a magazine article", "article-newspaper": "a newspaper article",
    "paper-conference": "a conference paper", "webpage": "a web page", "thesis": "a thesis",
    "report": "a report", "manuscript": "a manuscript", "document": "a document",
}  # fmt: skip


def noun(kind: str) -> str:
    """The kind as a person names it, with its article ("a journal article", "a web page")."""
    return _NOUNS.get(kind, f"a {kind}")


def from_bibtex(entry_type: str, fields: Mapping[str, str]) -> str:
    """The kind of a .bib entry of type ``entry_type`` with (raw, lower-case named) ``fields``.

    ``@inbook`` is a chapter when it names the book (BibLaTeX's ``booktitle``), else the book
    itself (classic BibTeX's ``@inbook``: the title is the book's, ``chapter`` the part). A
    ``@misc`` is a web page when its ``howpublished`` is a URL (the classic BibTeX way to cite
    one), a book when it has an ISBN or, without author or editor, a publisher (how bibkit
    writes an anonymous book), and otherwise a document.
    """
    kind = entry_type.lower()
    if kind == "article":
        return _ARTICLE_SUBTYPES.get(fields.get("entrysubtype", "").strip().lower(), "article-journal")
    if kind == "inbook":
        return "chapter" if fields.get("booktitle", "").strip() else "book"
    if kind == "misc":
        if is_url(fields.get("howpublished", "")):
            return "webpage"
        if fields.get("isbn", "").strip() or "ISBN " in fields.get("note", ""):
            return "book"
        anonymous = not fields.get("author", "").strip() and not fields.get("editor", "").strip()
        published = fields.get("howpublished", "").strip() or fields.get("publisher", "").strip()
        return "book" if anonymous and published else "document"
    return _BIBTEX_KINDS.get(kind, "document")


_URL_TEXT = re.compile(r"^\s*(?:\\url\s*\{\s*)?https?://", re.IGNORECASE)


def is_url(value: str) -> bool:
    """Whether a raw .bib value is a URL (``\\url{...}`` or bare)."""
    return bool(_URL_TEXT.match(value))


def bibtex_type(kind: str, dialect: Dialect, *, genre: str | None = None, editors: bool = False) -> str:
    """The entry type a kind is written as (books are decided by the writer: ``@book``,
    ``@collection`` or an anonymous ``@misc``).

    BibTeX has no web page type: a web page is a ``@misc`` (with its URL in ``howpublished``,
    where the standard styles print it). A thesis is BibTeX's ``@mastersthesis`` when its
    ``genre`` says so, else ``@phdthesis``. A BibLaTeX chapter of a book without editors is an
    ``@inbook`` (``@incollection`` requires the editors).
    """
    if kind == "book":
        return "book"
    if kind == "chapter":
        return "incollection" if dialect == "bibtex" or editors else "inbook"
    if kind == "thesis":
        if dialect == "biblatex":
            return "thesis"
        return "mastersthesis" if genre and _MASTERS.match(genre.strip()) else "phdthesis"
    bibtex, biblatex = _BIBTEX_TYPES.get(kind, ("misc", "misc"))
    return biblatex if dialect == "biblatex" else bibtex


def from_csl(csl_type: str) -> str:
    """The kind of a CSL item of type ``csl_type`` (an unknown type is a ``document``)."""
    name = csl_type.strip().lower()
    return name if name in KINDS else _CSL_KINDS.get(name, "document")


def from_ris(ty: str) -> str:
    """The kind of a RIS record of type ``ty`` (``GEN`` and unknown types are ``document``)."""
    return _RIS_KINDS.get(ty.strip().upper(), "document")


def ris_type(kind: str) -> str:
    """The RIS type a kind is written as."""
    return _RIS_TYPES.get(kind, "GEN")


def zotero_type(kind: str) -> str:
    """The Zotero item type of a kind."""
    return _ZOTERO_TYPES.get(kind, "document")


#: The Zotero item types of the kinds, one each: what ``push`` writes and ``export`` reads.
ZOTERO_TYPES: tuple[str, ...] = tuple(_ZOTERO_TYPES.values())
_ZOTERO_KINDS: Mapping[str, str] = {item_type: kind for kind, item_type in _ZOTERO_TYPES.items()}


def from_zotero(item_type: str) -> str | None:
    """The kind of a Zotero item of type ``item_type``; ``None`` for a type no kind maps to
    (notes, attachments, and types such as ``podcast`` or ``patent``)."""
    return _ZOTERO_KINDS.get(item_type)


# ---------------------------------------------------------------------------------------------
# The type of a thesis or report

#: BibLaTeX's localisation keys for ``type`` and BibTeX's entry types → what they print.
_GENRE_TEXT: Mapping[str, str] = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical Report",
    "resreport": "Research report",
}
#: Genres that are exactly what a BibLaTeX key prints (any case), and the keys themselves.
_GENRE_KEYS: Mapping[str, str] = {
    **{text.casefold(): key for key, text in _GENRE_TEXT.items() if key != "mastersthesis"},
    **{key: key for key in _GENRE_TEXT if key != "mastersthesis"},
    "mastersthesis": "mathesis", "ph.d. thesis": "phdthesis", "masters thesis": "mathesis",
}  # fmt: skip
#: A master's thesis, however it is written: BibTeX's ``@mastersthesis``.
_MASTERS = re.compile(r"^(?:master|m\.?\s?(?:a|sc|phil|s)\b\.?|mathesis)", re.IGNORECASE)


def _genre_key(genre: str | None) -> str | None:
    """BibLaTeX's localisation key for a genre that is exactly what the key prints ("PhD
    thesis" → ``phdthesis``); ``None`` for any other wording, which is kept as written."""
    return _GENRE_KEYS.get(" ".join((genre or "").split()).casefold())


def genre_of(entry_type: str, type_field: str | None) -> str | None:
    """The genre of a .bib thesis or report: its ``type`` field (a BibLaTeX key such as
    ``phdthesis`` read as the text it prints), else what its entry type prints
    (``@phdthesis`` → "PhD thesis", ``@techreport`` → "Technical Report")."""
    if type_field and type_field.strip():
        text = " ".join(type_field.split())
        return _GENRE_TEXT.get(text.lower(), text)
    return _GENRE_TEXT.get(entry_type.lower())


#: The genre (as a BibLaTeX key) each classic BibTeX type prints by itself.
_PRINTED_GENRE: Mapping[str, str] = {
    "phdthesis": "phdthesis", "mastersthesis": "mathesis", "techreport": "techreport",
}  # fmt: skip


def bibtex_genre(genre: str | None, entry_type: str) -> str | None:
    """The ``type`` field a classic BibTeX thesis or report needs: none when the entry type
    prints the genre already (``@phdthesis`` prints "PhD thesis"), "Thesis" or "Report" when
    the genre is unknown (so that no style claims a PhD), else the genre."""
    if genre is None:
        return "Thesis" if entry_type.endswith("thesis") else "Report"
    return None if _genre_key(genre) == _PRINTED_GENRE.get(entry_type) else genre


def biblatex_genre(genre: str | None, kind: str) -> str:
    """BibLaTeX's ``type`` of a thesis or report (required there): its localisation key when
    it has one, which biblatex prints in the document's language; else the genre as written."""
    if genre is None:
        return "Thesis" if kind == "thesis" else "Report"
    return _genre_key(genre) or genre


# ---------------------------------------------------------------------------------------------
# Page ranges

_DASHES = re.compile(r"\s*(?:-{1,3}|[\u2010\u2011\u2012\u2013\u2014\u2212])\s*")


def normalize_pages(text: str | None) -> str | None:
    """A page range as the model keeps it: an en dash between the ends ("433--460",
    "433-460", "433 – 460" → "433–460"); other text ("e1002", "xi, 12–14") as written."""
    if text is None:
        return None
    value = _DASHES.sub("\u2013", " ".join(text.split()))
    return value or None


def page_ends(page_range: str) -> tuple[str, str | None]:
    """The first and last page of a range (for RIS ``SP`` and ``EP``); a single page or a list
    of ranges is kept whole as the first."""
    first, dash, last = page_range.partition("\u2013")
    if dash and first and last and "," not in page_range and "\u2013" not in last:
        return first, last
    return page_range, None
