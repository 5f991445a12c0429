"""Whether a phrase is a person's name: "Anna Chaber", "J. R. R. Tolkien", "Jędrzej Pasierski".

A title and its author often stand side by side in the same markup ("**Title** - _Author_"),
and which side is the person decides the reading. Capitalisation cannot tell ("Anna
Karenina" is a title); a given name in first place, from Faker's per-locale lists of given
names (86 locales), can.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Sequence

__all__ = ["given_names", "looks_like_person"]

_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "du",
        "le",
        "la",
        "al",
        "el",
        "bin",
        "ibn",
        "ten",
        "ter",
        "y",
        "e",
    ]
)


@functools.cache
def given_names() -> frozenset[str]:
    """Every given name of every locale Faker knows (read once, on first use)."""
    from faker.providers import person

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        module = importlib.import_module(f"{person.__name__}.{module_info.name}")
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = provider.__dict__.get(attribute)
            if isinstance(value, list | tuple | set | frozenset | dict):
                names.update(str(v) for v in value)
    return frozenset(n for n in names if n[:1].isupper())


def looks_like_person(words: Sequence[str]) -> bool:
    """Two to five name words, the first of them a given name or an initial, the rest
    capitalised words, initials or name particles."""
    return 2 <= len(words) <= 5 and _looks_like_person(tuple(words))


@functools.lru_cache(maxsize=65536)
def _looks_like_person(words: tuple[str, ...]) -> bool:
    if not 2 <= len(words) <= 5:
        return False
    first = words[0]
    if not (first in given_names() or (len(first) <= 2 and first[:1].isupper())):
        return False
    for word in words[1:]:
        if word.casefold() in _PARTICLES:
            continue
        if not word[:1].isupper():
            return False
    return words[-1][:1].isupper() and len(words[-1]) > 1
