"""Edition statements: "2nd ed.", "Second edition", "2" are one edition, however a format spells it.

The model keeps a numbered edition as ``2nd`` (:func:`ordinal`) and any other statement
("100th anniversary edition", "Revised") as written. Every reader turns what its format holds
into that form (:func:`as_read`), and every writer asks here for the number (:func:`number`):
CSL-JSON and RIS write the bare number, BibLaTeX too, classic BibTeX the word its styles print
after it (:func:`word`). Pure; no format's module imports another's for this.
"""

from __future__ import annotations

import re

__all__ = ["as_read", "number", "ordinal", "phrase", "word"]

_ORDINALS = (  # noqa: SIM905 - a word list reads better as text
    "Zeroth First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth "
    "Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth"
).split()
_ORDINAL_NUMBER = {w.casefold(): n for n, w in enumerate(_ORDINALS)}
_EDITION = re.compile(r"^\s*(\d{1,3})\s*(?:st|nd|rd|th|e|er|\.)?\s*(?:ed\.?|edn\.?|edition)?\s*$", re.I)
_EDITION_WORD = re.compile(r"^\s*([A-Za-z]+)\s*(?:ed\.?|edn\.?|edition)?\s*$", re.I)
_EDITION_TAIL = re.compile(r"\s*(?:ed\.?|edn\.?|edition)\s*$", re.I)


def number(edition: str | None) -> int | None:
    """The edition as a number ("2nd", "2", "Second edition" → 2), or ``None`` if it is a phrase."""
    if not edition:
        return None
    match = _EDITION.match(edition)
    if match:
        return int(match.group(1))
    spelled = _EDITION_WORD.match(edition)
    if spelled:
        return _ORDINAL_NUMBER.get(spelled.group(1).casefold())
    return None


def ordinal(n: int) -> str:
    """``2`` → ``2nd``: how the model writes a numbered edition."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def word(n: int) -> str:
    """``2`` → ``Second``, as classic BibTeX styles want an ``edition`` ("Second edition"); past
    the twentieth, ``21st``."""
    return _ORDINALS[n] if n < len(_ORDINALS) else ordinal(n)


def phrase(edition: str) -> str:
    """An edition statement without its trailing "ed."/"edition", which the styles add."""
    return _EDITION_TAIL.sub("", edition)


def as_read(edition: str | None) -> str | None:
    """An edition read from a file as the model keeps it: numbered ones as ``2nd``, any other
    statement as written (``None`` for none)."""
    n = number(edition)
    return ordinal(n) if n else edition
