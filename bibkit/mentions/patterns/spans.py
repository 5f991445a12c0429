"""Span helpers the patterns share: trimming a span, reading a name or a title-case run at a place."""

from __future__ import annotations

import regex

from bibkit.dates import PROSE_YEARS, year_pattern
from bibkit.mentions.page import Page, Word

__all__ = [
    "AUTHOR_LEFT_SEPS",
    "AUTHOR_RIGHT_SEPS",
    "YEAR",
    "authors_beside",
    "capitalised_run_back",
    "name_at",
    "name_ending_at",
    "trim",
]

#: Characters trimmed from both ends of a title span: spaces, and punctuation that closes a
#: clause rather than the title ("*Blindsight,*", "Dune."). "?" and "!" are kept (they end titles).
_TRIM_END = " \t\n,.;:·|/\\-–—*_~\"'“”‘’«»„‚‹›()[]{}"
_TRIM_START = " \t\n,.;:·|/\\-–—*_~\"'“”‘’«»„‚‹›)]}"

#: A year standing alone (:data:`bibkit.dates.PROSE_YEARS`).
YEAR = regex.compile(rf"(?<!\d)({year_pattern(PROSE_YEARS)})(?!\d)")

#: What joins a title to the author after it: "Title by Author" in the languages people write in,
#: "Title, Author", "Title - Author", "Title (Author)". The group ``sep`` names the kind.
AUTHOR_RIGHT_SEPS = regex.compile(
    r"(?P<by>[ \t]+(?:by|By|BY|von|di|av|par|de|door|autorstwa|od|af|ved|от|av:|by:)[ \t]+)"
    r"|(?P<comma>[ \t]*,[ \t]+)"
    r"|(?P<dash>[ \t]+[-–—][ \t]+|[ \t]*[–—][ \t]*)"
    r"|(?P<paren>[ \t]*\([ \t]*)"
    r"|(?P<colon>[ \t]*:[ \t]+)"
    r"|(?P<slash>[ \t]+/[ \t]+)"
)
#: What joins an author to the title after it: "Author, Title", "Author: Title", "Author - Title".
AUTHOR_LEFT_SEPS = regex.compile(
    r"(?:(?P<comma>,[ \t]+)|(?P<colon>:[ \t]+)|(?P<dash>[ \t]+[-–—][ \t]+|[ \t]*[–—][ \t]*)"
    r"|(?P<possessive>['’]s?[ \t]+))$"
)

