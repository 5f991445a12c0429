"""Personal names: recognising an author where the text gives one, and normalising it.

A name is one to four capitalised tokens ("Victor Serge", "E. H. Carr", "Phillip K Dick",
"Jonathan Safran Foer", "Findlay and O'Rourke"), optionally joined into a short list with
"and", "&" or "/". Patterns here only ever start at a word boundary and use bounded,
possessive repetition, so they stay linear on pathological input.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from bibkit.mentions.lexicon import NAME_PARTICLES, SENTENCE_STARTERS

__all__ = [
    "AUTHORS",
    "AUTHORS_RE",
    "NAME",
    "AuthorIndex",
    "is_plausible_author",
    "normalize_author",
    "split_authors",
    "surname",
]

# One name token: an initial ("E.", "E.H."), a single capital ("K"), or a capitalised word
# ("Serge", "O'Rourke", "McCarthy", "Jean-Paul"). Words must contain a lower-case letter so
# that shouted words ("KNOW") are not taken for names.
_INITIALS = r"\p{Lu}\.(?:[ \t]?\p{Lu}\.){0,3}+"
_WORD = r"\p{Lu}(?:['’]\p{Lu})?(?=\p{L}{0,3}\p{Ll})\p{L}{1,25}+(?:-\p{Lu}?\p{L}{1,25}+)?+"
_SINGLE = r"\p{Lu}(?![\p{L}\p{N}'’.])"
_TOKEN = rf"(?:{_INITIALS}|{_WORD}|{_SINGLE})"
_PARTICLE = r"(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r")"
NAME = rf"(?<![\p{{L}}\p{{N}}'’])(?:{_INITIALS}|{_WORD})(?:[ \t]{{1,2}}(?:{_PARTICLE}[ \t])?{_TOKEN}){{0,3}}+"
AUTHORS = rf"{NAME}(?:[ \t]*(?:[ \t]and[ \t]+|[ \t]*&(?:amp;)?[ \t]*|/)(?:{NAME})){{0,3}}+"
AUTHORS_RE = regex.compile(AUTHORS)

_SPLIT = regex.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&(?:amp;)?\s*|/)\s*")
_SPACE = regex.compile(r"\s+")


def split_authors(author: str) -> list[str]:
    """The individual names in an author string ("Becker and Posner" -> two names)."""
    author = author.strip()
    if "," not in author and "&" not in author and "/" not in author and "and" not in author:
        return [author] if author else []  # no separator :data:`_SPLIT` could match
    return [part for part in _SPLIT.split(author) if part]


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
        if tokens[0].casefold().rstrip(".") in SENTENCE_STARTERS and len(tokens) == 1:
            return False
        if all(len(t.rstrip(".")) <= 1 for t in tokens):
            return False
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
