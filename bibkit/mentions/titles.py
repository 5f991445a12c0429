"""A title as a Mention carries it: markup and stray punctuation gone, a clear subtitle apart."""

from __future__ import annotations

import re

__all__ = ["clean_title", "split_subtitle"]

_EDGE = " \t\n*_~\"'“”‘’«»„‚‹›[]()`,;:.–—-|/\\"
_SPACE = re.compile(r"\s+")


def clean_title(raw: str) -> str:
    """``raw`` without surrounding quotes, markup characters or trailing punctuation, and with
    whitespace folded. A final "?" or "!" is kept ("What Unites Us?"), and so is a closing
    bracket that closes one opened inside ("Debt (the first 5,000 years)")."""
    title = _SPACE.sub(" ", raw).strip()
    end = title[-1:] if title[-1:] in "?!" else ""
    keep_bracket = title.endswith(")") and "(" in title
    title = title.strip(_EDGE)
    if keep_bracket and "(" in title and not title.endswith(")"):
        title += ")"
    if end and not title.endswith(end):
        title += end
    return title.replace("**", "").replace("__", "")


def split_subtitle(title: str) -> tuple[str, str | None]:
    """("Red Petrograd", "Revolution in the Factories") from "Red Petrograd: Revolution in the
    Factories". Only a colon followed by more words is a clear separator; dashes are too often
    part of the title itself ("Wind-Up", "1917-1923")."""
    head, sep, tail = title.partition(": ")
    if sep and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return title, None
