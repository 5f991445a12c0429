"""Personal names: recognising an author where the text gives one, and normalising it.

A name is one to four capitalised tokens ("Victor Serge", "E. H. Carr", "Phillip K Dick",
"Jonathan Safran Foer", "Findlay and O'Rourke"), optionally joined into a short list with
"and", "&" or "/". Patterns here only ever start at a word boundary and use bounded,
possessive repetition, so they stay linear on pathological input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from bibkit.mentions.lexicon import NAME_PARTICLES, SENTENCE_STARTERS

__all__ = [
    "AUTHORS",
    "AUTHORS_RE",
    "NAME",
    "AuthorIndex",
    "fullmatch_authors",
    "is_plausible_author",
    "match_authors",
    "normalize_author",
    "split_authors",
    "surname",
]

_PARTICLE = r"(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r")"


def _name_patterns(upper: str, lower: str, letter: str, letters: str, digits: str) -> tuple[str, str]:
    """:data:`NAME` and :data:`AUTHORS` spelt with the given classes: a capital, a lower-case
    letter and a letter (each one item of a pattern), and the letters and digits as they are
    written inside a character class.

    One name token: an initial ("E.", "E.H."), a single capital ("K"), or a capitalised word
    ("Serge", "O'Rourke", "McCarthy", "Jean-Paul"). Words must contain a lower-case letter so
    that shouted words ("KNOW") are not taken for names.
    """
    initials = rf"{upper}\.(?:[ \t]?{upper}\.){{0,3}}+"
    word = rf"{upper}(?:['’]{upper})?(?={letter}{{0,3}}{lower}){letter}{{1,25}}+"
    word += rf"(?:-{upper}?{letter}{{1,25}}+)?+"
    single = rf"{upper}(?![{letters}{digits}'’.])"
    token = rf"(?:{initials}|{word}|{single})"
    name = rf"(?<![{letters}{digits}'’])(?:{initials}|{word})"
    name += rf"(?:[ \t]{{1,2}}(?:{_PARTICLE}[ \t])?{token}){{0,3}}+"
    authors = rf"{name}(?:[ \t]*(?:[ \t]and[ \t]+|[ \t]*&(?:amp;)?[ \t]*|/)(?:{name})){{0,3}}+"
    return name, authors


NAME, AUTHORS = _name_patterns(r"\p{Lu}", r"\p{Ll}", r"\p{L}", r"\p{L}", r"\p{N}")
AUTHORS_RE = regex.compile(AUTHORS)
#: :data:`AUTHORS` as it reads ASCII text, for the standard engine, which matches it about
#: three times as fast (``\p{Lu}`` is ``[A-Z]`` there, ``\p{N}`` is ``[0-9]``, and so on).
ASCII_AUTHORS = _name_patterns("[A-Z]", "[a-z]", "[A-Za-z]", "A-Za-z", "0-9")[1]
_ASCII_AUTHORS_RE = re.compile(ASCII_AUTHORS)  # see match_authors


def match_authors(text: str, start: int, end: int) -> re.Match[str] | regex.Match[str] | None:
    """``AUTHORS_RE.match(text, start, end)``, by the standard engine when all it can read is
    ASCII: the span and the character before it (the pattern's lookbehind).
    """
    if text[start - 1 if start else 0 : end].isascii():
        return _ASCII_AUTHORS_RE.match(text, start, end)
    return AUTHORS_RE.match(text, start, end)


def fullmatch_authors(phrase: str) -> bool:
    """Whether all of ``phrase`` is a list of names (``AUTHORS_RE.fullmatch``), by the
    standard engine when ``phrase`` is ASCII."""
    found = _ASCII_AUTHORS_RE.fullmatch(phrase) if phrase.isascii() else AUTHORS_RE.fullmatch(phrase)
    return found is not None


_SPLIT = regex.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&(?:amp;)?\s*|/)\s*")
_SPACE = regex.compile(r"\s+")


def split_authors(author: str) -> list[str]:
    """The individual names in an author string ("Becker and Posner" -> two names)."""
    author = author.strip()
    if not _may_hold_separator(author):
        return [author] if author else []
    return [part for part in _SPLIT.split(author) if part]


def _may_hold_separator(author: str) -> bool:
    """Whether :data:`_SPLIT` can match in ``author``: it needs a comma, "&", "/", or an "and"
    with whitespace on both sides (``str.isspace`` accepts every ``\\s`` character). Names
    such as "Alexander" or "Sandra" hold "and" inside a word, which only a look at its
    neighbours tells apart.
    """
    if "," in author or "&" in author or "/" in author:
        return True
    at = author.find("and")
    while at != -1:
        if at > 0 and author[at - 1].isspace() and author[at + 3 : at + 4].isspace():
            return True
        at = author.find("and", at + 1)
    return False


def surname(name: str) -> str:
    """The last token of a display name ("Alexander Rabinowitch" -> "Rabinowitch")."""
    tokens = name.replace(".", ". ").split()
    return tokens[-1] if tokens else ""


def is_plausible_author(author: str) -> bool:
    """Reject name-shaped words that open sentences ("Also", "Seconding") or are initials only."""
    parts = split_authors(author)
    if not parts:
        return False
    for part in parts:
        tokens = part.split()
        if len(tokens) == 1 and tokens[0].casefold().rstrip(".") in SENTENCE_STARTERS:
            return False
        if len(tokens[0].rstrip(".")) <= 1 and all(len(t.rstrip(".")) <= 1 for t in tokens):
            return False  # (a first token longer than an initial settles it without the loop)
    return True


def normalize_author(author: str) -> str:
    """Display form of a single name: whitespace folded, "Last, First" turned round."""
    # Every whitespace character but the space is unprintable, so a printable name without a
    # double space has nothing to fold.
    if "  " in author or not author.isprintable():
        author = _SPACE.sub(" ", author)
    name = author.strip()
    if "," in name and name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and " " not in last:
            name = f"{first} {last}"
    return name


class AuthorIndex:
    """Full names seen so far in a text, so a later bare surname can be expanded.

    "Alexander Rabinowitch, …" followed by "Rabinowitch, …" should carry the full name; a
    surname shared by two different full names is left alone (it would be a guess).
    """

    def __init__(self) -> None:
        self._by_surname: dict[str, set[str]] = {}

    def add(self, author: str) -> None:
        self._add(split_authors(normalize_author(author)))

    def expand(self, author: str) -> str:
        """``author`` with every bare surname replaced by the one full name known for it."""
        return self._expand(split_authors(normalize_author(author)), author)

    def expand_and_add(self, author: str) -> str:
        """``expand(normalize_author(author))``, then ``add(author)``: the name is normalised and
        split once for both (normalising a normalised name changes nothing)."""
        name = normalize_author(author)
        names = split_authors(name)
        expanded = self._expand(names, name)
        self._add(names)
        return expanded

    def _add(self, names: list[str]) -> None:
        for name in names:
            if len(name.split()) >= 2:
                self._by_surname.setdefault(surname(name).casefold(), set()).add(name)

    def _expand(self, names: list[str], author: str) -> str:
        out: list[str] = []
        for name in names:
            if len(name.split()) == 1:
                known = self._by_surname.get(name.casefold())
                if known is not None and len(known) == 1:
                    name = next(iter(known))
            out.append(name)
        return " and ".join(out) if len(out) > 1 else (out[0] if out else author)

    def surnames(self) -> Iterable[str]:
        return self._by_surname.keys()
