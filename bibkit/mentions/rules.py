"""Line-level rules: the writing patterns that name a book, each yielding scored candidates.

Every rule starts from a cheap anchor found by a bounded regex (the word "by", a possessive,
a markdown link, an emphasised or quoted span, the start of a list item) and then reads a
bounded window around it, so the cost is linear in the input however it is shaped.

Confidence scale (see :mod:`bibkit.mentions.extract` for the full table):

* 0.95 author with a marked title ('Author's "Title"', "Author, *Title*", "[Title](url) by A")
* 0.90 author with an unmarked title ("Title by Author", "Author, Title" on its own line)
* 0.85 a title linked to a bookshop or ISBN
* 0.80 possessive with a title-case title ("Taylor's Classical Mechanics"); a list entry
  pairing a plain personal name with a sentence-case title ("Albert Camus, La peste")
* 0.70 a marked title standing alone (*Title*, "Title"), a linked list item
* 0.60 a bare title-case list line or one-line reply
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from bibkit.mentions.layout import LINE_ITEM_MAX, Frame, Line, find_frames
from bibkit.mentions.lexicon import (
    ARTICLES,
    BOOK_CUES,
    CREDIT_PARTICIPLES,
    DATE_WORDS,
    EDITION_WORDS,
    FUNCTION_WORDS,
    GENRE_HEADS,
    MEDIA_WORDS,
    NAME_PARTICLES,
    NON_BOOK_FORMS,
    PASSIVE_HINTS,
    PEOPLE_WORDS,
    PREDICATE_VERBS,
    REPLY_WORDS,
    ROLE_WORDS,
    SENTENCE_STARTERS,
    is_subject_label,
)
from bibkit.mentions.names import (
    ASCII_AUTHORS,
    AUTHORS,
    NAME,
    fullmatch_authors,
    is_plausible_author,
    match_authors,
    split_authors,
)
from bibkit.mentions.titles import (
    WHITESPACE,
    YEAR,
    _is_capital_word,
    clean_title,
    first_lower_word,
    first_word,
    has_cjk,
    is_shouted,
    is_title_case,
    is_title_case_words,
    words,
)

__all__ = ["Candidate", "line_candidates"]


@dataclass(slots=True)
class Candidate:
    """A possible mention before overlaps are resolved (offsets into the source text)."""

    start: int
    end: int
    title: str
    confidence: float
    kind: str
    author: str | None = None
    year: int | None = None
    url: str = ""
    _cleaned: str | None = field(default=None, repr=False, compare=False)

    def cleaned_title(self) -> str:
        """The title with markup and trailing punctuation removed (:func:`clean_title`), worked
        out once: the document rules read it for every accepted candidate, and so does the
        Mention built from it."""
        if self._cleaned is None:
            self._cleaned = clean_title(self.title)
        return self._cleaned


#: A social-media handle standing for an author ("Skin in the Game by @nntaleb").
_HANDLE = r"@\w{2,30}+(?:[ \t]*&[ \t]*@\w{2,30}+)?"
_BY = regex.compile(rf"(?<=[\s*\"”')\]])by[ \t]+(?P<author>{AUTHORS}|{_HANDLE})")
_POSSESSIVE = regex.compile(rf"(?P<author>{AUTHORS})(?:['’]s|(?<=s)['’])(?=[ \t:])")
#: A line that only names the author of the entry above it ("by Author", "By Author.").
_BY_LINE = regex.compile(rf"[Bb]y[ \t]+(?P<author>{AUTHORS}|{_HANDLE})[ \t.]*$")


#: :data:`_BY` and :data:`_POSSESSIVE` for ASCII text (``\s`` spelt out: the standard engine's
#: also takes the separators \x1c-\x1f, which ``regex``'s does not; ``\w`` agrees on ASCII).
_ASCII_BY = re.compile(rf"(?<=[\t\n\x0b\x0c\r *\"”')\]])by[ \t]+(?P<author>{ASCII_AUTHORS}|{_HANDLE})")
_ASCII_POSSESSIVE = re.compile(rf"(?P<author>{ASCII_AUTHORS})(?:['’]s|(?<=s)['’])(?=[ \t:])")
#: Everything up to the last character before a possessive mark that no name (see
#: :data:`NAME`) can hold, judged with ASCII classes only (other characters are let through):
#: a character that no name, initial or joiner ("and", "&amp;", "/") is made of; a full stop
#: or hyphen after an ASCII character that is not a capital (initials are "E.") or not a letter
#: ("Jean-Paul"); an apostrophe before one that is not a capital ("O'Brien"); a lower-case
#: letter after a space or tab that opens no particle ("von ") and no "and " (after a space a
#: name holds only capitals, particles and "and"). Matched up to the mark, whose apostrophe is
#: no capital, so what a lookahead reads there is what it would read in the whole line.
_NAMES_CUT = re.compile(
    r".*(?:[^A-Za-z \t.'’&;/\-\x80-\U0010ffff]|(?<=[\x00-@\[-\x7f])\.|(?<=[\x00-@\[-`{-\x7f])-"
    r"|['’](?=[\x00-@\[-\x7f])|[ \t](?!(?:"
    + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
    + r"|and)[ \t])[a-z])",
    re.DOTALL,
)
_ARTICLE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:[Tt]he|An?|an?)[ \t]+$")
_PAREN_AUTHOR_YEAR = regex.compile(rf"[ \t]*\((?P<author>{AUTHORS}),[ \t]*(?P<year>{YEAR})\)")
_AFTER_AUTHOR = regex.compile(rf"[ \t]*\((?P<year>{YEAR})\)")
#: The characters an :data:`_AFTER_AUTHOR` match opens with.
_YEAR_OPENERS = (" ", "\t", "(")
_DASH = re.compile(r"[ \t]+[-–—][ \t]+")  # (no Unicode classes: the standard engine is faster)
#: What may follow the author of a "Title - Author" entry: the end of a sentence or another
#: dash, then the reader's comment ("The Prize - Daniel Yergin. This is the history of oil").
_AFTER_DASH_AUTHOR = regex.compile(
    r"[.!;:]?[ \t]*$|[.!;:][ \t]+(?=\S)|[ \t]+[-–—][ \t]+(?=\S)|[ \t]*[-–—][ \t]*(?=\p{Lu})"
)
_CHUNK = regex.compile(r"\S{1,80}+")
#: :data:`_CHUNK` for ASCII text (the standard engine's ``\s`` also takes \x1c-\x1f).
_ASCII_CHUNK = re.compile(r"[^\t\n\x0b\x0c\r ]{1,80}+")
_HARD_END = '.!?;)]}"”»'
_SOFT_END = ",:"
_EDGE_PUNCT = "\"'“”‘’«»„*_()[]{}.,;:!?"
_URLISH = regex.compile(r"https?://|www\.|\.(?:com|org|net|io|co)\b|^[#@]|/")
#: :data:`_URLISH` for ASCII text (``\b`` reads the same ASCII word characters in both engines).
_ASCII_URLISH = re.compile(_URLISH.pattern)
_BOOK_URL = regex.compile(
    r"amazon\.|amzn\.|goodreads\.|bookshop\.|books\.google|openlibrary\.|worldcat\.|barnesandnoble\.|"
    r"/dp/|/gp/product/|isbn|/book/|/books/|^[A-Z0-9]{10}$|^\d{9}[\dX]$|^97[89]\d{10}$",
    regex.IGNORECASE,
)
_NON_BOOK_URL = regex.compile(
    r"twitter\.|//x\.com|//t\.co|reddit\.|youtube\.|youtu\.be|wikipedia\.|/blog/|/posts?/|/user/|/u/|"
    r"/hashtag/|medium\.com|imdb\.|spotify\.|podcast|/status/|/watch|/video|substack\.|/article",
    regex.IGNORECASE,
)
#: The literal alternatives of :data:`_BOOK_URL` and :data:`_NON_BOOK_URL`, lower-cased. On an
#: ASCII address, a case-insensitive match of an ASCII word is a substring test on the address
#: in lower case (no other character folds to an ASCII letter), far cheaper than the patterns.
_BOOK_URL_WORDS = (
    *("amazon.", "amzn.", "goodreads.", "bookshop.", "books.google", "openlibrary.", "worldcat."),
    *("barnesandnoble.", "/dp/", "/gp/product/", "isbn", "/book/", "/books/"),
)
_NON_BOOK_URL_WORDS = (
    *("twitter.", "//x.com", "//t.co", "reddit.", "youtube.", "youtu.be", "wikipedia.", "/blog/"),
    *("/post/", "/posts/", "/user/", "/u/", "/hashtag/", "medium.com", "imdb.", "spotify.", "podcast"),
    *("/status/", "/watch", "/video", "substack.", "/article"),
)
_SENTENCE_SPLIT = regex.compile(r"(?<=[.!?])\s+(?=\S)|:\s+(?=\p{Ll})|\s+[-–—]\s+(?=\p{Ll})")
#: Imperatives and adverbs that open a sentence before a title ("Try Capital in ...").
_LEADING_VERBS = frozenset(
    [
        "try",
        "read",
        "reading",
        "reread",
        "recommend",
        "check",
        "see",
        "get",
        "also",
        "and",
        "but",
        "so",
        "then",
        "maybe",
        "perhaps",
        "definitely",
        "just",
    ]
)
_ABBREV = regex.compile(r"\p{Lu}\.|Vol\.|No\.|Mrs?\.|Dr\.|St\.")
_SENT_END = regex.compile(r"[.!?](?=\s|$)|\s\(|$")
_AUTHOR_SEP = re.compile(r"[ \t]*([,:])[ \t]+")
_COMMA_TITLE_STOP = regex.compile(
    rf",[ \t]*(?:reprint[ \t]+|revised[ \t]+)?({YEAR})(?![\d\-–])"
    r"|(?<!(?<![\p{L}])\p{Lu})[.!](?=\s|$)|[ \t]\("  # not the dot of an initial ("Robert R. McCammon")
)
_YEAR_AFTER = regex.compile(rf"[ \t,]*(?:reprint[ \t]+|revised[ \t]+)?({YEAR})(?![\d\-–])")
#: A dash and a capitalised word: the comment after an entry when that word opens sentences.
_DASH_COMMENT = regex.compile(r"[ \t]+[-–—][ \t]+(\p{Lu}[\p{L}'’]*+)")
_CJK_SENTENCE = re.compile(r"[。，！？]")
_AND_TITLES = regex.compile(r"\s+and\s+(?=\p{Lu})")
_NEXT_LOWER = regex.compile(r"[ \t]*(\p{Ll}[\p{L}]*)")
_TRAILING_NOTE = regex.compile(r"\s*\([^()]{0,60}\)\s*$")


def has_spaced_dash(body: str) -> bool:
    """A necessary condition for :data:`_DASH` (and :data:`_DASH_COMMENT`) to match in ``body``:
    a space or tab right before a dash. Hyphens inside words ("Wind-Up") are common in list
    lines; a dash set off by spaces is not, and a substring test finds it at C speed. An
    ASCII line (told at once) holds no en or em dash, so it needs only the hyphen tests.
    """
    if " -" in body or "\t-" in body:
        return True
    return not body.isascii() and (" –" in body or " —" in body or "\t–" in body or "\t—" in body)


def _word_of(chunk: str) -> str:
    return chunk.strip(_EDGE_PUNCT)


def _kind(word: str) -> str:
    """``cap`` (capitalised or numeric), ``func`` (title-case function word) or ``lower``."""
    if not word:
        return "none"
    first = word[0]
    if first.isupper() or first.isdigit() or first == "&":
        return "cap"
    if word.casefold() in FUNCTION_WORDS or word == "&amp;":
        return "func"
    if first.isalpha() or any(c.isalpha() for c in word):  # mostly answered by the first letter
        return "lower"
    return "none"


def _frame_ending_at(frames: list[Frame], pos: int) -> Frame | None:
    best: Frame | None = None
    for f in frames:
        if f.end == pos and (best is None or f.start < best.start):
            best = f
    return best


def _frame_starting_at(frames: list[Frame], pos: int) -> Frame | None:
    best: Frame | None = None
    for f in frames:
        if f.start == pos and (best is None or f.end > best.end):
            best = f
    return best


def _inside_frame(frames: list[Frame], start: int, end: int) -> bool:
    return any(f.inner_start <= start and end <= f.inner_end for f in frames)


#: :data:`_CHUNK` read backwards: the same chunks as long as no run of non-space characters
#: is longer than a chunk (then the two cut it at different places).
_CHUNK_BACK = regex.compile(r"(?r)\S{1,80}+")
_CHUNK_MAX = 80
#: At most this many chunks before "by" make up a title or the clause that holds it.
_CLAUSE_MAX = 12


def _chunks_back(text: str, start: int, pos: int) -> list[tuple[int, int, str]]:
    """The last :data:`_CLAUSE_MAX` chunks of ``text[start:pos]``, last first.

    Read backwards, so that a long window costs no more than the few chunks before ``pos``:
    split at spaces where the space is the only whitespace, else by the pattern run backwards.
    Where a chunk is as long as a chunk can be, its run of characters may be cut differently
    from a forward reading, and the chunks are read forwards instead.
    """
    window = text[start:pos]
    if window.isprintable():  # then the space is its only whitespace (see titles.WHITESPACE)
        parts = window.rsplit(" ", 2 * _CLAUSE_MAX)
        chunks: list[tuple[int, int, str]] = []
        e = pos
        for i in range(len(parts) - 1, -1, -1):
            part = parts[i]
            s = e - len(part)
            if part:
                if len(part) >= _CHUNK_MAX or (i == 0 and len(parts) > 2 * _CLAUSE_MAX):
                    break  # a run a chunk may cut, or the unsplit rest: read by the pattern
                chunks.append((s, e, part))
                if len(chunks) == _CLAUSE_MAX:
                    return chunks
            e = s - 1
        else:
            return chunks
    chunks = []
    for m in _CHUNK_BACK.finditer(text, start, pos):
        s, e = m.span()
        if e - s >= _CHUNK_MAX:
            forward = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(text, start, pos)]
            return forward[: -_CLAUSE_MAX - 1 : -1]
        chunks.append((s, e, m.group()))
        if len(chunks) == _CLAUSE_MAX:
            break
    return chunks


def _title_before(text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """Span of the unmarked title that ends just before ``pos`` ("Age of Anger| by Mishra").

    Reads back over capitalised and function words, across commas and colons when the word
    before them is capitalised too ("Div, Grad, Curl and All That"), and stops at sentence
    punctuation or an ordinary lower-case word. When that leaves nothing, a short clause that
    opens with a capital ("Touching the void") or a capitalised article in mid-sentence ("…
    but The eyes of the dragon") is taken instead.
    """
    chunks = _chunks_back(text, max(lo, pos - 250), pos)
    if not chunks:
        return None
    last = _word_of(chunks[0][2])
    if _kind(last) == "lower" and len(last) > 4 and last.endswith(PASSIVE_HINTS):
        return None  # passive: "narrated by", "written by", "inspired by"
    if last[:1].isupper() and last.casefold() in CREDIT_PARTICIPLES:
        return None  # a credit opening a line or sentence: "Produced by", "Translated by"
    taken: list[tuple[int, int, str]] = []
    clause: list[tuple[int, int, str]] = []
    stopped_lower = False
    for idx, (s, e, chunk) in enumerate(chunks):
        is_last = idx == 0
        if not is_last and chunk[-1] in _HARD_END and not _ABBREV.fullmatch(chunk):
            break
        word = _word_of(chunk)
        kind = _kind(word)
        soft = not is_last and chunk[-1] in _SOFT_END
        if soft and (kind != "cap" or word.casefold() in SENTENCE_STARTERS):
            break
        if not stopped_lower:
            if kind in ("cap", "func"):
                taken.append((s, e, chunk))
            elif kind == "lower":
                stopped_lower = True
        clause.append((s, e, chunk))
        if chunk[0] in "([\"“«'‘*" and not stopped_lower:
            break
        if len(clause) >= _CLAUSE_MAX:
            break
    taken.reverse()
    while taken and (
        _kind(_word_of(taken[0][2])) == "func"
        or (len(taken) > 1 and _word_of(taken[0][2]).casefold() in _LEADING_VERBS)
    ):
        taken.pop(0)
    if taken:
        return _trim_span(text, taken[0][0], taken[-1][1])
    clause.reverse()
    if not clause:
        return None
    for i, (s, _e, chunk) in enumerate(clause):
        word = _word_of(chunk)
        if len(clause) - i > 6:
            continue
        if word in ("The", "A", "An") or (
            i == 0 and _kind(word) == "cap" and word.casefold() not in SENTENCE_STARTERS
        ):
            if i == 0 and len(clause) > 4:
                continue
            return _trim_span(text, s, clause[-1][1])
    return None


#: The edge punctuation :func:`_trim_span` strips from the start of a span: all but "?" and "(".
_SPAN_LEAD = _EDGE_PUNCT.replace("?", "").replace("(", "")


def _trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPAN_LEAD:
        start += 1
    while end > start and text[end - 1] in ".,;:!*_\"'“”‘’»)]":
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    return (start, end) if end > start else None


def _title_after(text: str, pos: int, hi: int, *, allow_commas: bool) -> tuple[int, int, bool] | None:
    """Span of the unmarked title-case title that starts at ``pos``.

    Returns ``(start, end, stopped_by_lower)``; the last flag tells the caller that the run
    ended at an ordinary lower-case word (the title may continue in lower case).
    """
    if "a" <= text[pos : pos + 1] <= "z":
        # The first chunk opens with an ASCII lower-case letter, which no edge punctuation
        # strips: an ordinary word or a function word, and neither opens a title.
        return None
    # The title runs from the first word taken to the last one that is not a function word
    # (the first is never one): only those two offsets and the count are kept.
    first_start = last_end = -1
    stopped_lower = False
    stop = min(hi, pos + 300)
    count = 0  # the words taken so far
    for m in (_ASCII_CHUNK if text[pos:stop].isascii() else _CHUNK).finditer(text, pos, stop):
        chunk = m.group()
        word = chunk.strip(_EDGE_PUNCT)
        lead = word[:1]
        kind = "cap" if lead.isupper() or lead.isdigit() or lead == "&" else _kind(word)  # (as _kind)
        if kind == "lower" or (kind == "none" and chunk not in ("&", "&amp;", "-", "–")):
            stopped_lower = kind == "lower"
            break
        if chunk[0] == "(" and count:
            break
        if not count:
            if kind == "func":
                break
            first_start = m.start()
        if kind != "func":
            last_end = m.end()
        count += 1  # noqa: SIM113 (every chunk is taken or ends the loop, but that is not obvious)
        if count >= 20:
            break
        end_char = chunk[-1]
        if end_char in _HARD_END and not _ABBREV.fullmatch(chunk):
            break
        if end_char == "," and not allow_commas:
            break
    if last_end < 0:
        return None
    span = _trim_span(text, first_start, last_end)
    if span is None:
        return None
    return span[0], span[1], stopped_lower


def _title_ok(title: str, *, strict: bool) -> bool:
    """Plausibility of a candidate title's wording, strict for unmarked or uncued spans."""
    ws = words(title)
    if not ws or len(ws) > 24:
        return False
    if len(ws) == 1 and ws[0].casefold() in REPLY_WORDS:
        return False
    if has_cjk(title):
        return True
    if strict:
        return is_title_case_words(ws, max_words=20)
    return _is_capital_word(ws[0])


def _link_is_book(frame: Frame, inner: str, *, list_entry: bool, followed_by_author: bool) -> float:
    """Confidence that a markdown link names a book (0 when it does not)."""
    if inner.startswith(("#", "@")) or (
        # Each branch of the pattern but "^[#@]" holds a "." or a "/": most titles have neither.
        ("." in inner or "/" in inner) and (_ASCII_URLISH if inner.isascii() else _URLISH).search(inner)
    ):
        return 0.0
    if not _title_ok(inner, strict=not followed_by_author):
        return 0.0
    if _is_book_url(frame.url):
        return 0.85
    if _is_non_book_url(frame.url):
        return 0.0
    if followed_by_author or list_entry:
        return 0.7
    return 0.0


def _is_book_url(url: str) -> bool:
    """``_BOOK_URL.search(url)``: a bookshop, catalogue or ISBN address, or a bare ISBN or ASIN."""
    if not url.isascii():
        return _BOOK_URL.search(url) is not None
    lowered = url.lower()
    if any(map(lowered.__contains__, _BOOK_URL_WORDS)):
        return True
    # "^[A-Z0-9]{10}$" (which holds "^\d{9}[\dX]$") and "^97[89]\d{10}$", ignoring case.
    return (len(url) == 10 and url.isalnum()) or (
        len(url) == 13 and url[:3] in ("978", "979") and url.isdigit()
    )


def _is_non_book_url(url: str) -> bool:
    """``_NON_BOOK_URL.search(url)``: a social network, video, blog or encyclopedia address."""
    if not url.isascii():
        return _NON_BOOK_URL.search(url) is not None
    lowered = url.lower()
    return any(map(lowered.__contains__, _NON_BOOK_URL_WORDS))


def line_candidates(text: str, line: Line, lines: Sequence[Line] = (), index: int = -1) -> list[Candidate]:
    """All candidate mentions found on one line.

    ``lines`` and ``index`` (the line's place among them) let a rule read the neighbouring
    lines; without them only the line's own list marker says it belongs to a list.

    Every rule is guarded by substring tests on the line for what its pattern needs (the
    word "by", an apostrophe, a bracket, a colon): most lines hold none of them, and a
    test that finds nothing costs far less than a pattern that finds nothing.
    """
    cs, end = line.content_start, line.end
    role = line.role
    if role == "meta" or role == "blank" or cs >= end:
        return []
    out: list[Candidate] = []
    body = text[cs:end]
    frames = find_frames(text, cs, end, body)
    plain = role != "heading" and not line.bold_line  # headings and bold lines name sections
    consumed: set[Frame] = set()
    if "by" in body and (" by " in body or "\tby " in body or "by\t" in body):
        _by_author(text, line, frames, consumed, out)
    if "(" in body and _year_closes_bracket(body):
        _paren_author(text, cs, end, frames, consumed, out)
    if (
        plain
        and ("'" in body or "’" in body)
        and ("s'" in body or "s’" in body or "'s" in body or "’s" in body)
    ):
        _possessive(text, line, body, frames, consumed, out)
    if frames and "](" in body:  # a link needs "]("
        _links(text, line, frames, consumed, out)

    # Item-level patterns: the whole line is one entry.
    if end - cs <= LINE_ITEM_MAX:
        if line.itemish:
            out.extend(_item_candidates(text, line, frames, consumed, _ListBlock(text, line, lines, index)))
        elif role == "text" and not line.bold_line and _may_pair_author(body):
            entries = _entry_with_author(
                text, line, frames, consumed, _ListBlock(text, line, lines, index), whole_line=True
            )
            if entries is not None:
                out.extend(entries or _bare_entry(text, line, frames, commented=True))

    if (
        frames
        and lines
        and role != "heading"
        and end - cs <= LINE_ITEM_MAX
        and frames[0].start == cs
        and frames[0].end >= end - 1
    ):
        # (Only a line that one frame covers can be a framed title; see below.)
        framed = _framed_above_author(text, line, frames, _ListBlock(text, line, lines, index))
        if framed is not None:
            consumed.add(framed[0])
            out.append(framed[1])
    if plain:
        # Titles enumerated after a colon that announces books ("... in this series: A, B, and C.").
        if ": " in body and _may_announce_books(body):
            out.extend(_enumerated_titles(text, cs, end))
        # Emphasised or quoted titles standing alone.
        for f in frames:
            if f.kind != "link" and f not in consumed:
                cand = _standalone_frame(text, line, f)
                if cand is not None:
                    out.append(cand)
    return out


def _framed_above_author(
    text: str, line: Line, frames: list[Frame], block: _ListBlock
) -> tuple[Frame, Candidate] | None:
    """A line that is wholly a quoted, italic or bold title above a line that names its author
    ('"The Rules of Magic"' / "By Alice Hoffman"): blog posts set each book off so. Alone, a
    whole line in markup reads as a heading (see :func:`_standalone_frame`); the author line
    below says it names a book. Only the first frame can cover the line, and the neighbour is
    read only when it does."""
    f = frames[0]
    if f.kind == "link" or f.start != line.content_start or f.end < line.end - 1:
        return None
    inner = text[f.inner_start : f.inner_end]
    if not _title_ok(inner, strict=False):
        return None
    author = block.author_below()
    if author is None:
        return None
    return f, Candidate(f.start, f.end, inner, 0.8, f.kind, author)


def _may_pair_author(body: str) -> bool:
    """A necessary condition for the entry rules to find anything on a line of running text
    (``_entry_with_author(..., whole_line=True)``, then ``_bare_entry(..., commented=True)``).

    An "Author, Title" opens with a name, whose first letter is a capital (A-Z on ASCII), and
    a comma or colon follows it; a "Title - Author" and a commented bare entry need a dash set
    off by a space; a bibliography entry with a single-name author needs a full stop and the
    credit of a translator or editor ("Homer. The Odyssey. Trans. Robert Fagles."). Wrapped
    prose lines often open in lower case or hold no comma.
    """
    if has_spaced_dash(body):
        return True
    lead = body[:1]
    if not ("A" <= lead <= "Z" or (lead != "" and not lead.isascii())):
        return False
    return "," in body or ":" in body or (". " in body and _may_credit(body))


def _may_credit(body: str) -> bool:
    """A necessary condition for :data:`_BIB_CREDIT` to match in ``body``: each of its credits
    ("Trans.", "translated by", "Tr.", "Ed.", "Eds.", "edited by", after a space) holds one
    of these substrings, and prose sentences that end in "-ed." hold none."""
    return (
        "rans" in body
        or "dited" in body
        or " Ed" in body
        or " ed" in body
        or " Tr." in body
        or " tr." in body
    )


def _by_matches(text: str, cs: int, end: int) -> list[re.Match[str] | regex.Match[str]]:
    """The matches of :data:`_BY` in ``text[cs:end]``, tried only where "by" and a space stand.

    Every match opens with "by", so trying the pattern at each "by" after the last match, in
    order, finds the matches its scan would find, without running it over the whole line.
    """
    found: list[re.Match[str] | regex.Match[str]] = []
    pos = cs
    ascii_text = text[cs - 1 if cs else 0 : end].isascii()  # all a match may read
    at = text.find("by", cs, end)
    while at >= 0:
        if (
            at >= pos
            and text[at + 2 : at + 3] in (" ", "\t")
            and at + 2 < end
            and _may_open_by(text, at, end)
        ):
            m = (_ASCII_BY if ascii_text else _BY).match(text, at, end)
            if m is not None:
                found.append(m)
                pos = m.end()
        at = text.find("by", at + 1, end)
    return found


#: What may stand before "by" in a :data:`_BY` match, besides whitespace.
_BEFORE_BY = frozenset("*\"”')]")


def _may_open_by(text: str, at: int, end: int) -> bool:
    r"""A necessary condition for a :data:`_BY` match at ``at``, cheaper than trying it: "by"
    follows whitespace (``str.isspace`` accepts all that ``\s`` does) or a closing mark, and the
    first character after the spaces may open a name or a handle (an ASCII one must be A-Z or
    "@"; "by the way", "maybe" and "nearby" fail here).
    """
    before = text[at - 1 : at]
    if not (before.isspace() or before in _BEFORE_BY) or not before:
        return False
    first = text[at + 2 : min(end, at + 42)].lstrip(" \t")[:1]
    return not first or not first.isascii() or "A" <= first <= "Z" or first == "@"


#: The first two digits of a year (see :data:`YEAR`).
_YEAR_HEADS = ("15", "16", "17", "18", "19", "20")


def _year_closes_bracket(body: str) -> bool:
    """Whether a ")" in ``body`` follows what may be a year and closes a bracket that opens
    with what may be a capital: every :data:`_PAREN_AUTHOR_YEAR` match does ("(Ryden, 2016)";
    no name holds a bracket, so its bracket is the last one before the year), and few
    brackets in prose or after a link do ("(2018)", "(https://...)").
    """
    at = body.find(")", 4)
    while at >= 0:
        if body[at - 4 : at - 2] in _YEAR_HEADS:
            opening = body.rfind("(", 0, at)
            first = body[opening + 1 : opening + 2]
            if opening >= 0 and (not first.isascii() or "A" <= first <= "Z"):
                return True
        at = body.find(")", at + 1)
    return False


def _by_author(
    text: str, line: Line, frames: list[Frame], consumed: set[Frame], out: list[Candidate]
) -> None:
    """ "Title by Author" (the title marked or not), with an optional "(1999)" after the author."""
    cs, end = line.content_start, line.end
    for m in _by_matches(text, cs, end):
        author = m.group("author")
        if not is_plausible_author(author):
            continue
        by_start = m.start()
        tail = m.end()
        year = None
        ym = _AFTER_AUTHOR.match(text, tail, end) if text[tail : tail + 1] in _YEAR_OPENERS else None
        if ym:
            year = int(ym.group("year"))
        pre = by_start
        while pre > cs and text[pre - 1] in " \t":
            pre -= 1
        if text[pre - 1 : pre] == ")":
            # "The Gulag Archipelago (3 vols) by ...", "*Capital* (Vol. 1) by ...": the title
            # ends before the aside, which may give the year.
            aside_end = pre
            pre, aside_year = _before_aside(text, cs, pre)
            if pre < aside_end and _names_other_form(text[pre:aside_end]):
                continue  # "Nightfall (short story) by Isaac Asimov": no book
            year = year or aside_year
        frame = _frame_ending_at(frames, pre) if frames else None
        if frame is not None:
            inner = text[frame.inner_start : frame.inner_end]
            if frame.kind == "link":
                # A link is a book's only if its text passes _title_ok(inner, strict=False).
                if not _link_is_book(frame, inner, list_entry=True, followed_by_author=True):
                    continue
            elif not _title_ok(inner, strict=False):
                continue
            consumed.add(frame)
            out.append(Candidate(frame.start, tail, inner, 0.95, "title_by_author", author, year, frame.url))
            continue
        if line.role == "heading":
            continue
        span = _title_before(text, cs, pre)
        if span is None:
            continue
        title = text[span[0] : span[1]]
        if not _title_ok(title, strict=False) or _inside_frame(frames, span[0], span[1]):
            continue
        out.append(Candidate(span[0], tail, title, 0.9, "title_by_author", author, year))


def _before_aside(text: str, lo: int, pre: int) -> tuple[int, int | None]:
    """Where the words before a bracketed aside that ends at ``pre`` end, and the year the
    aside gives; ``(pre, None)`` when the brackets hold no aside (:func:`_trailing_note` finds
    none, they open the text from ``lo``, or follow a word without a space: "Capital(s)")."""
    title_end = _trailing_note(text[lo:pre])
    if not title_end or text[lo + title_end] == "(":
        return pre, None
    return lo + title_end, note_fields(text[lo + title_end : pre])[1]


def _paren_author(
    text: str, cs: int, end: int, frames: list[Frame], consumed: set[Frame], out: list[Candidate]
) -> None:
    """ "Title (Author, 1999)", the title marked or not."""
    for m in _PAREN_AUTHOR_YEAR.finditer(text, cs, end):
        author = m.group("author")
        if not is_plausible_author(author):
            continue
        frame = _frame_ending_at(frames, m.start())
        if frame is not None:
            inner = text[frame.inner_start : frame.inner_end]
            if _title_ok(inner, strict=False):
                consumed.add(frame)
                out.append(
                    Candidate(
                        frame.start, m.end(), inner, 0.95, "title_paren_author", author, int(m.group("year"))
                    )
                )
            continue
        span = _title_before(text, cs, m.start())
        if span is not None and _title_ok(text[span[0] : span[1]], strict=True):
            out.append(
                Candidate(
                    span[0],
                    m.end(),
                    text[span[0] : span[1]],
                    0.9,
                    "title_paren_author",
                    author,
                    int(m.group("year")),
                )
            )


#: What follows the "'s" or "s'" of a possessive (the lookahead of :data:`_POSSESSIVE`).
_AFTER_POSSESSIVE = (" ", "\t", ":")


def _possessive_marks(body: str) -> list[int]:
    """Offsets in ``body`` of the apostrophes that may end a possessive name, in order.

    A :data:`_POSSESSIVE` match ends with "'s" or "s'" and a space, tab or colon, after a name
    whose last token holds a capital ("Hegel's", "O'Brien's", "E. H.'s"); "it's", "don't" and
    "workers' opposition" fail at once. The capital lies after the last space before the mark
    (a name token holds no space); any other than A-Z makes the word non-ASCII.
    """
    marks: list[int] = []
    for apostrophe in ("'",) if body.isascii() else ("'", "’"):
        at = body.find(apostrophe)
        while at >= 0:
            # "'s" or "s'", then what the pattern's lookahead accepts ("" is not in it).
            if (body[at + 1 : at + 2] == "s" and body[at + 2 : at + 3] in _AFTER_POSSESSIVE) or (
                body[at - 1 : at] == "s" and body[at + 1 : at + 2] in _AFTER_POSSESSIVE
            ):
                word = body[body.rfind(" ", 0, at) + 1 : at]
                if not word.isascii() or word.lower() != word:
                    marks.append(at)
            at = body.find(apostrophe, at + 1)
    if len(marks) > 1 and not body.isascii():
        marks.sort()  # (the two apostrophes were looked for one after the other)
    return marks


def _possessive_matches(text: str, cs: int, end: int, body: str) -> list[re.Match[str] | regex.Match[str]]:
    """The matches of :data:`_POSSESSIVE` in ``text[cs:end]`` (``body``), read from windows.

    Trying the name pattern at every capital of a long line is the cost of this rule. Every
    match ends at one of :func:`_possessive_marks`, and its names hold no earlier mark (an
    apostrophe in a name comes before a capital), so the pattern runs only from the last
    character before each mark that no name holds (:data:`_NAMES_CUT`) to the end of the mark
    (its "s" and the character after it).
    Lookbehinds see before a window and nothing a match reads lies beyond its end, so the
    matches are the same as over the whole line.
    """
    found: list[re.Match[str] | regex.Match[str]] = []
    pos = cs
    possessive = _ASCII_POSSESSIVE if text[cs - 1 if cs else 0 : end].isascii() else _POSSESSIVE
    for mark in _possessive_marks(body):
        at = cs + mark
        if at < pos:
            continue
        cut = _NAMES_CUT.match(text, pos, at)
        found.extend(possessive.finditer(text, cut.end() if cut is not None else pos, min(end, at + 3)))
        pos = max(at + 1, found[-1].end() if found else at + 1)
    return found


def _possessive(
    text: str, line: Line, body: str, frames: list[Frame], consumed: set[Frame], out: list[Candidate]
) -> None:
    """ "Author's Title", 'Author's "Title"', "Author's *Title*", "Author's: Title"."""
    cs, end = line.content_start, line.end
    for m in _possessive_matches(text, cs, end, body):
        author = m.group("author")
        start = m.start()
        if " and " in author and text[cs:start].rstrip(" \t").endswith(_POSSESSIVE_ENDS):
            # "Hobbes' Leviathan and Locke's Second Treatise": the words before "and" are the
            # title of the possessive before them, and only "Locke" owns this one.
            head = author.rpartition(" and ")[0]
            start += len(head) + 5
            author = author[len(head) + 5 :]
        first = author.split()[0].casefold()
        if first in SENTENCE_STARTERS or first in ARTICLES:
            continue  # "It's", "That's"; "An Ancestor's Tale": a possessive inside a title
        if _inside_frame(frames, start, m.end()) or not is_plausible_author(author):
            continue
        if text[start - 1 : start] in (" ", "\t") and _ARTICLE_BEFORE.search(  # it ends so
            text, max(cs, start - 5), start
        ):
            continue  # "The Handmaid's Tale"
        pos = m.end()
        if pos < end and text[pos] == ":":
            pos += 1
        while pos < end and text[pos] in " \t":
            pos += 1
        frame = _frame_starting_at(frames, pos)
        if frame is not None:
            inner = text[frame.inner_start : frame.inner_end]
            if frame.kind == "link" and not _link_is_book(
                frame, inner, list_entry=True, followed_by_author=True
            ):
                continue
            if _title_ok(inner, strict=False):
                consumed.add(frame)
                out.append(Candidate(start, frame.end, inner, 0.95, "possessive", author, None, frame.url))
            continue
        found = _title_after(text, pos, end, allow_commas=False)
        if found is None:
            continue
        t_start, t_end, stopped_lower = found
        at_item_start = start == cs and line.itemish
        if stopped_lower and at_item_start and not _predicate_follows(text, t_end, end):
            # A title in sentence case runs on ("Losurdo's Hegel and the freedom of moderns"),
            # unless the sentence does instead ("Orwell's Animal Farm is short").
            rest = _sentence_end(text, t_start, end)
            if rest - t_start <= 120 and len(words(text[t_start:rest])) <= 12:
                t_end = rest
        t_end = _before_next_possessive(text, t_start, t_end)
        title = text[t_start:t_end]
        if not _title_ok(title, strict=not at_item_start) or not title[0].isupper():
            continue
        out.append(Candidate(start, t_end, title, 0.8, "possessive", author))


#: How a word that owns what follows ends: "Orwell's", "Hobbes'", "Hobbes’".
_POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")


def _before_next_possessive(text: str, start: int, end: int) -> int:
    """Where a title read after a possessive ends when "and" or "or" joins a second author's
    book to it ("Hobbes' Leviathan and Locke's Second Treatise"): before the conjunction. The
    second book is a possessive mention of its own."""
    cut = end
    for conjunction in (" and ", " or "):
        at = text.find(conjunction, start, cut)
        while at >= 0:
            m = _POSSESSIVE.match(text, at + len(conjunction), end)
            if m is not None and is_plausible_author(m.group("author")):
                cut = at
                break
            at = text.find(conjunction, at + len(conjunction), cut)
    return cut


def _links(text: str, line: Line, frames: list[Frame], consumed: set[Frame], out: list[Candidate]) -> None:
    """Markdown links on their own: a bookshop link anywhere, any title-case link as a list entry."""
    cs = line.content_start
    for f in frames:
        if f.kind != "link" or f in consumed:
            continue
        inner = text[f.inner_start : f.inner_end]
        list_entry = line.itemish and (
            text[cs : f.start].strip(" \t,;") == "" or _all_links_before(text, frames, cs, f)
        )
        conf = _link_is_book(f, inner, list_entry=list_entry, followed_by_author=False)
        if conf:
            consumed.add(f)
            out.append(Candidate(f.inner_start, f.inner_end, inner, conf, "link", None, None, f.url))


_ENUM_COLON = regex.compile(r":[ \t]+(?=\p{Lu}|\d)")
_ENUM_SPLIT = regex.compile(r",[ \t]+(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+")
#: Words before a colon that announce a list of books (not of authors or topics).
_ENUM_CUES = frozenset(
    ["books", "novels", "titles", "read", "reread", "trilogy", "series", "favourites", "favorites"]
)


#: Substrings of the casefolded line that every word of :data:`_ENUM_CUES` puts there.
_ENUM_CUE_STEMS = ("books", "novels", "titles", "read", "trilogy", "series", "favo")


def _may_announce_books(body: str) -> bool:
    """A necessary condition for :func:`_enumerated_titles` to find anything in ``body``: one of
    its cue words, casefolded, is in the line casefolded (a casefolded word is a piece of the
    casefolded line), most lines with a colon hold none.
    """
    lowered = body.casefold()
    return any(map(lowered.__contains__, _ENUM_CUE_STEMS))


def _enumerated_titles(text: str, cs: int, end: int) -> list[Candidate]:
    """Title-case phrases listed after a colon, when the clause before it announces books.

    Every listed item must look like a title and at least one must read like one rather
    than like a name (an article or a function word), so "authors: Karl Marx, Max Weber" is
    left alone.
    """
    out: list[Candidate] = []
    for colon in _ENUM_COLON.finditer(text, cs, end):
        lo = max(cs, colon.start() - 200)  # a bounded look back keeps long lines linear
        clause_start = max(lo, text.rfind(". ", lo, colon.start()) + 1)
        if not {w.casefold() for w in words(text[clause_start : colon.start()])} & _ENUM_CUES:
            continue
        stop = _SENT_END.search(text, colon.end(), end)
        list_end = stop.start() if stop else end
        spans: list[tuple[int, int]] = []
        pos = colon.end()
        for sep in _ENUM_SPLIT.finditer(text, pos, list_end):
            spans.append((pos, sep.start()))
            pos = sep.end()
        spans.append((pos, list_end))
        items = [text[a:b] for a, b in spans]
        if len(items) < 2 or not all(
            len(words(item)) >= 2
            and is_title_case(item, max_words=10)
            and words(item)[0].casefold() not in SENTENCE_STARTERS
            for item in items
        ):
            continue
        if not any(any(w.casefold() in FUNCTION_WORDS for w in words(item)) for item in items):
            continue
        out.extend(Candidate(a, b, text[a:b], 0.5, "enumerated_title") for a, b in spans)
    return out


def _all_links_before(text: str, frames: list[Frame], cs: int, target: Frame) -> bool:
    """Whether only links (and separators) precede ``target`` on its line ("[Vol. 1](..), [Vol. 2](..)")."""
    pos = cs
    for f in frames:
        if f.start >= target.start:
            break
        if f.kind != "link" or f.start < pos:
            continue
        if text[pos : f.start].strip(" \t,;&") not in ("", "and", "or"):
            return False
        pos = f.end
    return pos != cs and text[pos : target.start].strip(" \t,;&") in ("", "and", "or")


def _predicate_follows(text: str, pos: int, hi: int) -> bool:
    """Whether the first word after ``pos`` is a verb that carries a sentence on
    (:data:`PREDICATE_VERBS`: "is", "was", "has")."""
    return text[pos:hi].lstrip(" \t")[:12].partition(" ")[0].casefold() in PREDICATE_VERBS


def _sentence_end(text: str, pos: int, hi: int) -> int:
    m = _SENT_END.search(text, pos, hi)
    return m.start() if m else hi


def _item_candidates(
    text: str, line: Line, frames: list[Frame], consumed: set[Frame], block: _ListBlock
) -> list[Candidate]:
    cs, end = line.content_start, line.end
    out: list[Candidate] = []
    if line.role == "heading" or line.bold_line or _by_line_author(text, cs, end) is not None:
        return out  # (the "By Author" line of a two-line entry names no book itself)
    body = text[cs:end]
    if _credit_line(body):
        return out
    # What all three rules read of the line, found once.
    ascii_body = body.isascii()
    has_dash = has_spaced_dash(body)
    entries = _entry_with_author(text, line, frames, consumed, block, has_dash=has_dash)
    if entries is None:
        return out  # a person and a role ("Jane Doe, Professor of History")
    out.extend(entries)
    # A bare title on its own line: "Thomas' Calculus", "The Perfect Storm", "宇宙的琴弦", or
    # above a line that names its author.
    author = block.author_below() if not entries else None
    bare = _bare_entry(
        text, line, frames, body=body, ascii_body=ascii_body, has_dash=has_dash, authored=author is not None
    )
    if author is not None:
        bare = [replace(c, author=author, confidence=0.8) if c.author is None else c for c in bare]
    out.extend(c for c in bare if not _other_form_entry(text, c))
    # A title opening a reply about reading: "Into Thin Air was excellent by this author too".
    opening = _opening_title(text, cs, end, body=body, ascii_body=ascii_body)
    if opening is not None:
        out.append(opening)
    return out


#: The opening of an entry that pairs a name with a title: "Name, T", "Name: T" (a capital, a
#: caseless script, a digit or markup after the separator).
_ENTRY_HEAD = regex.compile(rf"(?P<author>{NAME})[ \t]*[,:][ \t]+(?=[\p{{Lu}}\p{{Lo}}\d\"“«'‘*_\[])")
#: What ends the title of an entry early: a comma not before a year, or a sentence break (the
#: line is prose: "Anna Karlsson, Swedish by birth, told me").
_CLAUSE_BREAK = regex.compile(r",(?![ \t]*(?:1[5-9]|20)\d\d)|[.!?;][ \t]+\S")
#: "Title - Name" or "Title by Name" somewhere in a line.
_ENTRY_TAIL = regex.compile(r"\S[ \t]+(?:[-–—]|by)[ \t]+\p{Lu}")


def _other_form_entry(text: str, cand: Candidate) -> bool:
    """Whether the bare entry ``cand`` ends with a note that names a form that is no book
    ("Flowers for Algernon (short story)", "Heat (1995 film)"); only an entry whose span runs
    on past its title holds a note."""
    note_start = cand.start + len(cand.title)
    return cand.end > note_start and _names_other_form(text[note_start : cand.end])


def _credit_line(body: str) -> bool:
    """Whether ``body`` opens with a credit to someone other than the author ("Directed by Ang
    Lee", "Translated by Richard Pevear"): such a line names no book of its own. Only a line
    with " by " among its first words is split into words."""
    if not body[:1].isupper() or " by " not in body[:24]:
        return False
    head = body.split(None, 2)
    return len(head) > 1 and head[1] == "by" and head[0].casefold() in CREDIT_PARTICIPLES


def _by_line_author(text: str, start: int, end: int) -> str | None:
    """The author ``text[start:end]`` names when it holds nothing but "by Author" or "By
    Author" (a trailing full stop at most): the second line of a two-line entry, which names
    no book itself. The first-letter test spares the pattern on almost every line."""
    if text[start : start + 2] not in ("by", "By"):
        return None
    m = _BY_LINE.match(text, start, end)
    if m is None or not is_plausible_author(m.group("author")):
        return None
    return m.group("author")


class _ListBlock:
    """Whether a line belongs to a list of entries, read from its neighbours only on demand.

    A line is part of a list when it carries a list marker, when the line before it (a blank
    line apart at most) is a heading or announces what follows with a colon ("Books that
    changed how I think:"), or when a neighbouring line has the shape of an entry too ("Name,
    Title", "Title - Name"). Prose rarely stacks such lines.
    """

    __slots__ = ("_index", "_line", "_lines", "_text")

    def __init__(self, text: str, line: Line, lines: Sequence[Line], index: int) -> None:
        self._text = text
        self._line = line
        self._lines = lines
        self._index = index

    def _neighbour(self, step: int) -> Line | None:
        lines = self._lines
        j = self._index + step
        if 0 <= j < len(lines) and lines[j].role == "blank":
            j += step
        return lines[j] if 0 <= j < len(lines) and lines[j].role in ("item", "text", "heading") else None

    def _shaped(self, line: Line) -> bool:
        cs, end = line.content_start, line.end
        if line.role == "heading" or end - cs > 150:
            return False
        head = _ENTRY_HEAD.match(self._text, cs, end)
        if head is not None:
            return (
                head.group("author").split()[0].casefold() not in SENTENCE_STARTERS
                and _CLAUSE_BREAK.search(self._text, head.end(), end) is None
            )
        return _ENTRY_TAIL.search(self._text, cs, end) is not None

    def listed(self) -> bool:
        if self._line.role == "item":
            return True
        if not self._lines or not 0 <= self._index < len(self._lines):
            return False
        before = self._neighbour(-1)
        if before is not None and (
            before.role == "heading" or self._text[before.content_start : before.end].rstrip().endswith(":")
        ):
            return True
        after = self._neighbour(1)
        return any(n is not None and self._shaped(n) for n in (before, after))

    def author_below(self) -> str | None:
        """The author a line after this one (a blank line apart at most) gives when it holds
        nothing but "by Author": tweet threads and some lists give each book two lines
        ("SPQR" / "by @wmarybeard", "The March of Folly" / "by Barbara W. Tuchman")."""
        after = self._neighbour(1) if self._lines and 0 <= self._index < len(self._lines) else None
        return None if after is None else _by_line_author(self._text, after.content_start, after.end)

    def about_people(self) -> bool:
        """Whether the block lists people with their roles rather than books.

        The block runs from the line that announces it ("Our team:", a heading; a blank line
        may follow it) to the next blank line. It lists people when nothing in it talks about
        books, and either its announcement names people ("team", "speakers") or at least half
        of its "Name, ..." entries give a role ("Senior Engineer", "Head of Sales").
        """
        text, lines = self._text, self._lines
        if not lines or not 0 <= self._index < len(lines):
            block = [self._line]
            announcer = None
        else:
            block, announcer = self._block_lines()
        seen = [*block, *([announcer] if announcer is not None else [])]
        vocabulary: set[str] = set()
        for ln in seen:
            vocabulary.update(w.casefold() for w in _LETTERS.findall(text, ln.content_start, ln.end))
        if vocabulary & BOOK_CUES:
            return False
        if announcer is not None:
            said = {w.casefold() for w in _LETTERS.findall(text, announcer.content_start, announcer.end)}
            if said & PEOPLE_WORDS:
                return True
        entries = roles = 0
        for ln in block:
            m = match_authors(text, ln.content_start, ln.end)
            sep = _AUTHOR_SEP.match(text, m.end(), ln.end) if m is not None else None
            if sep is None:
                continue
            entries += 1
            roles += _role_phrase(text[sep.end() : ln.end])
        return entries > 0 and 2 * roles >= entries

    def _block_lines(self) -> tuple[list[Line], Line | None]:
        text, lines = self._text, self._lines
        block = [self._line]
        announcer = None
        j = self._index - 1
        while j >= 0 and self._index - j <= 40:
            ln = lines[j]
            if ln.role == "blank":
                prev = lines[j - 1] if j > 0 else None
                if prev is not None and _announces(text, prev):
                    announcer = prev
                break
            if _announces(text, ln):
                announcer = ln
                break
            block.append(ln)
            j -= 1
        j = self._index + 1
        while j < len(lines) and j - self._index <= 40 and lines[j].role not in ("blank", "heading"):
            block.append(lines[j])
            j += 1
        return block, announcer


_LETTERS = regex.compile(r"\p{L}+")
_ROLE_TOKENS = regex.compile(r"\p{L}+|&")
_ASCII_ROLE_TOKENS = re.compile(r"[A-Za-z]+|&")  # the same tokens in ASCII text, found faster
#: Words that may follow a role noun inside a role ("Head of Sales", "Founder & CEO").
_ROLE_LINKS = frozenset(["of", "for", "at", "in", "and", "&", "to", "on", "with"])


def _announces(text: str, line: Line) -> bool:
    """A heading, or a line ending with a colon ("Speakers:")."""
    return line.role == "heading" or text[line.content_start : line.end].rstrip().endswith(":")


def _role_phrase(phrase: str) -> bool:
    """Whether ``phrase`` is a job or academic role: "Senior Engineer", "Head of Sales",
    "Chief Technology Officer", "Editor-in-Chief", "Professor of History".

    A role noun must come before any function word and end the phrase or be followed by a
    preposition or "and"; a role never opens with an article ("The Professor" is a novel).
    """
    found = (_ASCII_ROLE_TOKENS if phrase.isascii() else _ROLE_TOKENS).findall(phrase)
    if not found or len(found) > 8:
        return False
    tokens = [t.casefold() for t in found]
    if tokens[0] in ARTICLES:
        return False
    for i, tok in enumerate(tokens):
        if tok in ROLE_WORDS and (i + 1 == len(tokens) or tokens[i + 1] in _ROLE_LINKS):
            return True
        if tok in FUNCTION_WORDS:
            return False
    return False


def _clear_personal_name(author: str) -> bool:
    """Whether ``author`` is plainly a person's name: two to four capitalised name words or
    initials, with particles ("de", "van", "ibn") between them, and no opening word of a
    sentence ("Honestly", "Also") or a date ("March").
    """
    for name in split_authors(author):
        tokens = name.split()
        core = [t for t in tokens if t not in NAME_PARTICLES]
        if not 2 <= len(core) <= 4 or len(tokens) > 6:
            return False
        if core[0].casefold() in SENTENCE_STARTERS or core[0].casefold() in DATE_WORDS:
            return False
        if not any(len(t) > 2 and not t.endswith(".") for t in core):
            return False  # initials only
        if not all(t[0].isupper() for t in core):
            return False
    return True


def _sentence_case_title(title: str) -> bool:
    """A title as many languages (and library catalogues) write it: only its first word
    capitalised ("Cien años de soledad", "Война и мир", "Secondhand time: the last of the
    Soviets"), or in a caseless script ("海辺のカフカ").

    It must open with a capital of any script (or a caseless letter), not with a word that
    opens ordinary sentences ("This changed my life"), and hold no clause breaks.
    """
    ws = words(title)
    if not 1 <= len(ws) <= 12 or ws[0].casefold() in SENTENCE_STARTERS:
        return False
    first = title[0]
    if not (first.isupper() or has_cjk(first)):
        return False
    return not any(c in title for c in ",;!?()[]@/") and "http" not in title


def _runs_to_entry_end(text: str, t_end: int, end: int, year: int | None) -> bool:
    """Whether nothing but a year or a note in brackets follows a title (no comment sentence)."""
    rest = text[t_end:end].strip(" \t")
    return not rest or year is not None or rest.startswith("(")


#: One word of a personal name in a bibliography entry ("Maya", "O'Brien", "Jean-Paul") and
#: an initial ("E.").
_BIB_WORD = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}\p{L}{0,24}+(?:-\p{Lu}?\p{Ll}{1,24}+)?+"
_BIB_INITIAL = r"\p{Lu}\."
#: A name in its natural order, for a co-author ("Friedrich Engels", "Ernst F. Winter").
_BIB_NATURAL = rf"(?:{_BIB_WORD}[ \t]+|{_BIB_INITIAL}[ \t]?){{0,3}}{_BIB_WORD}"
_BIB_OTHERS = rf"(?P<others>,?[ \t]+(?:and|&)[ \t]+(?P<other>{_BIB_NATURAL}))?"
_BIB_PARTICLES = "|".join(sorted((p.capitalize() for p in NAME_PARTICLES), key=len, reverse=True))
_BIB_INITIALS = r"\p{Lu}\.(?:[ \t]?\p{Lu}\.){0,3}+"
#: The author heading a bibliography entry, turned round and closed by a full stop: "Angelou,
#: Maya. ", "Carr, E. H. ", "Le Guin, Ursula K. ", "Marx, Karl and Friedrich Engels. ". The
#: given names (words, then initials, or initials, then a word) end at the first word's full
#: stop or with the initials' own: the title follows ("Le Guin, Ursula K. The Dispossessed.").
_BIB_INVERTED = regex.compile(
    rf"(?P<surname>(?:(?:{_BIB_PARTICLES})[ \t]+)?{_BIB_WORD}),[ \t]+"
    rf"(?P<given>{_BIB_WORD}(?:[ \t]+{_BIB_WORD}){{0,2}}?(?:[ \t]+{_BIB_INITIALS})?"
    rf"|{_BIB_INITIALS}(?:[ \t]+{_BIB_WORD})??)"
    rf"{_BIB_OTHERS}(?:(?<=\.)|\.)[ \t]+(?=\S)"
)
#: A single-name author heading an entry ("Homer. ", "Erasmus and Martin Luther. ").
_BIB_SINGLE = regex.compile(rf"(?P<surname>{_BIB_WORD}){_BIB_OTHERS}\.[ \t]+(?=\S)")
#: A stray middle initial after the full stop of a given name ("Smith, Jane. A. Title").
_BIB_INITIAL_GAP = regex.compile(r"\p{Lu}\.[ \t]+(?=\p{Lu})")
#: Where the title sentence of an entry ends: a full stop, "?" or "!" before a space or the
#: line end, or the comma before a translator's or editor's credit.
_BIB_TITLE_END = regex.compile(
    r"[.?!](?=[ \t]|$)|,[ \t]+(?=(?:[Tt]rans|[Tt]ranslated|[Ee]d|[Ee]dited)[. \t])"
)
#: The credit of a translator or editor after the title: ". Trans. John Ciardi", ", trans.
#: Robert Fagles", ". Translated by", ". Ed. ..." (after spaces: see :func:`_may_credit`).
_BIB_CREDIT = regex.compile(r"[.,] +(?:[Tt]rans\.|[Tt]ranslated[ \t]+by|[Tt]r\.|[Ee]ds?\.|[Ee]dited[ \t]+by)")
#: An edition or volume note closing a title: ", 2nd ed", ", Vol. 1", " (3rd edition)".
_BIB_EDITION = regex.compile(
    r"(?:,[ \t]*|[ \t]+\()(?:\d{1,2}(?:st|nd|rd|th)[ \t]+(?:ed\.?|edn\.?|edition)"
    r"|(?:Vol\.?|Volume)[ \t]+[\dIVXLC]{1,6})\)?$"
)
_BIB_YEAR = regex.compile(rf"(?<![\d\p{{L}}])({YEAR})(?!\d)")
#: Words that open the notes of an entry, never its title.
_BIB_NOTE_WORDS = frozenset(["trans", "tr", "ed", "eds", "edited", "translated", "vol", "volume"])


