"""Features: what can be observed about a candidate, as named numbers for the model.

Each feature function looks at one aspect of a candidate (which patterns proposed it, its
markup, the shape of its title and author, the line it sits on, its neighbours, the words and
heading around it, how often its title recurs) and returns named values; none of them decides
anything. The model weighs them, as learnt from annotated texts. Names are ``aspect=value``
for categories (1.0 when present) and plain names for numbers.

What many candidates share is computed once: per document in :class:`Facts` (the heading each
line sits under, the spans used as authors, how often each title is proposed), per line in
:class:`LineFacts` (its words, its cue words, where its text starts and ends).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

from bibkit.mentions.candidate import Candidate
from bibkit.mentions.links import link_kind, names_its_shop
from bibkit.mentions.page import Page
from bibkit.mentions.patterns.spans import NAME, YEAR
from bibkit.mentions.people import looks_like_person
from bibkit.mentions.vocabulary import (
    ARTICLES,
    BOOK_CUES,
    BOOK_ICONS,
    BOOKISH_FORMS,
    CITATION_WORDS,
    COPY_WORDS,
    DATE_WORDS,
    FUNCTION_WORDS,
    HEADING_WORDS,
    MEDIA_CUES,
    MEDIA_ICONS,
    NON_BOOK_FORMS,
    PRONOUNS,
    PUBLISHER_WORDS,
    READING_VERBS,
    SENTENCE_WORDS,
)

__all__ = ["FEATURES", "Facts", "case_style", "describe", "facts_of"]

Features = dict[str, float]

#: Patterns whose proposals are strong evidence of a title (a mark, quotes, an author beside it).
STRONG_PATTERNS = frozenset({"marked", "quoted", "by", "possessive", "citation"})
_QUOTE_PAIRS = {
    '"': ('"', "ascii"),
    "“": ("”“", "curly"),
    "„": ("“”", "low"),
    "«": ("»", "guillemet"),
    "»": ("«", "guillemet"),
    "‹": ("›", "guillemet"),
    # Japanese 『』 holds the titles of books (and of films, less often); Chinese 《》 holds the
    # title of any work, a film, a song, a journal: the two are different evidence.
    "『": ("』", "cjk-double"),
    "「": ("」", "cjk"),
    "《": ("》", "cjk-angle"),
    "〈": ("〉", "cjk"),
    "'": ("'’", "single"),
    "‘": ("’'", "single"),
}
_BRACKET_AFTER = regex.compile(r"[ \t]*[(\[]([^()\[\]\n]{1,40})[)\]]")
_PAGES = regex.compile(
    r"\b(?:pp?\.|págs?\.|pags?\.|s\.|str\.)[ \t]*\d|\b\d{1,4}[-–]\d{1,4}\b|\b\d{1,4}[ \t]*\(\d{1,4}\)"
)
_CITY_PUBLISHER = regex.compile(r"\b\p{Lu}[\p{L}.\-]+(?:,[ \t]*\p{Lu}[\p{L}.]+)?[ \t]*:[ \t]*\p{Lu}")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
#: Cased scripts other than Latin: a title in one is not written by English capitalisation
#: rules, whatever the language of the document around it (a bilingual reading log).
_OTHER_CASED_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Armenian}\p{Georgian}]")
_CJK_BOOK_CUES = tuple(c for c in BOOK_CUES if _CJK.match(c))
_CJK_MEDIA_CUES = tuple(c for c in MEDIA_CUES if _CJK.match(c))
_LEAD = " \t-*+•·0123456789.)/:"
#: Where a title read too long holds another part: "Title - Author", "Title, Author", "Title by Author".
_TITLE_PARTS = regex.compile(r"\s[-–—|/]\s|,\s|\sby\s|\s\(|\s[–—]")
_TAIL = " \t.,;:!"
_IN_BEFORE = (" in", " In", " en", " En", " dans", " In:", " in:")


def case_style(words: list[str]) -> str:
    """How a phrase is capitalised: ``title`` (every content word), ``sentence`` (the first
    only), ``lower``, ``mixed``, ``shouted`` (mostly capitals), ``uncased`` (no letters with
    case) or ``one`` (a single capitalised word)."""
    cased = [w for w in words if w[:1].isupper() or w[:1].islower()]
    if not cased:
        return "uncased"
    if len([w for w in cased if len(w) > 1 and w.isupper()]) * 2 > len(cased):
        return "shouted"
    if all(w[:1].islower() for w in cased):
        return "lower"
    if len(words) == 1:
        return "one"
    content = [w for w in words if w.casefold() not in FUNCTION_WORDS]
    caps = [w for w in content if w[:1].isupper() or w[:1].isdigit()]
    if content and len(caps) == len(content):
        return "title"
    if words[0][:1].isupper() and len(caps) <= 1 + sum(1 for w in content[1:] if w[:1].isdigit()):
        return "sentence"
    return "mixed"


def cue_class(words: Iterable[str]) -> str:
    """Whether casefolded ``words`` speak of books, of other media, of both ("mixed") or neither."""
    book = media = False
    for w in words:
        book = book or w in BOOK_CUES
        media = media or w in MEDIA_CUES
    return "mixed" if book and media else "book" if book else "media" if media else ""


def _cjk_cue_class(text: str) -> str:
    """The cue class of text in a script without spaces (cue words matched inside words)."""
    book = any(cue in text for cue in _CJK_BOOK_CUES)
    media = any(cue in text for cue in _CJK_MEDIA_CUES)
    return "mixed" if book and media else "book" if book else "media" if media else ""


def _fold_words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


@dataclass(slots=True)
class LineFacts:
    """What the features of every candidate on one line share."""

    words: list[str]  # casefolded words of the line (its first 400 characters)
    cues: str  # cue class of the line
    body_start: int  # where the line's text starts after list markers
    body_end: int  # where it ends before closing punctuation


@dataclass(slots=True)
class Facts:
    """What the whole document says, shared by the features of all its candidates."""

    page: Page
    heading_cue: list[str]  # per line: "book", "media", "mixed" or "" from the headings above
    heading_words: list[tuple[str, ...]]  # per line: the casefolded words of the headings above it
    heading_above: list[int]  # per line: distance in lines to the nearest heading (-1 if none)
    column_words: dict[tuple[int, int], list[str]]  # (table, column) -> casefolded words of its head cell
    author_spans: dict[tuple[int, int], int]  # author span -> how many candidates use it
    title_count: Counter[str]  # casefolded title -> how many places propose it
    strong_titles: set[str]  # casefolded titles proposed in a strong form somewhere
    list_size: dict[int, int]  # list id -> number of items
    line_lists: dict[int, int]  # block id of a paragraph read as a list of lines -> its lines
    language: str
    mark_style: str  # how the document's marked phrases of three words or more are capitalised
    _lines: dict[int, LineFacts] = field(default_factory=dict)
    _words: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    _shapes: dict[tuple[int, int], Features] = field(default_factory=dict)  # title span -> title_shape

    def words(self, start: int, end: int) -> list[str]:
        """The words of the page's text in [start, end) (many candidates share a span)."""
        found = self._words.get((start, end))
        if found is None:
            found = self._words[(start, end)] = _WORD.findall(self.page.text, start, end)
        return found

    def folded(self, start: int, end: int) -> list[str]:
        return [w.casefold() for w in self.words(start, end)]

    def line(self, index: int) -> LineFacts:
        found = self._lines.get(index)
        if found is None:
            ln = self.page.lines[index]
            text = self.page.text
            content = text[ln.start : ln.end]
            words = _fold_words(content[:400])
            cues = cue_class(words) or (_cjk_cue_class(content[:400]) if self.page.cjk else "")
            lead = len(content) - len(content.lstrip(_LEAD))
            found = LineFacts(words, cues, ln.start + lead, ln.start + len(content.rstrip(_TAIL)))
            self._lines[index] = found
        return found


