"""Marked titles: emphasis, links, ``<cite>`` and the like, alone or with an author beside them."""

from __future__ import annotations

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.spans import authors_beside, trim

__all__ = ["propose"]

#: The marks a title can be written in.
TITLE_MARKS = frozenset(
    {"emphasis", "strong", "link", "wikilink", "cite", "quote", "code", "strike", "image"}
)
_LONGEST = 300


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for mark in page.marks:
        if mark.kind not in TITLE_MARKS or mark.end - mark.start > _LONGEST:
            continue
        start, end = trim(text, mark.start, mark.end)
        if end <= start or text[start:end].startswith(("http://", "https://", "www.")):
            continue
        out.add("marked", start, end)
        line = page.line_of(start)
        for a_start, a_end, sep, year in authors_beside(page, start, end, line.end, line.start):
            out.add("marked", start, end, a_start, a_end, sep=sep, year=year)
