"""Deciding: which scored candidates become mentions.

The model gives every candidate a probability; candidates overlap (the title alone, the title
with its author, a longer or shorter reading of the same words), and a text names each book
once at each place. Overlaps are settled by one named, swappable policy over the
probabilities, as spaCy's span filters do; the probability that wins becomes the mention's
confidence and never steers anything else.

Identifiers are the exception the model does not judge: an ISBN is a checksum-valid number a
person wrote to name one edition (see :mod:`bibkit.mentions.patterns.identifiers`), and it
joins the title written just before it, whatever that title's own score.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

__all__ = ["IDENTIFIER_CONFIDENCE", "POLICIES", "attach_identifiers", "prefer_probable"]

#: The confidence of a mention read from an identifier.
IDENTIFIER_CONFIDENCE = 0.99

Policy = Callable[[Sequence[tuple[int, int]], Sequence[float], float], list[int]]


def prefer_probable(
    spans: Sequence[tuple[int, int]], probabilities: Sequence[float], threshold: float
) -> list[int]:
    """The candidates kept: the most probable first, each one only if it overlaps none kept
    before it and reaches ``threshold``; returned in text order (ties: the earlier, then the
    longer candidate)."""
    order = sorted(
        range(len(spans)), key=lambda i: (-probabilities[i], spans[i][0], spans[i][0] - spans[i][1])
    )
    kept: list[int] = []
    starts: list[int] = []  # the kept spans, which never overlap, sorted by start
    ends: list[int] = []
    for i in order:
        if probabilities[i] < threshold:
            break
        start, end = spans[i]
        k = bisect_left(starts, end)  # kept spans that start before this one ends...
        if k and ends[k - 1] > start:  # ...the last of which is the only one that may reach it
            continue
        kept.append(i)
        starts.insert(k, start)
        ends.insert(k, end)
    return sorted(kept, key=lambda i: spans[i])


#: The overlap policies, by name.
POLICIES: dict[str, Policy] = {"prefer_probable": prefer_probable}


def attach_identifiers(
    chosen: list[int],
    identifiers: Sequence[int],
    spans: Sequence[tuple[int, int]],
    titles_before: Callable[[int], list[int]],
) -> tuple[list[int], dict[int, int]]:
    """Add every identifier to the chosen candidates, joined to the title written before it.

    ``titles_before(i)`` lists the candidates that end just before identifier ``i`` with a
    separator between (most probable first). Returns the candidates kept, in text order, and for
    each identifier that joined a title, the title candidate it joined (identifier -> title);
    a chosen candidate that overlaps a joined pair or an identifier gives way.
    """
    joined: dict[int, int] = {}
    claimed: list[tuple[int, int]] = []
    for i in identifiers:
        start, end = spans[i]
        title = next(iter(titles_before(i)), None)
        if title is not None:
            joined[i] = title
            start = min(start, spans[title][0])
        claimed.append((start, end))
    kept = [
        c
        for c in chosen
        if c not in identifiers and not any(spans[c][0] < e and s < spans[c][1] for s, e in claimed)
    ]
    return sorted([*kept, *identifiers], key=lambda i: spans[i]), joined