def _bibliography_title_end(text: str, pos: int, end: int) -> int:
    """Where the title sentence that starts at ``pos`` ends: at the first :data:`_BIB_TITLE_END`
    that is no abbreviation's full stop ("Dr. Paul Farmer", "Vol. 2", "John F. Kennedy"); a
    "?" or "!" stays with the title ("What Is History?")."""
    for m in _BIB_TITLE_END.finditer(text, pos, end):
        at = m.start()
        mark = text[at]
        if mark == ".":
            word_start = max(pos, text.rfind(" ", pos, at) + 1, text.rfind("\t", pos, at) + 1)
            if _ABBREV.fullmatch(text, word_start, at + 1):
                continue
            return at
        return at + 1 if mark in "?!" else at
    return end


def _bibliography_head(text: str, cs: int, end: int) -> tuple[regex.Match[str], bool] | None:
    """The author heading a bibliography entry at ``cs`` and whether it is a single name."""
    head = _BIB_INVERTED.match(text, cs, end)
    if head is not None:
        return head, False
    head = _BIB_SINGLE.match(text, cs, end)
    return (head, True) if head is not None else None


def _may_open_bibliography(body: str) -> bool:
    """A necessary condition for :func:`_bibliography_head` to match at the start of ``body``:
    a full stop and a space or tab end the author, within 80 characters; before it stands a comma
    after the surname (the names turned round), or a single word or "Name and Name"
    followed later by a credit (see :func:`_may_credit`)."""
    stop = body.find(". ", 0, 80)
    tab = body.find(".\t", 0, 80) if "\t" in body else -1  # (the pattern takes a tab too)
    if tab >= 0 and (stop < 0 or tab < stop):
        stop = tab
    if stop < 0:
        return False
    head = body[:stop]
    comma = head.find(",")
    if comma >= 0:
        # One word before the comma, or a particle and a word ("Le Guin, Ursula K.").
        surname = head[:comma].split()
        if not (len(surname) == 1 or (len(surname) == 2 and surname[0].casefold() in NAME_PARTICLES)):
            return False
        # Up to its first full stop the given name (and a co-author after "and") holds only
        # capitalised words and initials: "Rabinowitch, The Bolsheviks Come to Power." fails.
        given = head[comma + 1 :].split(".", 1)[0]
        return all(w[:1].isupper() or w == "and" or w == "&" for w in given.split())
    single = " " not in head and "\t" not in head
    return (single or "and" in head or "&" in head) and _may_credit(body)


