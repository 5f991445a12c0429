"""List entries: a line that is one entry ("Author, Title", "Title - Author", "Title: Subtitle,
Author (1999)") read as its parts around the separators people use."""

from __future__ import annotations

import regex

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.spans import NAME, YEAR, trim
from bibkit.mentions.view import Line

__all__ = ["SEPARATORS", "propose"]

#: Where an entry splits into parts, by kind.
SEPARATORS = regex.compile(
    r"(?P<dash>[ \t]+[-–—]+[ \t]+|[ \t]*[–—][ \t]*)"
    r"|(?P<comma>,[ \t]+)"
    r"|(?P<colon>:[ \t]+)"
    r"|(?P<semicolon>;[ \t]+)"
    r"|(?P<by>[ \t]+(?:by|By|von|par|di|av|door|autorstwa)[ \t]+)"
    r"|(?P<paren>[ \t]*\((?=[^)]{1,80}\))|\)[ \t]*)"
    r"|(?P<stop>(?<!(?:^|[\s.(\[])\p{Lu})\.[ \t]+(?=\S))"
    r"|(?P<pipe>[ \t]*[|·•][ \t]*)"
    r"|(?P<slash>[ \t]+/[ \t]+)"
)
#: Longest line read as an entry; longer lines are prose, read by the other patterns.
_LONGEST = 260
_MAX_PARTS = 8
_AUTHOR_SEPS = frozenset({"dash", "comma", "by", "paren", "colon", "pipe"})
#: Separators that may sit inside a title ("Sapiens: A Brief History", "Debt, the First 5000 Years").
_INNER_SEPS = frozenset({"colon", "comma", "dash", "stop"})
#: A list marker left in plain text ("1. ", "3/ ", "- ", "• ") or a date opening an entry.
_MARKER = regex.compile(r"[ \t]*(?:[-*+•·▪►]|\d{1,3}[.)/:]|\d{1,3}/\d{1,3}|[(\[]\d{1,3}[)\]])[ \t]+")


def propose(page: Page, out: Proposals) -> None:
    text = page.text
    for line in page.lines:
        start, end = line.start, line.end
        if end - start > _LONGEST or end - start < 2:
            continue
        marker = _MARKER.match(text, start, end)
        if marker is not None:
            start = marker.end()
        start, end = trim(text, start, end)
        if end <= start:
            continue
        parts, seps = _split(text, start, end, _protected(page, start, end))
        year = _year_of(text, parts)
        n = len(parts)
        for i in range(n):
            for j in range(i, min(n, i + 3)):
                if j > i and seps[j - 1] not in _INNER_SEPS:
                    break
                t_start, t_end = parts[i][0], parts[j][1]
                if YEAR.fullmatch(text, t_start, t_end):
                    continue
                out.add("entry", t_start, t_end, year=year)
                if j + 1 < n and seps[j] in _AUTHOR_SEPS:
                    _add_author(page, out, (t_start, t_end), parts[j + 1], seps[j], year)
                before = i - 1
                if before > 0 and _EDITOR_NOTE.fullmatch(text, *parts[before]):
                    before -= 1  # "Surname, Given (eds.): Title": the names before the note
                if before >= 0 and seps[before] in _AUTHOR_SEPS | {"paren"}:
                    _add_author(page, out, (t_start, t_end), parts[before], seps[before], year)
        if n <= 4:
            _author_below(page, out, line, (start, end), year)


#: A note that the names before it edited the book: "(ed.)", "(eds.)", "(Hrsg.)".
_EDITOR_NOTE = regex.compile(r"(?i)(?:eds?|hrsg|dir|coord|comp|red)\.?")
#: A line that is nothing but a name, perhaps in bold or after "by": the author of the title above.
_NAME_LINE = regex.compile(r"[ \t*_]*(?:(?:by|By|von|de|di|par)[ \t]+)?(?P<name>[^\n]{2,80}?)[ \t*_.]*")


def _author_below(page: Page, out: Proposals, line: Line, title: tuple[int, int], year: int | None) -> None:
    """A short title line (often a heading) above a line that only names its author."""
    lines = page.lines
    index = page.line_index(line.start)
    if index + 1 >= len(lines) or title[1] - title[0] > 120:
        return
    below = lines[index + 1]
    text = page.text
    match = _NAME_LINE.fullmatch(text, below.start, below.end)
    if match is None:
        return
    name = trim(text, match.start("name"), match.end("name"))
    if NAME.fullmatch(text, *name) is None or len(text[name[0] : name[1]].split()) > 5:
        return
    out.add("entry", title[0], title[1], name[0], name[1], sep="line", year=year)


def _add_author(
    page: Page, out: Proposals, title: tuple[int, int], part: tuple[int, int], sep: str, year: int | None
) -> None:
    text = page.text
    a_start, a_end = part
    for mark in page.marks_over(a_start, a_start + 1):
        if mark.start <= a_start + 2 and mark.end <= a_end + 2:
            a_start, a_end = mark.start, mark.end  # "- [Author](...)": the author is the link text
            break
    if YEAR.fullmatch(text, a_start, a_end) or a_end - a_start > 80:
        return
    if not any(ch.isupper() or ch == "@" for ch in text[a_start : a_end]) and not page.cjk:
        return  # no name is written without a capital ("page_facing_up", "online")
    if text.startswith("ISBN", a_start) or text[a_start : a_start + 1].isdigit():
        return
    match = NAME.match(text, a_start, a_end)
    if match is not None and match.end() < a_end:
        a_end = trim(text, a_start, match.end())[1]  # "Author, 1999" or "Author (Publisher)"
    out.add("entry", title[0], title[1], a_start, a_end, sep=sep, year=year)


def _protected(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Spans a separator inside does not split: links, with a "(target)" left in the view."""
    text = page.text
    spans = []
    for mark in page.marks_within(start, end + 1):
        if mark.kind not in ("link", "wikilink"):
            continue
        stop = mark.end
        if mark.kind == "link" and text.startswith("](", stop):
            close = text.find(")", stop + 2, end)
            stop = close + 1 if close >= 0 else stop
        spans.append((mark.start, stop))
    return spans


def _split(
    text: str, start: int, end: int, protected: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[str]]:
    parts: list[tuple[int, int]] = []
    seps: list[str] = []
    pos = start
    for match in SEPARATORS.finditer(text, start, end):
        if any(a < match.start() and match.end() < b for a, b in protected):
            continue
        piece = trim(text, pos, match.start())
        if piece[1] > piece[0]:
            parts.append(piece)
            seps.append(match.lastgroup or "")
        elif seps:
            seps[-1] = match.lastgroup or seps[-1]
        pos = match.end()
        if len(parts) >= _MAX_PARTS:
            break
    piece = trim(text, pos, end)
    if piece[1] > piece[0] and len(parts) < _MAX_PARTS:
        parts.append(piece)
    else:
        seps = seps[: max(0, len(parts) - 1)]
    while len(seps) < len(parts) - 1:
        seps.append("")
    return parts, seps[: max(0, len(parts) - 1)]


def _year_of(text: str, parts: list[tuple[int, int]]) -> int | None:
    for start, end in parts:
        match = YEAR.fullmatch(text, start, end)
        if match is not None:
            return int(match.group())
    return None
