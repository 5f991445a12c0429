""" "Title by Author" in running text and lists, in the languages people write in."""

from __future__ import annotations

import regex

from bibkit.dates import PROSE_YEARS, year_pattern
from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.quoted import QUOTES
from bibkit.mentions.patterns.spans import YEAR, capitalised_run_back, name_at, trim

__all__ = ["BY", "propose"]

#: The word that introduces an author after a title: English "by", German "von", French "de" and
#: "par", Italian "di", Spanish and Portuguese "de", Swedish and Norwegian "av", Dutch "door",
#: Polish "autorstwa".
BY = regex.compile(r"[ \t]+(?:by|By|von|de|par|di|av|door|autorstwa|från)[ \t]+")
#: Where the clause holding a title starts: after the last clause punctuation or a reading verb.
_CLAUSE_START = regex.compile(
    r"(?:[,;:.!?(\[]|\b(?:read|reading|recommend|try|love|loved|like|liked|enjoyed|finished|started|is|was))"
    r"[ \t]+"
)
_YEAR_AFTER = regex.compile(rf"[ \t]*[,(][ \t]*({year_pattern(PROSE_YEARS)})\)?")


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for line in page.lines:
        for match in BY.finditer(text, line.start, line.end):
            name = name_at(page, match.end(), line.end)
            if name is None:
                continue
            year_match = _YEAR_AFTER.match(text, name[1], line.end)
            year = int(year_match.group(1)) if year_match else None
            for start, end in _titles_ending_at(page, match.start(), line.start):
                out.add("by", start, end, name[0], name[1], sep="by", year=year)


def _titles_ending_at(page: Page, pos: int, floor: int) -> list[tuple[int, int]]:
    """Titles that end just before ``pos``: a mark or quotation closing there, else the
    title-case run before it and its shorter tails (which start at a capitalised word)."""
    text = page.text
    found: list[tuple[int, int]] = []
    for mark in page.marks_within(max(floor, pos - 300), pos + 1):
        if pos - 2 <= mark.end <= pos:
            found.append(trim(text, mark.start, mark.end))
    for quote in QUOTES.finditer(text, max(floor, pos - 300), pos + 1):
        if pos - 2 <= quote.end() <= pos:
            group = quote.lastgroup or ""
            found.append(trim(text, quote.start(group), quote.end(group)))
    run = capitalised_run_back(page, pos, floor)
    for k, word in enumerate(run[:-1] if len(run) > 4 else run):
        if word.shape != "func" and (k == 0 or k >= len(run) - 4):
            found.append((word.start, run[-1].end))
    clause_start = -1
    for clause in _CLAUSE_START.finditer(text, max(floor, pos - 120), pos):
        clause_start = clause.end()  # the last clause boundary before the "by"
    if clause_start >= 0:
        span = trim(text, clause_start, pos)
        if 0 < span[1] - span[0] <= 100:
            found.append(span)
    line_start = page.line_of(pos).start
    if pos - line_start < 160:
        whole = trim(text, line_start, pos)
        if whole[1] > whole[0]:
            found.append(whole)
    return [span for span in dict.fromkeys(found) if span[1] > span[0] and not YEAR.fullmatch(text, *span)]