def _bibliography_entry(
    text: str, line: Line, frames: list[Frame], consumed: set[Frame], block: _ListBlock
) -> list[Candidate] | None:
    """A bibliography entry as reading lists and syllabi give them: "Surname, Given. Title.
    City: Publisher, Year." ("Angelou, Maya. I Know Why the Caged Bird Sings. New York:
    Random House, 1969."), with co-authors ("Marx, Karl and Friedrich Engels. ..."), initials
    ("Carr, E. H. What Is History? ..."), or a single name when a translator or editor is
    credited after the title ("Homer. The Odyssey. Trans. Robert Fagles."): a single word
    and a full stop open many other lines.

    The author is turned into "Given Surname" (co-authors are already in that order), the
    year is the first one after the title, and an edition or volume note closing the title is
    no part of it. None when the line does not open like an entry; an empty list when it does
    and the rest of the line is plainly an entry's (a year, a credit) but gives no book (a
    chapter in quotes: "Darwin, Charles. “Introduction,” ..."), so that no other reading
    takes the given name for a title.
    """
    cs, end = line.content_start, line.end
    found = _bibliography_head(text, cs, end)
    if found is None:
        return None
    head, single = found
    surname = head.group("surname")
    if surname.casefold() in SENTENCE_STARTERS or surname.casefold() in DATE_WORDS:
        return None
    pos = head.end()
    gap = None if single else _BIB_INITIAL_GAP.match(text, pos, end)
    if gap is not None:
        pos = gap.end()
    rest_year = _BIB_YEAR.search(text, pos, end)
    entry_like = rest_year is not None or _BIB_CREDIT.search(text, pos, end) is not None
    given = head.group("given") if not single else ""
    nothing: list[Candidate] | None = [] if entry_like and not single else None  # no given name is a title
    frame = _frame_starting_at(frames, pos) if frames else None
    if frame is not None and frame.kind == "link":
        frame = None  # a link's text is read as plain words (its address is no evidence)
    if frame is not None:
        if frame.kind == "quote":
            return nothing  # an essay or a chapter in quotes, not a book
        t_start, t_end, after, confidence = frame.inner_start, frame.inner_end, frame.end, 0.95
    else:
        if text[pos] in "\"“‘'«":
            return nothing
        span = _trim_span(text, pos, _bibliography_title_end(text, pos, end))
        if span is None:
            return nothing
        t_start, t_end = span
        after, confidence = span[1], 0.9
    edition = _BIB_EDITION.search(text, t_start, t_end)
    if edition is not None:
        t_end = edition.start()
    aside_year = None
    if text[t_end - 1 : t_end] == ")":
        t_end, aside_year = _before_aside(text, t_start, t_end)
    title = text[t_start:t_end]
    if not title or title.split()[0].casefold().rstrip(".") in _BIB_NOTE_WORDS:
        return nothing
    credited = _BIB_CREDIT.match(text, after, end) is not None
    if single and not credited:
        return None  # "Antigone. Directed by ...": a single word is no author by itself
    year_m = _BIB_YEAR.search(text, after, end)
    year = aside_year or (int(year_m.group(1)) if year_m else None)
    # Without a year, a credit or an emphasised title (as style guides set a book's), only a
    # list makes an entry, and only one given name that is a word: "Dune, Frank Herbert. ..."
    # is a title and its author.
    if not (
        credited
        or year is not None
        or frame is not None
        or (block.listed() and sum(len(w) > 2 for w in given.split()) <= 1)
    ):
        return None
    if not (_title_ok(title, strict=True) or (not single and _sentence_case_title(title))):
        return nothing
    author = f"{given} {surname}" if not single else surname
    if head.group("other"):
        author = f"{author} and {head.group('other')}"
    if frame is not None:
        consumed.add(frame)
    return [Candidate(cs, after, title, confidence, "bibliography_entry", author, year)]


