"""Formal references, as bibliographies, syllabi and reading lists give them:
"Surname, A. B. (2005). Title. Publisher.", "Surname, First. 2005. Title. City: Publisher.",
"Surname, F.: *Title*, City, Publisher, 1992." The pattern reads the authors that head the
reference and proposes the title that follows; whether it is a book or an article (the usual
case in such lists) is for the features and the model to say.
"""

from __future__ import annotations

import regex

from bibkit.dates import CITATION_YEARS, year_pattern
from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.quoted import QUOTES
from bibkit.mentions.patterns.spans import YEAR, trim

__all__ = ["HEAD", "propose"]

_SURNAME = r"\p{Lu}[\p{L}\p{M}'’\-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]+)?"
_GIVEN = (
    r"(?:\p{Lu}[\p{Ll}\p{M}\-]+|\p{Lu}\.(?:[ \t]?-?\p{Lu}\.)*)(?:[ \t]+(?:\p{Lu}\.|\p{Lu}[\p{Ll}\p{M}\-]+))*"
)
_PERSON = rf"{_SURNAME},[ \t]*{_GIVEN}"
#: The authors heading a reference, with "(ed.)"/"(eds.)" and a year in brackets, then the
#: punctuation that ends the head.
HEAD = regex.compile(
    rf"[ \t*_]*(?P<authors>{_PERSON}(?:(?:[ \t]*,[ \t]*|[ \t]+)(?:&|and|y|et|und|i|e)?[ \t]*{_PERSON}){{0,6}}"
    rf"(?:,?[ \t]+et[ \t]+al\.?)?|{_SURNAME}(?:[ \t]+(?:&|and|y|et|und)[ \t]+{_SURNAME})?)[*_]*"
    r"[ \t]*(?:\((?:eds?|Hrsg|dir|coord|comp)\.?\)[ \t]*)?"
    rf"(?:[.,:]?[ \t]*\(?(?P<year>{year_pattern(CITATION_YEARS)})[a-z]?\)?)?"
    r"[ \t]*[.,:][ \t]+"
)
_TITLE_END = regex.compile(r"\.[ \t]+|[?!][ \t]+|,[ \t]+(?=\p{Lu}[\p{L}]+[ \t]*[:,]|\d)|[ \t]+\(|$")


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for line in page.lines:
        head = HEAD.match(text, line.start, line.end)
        if head is None:
            bullet = regex.match(r"[ \t]*(?:[-+*•]|\d{1,3}\.)[ \t]+", text[line.start : line.end])
            if bullet is None:
                continue
            head = HEAD.match(text, line.start + bullet.end(), line.end)
            if head is None:
                continue
        a_start, a_end = trim(text, head.start("authors"), head.end("authors"))
        year = int(head.group("year")) if head.group("year") else None
        pos = head.end()
        for t_start, t_end in _titles_at(page, pos, line.end):
            if not YEAR.fullmatch(text, t_start, t_end):
                out.add("citation", t_start, t_end, a_start, a_end, sep="cite", year=year)


def _titles_at(page: Page, pos: int, limit: int) -> list[tuple[int, int]]:
    text = page.text
    found: list[tuple[int, int]] = []
    for mark in page.marks_over(pos, pos + 1):
        if mark.start <= pos + 2 and mark.end <= limit:
            found.append(trim(text, mark.start, mark.end))
    quote = QUOTES.match(text, pos, limit)
    if quote is not None:
        group = quote.lastgroup or ""
        found.append(trim(text, quote.start(group), quote.end(group)))
    if not found:
        end = _TITLE_END.search(text, pos, limit)
        stop = end.start() if end is not None else limit
        found.append(trim(text, pos, stop))
    return [span for span in found if span[1] > span[0]]
