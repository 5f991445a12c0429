"""Quoted titles, in every language's quotation marks, alone or with an author beside them."""

from __future__ import annotations

import regex

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.spans import authors_beside, trim

__all__ = ["QUOTES", "propose"]

#: A quoted phrase on one line, in the marks of English, German, French, Polish, Scandinavian and
#: East Asian writing. Single quotes need a capital or digit after the opening mark and no
#: letter before it, so that apostrophes ("don't", "the '90s") open nothing.
QUOTES = regex.compile(
    r"\"(?P<ascii>[^\"\n]{1,300}+)\""
    r"|“(?P<curly>[^”“\n]{1,300}+)[”“]"
    r"|„(?P<low>[^“”\"\n]{1,300}+)[“”\"]"
    r"|«[ \t ]?(?P<guillemet>[^»«\n]{1,300}?)[ \t ]?»"
    r"|»(?P<reversed>[^«»\n]{1,300}+)«"
    r"|‹(?P<single_guillemet>[^›\n]{1,300}+)›"
    r"|『(?P<cjk_book>[^』\n]{1,200}+)』"
    r"|「(?P<cjk>[^」\n]{1,200}+)」"
    r"|《(?P<cjk_title>[^》\n]{1,200}+)》"
    r"|〈(?P<cjk_angle>[^〉\n]{1,200}+)〉"
    r"|(?<![\p{L}\p{N}])['‘](?=[\p{Lu}\p{N}])(?P<single>[^\n'‘’]{1,200}(?:['’]\p{L}[^\n'‘’]{0,200})?)(?<=\S)['’](?![\p{L}\p{N}])"
)


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for line in page.lines:
        if line.end - line.start < 3:
            continue
        for match in QUOTES.finditer(text, line.start, line.end):
            group = match.lastgroup or ""
            start, end = trim(text, match.start(group), match.end(group))
            if end <= start:
                continue
            out.add("quoted", start, end)
            for a_start, a_end, sep, year in authors_beside(page, start, end, line.end, line.start):
                # the author is read from beyond the closing mark
                out.add("quoted", start, end, a_start, a_end, sep=sep, year=year)
            for a_start, a_end, sep, year in authors_beside(
                page, match.start(), match.end(), line.end, line.start
            ):
                out.add("quoted", start, end, a_start, a_end, sep=sep, year=year)
