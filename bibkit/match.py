"""Scoring candidates against a mention. Pure: strings in, numbers out.

This module only scores: names are :mod:`bibkit.names`', folding and title normalisation
:mod:`bibkit.text`'s.

How ``score`` is computed
-------------------------
``score(mention, book)`` (the ``score`` of :func:`assess`) is a number in 0..1 built from
three parts.

Title (``title_similarity``). Both titles are normalised: case, diacritics, markup (``*``,
``_``, HTML entities), punctuation and a leading article are removed, "vol." becomes
"volume", and bracketed notes that describe a format rather than a title ("(Kindle
Edition)", "(Boxed Set)", "(Opus Books)") are dropped. Each side is tried with and without
its subtitle, whichever way it is separated (": ", " - ", ", or ", and ". " after a word, as
Polish and Spanish editions write it), so a subtitle is optional on either side; a pair that
drops a subtitle counts 0.97 of a full match so that an exact full title wins a tie, and a
pair that drops both (different subtitles) 0.97². A catalogue title is also tried without a
short series name before its colon ("Batman: The Killing Joke") and without a word saying it
is a series ("Powder Mage trilogy"). A pair's similarity is the mean of rapidfuzz's
character ``ratio`` and a word-level F1 in which two words match when they are equal or, for
words of five letters or more, differ by a typo (ratio ≥ 85); a plural is not a typo but
another word, worth half ("The Martian" is not "The Martians"). Each word of the mention's
title (not a short common word) that the candidate lacks multiplies the similarity by 0.85:
that is what tells "The Prophet Armed" (1.0) from "The Prophet Unarmed" (0.61) and "The Book
of the New Sun" from "The Book of the Long Sun". A title the text cuts short ("A Station on
the Path [...]") is compared with the same number of leading words of the candidate.

Short forms. When the mention's title stands, word for word and in order, inside the
candidate's ("The Wealth of Nations" in "An Inquiry into the Nature and Causes of the Wealth
of Nations", "Seven Pillars", a typo allowed), it is a part (``Match.part``). With an
agreeing author such a part scores ``PART_FLOOR + (1 - PART_FLOOR) × title`` (``short``):
above the resolve threshold, below any exact title, and ranked among parts by how much of
the title it gives. The resolver treats another work holding the same words as a rival
("Dune" in "Dune Messiah" and "Children of Dune"). Without an author a part counts for
nothing more than its similarity: of the 288 title-only parts met on the annotated corpus,
20 were the book meant ("Dune" is in a dozen titles).

Author (``author_agreement``, on :mod:`bibkit.names`'s reading and agreement of names).
Names are read as people write them: markdown and wiki links
dropped, an @handle gives its surname, "and" in several languages ("y", "et", "und", "i")
and commas between full names separate people, "Sir"/"Dr" are no initials. Surnames are
compared folded, with a typo allowed ("Griffith" = "Griffiths"), a declined form ("Rosenberga",
"Толстого"), a particle joined or not ("LeGuin" = "Le Guin"), and a letter dropped from a
short surname when the given names agree ("Martha Well"); given names must be compatible
initials ("E. H. Carr" = "Edward Hallett Carr"). A mention naming several people agrees when
one of them is an author or editor. Words that are not a name ("this author"), a publisher
("Hal Leonard Corp."), and a surname that agrees while its initials do not ("A. Smith" for
Zadie Smith) count as no author: they say nothing either way.

Combination. With an agreeing author, ``score`` is the title similarity (or the short-form
score). With no author in the mention, the title alone decides and the score is damped to
0.9 × title: an exact title with no author scores 0.90 and must also be unique, or by far the
most published of its namesakes (see :mod:`bibkit.resolve`). With an author that disagrees,
it is 0.3 × title, far below any threshold: a wrong author is never resolved. A year in the
mention moves the score by +0.03 when it is within a year of the work's first publication
(or of the edition's year), and by -0.05 when both are known and differ by more than five.

Thresholds, and what a confidence means
---------------------------------------
``RESOLVE_THRESHOLD`` in :mod:`bibkit.resolve` comes from ``benchmarks/resolution_quality.py
--scores``: the 871 named mentions of the 24 annotated texts, as the text gives them, resolved
against ~16,350 real works with a fifth of the mentioned books left out, in two halves of 12
texts each. Best candidate's score, right work / wrong or absent work (namesakes that tie are
``ambiguous`` whatever their score and are left out here):

    half A   [0, 0.6) 3 / 14   [0.6, 0.75) 0 / 4   [0.75, 0.9) 11 / 0   [0.9, 1] 262 / 0
    half B   [0, 0.6) 3 / 12   [0.6, 0.75) 0 / 9   [0.75, 0.9) 17 / 0   [0.9, 1] 359 / 0

On half A every wrong or absent best candidate scores at most 0.650 and every right one above
that at least 0.775; on half B, 0.736 and 0.765. ``RESOLVE_THRESHOLD = 0.75`` separates both.
A confidence of 0.9 or more was the right work in all 621 cases measured; between 0.75 and
0.9, in all 28, but these are mostly title-only near misses ("Lincoln on the Bardo"), so
treat them as "check me" (``--min-confidence 0.9`` to drop them). Same-title books by other
authors are not a score question: they score alike, and the resolver reports them as
``ambiguous`` when they come within ``AMBIGUITY_MARGIN`` (0.05) with an equal title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bibkit.model import Book, Mention
from bibkit.names import agreement, is_organisation, script, split_authors, surname_key
from bibkit.text import CJK, EDITION_NOTE, FORMAT_NOTE, SERIES_NOTE, SUBTITLE_SPLIT, normalize_title

__all__ = [
    "Match",
    "assess",
    "author_agreement",
    "score",
    "title_similarity",
]

_CJK_CHAR = re.compile(f"[{CJK}]")
_DIGIT = re.compile(r"\d")
_BRACKETS = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")
_VOLUME_COUNT = re.compile(r"\s+\d+\s+vols?\.?$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*$")
_ALTERNATIVE = re.compile(r",\s+or,?\s+", re.IGNORECASE)
# ". " after a word of three letters or more, not an abbreviation: "Burza w twojej głowie. Przerwij"
_SENTENCE = re.compile(
    r"(?<=[^\W\d_]{3})(?<!\b(?:mrs|vol|nos|rev|gen|col|sgt))\.\s+(?=[^\W\d_])", re.IGNORECASE
)
# "? " or "! " before a capital: "Has the West Lost It? A Provocation"
_QUESTION = re.compile(r"(?<=\w[?!])\s+(?=[A-Z])")
_SERIES_WORDS = 2  # a series or character name before a colon: "Batman: The Killing Joke"
_TITLE_STOP_WORDS = frozenset(
    {"a", "an", "and", "of", "the", "to", "in", "on", "for", "with", "at", "by", "from", "or", "as", "is"}
)
PART_FLOOR = 0.8
_SUBTITLE_FACTOR = 0.97
_PLURAL_CREDIT = 0.5
_MISSING_WORD_FACTOR = 0.85
_NO_AUTHOR_FACTOR = 0.9
_WRONG_AUTHOR_FACTOR = 0.3


def _main(title: str) -> str:
    """The title before its subtitle, whichever way the text separates them: ": ", " - ",
    ", or " ("Slaughterhouse-Five, or The Children's Crusade"), ". " after a word
    ("Burza w twojej głowie. Przerwij..."), as Polish, Spanish and French editions write it,
    or a question or exclamation mark ("Has the West Lost It? A Provocation")."""
    splits = (SUBTITLE_SPLIT, _ALTERNATIVE, _SENTENCE, _QUESTION)
    cut = min(
        (m.start() for m in (p.search(title) for p in splits) if m),
        default=len(title),
    )
    return title[:cut].strip() or title


@functools.lru_cache(maxsize=8192)
def _variants(title: str, *, inner: bool = False, tail: bool = False) -> tuple[tuple[str, bool], ...]:
    """(normalised title, is_shortened) for the full title and the title without subtitle.

    Bracketed notes are dropped (series names, "3 vols"); with ``inner`` the text inside
    brackets is a variant too ("LISP (Lisp in Small Pieces)" names the book in brackets); with
    ``tail`` the part after a short series name ("Batman: The Killing Joke") is one too.
    """
    title = unicodedata.normalize("NFKC", title)  # fullwidth brackets and colons: "神鵰俠侶（漫畫）"
    plain = EDITION_NOTE.sub("", _VOLUME_COUNT.sub("", _BRACKETS.sub("", FORMAT_NOTE.sub("", title))))
    plain = plain.strip() or title
    out = [(normalize_title(title), False), (normalize_title(plain), False)]
    series = SERIES_NOTE.sub("", plain)
    if series != plain:
        out.append((normalize_title(series), True))
    main = _main(plain)
    if main != plain:
        out.append((normalize_title(main), True))
        rest = plain[len(main) :]
        if tail and len(main.split()) <= _SERIES_WORDS and SUBTITLE_SPLIT.match(rest):
            out.append((normalize_title(SUBTITLE_SPLIT.split(rest, maxsplit=1)[1]), True))
    if inner:
        out += [(normalize_title(t), True) for t in _BRACKETS.findall(title)]
    return tuple(dict.fromkeys((t, short) for t, short in out if t))


def _words_match(a: str, b: str) -> bool:
    """Equal, or a typo in a long word; a plural is another word ("Martian", "Martians").

    A run of Chinese characters or kana is a phrase, not a word (those scripts put no space
    between words), and each of its characters is one: "金庸小說的女子" and "金庸小說的男子"
    differ by a word, not by a typo. A number is no typo either ("Learning①", "Learning 2"
    are two volumes)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or _plural(a, b) or _CJK_CHAR.search(a + b) or _DIGIT.search(a + b):
        return False
    return fuzz.ratio(a, b) >= 85


