"""The view of a document read into words and sentences, with quick look-ups for patterns.

Patterns and features ask the same questions many times ("which line is this?", "what is the
word before?", "does a sentence start here?", "what marks cover this span?"); a
:class:`Page` answers them from indexes built once per document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from bibkit.mentions.language import guess_language
from bibkit.mentions.view import Line, Mark, View, read_view
from bibkit.mentions.vocabulary import FUNCTION_WORDS

__all__ = ["Page", "Word", "read_page", "shape_of"]

#: A word: letters, marks and digits, with inner apostrophes and hyphens ("O'Brien", "Catch-22").
WORD = regex.compile(r"[@#]?[\p{L}\p{M}\p{N}]++(?:['’\-][\p{L}\p{M}\p{N}]++)*+")
#: Where a sentence ends inside a line: a full stop, "!", "?" or an ellipsis, closing quotes or
#: brackets, then a space. An initial ("E. H. Carr") ends no sentence: see ``_sentence_starts``.
_SENTENCE_END = regex.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


class Word(NamedTuple):
    """A word of the view: its span and its shape (see :func:`shape_of`)."""

    start: int
    end: int
    shape: str


def shape_of(word: str) -> str:
    """How a word is written: ``cap`` (Capitalised), ``upper`` (ALL CAPS, two letters or more),
    ``lower``, ``func`` (a lower-case function word such as "of"), ``num`` (starts with a digit),
    ``handle`` (@name or #tag) or ``other`` (scripts without case)."""
    first = word[0]
    if first in "@#":
        return "handle"
    if first.isdigit():
        return "num"
    if first.isupper():
        return "upper" if len(word) > 1 and word.isupper() else "cap"
    if first.islower():
        return "func" if word.casefold() in FUNCTION_WORDS else "lower"
    return "other"


@dataclass(slots=True)
class Page:
    """A document's view with its words, sentence starts and marks indexed."""

    view: View
    words: list[Word]
    word_starts: list[int]
    sentence_starts: set[int]
    marks: list[Mark]
    mark_starts: list[int]
    line_starts: list[int]
    cjk: bool
    language: str
    _marks_by_span: dict[tuple[int, int], list[Mark]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.view.text

    @property
    def lines(self) -> list[Line]:
        return self.view.lines

    def line_index(self, pos: int) -> int:
        return bisect_right(self.line_starts, pos) - 1

    def line_of(self, pos: int) -> Line:
        return self.view.lines[self.line_index(pos)]

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words wholly inside [start, end)."""
        lo = bisect_left(self.word_starts, start)
        hi = bisect_left(self.word_starts, end)
        return [w for w in self.words[lo:hi] if w.end <= end]

    def word_index_at(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect_left(self.word_starts, pos)

    def word_before(self, pos: int) -> Word | None:
        i = bisect_left(self.word_starts, pos) - 1
        while i >= 0 and self.words[i].end > pos:
            i -= 1
        return self.words[i] if i >= 0 else None

    def word_after(self, pos: int) -> Word | None:
        i = bisect_left(self.word_starts, pos)
        return self.words[i] if i < len(self.words) else None

    def marks_exactly(self, start: int, end: int) -> list[Mark]:
        """The marks whose text is exactly [start, end)."""
        return self._marks_by_span.get((start, end), [])

    def marks_over(self, start: int, end: int) -> list[Mark]:
        """The marks that contain all of [start, end)."""
        hi = bisect_right(self.mark_starts, start)
        return [m for m in self.marks[max(0, hi - 64) : hi] if m.end >= end]

    def marks_within(self, start: int, end: int) -> list[Mark]:
        """The marks that lie within [start, end)."""
        lo = bisect_left(self.mark_starts, start)
        hi = bisect_left(self.mark_starts, end)
        return [m for m in self.marks[lo:hi] if m.end <= end]

    def at_sentence_start(self, pos: int) -> bool:
        return pos in self.sentence_starts


def _sentence_starts(view: View, words: list[Word]) -> set[int]:
    """Offsets of the first word of each line and of each sentence inside a line."""
    starts: set[int] = set()
    text = view.text
    for line in view.lines:
        first = _first_word_at_or_after(words, line.start)
        if first is not None and first.start < line.end:
            starts.add(first.start)
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        if match.group().startswith(".") and _initial_before(before):
            continue
        starts.add(match.end())
    return starts


def _initial_before(before: str) -> bool:
    """Whether the dot after ``before`` closes an initial ("E.", "J.R.R.") rather than a sentence."""
    if not before:
        return False
    last = before[-1]
    prev = before[-2] if len(before) > 1 else " "
    return last.isupper() and not prev.isalpha()


def _first_word_at_or_after(words: list[Word], pos: int) -> Word | None:
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return words[lo] if lo < len(words) else None


def read_page(source: str) -> Page:
    """Read ``source`` (markdown, HTML or plain text) into a :class:`Page`."""
    view = read_view(source)
    text = view.text
    words = [Word(m.start(), m.end(), shape_of(m.group())) for m in WORD.finditer(text)]
    marks = view.marks
    cjk = _CJK.search(text[:20000]) is not None and len(_CJK.findall(text[:20000])) > 200
    sample = [text[w.start : w.end].casefold() for w in words[:6000] if w.shape in ("lower", "func")]
    by_span: dict[tuple[int, int], list[Mark]] = {}
    for mark in marks:
        by_span.setdefault((mark.start, mark.end), []).append(mark)
    return Page(
        view=view,
        words=words,
        word_starts=[w.start for w in words],
        sentence_starts=_sentence_starts(view, words),
        marks=marks,
        mark_starts=[m.start for m in marks],
        line_starts=[line.start for line in view.lines],
        cjk=cjk,
        language=guess_language(sample, cjk=cjk),
        _marks_by_span=by_span,
    )
