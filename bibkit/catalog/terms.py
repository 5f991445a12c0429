"""Words as the catalogue's full-text index sees them, the same way when indexing and querying.

Both sides go through :func:`bibkit.text.fold` (case, diacritics, punctuation, "Lenin's" →
"lenins"), so a title is found by the words scoring compares, whatever its accents or
apostrophes, and lose a plural "s" ("revolutions" finds "revolution"). No more stemming than
that: Porter's stemmer, FTS5's own, makes "capitalism" and "capital" one word, and a search
for the one then drowns in the other. A query drops English stop words, as Open Library's
search does, so "The Road to Life" asks for "road" and "life" and finds "Road to Life" too.
"""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.text import fold

__all__ = ["STOP_WORDS", "index_text", "match_expression", "query_terms", "words_of"]

# Lucene's English stop words (StopAnalyzer.ENGLISH_STOP_WORDS_SET), which Open Library's
# search also leaves out of a query.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "to", "was", "will", "with",
})  # fmt: skip


def _word(word: str) -> str:
    """A folded word without a plural "s" (not of "-ss" words, nor of short ones: "was")."""
    return word[:-1] if len(word) > 3 and word[-1] == "s" and word[-2] != "s" else word


def words_of(text: str) -> list[str]:
    """The index words of ``text``, in order."""
    return [_word(w) for w in fold(text).split()]


def index_text(values: Iterable[str | None]) -> str:
    """The distinct texts of ``values`` as one indexable string of index words."""
    seen: dict[str, None] = {}
    for value in dict.fromkeys(v for v in values if v):
        words = " ".join(words_of(value))
        if words:
            seen[words] = None
    return " | ".join(seen)


def query_terms(text: str | None) -> list[str]:
    """The words of ``text`` worth asking for, as index words: stop words are left out unless
    nothing else remains ("It", "The Who")."""
    words = list(dict.fromkeys(fold(text or "").split()))
    kept = [w for w in words if w not in STOP_WORDS] or words
    return list(dict.fromkeys(_word(w) for w in kept))


def match_expression(columns: Iterable[tuple[str, Iterable[str]]]) -> str:
    """An FTS5 query requiring every word in its column: ``titles : ("road" AND "life")``.

    Each word is quoted, so nothing in a title can be read as query syntax.
    """
    parts = []
    for column, words in columns:
        quoted = [f'"{w}"' for w in words if w]
        if quoted:
            parts.append(f"{column} : ({' AND '.join(quoted)})")
    return " AND ".join(parts)
