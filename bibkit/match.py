"""Scoring candidates against a mention. Pure: strings in, numbers out.

``score`` combines a title similarity and an author agreement into one number in 0..1:

* title: rapidfuzz ratio of the normalised titles (case, diacritics, punctuation and leading
  articles removed); a subtitle on either side is optional, so the best of full title and
  main title counts.
* author: 1.0 when surnames agree and initials are compatible ("E. H. Carr" = "Edward
  Hallett Carr"), 0.0 when both sides name authors that disagree, 0.5 when the mention has no
  author (title alone decides, and scores are damped accordingly).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from bibkit.model import Book, Mention

__all__ = ["author_agreement", "fold", "normalize_title", "score", "surname_of", "title_similarity"]

_ARTICLES = re.compile(r"^(?:the|a|an|der|die|das|le|la|les|el|los|las|il|lo)\s+")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, fold whitespace."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("&", " and ")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", stripped.casefold())).strip()


def normalize_title(title: str) -> str:
    """Title for comparison: folded and without a leading article."""
    return _ARTICLES.sub("", fold(title))


def _main_title(title: str) -> str:
    return re.split(r"\s*[:;]\s+|\s+[-–—]\s+", title, maxsplit=1)[0]


def title_similarity(mention_title: str, book: Book) -> float:
    """0..1 similarity of a mention's title to a book's title, subtitles optional both sides."""
    left = {normalize_title(mention_title), normalize_title(_main_title(mention_title))}
    right = {
        normalize_title(book.title),
        normalize_title(book.full_title),
        normalize_title(_main_title(book.title)),
    }
    left.discard("")
    right.discard("")
    if not left or not right:
        return 0.0
    return max(fuzz.ratio(a, b) for a in left for b in right) / 100.0


def _name_parts(name: str) -> tuple[str, list[str]]:
    """(surname, given-name initials) of a display or "Last, First" name."""
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    tokens = [t for t in fold(name.replace(".", ". ")).split() if t]
    if not tokens:
        return "", []
    return tokens[-1], [t[0] for t in tokens[:-1]]


def surname_of(name: str | None) -> str | None:
    """The surname of a display or "Last, First" name, as written (not folded)."""
    if not name or not name.strip():
        return None
    if "," in name:
        return name.partition(",")[0].strip() or None
    return name.split()[-1]


def _names_agree(a: str, b: str) -> bool:
    surname_a, initials_a = _name_parts(a)
    surname_b, initials_b = _name_parts(b)
    if not surname_a or not surname_b:
        return False
    if surname_a != surname_b and fuzz.ratio(surname_a, surname_b) < 85:
        return False
    shared = min(len(initials_a), len(initials_b))
    return initials_a[:shared] == initials_b[:shared] or not shared


def author_agreement(mention_author: str | None, authors: Sequence[str]) -> float | None:
    """1.0 if the mention's author matches one of ``authors``, 0.0 if not, None if unknown."""
    if not mention_author or not authors:
        return None
    return 1.0 if any(_names_agree(mention_author, a) for a in authors) else 0.0


def score(mention: Mention, book: Book) -> float:
    """Overall 0..1 agreement between a mention and a candidate book."""
    title = title_similarity(mention.title, book)
    author = author_agreement(mention.best_author, (*book.authors, *book.editors))
    if author is None:
        return title * 0.85
    if author == 0.0:
        return title * 0.3
    return title