def _entry_with_author(
    text: str,
    line: Line,
    frames: list[Frame],
    consumed: set[Frame],
    block: _ListBlock,
    *,
    whole_line: bool = False,
    has_dash: bool | None = None,
) -> list[Candidate] | None:
    """An entry that pairs an author with a title: "Author, Title[, 1999]", "Title - Author".

    None when the line pairs a person with a role in a list of people ("Mary Jones, Head of
    Sales" under "Our team:"): then it names no book in any form.

    With ``whole_line`` (a line that does not stand alone: it follows a line that seems to
    run on into it, or it is too long for an entry) an "Author, Title" must account for the
    whole line, since no wrapped line of prose is a name, a comma and a title-case phrase
    running exactly to its end; "Title - Author" is distinctive enough to be followed by the
    reader's comment ("The Prize - Daniel Yergin. This is the history of oil ...").
    ``has_dash`` is :func:`has_spaced_dash` of the line, when the caller has it at hand.
    """
    cs, end = line.content_start, line.end
    out: list[Candidate] = []
    body = text[cs:end]
    lead = body[:1]
    capital_lead = "A" <= lead <= "Z" or (lead != "" and not lead.isascii())
    # "Surname, Given. Title. City: Publisher, Year." first: read as "Author, Title" it would
    # give the given name for the title.
    bibliography = (
        _bibliography_entry(text, line, frames, consumed, block)
        if capital_lead and _may_open_bibliography(body)
        else None
    )
    if bibliography is not None:
        out.extend(bibliography)
    # "Author, Title[, 1999]" and "Author, *Title*, 1999": a name opens the line (its first
    # letter is a capital, which is all ASCII can offer) and a comma or a colon follows it.
    m = (
        match_authors(text, cs, end)
        if bibliography is None and ("," in body or ":" in body) and capital_lead
        else None
    )
    # The separator first: most lines that open with a capital and hold a comma are prose.
    sep = _AUTHOR_SEP.match(text, m.end(), end) if m is not None else None
    if (
        sep is not None
        and m is not None
        and is_plausible_author(m.group())
        and m.group().split()[0].casefold() not in SENTENCE_STARTERS
    ):
        pos = sep.end()
        colon = sep.group(1) == ":"
        frame = _frame_starting_at(frames, pos)
        author = m.group()
        if frame is not None and frame.kind != "link":
            inner = text[frame.inner_start : frame.inner_end]
            if _title_ok(inner, strict=False):
                consumed.add(frame)
                year = _year_after(text, frame.end, end)
                out.append(Candidate(cs, frame.end, inner, 0.95, "author_comma_title", author, year))
        elif frame is None and not (colon and len(author.split()) < 2):
            found = _title_after_comma(text, pos, end)
            if found is not None:
                t_start, t_end, year = found
                title = text[t_start:t_end]
                if _role_phrase(title) and block.about_people():
                    return None  # "John Smith, Senior Engineer": a person, no book at all
                if _is_date(author, title):
                    pass
                elif _inverted(author, title) and not colon:
                    out.append(Candidate(cs, t_end, author, 0.9, "title_comma_author", title, year))
                elif _title_ok(title, strict=True):
                    out.append(Candidate(cs, t_end, title, 0.9, "author_comma_title", author, year))
                elif (
                    _sentence_case_title(title)
                    and _clear_personal_name(author)
                    and _runs_to_entry_end(text, t_end, end, year)
                    and block.listed()
                ):
                    out.append(Candidate(cs, t_end, title, 0.8, "author_comma_title", author, year))
    # "Title - Author" (the author runs to the end of the entry).
    if has_dash is None:
        has_dash = has_spaced_dash(body)
    for d in _DASH.finditer(text, cs, end) if has_dash else ():
        am = match_authors(text, d.end(), end)
        if am is None or not is_plausible_author(am.group()):
            continue
        if text[am.end() : end].strip(" \t.!") and not _AFTER_DASH_AUTHOR.match(text, am.end(), end):
            continue
        span = _trim_span(text, cs, d.start())
        if span is None:
            continue
        year = None
        if text[span[1] - 1] == ")":
            # "The Law (1850) - Frederic Bastiat": the title ends before the aside, which may
            # give the year (as before "by", see _by_author).
            t_end, year = _before_aside(text, span[0], span[1])
            span = (span[0], t_end)
        title = text[span[0] : span[1]]
        if _title_ok(title, strict=True) or (has_cjk(title) and len(title) <= 60):
            out.append(Candidate(span[0], am.end(), title, 0.9, "title_dash_author", am.group(), year))
        elif (
            span[0] == cs
            and _sentence_case_title(title)
            and _clear_personal_name(am.group())
            and not text[am.end() : end].strip(" \t.!")
            and block.listed()
        ):
            out.append(Candidate(span[0], am.end(), title, 0.8, "title_dash_author", am.group(), year))
        break
    if whole_line:
        out = [c for c in out if c.kind != "author_comma_title" or not text[c.end : end].strip(" \t.!")]
    return out


