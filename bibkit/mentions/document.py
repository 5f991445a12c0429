"""Document-level rules: what one explicit mention tells us about the rest of the text.

Once a text has named "The Little Friend" as a book (in a heading with its author, say), a
later "read Suttree or The Little Friend" names it again, as do "the Goldfinch", a
misspelt "Lincoln on the Bardo", an abbreviation such as "C&F" for "Capitalism and Freedom",
and a title coordinated with a known one ("the Introduction to Electrodynamics and
Introduction to Quantum Mechanics"). Series named with a collective head ("the Culture
novels", "the Border Trilogy") are found here too, since telling them from "the Hollinghurst
novels" needs the authors the text has already named.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from operator import attrgetter

import regex
from rapidfuzz import fuzz, process

from bibkit.match import fold
from bibkit.mentions.layout import Line
from bibkit.mentions.lexicon import (
    ARTICLES,
    FUNCTION_WORDS,
    MEDIA_WORDS,
    READING_TOPIC_WORDS,
    SENTENCE_STARTERS,
    SERIES_HEADS,
    SUBJECT_NOUNS,
    TEMPORAL_PREPOSITIONS,
    TIME_NOUNS,
)
from bibkit.mentions.names import split_authors, surname
from bibkit.mentions.rules import Candidate, _title_after
from bibkit.mentions.titles import WHITESPACE, is_title_case, words

__all__ = ["Spans", "document_candidates"]

#: Link targets and bare URLs. Written for the standard library's engine, several times faster
#: here: its ``\s`` also takes the separators U+001C..U+001F, so the whitespace class is spelt
#: out as the one ``regex`` uses (:data:`~bibkit.mentions.titles.WHITESPACE`).
_URL_SPANS = re.compile(
    rf"\]\([^(){WHITESPACE}]{{0,800}}\)|https?://[^{WHITESPACE}]{{1,800}}+|www\.[^{WHITESPACE}]{{1,800}}+"
)
_RUN = regex.compile(
    r"(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}'’\-]{0,30}+(?:[ \t]{1,2}"
    r"(?:(?:a|an|the|and|or|of|in|on|at|to|for|from|with|by|is)"
    r"|\p{Lu}[\p{L}'’\-]{0,30}+|\d{1,4}+)){2,14}+"
)
#: :data:`_RUN` for ASCII text, which the standard library's engine scans about twice as fast:
#: ``\p{Lu}`` as [A-Z], ``\p{L}`` as [A-Za-z], ``\p{N}`` and ``\d`` as [0-9] (the "’" they
#: name never occurs in ASCII text). The capital comes first, so that the scan looks for it
#: alone, and the look-behind is checked after it. The possessive repeat of words is spelt as
#: an atomic group: the standard engine's possessive repeat does not go back into the words it
#: has matched when it falls short of two ("Rouvu and Kacenu" would stop at its "a").
_ASCII_RUN = re.compile(
    r"[A-Z](?<![A-Za-z0-9'].)[A-Za-z'\-]{0,30}+(?>(?:[ \t]{1,2}"
    r"(?:(?:a|an|the|and|or|of|in|on|at|to|for|from|with|by|is)"
    r"|[A-Z][A-Za-z'\-]{0,30}+|[0-9]{1,4}+)){2,14})"
)
_SERIES = regex.compile(
    r"(?<![\p{L}])[Tt]he[ \t]+(?P<name>\p{Lu}[\p{L}'’\-]{1,30}+(?:[ \t]\p{Lu}[\p{L}'’\-]{1,30}+){0,2})[ \t]+"
    r"(?P<head>(?i:" + "|".join(sorted(SERIES_HEADS)) + r"))(?![\p{L}])"
)
#: Where a match of :data:`_SERIES` may start, for the standard library's engine: the "he" of
#: its article (searched for as a literal), then, looked ahead, one to three words that may be
#: capitalised and the first letter of a head in either case. Each class holds every character
#: the corresponding part of :data:`_SERIES` accepts (any non-ASCII one among them, so that
#: case-insensitive matching is covered), and a possessive run of non-spaces stops where a name
#: word does (at the space or tab after it). Only the "he" is consumed, so no article is skipped.
_SERIES_NAME_WORD = r"[A-Z\x80-\U0010ffff][^ \t\n]{1,30}+"
_SERIES_HINT = re.compile(
    rf"he(?=[ \t]+{_SERIES_NAME_WORD}(?:[ \t]{_SERIES_NAME_WORD}){{0,2}}[ \t]+"
    rf"[{''.join(sorted({c for head in SERIES_HEADS for c in (head[0].lower(), head[0].upper())}))}"
    r"\x80-\U0010ffff])"
)
#: Reading verbs before a title. A plain alternation is tried at every offset, so the words
#: are spelt as a prefix tree for the standard library's engine, and the two conditions that
#: need Unicode classes (no letter before the verb, a capital after it) are checked in Python
#: (see :func:`_cue_ends`, which finds the matches from the capitals after them).
_CUE = re.compile(
    r"(?:re(?:ad(?:ing)?|read|-read|commend)|f(?:inished|ollow up with)|s(?:uggest|kip|upport|tarted)"
    r"|adored|loved|enjoyed|check out|pick(?:ed)? up|try)\*?[ \t]+"
)
#: The verbs :data:`_CUE` spells, and where a match of it may end before a capital, for the
#: standard library's engine: a letter that may be a capital (ASCII or not) after a space or
#: tab, itself after the last three letters of a verb (every verb has three), maybe an
#: asterisk, and maybe a second space or tab; or after three spaces or tabs. (Two letters were
#: not enough: "and" ends like "recommend".) The pattern opens with the capital, which is
#: rarer than the verbs' first letters, and tests the space before it first.
_CUE_VERBS = (
    *("read", "reading", "reread", "re-read", "recommend", "finished", "follow up with", "suggest", "skip"),
    *("support", "started", "adored", "loved", "enjoyed", "check out", "pick up", "picked up", "try"),
)
_CUE_VERB_ENDS = "|".join(sorted({re.escape(verb[-3:]) for verb in _CUE_VERBS}))
_CUE_END = re.compile(
    rf"[A-Z\x80-\U0010ffff](?<=[ \t].)(?:(?<=(?:{_CUE_VERB_ENDS})[ \t].)|(?<=(?:{_CUE_VERB_ENDS})\*[ \t].)"
    rf"|(?<=[ \t][ \t].)(?:(?<=(?:{_CUE_VERB_ENDS})[ \t][ \t].)|(?<=(?:{_CUE_VERB_ENDS})\*[ \t][ \t].)"
    r"|(?<=[ \t][ \t][ \t].)))"
)
_COORD = regex.compile(r"[*_\"”’']{0,2}[ \t]+(?:and|or|&|&amp;)[ \t]+(?:[Tt]he[ \t]+(?=\p{Lu}))?(?=\p{Lu})")
#: The start of :data:`_COORD` ("&amp;" opens with "&"), for the standard library's engine:
#: a necessary condition for it to match, tested first after every mention (most are followed
#: by punctuation, a line break or another word).
_COORD_START = re.compile(r"[*_\"”’']{0,2}[ \t]+(?:and|or|&)")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}'’])[\p{Lu}\p{N}][\p{L}\p{N}&]*+")
_FIRST = regex.compile(r"[\p{L}\p{N}&]+")
_ACRONYM_SHAPE = regex.compile(
    r"(?<![\p{L}\p{N}&;])(?:o|&(?:amp;)?)*+\p{Lu}(?:o|&(?:amp;)?)*+\p{Lu}(?:\p{Lu}|o|&(?:amp;)?)*+"
)
_AND_SPLIT = regex.compile(r"[ \t]+(?:and|or)[ \t]+(?=\p{Lu})")
_TRUNCATED = regex.compile(r"[ \t]*(?:\[\.\.\.\]|\.\.\.|…)")


def _article_before(text: str, pos: int) -> int:
    """Start of the article ("The", "the", "A", "An") just before ``pos``, or -1."""
    j = pos
    while j > 0 and text[j - 1] in " \t\n":
        j -= 1
    if pos - j > 4 or j == pos:
        return -1
    for article in ("The", "the", "An", "an", "A", "a"):
        k = j - len(article)
        if k >= 0 and text.startswith(article, k) and (k == 0 or not text[k - 1].isalnum()):
            return k
    return -1


class Spans:
    """A growing set of non-overlapping accepted spans, with fast overlap tests.

    Each accepted offset is marked in a byte, so that adding a span and testing one cost time
    in proportion to the span alone, however many were accepted (a sorted list would have to
    move half its entries on every insertion, which made the document rules quadratic).
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._marked = bytearray()
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        if end <= start:
            return self.covers(start)  # an empty span overlaps the span it lies in
        return self._marked.find(1, start, end) >= 0

    def covers(self, pos: int) -> bool:
        """Whether a span holds ``pos`` (``overlaps(pos, pos + 1)``, in one test)."""
        return pos < len(self._marked) and self._marked[pos] == 1

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return  # an empty span holds no offset
        marked = self._marked
        if end > len(marked):
            marked.extend(bytes(max(end - len(marked), len(marked) // 2)))
        marked[start:end] = b"\x01" * (end - start)


class _FixedSpans:
    """Sorted non-overlapping spans known at once (the matches on one line), tested by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in spans:  # in text order: the matches of one scan
            self.starts.append(s)
            self.ends.append(e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end


class _LineIndex:
    """The line holding an offset, and where mentions may start on it."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.starts = [ln.start for ln in lines]
        # First offset of each line where a mention may start: none on headings, metadata
        # and bold lines, and none in the markers before the content.
        never = sys.maxsize
        self.open_from = [
            never if ln.role in ("heading", "meta") or ln.bold_line else ln.content_start for ln in lines
        ]

    def line_at(self, pos: int) -> Line:
        return self.lines[max(0, bisect.bisect_right(self.starts, pos) - 1)]

    def searched(self, pos: int) -> bool:
        """Whether ``pos`` lies where a mention may start (see :attr:`open_from`)."""
        return pos >= self.open_from[max(0, bisect.bisect_right(self.starts, pos) - 1)]


class _UrlSpans:
    """The matches of :data:`_URL_SPANS` (link targets, bare URLs), found line by line when
    first asked about.

    Only the places that pass every other test of a mention are asked about, on a small share
    of the lines, so scanning those lines is cheaper than scanning the text. A match never
    holds a line break (every class it repeats excludes whitespace) and the pattern looks
    neither behind nor ahead, so a scan of one line, from its start to its break, finds the
    matches a scan of the whole text finds there: that scan reaches the line afresh, its last
    match having ended before the break.
    """

    def __init__(self, text: str, index: _LineIndex) -> None:
        self._text = text
        self._index = index
        self._of_line: dict[int, _FixedSpans] = {}  # by the offset where a line of the text starts
        self._line_start: dict[int, int] = {}  # by the number of a piece of a long line

    def overlaps(self, start: int, end: int) -> bool:
        """``Spans(m.span() for m in _URL_SPANS.finditer(text)).overlaps(start, end)``."""
        hi = max(end, start + 1)  # the lines that span can touch: those starting before this
        at, pos = self._start_of_line(start), start
        while True:
            if self._spans(at).overlaps(start, end):
                return True
            brk = self._text.find("\n", pos, hi - 1)
            if brk < 0:
                return False
            at = pos = brk + 1

    def _spans(self, at: int) -> _FixedSpans:
        """The matches on the line starting at ``at``."""
        spans = self._of_line.get(at)
        if spans is None:
            brk = self._text.find("\n", at)
            end = len(self._text) if brk < 0 else brk
            found = _URL_SPANS.finditer(self._text, at, end)
            spans = self._of_line[at] = _FixedSpans(m.span() for m in found)
        return spans

    def _start_of_line(self, pos: int) -> int:
        """Where the line of the text holding ``pos`` starts (a line break at ``pos`` ends it).

        The line breaks are looked for within the piece of :func:`split_lines` holding ``pos``
        only, and the pieces a long line was cut into are walked back (once each), so that the
        cost stays linear however long the line.
        """
        text, lines = self._text, self._index.lines
        i = bisect.bisect_right(self._index.starts, pos) - 1
        if i < 0:
            return text.rfind("\n", 0, pos) + 1
        brk = text.rfind("\n", lines[i].start, pos)
        if brk >= 0:
            return brk + 1
        walked = []
        while i not in self._line_start:
            piece = lines[i].start
            brk = text.rfind("\n", lines[i - 1].start if i else 0, piece)
            if brk >= 0 or i == 0:
                self._line_start[i] = brk + 1  # (0 where no break comes before the first piece)
                break
            walked.append(i)  # a piece of a cut line: its line starts where the previous one's does
            i -= 1
        for j in walked:
            self._line_start[j] = self._line_start[i]
        return self._line_start[i]


def _acronyms(title: str) -> set[str]:
    """Abbreviations readers form from a title: "P&S", "PoS", "C&F" (never plain initials)."""
    ws = [w for w in words(title)]
    while ws and ws[0].casefold() in ARTICLES:
        ws.pop(0)
    if len(ws) < 2 or len(ws) > 6:
        return set()
    out = set()
    parts_amp: list[str] = []
    parts_of: list[str] = []
    for w in ws:
        lw = w.casefold()
        if lw in ("and", "&"):
            parts_amp.append("&")
            parts_of.append("&")
        elif lw == "of":
            parts_amp.append("")
            parts_of.append("o")
        elif lw in FUNCTION_WORDS:
            parts_amp.append("")
            parts_of.append("")
        elif w[0].isupper():
            parts_amp.append(w[0])
            parts_of.append(w[0])
        else:
            return set()
    for parts in (parts_amp, parts_of):
        acro = "".join(parts)
        # Only forms with "&" or a lower-case "o": bare initials ("PS") are too ambiguous.
        if sum(c.isupper() for c in acro) >= 2 and ("&" in acro or any(c.islower() for c in acro)):
            out.add(acro)
    return out


def _is_word_char(ch: str) -> bool:
    """``\\w`` of the standard library's patterns: letters, digits and the underscore."""
    return ch.isalnum() or ch == "_"


class _TitleNode:
    """A node of a word trie over the known titles that share a first (or second) word."""

    __slots__ = ("children", "lengths", "one_word", "title")

    def __init__(self) -> None:
        self.children: dict[str, _TitleNode] = {}
        self.lengths: list[int] = []
        self.title: tuple[int, int, str] | None = None  # (length, -order, title)
        self.one_word = False  # (of a root) some title below has no space: its repeats are counted

    def add(self, words: list[str], alternatives: tuple[str, ...], rank: tuple[int, int, str]) -> None:
        node = self
        for i, w in enumerate(words):
            nxt = None
            # A function word after the first is keyed in lower case and matched in any case:
            # writers capitalise them at will ("Head on" / "Head On", "Gone with the Wind").
            small = i > 0 and w.casefold() in FUNCTION_WORDS
            for form in alternatives if i == 0 else (w.lower() if small else w,):
                child = node.children.get(form)
                if child is None:
                    child = node.children[form] = _TitleNode()
                    if len(form) not in node.lengths:
                        bisect.insort(node.lengths, len(form))  # in place: shared by an alias
                if nxt is None:
                    nxt = child
                elif child is not nxt:  # the lower-case article: same words after it
                    child.children, child.lengths = nxt.children, nxt.lengths
            assert nxt is not None
            node = nxt
        if node.title is None or rank > node.title:
            node.title = rank

    def match(self, text: str, at: int) -> tuple[int, str] | None:
        """The longest known title written at ``at`` as (end, title), or None.

        The words may be split by spaces and one line break (or run together); a leading
        article may be in lower case; the title must not run on into a longer word or a
        possessive.
        """
        best: tuple[int, int, str] | None = None
        best_end = -1
        size = len(text)
        stack: list[tuple[_TitleNode, int]] = [(self, at)]
        while stack:
            node, pos = stack.pop()
            if node is not self:
                if node.title is not None and (best is None or node.title > best) and _ends_title(text, pos):
                    best, best_end = node.title, pos
                if not node.lengths:
                    continue  # the last word of its titles
                while pos < size and text[pos] in " \t":
                    pos += 1
                if pos < size and text[pos] == "\n":
                    pos += 1
                while pos < size and text[pos] in " \t":
                    pos += 1
            for n in node.lengths:
                form = text[pos : pos + n]
                child = node.children.get(form)
                if child is None and node is not self and form[:1].isupper():
                    low = form.lower()  # a function word in capitals (only those are keyed so)
                    if low in FUNCTION_WORDS:
                        child = node.children.get(low)
                if child is not None:
                    stack.append((child, pos + n))
        return None if best is None else (best_end, best[2])


def _ends_title(text: str, pos: int) -> bool:
    """No longer word or possessive runs on from ``pos`` (``(?!\\w|['’]s\\b)``)."""
    if pos >= len(text):
        return True
    nxt = text[pos]
    if _is_word_char(nxt):
        return False
    possessive = nxt in "'’" and text.startswith("s", pos + 1)
    return not (possessive and (pos + 2 >= len(text) or not _is_word_char(text[pos + 2])))


class _FuzzyTitles:
    """Folded long titles, indexed for the misspelt-repetition test.

    A run of words is compared with the titles that share its first or its last significant
    (non-function) word, and of those only with the ones whose length leaves a ratio of 85
    possible (the Indel distance is at least the difference in length), so each lookup reads a
    short list rather than every title of the text. Where one word opens or closes very many
    titles, only those that also share the first two letters of the run's other significant
    word are read, which keeps every list bounded (a slip in those two letters is then missed).
    """

    _CUTOFF = 85
    _MAX_CHOICES = 300

    def __init__(self, folded: Iterable[str]) -> None:
        self._buckets: dict[str, list[tuple[int, str]]] = {}
        self._lengths: dict[str, list[int]] = {}
        self._pairs: dict[tuple[str, ...], list[str]] = {}
        self._sorted = sorted(set(folded))
        for title in self._sorted:
            keys = _sig_keys(title) or ("",)
            first, last = keys if len(keys) == 2 else ("", "")
            for narrow in {(first, last[:2]), (first[:2], last)}:
                self._pairs.setdefault(narrow, []).append(title)
            for key in set(keys):
                self._buckets.setdefault(key, []).append((len(title), title))
        for key, bucket in self._buckets.items():
            bucket.sort()
            self._lengths[key] = [n for n, _ in bucket]

    def close(self, folded: str) -> bool:
        """Whether some title has ``fuzz.ratio`` of at least 85 with ``folded``."""
        n = len(folded)
        lo = (n * 85) // 115 - 1
        hi = (n * 115) // 85 + 1
        sig = _sig_keys(folded)
        keys_pair = sig if sig else ("", "")
        keys = {*sig, ""}
        choices: list[str] = []
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                continue
            lengths = self._lengths[key]
            i = bisect.bisect_left(lengths, lo)
            j = bisect.bisect_right(lengths, hi)
            if j - i > self._MAX_CHOICES:
                # A word shared by very many titles ("The Last ..."): only the titles that
                # also share the run's other significant word.
                first, last = keys_pair
                narrow = (first, last[:2]) if key == first else (first[:2], last)
                pair = self._pairs.get(narrow)
                choices.extend(t for t in pair or () if lo <= len(t) <= hi)
                continue
            choices.extend(t for _, t in bucket[i:j])
        if not choices:
            return False
        return process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=self._CUTOFF) is not None

    def extends(self, folded: str) -> bool:
        """Whether some title starts with the words of ``folded`` and goes on ("…" truncation)."""
        prefix = folded + " "
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)


def _fold_run(run: str) -> str:
    """``fold(run)``, spelt out for the common run of plain ASCII words, hyphens and spaces.

    On such a run every step of :func:`~bibkit.match.fold` but three does nothing (no entity,
    apostrophe, accent, "&" or "_"): it lower-cases, turns the hyphens into spaces and folds the
    spaces, as done here at a fraction of the cost.
    """
    if run.isascii() and run.replace("-", "").replace(" ", "").replace("\t", "").isalnum():
        return " ".join(run.lower().replace("-", " ").split())
    return fold(run)


def _sig_keys(folded: str) -> tuple[str, ...]:
    """First and last significant words of a folded phrase (empty when it has none)."""
    sig = [w for w in folded.split() if w not in FUNCTION_WORDS]
    if not sig:
        return ()
    return (sig[0], sig[-1])


def _acronym_words(text: str, acros: Collection[str]) -> Iterator[regex.Match[str]]:
    """The matches of :data:`_ACRONYM_SHAPE` in ``text``, or at least all that start with one of ``acros``.

    Every abbreviation holds an "&" or a lower-case "o" (see :func:`_acronyms`), and an "o"
    before a capital is rare in prose: such anchors are found in quick passes, and the
    pattern is tried only where an abbreviation would start around one. A match found there
    is the one a scan of the whole text finds, since the look-behind of the pattern rejects
    every offset inside an earlier match (letters, "&" and ";" make up the matches).
    """
    offsets: dict[str, set[int]] = {}
    for acro in acros:
        amp = acro.find("&")
        if amp >= 0:
            offsets.setdefault("&", set()).add(amp)
            continue
        anchor = next((i for i in range(len(acro) - 1) if acro[i] == "o" and acro[i + 1] not in "o&"), -1)
        if anchor < 0:
            yield from _ACRONYM_SHAPE.finditer(text)  # no anchor to look for: scan everything
            return
        offsets.setdefault(acro[anchor : anchor + 2], set()).add(anchor)
    if not offsets:
        return
    # One pass per first character: a pattern opening with one literal character is searched
    # for far faster than an alternation of several. No two anchors overlap (an "o" anchor ends
    # in a capital), so the passes find every anchor a single one would.
    by_initial: dict[str, list[str]] = {}
    for spelt in sorted(offsets):
        by_initial.setdefault(spelt[0], []).append(re.escape(spelt))
    starts: set[int] = set()
    for anchors in by_initial.values():
        for m in re.finditer("|".join(anchors), text):
            at = m.start()
            starts.update(at - k for k in offsets[m.group()] if at >= k)
    for at in sorted(starts):
        found = _ACRONYM_SHAPE.match(text, at)
        if found is not None:
            yield found


#: A run of the characters capitalised words are made of, read backwards from where it ends.
_WORD_CHARS_BEFORE = regex.compile(r"(?r)[\p{L}\p{N}&]*+")
#: Characters of text per key for the key pattern to pay (compiling it costs about as much as
#: scanning a thousand characters per key), and the longest key (it bounds the pattern's nesting).
_CHARS_PER_KEY = 1000
_LONGEST_KEY = 100


def _capitalised_words(text: str, keys: Collection[str]) -> Iterator[tuple[int, str]]:
    """(start, word) of the matches of :data:`_CAPITALISED` whose word is one of ``keys``, in order.

    Most capitalised words of a text are not keys, so rather than visiting each, the keys are
    searched for with one pattern (a prefix tree of their characters, which the standard
    library's engine runs fast, with a look-ahead for the ASCII characters a word cannot stop
    before) and each place found is checked to hold such a word. That finds every one: a key
    found where the word is one is the whole word, since the tree tries the longest key first
    and a longer key would run on into a character the word stops before.
    Keys made of letters and digits cannot hide a word either, since a word never starts
    right after a letter or digit; and a word starting after an "&" is one of the scan's
    matches only if no earlier word runs on through that "&" (see :func:`_first_word_of_run`).
    Where there are too many keys for the size of the text, or keys with an "&", every word
    is read instead.
    """
    if not keys:
        return
    if len(keys) * _CHARS_PER_KEY > len(text) or any("&" in key or len(key) > _LONGEST_KEY for key in keys):
        for m in _CAPITALISED.finditer(text):
            if m.group() in keys:
                yield m.start(), m.group()
        return
    shaped = [key for key in keys if _CAPITALISED.fullmatch(key)]  # the others are never words
    if not shaped:
        return
    size = len(text)
    covered = (-1, -1)  # the last run after an "&" looked at: (its first word, the run's end)
    for key in re.finditer(_prefix_tree(shaped) + "(?![A-Za-z0-9&])", text):
        at, end = key.span()
        before = text[at - 1] if at else " "
        if before.isascii() and (end == size or text[end].isascii()):
            # No word character after the key (the pattern saw to the ASCII ones), so only
            # the look-behind is left to check: ASCII letters, digits and the apostrophe.
            if before.isalnum() or before == "'":
                continue
        else:
            word = _CAPITALISED.match(text, at)
            if word is None or word.end() != end:
                continue
        if before == "&":
            if at >= covered[1]:
                covered = _first_word_of_run(text, at)
            if covered[0] != at:
                continue
        yield at, key.group()


def _first_word_of_run(text: str, at: int) -> tuple[int, int]:
    """Where the scan's word holding ``at`` starts, and where it ends, for a word at ``at``.

    The run of word characters around ``at`` is read by the scan from its start (no earlier
    word runs into it): its first position where a word may start begins a word that takes
    the rest of the run.
    """
    run = _WORD_CHARS_BEFORE.match(text, 0, at)
    assert run is not None  # the pattern matches the empty string
    first = _CAPITALISED.search(text, run.start())
    assert first is not None  # at the latest, the word at ``at``
    return first.start(), first.end()


_Tree = dict[str, "_Tree"]


def _prefix_tree(keys: Iterable[str]) -> str:
    """A pattern matching any of ``keys``, spelt as a prefix tree, the longest key first."""
    tree: _Tree = {}
    for key in keys:
        node = tree
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _spell(tree)


def _spell(node: _Tree) -> str:
    """The pattern of one node of :func:`_prefix_tree`'s tree (a module-level function: a
    recursive closure would be a reference cycle, see ``extract``'s collector pause)."""
    branches = [re.escape(ch) + _spell(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


def _series(text: str) -> Iterator[regex.Match[str]]:
    """The matches of :data:`_SERIES` in ``text``, as its ``finditer`` finds them.

    The pattern is tried only at the articles :data:`_SERIES_HINT` points to (a quick search
    for a literal), and past the end of the previous match, as a scan would.
    """
    last_end = 0
    for hint in _SERIES_HINT.finditer(text):
        at = hint.start() - 1  # the "T" or "t"
        if at < last_end or text[at] not in "Tt":
            continue
        m = _SERIES.match(text, at)
        if m is not None:
            last_end = m.end()
            yield m


def _runs(text: str, lines: list[Line]) -> Iterator[tuple[re.Match[str] | regex.Match[str], Line]]:
    """The matches of :data:`_RUN` in the content of each searched line, in text order.

    A line is searched from its content to its end, except for headings, metadata and bold
    lines. Most lines are ASCII: their matches are taken from one scan of the whole text with
    :data:`_ASCII_RUN`, which finds the same ones there (see below); the other lines are
    scanned with :data:`_RUN`.

    A scan of the whole text tries every offset of a line from its content on, as a scan of
    the line does, provided no match of it runs from before the content into it: matches hold
    no line break (tried first there, the whole scan is at the line's start afresh) and the
    two patterns agree on ASCII text. The line must be ASCII from the character before its
    content (which the look-behind reads) to its end, and end at a line break or at the end of
    the text (a cut in a long line, where the line scan stops, is not one).
    """
    size = len(text)
    whole = _ASCII_RUN.finditer(text)
    ahead = next(whole, None)
    for line in lines:
        if line.role in ("heading", "meta", "blank") or line.bold_line:
            continue
        content, end = line.content_start, line.end
        plain = (end == size or text[end] == "\n") and text[max(0, content - 1) : end].isascii()
        if plain:
            while ahead is not None and ahead.start() < content:
                if ahead.end() > content:
                    plain = False  # runs into the content: the scan of the line is needed
                ahead = next(whole, None)
        if not plain:
            for m in _RUN.finditer(text, content, end):
                yield m, line
            continue
        while ahead is not None and ahead.start() < end:
            yield ahead, line
            ahead = next(whole, None)


def _cue_ends(text: str) -> list[tuple[int, int]]:
    """Spans of "read ", "*loved* ", "check out " ... before a capital, not inside a word.

    These are the matches of ``_CUE.finditer(text)`` followed by a capital and not preceded by
    a letter. Rather than trying the verbs at each of their (common) first letters, the scan
    starts from the capitals :data:`_CUE_END` finds and reads back over the spaces, an asterisk
    and a verb; a match found so is one the scan yields unless an earlier one it yields
    overlaps it ("reread" holds "read"; see :func:`_cue_yielded`).
    """
    out: list[tuple[int, int]] = []
    for capital in _CUE_END.finditer(text):
        end = capital.start()
        if not text[end].isupper():
            continue
        verb_end = end - 1  # the look-behind saw a space or tab there
        while verb_end > 0 and text[verb_end - 1] in " \t":
            verb_end -= 1
        if verb_end > 0 and text[verb_end - 1] == "*":
            verb_end -= 1
        if not text.endswith(_CUE_VERBS, 0, verb_end):
            continue  # most capitals: no verb before them
        for verb in _CUE_VERBS:
            start = verb_end - len(verb)
            if start < 0 or not text.startswith(verb, start):
                continue
            m = _CUE.match(text, start)
            if m is None or m.end() != end or not _cue_yielded(text, start):
                continue
            if start > 0 and text[start - 1].isalpha():
                continue
            out.append((start, end))
    return out


_LONGEST_CUE = max(len(verb) for verb in _CUE_VERBS)


def _cue_yielded(text: str, start: int) -> bool:
    """Whether ``_CUE.finditer`` yields the match of :data:`_CUE` at ``start``: whether none it
    yields overlaps it (such a match starts within the length of a verb before it)."""
    for earlier in range(max(0, start - _LONGEST_CUE + 1), start):
        m = _CUE.match(text, earlier)
        if m is not None and m.end() > start and _cue_yielded(text, earlier):
            return False
    return True


def document_candidates(
    text: str, lines: list[Line], accepted: list[Candidate], taken: Spans
) -> list[Candidate]:
    """Further mentions implied by the accepted ones; ``taken`` holds the accepted spans."""
    index = _LineIndex(lines)
    url_spans = _UrlSpans(text, index)

    def usable(start: int, end: int) -> bool:
        return index.searched(start) and not taken.overlaps(start, end) and not url_spans.overlaps(start, end)

    authors: set[str] = set()
    known: dict[str, str] = {}
    # Where each known title is first named explicitly, and by whom (for the topic test).
    first_named: dict[str, int] = {}
    named_by: dict[str, set[str]] = {}
    for c in accepted:
        last: set[str] = set()  # the surnames of its authors
        if c.author:
            for name in split_authors(c.author):
                authors.add(name.casefold())
                last.add(surname(name).casefold())
            authors |= last
        if c.confidence < 0.6:
            continue
        title = c.cleaned_title()
        if not title or (not title[0].isupper() and not title[0].isdigit()):
            continue
        known.setdefault(title, title)
        head = title.partition(": ")[0]
        if head != title and len(words(head)) >= 2:
            known.setdefault(head, head)
        for name_key in (title,) if head == title else (title, head):
            named_first = first_named.get(name_key)
            if named_first is None or c.start < named_first:
                first_named[name_key] = c.start
            if c.author:
                named_by.setdefault(name_key, set()).update(last)
    out: list[Candidate] = []

    def accept(cand: Candidate) -> None:
        taken.add(cand.start, cand.end)
        out.append(cand)

    # 1. The same title again, anywhere in the text. Found by looking up each word in a table
    # of first words (one pass over the text) rather than by one huge alternation, and matched
    # word by word in place (no pattern compiled per title).
    # Titles opening with an article are keyed on their second word, so that the very common
    # "the" does not trigger a trial match of every such title.
    by_first: dict[str, _TitleNode] = {}
    by_second: dict[str, _TitleNode] = {}
    for order, title in enumerate(known):
        ws = title.split()
        if len(ws) == 1 and (
            title.casefold() in authors or title.casefold() in SENTENCE_STARTERS or len(title) < 4
        ):
            continue
        article = ws[0].casefold() in ARTICLES and len(ws) > 1
        key = _FIRST.match(ws[1] if article else ws[0])
        if key is None:
            continue
        table = by_second if article else by_first
        root = table.get(key.group())
        if root is None:
            root = table[key.group()] = _TitleNode()
        forms = (ws[0], ws[0].casefold()) if article and ws[0] != ws[0].casefold() else (ws[0],)
        root.add(ws, forms, (len(title), -order, title))
        root.one_word = root.one_word or " " not in title
    hits: list[tuple[int, int, str]] = []
    counts: dict[str, int] = {}
    if by_first or by_second:
        first_word, second_word = by_first.get, by_second.get
        # Words inside accepted mentions (``taken`` is unchanged until the hits are accepted
        # below) are looked at only where they open a one-word title, whose repeats are
        # counted. Elsewhere such a word is never usable: a title from it, or from an article
        # before it, overlaps.
        counted = {key for key, root in by_first.items() if root.one_word}
        for word_start, word in _capitalised_words(text, by_first.keys() | by_second.keys()):
            if word not in counted and taken.covers(word_start):
                continue
            trie = first_word(word)
            if trie is not None:
                at = word_start
            else:
                trie = second_word(word)
                if trie is None:
                    continue
                at = _article_before(text, word_start)
                if at < 0:
                    continue
            if not trie.one_word and taken.covers(at):
                # Inside a mention accepted already (taken spans only grow): never usable, and
                # only the repeats of one-word titles are counted.
                continue
            hit = trie.match(text, at)
            if hit is not None:
                hits.append((at, hit[0], hit[1]))
                counts[hit[1]] = counts.get(hit[1], 0) + 1
    for start, end, title in hits:
        if " " not in title and counts[title] > 8:
            continue  # a word used everywhere is a topic or a name, not a reference
        if text[start].islower() and _topic_use(text, start, end, title, first_named, named_by):
            continue
        if usable(start, end):
            accept(Candidate(start, end, text[start:end], 0.7, "repeated_title"))

    # 2. Misspelt or truncated repetitions of long titles ("Lincoln on the Bardo"). Each run of
    # capitalised words is compared only with the long titles that share its first or last
    # significant word and whose length allows a close match, so the cost stays linear however
    # many distinct titles the text names.
    long_titles = [t for t in known if len(t.split()) >= 3]
    if long_titles:
        fuzzy = _FuzzyTitles(fold(t) for t in long_titles)
        for m, line in _runs(text, lines):
            start = m.start()
            if taken.covers(start):
                continue  # never usable, however the run is cut below (taken spans only grow)
            run = m.group()
            parts = run.split()
            while len(parts) > 1 and parts[-1].casefold() in FUNCTION_WORDS:
                parts.pop()
                run = run[: run.rstrip().rfind(parts[-1]) + len(parts[-1])] if parts else run
            end = start + len(run)
            if len(run.split()) < 3 or not usable(start, end):
                continue
            f = _fold_run(run)
            close = fuzzy.close(f)
            trunc = None if close else _TRUNCATED.match(text, end, line.end)
            if trunc is not None and fuzzy.extends(f) and len(run.split()) >= 4:
                end = trunc.end()
                run = text[start:end]
                close = True
            if close:
                accept(Candidate(start, end, run, 0.6, "repeated_title"))

    # 3. Abbreviations of known titles.
    acros: dict[str, str] = {}
    for title in known:
        for acro in _acronyms(title):
            acros[acro] = title
            if "&" in acro:
                acros[acro.replace("&", "&amp;")] = title
    if acros:
        # Abbreviations are spelt with capitals, "o" and "&" only: such words are found in one
        # pass and looked up (longest prefix first), rather than one alternation per title.
        lengths = sorted({len(a) for a in acros}, reverse=True)
        size = len(text)
        for m in _acronym_words(text, acros):
            start, word = m.start(), m.group()
            for n in lengths:
                if n > len(word) or word[:n] not in acros:
                    continue
                after = text[start + n] if start + n < size else ""
                if after and (after.isalpha() or after.isnumeric() or after == "&"):
                    continue
                if usable(start, start + n):
                    accept(Candidate(start, start + n, word[:n], 0.55, "abbreviation"))
                break

    # 4. Series: "the Culture novels", "the Border Trilogy" (not "the Hollinghurst novels").
    for m in _series(text):
        name = m.group("name")
        if name.casefold() in authors or any(w.casefold() in authors for w in name.split()):
            continue
        if name.casefold() in SENTENCE_STARTERS or not MEDIA_WORDS.isdisjoint(name.casefold().split()):
            continue  # "the TV series", "the Netflix Film series": no books
        start = m.start("name")
        if usable(start, m.end()):
            accept(Candidate(start, m.end(), text[start : m.end()], 0.55, "series"))

    # 5. Titles coordinated with a mention ("X and Y", "X or Y") and titles after reading verbs.
    # Only the few mentions followed by a conjunction are sorted (see :data:`_COORD_START`).
    size = len(text)
    anchors = [c for c in (*accepted, *out) if _COORD_START.match(text, c.end, min(size, c.end + 40))]
    for c in sorted(anchors, key=attrgetter("start")):
        coord = _COORD.match(text, c.end, min(size, c.end + 40))
        if coord is None:
            continue
        _coordinated(text, coord.end(), index, authors, usable, accept)
    for cue_start, cue_end in _cue_ends(text):
        line = index.line_at(cue_start)
        found = _title_after(text, cue_end, line.end, allow_commas=False)
        if found is None:
            continue
        start, end, _ = found
        title = text[start:end]
        ws = words(title)
        lower_ws = [w.casefold() for w in ws]
        if len(ws) < 2 or not is_title_case(title):
            continue
        if not (lower_ws[0] in ARTICLES or any(w in FUNCTION_WORDS for w in lower_ws[1:]) or "&" in title):
            continue
        if title.casefold() in authors or lower_ws[0] in SENTENCE_STARTERS:
            continue
        if not any(ch.islower() for ch in title):
            continue  # "support A&B": initials after a verb name an organisation or a person
        pair = _AND_SPLIT.search(title)
        if pair is not None and len(words(title[: pair.start()])) >= 3:
            end = start + pair.start()
            title = text[start:end]
        if usable(start, end):
            accept(Candidate(start, end, title, 0.5, "cue_title"))
            c2 = _COORD.match(text, end, min(len(text), end + 40))
            if c2 is not None:
                _coordinated(text, c2.end(), index, authors, usable, accept)
    return out


_WORD = regex.compile(r"[\p{L}\-]+")


def _topic_shaped(title: str) -> bool:
    """A title that is also the name of an event, a period, a place or a subject: a capitalised
    article and a short capitalised noun phrase ("The Russian Revolution", "The Cold War")."""
    ws = title.split()
    if not 2 <= len(ws) <= 4 or ws[0] not in ("The", "A", "An"):
        return False
    return all(w[:1].isupper() and w.isalpha() and w.casefold() not in FUNCTION_WORDS for w in ws[1:])


def _topic_use(
    text: str,
    start: int,
    end: int,
    title: str,
    first_named: dict[str, int],
    named_by: dict[str, set[str]],
) -> bool:
    """Whether a repeat of a topic-shaped title names the topic rather than the book.

    People write about the subject a list is on: "books on the Russian Revolution", "the
    history of the Cold War", "Rome during the Roman Empire". Such a repeat has a lower-case
    article (the book's own title capitalises it), and it either follows a preposition that
    makes it a topic (after a reading noun or verb: "books on", "reading about"; after a
    subject noun: "the history of"; in time: "during", "the years after"), or it comes before
    the book is named at all, with none of its authors nearby on its line.
    """
    if not _topic_shaped(title):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = [w.casefold() for w in _WORD.findall(text, max(line_start, start - 60), start)]
    if before:
        prev = before[-1]
        ahead = before[-4:-1]
        topic_prep = prev in ("on", "about", "regarding", "concerning", "covering")
        if topic_prep and set(ahead) & READING_TOPIC_WORDS:
            return True
        if prev == "of" and len(before) >= 2 and before[-2] in SUBJECT_NOUNS:
            return True
        if prev in TEMPORAL_PREPOSITIONS:
            return True
        if prev in ("after", "before") and len(before) >= 2 and before[-2] in TIME_NOUNS:
            return True
    if start >= first_named.get(title, -1):
        return False
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    near = {w.casefold() for w in _WORD.findall(text, max(line_start, start - 150), min(line_end, end + 150))}
    return not near & named_by.get(title, set())


def _coordinated(
    text: str,
    pos: int,
    index: _LineIndex,
    authors: set[str],
    usable: Callable[[int, int], bool],
    accept: Callable[[Candidate], None],
) -> None:
    """Accept the title coordinated with a mention at ``pos`` ("… and Stardust.")."""
    line = index.line_at(pos)
    found = _title_after(text, pos, line.end, allow_commas=False)
    if found is None:
        return
    start, end, _ = found
    title = text[start:end]
    ws = words(title)
    if not ws or not is_title_case(title) or title.casefold() in authors:
        return
    if ws[0].casefold() in SENTENCE_STARTERS or any(w.casefold() in authors for w in ws):
        return
    if len(ws) == 1:
        nxt = text[end : end + 1]
        if nxt not in ("", ".", "!", "?", ",", ")", "\n") or len(ws[0]) < 4:
            return
    elif len(ws) < 3 and not (
        ws[0].casefold() in ARTICLES or any(w.casefold() in FUNCTION_WORDS for w in ws[1:])
    ):
        return
    if usable(start, end):
        accept(Candidate(start, end, title, 0.5, "coordinated_title"))
