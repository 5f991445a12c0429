"""The text as a reader sees it: markup parsed away, with every character traced to the source.

People write about books in markdown (reddit, notes, blogs), in HTML (syllabi, library pages) and
in plain text, and they mark titles with the means each gives them: ``*emphasis*``, links,
``<cite>``, ``<em>``. Rather than teach every pattern each notation, this module reads the
notation once with real parsers (CommonMark with GitHub's extensions through pulldown-cmark for
markdown; the standard library's HTML tokenizer for HTML, entities decoded) and builds a
:class:`View`: the visible text, one line per visible line, the marked spans (:class:`Mark`)
and, for every visible character, the source offsets it came from, so that a mention found in
the view reports its exact span in the original text.

Plain text is markdown with no markup, so it passes through unchanged (line for line). Quotes
in every language's marks, datelines and forum furniture are not markup: they stay in the view
for the patterns to read.

Fenced and indented code blocks are read as markdown too: exports of forum threads put each
comment in a code block, and informal writing indents quoted text. Their lines say that they
came from a code block, so what is found there can be weighed accordingly.
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, cast

import pyromark

__all__ = ["Line", "Mark", "View", "read_view"]

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_WIKILINKS
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_FOOTNOTES
)

#: HTML elements that start a new visible line, and the block each one makes.
_HTML_BLOCKS = {
    "p": "paragraph",
    "div": "paragraph",
    "section": "paragraph",
    "article": "paragraph",
    "li": "item",
    "dt": "item",
    "dd": "item",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "td": "cell",
    "th": "cell",
    "tr": "paragraph",
    "blockquote": "quote",
    "pre": "code",
    "br": "",
    "hr": "",
    "summary": "heading",
    "details": "paragraph",
    "caption": "paragraph",
    "figcaption": "paragraph",
    "ul": "",
    "ol": "",
    "table": "",
}
#: HTML elements that mark a span of text, and the mark they make.
_HTML_MARKS = {
    "em": "emphasis",
    "i": "emphasis",
    "cite": "cite",
    "b": "strong",
    "strong": "strong",
    "u": "emphasis",
    "q": "quote",
    "a": "link",
    "code": "code",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
#: Elements whose content is never visible text.
_HTML_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: "[text](target)" left in the view because the target has spaces or brackets.
_LOOSE_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(((?:[^()\n]|\\\(|\\\)|\([^()\n]*\)){0,300})\)")
#: The markdown events that close a mark.
_MARK_EVENTS = frozenset({"Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript", "Link", "Image"})
#: How deep code blocks are read again as markdown (a code block inside a code block is code).
_CODE_REREAD_DEPTH = 1


@dataclass(frozen=True, slots=True)
class Mark:
    """A span the writer marked: emphasis, a link, ``<cite>``, inline code...

    ``start``/``end`` are view offsets of the marked text (the markup itself is not in the view);
    ``url`` is the target of a link (empty otherwise).
    """

    start: int
    end: int
    kind: str
    url: str = ""


@dataclass(slots=True)
class Line:
    """One visible line of the view and the block it belongs to.

    Attributes:
        start, end: View offsets (``end`` excludes the newline).
        block: ``paragraph``, ``item`` (list item), ``heading``, ``cell`` (table), ``code``,
            ``meta`` (front matter) or ``html`` (raw HTML outside any known element).
        quote: Block-quote nesting depth.
        depth: List nesting depth (0 outside lists).
        heading_level: 1-6 for headings, else 0.
        block_id: Lines of one paragraph, list item or cell share it.
        list_id: Items of one list share it (-1 outside lists).
        first: The first line of its block.
        in_code: The line came from a code block (read again as markdown).
        table, row, column: For a table cell: which table of the document, which row (0 is
            the head) and which column (0 is the first), so that a column of titles, or of
            authors or dates, can be read as one; -1 outside tables.
    """

    start: int
    end: int
    block: str
    quote: int = 0
    depth: int = 0
    heading_level: int = 0
    block_id: int = -1
    list_id: int = -1
    first: bool = True
    in_code: bool = False
    table: int = -1
    row: int = -1
    column: int = -1


#: The markup that closes an inline mark, and the markup that opens one (just before the text).
_CLOSING_MARKUP = re.compile(r"(?:[*_~`]+|\]\([^)\s]*\)|\]\[[^\]\n]*\]|\]|</[A-Za-z][A-Za-z0-9]*\s*>)+")
_OPENING_MARKUP = re.compile(r"(?:[*_~`]+|\[|<[A-Za-z][^<>\n]*>)+$")


@dataclass(slots=True)
class View:
    """The visible text of a document, its lines and marks, and where each character came from."""

    source: str
    text: str
    lines: list[Line]
    marks: list[Mark]
    #: For view offset i, the source offsets [starts[i], ends[i]) of the character shown there.
    starts: array[int] = field(repr=False)
    ends: array[int] = field(repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _mark_ends: dict[int, list[int]] | None = field(default=None, repr=False)  # mark start -> its ends
    _mark_starts: dict[int, list[int]] | None = field(default=None, repr=False)  # mark end -> its starts

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that view span [start, end) was read from (end > start).

        A mark that opens inside the span and closes at its end brings its closing markup
        ("Deutscher, *The Prophet Armed*", not "Deutscher, *The Prophet Armed"), and one that
        opens at the span's start and closes inside it brings its opening markup, so that a
        span never holds half of a pair of marks.
        """
        s, e = self.starts[start], self.ends[end - 1]
        if self._mark_ends is None or self._mark_starts is None:
            self._mark_ends, self._mark_starts = {}, {}
            for mark in self.marks:
                self._mark_ends.setdefault(mark.start, []).append(mark.end)
                self._mark_starts.setdefault(mark.end, []).append(mark.start)
        if any(start < m for m in self._mark_starts.get(end, ())):
            closing = _CLOSING_MARKUP.match(self.source, e)
            e = closing.end() if closing else e
        if any(m < end for m in self._mark_ends.get(start, ())):
            opening = _OPENING_MARKUP.search(self.source, max(0, s - 200), s)
            s = opening.start() if opening else s
        return s, e

    def line_at(self, pos: int) -> int:
        """Index of the line that holds view offset ``pos``."""
        if len(self._line_starts) != len(self.lines):
            self._line_starts = [line.start for line in self.lines]
        return bisect_right(self._line_starts, pos) - 1