def _plural(a: str, b: str) -> bool:
    return a + "s" == b or b + "s" == a or a + "es" == b or b + "es" == a


def _content(words: list[str]) -> list[str]:
    """The words that make a title: common short words left out, unless that leaves none."""
    return [w for w in words if w not in _TITLE_STOP_WORDS] or words


def _pair_similarity(a: str, b: str) -> float:
    """Mean of the character similarity and a word F1, times :data:`_MISSING_WORD_FACTOR` for
    each word that makes ``a`` (not a common short word) and that ``b`` lacks."""
    left, right = a.split(), b.split()
    if not left or not right:
        return 0.0
    unused = list(right)
    hits = 0.0
    missing = 0
    content = set(_content(left))
    for word in left:
        found = next((i for i, other in enumerate(unused) if _words_match(word, other)), None)
        credit = 1.0
        if found is None:
            found = next((i for i, other in enumerate(unused) if _plural(word, other)), None)
            credit = _PLURAL_CREDIT
        if found is None:
            missing += word in content
            continue
        hits += credit
        del unused[found]
    f1 = 2 * hits / (len(left) + len(right))
    return (0.5 * fuzz.ratio(a, b) / 100.0 + 0.5 * f1) * _MISSING_WORD_FACTOR**missing


def _is_part(short: str, whole: str) -> bool:
    """Whether ``short``'s words stand, in order and together, inside ``whole``'s, and say
    something: "wealth of nations" in "an inquiry into the nature and causes of the wealth
    of nations"; a typo in a long word allowed."""
    part, words = short.split(), whole.split()
    if not _content(part) or set(_content(part)) <= _TITLE_STOP_WORDS or len(part) >= len(words):
        return False
    return any(
        all(_words_match(x, y) for x, y in zip(part, words[i : i + len(part)], strict=True))
        for i in range(len(words) - len(part) + 1)
    )


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINALS = {w: str(i) for i, w in enumerate(_ORDINAL_WORDS, start=1)} | {
    c: str(i) for i, c in enumerate("一二三四五六七八九十", start=1)
}


