"""Authors as a text gives them: a surname carried as the full name that appeared earlier in
the same text ("Alexander Rabinowitch, …" then "Rabinowitch, …"). Names themselves (their
display form, splitting a list, the surname) are :mod:`bibkit.names`'."""

from __future__ import annotations

from bibkit.names import display_form, split_authors, surname_of

__all__ = ["AuthorIndex"]


class AuthorIndex:
    """Full names seen so far in a text, so a later bare surname can be expanded.

    A surname shared by two different full names is left alone (it would be a guess).
    """

    def __init__(self) -> None:
        self._by_surname: dict[str, set[str]] = {}

    def expand_and_add(self, author: str) -> str:
        """``author`` in display form with each bare surname replaced by the one full name seen
        for it; then its full names are remembered."""
        name = display_form(author)
        names = split_authors(name, separator=",") if "," not in author or " and " in author else [name]
        out: list[str] = []
        for one in names:
            if len(one.split()) == 1:
                known = self._by_surname.get(one.casefold())
                if known is not None and len(known) == 1:
                    one = next(iter(known))
            out.append(one)
        for one in names:
            if len(one.split()) >= 2:
                key = (surname_of(one, last_word=True) or "").casefold()
                self._by_surname.setdefault(key, set()).add(one)
        return " and ".join(out) if len(out) > 1 else (out[0] if out else name)
