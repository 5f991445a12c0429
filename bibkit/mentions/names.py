"""Authors as a text gives them: one display form per name, and a surname carried as the full
name that appeared earlier in the same text ("Alexander Rabinowitch, …" then "Rabinowitch, …")."""

from __future__ import annotations

import re

__all__ = ["AuthorIndex", "normalize_author", "split_authors", "surname"]

_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s+(?:und|et|y|i)\s+)\s*")
_SPACE = re.compile(r"\s+")


def split_authors(author: str) -> list[str]:
    """The individual names in an author string ("Becker and Posner" -> two names)."""
    return [part for part in _SPLIT.split(author.strip()) if part]


def surname(name: str) -> str:
    """The last token of a display name ("Alexander Rabinowitch" -> "Rabinowitch")."""
    tokens = name.replace(".", ". ").split()
    return tokens[-1] if tokens else ""


def normalize_author(author: str) -> str:
    """Display form of a name: whitespace folded, "Last, First" turned round."""
    name = _SPACE.sub(" ", author).strip()
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and " " not in last:
            name = f"{first} {last}"
    return name


class AuthorIndex:
    """Full names seen so far in a text, so a later bare surname can be expanded.

    A surname shared by two different full names is left alone (it would be a guess).
    """

    def __init__(self) -> None:
        self._by_surname: dict[str, set[str]] = {}

    def expand_and_add(self, author: str) -> str:
        """``author`` in display form with each bare surname replaced by the one full name seen
        for it; then its full names are remembered."""
        name = normalize_author(author)
        names = split_authors(name) if "," not in author or " and " in author else [name]
        out: list[str] = []
        for one in names:
            if len(one.split()) == 1:
                known = self._by_surname.get(one.casefold())
                if known is not None and len(known) == 1:
                    one = next(iter(known))
            out.append(one)
        for one in names:
            if len(one.split()) >= 2:
                self._by_surname.setdefault(surname(one).casefold(), set()).add(one)
        return " and ".join(out) if len(out) > 1 else (out[0] if out else name)