def _bold_line(page: Page, start: int, end: int) -> bool:
    """A line that is all one strong mark: a heading in much informal writing."""
    return any(
        mark.kind == "strong" and mark.start <= start + 1 and mark.end >= end - 1
        for mark in page.marks_within(start, end + 1)
    )


def _headings(page: Page) -> tuple[list[str], list[int], list[tuple[str, ...]]]:
    """For each line, the cue class of the nearest enclosing heading that has one, and the
    distance to the nearest heading above (headings nest by level; a bold line is a heading
    below all numbered levels)."""
    text = page.text
    cues: list[str] = []
    distances: list[int] = []
    words: list[tuple[str, ...]] = []
    open_headings: list[tuple[int, str, int]] = []  # (level, cue class, line index)
    heading_words: dict[int, tuple[str, ...]] = {}
    for i, line in enumerate(page.lines):
        level = (
            line.heading_level
            if line.block == "heading"
            else 7
            if _bold_line(page, line.start, line.end)
            else 0
        )
        if level:
            while open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
            heading = text[line.start : line.end]
            folded = _fold_words(heading[:200])
            heading_words[i] = tuple(folded)
            cue = cue_class(folded) or (_cjk_cue_class(heading) if page.cjk else "")
            open_headings.append((level, cue, i))
        cues.append(next((c for _, c, _ in reversed(open_headings) if c), ""))
        distances.append(i - open_headings[-1][2] if open_headings else -1)
        words.append(tuple(w for _, _, j in open_headings for w in heading_words[j]))
    return cues, distances, words


