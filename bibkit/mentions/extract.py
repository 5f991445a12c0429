"""Find book mentions in informal text. Pure: no network, no config, deterministic.

The text is read in three passes:

1. :mod:`bibkit.mentions.layout` splits it into lines with a role (list item, heading,
   one-line paragraph, metadata) and finds the marked-up spans (links, emphasis, quotes).
2. :mod:`bibkit.mentions.rules` applies the writing patterns line by line ("Author, Title",
   "Title by Author", "Author's *Title*", "[Title](bookshop link)", bare list entries, ...).
   Overlapping candidates are settled in favour of the most explicit one.
3. :mod:`bibkit.mentions.document` looks for what the accepted mentions imply elsewhere:
   repetitions of a known title (also misspelt or abbreviated), titles coordinated with one,
   titles after reading verbs, and series.

Confidence scale (``Mention.confidence``), so callers can filter:

====  ==================================================================================
0.95  an author with a marked title: 'Author's "Title"', "Author, *Title*", "[T](url) by A"
0.90  an author with an unmarked title: "Title by Author", "Author, Title", "Title - Author"
0.85  a title linked to a bookshop page or an ISBN
0.80  a possessive with a title-case title: "Taylor's Classical Mechanics"; a list entry
      pairing a plain personal name with a sentence-case title: "Albert Camus, La peste"
0.70  a marked title alone (*Title*, "Title"), a linked list entry, a known title repeated
0.60  a bare title-case list line or one-line reply; a misspelt repetition
0.50  weaker inferences: a title after a reading verb or coordinated with a mention, series,
      abbreviations (0.55), one-word bare lines
====  ==================================================================================
"""

from __future__ import annotations

import regex

from bibkit.isbn import find_isbns
from bibkit.mentions.document import Spans, document_candidates
from bibkit.mentions.layout import Line, split_lines
from bibkit.mentions.lexicon import DATE_WORDS
from bibkit.mentions.names import AuthorIndex, normalize_author
from bibkit.mentions.rules import Candidate, line_candidates
from bibkit.mentions.titles import clean_title, split_subtitle
from bibkit.model import Mention

__all__ = ["extract"]

_ISBN_HINT = regex.compile(r"(?i)isbn|97[89][\d\- ]{10}|\d[\d\-]{8}[\dX]")
#: What every match of :data:`_ISBN_HINT` contains besides "isbn" (whose letters fold to "sbn"
#: after an "i"-like letter): a case-sensitive pattern, far cheaper than the hint itself.
_ISBN_DIGITS = regex.compile(r"\d[\d\- ]{8}")
_SPACE = regex.compile(r"\s+")


def _resolve(candidates: list[Candidate], taken: Spans) -> list[Candidate]:
    """Keep the most explicit candidate wherever candidates overlap (then the longest)."""
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.confidence, -(c.end - c.start), c.start)):
        if c.end <= c.start or taken.overlaps(c.start, c.end):
            continue
        taken.add(c.start, c.end)
        chosen.append(c)
    return chosen


def _isbn_for(text: str, c: Candidate, line_end: int) -> str | None:
    """An ISBN printed in the mention, its link, or just after it on the same line."""
    near = text[c.start : max(c.end, min(line_end, c.end + 80))] + " " + c.url
    if "sbn" not in near.casefold() and _ISBN_DIGITS.search(near) is None:
        return None  # none of the sources below can hold an ISBN
    for source in (c.url, text[c.start : c.end], text[c.end : min(line_end, c.end + 80)]):
        if source and _ISBN_HINT.search(source):
            found = find_isbns(source)
            if found:
                return found[0]
    return None


_DATELINE = regex.compile(r"[\s\d,./:-]*(?:\p{L}+[\s\d,./:-]+){0,4}$")
_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _is_dateline(body: str) -> bool:
    """ "Tuesday, October 11, 2016", "March 2019": a date on a line of its own."""
    if len(body) > 40 or _DATELINE.match(body) is None:
        return False
    return _YEAR.search(body) is not None or any(w.casefold() in DATE_WORDS for w in body.split())


def _top_line(text: str, lines: list[Line]) -> int:
    """Index of the line that titles the whole text, or -1.

    Blog posts and unrolled threads open with their own title on a line of its own (after at
    most a dateline such as "Tuesday, October 11, 2016"), then a blank line and a paragraph of
    prose. A bare title-case phrase there names the post. The same phrase followed by short
    lines ("The Perfect Storm" / "Great read! 208 pages") is a reply naming a book.
    """
    content = [i for i, ln in enumerate(lines) if ln.role not in ("blank", "meta")]
    for n, i in enumerate(content):
        line = lines[i]
        body = text[line.content_start : line.end]
        if line.role == "text" and _is_dateline(body):
            continue
        if line.role != "text" or i + 1 >= len(lines) or lines[i + 1].role != "blank":
            return -1
        if n + 1 >= len(content):
            return -1
        following = lines[content[n + 1]]
        prose = following.role == "text" and following.end - following.content_start >= 80
        return i if prose else -1
    return -1


def extract(text: str) -> list[Mention]:
    """All book mentions in ``text``, in text order.

    Args:
        text: Any Unicode text (a thread, a reading list, a blog post, notes).

    Returns:
        One :class:`Mention` per occurrence, with ``text[m.start:m.end] == m.text``; see the
        module docstring for what ``confidence`` means.
    """
    if not text:
        return []
    lines = split_lines(text)
    candidates: list[Candidate] = []
    top = _top_line(text, lines)
    for i, line in enumerate(lines):
        if line.role == "blank":
            continue  # nothing to find (line_candidates would say so, one call later)
        found = line_candidates(text, line, lines, i)
        if i == top and found and all(c.kind == "bare_entry" for c in found):
            continue  # the post's own title ("My Year in Books"), set apart above its text
        candidates.extend(found)
    taken = Spans()
    accepted = _resolve(candidates, taken)
    accepted.extend(document_candidates(text, lines, accepted, taken))
    accepted.sort(key=lambda c: c.start)

    line_ends = [ln.end for ln in lines]
    line_starts = [ln.start for ln in lines]
    authors = AuthorIndex()
    mentions: list[Mention] = []
    import bisect

    for c in accepted:
        title = clean_title(c.title)
        if not title:
            continue
        main, subtitle = split_subtitle(title)
        author = _SPACE.sub(" ", c.author).strip() if c.author else None
        normalized = None
        if author:
            normalized = authors.expand(normalize_author(author))
            authors.add(author)
        line_end = line_ends[max(0, bisect.bisect_right(line_starts, c.start) - 1)]
        mentions.append(
            Mention(
                text=text[c.start : c.end],
                start=c.start,
                end=c.end,
                title=main,
                subtitle=subtitle,
                author=author,
                author_normalized=normalized,
                year=c.year,
                isbn=_isbn_for(text, c, line_end),
                confidence=c.confidence,
                kind=c.kind,
            )
        )
    return mentions
