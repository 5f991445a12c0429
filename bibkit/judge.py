"""The catalogue as the final judge of what is a book.

Extraction says how sure it is that a span of text names a book (``Mention.confidence``);
the catalogue says how well the span matches a real book (:class:`bibkit.match.Match`).
Neither alone decides: a span that extraction doubts but that names a real book by its title
*and* its author is a book; a span that only matches a title several works share ("Prey",
"The Terror": a film, a game or a series as often as a book) is not written as a book unless
extraction is sure of it. The rule, :func:`keeps`, is one threshold on the extraction
confidence per kind of catalogue match:

================================================  ===================================
catalogue match of the best work                  written when confidence is at least
================================================  ===================================
title and author agree                            :data:`WITH_AUTHOR`
the title alone, and no other work has it         :data:`TITLE_ALONE`
the title alone, shared by namesakes, the best    :data:`NAMESAKE`
known chosen by popularity
================================================  ===================================

Each threshold is derived from measured distributions (``benchmarks/resolution_quality.py
--scores`` prints them per half of the annotated corpus): for each kind of match, the
extraction confidences of the entries that would be written, split by whether the text names
that book there. A threshold is raised only as far as it drops more entries that are not
books than entries that are, on the half it is derived on, and kept only if the other half
agrees. Measured end to end on the 24 annotated texts with today's extraction confidences
(a few fixed levels from 0.5 to 0.95), halves A / B:

* title and author: 64 / 122 entries, every one the right book, at confidences 0.8 and up:
  nothing to drop, ``WITH_AUTHOR = 0.0``;
* the title alone, one work: 85 / 156 books and 14 / 3 that are not (films, a TV series,
  a game, article titles in quotes), all of those at confidence 0.7, where 45 / 80 books are
  too. Any threshold above 0.7 drops more books than non-books on both halves:
  ``TITLE_ALONE = 0.0``. What tells a film from its book is the text around it ("the film",
  "season 2"): extraction sees it, resolution does not, so this part of the rule takes
  effect once extraction's confidence is a probability that uses it;
* namesakes chosen by popularity: too few in the corpus to measure (the catalogue's
  popularity rarely dominates), so ``NAMESAKE`` is the confidence above which extracted
  mentions were spurious 3.6 % of the time (14 of 386; halves 5 of 126 and 9 of 260),
  against 41 % below it (230 of 558; 139 of 264 and 91 of 294): a title several works
  share is written only for a mention that is very probably a book.

Re-derived on the finder's calibrated probabilities (``--all-texts --folds 10``: 85 texts,
each extracted by a finder trained without it): for a title alone, half B suggests 0.26 (one
non-book dropped) and half A disagrees (3 books dropped, no non-book), so ``TITLE_ALONE``
stays 0.0, that is the finder's own threshold; with an agreeing author nothing is to drop;
namesakes chosen by popularity did not occur often enough to move ``NAMESAKE``.

A *doubtful* mention (``Mention.doubtful``: under the finder's threshold, asked for by
resolution) is kept only on a match by title and author, whatever its confidence; unkept, it is
no mention at all (:func:`confirmed`).
"""

from __future__ import annotations

from collections.abc import Iterable

from bibkit.match import Match
from bibkit.model import Mention, Resolution, Status

__all__ = ["NAMESAKE", "TITLE_ALONE", "WITH_AUTHOR", "confirmed", "keeps", "kind_of", "reason"]

WITH_AUTHOR = 0.0
"""Extraction confidence from which a match by title and author is written."""

TITLE_ALONE = 0.0
"""Extraction confidence from which a match by a title no other work has is written."""

NAMESAKE = 0.8
"""Extraction confidence from which a title shared by namesakes is written (the best known)."""


def kind_of(match: Match, *, namesakes: bool) -> str:
    """The kind of catalogue match, as the rule and its derivation name it."""
    if match.author:
        return "title and author"
    return "title shared by namesakes" if namesakes else "title alone"


_THRESHOLDS = {
    "title and author": WITH_AUTHOR,
    "title alone": TITLE_ALONE,
    "title shared by namesakes": NAMESAKE,
}


def keeps(mention: Mention, match: Match, *, namesakes: bool = False) -> bool:
    """Whether ``mention``, whose best work matches as ``match``, is written as that book.

    Args:
        mention: The mention; its ``confidence`` is extraction's.
        match: How the best work matches it.
        namesakes: Other works share the title and the best known was chosen.
    """
    if mention.doubtful:
        return bool(match.author)
    return mention.confidence >= _THRESHOLDS[kind_of(match, namesakes=namesakes)]


def reason(mention: Mention, match: Match, *, namesakes: bool = False) -> str:
    """Why :func:`keeps` said no, in one line."""
    kind = kind_of(match, namesakes=namesakes)
    if mention.doubtful:
        return (
            f"not taken for a book: the text names it with confidence {mention.confidence:.2f}, "
            f"too low to write without a match by title and author (the catalogue's is by the {kind})"
        )
    return (
        f"not taken for a book: the text names it with confidence {mention.confidence:.2f}, "
        f"below {_THRESHOLDS[kind]:.2f} for a match by the {kind}"
    )


def confirmed(resolutions: Iterable[Resolution]) -> list[Resolution]:
    """``resolutions`` without the doubtful mentions the catalogue did not confirm.

    A doubtful mention (``Mention.doubtful``) is one extraction would not have called a book;
    unless it resolved, by title and author, it never was a mention, so it is neither written
    nor reported as not found, ambiguous or failed.
    """
    return [r for r in resolutions if not r.mention.doubtful or r.status is Status.RESOLVED]
