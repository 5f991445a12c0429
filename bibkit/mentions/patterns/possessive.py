"""Possessives: "Moshe Lewin's *Lenin's Last Struggle*", "Taylor's Classical Mechanics"."""

from __future__ import annotations

import regex

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.quoted import QUOTES
from bibkit.mentions.patterns.spans import NAME, trim

__all__ = ["propose"]

_POSSESSIVE = regex.compile(r"['’]s?[ \t]+|(?<=\p{Ll}{2})s[ \t]+(?=\p{Lu}|[*_\"“„»«])")


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for line in page.lines:
        for match in _POSSESSIVE.finditer(text, line.start, line.end):
            apostrophe = match.start()
            if apostrophe == line.start or not text[apostrophe - 1].isalpha():
                continue
            genitive = match.group()[0] == "s"  # German "Sandersons Roman", no apostrophe
            if not genitive and match.group()[1:2] != "s" and text[apostrophe - 1] not in "sSzZ":
                continue  # "Achilles' heel" needs an s before a bare apostrophe
            owner = _owner(page, apostrophe, line.start)
            if owner is None or (genitive and " " not in text[owner[0] : owner[1]]):
                continue  # a bare genitive needs a full name: "Brandon Sandersons"
            after = match.end()
            for title in _titles_at(page, after, line.end):
                out.add("possessive", title[0], title[1], owner[0], owner[1], sep="possessive")


def _owner(page: Page, apostrophe: int, floor: int) -> tuple[int, int] | None:
    """The name that owns: the longest run of up to four name words ending at the apostrophe."""
    text = page.text
    i = page.word_index_at(apostrophe) - 1
    best = None
    for back in range(4):
        j = i - back
        if j < 0 or page.words[j].start < floor:
            break
        if page.words[j].shape not in ("cap", "upper"):
            break
        match = NAME.fullmatch(text, page.words[j].start, apostrophe)
        if match is not None:
            best = (page.words[j].start, apostrophe)
    return best


def _titles_at(page: Page, pos: int, limit: int) -> list[tuple[int, int]]:
    """Titles that start at ``pos``: a mark, a quotation, or a title-case run and its prefixes."""
    text = page.text
    found: list[tuple[int, int]] = []
    for mark in page.marks_over(pos, pos + 1):
        if mark.start == pos:
            found.append(trim(text, mark.start, mark.end))
    quote = QUOTES.match(text, pos, limit)
    if quote is not None:
        group = quote.lastgroup or ""
        found.append(trim(text, quote.start(group), quote.end(group)))
    if found:
        return found
    words = page.words
    i = page.word_index_at(pos)
    run_end = -1
    k = i
    while k < len(words) and k - i < 12 and words[k].start < limit:
        word = words[k]
        gap = text[(words[k - 1].end if k > i else pos) : word.start]
        if k > i and (len(gap) > 2 or any(c not in " \t:" for c in gap)):
            break
        if word.shape in ("cap", "upper", "num") or (word.shape == "func" and k > i):
            if word.shape != "func":
                run_end = word.end
                found.append((pos, run_end))
            k += 1
            continue
        break
    return found[-3:] if found else []
