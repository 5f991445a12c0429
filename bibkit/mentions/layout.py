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

from bibkit.mentions.lexicon import (
    COUNT_NOUNS,
    FUNCTION_WORDS,
    POST_ACTIONS,
    RANK_ALONE,
    RANK_NOUNS,
    RANK_QUALIFIERS,
    SENTENCE_STARTERS,
    is_date_phrase,
    is_subject_label,
)
from bibkit.mentions.titles import WHITESPACE

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
# Metadata lines: comment headers and vote counts anywhere in the line (looked for only in the
# lines that hold an emoji or "u/"), or a recognisable start (matched, not searched).
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
#: Markup a metadata line can open with only as a rule ("----", "* * *") or as "**r/sub".
_RULE_MARKUP = frozenset("*-=_+~#|")
_RULE_CHARS = WHITESPACE + "-=_*+~#|"


def _could_be_meta(raw: str, rest: str) -> bool:
    r"""A necessary condition for ``_META_START.match(raw)``, far cheaper than the match;
    ``rest`` is ``raw`` without its leading spaces and tabs.

    ``str.lstrip`` removes every character ``\s`` matches (and a few control characters no
    alternative of the pattern accepts), so the first character it leaves is the one the
    pattern must read after its leading ``\s*``. A line opening with rule markup can match
    only the rule alternative (then every character is whitespace or rule markup, the last
    one too) or ``**r/`` (in either case).
    """
    if rest[:1] in _WHITESPACE_FIRST:
        rest = raw.lstrip()  # more whitespace than spaces and tabs
    first = rest[:1]
    if first in _RULE_MARKUP:
        rule = raw[-1] in _RULE_CHARS and not raw.strip(_RULE_CHARS)
        return rule or rest.startswith(("**r/", "**R/"))
    return first in _META_MARKUP or (first in _META_INITIALS and ":" in raw)


def _is_meta_anywhere(raw: str) -> bool:
    """Whether ``_META_ANYWHERE.search(raw)`` finds something, mostly without the search.

    The emoji have no case, so a substring test finds them exactly; "Posted by u/" needs
    "u/" or "U/" (no other character folds to "u").
    """
    return (
        "⬆" in raw or "💬" in raw or (("u/" in raw or "U/" in raw) and _META_ANYWHERE.search(raw) is not None)
    )


#: Longest line (after its indentation) that forum software prints around a post.
_FURNITURE_MAX = 60
#: The last word of every line :func:`_furniture` accepts, but for quote headers (which end
#: with a colon or dots): the first test, so that other lines pay one lookup.
_FURNITURE_TAILS = COUNT_NOUNS | POST_ACTIONS | RANK_NOUNS
#: The ASCII characters a line :func:`_furniture` accepts may end with: the last letters of
#: those words in either case, the colon or dot of a header, those of a post time
#: (:data:`_TIME_LAST`), and whitespace (other lines
#: ending in an ASCII character are spared the call; a non-ASCII one may fold to a letter).
_FURNITURE_LAST = frozenset(
    "".join(w[-1] + w[-1].upper() for w in _FURNITURE_TAILS)
    + ":.0123456789mMo"
    + "".join(c for c in map(chr, range(128)) if c.isspace())
)
#: A quote or comment header: a poster's name of at most three words (no comma, which a
#: sentence would hold), then "said" or "wrote" and a colon or dots ("Brian J. said...").
_QUOTE_HEADER = re.compile(
    r"(?:([^\s,:]+(?:[ \t][^\s,:]+){0,2})[ \t]+)?(?:said|wrote)[ \t]*(?::|\.\.\.|…)[ \t]*"
)
#: The time of a post, after its date or alone ("March 24, 2010 at 9:15 AM", "9:15 pm"), or
#: its age ("3 years ago"). A date alone is no furniture: reading logs set one under a title.
_POST_TIME = re.compile(
    r"(?:(?P<date>[^:\n]{3,40}?)[ \t,]+(?:at[ \t]+)?)?\d{1,2}:\d\d(?::\d\d)?[ \t]*(?P<noon>[AaPp]\.?[Mm]\.?)?"
    r"|\d{1,3}[ \t]+(?:second|minute|hour|day|week|month|year)s?[ \t]+ago"
)
#: The characters a :data:`_POST_TIME` line ends with.
_TIME_LAST = frozenset("0123456789mMo.")
_FURNITURE_SEP = re.compile(r"[\s·•|]+")
_NUMBER = re.compile(r"\d[\d,.]*[kK]?")