def _has_cue_stem(lowered: str) -> bool:
    """Whether the casefolded ``lowered`` holds a stem of one of the :data:`BOOK_CUES` words:
    a necessary condition for a cue word in it, checked before any title is read. Plain
    substring tests in one expression run at C speed (a loop or an alternation regex over
    the same stems costs two to three times as much).
    """
    return (
        "read" in lowered
        or "book" in lowered
        or "novel" in lowered
        or "memoir" in lowered
        or "author" in lowered
        or "wr" in lowered
        or "recommend" in lowered
        or "title" in lowered
        or "volume" in lowered
        or "trilogy" in lowered
        or "series" in lowered
        or "chapter" in lowered
        or "finished" in lowered
        or "pages" in lowered
        or "paperback" in lowered
        or "hardcover" in lowered
        or "kindle" in lowered
        or "edition" in lowered
    )


_PLURAL_VERB = regex.compile(r"[ \t]+(?:are|were|have)\b")


def _opening_title(
    text: str, cs: int, end: int, *, body: str | None = None, ascii_body: bool | None = None
) -> Candidate | None:
    """A title-case phrase that opens an entry and is the subject of a sentence about a book.

    It must look like a title rather than a name (an article or an inner function word, two
    capitalised words), its verb must be singular ("Hyppolite and Harris are ..." is two
    people), and the entry must talk about reading. ``body`` (``text[cs:end]``) and
    ``ascii_body`` (whether it is ASCII) may be passed by a caller that has them at hand.
    """
    if body is None:
        body = text[cs:end]
    if ascii_body is None:
        ascii_body = body.isascii()
    if not _has_cue_stem(body.lower() if ascii_body else body.casefold()):
        return None  # cheap test first: the condition below needs a cue on the same line
    first = first_word(text, cs, end, ascii_text=ascii_body)
    if first is None or first.group().casefold() in SENTENCE_STARTERS:
        # Only edge punctuation can precede the title, so this is its first word (or the title
        # ends inside it and has one word): "I", "This", "It" open sentences, not titles.
        return None
    if ascii_body and _first_chunk_ends_run(text, cs, end, first.start(), first.end()):
        return None
    found = _title_after(text, cs, end, allow_commas=False)
    if found is None or not found[2]:
        return None
    t_start, t_end, _ = found
    title = text[t_start:t_end]
    ws = words(title, ascii_text=ascii_body)
    lower = [w.casefold() for w in ws]
    if len(ws) < 2 or lower[0] in SENTENCE_STARTERS or _PLURAL_VERB.match(text, t_end, end):
        return None
    if lower[0] not in FUNCTION_WORDS and FUNCTION_WORDS.isdisjoint(lower[1:-1]):
        return None  # neither an opening nor an inner function word
    capitalised = [low for w, low in zip(ws, lower, strict=True) if w[0].isupper()]
    if len(capitalised) - sum(map(FUNCTION_WORDS.__contains__, capitalised)) < 2:
        return None  # fewer than two capitalised words that are not function words
    if not _has_cue_word(text, t_end, min(end, t_end + 200), ascii_text=ascii_body):
        return None
    return Candidate(t_start, t_end, title, 0.5, "opening_title")


