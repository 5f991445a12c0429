"""What to ask a catalogue for a mention, and what to ask next when that finds nothing.

Catalogue searches are AND searches over folded words (Open Library's Solr with ``q.op=AND``,
Google's ``intitle:``): one misspelt word, one word of a subtitle the catalogue does not have,
or an author written another way, and the answer is empty although the book is there. People
write that way all the time ("Tolkein", "Slaugterhouse-Five", a Polish title with a subtitle
of the translator's choosing, "Ursula K. LeGuin"). So a mention can be searched in steps, each
the mention rewritten for the search (:func:`search_steps`):

1. **as written**: the title's searchable words (:func:`search_title`: bracketed notes, volume
   numbers and stray combining marks such as Russian stress marks left out) and the author's
   surname;
2. **the title's words**: the longest words of the main title (:func:`distinctive_words`),
   without the author, so that a subtitle the catalogue lacks, a typo in a short word or a
   misspelt author no longer empties the answer;
3. **the author's works** (when the mention names an author): a search by author alone, with a
   larger limit, whose titles are matched locally (:mod:`bibkit.match` tolerates typos and
   short forms), so a misspelt or shortened title still finds its book.

Which steps are asked, of which source, and within what budget, is decided by
:func:`bibkit.resolve.search_one`: a rewrite only when every answer so far was empty. Every step
is a plain :class:`~bibkit.model.Mention`, so every source answers it through the one ``search``
method it already has: a mention with an empty title (and no ISBN) asks for the works of its
author. The rewriting is pure and cheap.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from bibkit.model import Mention
from bibkit.names import is_organisation, split_authors, surname_of
from bibkit.text import EDITION_NOTE, SERIES_NOTE, SUBTITLE_SPLIT, fold, spell_ordinals

__all__ = [
    "AUTHOR_WORKS",
    "AUTHOR_WORKS_LIMIT",
    "DISTINCTIVE_WORDS",
    "Step",
    "author_query",
    "distinctive_words",
    "search_steps",
    "search_surname",
    "search_title",
]

AUTHOR_WORKS = "the author's works"
"""The purpose of the author-only step (see :class:`Step`)."""

AUTHOR_WORKS_LIMIT = 40
"""Works asked for in an author-only search: enough for a prolific author's known books (the
catalogue ranks them by popularity), small enough to parse and score in a few milliseconds."""

DISTINCTIVE_WORDS = 3
"""Words of a title kept for the title-words search: the longest, which are the rarest and the
ones a catalogue's title certainly has."""