#: What :func:`_furniture` finds: no furniture, furniture, or furniture printed just below
#: the poster's name (a rank, a post time, a bare "said:").
_NOT_FURNITURE, _FURNITURE, _BELOW_NAME = 0, 1, 2


def _furniture(rest: str) -> int:
    """Whether ``rest`` (a line after its indentation, at most :data:`_FURNITURE_MAX` long) is
    one that forum and comment software prints around posts, and whether the poster's name
    stands just above it.

    Reaction and vote counts ("1 Like", "12 points"), rows of buttons ("Like Reply"), member
    ranks ("Senior Member"), the time of a post ("March 24, 2010 at 9:15 AM", "2 days ago")
    and quote headers ("Lucy said:", "Brian J. said...") name no book,
    yet a bare line reads like a one-line reply naming one. A single button word is left
    alone, and a header whose "name" opens like a sentence or a phrase ("As Orwell wrote:",
    "I said:") is prose.
    """
    line = rest.rstrip()
    last = line[-1:]
    if last in _TIME_LAST and (":" in line or line.endswith("ago")):
        m = _POST_TIME.fullmatch(line)
        if m is not None:
            date = m.group("date")
            if date is None:  # a bare clock time may be a timestamp ("10:30"), an age is not
                return _BELOW_NAME if m.group("noon") or line[-1] == "o" else _NOT_FURNITURE
            return _BELOW_NAME if is_date_phrase(date) else _NOT_FURNITURE
    if last == ":" or last == "." or last == "…":
        m = _QUOTE_HEADER.fullmatch(line) if "said" in line or "wrote" in line else None
        if m is None:
            return _NOT_FURNITURE
        name = m.group(1)
        if name is None:
            return _BELOW_NAME  # "said:" alone, under the name
        first = name.split()[0].casefold()
        return _NOT_FURNITURE if first in SENTENCE_STARTERS or first in FUNCTION_WORDS else _FURNITURE
    if line[line.rfind(" ") + 1 :].casefold() not in _FURNITURE_TAILS:
        return _NOT_FURNITURE
    words = _FURNITURE_SEP.split(line.casefold())
    if words[-1] in RANK_NOUNS:
        qualifiers = words[:-1]
        if (qualifiers or words[-1] in RANK_ALONE) and all(w in RANK_QUALIFIERS for w in qualifiers):
            return _BELOW_NAME
        return _NOT_FURNITURE
    counted = False
    for i, word in enumerate(words):
        if _NUMBER.fullmatch(word) is not None:
            if i + 1 >= len(words) or words[i + 1] not in COUNT_NOUNS:
                return _NOT_FURNITURE
            counted = True
        elif word not in COUNT_NOUNS and word not in POST_ACTIONS:
            return _NOT_FURNITURE
    return _FURNITURE if counted or len(words) >= 2 else _NOT_FURNITURE


#: Longest line (in code points) that may be a poster's name above a rank or header.
_NAME_MAX = 32


def _drop_name_above(text: str, lines: list[Line]) -> None:
    """Make the poster's name above a rank, a post time or a bare "said:" line metadata.

    The name is the nearest line above that is not blank (at most two blank lines between),
    when it is a short text line of at most three words: the structure, not the shortness,
    says it is a name (a one-word reply naming a book stays a text line elsewhere).
    """
    for back in range(1, 4):
        if back > len(lines):
            return
        line = lines[-back]
        if line.role == "blank":
            continue
        body = text[line.content_start : line.end].strip()
        if line.role == "text" and len(body) <= _NAME_MAX and len(body.split()) <= 3:
            lines[-back] = Line(line.start, line.end, line.end, "meta")
        return


def _date_prefix(body: str) -> int:
    """Length of the date that opens ``body`` before a colon ("Jul 26 2011: "), or 0.

    Comment sections print the date of each reply before it; the reply itself follows the
    colon. A single month ("January: ...") is a label of a reading log, left to the rules.
    """
    colon = body.find(": ", 0, 40)
    if colon < 0 or not is_date_phrase(body[:colon]):
        return 0
    return len(body) - len(body[colon + 1 :].lstrip(" \t"))


#: The characters ``str.lstrip`` removes (all below U+3001).
_WHITESPACE_FIRST = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
#: First characters of the lines :func:`_could_be_meta` may accept: those it reads after
#: ``str.lstrip`` and every character ``str.lstrip`` removes.
_META_FIRST = _META_MARKUP | _META_INITIALS | _WHITESPACE_FIRST