def _has_cue_word(text: str, start: int, end: int, *, ascii_text: bool) -> bool:
    """Whether a word of ``text[start:end]``, casefolded, is one of the :data:`BOOK_CUES`.

    ASCII text is lower-cased before its words are read (its word classes hold both cases,
    so the words are the same, and casefolding is lower-casing there), and the words are
    looked up until one is a cue rather than all gathered into a set first.
    """
    window = text[start:end]
    if ascii_text:
        return not BOOK_CUES.isdisjoint(words(window.lower(), ascii_text=True))
    return not BOOK_CUES.isdisjoint(map(str.casefold, words(window)))


def _first_chunk_ends_run(text: str, cs: int, end: int, word_start: int, word_end: int) -> bool:
    """Whether ``_title_after(text, cs, end, allow_commas=False)`` stops at its first chunk
    without meeting an ordinary word, told from the first word (``text[word_start:word_end]``)
    of the ASCII ``text[cs:end]``: when that word opens the first chunk or only characters
    other than whitespace stand before it, and a comma or sentence punctuation (other than an
    abbreviation's dot) ends the chunk right after it ("Landsburg, *The ...*"). Whatever the
    chunk's kind, the run then gives no title that ends before an ordinary word, and these
    few character tests cost far less than reading the run.
    """
    last = text[word_end : word_end + 1]
    if last != "," and (not last or last not in _HARD_END):
        return False  # (the test that settles most lines)
    stop = min(end, cs + 300)  # the reach of the run
    after = word_end + 1
    if after > stop or after - cs > _CHUNK_MAX:
        return False  # the chunk is cut before this character, at the reach or its length
    if after < stop and text[after] not in _ASCII_WHITESPACE:
        return False  # the chunk runs on
    opening = text[cs:word_start]
    if any(c in _ASCII_WHITESPACE for c in opening):
        return False  # the chunk does not open the run at ``cs``
    return last == "," or _ABBREV.fullmatch(text, cs, after) is None


