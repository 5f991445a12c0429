"""Document structure: lines, list items, headings, metadata, and the marked-up spans in a line.

Where a phrase sits says a lot about what it is. A title-case phrase alone on a list line is a
recommendation; the same phrase in a heading is a section name; a username in a comment
header is neither. This module turns raw text into lines with that role attached, and finds
the "frames" (markdown links, emphasis, quotes) that people put around titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import regex

from bibkit.mentions.lexicon import is_subject_label

__all__ = ["LINE_ITEM_MAX", "Frame", "Line", "find_frames", "split_lines"]

#: Longest line (in code points) that item-level rules look at as a whole. Longer lines are
#: prose paragraphs; only the bounded inline rules run on them.
LINE_ITEM_MAX = 1200

#: Longest stretch of one line that the rules read at once (see :func:`_segments`).
SEGMENT_MAX = 2000

# List markers: bullets, "1." and "1)", "1-" and "1 -", tweet numbering ("3/", "3/20"), and
# numbered labels such as "Day 2:" or "Part 3." that open the entries of a thread.
_MARKERS = regex.compile(
    r"[ \t]*+(?:>[ \t]?){0,4}+(?P<heading>\#{1,6}[ \t]+)?"
    r"(?P<bullet>(?:[*+\-•·]|\d{1,3}(?:[.)\-–]|/\d{0,3})|\p{Lu}\p{Ll}{1,9}[ \t]\d{1,3}[ \t]?[:.])[ \t]+)?"
    r"[ \t]*+"
)
# Metadata lines: comment headers and vote counts anywhere in the line (rare, so looked for in
# the line only when the whole text has one), or a recognisable start (matched, not searched).
_META_ANYWHERE = regex.compile(r"⬆|💬|Posted by u/", regex.IGNORECASE)
_META_START = regex.compile(
    r"\s*\*\*r/|\s*!\[|\s*\]\(|[\s\-=_*+~#|]*$|\s*<!--|\s*\[\^\w+\]:|"
    r"\s*(?:Original post|Source|Via|Tags?|Categories|Date|Posted|Edit|Update|Share|Reply)\s*:",
    regex.IGNORECASE,
)
_BOLD_LINE = regex.compile(r"^\*\*[^*\n]{1,300}\*\*[.:]?\s*$|^__[^_\n]{1,300}__[.:]?\s*$")
_LABEL = regex.compile(r"(\p{Lu}[\p{L}\-]{0,30}(?:[ \t][\p{L}\-]{1,30}){0,2})[ \t]*:[ \t]+(?=\S)")

# "… by Someone" or "Someone's …": the item names its own author after the label.
_OWN_AUTHOR = regex.compile(r"[ \t]by[ \t]+\p{Lu}|\p{L}['’]s[ \t]+\p{Lu}")

_LINK = regex.compile(r"(?<!!)\[(?P<inner>[^\[\]\n]{1,300})\]\((?P<url>[^()\s]{0,800})\)")
# The inner runs of the emphasis patterns are possessive: they exclude the closing mark, so the
# only place a closing mark can follow is where the run stops (the next mark, a newline or the
# 300th character); a lazy run would test every position before it and reach the same answer.
_BOLD = regex.compile(r"(?<![\w*])\*\*(?=[^\s*])(?P<inner>[^*\n]{1,300}+)(?<=[^\s*])\*\*(?![\w*])")
_ITALIC = regex.compile(r"(?<![\w*])\*(?=[^\s*])(?P<inner>[^*\n]{1,300}+)(?<=[^\s*])\*(?![\w*])")
_UNDER = regex.compile(r"(?<![\w_])(?P<m>__|_)(?=[^\s_])(?P<inner>[^_\n]{1,300}+)(?<=[^\s_])(?P=m)(?![\w_])")
_QUOTE = regex.compile(
    r"\"(?P<a>[^\"\n]{1,300}+)\"|“(?P<b>[^”\n]{1,300}+)”|«\s?(?P<c>[^»\n]{1,300}?)\s?»|„(?P<d>[^“”\n]{1,300}+)[“”]"
    r"|(?<![\p{L}\p{N}])['‘](?=\p{Lu}|\d)(?P<e>[^\n'‘’]{1,200}(?:['’]\p{L}[^\n'‘’]{0,200})?)(?<=\S)['’](?![\p{L}\p{N}])"
)
#: :data:`_LINK` and :data:`_QUOTE` for ASCII text, which the standard engine scans two to
#: three times as fast: ``\s`` spelt out (the standard engine's also takes \x1c-\x1f),
#: ``\p{L}`` as [A-Za-z], ``\p{N}`` and ``\d`` as [0-9], ``\p{Lu}`` as [A-Z]; the quotes
#: that open with a non-ASCII mark cannot match and are left out.
_ASCII_LINK = re.compile(r"(?<!!)\[(?P<inner>[^\[\]\n]{1,300})\]\((?P<url>[^()\t\n\x0b\x0c\r ]{0,800})\)")
#: The emphasis patterns likewise, the mark first so that the scan looks for it alone.
_ASCII_BOLD = re.compile(
    r"\*\*(?<![\w*]\*\*)(?=[^\t\n\x0b\x0c\r *])(?P<inner>[^*\n]{1,300}+)(?<=[^\t\n\x0b\x0c\r *])\*\*(?![\w*])"
)
_ASCII_ITALIC = re.compile(
    r"\*(?<![\w*]\*)(?=[^\t\n\x0b\x0c\r *])(?P<inner>[^*\n]{1,300}+)(?<=[^\t\n\x0b\x0c\r *])\*(?![\w*])"
)
_ASCII_QUOTE = re.compile(
    r"\"(?P<a>[^\"\n]{1,300}+)\""
    r"|(?<![A-Za-z0-9])'(?=[A-Z0-9])(?P<e>[^\n'‘’]{1,200}(?:'[A-Za-z][^\n'‘’]{0,200})?)"
    r"(?<=[^\t\n\x0b\x0c\r ])'(?![A-Za-z0-9])"
)
#: A necessary condition for an apostrophe or "‘" to open a :data:`_QUOTE` ('Title'), checked
#: with ASCII classes only: an ASCII letter or digit before it is a letter or digit for the
#: quote pattern too, and an ASCII character after it other than A-Z and 0-9 is neither an
#: upper-case letter nor a digit. (The mark comes first so that the scan looks for it alone.)
_APOSTROPHE_OPENER = re.compile(r"['‘](?<![A-Za-z0-9]['‘])(?=[A-Z0-9]|[^\x00-\x7f])")


class Frame(NamedTuple):
    """A marked-up span: ``start``/``end`` cover the markup, ``inner_*`` the text inside."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str  # "link", "bold", "italic", "quote"
    url: str = ""