#: First characters after the indentation that no list, heading or quote marker starts with:
#: ASCII other than spaces, digits, capitals and marker characters (the capital of a "Day 2:"
#: label may be any ``\p{Lu}``, the digit any ``\d``, so other characters are left to the
#: pattern).
_PLAIN_FIRST = frozenset(chr(c) for c in range(128)) - frozenset(
    " \t>#*+-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_ASCII_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


_BULLETS = frozenset("*+-•·")
_DIGITS = frozenset("0123456789")
_NUMBER_ENDS = frozenset(".)-–")


def _quick_markers(rest: str) -> tuple[str, str] | None:
    r"""The role of a line and its body after the markers, read without :data:`_MARKERS` when
    the first characters of ``rest`` (the line after its indentation) settle them; else None.

    A heading is one to six "#" and blanks; a list bullet may follow it (see
    :func:`_quick_bullet`). Quotes (">") are left to the pattern.
    """
    if rest[0] == "#":
        marks = len(rest) - len(rest.lstrip("#"))
        if marks > 6 or rest[marks : marks + 1] not in (" ", "\t"):
            return "text", rest  # no heading, and "#" opens no bullet
        found = _quick_bullet(rest[marks:].lstrip(" \t"))
        return None if found is None else ("heading", found[1])
    found = _quick_bullet(rest)
    return None if found is None else ("item" if found[0] else "text", found[1])


def _quick_bullet(rest: str) -> tuple[bool, str] | None:
    r"""Whether ``rest`` opens with a list bullet, and what follows the bullet and its blanks;
    None when the first characters do not settle it.

    A bullet is a bullet character, a number of at most three digits ending in one of
    ``.)-–`` or in "/" and at most three digits, or a numbered label; all need a blank after
    them, and all the blanks there belong to the marker. The capital of a label may be any
    ``\p{Lu}`` and a digit any ``\d``, so other non-ASCII characters are left to the pattern;
    a label's ``:`` or ``.`` falls within its first 16 characters (capital, at most 9
    lower-case letters, a blank, at most 3 digits, a blank).
    """
    first = rest[:1]
    if first in _PLAIN_FIRST:
        return False, rest
    if first in _ASCII_CAPITALS:
        head = rest[:16]
        return (False, rest) if ":" not in head and "." not in head else None
    if first in _BULLETS:
        blank = rest[1:2]
        return (True, rest[1:].lstrip(" \t")) if blank == " " or blank == "\t" else (False, rest)
    if first not in _DIGITS:
        return None
    i = 1
    while i < 4 and rest[i : i + 1] in _DIGITS:
        i += 1
    if i == 4:
        return False, rest  # four digits: none of them can end the number
    mark = rest[i : i + 1]
    if mark == "/":
        j = i + 1
        while rest[j : j + 1] in _DIGITS:
            j += 1
        mark = rest[j : j + 1]
        if j - i - 1 <= 3 and (mark == " " or mark == "\t"):
            return True, rest[j:].lstrip(" \t")
    elif mark in _NUMBER_ENDS:
        blank = rest[i + 1 : i + 2]
        return (True, rest[i + 1 :].lstrip(" \t")) if blank == " " or blank == "\t" else (False, rest)
    # No bullet, unless the character after the digits is a non-ASCII digit.
    return (False, rest) if mark.isascii() else None


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with roles; list items sharing "Label: " prefixes lose the label.

    One pass over ``text.split("\n")`` sets the roles and marks the lines that stand alone
    as entries (see :func:`_mark_itemish`); labels are stripped in a second pass over the
    list items. Cheap tests on the first characters (:func:`_could_be_meta`,
    :func:`_quick_markers`) spare most lines the metadata and marker patterns.
    """
    lines: list[Line] = []
    append = lines.append
    lists: list[list[Line]] = []  # the items of each list (blank lines may separate them)
    in_list = False
    skip_until = _front_matter_end(text)
    has_cr = "\r" in text
    pos = 0
    prev_text = ""  # the body of the previous line while it is an ordinary text line
    for raw in text.split("\n"):
        start = pos
        n = len(raw)
        pos += n + 1
        if has_cr and raw[-1:] == "\r":
            raw = raw[:-1]
            n -= 1
        end = start + n
        if start < skip_until:
            append(Line(start, end, end, "meta"))
            prev_text = ""
            in_list = False
            continue
        if not n or raw.isspace():  # the same characters str.strip removes
            append(Line(start, end, end, "blank"))
            prev_text = ""
            continue
        first = raw[0]
        rest = raw.lstrip(" \t") if first == " " or first == "\t" else raw  # after the indentation
        lead = rest[0]
        if n <= 2000 and (
            (
                # What _could_be_meta answers, read from the first character when that settles it
                # (neither whitespace nor markup nor the initial of a label: not metadata).
                (":" in raw if lead in _META_INITIALS else lead in _META_FIRST and _could_be_meta(raw, rest))
                and _META_START.match(raw)
            )
            or (
                # The substrings _is_meta_anywhere needs, "/" first: most lines have none.
                (("/" in raw and ("u/" in raw or "U/" in raw)) or "⬆" in raw or "💬" in raw)
                and _is_meta_anywhere(raw)
            )
        ):
            append(Line(start, end, end, "meta"))
            prev_text = ""
            in_list = False
            continue
        if len(rest) <= _FURNITURE_MAX and (rest[-1] in _FURNITURE_LAST or not rest[-1].isascii()):
            furniture = _furniture(rest)
            if furniture:
                if furniture == _BELOW_NAME:
                    _drop_name_above(text, lines)
                append(Line(start, end, end, "meta"))
                prev_text = ""
                in_list = False
                continue
        if lead in _PLAIN_FIRST:
            role = "text"
            body = rest
            bold = lead == "_" and body[:2] == "__" and _BOLD_LINE.match(body) is not None
        else:
            quick = _quick_markers(rest)
            if quick is not None:
                role, body = quick
            else:
                m = _MARKERS.match(raw)
                assert m is not None
                heading, bullet = m.groups()
                role = "heading" if heading else "item" if bullet else "text"
                body = raw[m.end() :]
            bold = body[:2] in ("**", "__") and _BOLD_LINE.match(body) is not None
            if ":" in body:  # (a date opens with a digit or a capital: never a plain line)
                body = body[_date_prefix(body) :]  # the reply after "Jul 26 2011: "
        size = len(body)
        content = end - size
        if size > SEGMENT_MAX:
            segments = _segments(text, start, content, end, role)
            prev_text = _mark_itemish(text, segments, prev_text)
            if role == "item":
                if not in_list:
                    lists.append([])
                lists[-1].append(segments[0])
            in_list = role == "item" and len(segments) == 1
            lines.extend(segments)
            continue
        if role == "text":
            append(Line(start, end, content, role, size <= 150 and not _continues(prev_text, body), bold))
            prev_text = body
            in_list = False
        elif role == "item":
            line = Line(start, end, content, role, True, bold)
            append(line)
            if not in_list:
                lists.append([])
                in_list = True
            lists[-1].append(line)
            prev_text = ""
        else:
            append(Line(start, end, content, role, False, bold))
            prev_text = ""
            in_list = False
    for items in lists:
        if len(items) >= 2:
            _strip_labels(text, items)
    return lines


def _mark_itemish(text: str, lines: list[Line], prev_text: str) -> str:
    """Mark which of ``lines`` stand alone as entries: list items, one-line paragraphs, runs of
    short lines. A text line stands alone when it is short and does not carry on the sentence
    of the text line just before it, whose body is ``prev_text`` ("" when there is none).

    :func:`split_lines` applies the same rule inline as it reads the lines; this serves the
    pieces of a very long line. Returns the body of the last line when it is a text line.
    """
    for line in lines:
        if line.role == "text":
            body = text[line.content_start : line.end]
            line.itemish = len(body) <= 150 and not _continues(prev_text, body)
            prev_text = body
        else:
            line.itemish = line.role == "item"
            prev_text = ""
    return prev_text


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


def _strip_labels(text: str, items: list[Line]) -> None:
    """Drop "Label: " prefixes when most items of a list carry one (subject labels, not authors).

    A label of several words is kept when it is not a field of study and the rest of its item
    names no author of its own ("- Albert Camus: The Plague"): there the label is the author.
    Subject labels ("- Ancient History: The Histories") and labels followed by an author
    ("- Astronomy: The Cosmic Perspective by Bennett", "Cosmology: Ryden's …") are dropped.
    ``items`` are the items of one list (only blank lines between them).
    """
    labelled = [(ln, _LABEL.match(text, ln.content_start, ln.end)) for ln in items]
    hits = [(ln, m) for ln, m in labelled if m is not None]
    if len(hits) >= 2 and len(hits) * 5 >= len(items) * 3:
        for ln, m in hits:
            rest = text[m.end() : ln.end]
            label = m.group(1).strip()
            if " " in label and not is_subject_label(label) and not _OWN_AUTHOR.search(rest):
                continue
            ln.content_start = m.end()


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
