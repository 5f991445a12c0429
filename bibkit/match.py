"""Scoring candidates against a mention. Pure: strings in, numbers out.

How ``score`` is computed
-------------------------
``score(mention, book)`` is a number in 0..1 built from three parts.

Title (``title_similarity``). Both titles are normalised: case, diacritics, markup (``*``,
``_``, HTML entities), punctuation and a leading article are removed, "vol." becomes
"volume", and bracketed notes that describe a format rather than a title ("(Kindle
Edition)", "(Boxed Set)", "(Opus Books)") are dropped. Each side is tried with and without
its subtitle (the part after ``:``), so a subtitle is optional on either side; a pair that
drops a subtitle counts 0.97 of a full match so that an exact full title wins a tie. A pair's
similarity is the mean of rapidfuzz's character ``ratio`` and a word-level F1 in which two
words match when they are equal or, for words of five letters or more, differ by a typo
(ratio ≥ 85). The word part is what tells "The Prophet Armed" (1.0) from "The Prophet
Unarmed" (0.71): characters alone would give 0.93. A title the text cuts short ("A Station
on the Path [...]") is compared with the same number of leading words of the candidate.

Author (``author_agreement``). Surnames compared folded, with a typo allowed ("Griffith" =
"Griffiths", "Bennet" = "Bennett"); given names must be compatible initials ("E. H. Carr" =
"Edward Hallett Carr", but "A. Smith" ≠ "Zadie Smith"). A mention naming several people
("Acemoglu and Robinson") agrees when one of them is an author or editor. Words that are not
a name ("this author") count as no author.

Combination. With an agreeing author, ``score`` is the title similarity. With no author in
the mention, the title alone decides and the score is damped to 0.9 × title: an exact title
with no author scores 0.90 and must also be unique (see :mod:`bibkit.resolve`). With an
author that disagrees, it is 0.3 × title, far below any threshold: a wrong author is never
resolved. A year in the mention moves the score by +0.03 when it is within a year of the
work's first publication (or of the edition's year), and by -0.05 when both are known and
differ by more than five years.

Thresholds, and what a confidence means
---------------------------------------
The thresholds in :mod:`bibkit.resolve` come from ``benchmarks/resolution_quality.py``: the
294 named annotated mentions resolved against ~16,100 real works, a fifth of the mentioned
books left out. Distribution of the best candidate's score (right work / wrong or absent):

    [0.00, 0.50)   0 / 12      [0.75, 0.80)   2 / 0      [0.90, 0.95)  88 / 0
    [0.50, 0.70)   0 /  5      [0.80, 0.85)   0 / 0      [0.95, 1.00] 127 / 0
    [0.70, 0.75)   0 /  1      [0.85, 0.90)   7 / 0

Every wrong or absent best candidate scored below 0.75 and every right one at 0.75 or
above, so ``RESOLVE_THRESHOLD = 0.75`` sits at the measured boundary; the two right works
just above it are title-only near misses ("Lincoln on the Bardo"). A confidence of 0.9 or
more was the right work in all 222 measured cases; between 0.75 and 0.9, in all 9, but these
are few and title-only, so treat them as "check me" (``--min-confidence 0.9`` to drop them).
Same-title books by other authors are not a score question: they score alike, and the
resolver reports them as ``ambiguous`` when they come within ``AMBIGUITY_MARGIN`` (0.05).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

from bibkit.model import Book, Mention
from bibkit.names import parse_name

__all__ = [
    "author_agreement",
    "fold",
    "names_agree",
    "normalize_title",
    "score",
    "spell_ordinals",
    "split_authors",
    "surname_key",
    "surname_of",
    "title_similarity",
    "work_key",
]

_ARTICLES = re.compile(r"^(?:the|a|an|der|die|das|le|la|les|el|los|las|il|lo)\s+")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_FORMAT_NOTE = re.compile(
    r"\s*[(\[][^)\]]*\b(?:edition|ed\.|boxed set|box set|books|classics|series|library|paperback|"
    r"hardcover|kindle|vol(?:ume)?\.?\s*\d+|#\s*\d+)[^)\]]*[)\]]",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")
_VOLUME_COUNT = re.compile(r"\s+\d+\s+vols?\.?$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*$")
_SUBTITLE_SPLIT = re.compile(r"\s*[:;]\s+|\s+[-–—]\s+")
_SUBTITLE_FACTOR = 0.97
_NO_AUTHOR_FACTOR = 0.9
_WRONG_AUTHOR_FACTOR = 0.3
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "ed", "eds", "phd"}


def fold(text: str) -> str:
    """Lower-case, strip diacritics, markup and punctuation, fold whitespace."""
    text = html.unescape(html.unescape(text))
    text = re.sub(r"(\w)['’](\w)", r"\1\2", text)  # "Cat's" = "Cats"
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("&", " and ").replace("_", " ")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", stripped.casefold())).strip()


_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)


def _ordinal_words(match: re.Match[str]) -> str:
    """ "21st" → "twenty-first", as titles spell centuries out ("The Twenty-First Century")."""
    n = int(match.group(1))
    words = [_UNITS[n]] if n < 20 else [_TENS[n // 10]] + ([_UNITS[n % 10]] if n % 10 else [])
    last = words[-1]
    words[-1] = _ORDINAL_UNITS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return "-".join(words)


def spell_ordinals(text: str) -> str:
    """Ordinal numbers written with digits spelt out in words ("21st" → "twenty-first")."""
    return _ORDINAL.sub(_ordinal_words, text)


def normalize_title(title: str) -> str:
    """Title for comparison: format notes dropped, folded, "vol." spelled out, no leading article."""
    title = spell_ordinals(_FORMAT_NOTE.sub("", title))
    folded = fold(title)
    folded = re.sub(r"\bvol\b", "volume", folded)
    return _ARTICLES.sub("", folded)


def _variants(title: str, *, inner: bool = False) -> list[tuple[str, bool]]:
    """(normalised title, is_shortened) for the full title and the title without subtitle.

    Bracketed notes are dropped (series names, "3 vols"); with ``inner`` the text inside
    brackets is a variant too ("LISP (Lisp in Small Pieces)" names the book in brackets).
    """
    plain = _VOLUME_COUNT.sub("", _BRACKETS.sub("", _FORMAT_NOTE.sub("", title))).strip() or title
    out = [(normalize_title(title), False), (normalize_title(plain), False)]
    main = _SUBTITLE_SPLIT.split(plain, maxsplit=1)[0]
    if main != plain:
        out.append((normalize_title(main), True))
    if inner:
        out += [(normalize_title(t), True) for t in _BRACKETS.findall(title)]
    return list(dict.fromkeys((t, short) for t, short in out if t))


def _words_match(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


def _word_f1(a: str, b: str) -> float:
    left, right = a.split(), b.split()
    if not left or not right:
        return 0.0
    unused = list(right)
    hits = 0
    for word in left:
        for i, other in enumerate(unused):
            if _words_match(word, other):
                hits += 1
                del unused[i]
                break
    return 2 * hits / (len(left) + len(right))


def _pair_similarity(a: str, b: str) -> float:
    return 0.5 * fuzz.ratio(a, b) / 100.0 + 0.5 * _word_f1(a, b)


def title_similarity(mention_title: str, book: Book, *, author: str | None = None) -> float:
    """0..1 similarity of a mention's title to a book's title, subtitles optional both sides.

    ``author``: the mention's author; a book title that starts with that name ("The Feynman
    Lectures on Physics") is also compared without it ("Feynman, Lectures on Physics").
    """
    truncated = bool(_ELLIPSIS.search(mention_title))
    mention_title = _ELLIPSIS.sub("", mention_title)
    left = _variants(mention_title, inner=True)
    right = _variants(book.full_title) + _variants(book.title)
    for person in split_authors(author):
        surname = surname_key(person)
        if surname:
            right += [(re.sub(rf"^(?:{surname}s?\s+)", "", t), s) for t, s in right if t.startswith(surname)]
    best = 0.0
    for a, short_a in left:
        for b, short_b in right:
            if truncated:
                b = " ".join(b.split()[: len(a.split())])
            value = _pair_similarity(a, b)
            if short_a != short_b:
                value *= _SUBTITLE_FACTOR
            best = max(best, value)
    return best


def _name_parts(name: str) -> tuple[str, list[str]]:
    """(surname, given-name initials) of a display or "Last, First" name."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    name = re.sub(r",?\s*\b(?:eds?|phd)\.?$", "", name.strip(), flags=re.IGNORECASE)
    parsed = parse_name(name.replace(".", ". "))
    family = fold(parsed.family).split()
    given = fold(f"{parsed.given} {parsed.particle}").split()
    if not family:
        return "", []
    return family[-1], [t[0] for t in [*given, *family[:-1]]]


