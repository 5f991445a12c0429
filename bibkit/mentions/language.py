"""Which language a text is mostly written in, from its commonest words.

Conventions differ by language: English capitalises the words of a title ("The Name of the
Wind"), French, Polish, Spanish, German and most others only the first ("Cień wiatru").
Extraction needs only a coarse guess: the language whose most frequent words occur most often
in the text (a word frequent in several languages counts for each, divided among them).
"""

from __future__ import annotations

import functools

from bibkit.mentions.vocabulary import LANGUAGE_WORDS

__all__ = ["guess_language"]

_SAMPLE = 6000


@functools.cache
def _weights() -> dict[str, dict[str, float]]:
    """word -> language -> weight: higher for a language's commonest words, shared between
    the languages a word belongs to."""
    out: dict[str, dict[str, float]] = {}
    for lang, words in LANGUAGE_WORDS.items():
        for rank, word in enumerate(words):
            if len(word) >= 2:
                out.setdefault(word, {})[lang] = 1.0 / (1 + rank / 10)
    for langs in out.values():
        share = 1.0 / len(langs)
        for lang in langs:
            langs[lang] *= share
    return out


def guess_language(words: list[str], *, cjk: bool = False) -> str:
    """The language code of a text from its lower-case ``words``: "ja" for text mostly in
    Chinese or Japanese script, "" when no word is recognised."""
    if cjk:
        return "ja"
    weights = _weights()
    scores: dict[str, float] = {}
    for word in words[:_SAMPLE]:
        for lang, weight in weights.get(word, {}).items():
            scores[lang] = scores.get(lang, 0.0) + weight
    return max(scores, key=lambda lang: scores[lang]) if scores else ""