LINE_LIST_MIN_LINES = 3
LINE_LIST_MAX_CHARS = 120


def line_lists_of(page: Page) -> dict[int, int]:
    """The paragraphs that are lists written without markers: three lines or more, each short,
    one entry a line ("Victor Serge, Year One of the Russian Revolution" and its siblings in a
    post or a plain-text list), mapped to their number of lines.

    Markdown joins such lines into one paragraph; people mean them as a list, and agreement
    should compare them as entries of one.
    """
    lines: Counter[int] = Counter()
    long: set[int] = set()
    for line in page.lines:
        if line.block != "paragraph" or line.block_id < 0:
            continue
        lines[line.block_id] += 1
        if line.end - line.start > LINE_LIST_MAX_CHARS:
            long.add(line.block_id)
    return {block: n for block, n in lines.items() if n >= LINE_LIST_MIN_LINES and block not in long}


def facts_of(page: Page, candidates: list[Candidate]) -> Facts:
    """The document-level facts of ``page`` and its candidates."""
    text = page.text
    heading_cue, heading_above, heading_words = _headings(page)
    author_spans: Counter[tuple[int, int]] = Counter()
    titles: Counter[str] = Counter()
    strong: set[str] = set()
    seen_spans: set[tuple[int, int]] = set()
    for cand in candidates:
        title = text[cand.title_start : cand.title_end].casefold()
        if (cand.title_start, cand.title_end) not in seen_spans:
            seen_spans.add((cand.title_start, cand.title_end))
            titles[title] += 1
        if cand.patterns & STRONG_PATTERNS:
            strong.add(title)
        if cand.has_author:
            author_spans[(cand.author_start, cand.author_end)] += 1
    sizes: Counter[int] = Counter(line.list_id for line in page.lines if line.block == "item" and line.first)
    line_lists = line_lists_of(page)
    column_words: dict[tuple[int, int], list[str]] = {}
    for line in page.lines:
        if line.block == "cell" and line.row == 0:
            column_words.setdefault((line.table, line.column), []).extend(
                _fold_words(text[line.start : min(line.end, line.start + 80)])
            )
    styles: Counter[str] = Counter()
    for mark in page.marks:
        if mark.kind in ("emphasis", "strong", "cite", "link") and mark.end - mark.start < 200:
            words = _WORD.findall(text[mark.start : mark.end])
            if len(words) >= 3:
                styles[case_style(words)] += 1
    return Facts(
        page=page,
        heading_cue=heading_cue,
        heading_words=heading_words,
        heading_above=heading_above,
        column_words=column_words,
        author_spans=dict(author_spans),
        title_count=titles,
        strong_titles=strong,
        list_size=dict(sizes),
        line_lists=line_lists,
        language=page.language,
        mark_style=styles.most_common(1)[0][0] if styles else "",
    )


# -- the feature functions ---------------------------------------------------------------------


def patterns(c: Candidate, facts: Facts) -> Features:
    """Which patterns proposed the candidate, and how many agree."""
    out = {f"pattern={p}": 1.0 for p in c.patterns}
    out["patterns"] = float(len(c.patterns))
    return out