def surname_of(name: str | None) -> str | None:
    """The surname of a display or "Last, First" name, as written (not folded)."""
    if not name or not name.strip():
        return None
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," in name:
        return name.partition(",")[0].strip() or None
    words = [w for w in name.split() if fold(w) not in _NAME_SUFFIXES]
    return words[-1] if words else None


def surname_key(name: str) -> str:
    """The folded surname of a name, for grouping ("Edward Hallett Carr" → "carr")."""
    return _name_parts(name)[0]


def names_agree(a: str, b: str) -> bool:
    """Whether two personal names can denote the same person (surname, compatible initials)."""
    surname_a, initials_a = _name_parts(a)
    surname_b, initials_b = _name_parts(b)
    if not surname_a or not surname_b:
        return False
    if surname_a != surname_b and (
        min(len(surname_a), len(surname_b)) < 5 or fuzz.ratio(surname_a, surname_b) < 83
    ):
        return False
    shared = min(len(initials_a), len(initials_b))
    return not shared or initials_a[:shared] == initials_b[:shared] or initials_a[0] == initials_b[0]


def split_authors(text: str | None) -> list[str]:
    """The people a mention's author string names; ``[]`` when it names nobody."""
    if not text or not any(c.isupper() for c in text):
        return []  # "this author", "him": not a name
    parts = re.split(r"\s+(?:and|&)\s+|\s*;\s*|\s*/\s*", text.strip())
    return [p for p in (p.strip(" ,") for p in parts) if p]


