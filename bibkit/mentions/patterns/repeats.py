"""Repetitions: a title proposed in a strong form (marked, quoted, with an author, in a
reference) and named again elsewhere in the same text, also by its short form ("The Prophet
Armed: Trotsky, 1879-1921" then "The Prophet Armed", "The Dispossessed" then "Dispossessed").

Titles are compared word by word: every form is indexed by its first word, so the text is read
once whatever the number of titles.
"""

from __future__ import annotations

import regex

from bibkit.mentions.candidate import Candidate, Proposals
from bibkit.mentions.page import Page, Word
from bibkit.mentions.vocabulary import ARTICLES

__all__ = ["propose"]

#: The patterns whose titles are worth looking for elsewhere.
_STRONG = frozenset({"marked", "quoted", "by", "possessive", "citation"})
_SUBTITLE = regex.compile(r":\s|\s[-–—]\s")
_LONGEST = 120


def _forms(page: Page, cand: Candidate) -> list[tuple[str, ...]]:
    """The title's word sequences worth finding again: whole, without its subtitle, and both
    without a leading article (casefolded)."""
    text = page.text
    title = text[cand.title_start : cand.title_end]
    subtitle = _SUBTITLE.search(title)
    head_end = cand.title_start + (subtitle.start() if subtitle else len(title))
    out: list[tuple[str, ...]] = []
    for end in {cand.title_end, head_end}:
        words = tuple(text[w.start : w.end].casefold() for w in page.words_in(cand.title_start, end))
        if words:
            out.append(words)
            if len(words) > 1 and words[0] in ARTICLES:
                out.append(words[1:])
    return [f for f in out if sum(len(w) for w in f) >= 3]


def propose(page: Page, out: Proposals, candidates: list[Candidate]) -> None:
    text = page.text
    index: dict[str, set[tuple[str, ...]]] = {}
    for cand in candidates:
        if not (cand.patterns & _STRONG or cand.has_author) or cand.title_end - cand.title_start > _LONGEST:
            continue
        for form in _forms(page, cand):
            index.setdefault(form[0], set()).add(form)
    if not index:
        return
    words = page.words
    folded = [text[w.start : w.end].casefold() for w in words]
    for i, first in enumerate(folded):
        forms = index.get(first)
        if forms is None:
            continue
        for form in forms:
            n = len(form)
            if n == 1 and words[i].shape not in ("cap", "upper", "num", "other"):
                continue  # a one-word title named again is capitalised ("Dune", not "dune")
            if n > 1 and form[0] in ARTICLES and words[i].shape == "func" and words[i + 1].shape == "cap":
                continue  # "books on the Russian Revolution": the article is the sentence's, not a title's
            if (
                tuple(folded[i : i + n]) == form
                and _contiguous(text, words, i, n)
                and not _inside_run(text, words, i, n)
            ):
                out.add("repeat", words[i].start, words[i + n - 1].end)


def _inside_run(text: str, words: list[Word], i: int, n: int) -> bool:
    """Whether the words i..i+n-1 are part of a longer title-case run ("Year One of the Russian
    Revolution" holds "the Russian Revolution", which is no mention of that book)."""
    k = i - 1
    while k >= 0 and words[k].shape == "func" and _joined(text, words[k], words[k + 1]):
        k -= 1
    if (
        k >= 0
        and k < i
        and words[k].shape in ("cap", "upper", "num")
        and _joined(text, words[k], words[k + 1])
    ):
        return True
    after = i + n
    return (
        after < len(words)
        and words[after].shape in ("cap", "upper", "num")
        and _joined(text, words[after - 1], words[after])
    )


def _joined(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end : right.start]
    return len(gap) <= 2 and gap.strip(" ") == ""


def _contiguous(text: str, words: list[Word], i: int, n: int) -> bool:
    """Whether words i..i+n-1 stand together on one line, as a title's words do."""
    for k in range(i, i + n - 1):
        gap = text[words[k].end : words[k + 1].start]
        if len(gap) > 3 or "\n" in gap:
            return False
    return True
