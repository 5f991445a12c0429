"""Find book mentions in text. Pure: no network, no configuration, deterministic.

The pipeline, as in AnyStyle and spaCy (patterns propose, features describe, one model decides):

1. :func:`~bibkit.mentions.page.read_page` reads the markup with real parsers into a view of
   the visible text, its lines and its marked spans, every character traced to the source;
2. the patterns (:mod:`bibkit.mentions.patterns`) propose every span that one way of writing
   could make a mention of;
3. :mod:`bibkit.mentions.features` describes each candidate, and the finder model
   (:mod:`bibkit.mentions.finder`) gives it a probability, in two stages: alone, then with
   what the first stage says around it (:mod:`bibkit.mentions.agreement`);
4. :mod:`bibkit.mentions.decide` keeps the most probable of overlapping candidates, and joins
   identifiers to the titles written before them.

``Mention.confidence`` is the model's probability that the span names a book.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from bibkit.mentions.agreement import Placement, agreement
from bibkit.mentions.candidate import Candidate
from bibkit.mentions.decide import IDENTIFIER_CONFIDENCE, POLICIES, attach_identifiers, prefer_probable
from bibkit.mentions.features import Facts, Features, describe, facts_of
from bibkit.mentions.finder import Finder, default_finder, matrix
from bibkit.mentions.names import AuthorIndex
from bibkit.mentions.page import Page, read_page
from bibkit.mentions.patterns import propose
from bibkit.mentions.titles import clean_title, split_subtitle
from bibkit.model import Mention

__all__ = ["DOUBT_FLOOR", "Reading", "extract", "read_text", "score"]

#: Which pattern names the kind of a mention, when several proposed it (the most telling first).
_KINDS = (
    ("isbn", "isbn"),
    ("citation", "citation"),
    ("by", "title_by_author"),
    ("possessive", "possessive"),
    ("marked", "marked_title"),
    ("quoted", "quoted_title"),
    ("entry", "list_entry"),
    ("repeat", "repeated_title"),
    ("capitalised", "capitalised_title"),
)
#: What may stand between a title and the identifier after it: "Title, ISBN …", "Title (ISBN …)".
_BEFORE_IDENTIFIER = regex.compile(r"[ \t]*(?:[,;(\[]|[-–—]|\bby\b)?[ \t]*$")


@dataclass(slots=True)
class Reading:
    """A text read into scored-to-be candidates: the page, its candidates, their features and
    where each sits (view spans in ``page``, source spans in ``spans``)."""

    page: Page
    candidates: list[Candidate]
    facts: Facts
    features: list[Features]
    places: list[Placement]
    spans: list[tuple[int, int]]


def _sections(page: Page) -> list[int]:
    out: list[int] = []
    current = -1
    for i, line in enumerate(page.lines):
        if line.block == "heading":
            current = i
        out.append(current)
    return out


def read_text(text: str) -> Reading:
    """Read ``text`` into its candidates and their features (no model needed)."""
    page = read_page(text)
    candidates = list(propose(page))
    facts = facts_of(page, candidates)
    features = [describe(c, facts) for c in candidates]
    sections = _sections(page)
    places: list[Placement] = []
    spans: list[tuple[int, int]] = []
    for c, f in zip(candidates, features, strict=True):
        index = page.line_index(c.title_start)
        line = page.lines[index]
        # a paragraph of short lines is a list of lines: each line is one of its entries
        line_list = line.block == "paragraph" and line.block_id in facts.line_lists
        marks = tuple(sorted(k for k in f if k.startswith("mark=")))
        side = None if not c.has_author else c.author_start < c.title_start
        form = (tuple(sorted(c.patterns)), c.sep, side, marks, line.block)
        title = page.text[c.title_start : c.title_end].casefold()
        places.append(
            Placement(
                c.start,
                c.end,
                index,
                index if line_list else line.block_id,
                sections[index],
                ("lines", line.block_id) if line_list else line.list_id if line.list_id >= 0 else None,
                (line.table, line.column) if line.table >= 0 else None,
                title,
                c.title_start,
                form,
            )
        )
        spans.append(page.view.source_span(c.start, c.end))
    return Reading(page, candidates, facts, features, places, spans)


def score(reading: Reading, finder: Finder) -> np.ndarray:
    """The finder's (second-stage) probability for each candidate of ``reading``."""
    x = matrix(reading.features, finder.columns)
    first = finder.score_first(x)
    return finder.score_second(x, agreement(reading.places, first.tolist()))