def author_agreement(mention_author: str | None, authors: Sequence[str]) -> float | None:
    """1.0 if a person the mention names is one of ``authors``, 0.0 if not, None if unknown."""
    people = split_authors(mention_author)
    if not people or not authors:
        return None
    return 1.0 if any(names_agree(p, a) for p in people for a in authors) else 0.0


def work_key(book: Book) -> tuple[str, frozenset[str]]:
    """What makes two records the same work: main title and author surnames, normalised."""
    main = _SUBTITLE_SPLIT.split(_FORMAT_NOTE.sub("", book.title), maxsplit=1)[0]
    surnames = frozenset(_name_parts(a)[0] for a in book.authors[:3])
    return normalize_title(main), surnames


def score(mention: Mention, book: Book) -> float:
    """Overall 0..1 agreement between a mention and a candidate book (see module docstring)."""
    full = f"{mention.title}: {mention.subtitle}" if mention.subtitle else mention.title
    title = title_similarity(full, book, author=mention.best_author)
    author = author_agreement(mention.best_author, (*book.authors, *book.editors))
    if author is None:
        value = title * _NO_AUTHOR_FACTOR
    elif author == 0.0:
        value = title * _WRONG_AUTHOR_FACTOR
    else:
        value = title
    if mention.year:
        years = [y for y in (book.original_year, book.year) if y]
        if any(abs(mention.year - y) <= 1 for y in years):
            value += 0.03
        elif years and all(abs(mention.year - y) > 5 for y in years):
            value -= 0.05
    return max(0.0, min(1.0, value))
