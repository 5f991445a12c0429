"""What a title looks like: capitalisation, length, and how to clean one for a Mention.

People capitalise titles ("Age of Anger", "The Logic of Desire") and not ordinary phrases
("strangle the infant Bolshevism in its crib"), so title case is the main evidence for an
unmarked or quoted span being a title. Scripts without case (CJK) are judged by other cues.
"""

from __future__ import annotations

import html
import re

import regex

from bibkit.mentions.lexicon import FUNCTION_WORDS

__all__ = [
    "WHITESPACE",
    "WORD_RE",
    "YEAR",
    "clean_title",
    "first_lower_word",
    "first_word",
    "has_cjk",
    "is_shouted",
    "is_title_case",
    "is_title_case_words",
    "parse_year",
    "split_subtitle",
    "words",
]

#: A word: letters/digits with inner apostrophes, hyphens, dots ("O'Rourke", "Wind-Up", "Vol.").
WORD_RE = regex.compile(r"[\p{L}\p{N}&][\p{L}\p{N}'’+#-]{0,40}+")
#: :data:`WORD_RE` for ASCII text, where ``\p{L}`` is ``[A-Za-z]`` and ``\p{N}`` is ``[0-9]``.
#: Most lines are ASCII, and the standard engine scans these classes several times faster
#: than ``regex`` tests Unicode properties.
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9&][A-Za-z0-9'+#-]{0,40}+")


def _lower_word_alternation(vocabulary: frozenset[str]) -> str:
    """A pattern for the ASCII words of ``vocabulary`` written with a lower-case first letter
    and the rest in any case (a word is compared casefolded), grouped by first letter: the
    standard engine skips a branch whose first letter differs without entering it, so the
    test costs little more than one letter comparison per branch.
    """
    rests: dict[str, list[str]] = {}
    for word in sorted(w for w in vocabulary if w.isascii() and w.isalpha()):
        rests.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, tails in rests.items():
        longer = sorted((t for t in tails if t), key=lambda t: (-len(t), t))
        if not longer:
            branches.append(first)
        else:
            branches.append(f"{first}(?i:{'|'.join(longer)})" + ("?" if "" in tails else ""))
    return "|".join(branches)


#: Reads ASCII text word by word (the words of :data:`_ASCII_WORD_RE`) over capitalised words,
#: function words and what lies between words, and stops on the first letter of the first
#: ordinary lower-case word: :func:`first_lower_word` of ASCII text in one call. A function
#: word is far shorter than the 41 characters after which a word is cut, so it is a whole run
#: of word characters.
_ASCII_FIRST_LOWER = re.compile(
    r"(?:[^A-Za-z0-9&]++|[A-Z0-9&][A-Za-z0-9'+#-]{0,40}+"
    rf"|(?:{_lower_word_alternation(FUNCTION_WORDS)})(?![A-Za-z0-9'+#-]))*+[a-z]"
)
_CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
#: A plausible publication year, 1500–2049: the one definition every year pattern uses.
YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"
_YEAR_RE = regex.compile(rf"(?<!\d)({YEAR})(?!\d)")
_MARKUP_EDGE = regex.compile(r"^[\s*_\[\]\"'“”‘’«»„‚‹›`]+|[\s*_\[\]\"'“”‘’«»„‚‹›`]+$")
_TRAILING = regex.compile(r"[\s.,;:!\-–—]+$")
_SPACE = regex.compile(r"\s+")
#: The characters ``\s`` matches (Unicode White_Space), for ``str.strip``.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_MARKUP_EDGE_CHARS = WHITESPACE + "*_[]\"'“”‘’«»„‚‹›`"
_TRAILING_CHARS = WHITESPACE + ".,;:!-–—"


def words(text: str, *, ascii_text: bool = False) -> list[str]:
    """The words of ``text`` (punctuation dropped); ``ascii_text`` tells that it is ASCII."""
    return _ASCII_WORD_RE.findall(text) if ascii_text or text.isascii() else WORD_RE.findall(text)


def first_word(
    text: str, start: int, end: int, *, ascii_text: bool = False
) -> re.Match[str] | regex.Match[str] | None:
    """The first word of ``text[start:end]`` (``WORD_RE.search``), None if it holds none.

    ``ascii_text`` tells that the span is ASCII, where the standard engine finds the same word
    (see :data:`_ASCII_WORD_RE`) in a fraction of the time.
    """
    return (_ASCII_WORD_RE if ascii_text else WORD_RE).search(text, start, end)


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean script (ASCII text is answered at once)."""
    return not text.isascii() and _CJK_RE.search(text) is not None


def first_lower_word(text: str, start: int, end: int, *, ascii_text: bool = False) -> int:
    """Offset of the first ordinary lower-case word in ``text[start:end]`` (``end`` if none).

    Function words do not count. Title-case tests fail at this word, so callers use it to
    give up on an ordinary sentence after reading only its first few words. ``ascii_text``
    tells that the span is known to be ASCII (it is not tested again).
    """
    if ascii_text or text[start:end].isascii():
        found = _ASCII_FIRST_LOWER.match(text, start, end)
        return end if found is None else found.end() - 1
    for m in WORD_RE.finditer(text, start, end):
        word = m.group()
        first = word[0]  # _is_capital_word, inlined: this loop runs over most list lines
        if not (first.isupper() or first.isdigit() or first == "&") and word.casefold() not in FUNCTION_WORDS:
            return m.start()
    return end


def _is_capital_word(word: str) -> bool:
    first = word[0]
    return first.isupper() or first.isdigit() or (first == "&")


def is_title_case(text: str, *, max_words: int = 16, allowed_lower: int = 0) -> bool:
    """Whether ``text`` is capitalised like a title: first word capitalised, every other
    non-function word capitalised (``allowed_lower`` exceptions), and not too long.

    Shouted text ("PURE EVIL HE WAS A MONSTER") is not title case. Most phrases tested are
    ordinary sentences, so the word loop stops at the first word that rules the phrase out
    rather than classifying every word.
    """
    return is_title_case_words(words(text), max_words=max_words, allowed_lower=allowed_lower)


def is_shouted(ws: list[str]) -> bool:
    """Whether most capitalised words of ``ws`` are in capitals, three at least ("PURE EVIL
    HE WAS"): the shouting that :func:`is_title_case_words` rules out. Counting upper-case
    words with ``map`` runs in C and usually settles it, since such a word is all capitals.
    """
    if sum(map(str.isupper, ws)) < 3:
        return False
    capitalised = all_caps = 0
    for word in ws:
        if _is_capital_word(word):
            capitalised += 1
            if len(word) > 1 and word.isupper():
                all_caps += 1
    return all_caps >= 3 and all_caps * 2 > capitalised


def is_title_case_words(ws: list[str], *, max_words: int = 16, allowed_lower: int = 0) -> bool:
    """:func:`is_title_case` of a phrase whose :func:`words` are ``ws``."""
    if not ws or len(ws) > max_words or not _is_capital_word(ws[0]):
        return False
    lower = 0
    capitalised = 0
    all_caps = 0
    for word in ws:
        first = word[0]
        if first.isupper() or first.isdigit() or first == "&":
            capitalised += 1
            if len(word) > 1 and word.isupper():
                all_caps += 1
        elif word.casefold() not in FUNCTION_WORDS:
            lower += 1
            if lower > allowed_lower:
                return False
    return not (all_caps >= 3 and all_caps * 2 > capitalised)


def clean_title(raw: str) -> str:
    """A title without markup, surrounding quotes, HTML entities or trailing punctuation.

    A final "?" is kept: it belongs to titles such as "What Unites Us?".
    """
    # Plain strips with the character sets of _MARKUP_EDGE and _TRAILING (which remove the
    # same edge runs), and no whitespace folding where nothing would be folded: every
    # whitespace character but the space is unprintable.
    title = html.unescape(raw)
    title = title.strip(_MARKUP_EDGE_CHARS)
    title = title.replace("*", "").replace("__", "")
    if "  " in title or not title.isprintable():
        title = _SPACE.sub(" ", title)
    title = title.strip()
    keep_question = title.endswith("?")
    title = title.rstrip(_TRAILING_CHARS)
    title = title.strip(_MARKUP_EDGE_CHARS)
    if keep_question and not title.endswith("?"):
        title += "?"
    return title


def split_subtitle(title: str) -> tuple[str, str | None]:
    """("Red Petrograd", "Revolution in the Factories") from "Red Petrograd: Revolution in the Factories".

    Only a colon followed by more words is a clear separator; dashes are too often part of
    the title itself ("Wind-Up", "1917-1923").
    """
    head, sep, tail = title.partition(": ")
    if sep and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return title, None


def parse_year(text: str) -> int | None:
    """A plausible publication year (1500-2049) standing alone in ``text``."""
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None