class _ByteIndex:
    """Converts UTF-8 byte offsets of ``text`` (the parser's) to code-point offsets (ours)."""

    def __init__(self, text: str) -> None:
        self._bytes: list[int] = []  # byte offset just after each non-ASCII character
        self._extra: list[int] = []  # extra bytes used up to and including that character
        extra = 0
        for match in _NON_ASCII.finditer(text):
            char = match.group()
            extra += len(char.encode("utf-8")) - 1
            self._bytes.append(match.start() + extra + 1)
            self._extra.append(extra)

    def char(self, byte: int) -> int:
        k = bisect_right(self._bytes, byte)
        return byte - (self._extra[k - 1] if k else 0)


class _Builder:
    """Accumulates the visible text, its source offsets, its lines and its marks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.starts: array[int] = array("q")
        self.ends: array[int] = array("q")
        self.marks: list[Mark] = []
        self.lines: list[Line] = []
        self._line_open = False
        self._next_block = 0
        # the block context lines get: a stack of (block kind, block id, list id)
        self.blocks: list[tuple[str, int, int]] = []
        self.quote = 0
        self.depth = 0
        self.heading_level = 0
        self.in_code = False
        self._first_of: set[int] = set()
        # where in a table the cells now opened sit (see Line.table)
        self.table = self.row = self.column = -1
        self._tables = 0

    # -- text ------------------------------------------------------------------------------
    def emit(self, text: str, src_start: int, src_end: int) -> None:
        """Show ``text``, read from source [src_start, src_end)."""
        if not text:
            return
        newline = text.find("\n")
        if newline >= 0 and len(text) == src_end - src_start:
            # an exact piece holding line breaks: split it so that each line is recorded
            pos = 0
            while newline >= 0:
                self.emit(text[pos:newline], src_start + pos, src_start + newline)
                self.newline(src_start + newline)
                pos = newline + 1
                newline = text.find("\n", pos)
            self.emit(text[pos:], src_start + pos, src_end)
            return
        if newline >= 0:
            text = text.replace("\n", " ")
        self._open_line()
        self.parts.append(text)
        self.length += len(text)
        if len(text) == src_end - src_start:
            self.starts.extend(range(src_start, src_end))
            self.ends.extend(range(src_start + 1, src_end + 1))
        else:  # an entity or escape: every character stands for the whole piece
            self.starts.extend([src_start] * len(text))
            self.ends.extend([src_end] * len(text))

    def emit_mapped(self, text: str, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Show ``text`` whose characters came from the given source spans (one per character)."""
        if not text:
            return
        self._open_line()
        self.parts.append(text)
        self.length += len(text)
        self.starts.extend(starts)
        self.ends.extend(ends)

    def newline(self, src: int) -> None:
        """End the current visible line (a no-op when none is open)."""
        if not self._line_open:
            return
        self.lines[-1].end = self.length
        self.parts.append("\n")
        self.length += 1
        self.starts.append(src)
        self.ends.append(src)
        self._line_open = False

    def _open_line(self) -> None:
        if self._line_open:
            return
        kind, block_id, list_id = self.blocks[-1] if self.blocks else ("paragraph", -1, -1)
        if block_id < 0:
            block_id = self.new_block_id()
            self.blocks.append((kind, block_id, list_id))
        first = block_id not in self._first_of
        self._first_of.add(block_id)
        self.lines.append(
            Line(
                start=self.length,
                end=self.length,
                block=kind,
                quote=self.quote,
                depth=self.depth,
                heading_level=self.heading_level,
                block_id=block_id,
                list_id=list_id,
                first=first,
                in_code=self.in_code,
                table=self.table if kind == "cell" else -1,
                row=self.row if kind == "cell" else -1,
                column=self.column if kind == "cell" else -1,
            )
        )
        self._line_open = True

    def new_block_id(self) -> int:
        self._next_block += 1
        return self._next_block

    def start_table(self) -> None:
        self.table, self.row, self.column = self._tables, -1, -1
        self._tables += 1

    def start_row(self) -> None:
        self.row += 1
        self.column = -1

    def open_block(self, kind: str, src: int, list_id: int = -1) -> None:
        self.newline(src)
        if kind == "cell":
            self.column += 1
        if list_id < 0 and self.blocks:
            list_id = self.blocks[-1][2]
        if kind == "paragraph" and self.blocks and self.blocks[-1][0] in ("item", "cell", "heading"):
            kind = self.blocks[-1][0]  # a paragraph inside an item is still the item's text
        self.blocks.append((kind, self.new_block_id(), list_id))

    def close_block(self, src: int) -> None:
        self.newline(src)
        if self.blocks:
            self.blocks.pop()

    def finish(self, source: str) -> View:
        self.newline(len(source))
        text = "".join(self.parts)
        self._unparsed_links(text)
        return View(
            source=source,
            text=text,
            lines=self.lines,
            marks=sorted(self.marks, key=lambda m: (m.start, -m.end)),
            starts=self.starts,
            ends=self.ends,
        )

    def _unparsed_links(self, text: str) -> None:
        """Links that CommonMark refuses but people write and mean: "[Title](Title with spaces)",
        as note-taking tools accept. The brackets stay in the view; the text inside is marked."""
        if "](" not in text:
            return
        marked = {(m.start, m.end) for m in self.marks}
        for match in _LOOSE_LINK.finditer(text):
            span = (match.start(1), match.end(1))
            if span not in marked:
                self.marks.append(Mark(span[0], span[1], "link", match.group(2)))