def author(c: Candidate, facts: Facts) -> Features:
    """How the author is attached, and whether it (rather than the title) looks like a person."""
    if not c.has_author:
        return {"author=none": 1.0}
    page = facts.page
    text = page.text
    name = text[c.author_start : c.author_end]
    words = facts.words(c.author_start, c.author_end)
    side = "left" if c.author_start < c.title_start else "right"
    out: Features = {f"sep={c.sep}": 1.0, "author_words": float(len(words)), f"author_side={side}": 1.0}
    if name.startswith("@"):
        out["author=handle"] = 1.0
    elif NAME.fullmatch(name):
        out["author=name"] = 1.0
        if len(words) >= 2:
            out["author=full_name"] = 1.0
    else:
        out["author=other"] = 1.0
    author_person = looks_like_person(words)
    title_person = looks_like_person(facts.words(c.title_start, c.title_end))
    if author_person:
        out["author=person"] = 1.0
    if author_person and not title_person:
        out[f"pair=person_{side}"] = 1.0
    elif title_person and not author_person:
        out["pair=title_is_person"] = 1.0
    folded = [w.casefold() for w in words]
    lower = [w for w, f in zip(words, folded, strict=True) if w[:1].islower() and f not in FUNCTION_WORDS]
    if lower:
        out["author_lower_words"] = float(len(lower))
    if any(w[:1].isdigit() for w in words):
        out["author_digits"] = 1.0
    if any(w in SENTENCE_WORDS or w in PRONOUNS for w in folded):
        out["author_sentence_word"] = 1.0
    if any(w in PUBLISHER_WORDS for w in folded):
        out["author_publisher_word"] = 1.0
    if any(w in MEDIA_CUES or w in BOOK_CUES for w in folded):
        out["author_cue_word"] = 1.0
    for mark in page.marks_over(c.author_start, c.author_end):
        out[f"author_mark={mark.kind}"] = 1.0
    return out


def markup(c: Candidate, facts: Facts) -> Features:
    """The marks on the title (exactly on it, around it, inside it), quotes, link targets."""
    page = facts.page
    text = page.text
    out: Features = {}
    exact = False
    for mark in page.marks_over(c.title_start, c.title_end):
        covers = (
            text[mark.start : c.title_start].strip(" *_\"'“”‘’") == ""
            and text[c.title_end : mark.end].strip(" ,.;:*_\"'“”‘’") == ""
        )
        if covers:
            exact = True
            out[f"mark={mark.kind}"] = 1.0
        else:
            out[f"in_mark={mark.kind}"] = 1.0
        if mark.url:
            out[f"link={link_kind(mark.url)}"] = 1.0
            if covers and names_its_shop(mark.url, facts.words(c.title_start, c.title_end)):
                out["link_names_its_shop"] = 1.0
    for mark in page.marks_within(c.title_start, c.title_end):
        if mark.start > c.title_start or mark.end < c.title_end:
            out[f"has_mark={mark.kind}"] = 1.0
    if not exact:
        out["mark=none"] = 1.0
    before = text[c.title_start - 1] if c.title_start else ""
    after_pos = c.title_end
    while after_pos < len(text) and text[after_pos] in ",.;:!?":
        after_pos += 1
    after = text[after_pos] if after_pos < len(text) else ""
    pair = _QUOTE_PAIRS.get(before)
    if pair is not None and after in pair[0]:
        out[f"quote={pair[1]}"] = 1.0
    elif before == "(" and after == ")":
        out["in_brackets"] = 1.0
    if c.isbn:
        out["isbn"] = 1.0
    return out


def title_shape(c: Candidate, facts: Facts) -> Features:
    """How the title is written: length, capitalisation (as the document's language and marked
    phrases lead one to expect), digits, sentence words, a person's name."""
    key = (c.title_start, c.title_end)
    found = facts._shapes.get(key)
    if found is None:
        found = facts._shapes[key] = _title_shape(c, facts)
    return found


