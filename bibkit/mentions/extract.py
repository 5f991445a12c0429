"""Find book mentions in informal text. Pure: no network, no config, deterministic.

Handles the two shapes of the seed thread: an "Author, Title" line and
'Author's "Title"'. Other shapes are future work.
"""

from __future__ import annotations

import re

from bibkit.isbn import find_isbns
from bibkit.model import Mention

__all__ = ["extract"]

_NAME = r"(?:[A-Z][\w'’.-]*\.?\s+){0,3}[A-Z][\w'’-]+"
_AUTHOR_COMMA_TITLE = re.compile(
    rf"^[ \t]*(?P<author>{_NAME}),[ \t]+(?P<title>(?:The|A|An|[A-Z0-9])[^\n]*?)[ \t]*$", re.MULTILINE
)
_POSSESSIVE_QUOTED = re.compile(rf"(?P<author>{_NAME})['’]s\s+[\"“](?P<title>[^\"”\n]+)[\"”]")


def extract(text: str) -> list[Mention]:
    """All book mentions in ``text``, in text order.

    Args:
        text: Any Unicode text (a thread, a reading list, a blog post).

    Returns:
        One :class:`Mention` per occurrence, with ``text[m.start:m.end] == m.text``.
    """
    found: list[Mention] = []
    for pattern, kind in (
        (_AUTHOR_COMMA_TITLE, "author_comma_title"),
        (_POSSESSIVE_QUOTED, "possessive_quoted"),
    ):
        for match in pattern.finditer(text):
            title = match.group("title").strip().rstrip(".,;:")
            if not title:
                continue
            isbns = find_isbns(match.group(0))
            found.append(
                Mention(
                    text=match.group(0).strip(),
                    start=match.start() + (len(match.group(0)) - len(match.group(0).lstrip())),
                    end=match.start() + len(match.group(0).rstrip()),
                    title=title,
                    author=match.group("author"),
                    isbn=isbns[0] if isbns else None,
                    confidence=0.8,
                    kind=kind,
                )
            )
    found.sort(key=lambda m: m.start)
    return found
