"""Find book mentions in informal text. Pure: no network, no config, deterministic.

The text is read in three passes:

1. :mod:`bibkit.mentions.layout` splits it into lines with a role (list item, heading,
   one-line paragraph, metadata such as comment headers and forum furniture) and finds the
   marked-up spans (links, emphasis, quotes).
2. :mod:`bibkit.mentions.rules` applies the writing patterns line by line ("Author, Title",
   "Title by Author", "Author's *Title*", "[Title](bookshop link)", bare list entries, ...).
   Candidates whose title is only a date are dropped, then overlapping candidates are
   settled in favour of the most explicit one.
3. :mod:`bibkit.mentions.document` looks for what the accepted mentions imply elsewhere:
   repetitions of a known title (also misspelt or abbreviated), titles coordinated with one,
   titles after reading verbs, and series.
4. Identifiers are settled last (:func:`_with_identifiers`): an ISBN or a bookshop link
   carrying one, alone, is a mention of kind ``isbn`` with no title; written after a title
   ("Title, ISBN ...", "Title - ISBN ...") it is that title's ISBN, never part of the title
   or an author.

Confidence scale (``Mention.confidence``), so callers can filter:

====  ==================================================================================
0.95  an ISBN or a bookshop link carrying one, on its own (``kind == "isbn"``, no title)
0.95  an author with a marked title: 'Author's "Title"', "Author, *Title*", "[T](url) by A"
0.90  an author with an unmarked title: "Title by Author", "Author, Title", "Title - Author",
      "Surname, Given. Title. Publisher, Year." (a bibliography entry)
0.85  a title linked to a bookshop page or an ISBN
0.80  a possessive with a title-case title: "Taylor's Classical Mechanics"; a list entry
      pairing a plain personal name with a sentence-case title: "Albert Camus, La peste";
      a title line above a line that is only "by Author"
0.70  a marked title alone (*Title*, "Title"), a linked list entry, a known title repeated
0.60  a bare title-case list line or one-line reply; a misspelt repetition
0.50  weaker inferences: a title after a reading verb or coordinated with a mention, series,
      abbreviations (0.55), one-word bare lines
====  ==================================================================================
"""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter

import regex

from bibkit.isbn import Identifier, find_identifiers, find_isbns
from bibkit.mentions.document import Spans, document_candidates
from bibkit.mentions.layout import Line, split_lines
from bibkit.mentions.lexicon import DATE_OPENINGS, is_date_phrase
from bibkit.mentions.names import AuthorIndex
from bibkit.mentions.rules import Candidate, line_candidates
from bibkit.mentions.titles import split_subtitle
from bibkit.model import Mention

__all__ = ["extract"]

_ISBN_HINT = regex.compile(r"(?i)isbn|97[89][\d\- ]{10}|\d[\d\-]{8}[\dX]")
#: What every ISBN that :func:`find_isbns` accepts is read from: nine ASCII digits with at
#: most hyphens between them (isbnlib keeps the digits, and an X only after the ninth, of a
#: match of its digit-and-hyphen patterns, and needs ten or thirteen of them).
_ISBN_RUN = regex.compile(r"[0-9][0-9\-]{8}")
_SPACE = regex.compile(r"\s+")
_start = attrgetter("start")  # of a candidate or a line


