"""Text as bibkit stores it: the one normalisation every output and the name parser share."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean"]

_WHITESPACE = re.compile(r"\s+")
#: Unicode category Cc: exactly these code points.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text as bibkit stores it in any output: NFC, control characters as spaces, one line.

    Line breaks would start a new paragraph in TeX (or a new record in RIS), so all runs of
    whitespace and control characters become one space.
    """
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()