def _name_tokens(phrase: str) -> list[str] | None:
    """The tokens of ``phrase`` when it is shaped like one personal name, else None."""
    if " and " in phrase or "&" in phrase or "/" in phrase:
        return None
    tokens = phrase.split()
    if not 1 <= len(tokens) <= 4 or any(t.casefold() in FUNCTION_WORDS for t in tokens):
        return None
    return tokens if fullmatch_authors(phrase) else None  # the pattern last: it costs most


def _inverted(left: str, right: str) -> bool:
    """Whether "Left, Right" is "Title, Author" ("Replay, Ken Grimwood") rather than the reverse.

    Both halves are often name-shaped, so the right half is taken for the author only when it
    looks more like a name than the left: it has an initial ("Robert R. McCammon") or more
    name tokens than a one-word left half.
    """
    left_tokens = left.split()
    one_word_left = len(left_tokens) == 1 and left_tokens[0].casefold() not in SENTENCE_STARTERS
    if not one_word_left and "." not in right:
        return False  # no initial on the right (it has a dot) and no one-word left half
    right_tokens = _name_tokens(right)
    if right_tokens is None or len(right_tokens) < 2:
        return False
    if any(len(t) <= 2 and t.endswith(".") for t in right_tokens):
        return True
    return one_word_left


def _is_date(left: str, right: str) -> bool:
    """ "Tuesday, October 11" or "March, 2016": a date line, not an author and a title.

    A month name alone proves nothing ("May Sarton, Journal of a Solitude"), so a number in
    the right half is required too.
    """
    words_right = right.split()
    if len(words_right) > 3:
        return False
    first_left = left.split()[0].casefold() if left.split() else ""
    first_right = words_right[0].casefold() if words_right else ""
    if first_left not in DATE_WORDS and first_right not in DATE_WORDS:
        return False
    return any(c.isdigit() for c in right)  # (read last: it goes through every character)


def _title_after_comma(text: str, pos: int, end: int) -> tuple[int, int, int | None] | None:
    """Title after "Author, ": up to ", 1999", a sentence end, a note in brackets, or the line end."""
    stop = _COMMA_TITLE_STOP.search(text, pos, end)
    t_end = stop.start() if stop else end
    year = int(stop.group(1)) if stop and stop.group(1) else None
    span = _trim_span(text, pos, t_end)
    if span is None:
        return None
    return span[0], span[1], year


def _year_after(text: str, pos: int, end: int) -> int | None:
    """The year of :data:`_YEAR_AFTER` matched at ``pos`` (None when it does not match).

    After the spaces and commas the pattern skips (it cannot give any back: what follows
    them opens neither a year nor "reprint"/"revised"), a year or one of those words begins.
    Four ASCII digits there are read without the pattern, whose digits may be any script's:
    they are its year exactly when they spell one (:data:`YEAR`) and no digit, hyphen or en
    dash follows before ``end`` (anything not ASCII after them is left to the pattern).
    """
    rest = text[pos:end].lstrip(" \t,")
    first = rest[:1]
    if first not in ("1", "2", "r"):
        return None
    if first != "r":
        digits, after = rest[:4], rest[4:5]
        if len(digits) == 4 and digits.isdigit() and digits.isascii() and after.isascii():
            year = int(digits)
            return year if 1500 <= year <= 2049 and not (after.isdigit() or after == "-") else None
    m = _YEAR_AFTER.match(text, pos, end)
    return int(m.group(1)) if m else None


def _bare_entry(
    text: str,
    line: Line,
    frames: list[Frame],
    *,
    commented: bool = False,
    body: str | None = None,
    ascii_body: bool | None = None,
    has_dash: bool | None = None,
    authored: bool = False,
) -> list[Candidate]:
    """A title standing alone at the start of an entry, up to the first sentence end.

    With ``commented`` (a long line that is not a list entry) the title must be set off by a
    dash and a comment that opens like a sentence ("Eyewitness to History - It's a ...").
    ``body`` (the line's text), ``ascii_body`` (whether it is ASCII) and ``has_dash``
    (:func:`has_spaced_dash` of it) may be passed by a caller that has them at hand.
    ``authored`` says the next line names its author: then a single word in capitals is a
    title ("SPQR"), not a shout or an abbreviation.
    """
    cs, end = line.content_start, line.end
    if body is None:
        body = text[cs:end]
    if has_dash is None:
        has_dash = has_spaced_dash(body)
    if commented and not has_dash:
        return []  # no dash to set a comment off (see _DASH_COMMENT below)
    if ascii_body is None:
        ascii_body = body.isascii()
    # Every test that gives up on the line finds nothing, so they may come in any order: the
    # one that costs nothing on a line without markup first, then the one that gives up on
    # most lines, an ordinary sentence. The title ends at the first sentence split or dash
    # comment, and neither starts before ``mark``.
    if frames and any(f.start == cs and f.end >= end - 2 for f in frames):
        return []  # a wholly marked-up line is handled by the frame rules
    if ascii_body:
        # The first ordinary word of the whole line, read once: read up to any offset, the
        # words are cut at the same places before it (no word holds a mark, a dash or the
        # whitespace before a dash), so the first ordinary word up to the mark, and later up
        # to the end of the title, is the nearer of this word and that offset.
        line_lower = first_lower_word(text, cs, end, ascii_text=True)
        if line_lower < end and _ordinary_sentence(text, cs, line_lower, body):
            return []  # (the test below, without reading the whole line for its mark)
        mark = _split_mark(body)
        lower_at = min(line_lower, cs + mark)
    else:
        mark = _split_mark(body)
        lower_at = first_lower_word(text, cs, cs + mark)
        line_lower = -1
    if lower_at < cs + mark and text.find("(", cs, lower_at) < 0 and (ascii_body or not has_cjk(body)):
        # An ordinary sentence, found before reading where the title would end: the end of
        # the title and its colon lie at or after ``mark``, so the test below would find this
        # same lower-case word before both stops.
        return []
    if "http" in body or "@" in body or body.rstrip().endswith(":"):
        return []
    if (
        body.count("(") != body.count(")")
        or body.count("[") != body.count("]")
        or body.count('"') % 2
        or (not ascii_body and body.count("“") != body.count("”"))  # (no curly quote in ASCII)
    ):
        return []  # a fragment of a wrapped sentence, not an entry
    split = _sentence_split(body, mark)
    while split is not None and body.count("(", 0, split) > body.count(")", 0, split):
        # A split inside brackets ends no sentence ("Capital (Vol. 1)", "Dune (great. read it)"):
        # the next one after them is looked for (the brackets of the line are balanced).
        later = _SENTENCE_SPLIT.search(body, body.find(")", split) + 1)
        split = later.start() if later is not None else None
    head_end = cs + (split if split is not None else len(body.rstrip()))
    dashed = False
    for dash in _DASH_COMMENT.finditer(text, cs, head_end) if has_dash else ():
        if dash.group(1).casefold() in SENTENCE_STARTERS:
            head_end = dash.start()  # "Eyewitness to History - It's a collection of ..."
            dashed = True
            break
    if commented and not dashed:
        return []
    if ascii_body:
        lower_at = min(line_lower, head_end)
    elif lower_at == cs + mark:  # no ordinary word before the mark: read on from there
        lower_at = head_end
        if head_end > cs + mark:
            lower_at = first_lower_word(text, cs + mark, head_end)
    # Now ``lower_at`` is first_lower_word(text, cs, head_end): the end of the title and the
    # end of the line lie after the ordinary word found before the mark (a mark is no part
    # of a word).
    colon = _first_colon(text, cs, head_end)
    if lower_at < colon and text.find("(", cs, lower_at) < 0 and (ascii_body or not has_cjk(body)):
        # An ordinary sentence: neither stop below can be title case. Both hold the word at
        # ``lower_at`` whole (no stop, trailing note or stripped mark cuts a word), it is one
        # of their words, and with no caseless script in the line the title-case test is all
        # that could accept them.
        return []
    check = ""
    stripped = ""
    ws: list[str] = []
    titled = cjk = False
    for stop in (head_end, colon) if colon != head_end else (head_end,):
        stripped = text[cs:stop].rstrip(" \t.!,;")
        note = _trailing_note(stripped) if ")" in stripped else None
        check = stripped[:note] if note is not None else stripped
        if not check:
            continue
        if not ascii_body and has_cjk(check):
            cjk = True
            break
        ws = words(check, ascii_text=ascii_body)
        if lower_at >= cs + len(check):  # no ordinary lower-case word to look for in ``check``
            titled = bool(ws) and len(ws) <= 14 and _is_capital_word(ws[0]) and not is_shouted(ws)
        else:
            titled = is_title_case_words(ws, max_words=14)
        if titled:
            break
    if not check:
        return []
    if cjk:
        if len(check) <= 40 and not _CJK_SENTENCE.search(check) and line.role == "item":
            return [Candidate(cs, cs + len(stripped), check, 0.55, "bare_entry")]
        return []
    if not titled:
        return []  # neither stop is title case
    first = ws[0].casefold()
    if first in DATE_WORDS and all(w.casefold() in DATE_WORDS or w.isdigit() for w in ws):
        return []  # a dateline: "Tuesday, October 11, 2016" (one opening with a number is no date)
    if len(ws) <= 3 and ws[-1].casefold() in GENRE_HEADS:
        return []  # a shelf heading: "Historical Fiction"
    if first in SENTENCE_STARTERS and (
        len(ws) <= 2 or first in ("i", "it", "this", "that", "thanks", "thank")
    ):
        return []
    if len(ws) == 1 and (
        (ws[0].isupper() and not authored) or len(ws[0]) < 3 or ws[0].casefold() in REPLY_WORDS
    ):
        return []
    # "Title and Title": two long titles joined on one line.
    # Two parts of three words or more and the "and" make seven words (all in ``ws`` unless a
    # note was cut off).
    maybe_two = "and" in stripped and (len(ws) >= 7 or len(check) < len(stripped))
    parts = _AND_TITLES.split(stripped) if maybe_two else [stripped]
    out: list[Candidate] = []
    if len(parts) == 2 and all(len(words(p)) >= 3 for p in parts):
        second = stripped.rfind(parts[1])
        out.append(_noted_entry(cs, parts[0], 0.55))
        out.append(_noted_entry(cs + second, parts[1], 0.55))
        return out
    conf = 0.6 if len(ws) > 1 else 0.5
    if len(check) == len(stripped):
        return [Candidate(cs, cs + len(stripped), stripped, conf, "bare_entry")]
    return [_noted_entry(cs, stripped, conf, len(check))]