def _title_shape(c: Candidate, facts: Facts) -> Features:
    text = facts.page.text
    title = text[c.title_start : c.title_end]
    words = facts.words(c.title_start, c.title_end)
    n = len(words)
    out: Features = {"title_words": float(min(n, 20)), "title_chars": float(min(len(title), 200)) / 10}
    if n == 0:
        out["title=no_words"] = 1.0
        return out
    if n == 1:
        out["title=one_word"] = 1.0
    elif n > 12:
        out["title=long"] = 1.0
    content = [w for w in words if w.casefold() not in FUNCTION_WORDS]
    caps = [w for w in content if w[:1].isupper() or w[:1].isdigit()]
    style = case_style(words)
    group = "en" if facts.language == "en" and not _OTHER_CASED_SCRIPT.search(title) else "other"
    out[f"title={style}"] = 1.0
    out[f"title_{group}={style}"] = 1.0
    if style not in ("uncased", "one"):
        out[f"cap_share_{group}"] = len(caps) / max(1, len(content))
    if n >= 2 and facts.mark_style:
        out["case_as_marks"] = 1.0 if style == facts.mark_style else 0.0
    folded = [w.casefold() for w in words]
    if folded[0] in ARTICLES:
        out["title_article"] = 1.0
    if folded[0] in SENTENCE_WORDS:
        out["title_first_sentence_word"] = 1.0
    if any(w in PRONOUNS for w in folded):
        out["title_pronoun"] = 1.0
    if any(w in BOOK_CUES for w in folded):
        out["title_book_word"] = 1.0
    if any(w in MEDIA_CUES for w in folded):
        out["title_media_word"] = 1.0
    if any(w in COPY_WORDS for w in folded):
        out["title_copy_word"] = 1.0
    if folded[0] in HEADING_WORDS or folded[-1] in HEADING_WORDS:
        out["title_heading_word"] = 1.0
    if any(w in DATE_WORDS for w in folded):
        out["title_date_word"] = 1.0
    if YEAR.search(title):
        out["title_year"] = 1.0
    if all(w[:1].isdigit() for w in words):
        out["title=number"] = 1.0
    elif any(w[:1].isdigit() for w in words):
        out["title_digits"] = 1.0
    if title.endswith(("?", "!")):
        out["title_ends_mark"] = 1.0
    for ch, name in (
        (":", "title_colon"),
        (",", "title_comma"),
        ("(", "title_bracket"),
        (")", "title_bracket"),
    ):
        if ch in title:
            out[name] = 1.0
    if "." in title.rstrip("."):
        out["title_stop"] = 1.0
    if any(ch in title for ch in "[]{}<>|#@/\\=_*"):
        out["title_symbols"] = 1.0
    if n >= 2 and NAME.fullmatch(title):
        out["title_name_shaped"] = 1.0
    if looks_like_person(words):
        out["title=person"] = 1.0
    elif n >= 3 and any(looks_like_person(_WORD.findall(part)) for part in _TITLE_PARTS.split(title)[1:]):
        out["title_holds_person"] = 1.0  # "Einstieg in ABAP - Karl-Heinz Kühnhauser" read as one title
    used_as_author = facts.author_spans.get((c.title_start, c.title_end), 0)
    if used_as_author:
        out["title_is_author_elsewhere"] = float(min(used_as_author, 3))
    out["lang=" + ("en" if facts.language == "en" else "cjk" if facts.language == "ja" else "other")] = 1.0
    if _CJK.search(title):
        out["title_cjk"] = 1.0
    elif not title.isascii():
        out["title_non_ascii"] = 1.0
    return out


