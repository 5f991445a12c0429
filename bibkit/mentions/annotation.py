"""Predictions in the corpus format, for a person to correct and train on.

AnyStyle's workflow: label with today's model, correct by hand, retrain. ``bibkit extract FILE
--annotation`` writes the mentions found in the annotation format of the project's corpus (see
:mod:`bibkit.mentions.corpus`): the person fixes the ``mentions`` list (adds what was missed,
removes what is no book, moves what is wrong to ``non_mentions``), saves it as ``NAME.json``
beside ``NAME.txt``, and ``bibkit train`` learns from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bibkit.model import Mention

__all__ = ["annotation_of"]


def annotation_of(mentions: Sequence[Mention], *, source: str = "") -> dict[str, Any]:
    """The annotation record of ``mentions`` (found in one text) in the corpus format.

    Fields a person fills in (``canonical_title``, ``canonical_authors``, ``first_published``)
    start empty; ``confidence`` and ``kind`` say why each was proposed and are ignored by
    training.
    """
    return {
        "source": source,
        "kind": "",
        "note": "drafted by bibkit extract --annotation: correct every entry before training on it",
        "mentions": [
            {
                "surface": m.text,
                "start": m.start,
                "author": m.author,
                "title": m.title or None,
                "canonical_title": None,
                "canonical_authors": [],
                "first_published": None,
                "isbn13_examples": [m.isbn] if m.isbn else [],
                "confidence": m.confidence,
                "kind": m.kind,
            }
            for m in mentions
        ],
        "non_mentions": [],
    }
