"""BibTeX output through bibtexparser 1.4's writer.

Catalogue text is untrusted: every LaTeX special character is escaped so that no record can
inject commands or unbalance braces in the user's document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from bibkit.match import fold
from bibkit.model import Book

__all__ = ["citation_key", "dumps", "escape"]

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "#": r"\#",
    "&": r"\&",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIALS))


def escape(text: str) -> str:
    """Escape LaTeX specials so the text is inert and brace-balanced."""
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group(0)], text)


def _bibtex_name(name: str) -> str:
    parts = name.split()
    if len(parts) < 2:
        return "{" + escape(name) + "}"
    return f"{escape(parts[-1])}, {escape(' '.join(parts[:-1]))}"


def citation_key(book: Book) -> str:
    author = fold(book.authors[0]).split()[-1] if book.authors and fold(book.authors[0]) else "anon"
    words = [w for w in fold(book.title).split() if w not in {"the", "a", "an", "of", "and", "on", "in"}]
    short = "".join(w.capitalize() for w in words[:3])
    return f"{author}{short}{book.year or ''}"


def dumps(books: Iterable[Book]) -> str:
    """Render ``books`` as BibTeX ``@book`` entries with unique citation keys."""
    db = BibDatabase()
    seen: set[str] = set()
    for book in books:
        key = base = citation_key(book)
        n = 0
        while key in seen:
            key = base + chr(ord("a") + n)
            n += 1
        seen.add(key)
        entry = {"ENTRYTYPE": "book", "ID": key, "title": escape(book.full_title)}
        if book.authors:
            entry["author"] = " and ".join(_bibtex_name(a) for a in book.authors)
        if book.publisher:
            entry["publisher"] = escape(book.publisher)
        if book.year:
            entry["year"] = str(book.year)
        if book.isbn13:
            entry["isbn"] = book.isbn13
        db.entries.append(entry)
    writer = BibTexWriter()
    writer.order_entries_by = None
    return str(writer.write(db))