def line(c: Candidate, facts: Facts) -> Features:
    """Where the candidate sits: the block, the list, how much of the line it covers."""
    page = facts.page
    index = page.line_index(c.title_start)
    ln = page.lines[index]
    lf = facts.line(index)
    out: Features = {f"block={ln.block}": 1.0}
    if ln.in_code:
        out["in_code"] = 1.0
    if ln.quote:
        out["in_quote_block"] = 1.0
    if ln.depth:
        out["list_depth"] = float(min(ln.depth, 4))
        size = facts.list_size.get(ln.list_id, 0)
        out["list_size"] = float(min(size, 30)) / 10
        if size == 1:
            out["list_single"] = 1.0
    lines_in_list = facts.line_lists.get(ln.block_id, 0) if ln.block == "paragraph" else 0
    if lines_in_list:
        out["line_list"] = 1.0
        out["list_size"] = float(min(lines_in_list, 30)) / 10
    if ln.heading_level:
        out["heading_level"] = float(ln.heading_level)
    if ln.table >= 0:
        # a table: its head row names what each column holds ("Title", "Author", "Date")
        out["cell_column"] = float(min(ln.column, 6))
        if ln.row == 0:
            out["cell_head"] = 1.0
        head = facts.column_words.get((ln.table, ln.column), [])
        cues = cue_class(head) or (_cjk_cue_class(" ".join(head)) if page.cjk else "")
        out[f"column_cues={cues or 'none'}"] = 1.0
    out["line_chars"] = float(min(ln.end - ln.start, 600)) / 100
    span = max(1, lf.body_end - lf.body_start)
    cover = (min(c.end, lf.body_end) - max(c.start, lf.body_start)) / span
    out["line_cover"] = max(0.0, min(1.0, cover))
    starts = c.start <= lf.body_start + 1
    ends = c.end >= lf.body_end - 1
    if starts:
        out["line_start"] = 1.0
    if ends:
        out["line_end"] = 1.0
    if starts and ends:
        out["whole_line"] = 1.0
    if page.at_sentence_start(c.title_start):
        out["sentence_start"] = 1.0
    if not ln.first:
        out["not_first_line"] = 1.0
    if len(page.lines) < 15:
        out["doc_short"] = 1.0
    return out


def _edge_kind(ch: str) -> str:
    if not ch:
        return "edge"
    if ch in ",;":
        return "comma"
    if ch == ":":
        return "colon"
    if ch in "-–—":
        return "dash"
    if ch in "([":
        return "open"
    if ch in ")]":
        return "close"
    if ch in ".!?":
        return "stop"
    if ch in "\"'“”‘’«»„『』「」":
        return "quote"
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return "upper" if ch.isupper() else "letter"
    return "other"


_SHORT_CODE = regex.compile(r":[a-z_]+:$")


def _icon_before(before: str) -> str:
    """"book" or "media" for a pictograph or emoji short code just before a title (or before the
    author that precedes it), else ""."""
    tail = before.rstrip(" \t[(*_-—–,")
    code = _SHORT_CODE.search(tail)
    if code is not None:
        token = code.group()
    else:
        tail = tail.rstrip(":").rstrip("\ufe0f")
        token = tail[-1:]
    return "book" if token in BOOK_ICONS else "media" if token in MEDIA_ICONS else ""


def neighbours(c: Candidate, facts: Facts) -> Features:
    """What comes right before and after the candidate on its line: punctuation, a note in
    brackets, a person, citation apparatus, a publisher."""
    page = facts.page
    text = page.text
    ln = page.line_of(c.title_start)
    before = text[ln.start : c.start].rstrip()
    after = text[c.end : ln.end].lstrip()
    out: Features = {"before=" + _edge_kind(before[-1:]): 1.0, "after=" + _edge_kind(after[:1]): 1.0}
    bracket = _BRACKET_AFTER.match(text, c.title_end, ln.end)
    if bracket is not None:
        note = bracket.group(1).strip()
        inner = _fold_words(note)
        if YEAR.fullmatch(note):
            out["bracket=year"] = 1.0
        elif any(w in NON_BOOK_FORMS for w in inner):
            out["bracket=non_book"] = 1.0
        elif any(w in BOOKISH_FORMS for w in inner):
            out["bracket=book"] = 1.0
        elif NAME.fullmatch(note):
            out["bracket=name"] = 1.0
        else:
            out["bracket=other"] = 1.0
    if not c.has_author:
        # a person right beside an authorless candidate: "Title - Person", "Person: Title"
        after_words = facts.words(c.end, min(ln.end, c.end + 60))
        before_words = facts.words(max(ln.start, c.start - 60), c.start)
        if (
            after_words
            and after[:1] in ("-", "–", "—", ",", "(", "b", "/", "|")
            and (
                looks_like_person(after_words[:3])
                or looks_like_person(after_words[1:4])
                or looks_like_person(after_words[:2])
            )
        ):
            out["person_after"] = 1.0
        if before_words and (looks_like_person(before_words[-3:]) or looks_like_person(before_words[-2:])):
            out["person_before"] = 1.0
    rest = text[c.end : ln.end]
    if _PAGES.search(rest):
        out["rest_pages"] = 1.0
    if _CITY_PUBLISHER.search(rest):
        out["rest_city_publisher"] = 1.0
    rest_words = facts.folded(c.end, min(ln.end, c.end + 200))
    if any(w in PUBLISHER_WORDS for w in rest_words):
        out["rest_publisher_word"] = 1.0
    if any(w in CITATION_WORDS for w in rest_words[:12]):
        out["rest_citation_word"] = 1.0
    if YEAR.search(rest):
        out["rest_year"] = 1.0
    if before.endswith(_IN_BEFORE):
        out["after_in"] = 1.0
    icon = _icon_before(text[ln.start : c.title_start])
    if icon:
        out[f"icon={icon}"] = 1.0
    if c.year is not None:
        out["year"] = 1.0
    return out