def _titles_before(reading: Reading, identifier: int) -> list[int]:
    """Title candidates that end just before a bare identifier on its line ("Title, ISBN …"):
    those whose title is what ends there first, with an author before without, then the one
    reaching furthest back (the whole title)."""
    page = reading.page
    text = page.text
    ident = reading.candidates[identifier]
    if not ident.identifier:
        return []  # a linked title carries its own identifier
    line = page.line_of(ident.start)
    # another identifier on the line is no title ("ISBN …, ISBN …")
    others = [
        (c.start, c.end)
        for j, c in enumerate(reading.candidates)
        if j != identifier and c.isbn and "isbn" in c.patterns and line.start <= c.start < ident.start
    ]
    found = [
        i
        for i, c in enumerate(reading.candidates)
        if not c.identifier
        and not any(s < c.end and c.start < e for s, e in others)
        and line.start <= c.start
        and c.end <= ident.start
        and _BEFORE_IDENTIFIER.fullmatch(text, c.end, ident.start) is not None
        and (not c.has_author or c.author_end <= ident.start)
    ]
    candidates = reading.candidates
    return sorted(
        found,
        key=lambda i: (
            candidates[i].title_end != candidates[i].end,
            not candidates[i].has_author,
            candidates[i].start,
        ),
    )


def _kind(candidate: Candidate) -> str:
    return next((kind for pattern, kind in _KINDS if pattern in candidate.patterns), "mention")


#: How probable a candidate with an author must be to come back as a doubtful mention (see
#: ``extract(doubtful=True)``). Each costs one search. Measured end to end
#: (``benchmarks/resolution_quality.py --all-texts --folds 10``, fallback searches from 0.9):
#: from 0.1, 446 doubtful candidates of which 47 were confirmed, all of them right: 57.8 % of
#: the books present written right at 1.34 requests per mention; from 0.125, 57.5 % at 1.31;
#: from 0.15, 57.2 % at 1.27. Without doubtful candidates (and fallbacks from 0.75, as before)
#: it was 55.1 % at 1.25. 0.15 is the lowest floor within the budget of 1.3 requests per mention.
DOUBT_FLOOR = 0.15


