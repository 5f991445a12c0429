"""Words as the catalogue's full-text index sees them, the same way when indexing and querying.

Both sides go through :func:`bibkit.match.fold` (case, diacritics, punctuation, "Lenin's" →
"lenins"), so a title is found by the words scoring compares, whatever its accents or
apostrophes; FTS5's Porter stemmer then makes "revolutions" find "revolution". A query drops
English stop words, as Open Library's search does, so "The Road to Life" asks for "road" and
"life" and finds "Road to Life" too.
"""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.match import fold

__all__ = ["STOP_WORDS", "index_text", "match_expression", "query_terms"]

# Lucene's English stop words (StopAnalyzer.ENGLISH_STOP_WORDS_SET), which Open Library's
# search also leaves out of a query.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "to", "was", "will", "with",
})  # fmt: skip


def index_text(values: Iterable[str | None]) -> str:
    """The distinct folded texts of ``values`` as one indexable string."""
    seen: dict[str, None] = {}
    for value in dict.fromkeys(v for v in values if v):
        folded = fold(value)
        if folded:
            seen[folded] = None
    return " | ".join(seen)


def query_terms(text: str | None) -> list[str]:
    """The words of ``text`` worth asking for: folded, stop words left out unless nothing else
    remains ("It", "The Who")."""
    words = list(dict.fromkeys(fold(text or "").split()))
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


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