def context(c: Candidate, facts: Facts) -> Features:
    """Cue words near the candidate (book words, media words, reading verbs) and on its line,
    and the heading it sits under."""
    page = facts.page
    text = page.text
    index = page.line_index(c.title_start)
    ln = page.lines[index]
    out: Features = {}
    before = facts.folded(max(ln.start, c.start - 80), c.start)[-6:]
    after = facts.folded(c.end, min(ln.end, c.end + 80))[:6]
    for side, words in (("before", before), ("after", after)):
        for w in words:
            if w in BOOK_CUES:
                out[f"{side}_book_cue"] = 1.0
            if w in MEDIA_CUES:
                out[f"{side}_media_cue"] = 1.0
            if w in READING_VERBS:
                out[f"{side}_reading_verb"] = 1.0
            if w in PRONOUNS:
                out[f"{side}_pronoun"] = 1.0
    if before and before[-1] in ARTICLES:
        out["after_article"] = 1.0
    if page.cjk:
        near = _cjk_cue_class(text[max(ln.start, c.start - 20) : min(ln.end, c.end + 20)])
        if near:
            out[f"near_cjk={near}"] = 1.0
    cues = facts.line(index).cues
    if cues:
        out[f"line_cues={cues}"] = 1.0
    heading = facts.heading_cue[index]
    if heading:
        out[f"heading={heading}"] = 1.0
    if facts.heading_above[index] < 0:
        out["no_heading"] = 1.0
    return out


def document(c: Candidate, facts: Facts) -> Features:
    """How often the title is proposed in the document, and whether in a strong form elsewhere."""
    title = facts.page.text[c.title_start : c.title_end].casefold()
    out: Features = {"title_places": float(min(facts.title_count.get(title, 0), 6))}
    if title in facts.strong_titles and not (c.patterns & STRONG_PATTERNS):
        out["strong_elsewhere"] = 1.0
    return out


def words(c: Candidate, facts: Facts) -> Features:
    """The words themselves: of the title, just before and after it on its line, and of the
    headings above it. Training keeps only those seen in several texts (see
    :class:`~bibkit.mentions.training.TrainingOptions`), so what is learnt is how people write
    about books and other media ("watched", "season", "novel", "translated"), not one text."""
    page = facts.page
    ln = page.line_of(c.title_start)
    out: Features = {}
    for w in facts.folded(c.title_start, c.title_end)[:8]:
        out[f"w_title={w}"] = 1.0
    for w in facts.folded(max(ln.start, c.start - 40), c.start)[-4:]:
        out[f"w_before={w}"] = 1.0
    for w in facts.folded(c.end, min(ln.end, c.end + 40))[:4]:
        out[f"w_after={w}"] = 1.0
    for w in facts.heading_words[page.line_index(c.title_start)][:12]:
        out[f"w_heading={w}"] = 1.0
    if ln.table >= 0 and ln.row > 0:
        for w in facts.column_words.get((ln.table, ln.column), [])[:4]:
            out[f"w_column={w}"] = 1.0
    return out


#: Every feature function, by name.
FEATURES: dict[str, Callable[[Candidate, Facts], Features]] = {
    "patterns": patterns,
    "author": author,
    "markup": markup,
    "title_shape": title_shape,
    "line": line,
    "neighbours": neighbours,
    "context": context,
    "document": document,
    "words": words,
}


def describe(c: Candidate, facts: Facts) -> Features:
    """All features of one candidate."""
    out: Features = {}
    for function in FEATURES.values():
        out.update(function(c, facts))
    return out