@dataclass(slots=True)
class Line:
    """One line of the source with its role.

    Attributes:
        start, end: Offsets of the line in the source (``end`` excludes the newline).
        content_start: Offset after list, heading and block-quote markers (and a label such
            as "Astronomy: " shared by the items of its list).
        role: ``heading``, ``item`` (list item), ``text``, ``blank`` or ``meta`` (front
            matter, comment headers, rules, image lines: never searched).
        itemish: The line stands alone as one entry: a list item, a one-line paragraph, or
            one of a run of short lines.
    """

    start: int
    end: int
    content_start: int
    role: str
    itemish: bool = False
    bold_line: bool = False


def _segments(text: str, start: int, content: int, end: int, role: str) -> list[Line]:
    """A very long line cut into pieces of at most SEGMENT_MAX code points.

    Cuts fall after a sentence end or, failing that, at a space, so that every rule works on
    a bounded window and the cost stays linear however long the line (a mention straddling a
    cut in a megabyte-long line may be lost; real prose has sentence ends well within reach).
    """
    out: list[Line] = []
    seg = content
    first = True
    while seg < end:
        limit = min(end, seg + SEGMENT_MAX)
        cut = limit
        if limit < end:
            dot = text.rfind(". ", seg + SEGMENT_MAX // 2, limit)
            space = text.rfind(" ", seg + SEGMENT_MAX // 2, limit)
            cut = dot + 2 if dot >= 0 else (space + 1 if space >= 0 else limit)
        out.append(Line(start if first else seg, cut, seg, role if first else "text"))
        first = False
        seg = cut
    return out


def _front_matter_end(text: str) -> int:
    """End offset of a YAML (---) or TOML (+++) front-matter block at the very start."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            close = text.find("\n" + fence, len(fence))
            if 0 < close < 20000:
                nl = text.find("\n", close + 1 + len(fence))
                return len(text) if nl < 0 else nl
    return 0


#: First visible characters of the lines :data:`_META_START` can match: markup, rules, and the
#: initials of its labels (those need a colon too; "ſ" folds to "s").
_META_MARKUP = frozenset("*!]<[-=_+~#|")
_META_INITIALS = frozenset("OSVTCDPEURosvtcdpeurſ")


def _could_be_meta(raw: str) -> bool:
    r"""A necessary condition for ``_META_START.match(raw)``, far cheaper than the match.

    ``str.lstrip`` removes every character ``\s`` matches (and a few control characters no
    alternative of the pattern accepts), so the first character it leaves is the one the
    pattern must read after its leading ``\s*``.
    """
    first = raw.lstrip()[:1]
    return first in _META_MARKUP or (first in _META_INITIALS and ":" in raw)


def _could_be_meta_anywhere(raw: str) -> bool:
    """A necessary condition for ``_META_ANYWHERE.search(raw)``: its emoji or the slash of "u/"."""
    return "/" in raw or "⬆" in raw or "💬" in raw


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with roles; list items sharing "Label: " prefixes lose the label."""
    lines: list[Line] = []
    skip_until = _front_matter_end(text)
    meta_anywhere = _META_ANYWHERE.search(text) is not None
    pos = 0
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        end = length if nl < 0 else nl
        line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        raw = text[pos:line_end]
        if pos < skip_until:
            lines.append(Line(pos, line_end, line_end, "meta"))
        elif not raw.strip():
            lines.append(Line(pos, line_end, line_end, "blank"))
        elif len(raw) <= 2000 and (
            (_could_be_meta(raw) and _META_START.match(raw))
            or (meta_anywhere and _could_be_meta_anywhere(raw) and _META_ANYWHERE.search(raw))
        ):
            lines.append(Line(pos, line_end, line_end, "meta"))
        else:
            m = _MARKERS.match(raw)
            assert m is not None
            role = "heading" if m.group("heading") else "item" if m.group("bullet") else "text"
            content = pos + m.end()
            body = raw[m.end() :]
            if line_end - content <= SEGMENT_MAX:
                bold = body.startswith(("**", "__")) and _BOLD_LINE.match(body) is not None
                lines.append(Line(pos, line_end, content, role, bold_line=bold))
            else:
                lines.extend(_segments(text, pos, content, line_end, role))
        if nl < 0:
            break
        pos = nl + 1
    _mark_itemish(text, lines)
    _strip_labels(text, lines)
    return lines


def _mark_itemish(text: str, lines: list[Line]) -> None:
    """List items, one-line paragraphs and runs of short lines each stand alone as an entry."""
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if line.role == "item":
            line.itemish = True
            i += 1
            continue
        if line.role != "text":
            i += 1
            continue
        j = i
        while j < n and lines[j].role == "text":
            j += 1
        block = lines[i:j]
        prev_text = ""
        for b in block:
            body = text[b.content_start : b.end]
            b.itemish = len(body) <= 150 and not _continues(prev_text, body)
            prev_text = body
        i = j


_LAST_WORD = regex.compile(r"(\S+)\s*$")


def _continues(previous: str, body: str) -> bool:
    """Whether ``body`` carries on the sentence of the previous line (hard-wrapped prose)."""
    if not previous:
        return False
    if body[:1].islower():
        return True
    if previous.isprintable():
        # The space is then the only whitespace (all others are unprintable): no pattern needed.
        last = previous.rstrip(" ").rpartition(" ")[2]
        if not last:
            return False
    else:
        m = _LAST_WORD.search(previous)
        if m is None:
            return False
        last = m.group(1)
    return last[-1] in ",;-–—(" or (last[0].islower() and last[-1] not in '.!?:)"”')


def _strip_labels(text: str, lines: list[Line]) -> None:
    """Drop "Label: " prefixes when most items of a list carry one (subject labels, not authors).

    A label of several words is kept when it is not a field of study and the rest of its item
    names no author of its own ("- Albert Camus: The Plague"): there the label is the author.
    Subject labels ("- Ancient History: The Histories") and labels followed by an author
    ("- Astronomy: The Cosmic Perspective by Bennett", "Cosmology: Ryden's …") are dropped.
    """
    n = len(lines)
    i = 0
    while i < n:
        if lines[i].role != "item":
            i += 1
            continue
        j = i
        while j < n and lines[j].role in ("item", "blank"):
            j += 1
        items = [ln for ln in lines[i:j] if ln.role == "item"]
        labelled = [(ln, _LABEL.match(text, ln.content_start, ln.end)) for ln in items]
        hits = [(ln, m) for ln, m in labelled if m is not None]
        if len(hits) >= 2 and len(hits) * 5 >= len(items) * 3:
            for ln, m in hits:
                rest = text[m.end() : ln.end]
                label = m.group(1).strip()
                if " " in label and not is_subject_label(label) and not _OWN_AUTHOR.search(rest):
                    continue
                ln.content_start = m.end()
        i = j


def find_frames(text: str, start: int, end: int, body: str | None = None) -> list[Frame]:
    """Links, emphasis and quotes within ``text[start:end]`` (``body``, if the caller has it),
    in order, outermost first."""
    # Each pattern needs its own markup characters (two asterisks for italics, four for bold):
    # substring tests on the line rule out most patterns on most lines, and an apostrophe
    # ("it's", "workers'") lets the quote pattern run only where it could open a quote.
    if body is None:
        body = text[start:end]
    # (A test for one character, which stops at the first, runs faster than a count.)
    link = "](" in body
    stars = body.count("*") if "*" in body else 0
    under = "_" in body and body.count("_") >= 2
    ascii_body = body.isascii()
    if ascii_body:  # no curly or angle quote
        quote = '"' in body or ("'" in body and _APOSTROPHE_OPENER.search(body) is not None)
    else:
        quote = (
            '"' in body
            or "“" in body
            or "«" in body
            or "„" in body
            or (("'" in body or "‘" in body) and _APOSTROPHE_OPENER.search(body) is not None)
        )
    if not (link or stars >= 2 or under or quote):
        return []  # most lines: no pattern can match
    frames: list[Frame] = []
    ascii_text = ascii_body and text[start - 1 if start else 0 : start].isascii()  # all a pattern reads
    new = tuple.__new__  # Frame(...) without the call of its generated constructor
    if link:
        for m in (_ASCII_LINK if ascii_text else _LINK).finditer(text, start, end):
            s, e = m.span()
            i, j = m.span("inner")
            frames.append(new(Frame, (s, e, i, j, "link", m.group("url"))))
    if stars >= 2:
        if stars >= 4 and "**" in body:
            for m in (_ASCII_BOLD if ascii_text else _BOLD).finditer(text, start, end):
                s, e = m.span()
                i, j = m.span("inner")
                frames.append(new(Frame, (s, e, i, j, "bold", "")))
        for m in (_ASCII_ITALIC if ascii_text else _ITALIC).finditer(text, start, end):
            s, e = m.span()
            i, j = m.span("inner")
            frames.append(new(Frame, (s, e, i, j, "italic", "")))
    if under:
        for m in _UNDER.finditer(text, start, end):
            s, e = m.span()
            i, j = m.span("inner")
            frames.append(new(Frame, (s, e, i, j, "italic", "")))
    if quote:
        for m in (_ASCII_QUOTE if ascii_text else _QUOTE).finditer(text, start, end):
            s, e = m.span()
            group = m.lastgroup  # each alternative holds one group: the quote's inner text
            assert group is not None
            i, j = m.span(group)
            frames.append(new(Frame, (s, e, i, j, "quote", "")))
    if len(frames) > 1:
        frames.sort(key=_outermost_first)
    return frames


def _outermost_first(frame: Frame) -> tuple[int, int]:
    return (frame.start, -frame.end)