# Words an AND search gains nothing from (Lucene's English stop words and the articles and
# prepositions of the languages the annotated texts are written in).
_COMMON = frozenset(
    {
        # English (Lucene's stop words)
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
        "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
        "these", "they", "this", "to", "was", "will", "with",
        # French, German, Spanish, Italian, Polish
        "de", "la", "le", "les", "des", "du", "un", "une", "et", "en", "au", "aux", "der", "die",
        "das", "und", "von", "zu", "im", "den", "dem", "ein", "eine", "el", "los", "las", "del",
        "y", "por", "para", "il", "lo", "di", "da", "w", "z", "i", "o", "na", "do", "że",
    }
)  # fmt: skip
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_NUMBERING = re.compile(r"\b(?:vol|volume|no|book|part|tome|tom)\.?\s*\d+\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_SENTENCE_SUBTITLE = re.compile(r"\.\s+(?=\w)")


def _drop_stray_marks(text: str) -> str:
    """``text`` without the combining marks that belong to no precomposed letter.

    Stress marks in Russian ("Война́ и мир"), the ligature ties of ALA-LC romanisation
    ("Pedagogicheskai͡a︡") and the like are not part of any word a catalogue indexes; letters
    that compose with their mark (é, ł, ô, the kana with voicing marks) keep it, so no script
    loses letters.
    """
    composed = unicodedata.normalize("NFC", text)
    return "".join(c for c in composed if not unicodedata.combining(c))


def search_title(title: str) -> str:
    """The words of a title worth sending to an AND search.

    No HTML entities, edition statements ("6th Edition", "第3版"), bracketed notes ("(Kindle
    Edition)"), volume numbers, trailing ellipsis,
    a trailing word that says it is a series ("the Culture novels") or stray combining marks,
    which catalogues spell differently or not at all. Scoring still sees the full title.
    """
    text = html.unescape(html.unescape(title))
    text = _drop_stray_marks(spell_ordinals(EDITION_NOTE.sub("", text) or text))
    text = _BRACKETED.sub(" ", text)
    text = _NUMBERING.sub(" ", text)
    text = _ELLIPSIS.sub(" ", text)
    text = SERIES_NOTE.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,;:-") or title


def _main_title(title: str) -> str:
    """The title before its subtitle, whichever separator the text uses (": ", " - ", ". ")."""
    main = SUBTITLE_SPLIT.split(title, maxsplit=1)[0]
    return _SENTENCE_SUBTITLE.split(main, maxsplit=1)[0].strip() or title


def distinctive_words(title: str, count: int = DISTINCTIVE_WORDS) -> str:
    """The ``count`` longest words of the main title, in their order, common words left out.

    "Burza w Twojej Głowie. Przerwij błędne koło..." → "Burza Twojej Głowie"; "Jonathan
    Strange & Mr Norell" → "Jonathan Strange Norell".
    """
    words = [w for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)?", search_title(_main_title(title)))]
    content = [w for w in words if fold(w) not in _COMMON and not w.isdigit()]
    if len(content) < 2:  # "The 6:20 Man": the number is what sets the title apart
        content = [w for w in words if fold(w) not in _COMMON] or words
    keep = set(sorted(range(len(content)), key=lambda i: (-len(content[i]), i))[:count])
    return " ".join(w for i, w in enumerate(content) if i in keep)


def search_surname(author: str | None) -> str | None:
    """The surname a titled search asks for: the first person's the author string names.

    The surname alone, as written: initials ("E. H.") and given-name spellings vary between
    a mention and a catalogue, and scoring checks they are compatible afterwards.
    """
    people = split_authors(author)
    return surname_of(people[0]) if people else None


def author_query(author: str) -> str:
    """The name to search an author's works by: given names written out, and the surname.

    Initials are left out ("E. H. Carr" → "Carr"): catalogues write them with or without
    points and spaces, and the surname and full given names are what they index.
    """
    people = split_authors(author)
    if not people:
        return ""
    person = people[0]
    surname = surname_of(person) or ""
    given = person.partition(",")[2] if "," in person else person.rsplit(surname, 1)[0]
    names = [w for w in re.findall(r"[^\W\d_]{2,}", given) if not w.isupper() or len(w) > 2]
    return " ".join([*names, surname]).strip()


@dataclass(frozen=True, slots=True)
class Step:
    """One search of a mention: the mention as rewritten for it, and why it is asked.

    Attributes:
        query: What the source is asked (an empty title asks for the author's works).
        purpose: A few words for the evidence ("the author's works").
        limit: How many works to ask for.
    """

    query: Mention
    purpose: str
    limit: int


def search_steps(mention: Mention, limit: int) -> Iterator[Step]:
    """The searches for ``mention``, in order; the caller stops when one settles it.

    A mention with an ISBN is searched as written (the source looks the ISBN up). Each step
    differs from the ones before it, so none repeats a request.
    """
    plain = dataclasses.replace(mention, title=search_title(mention.title))
    people = split_authors(mention.best_author)
    if people and all(is_organisation(p) for p in people):
        # A "by" that names a publisher: catalogues index authors, not publishers.
        plain = dataclasses.replace(plain, author=None, author_normalized=None)
    yield Step(plain, "title and author" if plain.best_author else "title", limit)
    if mention.isbn or not mention.title:
        return
    words = distinctive_words(mention.title)
    author = author_query(plain.best_author or "")
    if words and (author or _terms(words) != _terms(plain.title)):
        alone = dataclasses.replace(mention, title=words, subtitle=None, author=None, author_normalized=None)
        yield Step(alone, "the title's words", limit)
    if author:
        works = dataclasses.replace(
            mention, title="", subtitle=None, author=author, author_normalized=None, year=None
        )
        yield Step(works, AUTHOR_WORKS, max(limit, AUTHOR_WORKS_LIMIT))


def _terms(title: str) -> frozenset[str]:
    """What an AND search matches on: the folded words, common ones left out."""
    return frozenset(w for w in fold(title).split() if w not in _COMMON)