class _HtmlReader(HTMLParser):
    """Feeds one fragment of HTML into a :class:`_Builder`, keeping source offsets.

    The standard library's tokenizer reports where each tag, text run and entity starts; a
    fragment's offsets are its own, shifted by where it sits in the source. Block elements
    start visible lines; inline ones open marks that close with their end tag (across
    fragments, for inline HTML inside markdown).
    """

    def __init__(self, builder: _Builder, open_marks: list[tuple[str, int, str]]) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self.open_marks = open_marks
        self.hidden = 0
        self._base = 0
        self._line_offsets: list[int] = [0]
        self._fragment = ""
        self._pending: tuple[str, int] | None = None  # an entity waiting for its end

    def read(self, fragment: str, base: int) -> None:
        self._base = base
        self._fragment = fragment
        self._line_offsets = [0]
        self._line_offsets.extend(m.end() for m in re.finditer("\n", fragment))
        self.reset()
        self.feed(fragment)
        self.close()
        self._flush_entity(len(fragment))

    def _here(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def _flush_entity(self, end: int) -> None:
        if self._pending is None:
            return
        decoded, start = self._pending
        self._pending = None
        if not self.hidden:
            self.builder.emit(decoded, self._base + start, self._base + end)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        here = self._here()
        self._flush_entity(here)
        if tag in _HTML_HIDDEN:
            self.hidden += 1
            return
        block = _HTML_BLOCKS.get(tag)
        src = self._base + here
        if block is not None:
            if tag in ("br", "hr"):
                self.builder.newline(src)
            elif tag in ("ul", "ol"):
                self.builder.depth += 1
                self.builder.newline(src)
                self.builder.blocks.append(("paragraph", -1, self.builder.new_block_id()))
            elif block == "quote":
                self.builder.quote += 1
                self.builder.open_block("paragraph", src)
            else:
                if tag == "table":
                    self.builder.start_table()
                elif tag == "tr":
                    self.builder.start_row()
                if block == "heading":
                    self.builder.heading_level = int(tag[1]) if tag[1:].isdigit() else 6
                self.builder.open_block(block, src)
            return
        mark = _HTML_MARKS.get(tag)
        if mark is not None:
            url = dict(attrs).get("href") or "" if tag == "a" else ""
            self.open_marks.append((tag, self.builder.length, url))
            if mark == "quote":
                self.builder.emit("“", src, src)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            here = self._here()
            self._flush_entity(here)
            self.builder.newline(self._base + here)

    def handle_endtag(self, tag: str) -> None:
        here = self._here()
        self._flush_entity(here)
        if tag in _HTML_HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        src = self._base + here
        block = _HTML_BLOCKS.get(tag)
        if block is not None:
            if tag in ("ul", "ol"):
                self.builder.depth = max(0, self.builder.depth - 1)
                self.builder.close_block(src)
            elif block == "quote":
                self.builder.quote = max(0, self.builder.quote - 1)
                self.builder.close_block(src)
            elif block:
                if block == "heading":
                    self.builder.heading_level = 0
                self.builder.close_block(src)
            return
        mark = _HTML_MARKS.get(tag)
        if mark is None:
            return
        for i in range(len(self.open_marks) - 1, -1, -1):
            name, start, url = self.open_marks[i]
            if name == tag:
                del self.open_marks[i]
                if mark == "quote":
                    self.builder.emit("”", src, src)
                if self.builder.length > start:
                    self.builder.marks.append(Mark(start, self.builder.length, mark, url))
                break

    def handle_data(self, data: str) -> None:
        here = self._here()
        self._flush_entity(here)
        if self.hidden:
            return
        start = self._base + here
        if not self.builder._line_open and data.isspace():
            return  # whitespace between block tags shows nothing
        # source line breaks inside a paragraph are spaces in HTML
        self.builder.emit(data.replace("\n", " "), start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        here = self._here()
        self._flush_entity(here)
        decoded = html.unescape(f"&{name};")
        self._pending = (decoded if decoded != f"&{name};" else f"&{name}", here)

    def handle_charref(self, name: str) -> None:
        here = self._here()
        self._flush_entity(here)
        self._pending = (html.unescape(f"&#{name};"), here)

    def _flush_before(self) -> None:
        self._flush_entity(self._here())

    def handle_comment(self, data: str) -> None:
        self._flush_before()

    def handle_decl(self, decl: str) -> None:
        self._flush_before()

    def handle_pi(self, data: str) -> None:
        self._flush_before()


def _looks_like_html(text: str) -> bool:
    """A document written in HTML rather than markdown: it opens with a tag and has block tags."""
    head = text.lstrip()[:1]
    return head == "<" and len(re.findall(r"<(?:p|li|h[1-6]|div|td|br)\b", text[:20000], re.I)) >= 3


def read_view(source: str) -> View:
    """The :class:`View` of ``source`` (markdown, HTML or plain text)."""
    builder = _Builder()
    if _looks_like_html(source):
        _HtmlReader(builder, []).read(source, 0)
    else:
        _read_markdown(builder, source, range(len(source) + 1), 0)
    return builder.finish(source)


def _read_markdown(builder: _Builder, text: str, origin: Sequence[int], depth: int) -> None:
    """Walk pulldown-cmark's events for ``text`` into ``builder``.

    ``origin`` maps offsets of ``text`` to source offsets (``range`` for the source itself; a
    list for the content of a code block read again).
    """
    index = _ByteIndex(text)
    char = index.char
    html_marks: list[tuple[str, int, str]] = []
    html_reader = _HtmlReader(builder, html_marks)
    open_marks: list[tuple[int, str]] = []
    code: list[tuple[str, int, int]] | None = None
    identity = isinstance(origin, range) and origin.start == 0 and origin.step == 1

    def emit(piece: str, start: int, end: int) -> None:
        if identity:
            builder.emit(piece, start, end)
        elif len(piece) == end - start:
            builder.emit_mapped(piece, origin[start:end], [o + 1 for o in origin[start:end]])
        else:
            builder.emit(piece, origin[start], origin[end - 1] + 1 if end > start else origin[start])

    def src(pos: int) -> int:
        return pos if identity else origin[min(pos, len(origin) - 1)]

    for event, where in pyromark.events_with_range(text, options=_OPTIONS):
        start, end = char(where["start"]), char(where["end"])
        if code is not None:
            if isinstance(event, dict) and "Text" in event:
                code.append((event["Text"], start, end))
                continue
            if isinstance(event, dict) and "End" in event:
                _emit_code(builder, code, origin, identity, depth)
                code = None
                continue
        if isinstance(event, str):
            if event in ("SoftBreak", "HardBreak") or event == "Rule":
                builder.newline(src(start))
            continue
        ((name, value),) = event.items()
        value = cast(Any, value)
        if name == "Text":
            emit(value, start, end)
        elif name == "Code":
            mark_start = builder.length
            if len(value) == end - start - 2:
                emit(value, start + 1, end - 1)  # `code`: the text between the backticks
            else:
                emit(value, start, end)
            builder.marks.append(Mark(mark_start, builder.length, "code"))
        elif name in ("Html", "InlineHtml"):
            if identity:
                html_reader.read(value, start)
            else:
                _read_html_mapped(builder, html_reader, value, start, origin)
        elif name == "Start":
            _start(builder, value, src(start), open_marks)
            if _is_code_block(value):
                code = []
        elif name == "End":
            _end(builder, value, src(start), open_marks)
        elif name in ("FootnoteReference", "TaskListMarker", "InlineMath", "DisplayMath"):
            continue


def _is_code_block(value: object) -> bool:
    return isinstance(value, dict) and "CodeBlock" in value


def _read_html_mapped(
    builder: _Builder, reader: _HtmlReader, fragment: str, start: int, origin: Sequence[int]
) -> None:
    """Read an HTML fragment of a code block's content: through a builder of its own, then
    traced back through the content's origin."""
    inner = _Builder()
    inner.blocks = list(builder.blocks)
    _HtmlReader(inner, reader.open_marks).read(fragment, 0)
    view = inner.finish(fragment)
    base = builder.length
    for line_no, line in enumerate(view.lines):
        if line_no:
            builder.newline(
                origin[start + view.starts[line.start]] if line.end > line.start else origin[start]
            )
        piece = view.text[line.start : line.end]
        builder.emit_mapped(
            piece,
            [origin[start + s] for s in view.starts[line.start : line.end]],
            [origin[start + e - 1] + 1 for e in view.ends[line.start : line.end]],
        )
    for mark in view.marks:
        builder.marks.append(Mark(mark.start + base, mark.end + base, mark.kind, mark.url))


def _emit_code(
    builder: _Builder,
    pieces: list[tuple[str, int, int]],
    origin: Sequence[int],
    identity: bool,
    depth: int,
) -> None:
    """A code block's content: read again as markdown (once), or shown as it is."""
    content = "".join(p for p, _, _ in pieces)
    content_origin: list[int] = []
    for piece, start, end in pieces:
        if len(piece) == end - start:
            content_origin.extend(range(start, end) if identity else origin[start:end])
        else:
            content_origin.extend([start if identity else origin[start]] * len(piece))
    content_origin.append(pieces[-1][2] if pieces and identity else (origin[pieces[-1][2]] if pieces else 0))
    builder.open_block("code", content_origin[0] if content_origin else 0)
    was_code = builder.in_code
    builder.in_code = True
    if depth < _CODE_REREAD_DEPTH:
        _read_markdown(builder, content, content_origin, depth + 1)
    else:
        builder.emit_mapped(
            content.replace("\n", " "), content_origin[:-1], [o + 1 for o in content_origin[:-1]]
        )
    builder.in_code = was_code
    builder.close_block(content_origin[-1])


def _start(builder: _Builder, value: object, src: int, open_marks: list[tuple[int, str]]) -> None:
    """Open the block or mark a Start event begins."""
    if isinstance(value, str):
        if value == "Paragraph":
            builder.open_block("paragraph", src)
        elif value == "Item":
            builder.open_block("item", src)
        elif value in ("TableCell",):
            builder.open_block("cell", src)
        elif value in ("TableRow", "TableHead"):
            builder.newline(src)
            builder.start_row()
        elif value in ("Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript"):
            open_marks.append((builder.length, value.lower()))
        elif value in ("DefinitionListTitle", "DefinitionListDefinition"):
            builder.open_block("item", src)
        return
    if not isinstance(value, dict):
        return
    ((name, detail),) = value.items()
    if name == "Table":  # {"Table": [column alignments]}
        builder.newline(src)
        builder.start_table()
    elif name == "Heading":
        builder.heading_level = (
            int(str(detail.get("level", "H6"))[1:] or 6) if isinstance(detail, dict) else 6
        )
        builder.open_block("heading", src)
    elif name == "List":
        builder.depth += 1
        builder.newline(src)
        builder.blocks.append(("paragraph", -1, builder.new_block_id()))
    elif name == "BlockQuote":
        builder.quote += 1
        builder.newline(src)
    elif name in ("Link", "Image"):
        url = str(detail.get("dest_url", "")) if isinstance(detail, dict) else ""
        link_type = detail.get("link_type") if isinstance(detail, dict) else None
        kind = "wikilink" if isinstance(link_type, dict) and "WikiLink" in link_type else name.lower()
        open_marks.append((builder.length, f"{kind}\x00{url}"))
    elif name == "MetadataBlock":
        builder.open_block("meta", src)
    elif name == "FootnoteDefinition":
        builder.open_block("paragraph", src)
    elif name == "Table":
        builder.newline(src)


def _end(builder: _Builder, value: object, src: int, open_marks: list[tuple[int, str]]) -> None:
    name = value if isinstance(value, str) else next(iter(value)) if isinstance(value, dict) else ""
    if name in ("Paragraph", "Item", "TableCell", "MetadataBlock", "FootnoteDefinition") or name in (
        "DefinitionListTitle",
        "DefinitionListDefinition",
    ):
        builder.close_block(src)
    elif name == "Heading":
        builder.close_block(src)
        builder.heading_level = 0
    elif name == "List":
        builder.depth = max(0, builder.depth - 1)
        builder.close_block(src)
    elif name == "BlockQuote":
        builder.quote = max(0, builder.quote - 1)
        builder.newline(src)
    elif name in ("TableRow", "TableHead"):
        builder.newline(src)
    elif name in _MARK_EVENTS and open_marks:
        start, kind = open_marks.pop()
        kind, _, url = kind.partition("\x00")
        if builder.length > start:
            builder.marks.append(Mark(start, builder.length, kind, url))


def lines_text(view: View, lines: Iterable[Line]) -> list[str]:
    """The visible text of each of ``lines`` (for tests and debugging)."""
    return [view.text[line.start : line.end] for line in lines]
