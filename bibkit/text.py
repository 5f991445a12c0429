"""Text as bibkit stores it: the one normalisation every output and the name parser share."""

from __future__ import annotations

import re
import unicodedata

from bibkit import safetext

__all__ = ["clean"]

_WHITESPACE = re.compile(r"\s+")
#: Unicode category Cc: exactly these code points.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text as bibkit stores it in any output: NFC, control characters as spaces, one line.

    Line breaks would start a new paragraph in TeX (or a new record in RIS), so all runs of
    whitespace and control characters become one space; escape sequences and bidi overrides
    go first, whole (:func:`bibkit.safetext.clean`).
    """
    text = unicodedata.normalize("NFC", safetext.clean(text))
    text = _CONTROL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()
