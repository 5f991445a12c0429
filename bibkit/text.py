"""Text as bibkit stores it and as it compares it: the one place text is normalised.

Two normalisations live here. :func:`clean` is what bibkit *stores* (every output and the name
parser use it). :func:`fold` and :func:`normalize_title` are what bibkit *compares*: scoring,
the sources' checks of a returned record, the catalogue index and record identity fold text
the same way, so that two spellings one of them calls equal, every other one does too.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from anyascii import anyascii

from bibkit import safetext

__all__ = [
    "CJK",
    "EDITION_NOTE",
    "FORMAT_NOTE",
    "SERIES_NOTE",
    "SUBTITLE_SPLIT",
    "clean",
    "fold",
    "normalize_title",
    "spell_latin",
    "spell_ordinals",
]

_WHITESPACE = re.compile(r"\s+")
#: Unicode category Cc: exactly these code points.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text as bibkit stores it in any output: NFC, control characters as spaces, one line.

    Line breaks would start a new paragraph in TeX (or a new record in RIS), so all runs of
    whitespace and control characters become one space; escape sequences and bidi overrides
    go first, whole (:func:`bibkit.safetext.clean`).
    """
    text = unicodedata.normalize("NFC", safetext.clean(text))
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


# Leading articles of the languages the annotated texts are written in (English, German,
# French, Spanish, Portuguese, Italian): "O Holocausto Brasileiro" is "Holocausto Brasileiro".
_ARTICLES = re.compile(
    r"^(?:the|a|an|der|die|das|ein|eine|le|la|les|un|une|el|los|las|una|o|os|um|uma|il|lo|gli|uno)\s+"
)
_NON_WORD = re.compile(r"[^\w\s]+")
_APOSTROPHE = re.compile(r"(\w)['’](\w)")
FORMAT_NOTE = re.compile(
    r"\s*[(\[][^)\]]*\b(?:edition|ed\.|boxed set|box set|books|classics|series|library|paperback|"
    r"hardcover|kindle|vol(?:ume)?\.?\s*\d+|#\s*\d+)[^)\]]*[)\]]",
    re.IGNORECASE,
)
"""A bracketed note that describes a format, not a title ("(Kindle Edition)", "(Opus Books)")."""
SUBTITLE_SPLIT = re.compile(r"\s*[:;]\s+|\s+(?:--|[-–—])\s+")
"""Where a title ends and its subtitle begins ("Title: Subtitle", "Title - Subtitle", "Title --
Subtitle" as a plain-text list writes a dash)."""
EDITION_NOTE = re.compile(
    r"(?:,\s*|\s+)(?:\d+\s*(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|revised|updated|expanded)\s+ed(?:ition|n)?\b\.?"
    r"|\s*[(（]?(?:原书|原書)?第\s*[\d一二三四五六七八九十]+\s*版[)）]?|\s*[(（]?(?:中文版|修订版|修訂版)[)）]?",
    re.IGNORECASE,
)
"""An edition statement in a title, which names the edition, not the work: "Clojure in
Action, 2nd Ed", "Cracking the Coding Interview, 6th Edition", "第3版", "原书第 2 版",
"中文版" (the Chinese edition)."""
SERIES_NOTE = re.compile(
    r"(?<=\w)\s+(?:trilogy|series|saga|novels|books|cycle|sequence|quartet|duology)$", re.IGNORECASE
)
"""A word saying the title names a series: "Powder Mage trilogy", "the Culture novels"."""


def fold(text: str, *, plain: bool = False) -> str:
    """Lower-case, strip diacritics, markup and punctuation, fold whitespace.

    Args:
        text: Any text.
        plain: Take the text as plain characters: no HTML entity decoded, and an apostrophe
            and "&" are punctuation like any other ("Cat's" → "cat s"). The decisions a person
            saves are keyed so (:func:`bibkit.review.mention_key`), and a saved key must stay
            the key of its mention.

    Short texts are cached: the same titles and names are folded for every candidate they are
    compared with.
    """
    return _fold_cached(text, plain) if len(text) <= _FOLD_CACHED_LENGTH else _fold(text, plain)


_FOLD_CACHED_LENGTH = 300


def _fold(text: str, plain: bool) -> str:
    if not plain:
        if "&" in text:
            text = html.unescape(html.unescape(text))
        text = _APOSTROPHE.sub(r"\1\2", text)  # "Cat's" = "Cats"
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = (text if plain else text.replace("&", " and ")).replace("_", " ")
    return _WHITESPACE.sub(" ", _NON_WORD.sub(" ", stripped.casefold())).strip()


_fold_cached = functools.lru_cache(maxsize=16384)(_fold)


_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)


def _ordinal_words(match: re.Match[str]) -> str:
    """ "21st" → "twenty-first", as titles spell centuries out ("The Twenty-First Century")."""
    n = int(match.group(1))
    words = [_UNITS[n]] if n < 20 else [_TENS[n // 10]] + ([_UNITS[n % 10]] if n % 10 else [])
    last = words[-1]
    words[-1] = _ORDINAL_UNITS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return "-".join(words)


def spell_latin(text: str) -> str:
    """``text`` with its Latin letters in ASCII (anyascii: "ı" → "i", "ł" → "l", "ß" → "ss"),
    other scripts as they are.

    :func:`fold` takes off the marks Unicode can separate from their letter ("é", "ş"), not
    the letters that are one character ("ı", "ł", "ø"): a Turkish title in capitals
    ("BALIKÇI VE OĞLU") and as a catalogue writes it ("Balıkçı ve Oğlu") then differ.
    """
    if text.isascii():
        return text
    return "".join(
        anyascii(c) if not c.isascii() and c.isalpha() and _is_latin(c) else c for c in text
    )


@functools.lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def spell_ordinals(text: str) -> str:
    """Ordinal numbers written with digits spelt out in words ("21st" → "twenty-first")."""
    return _ORDINAL.sub(_ordinal_words, text)


CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Chinese characters and Japanese kana, for character classes: scripts written without
spaces between words."""
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_CJK_SPACE = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")


def normalize_title(title: str) -> str:
    """Title for comparison: format notes dropped, folded, "vol." spelled out, no leading article.

    Latin letters that carry no separable mark are spelt as people without them spell them
    ("Balıkçı" = "BALIKÇI" = "Balikci", "ł", "ø", "ß"; :func:`spell_latin`). A space next to
    a Chinese character or kana is left out: Chinese and Japanese write no spaces between
    words, and whether a text puts one around a Latin word ("Java 设计模式", "Java设计模式") is
    typography, not another title. A number stands apart from the word before it ("Deep
    Learning②", "Deep Learning 2").
    """
    title = spell_ordinals(FORMAT_NOTE.sub("", title))
    folded = fold(spell_latin(title))
    folded = re.sub(r"\bvol\b", "volume", folded)
    return _CJK_SPACE.sub("", _LETTER_DIGIT.sub(" ", _ARTICLES.sub("", folded)))