def _noted_entry(start: int, entry: str, confidence: float, title_end: int | None = None) -> Candidate:
    """The bare entry ``entry`` (at ``start``), whose title ends at ``title_end`` (found when
    not given) before a note in brackets ("Leviathan (1651)", "Small Gods (Terry Pratchett)",
    "The Feynman Lectures on Physics (Boxed Set)"): the note stays in the mention but is no
    part of the title; it may give the year or the author."""
    if title_end is None:
        title_end = _trailing_note(entry) if ")" in entry else None
        if title_end is None:
            return Candidate(start, start + len(entry), entry, confidence, "bare_entry")
    author, year = note_fields(entry[title_end:])
    return Candidate(start, start + len(entry), entry[:title_end], confidence, "bare_entry", author, year)


#: The punctuation where a sentence split can start (see :func:`_split_mark`): one ASCII
#: class, which the standard engine finds at C speed.
_SPLIT_MARK = re.compile(r"[.!?:]")
_SPACED_DASH = regex.compile(r"\s+[-–—]")
_SENTENCE_ENDS = (".", "!", "?")


def _split_mark(body: str) -> int:
    """The earliest offset in ``body`` where a :data:`_SENTENCE_SPLIT` or a
    :data:`_DASH_COMMENT` can start (``len(body)`` when neither can).

    The split starts just after a ".", "!" or "?", at a colon, or at a run of whitespace before
    a dash, and so does a dash comment (its spaces and tabs are whitespace). A whitespace run
    ending in a dash before the first punctuation mark lies wholly before it, and a dash
    substring test rules it out on most lines.
    """
    found = _SPLIT_MARK.search(body)
    mark = found.start() if found is not None else len(body)
    if "-" in body or "–" in body or "—" in body:
        dash = _SPACED_DASH.search(body, 0, mark)
        if dash is not None:
            mark = dash.start()
    return mark


def _ordinary_sentence(text: str, cs: int, lower_at: int, body: str) -> bool:
    """Whether the ordinary word at ``lower_at`` lies before the mark of ``body`` (the ASCII
    line from ``cs``; see :func:`_split_mark`) with no bracket before it: then the line is an
    ordinary sentence for :func:`_bare_entry`. Only the words before it are searched.

    The word is before the mark when no ".", "!", "?" or ":" precedes it, nor a run of
    whitespace ending in a dash: such a run holds no letter, so one that starts before the
    word ends before it.
    """
    rel = lower_at - cs
    if text.find("(", cs, lower_at) >= 0 or _SPLIT_MARK.search(body, 0, rel) is not None:
        return False
    return body.find("-", 0, rel) < 0 or _SPACED_DASH.search(body, 0, rel) is None


def _sentence_split(body: str, mark: int) -> int | None:
    """Offset of the first :data:`_SENTENCE_SPLIT` in ``body`` (None when there is none), read
    from ``mark`` (:func:`_split_mark`) on: the many list lines with no sentence punctuation
    and no dash are not scanned by the pattern at all. A search starting at the punctuation
    mark itself keeps what the first branch's lookbehind reads inside the searched range.
    """
    if body[mark : mark + 1] in _SENTENCE_ENDS and body[mark + 1 : mark + 2] == " ":
        # The commonest split, a sentence end, a space and a word: no split starts at the mark
        # (it is the first "." "!" "?" or ":", and no whitespace), and one starts right after
        # it if a character that is no whitespace (``str.isspace`` takes all of ``\s``) follows.
        after = body[mark + 2 : mark + 3]
        if after and not after.isspace():
            return mark + 1
    if mark >= len(body):
        return None
    if body.isascii():
        return _ascii_sentence_split(body, mark)
    split = _SENTENCE_SPLIT.search(body, mark)
    return split.start() if split is not None else None


#: The branches of :data:`_SENTENCE_SPLIT` on ASCII text, each opening with its punctuation
#: so that the standard engine looks for that first (the pattern tries every whitespace for
#: its dash branch): ``\s`` spelt out (the standard engine's also takes \x1c-\x1f), ``\S``
#: as its complement and ``\p{Ll}`` as [a-z]; a dash branch still needs whitespace before it.
_ASCII_SPLIT_END = re.compile(r"[.!?][\t\n\x0b\x0c\r ]+[^\t\n\x0b\x0c\r ]")
_ASCII_SPLIT_COLON = re.compile(r":[\t\n\x0b\x0c\r ]+[a-z]")
_ASCII_SPLIT_DASH = re.compile(r"-[\t\n\x0b\x0c\r ]+[a-z]")
_ASCII_WHITESPACE = "\t\n\x0b\x0c\r "


def _ascii_sentence_split(body: str, mark: int) -> int | None:
    """:func:`_sentence_split` of an ASCII ``body``: the nearest start of the pattern's three
    branches, each found from ``mark`` by its own pattern. A sentence end's split starts
    after the mark (before it, at the mark, stands no "." "!" or "?"); a dash's starts where
    the whitespace before it does, or at ``mark`` if that whitespace runs on from before it.
    """
    # Each branch is searched only up to the nearest start found so far: a match of a later
    # branch that starts before it ends there at the latest (it holds no ":" and no "." "!"
    # "?" with whitespace after it, and the whitespace it holds stops at such a mark).
    colon = _ASCII_SPLIT_COLON.search(body, mark)
    best = colon.start() if colon is not None else len(body)
    end = _ASCII_SPLIT_END.search(body, mark, best + 1)
    if end is not None and end.start() + 1 < best:
        best = end.start() + 1
    dash = _ASCII_SPLIT_DASH.search(body, mark, best)
    while dash is not None:
        at = dash.start()
        run_start = len(body[:at].rstrip(_ASCII_WHITESPACE))
        if run_start < at:
            best = min(best, max(run_start, mark))
            break
        dash = _ASCII_SPLIT_DASH.search(body, at + 1, best)
    return best if best < len(body) else None


def _trailing_note(stripped: str) -> int | None:
    """Where :data:`_TRAILING_NOTE` starts in ``stripped`` (None when it does not match),
    read from the last brackets rather than searched for from every position: only
    whitespace follows the note's ")", so it is the last one; no bracket lies inside the note,
    so its "(" is the last one before that; and the match starts where the whitespace before
    the "(" starts.
    """
    close = stripped.rfind(")")
    if close < 0 or stripped[close + 1 :].strip(WHITESPACE):
        return None
    opening = stripped.rfind("(", 0, close)
    if opening < 0 or close - opening > 61 or ")" in stripped[opening + 1 : close]:
        return None
    return len(stripped[:opening].rstrip(WHITESPACE))


_NOTE_YEAR = re.compile(rf"\(\s*({YEAR})\s*\)")
#: A year or a separator inside a note that names a form ("(1995 film)", "(essay, 1849)").
_FORM_NOISE = re.compile(rf"\b{YEAR}\b|[,;:]")


def _names_other_form(note: str) -> bool:
    """Whether a bracketed note after a name (" (short story)", "(1995 film)", "(TV series)")
    says the work is not a book (:data:`NON_BOOK_FORMS`): then the name before it is no
    mention. A book's own forms ("(novel)", "(play)", "(short story collection)") are not
    among them, and a note that says more than the form (and a year) is left alone."""
    inner = note.strip(WHITESPACE)
    if len(inner) < 6 or len(inner) > 40 or inner[0] != "(" or inner[-1] != ")":
        return False
    phrase = " ".join(_FORM_NOISE.sub(" ", inner[1:-1]).casefold().split())
    return phrase in NON_BOOK_FORMS


def note_fields(note: str) -> tuple[str | None, int | None]:
    """The author and year a bracketed note after a title gives: ``(None, 1651)`` from
    " (1651)", ``("Terry Pratchett", None)`` from " (Terry Pratchett)", nothing from " (3 vols)".

    Only a name of two words or more is taken for an author: a single capitalised word in
    brackets is as often a subject or a format ("(Culture)", "(Audiobook)") as a surname; and
    not one that names an edition or a subject ("(Kindle Edition)", "(Political Economy)").
    """
    inner = note.strip(WHITESPACE)
    year = _NOTE_YEAR.fullmatch(inner)
    if year is not None:
        return None, int(year.group(1))
    name = inner[1:-1].strip(WHITESPACE)
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or any(ch.isdigit() for ch in name):
        return None, None
    if not all(_is_capital_word(t) or t in NAME_PARTICLES for t in tokens) or not _is_capital_word(
        tokens[-1]
    ):
        return None, None
    if any(t.casefold() in EDITION_WORDS for t in tokens) or is_subject_label(name):
        return None, None
    return (name, None) if is_plausible_author(name) else (None, None)


def _first_colon(text: str, start: int, end: int) -> int:
    pos = text.find(": ", start, end)
    return pos if pos > start else end


def _standalone_frame(text: str, line: Line, f: Frame) -> Candidate | None:
    """An emphasised or quoted span that is not attached to an author.

    Every test but the script test only rules the span out, so the cheap ones come first.
    """
    if f.start == line.content_start and f.end >= line.end - 1 and line.role != "item":
        return None  # a whole line in bold or italics is a heading
    inner = text[f.inner_start : f.inner_end]
    stripped = inner.strip(" \t,.;:")
    if not stripped or stripped.endswith(":") or inner.rstrip().endswith(":"):
        return None
    ws = words(stripped)
    if not ws or len(ws) > 16:
        return None
    if has_cjk(stripped):
        return Candidate(f.inner_start, f.inner_end, inner, 0.6, f.kind)
    if stripped.endswith(".") or (len(ws) == 1 and ws[0].casefold() in REPLY_WORDS):
        return None
    quote = f.kind == "quote"
    if not quote and len(ws) == 1 and ws[0].casefold() in ARTICLES:
        return None
    if not is_title_case_words(ws, max_words=16):  # is_title_case(stripped): ws are its words
        return None
    before = words(text[max(line.content_start, f.start - 80) : f.start])
    if not MEDIA_WORDS.isdisjoint(map(str.casefold, before)):
        return None
    if text[f.end : f.end + 2] == " (" and _names_other_form(
        text[f.end : text.find(")", f.end, line.end) + 1]
    ):
        return None  # "*Heat* (film)"
    if quote:
        after = _NEXT_LOWER.match(text, f.end, min(line.end, f.end + 30))
        if after is not None and after.group(1) not in FUNCTION_WORDS and after.group(1) not in ("is", "was"):
            return None  # attributive: '"Mechanics" chapters'
        if len(ws) == 1:
            near = words(text[max(line.content_start, f.start - 120) : min(line.end, f.end + 120)])
            if BOOK_CUES.isdisjoint(map(str.casefold, near)):
                return None
    return Candidate(f.start, f.end, inner, 0.7, f.kind)
