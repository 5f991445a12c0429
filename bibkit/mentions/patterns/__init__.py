"""The patterns: each proposes the spans that one way of writing could make a mention of, and
none decides. Each is a module with ``propose(page, out)``; they never call one another."""

from __future__ import annotations

import regex

from bibkit.mentions.candidate import Candidate, Proposals
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
from bibkit.mentions.vocabulary import ARTICLES

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
    out.discard(lambda c: _after_capital_article(page, c) or _outruns_its_mark(page, c))
    out.sort()
    return out


#: A capitalised article joined to what follows ("The" of "The Prophet Armed"); "I" is left
#: out, being a pronoun more often than Italian's article.
_CAPITAL_ARTICLE = regex.compile(
    r"(?:^|(?<=[\s(\[\-–—:;,*_\"'“‘«»„]))(?:"
    + "|".join(sorted((w.capitalize() for w in ARTICLES if len(w) > 1 or w == "a"), key=len, reverse=True))
    + r") $"
)


def _after_capital_article(page: Page, c: Candidate) -> bool:
    """A title that starts just after a capitalised article: the article is the title's first
    word ("Prophet Armed by Isaac Deutscher" in "The Prophet Armed by Isaac Deutscher"), so
    the span without it is no mention's span. Marked and quoted spans keep their own edges."""
    if c.patterns & {"marked", "quoted"} or not page.text[c.title_start : c.title_start + 1].isupper():
        return False
    line_start = page.text.rfind("\n", 0, c.title_start) + 1
    before = page.text[max(line_start, c.title_start - 8) : c.title_start]
    return _CAPITAL_ARTICLE.search(before) is not None


#: What separates a marked title from the rest of its line: "Deutscher, *The Prophet Armed*",
#: "*The Prophet Armed* - Deutscher". A colon only before a mark: "*Title*: Subtitle" is the
#: writer marking the main title alone.
_SEPARATOR_BEFORE = (",", ";", ":", "-", "–", "—", "|", "/")
_SEPARATOR_AFTER = (",", ";", "-", "–", "—", "|", "/")


def _outruns_its_mark(page: Page, c: Candidate) -> bool:
    """A title that holds a marked span and runs past it across a separator ("Deutscher,
    *The Prophet Armed*" read whole as a title): the writer marked where the title is, so the
    span beyond the mark is no title. A mark inside a title with no separator ("The *Real*
    Thing") does not count."""
    text = page.text
    for mark in page.marks_within(c.title_start, c.title_end):
        if mark.start == c.title_start and mark.end == c.title_end:
            return False
        before = text[c.title_start : mark.start].rstrip()
        after = text[mark.end : c.title_end].lstrip()
        if before.endswith(_SEPARATOR_BEFORE) or after.startswith(_SEPARATOR_AFTER):
            return True
    return False
