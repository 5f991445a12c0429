"""Citation keys in Better BibTeX's style, so keys are the ones Zotero users already expect.

The default pattern is Better BibTeX's default formula ``auth.lower + shorttitle(3,3) + year``:
the first creator's last name in lower case, the first three significant title words with
capitals, and the edition's year (``deutscherProphetArmedTrotsky1954``). Keys are folded to
ASCII and made unique against every key already in use, compared case-insensitively (BibTeX and
biber both do), by adding ``a``, ``b``, … ``z``, ``aa`` as Better BibTeX does.

Pattern language (a subset of Better BibTeX's formulas): terms joined by ``+``; each term is a
function with optional arguments and ``.filter`` calls, or a quoted literal.

* functions: ``auth`` (first creator's last name), ``authors(n)`` (up to n last names, default
  all), ``title`` (all significant words), ``shorttitle(n,m)`` (n words, first m capitalised),
  ``veryshorttitle(n,m)`` (default 1,1), ``year``, ``origyear``, ``isbn``;
* filters: ``lower``, ``upper``, ``capitalize``, ``substring(start,length)`` (1-based),
  ``prefix(text)``, ``postfix(text)`` (only when the value is not empty).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bibkit.errors import ConfigError
from bibkit.model import Book
from bibkit.names import parse_name

__all__ = ["DEFAULT_PATTERN", "KeyAllocator", "KeyPattern", "fold_ascii", "title_words"]

DEFAULT_PATTERN = "auth.lower + shorttitle(3,3) + year"

#: Better BibTeX's default skip words (preferences.yaml ``skipWords``).
SKIP_WORDS = frozenset(
    """a ab aboard about above across after against al along amid among an and anti around as at before
    behind below beneath beside besides between beyond but by d da das de del dell dello dei degli della
    delle dem den der des despite die do down du during ein eine einem einen einer eines el en et except
    for from gli i il in inside into is l la las le les like lo los near nor of off on onto or over past
    per plus round save since so some sur than the through to toward towards un una unas under underneath
    une unlike uno unos until up upon versus via von while with within without yet zu zum""".split()  # noqa: SIM905 - the list as Better BibTeX writes it
)

#: Russian transliteration as the npm ``transliteration`` package writes it (Better BibTeX's folding).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
        "a b v g d e yo zh z i y k l m n o p r s t u f h c ch sh sh _ y _ e yu ya i yi ye g u".split(),  # noqa: SIM905
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),  # noqa: SIM905
        strict=True,
    )
)
_SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
#: Characters Better BibTeX deletes from keys, plus what BibTeX and biber cannot read in a key.
_UNSAFE = re.compile(r"[^A-Za-z0-9_:.+-]")


def _from_table(ch: str) -> str | None:
    lower = ch.lower()
    for table in (_CYRILLIC, _GREEK, _SPECIAL):
        if lower in table:
            out = table[lower].replace("_", "")
            return out.capitalize() if ch != lower else out
    return None


def _fold_char(ch: str) -> str:
    """One character in ASCII: from the tables, else its decomposition without marks."""
    direct = _from_table(ch)
    if direct is not None:
        return direct
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        out.append(c if c.isascii() else (_from_table(c) or ""))
    return "".join(out)


def fold_ascii(text: str) -> str:
    """ASCII transliteration for keys: diacritics dropped, Cyrillic and Greek transliterated."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def _strip_word(word: str) -> str:
    """Delete punctuation and dashes inside a word, as Better BibTeX's ``titleWords`` does."""
    return "".join(c for c in word if unicodedata.category(c)[0] not in "PSZC" or c in "+")


def title_words(title: str) -> list[str]:
    """Significant title words: no skip words, no one-letter words (digits excepted)."""
    text = re.sub(r"[:/\s]+", " ", title.replace('"', ""))
    words = []
    for raw in text.split(" "):
        word = fold_ascii(_strip_word(raw))
        word = _UNSAFE.sub("", word)
        if not word or word.casefold() in SKIP_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        words.append(word)
    return words


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def _creators(book: Book) -> tuple[str, ...]:
    return book.authors or book.editors or book.translators


def _last(name: str) -> str:
    return parse_name(name).last


_Function = Callable[[Book, list[str]], str]


def _int(args: list[str], index: int, default: int) -> int:
    try:
        return int(args[index]) if len(args) > index and args[index] else default
    except ValueError as err:
        raise ConfigError(f"key pattern: {args[index]!r} is not a number") from err


def _shorttitle(book: Book, args: list[str], n: int, m: int) -> str:
    words = title_words(book.full_title)[: _int(args, 0, n)]
    caps = _int(args, 1, m)
    return "".join(_capitalize(w) if i < caps else w for i, w in enumerate(words))


