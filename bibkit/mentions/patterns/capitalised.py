"""Title-case runs: the unmarked titles of running prose ("I loved Infinite Jest") and bare lines."""

from __future__ import annotations

from itertools import pairwise

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import Page

__all__ = ["propose"]

_MAX_WORDS = 14
#: Words that join two titles into one run ("Blindsight and Echopraxia", "Suttree or The Little Friend").
_COORDINATORS = frozenset(
    {"and", "or", "&", "und", "oder", "et", "ou", "y", "o", "i", "lub", "e", "vs", "och", "en"}
)


def propose(page: Page, out: Proposals) -> None:
    """Every maximal run of capitalised words (numbers and lower-case function words between
    them allowed), and the same run without its first word when that word opens a sentence."""
    text = page.text
    words = page.words
    n = len(words)
    i = 0
    while i < n:
        if words[i].shape not in ("cap", "upper", "num"):
            i += 1
            continue
        j = i
        last = i
        while j + 1 < n and j - i < _MAX_WORDS:
            gap = text[words[j].end : words[j + 1].start]
            if len(gap) > 3 or any(c not in " \t:'’-&" for c in gap) or gap.count(":") > 1:
                break
            shape = words[j + 1].shape
            if shape in ("cap", "upper", "num"):
                j += 1
                last = j
            elif shape == "func":
                j += 1
            else:
                break
        start, end = words[i].start, words[last].end
        out.add("capitalised", start, end)
        if page.at_sentence_start(start) and last > i:
            k = i + 1
            while k <= last and words[k].shape == "func":
                k += 1
            if k <= last:
                out.add("capitalised", words[k].start, end)
        _coordinated_parts(page, out, i, last)
        i = last + 1


def _coordinated_parts(page: Page, out: Proposals, first: int, last: int) -> None:
    """The parts of a run that coordinators join, each proposed on its own."""
    text = page.text
    words = page.words
    cuts = [
        k for k in range(first + 1, last) if text[words[k].start : words[k].end].casefold() in _COORDINATORS
    ]
    if not cuts:
        return
    bounds = [first - 1, *cuts, last + 1]
    for a, b in pairwise(bounds):
        lo, hi = a + 1, b - 1
        while lo <= hi and words[lo].shape == "func":
            lo += 1
        while hi >= lo and words[hi].shape == "func":
            hi -= 1
        if lo <= hi:
            out.add("capitalised", words[lo].start, words[hi].end)
