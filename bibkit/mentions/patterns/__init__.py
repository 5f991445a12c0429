"""The patterns: each proposes the spans that one way of writing could make a mention of, and
none decides. Each is a module with ``propose(page, out)``; they never call one another."""

from __future__ import annotations

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns import (
    by_author,
    capitalised,
    citations,
    entries,
    identifiers,
    marked,
    possessive,
    quoted,
    repeats,
)

__all__ = ["PATTERNS", "propose"]

#: Every pattern, by name, in the order they run.
PATTERNS = {
    "marked": marked.propose,
    "quoted": quoted.propose,
    "entry": entries.propose,
    "by": by_author.propose,
    "possessive": possessive.propose,
    "capitalised": capitalised.propose,
    "citation": citations.propose,
    "isbn": identifiers.propose,
}


def propose(page: Page) -> Proposals:
    """All candidates of ``page``: what every pattern proposes, then the repetitions of the
    titles proposed in a strong form."""
    out = Proposals()
    for run in PATTERNS.values():
        run(page, out)
    repeats.propose(page, out, out.titles())
    return out