_FUNCTIONS: dict[str, _Function] = {
    "auth": lambda b, a: _last(_creators(b)[0]).replace(" ", "") if _creators(b) else "",
    "authors": lambda b, a: "".join(
        _last(n).replace(" ", "") for n in _creators(b)[: _int(a, 0, len(_creators(b)))]
    ),
    "title": lambda b, a: "".join(_capitalize(w) for w in title_words(b.full_title)),
    "shorttitle": lambda b, a: _shorttitle(b, a, 3, 3),
    "veryshorttitle": lambda b, a: _shorttitle(b, a, 1, 1),
    "year": lambda b, a: str(b.year) if b.year else "",
    "origyear": lambda b, a: str(b.original_year) if b.original_year else "",
    "isbn": lambda b, a: b.isbn13 or "",
}

_Filter = Callable[[str, list[str]], str]
_FILTERS: dict[str, _Filter] = {
    "lower": lambda v, a: v.lower(),
    "upper": lambda v, a: v.upper(),
    "capitalize": lambda v, a: _capitalize(v),
    "substring": lambda v, a: v[_int(a, 0, 1) - 1 :][: _int(a, 1, len(v))],
    "prefix": lambda v, a: (a[0] if a else "") + v if v else v,
    "postfix": lambda v, a: v + (a[0] if a else "") if v else v,
}

#: A ``+`` outside quotes.
_PLUS = re.compile(r"\+(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)")
_CALL = re.compile(r"\s*([A-Za-z]+)\s*(?:\(([^()]*)\))?\s*")


@dataclass(frozen=True, slots=True)
class _Term:
    literal: str | None
    function: str
    args: list[str]
    filters: list[tuple[str, list[str]]]


def _args(text: str | None) -> list[str]:
    return [a.strip().strip("\"'") for a in text.split(",")] if text else []


def _parse_term(text: str, pattern: str) -> _Term:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return _Term(literal=text[1:-1], function="", args=[], filters=[])
    calls = []
    for piece in re.split(r"\.(?![^()]*\))", text):
        match = _CALL.fullmatch(piece)
        if match is None:
            raise ConfigError(f"key pattern {pattern!r}: cannot read {piece!r}")
        calls.append((match.group(1), _args(match.group(2))))
    (function, args), filters = calls[0], calls[1:]
    if function not in _FUNCTIONS:
        known = ", ".join(_FUNCTIONS)
        raise ConfigError(f"key pattern {pattern!r}: unknown function {function!r} (known: {known})")
    for name, _ in filters:
        if name not in _FILTERS:
            known = ", ".join(_FILTERS)
            raise ConfigError(f"key pattern {pattern!r}: unknown filter {name!r} (known: {known})")
    return _Term(literal=None, function=function, args=args, filters=filters)


class KeyPattern:
    """A compiled key pattern; ``KeyPattern()(book)`` gives the book's key before uniqueness.

    Raises:
        ConfigError: The pattern uses an unknown function or filter, or cannot be read.
    """

    def __init__(self, pattern: str = DEFAULT_PATTERN) -> None:
        self.pattern = pattern
        self._terms = [_parse_term(t, pattern) for t in _PLUS.split(pattern)]

    def __call__(self, book: Book) -> str:
        out = []
        for term in self._terms:
            if term.literal is not None:
                out.append(term.literal)
                continue
            value = fold_ascii(_FUNCTIONS[term.function](book, term.args))
            for name, args in term.filters:
                value = _FILTERS[name](value, args)
            out.append(value)
        return _UNSAFE.sub("", fold_ascii("".join(out))) or "anon"


def _postfix(n: int) -> str:
    """``a`` … ``z``, ``aa``, ``ab`` …: Better BibTeX's (spreadsheet-column) clash postfixes."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


class KeyAllocator:
    """Hands out keys that are unique, case-insensitively, against ``taken`` and each other.

    A book that already carries a ``citation_key`` identifier (read from a .bib or CSL file)
    keeps it when it is free and safe, as Better BibTeX keeps pinned keys.
    """

    def __init__(self, pattern: str | KeyPattern = DEFAULT_PATTERN, *, taken: Iterable[str] = ()) -> None:
        self._pattern = pattern if isinstance(pattern, KeyPattern) else KeyPattern(pattern)
        self._taken = {k.casefold() for k in taken}

    def key(self, book: Book) -> str:
        """The next unique key for ``book``; the key is then taken."""
        pinned = book.identifier("citation_key")
        if pinned and not _UNSAFE.search(pinned) and pinned.casefold() not in self._taken:
            self._taken.add(pinned.casefold())
            return pinned
        base = self._pattern(book)
        key, n = base, 0
        while key.casefold() in self._taken:
            n += 1
            key = base + _postfix(n)
        self._taken.add(key.casefold())
        return key