_PARTICLES = "de|da|di|del|della|der|den|van|von|du|le|la|al|el|bin|ibn|ten|ter|y|e"
#: A personal name: one to five capitalised words or initials with particles between them, or
#: several such names joined by "and", "&", "und", "et", "i", "y" (two or three authors).
_NAME_TOKEN = (
    r"(?:\p{Lu}\.(?:[ \t]?\p{Lu}\.)*|\p{Lu}[\p{Ll}\p{M}'’]*(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*|\p{Lu}\p{L}*)"
)
_ONE_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)?{_NAME_TOKEN}){{0,4}}"
_JOINED = (
    rf"(?:[ \t]*,[ \t]*|[ \t]+)(?:and|&|und|et|i|y|e|и|oraz)[ \t]+{_ONE_NAME}"
    rf"|[ \t]*&[ \t]*{_ONE_NAME}"
    rf"|[ \t]*,[ \t]+{_ONE_NAME}(?=[ \t]*(?:,|and|&))"
)
NAME = regex.compile(rf"(?:@[\w.]{{2,30}}|{_ONE_NAME}(?:{_JOINED}){{0,3}}(?:[ \t]+et[ \t]+al\.?)?)")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding spaces, quotes and clause punctuation."""
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        # keep a closing bracket that closes one opened inside ("Debt (the first 5,000 years)")
        if text[end - 1] == ")" and "(" in text[start : end - 1]:
            break
        end -= 1
    return start, end


def name_at(page: Page, pos: int, limit: int) -> tuple[int, int] | None:
    """The span of a personal name (or a short list of them) that starts at ``pos``, or a marked
    span there (a link or emphasis around the name)."""
    text = page.text
    marks = [m for m in page.marks_over(pos, pos + 1) if m.start == pos and m.end <= limit]
    if marks:
        mark = max(marks, key=lambda m: m.end)
        return mark.start, mark.end
    for mark in page.marks_within(pos + 1, limit):
        limit = mark.start  # a name ends where a marked span (a title) begins
        break
    match = NAME.match(text, pos, limit)
    if match is None:
        return None
    return trim(text, match.start(), match.end())


def name_ending_at(page: Page, end: int, floor: int) -> tuple[int, int] | None:
    """The span of a personal name that ends at ``end`` (tried from up to six words back)."""
    for mark in page.marks_within(max(floor, end - 120), end):
        if mark.end == end:
            return mark.start, mark.end
    text = page.text
    i = page.word_index_at(end) - 1
    best: tuple[int, int] | None = None
    for back in range(6):
        j = i - back
        if j < 0 or page.words[j].start < floor:
            break
        word = page.words[j]
        if text[word.start : word.start + 1] == "@" or (word.start > 0 and text[word.start - 1] == "@"):
            best = (word.start - 1 if text[word.start - 1] == "@" else word.start, end)
            break
        match = NAME.match(text, word.start, end)
        if match is not None and match.end() >= end - 1:
            best = (word.start, end)
    return best


def authors_beside(
    page: Page, start: int, end: int, line_end: int, line_start: int
) -> list[tuple[int, int, str, int | None]]:
    """Author spans next to the title span [start, end): after it ("by X", ", X", " - X",
    " (X, 1999)") and before it ("X, ", "X: ", "X - ", "X's "). Each comes with the kind of
    separator and a year read in the bracket, if any."""
    text = page.text
    found: list[tuple[int, int, str, int | None]] = []
    sep = AUTHOR_RIGHT_SEPS.match(text, end, line_end)
    if sep is not None:
        kind = sep.lastgroup or ""
        at = sep.end()
        name = name_at(page, at, line_end)
        if name is not None:
            year = None
            if kind == "paren":
                close = text.find(")", name[1], min(line_end, name[1] + 40))
                if close >= 0:
                    found_year = YEAR.search(text, name[1], close)
                    year = int(found_year.group()) if found_year else None
            found.append((name[0], name[1], kind, year))
    window_start = max(line_start, start - 8)
    left = AUTHOR_LEFT_SEPS.search(text, window_start, start)
    if left is not None:
        kind = left.lastgroup or ""
        name = name_ending_at(page, left.start(), line_start)
        if name is not None and name[1] - name[0] >= 2:
            found.append((name[0], name[1], kind, None))
    return found


def capitalised_run_back(page: Page, end: int, floor: int, max_words: int = 12) -> list[Word]:
    """The title-case words that end at ``end`` (going back over capitalised words, numbers and
    the function words between them), nearest last; empty when the word before is not one."""
    i = page.word_index_at(end) - 1
    words: list[Word] = []
    text = page.text
    while i >= 0 and len(words) < max_words:
        word = page.words[i]
        if word.start < floor:
            break
        gap = text[word.end : words[0].start if words else end]
        if words and not _joins(gap):
            break
        if not words and not _joins(text[word.end : end]):
            break
        if word.shape in ("cap", "upper", "num") or (word.shape == "func" and words):
            words.insert(0, word)
        else:
            break
        i -= 1
    while words and words[0].shape == "func":
        words.pop(0)
    return words


def _joins(gap: str) -> bool:
    """Whether ``gap`` (between two words) keeps them in one title: spaces, a colon, an apostrophe."""
    return len(gap) <= 3 and all(c in " \t:'’" for c in gap) and gap.count(":") <= 1