def _edition_number(title: str) -> str | None:
    """The edition a title's edition statement names ("2nd Ed" → "2", "Second Edition" → "2",
    "第三版" → "3"), or None without one that gives a number."""
    found = EDITION_NOTE.search(title)
    if not found:
        return None
    for word in re.findall(r"\d+|[^\W\d_]+", found.group().casefold()):
        if word.isdigit():
            return str(int(word))
        for part in (word, *word):
            if part in _ORDINALS:
                return _ORDINALS[part]
    return None


def _title_match(mention_title: str, book: Book, author: str | None) -> tuple[float, bool]:
    """(similarity, is_part): see :func:`title_similarity`; ``is_part`` when the mention's title
    is a contiguous part of the book's (a short form such as "The Wealth of Nations").

    An edition statement on one side only is no difference ("Clojure in Action, 2nd Ed" is
    "Clojure in Action, Second Edition"); two that name different editions are ("Clojure in
    Action, 1st Ed"): the titles are then compared with their statements."""
    truncated = bool(_ELLIPSIS.search(mention_title))
    mention_title = _ELLIPSIS.sub("", mention_title)
    left = _variants(mention_title, inner=True)
    right = list(_variants(book.full_title, tail=True) + _variants(book.title, tail=True))
    ours, theirs = _edition_number(mention_title), _edition_number(book.full_title)
    if ours and theirs and ours != theirs:
        left = ((normalize_title(mention_title), False),)
        right = [(normalize_title(book.full_title), False)]
    for person in split_authors(author):
        surname = surname_key(person)
        if surname:
            right += [(re.sub(rf"^(?:{surname}s?\s+)", "", t), s) for t, s in right if t.startswith(surname)]
    best = 0.0
    part = False
    for a, short_a in left:
        for b, short_b in right:
            if truncated:
                b = " ".join(b.split()[: len(a.split())])
            value = _pair_similarity(a, b)
            if short_a != short_b:
                value *= _SUBTITLE_FACTOR
            elif short_a and short_b:
                value *= _SUBTITLE_FACTOR**2  # both subtitles dropped: they differ
            best = max(best, value)
            part = part or (not short_a and _is_part(a, b))
    return best, part


