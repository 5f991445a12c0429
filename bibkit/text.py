"""Text as bibkit stores it: the one normalisation every output and the name parser share."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean"]

_WHITESPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """The text as bibkit stores it in any output: NFC, control characters as spaces, one line.

    Line breaks would start a new paragraph in TeX (or a new record in RIS), so all runs of
    whitespace and control characters become one space.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return _WHITESPACE.sub(" ", text).strip()