def _by_priority(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """``candidates`` (all with ``start < end <= limit``), the most explicit first, then the
    longest, then the earliest (ties in input order).

    The key ``(-confidence, start - end, start)`` is packed into one integer (the rank of the
    confidence, then two offsets below ``limit``): integers compare far faster than tuples and
    are not tracked by the garbage collector.
    """
    levels = sorted({c.confidence for c in candidates}, reverse=True)
    square = limit * limit
    rank = {conf: i * square for i, conf in enumerate(levels)}
    return sorted(candidates, key=lambda c: rank[c.confidence] + (c.start - c.end + limit) * limit + c.start)


def _resolve(candidates: list[Candidate], taken: Spans) -> list[Candidate]:
    """Keep the most explicit candidate wherever candidates overlap (then the longest).

    The accepted spans are marked in a byte per text position, so that testing a candidate
    costs one ``find`` over its own span whatever the number already accepted (inserting
    into a sorted list cost time in proportion to the text). They are added to ``taken``
    afterwards in text order; candidates overlapping a span already in ``taken`` are refused.
    """
    live = [c for c in candidates if c.start < c.end]  # empty spans are never accepted
    if not live:
        return []
    limit = max(c.end for c in live)
    check_taken = taken.overlaps(0, limit)
    marked = bytearray(limit)
    chosen: list[Candidate] = []
    for c in _by_priority(live, limit):
        start = c.start
        end = c.end
        # Offsets are never negative; a span overlaps an accepted one iff it holds a marked byte.
        if marked.find(1, start, end) >= 0 or (check_taken and taken.overlaps(start, end)):
            continue
        marked[start:end] = b"\x01" * (end - start)
        chosen.append(c)
    for c in sorted(chosen, key=_start):  # the starts differ: the spans are disjoint
        taken.add(c.start, c.end)
    return chosen


#: Kinds that pair a title with its author in so many words ("August 1914 by Aleksandr
#: Solzhenitsyn", "Solzhenitsyn's August 1914"): there even a title shaped like a date is one.
_AUTHORED_KINDS = frozenset(("title_by_author", "possessive", "title_paren_author"))
#: Characters that open a marked title (emphasis, quotes, a link): the writer set it apart.
_TITLE_MARKS = frozenset("*_\"“‘'[«")


def _without_dates(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` without those whose title is only a date ("2 Jan 2020", "Fall 2006").

    Pasted threads, comment sections and blog posts print the date of every post, often on a
    line of its own, where every rule that reads a bare line or the title before a colon would
    take it for a title. Settled here, once for all rules, and before overlaps are resolved so
    that a real title on the same line is not blocked by a date. A date-shaped title that the
    writer marked or paired with its author stays ("*August 1914*"). So does a plain number
    ("1984", "Stalingrad: 1942"), but a date after a colon dates the line it ends, a heading
    such as "Course Reader: Fall 2006", not a subtitle.
    """
    kept: list[Candidate] = []
    for c in candidates:
        title = c.title
        if ": " in title:
            title = title.rpartition(": ")[2]
        # (is_date_phrase's own first test, here so that most titles cost no call.)
        head = title.lstrip(" \t")[:3]
        if (
            (head[:1].isdigit() or head.casefold() in DATE_OPENINGS)
            and c.kind not in _AUTHORED_KINDS
            and text[c.start : c.start + 1] not in _TITLE_MARKS
            and (is_date_phrase(title) or _is_numeric_date(title))
        ):
            continue
        kept.append(c)
    return kept


#: A date written in numbers: day, month and year in some order ("2016-10-11", "11/10/2016").
_NUMERIC_DAY = re.compile(r"\d{1,4}([-/.])\d{1,2}\1\d{1,4}")


def _is_numeric_date(title: str) -> bool:
    """Whether ``title`` is a date in numbers with a year in it; a single number ("1984") or a
    range of years ("1917-1923") is not."""
    title = title.strip()
    return _NUMERIC_DAY.fullmatch(title) is not None and _YEAR.search(title) is not None


def _may_hold_isbn(text: str, start: int, end: int) -> bool:
    """A necessary condition for :func:`find_isbns` to find an ISBN in ``text[start:end]``, far
    cheaper than the search for :data:`_ISBN_HINT` and the ISBN patterns."""
    return _ISBN_RUN.search(text, start, end) is not None


def _isbn_for(text: str, c: Candidate, line_end: int) -> str | None:
    """An ISBN printed in the mention, its link, or just after it on the same line."""
    for source in (c.url, text[c.start : c.end], text[c.end : min(line_end, c.end + 80)]):
        if source and _ISBN_HINT.search(source):
            found = find_isbns(source)
            if found:
                return found[0]
    return None


def _may_have_isbn(text: str, c: Candidate) -> bool:
    """Whether :func:`_isbn_for` can find anything: its sources are the link, the mention and
    at most 80 characters after it up to the end of its line, which is at or before the first
    newline after the mention (or before the mention when it spans lines). Nothing there that
    could hold an ISBN rules it out."""
    if c.end < c.start:
        return True  # (no rule makes such spans) the sources could lie before the mention
    end = c.end + 80
    newline = text.find("\n", c.end, end)
    return _may_hold_isbn(text, c.start, end if newline < 0 else newline) or (
        c.url != "" and _may_hold_isbn(c.url, 0, len(c.url))
    )


def _fold_space(author: str) -> str:
    """``author`` with whitespace runs folded to one space and stripped.

    Every whitespace character but the space is unprintable, so a printable name without a
    double space needs no pattern.
    """
    if "  " in author or not author.isprintable():
        author = _SPACE.sub(" ", author)
    return author.strip()


#: A date in numbers only ("2016-10-11", "11/10/2016").
_NUMERIC_DATE = re.compile(r"[\d\s,./:-]+")
_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _is_dateline(body: str) -> bool:
    """ "Tuesday, October 11, 2016", "March 2019", "2016-10-11": a date on a line of its own.

    Only a date: a short title holding a year ("What I Read in 2019") is the post's own title.
    """
    body = body.strip()
    if len(body) > 40:
        return False
    if is_date_phrase(body):
        return True
    return _NUMERIC_DATE.fullmatch(body) is not None and _YEAR.search(body) is not None


def _top_line(text: str, lines: list[Line]) -> int:
    """Index of the line that titles the whole text, or -1.

    Blog posts and unrolled threads open with their own title on a line of its own (after at
    most a dateline such as "Tuesday, October 11, 2016"), then a blank line and a paragraph of
    prose. A bare title-case phrase there names the post. The same phrase followed by short
    lines ("The Perfect Storm" / "Great read! 208 pages") is a reply naming a book.
    """
    content = (i for i, ln in enumerate(lines) if ln.role not in ("blank", "meta"))
    for i in content:
        line = lines[i]
        body = text[line.content_start : line.end]
        if line.role == "text" and _is_dateline(body):
            continue
        if line.role != "text" or i + 1 >= len(lines) or lines[i + 1].role != "blank":
            return -1
        after = next(content, -1)
        if after < 0:
            return -1
        following = lines[after]
        prose = following.role == "text" and following.end - following.content_start >= 80
        return i if prose else -1
    return -1


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while one text is read.

    Extraction allocates a few objects per line and per candidate, none of them in reference
    cycles, so reference counting frees all of them; but every 700 allocations the collector
    walks the young objects, and the older generations ever more often as the text grows
    (about a tenth of the time on a 10 MB text). The collector's previous state is restored
    however the call ends; cycles other threads create meanwhile are collected afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    with _collector_paused():
        return _extract(text)


def _extract(text: str) -> list[Mention]:
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
    accepted = _resolve(_without_dates(text, candidates), taken)
    accepted.extend(_without_dates(text, document_candidates(text, lines, accepted, taken)))
    accepted.sort(key=lambda c: c.start)

    return _with_identifiers(text, _mentions(text, lines, accepted))


def _mentions(text: str, lines: list[Line], accepted: list[Candidate]) -> list[Mention]:
    """The Mention of each accepted candidate (in order) that keeps a title once cleaned."""
    authors = AuthorIndex()
    mentions: list[Mention] = []
    for c in accepted:
        title = c.cleaned_title()
        if not title:
            continue
        main, subtitle = split_subtitle(title)
        author = c.author
        normalized = None
        if author:
            author = _fold_space(author)
            if author:
                normalized = authors.expand_and_add(author)
        else:
            author = None
        isbn = None
        if _may_have_isbn(text, c):
            line = lines[max(0, bisect.bisect_right(lines, c.start, key=_start) - 1)]
            isbn = _isbn_for(text, c, line.end)
        mentions.append(
            Mention.of_fields(
                text[c.start : c.end],
                c.start,
                c.end,
                main,
                subtitle,
                author,
                normalized,
                c.year,
                isbn,
                c.confidence,
                c.kind,
            )
        )
    return mentions


# -- identifiers ----------------------------------------------------------------------------

_ISBN_WORD = regex.compile(r"(?i)\bISBN(?:[- ]?1[03])?\b[:#]?")
#: What is left of a mention around its identifiers when it names nothing else: separators,
#: brackets, list markers, emphasis.
_NOTHING_ELSE = regex.compile(r"[\s\p{P}\p{S}]*")
_SEPARATORS = " \t,;:-–—(/|*_"
ISBN_CONFIDENCE = 0.95


def _identifier_mention(text: str, ident: Identifier) -> Mention:
    return Mention.of_fields(
        text[ident.start : ident.end], ident.start, ident.end, "", None, None, None, None,
        ident.isbn13, ISBN_CONFIDENCE, "isbn",
    )  # fmt: skip


def _without_identifiers(value: str | None) -> str | None:
    """``value`` with the identifiers written in it and a bare "ISBN" removed, then trimmed of
    the separators they leave ("The Bolshevik Revolution - ISBN ..." → the title)."""
    if not value:
        return value
    for ident in reversed(find_identifiers(value)):
        value = value[: ident.start] + " " + value[ident.end :]
    value = _ISBN_WORD.sub(" ", value)
    value = _SPACE.sub(" ", value).strip(_SEPARATORS + ".)] ")
    return value or None


def _titled(text: str, mention: Mention, idents: list[Identifier]) -> Mention:
    """The mention of a title written with its ISBN: the identifier leaves the title (and the
    author, where a "Title, ISBN" line was read as "Author, Title") and becomes the ISBN."""
    full = f"{mention.title}: {mention.subtitle}" if mention.subtitle else mention.title
    title = _without_identifiers(full) or ""
    author = _without_identifiers(mention.author)
    if not title and author:
        # "Title, ISBN ...": the only words besides the ISBN are the title.
        title, author = author, None
    main, subtitle = split_subtitle(title)
    start, end = mention.start, max(mention.end, idents[-1].end)
    if text[end : end + 1] == ")" and "(" in text[start:end] and text[start:end].count("(") > text[
        start:end
    ].count(")"):
        end += 1  # "Title (ISBN ...)": the closing bracket belongs to it
    normalized = mention.author_normalized if author == mention.author else author
    return Mention.of_fields(
        text[start:end], start, end, main, subtitle, author, normalized, mention.year,
        idents[0].isbn13, max(mention.confidence, 0.85), mention.kind,
    )  # fmt: skip


def _with_identifiers(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the identifiers of ``text`` settled (see the module docstring, step 4).

    A mention that covers identifiers and nothing else becomes one identifier mention for each;
    one with words besides becomes the titled mention of its first identifier. An identifier
    outside every mention is a mention of its own, unless a mention on its line already
    carries that ISBN (a link after its title, "[Title](bookshop link)").
    """
    if not (_may_hold_isbn(text, 0, len(text)) or "ISBN" in text or "isbn" in text):
        return mentions
    idents = find_identifiers(text)
    if not idents:
        return mentions
    starts = [i.start for i in idents]
    used: set[int] = set()
    out: list[Mention] = []
    for m in mentions:
        first = max(0, bisect.bisect_right(starts, m.start) - 1)
        inside = [
            k for k in range(first, bisect.bisect_left(starts, m.end))
            if idents[k].start < m.end and m.start < idents[k].end
        ]  # fmt: skip
        if not inside:
            out.append(m)
            continue
        used.update(inside)
        rest = m.text
        for k in reversed(inside):
            a, b = max(idents[k].start, m.start) - m.start, min(idents[k].end, m.end) - m.start
            rest = rest[:a] + " " + rest[b:]
        rest = _ISBN_WORD.sub(" ", rest)
        if _NOTHING_ELSE.fullmatch(rest):
            out.extend(_identifier_mention(text, idents[k]) for k in inside)
        else:
            out.append(_titled(text, m, [idents[k] for k in inside]))
    for k, ident in enumerate(idents):
        if k in used:
            continue
        line_start = text.rfind("\n", 0, ident.start) + 1
        line_end = text.find("\n", ident.end)
        line_end = len(text) if line_end < 0 else line_end
        if any(m.isbn == ident.isbn13 and line_start <= m.start < line_end for m in out):
            continue
        out.append(_identifier_mention(text, ident))
    out.sort(key=_start)
    return out