def title_similarity(mention_title: str, book: Book, *, author: str | None = None) -> float:
    """0..1 similarity of a mention's title to a book's title, subtitles optional both sides.

    ``author``: the mention's author; a book title that starts with that name ("The Feynman
    Lectures on Physics") is also compared without it ("Feynman, Lectures on Physics").
    """
    return _title_match(mention_title, book, author)[0]


def author_agreement(mention_author: str | None, authors: Sequence[str]) -> float | None:
    """1.0 if a person the mention names is one of ``authors``, 0.0 if not, None if unknown.

    Unknown also when only surnames agree (initials conflict), when the mention names an
    organisation that is not among the authors (a "by" that names a publisher, "Hal Leonard
    Corp. Staff", says nothing about who wrote the book), and when every person it names
    who is not an author is marked as a translator or editor ("Simon Armitage
    (translator)", "Winny, James, translator"): a translation's "by" often names only them;
    and when the mention names a handle ("@SteveStuWill"), whose words need not be a name.
    """
    people = split_authors(mention_author)
    if not people or not authors:
        return None
    # A name in brackets is another name of the person ("Robert Galbraith (J. K. Rowling)",
    # "項莊 (董千里)"), unless it says what the person did ("(ed.)").
    people += [n for p in people for n in _BRACKETED_NAME.findall(p) if not _ROLE.search(n)]
    verdicts = [(p, a, agreement(p, a)) for p in people for a in authors]
    if any(v is True for _, _, v in verdicts):
        return 1.0
    # Across scripts a transliteration cannot tell two people apart, but a book that also
    # has its authors in the mention's script can ("Sand and Foam": Kahlil Gibran and
    # جبران خليل جبران).
    scripts = {script(a) for a in authors}
    if any(v is None and (script(p) == script(a) or script(p) not in scripts) for p, a, v in verdicts):
        return None
    if all(is_organisation(p) or _ROLE.search(p) for p in people):
        return None
    if mention_author and mention_author.lstrip().startswith("@"):
        return None  # a handle ("@SteveStuWill") is no name a catalogue knows
    return 0.0


_BRACKETED_NAME = re.compile(r"[(（]([^()（）]+)[)）]")


_ROLE = re.compile(
    r"\b(?:translator|translated|trans|tr|editor|edited|eds?|hrsg|herausgeber|übers|übersetzer|"
    r"traductor|traducteur|tłum|illustrator|ill)\b\.?",
    re.IGNORECASE,
)
"""A note marking a person in a "by" as a translator, editor or illustrator."""


@dataclass(frozen=True, slots=True)
class Match:
    """How a candidate book agrees with a mention, part by part.

    Attributes:
        title: 0..1 title similarity (:func:`title_similarity`).
        part: The mention's title is a contiguous part of the book's (a short form).
        author: True if a person the mention names is an author or editor of the book, False
            if the mention names people and none of them is, None if the mention names nobody
            (or only an organisation, or a surname whose initials conflict).
        score: The overall 0..1 agreement (see the module docstring).
        short: The score comes from the short form (``part`` with an agreeing author).
    """

    title: float
    part: bool
    author: bool | None
    score: float
    short: bool = False


def assess(mention: Mention, book: Book) -> Match:
    """How ``book`` agrees with ``mention``: title, author, and the overall score."""
    full = f"{mention.title}: {mention.subtitle}" if mention.subtitle else mention.title
    title, part = _title_match(full, book, mention.best_author)
    author = author_agreement(mention.best_author, (*book.authors, *book.editors))
    short = False
    if author is None:
        value = title * _NO_AUTHOR_FACTOR
    elif author == 0.0:
        value = title * _WRONG_AUTHOR_FACTOR
    else:
        value = title
        if part and title < PART_FLOOR:
            value = PART_FLOOR + (1 - PART_FLOOR) * title
            short = True
    if mention.year:
        years = [y for y in (book.original_year, book.year) if y]
        if any(abs(mention.year - y) <= 1 for y in years):
            value += 0.03
        elif years and all(abs(mention.year - y) > 5 for y in years):
            value -= 0.05
    agrees = None if author is None else author == 1.0
    return Match(title, part, agrees, max(0.0, min(1.0, value)), short)


def score(mention: Mention, book: Book) -> float:
    """Overall 0..1 agreement between a mention and a candidate book (see module docstring)."""
    return assess(mention, book).score