def extract(
    text: str,
    *,
    model: Finder | str | Path | None = None,
    policy: str = "prefer_probable",
    doubtful: bool = False,
) -> tuple[Mention, ...]:
    """All book mentions in ``text``, in text order.

    Args:
        text: Markdown, HTML or plain text.
        model: A :class:`~bibkit.mentions.finder.Finder` or the path of a model file (see
            ``bibkit train``); bibkit's own model by default.
        policy: How overlapping candidates are settled (see :data:`~bibkit.mentions.decide.POLICIES`).
        doubtful: Also return, marked ``doubtful``, the candidates that name an author and a
            title but are less probable than the model's threshold (down to
            :data:`DOUBT_FLOOR`), where they overlap no mention. Resolution asks for these and
            writes one only when the catalogue knows a book by that title and that author.

    Returns:
        One :class:`~bibkit.model.Mention` per mention, with its exact source span.

    Raises:
        TypeError: ``text`` is not a ``str``.
        ConfigError: the model file cannot be read, or the policy is unknown.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs the text as a str, not {type(text).__name__}")
    finder = (
        model if isinstance(model, Finder) else Finder.load(model) if model is not None else default_finder()
    )
    settle = POLICIES.get(policy)
    if settle is None:
        from bibkit.errors import ConfigError

        raise ConfigError(f"unknown overlap policy {policy!r} (known: {', '.join(POLICIES)})")
    reading = read_text(text)
    if not reading.candidates:
        return ()
    probabilities = score(reading, finder)
    chosen = settle(reading.spans, probabilities.tolist(), finder.threshold)
    identifiers = _identifiers(reading)
    kept, joined = attach_identifiers(
        chosen, identifiers, reading.spans, lambda i: _titles_before(reading, i)
    )
    doubted = _doubted(reading, probabilities, kept, joined, finder.threshold) if doubtful else []
    every = sorted([*kept, *doubted], key=lambda i: reading.spans[i])
    return _mentions(reading, probabilities, every, joined, set(doubted))


def _doubted(
    reading: Reading, probabilities: np.ndarray, kept: list[int], joined: dict[int, int], threshold: float
) -> list[int]:
    """The candidates with an author, from :data:`DOUBT_FLOOR` to below ``threshold``, that
    overlap no kept mention (the most probable first among themselves)."""
    if threshold <= DOUBT_FLOOR:
        return []
    taken = [reading.spans[i] for i in kept] + [reading.spans[t] for t in joined.values()]
    with_author = [
        float(p) if c.has_author and not c.identifier and p < threshold else 0.0
        for c, p in zip(reading.candidates, probabilities, strict=True)
    ]
    spans = [*reading.spans, *taken]
    # What is kept already stands first (probability 2), so nothing doubtful may overlap it.
    chosen = prefer_probable(spans, [*with_author, *([2.0] * len(taken))], DOUBT_FLOOR)
    return [i for i in chosen if i < len(reading.candidates)]


def _identifiers(reading: Reading) -> list[int]:
    """The identifier candidates, each place once (an ISBN inside an address gives way to it)."""
    ids = [i for i, c in enumerate(reading.candidates) if c.isbn and "isbn" in c.patterns]
    spans = reading.spans
    return [
        i
        for i in ids
        if not any(
            j != i and spans[j][0] <= spans[i][0] and spans[i][1] <= spans[j][1] and spans[j] != spans[i]
            for j in ids
        )
    ]


def _mentions(
    reading: Reading,
    probabilities: np.ndarray,
    kept: list[int],
    joined: dict[int, int],
    doubted: AbstractSet[int] = frozenset(),
) -> tuple[Mention, ...]:
    page = reading.page
    view_text = page.text
    source = page.view.source
    authors = AuthorIndex()
    out: list[Mention] = []
    for i in kept:
        c = reading.candidates[i]
        start, end = reading.spans[i]
        confidence = float(probabilities[i])
        title_candidate = c
        if c.isbn and "isbn" in c.patterns:
            confidence = IDENTIFIER_CONFIDENCE
            title_index = joined.get(i)
            if title_index is not None:
                title_candidate = reading.candidates[title_index]
                start = min(start, reading.spans[title_index][0])
        if title_candidate.identifier:
            title, subtitle = "", None
        else:
            title, subtitle = split_subtitle(
                clean_title(view_text[title_candidate.title_start : title_candidate.title_end])
            )
        author = author_normalized = None
        if title_candidate.has_author and not title_candidate.identifier:
            author = " ".join(
                view_text[title_candidate.author_start : title_candidate.author_end].split()
            ).strip()
            author_normalized = authors.expand_and_add(author) if author else None
            author = author or None
        out.append(
            Mention(
                text=source[start:end],
                start=start,
                end=end,
                title=title,
                subtitle=subtitle,
                author=author,
                author_normalized=author_normalized,
                year=title_candidate.year or c.year,
                isbn=c.isbn or title_candidate.isbn,
                confidence=round(confidence, 4),
                kind=_kind(c),
                doubtful=i in doubted,
            )
        )
    return tuple(out)
