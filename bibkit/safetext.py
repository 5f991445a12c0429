"""Text from catalogues and inputs made safe to show and to write.

Catalogue records and input texts are untrusted: an escape sequence in a title can set a
terminal's window title or write its clipboard (OSC 52), and bidi override characters make a
line read differently from what it contains. This module owns which characters are dropped,
for every output (through :func:`bibkit.formats.prepare.prepare`), the terminal (through
:mod:`bibkit.terminal`) and read input (:func:`blank`, which keeps offsets).

Kept: tab and newline, and the invisible marks text legitimately needs (left-to-right and
right-to-left marks, zero-width joiners). Dropped: whole ANSI escape sequences (CSI, OSC, DCS
and friends) and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
Every other C0 and C1 control, and DEL, becomes a space (as outputs already wrote them).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["blank", "clean", "is_clean", "json_safe", "safe_url"]

# An escape sequence, whole: CSI (ESC [ or 0x9B), then OSC/DCS/APC/PM/SOS strings up to their
# terminator (BEL or ST), then two-character escapes. An unterminated string loses only its
# introducer (a stray 0x90 must not swallow the rest of a title).
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
_BIDI = r"[\u202a-\u202e\u2066-\u2069]"
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_UNSAFE = re.compile(f"{_SEQUENCE}|{_CONTROLS}|{_BIDI}")
_DROPPED = re.compile(f"{_SEQUENCE}|{_BIDI}")
_SPACED = re.compile(_CONTROLS)
# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def is_clean(text: str) -> bool:
    """Whether ``text`` has nothing :func:`clean` would drop."""
    return _UNSAFE.search(text) is None


def clean(text: str) -> str:
    """``text`` without escape sequences and bidi overrides, and with any other control
    character (but tab and newline) as a space, as :func:`bibkit.text.clean` writes them."""
    if _UNSAFE.search(text) is None:
        return text
    return _SPACED.sub(" ", _DROPPED.sub("", text))


def blank(text: str) -> str:
    """Like :func:`clean`, but each dropped character becomes a space: offsets into the text
    (a mention's ``start``/``end``) stay those of the text as read."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: " " * len(m.group()), text)


def json_safe(dumped: str) -> str:
    """JSON text with the characters a terminal acts on written as ``\\uXXXX`` escapes: the
    same JSON value, inert on a terminal (``json.dumps`` already escapes C0 controls)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an ``http(s)`` URL with a host, else ``None``: ``javascript:``,
    ``data:``, ``file:`` and relative links are never written anywhere."""
    if not url:
        return None
    url = clean(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return None
    return url
