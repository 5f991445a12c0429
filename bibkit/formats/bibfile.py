"""The structure of an existing .bib file, read the way BibTeX and biber read it, with the place
of every entry and field.

bibtexparser 1.4 never reports a syntax error: an entry with an unbalanced brace silently
becomes a comment (which BibTeX still reads as an entry) or swallows the entries after it. Before
bibkit reads, appends to or repairs a user's file, :func:`scan` checks its structure and names
the line of the first problem, so a broken file is refused instead of half-read or made worse.

:func:`scan` is also the reader: each :class:`Block` records where its fields and their values
are, so that :func:`field_value` gives a value's text and :mod:`bibkit.formats.edit` can replace
one value and keep every other byte. It is a single pass driven by regular expressions, linear
in the size of the file: 50,000 entries take well under two seconds (``benchmarks/bench_formats.py``).
Parsers that could have done the job were measured on the same files and left: bibtexparser 1.4
(pyparsing) takes about 2 ms per entry, bibtexparser 2 cannot be installed beside pyzotero 1.16
(which pins ``bibtexparser<2``) and took 6 s for 50,000 entries without names or macros, pybtex
10 s; none of them says where a value starts and ends.

:func:`existing_keys` is deliberately a superset: it also sees keys inside ``@comment{...}``,
because BibTeX 0.99d reads entries there too, and a reused key would be a "Repeated entry" error.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from bibkit.errors import FormatError

__all__ = [
    "MONTHS",
    "Block",
    "Field",
    "decode_bytes",
    "existing_keys",
    "field_value",
    "macros_of",
    "no_collection",
    "scan",
]


class Field(NamedTuple):
    """One ``name = value`` of an entry (or the one definition of a ``@string``).

    Attributes:
        name: The field name as written (``Title``); compare it case-insensitively.
        start: Offset of the name.
        value_start: Offset of the value's first character (a brace, quote, digit or macro).
        end: Offset one past the value's last character.
        simple: The value is one braced or quoted part (its text is inside the delimiters);
            otherwise it is a number, a macro, or parts joined by ``#``.
    """

    name: str
    start: int
    value_start: int
    end: int
    simple: bool


@dataclass(frozen=True, slots=True)
class Block:
    """One ``@`` command of a .bib file.

    Attributes:
        kind: Entry type or command, lower-cased (``book``, ``string``, ``preamble``, ``comment``).
        key: The citation key of an entry, else ``None``.
        start: Offset of the ``@``.
        end: Offset one past the closing delimiter.
        line: 1-based line of the ``@``.
        fields: The fields of an entry, in file order; the definition of a ``@string``.
    """

    kind: str
    key: str | None
    start: int
    end: int
    line: int
    fields: tuple[Field, ...] = ()


#: The month macros BibTeX's standard styles define (bibtexparser's "common strings").
MONTHS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November",
    "dec": "December",
}  # fmt: skip

_AT = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)[ \t\r\n]*([{(])")
_KEY = re.compile(r"[^\s,{}()\"#%'=\\]*")
_FIELD = re.compile(r"[A-Za-z_][^\s=,{}()\"#%'\\]*")
_FIELD_EQUALS = re.compile(r"([A-Za-z_][^\s=,{}()\"#%'\\]*)\s*=\s*")
_NUMBER_OR_MACRO = re.compile(r"[^\s=,{}()\"#%'\\]+")
_RAW_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]+)\s*,")
_SPACE = re.compile(r"\s*")
_SPACE_AND_COMMENTS = re.compile(r"(?:\s+|%[^\n]*)*")
#: The usual field, ``name = {text}``, ``name = "text"`` or ``name = 2017``, in one match; not
#: followed by ``#`` (the possessive ``++`` keeps a bare word from matching only its start).
_SIMPLE_FIELD = re.compile(
    r"([A-Za-z_][^\s=,{}()\"#%'\\]*)\s*=\s*"
    r"(?:(?P<delimited>\{[^{}]*\}|\"[^\"{}]*\")|(?P<bare>[^\s=,{}()\"#%'\\]++))(?!\s*#)"
)
#: The separator before a usual field, the field, and the space after it, in one match.
_NEXT_SIMPLE_FIELD = re.compile(r",(?:\s+|%[^\n]*)*+" + _SIMPLE_FIELD.pattern + r"(?:\s+|%[^\n]*)*+")
_FLAT_BRACED = re.compile(r"\{[^{}]*\}")
_FLAT_QUOTED = re.compile(r'"[^"{}]*"')
_BRACE = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')


class _Bad(Exception):
    """A syntax error inside a value; the caller adds what was being read."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


#: Deepest brace nesting read. Real entries nest a few levels ({{NATO}}, {\"{o}}); a value
#: nested hundreds deep is no bibliography, and decoding it would exhaust the stack.
MAX_BRACE_DEPTH = 64
_TOO_DEEP = f"braces nested deeper than {MAX_BRACE_DEPTH} levels"


def _braced_end(text: str, pos: int) -> int:
    """One past the ``}`` that closes the ``{`` at ``pos``. Like BibTeX, ``\\{`` counts as a brace."""
    flat = _FLAT_BRACED.match(text, pos)
    if flat is not None:
        return flat.end()
    depth = 0
    search = _BRACE.search
    at = pos
    while True:
        found = search(text, at)
        if found is None:
            raise _Bad("unbalanced braces, '{' is never closed", pos)
        at = found.end()
        if found.group() == "{":
            depth += 1
            if depth > MAX_BRACE_DEPTH:
                raise _Bad(_TOO_DEEP, at - 1)
        else:
            depth -= 1
            if depth == 0:
                return at


def _quoted_end(text: str, pos: int) -> int:
    """One past the ``"`` that closes the ``"`` at ``pos`` (a quote inside braces does not)."""
    flat = _FLAT_QUOTED.match(text, pos)
    if flat is not None:
        return flat.end()
    depth = 0
    search = _QUOTE_OR_BRACE.search
    at = pos + 1
    while True:
        found = search(text, at)
        if found is None:
            raise _Bad("the quoted value is never closed", pos)
        at = found.end()
        ch = found.group()
        if ch == "{":
            depth += 1
            if depth > MAX_BRACE_DEPTH:
                raise _Bad(_TOO_DEEP, at - 1)
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise _Bad("unbalanced braces, '}' without '{'", at - 1)
        elif depth == 0:
            return at


def _value_end(text: str, pos: int) -> tuple[int, bool]:
    """Where the value starting at ``pos`` (after spaces) ends, and whether it is one delimited part."""
    parts = 0
    delimited = False
    size = len(text)
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= size:
            raise _Bad("the file ends before the value", pos)
        ch = text[pos]
        if ch == "{":
            pos = _braced_end(text, pos)
            delimited = True
        elif ch == '"':
            pos = _quoted_end(text, pos)
            delimited = True
        else:
            match = _NUMBER_OR_MACRO.match(text, pos)
            if match is None:
                raise _Bad(f"expected a value, found {ch!r}", pos)
            pos = match.end()
        parts += 1
        after = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if after < size and text[after] == "#":
            pos = after + 1
            continue
        return pos, parts == 1 and delimited


class _Scanner:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._line_pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        """The 1-based line of ``pos``; counted on from the last position asked, so linear."""
        if pos < self._line_pos:
            return self.text.count("\n", 0, pos) + 1
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def fail(self, message: str, pos: int) -> FormatError:
        return FormatError(f"{self.source}: line {self.text.count(chr(10), 0, pos) + 1}: {message}")

    def entry(self, kind: str, close: str, at: int, pos: int) -> tuple[str, tuple[Field, ...], int]:
        """Read an entry's key and fields from ``pos``; the key, the fields and the end."""
        text = self.text
        size = len(text)
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        match = _KEY.match(text, pos)
        assert match is not None
        key = match.group(0)
        if not key:
            raise self.fail(f"@{kind} entry without a citation key", at)
        pos = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
        fields: list[Field] = []
        skip = _SPACE_AND_COMMENTS.match
        field_equals = _FIELD_EQUALS.match
        simple_field = _SIMPLE_FIELD.match
        next_simple_field = _NEXT_SIMPLE_FIELD.match
        while True:
            usual = next_simple_field(text, pos)
            if usual is not None:  # the common case, in one match
                part = "delimited" if usual.start("delimited") >= 0 else "bare"
                start, end = usual.span(part)
                fields.append(Field(usual.group(1), usual.start(1), start, end, part == "delimited"))
                pos = usual.end()
                continue
            if pos >= size:
                raise self.fail(f"{self.label(key, at)} is never closed", at)
            ch = text[pos]
            if ch == close:
                return key, tuple(fields), pos + 1
            if ch != ",":
                raise self.fail(f"{self.label(key, at)}: expected ',' or '{close}', found {ch!r}", pos)
            pos = skip(text, pos + 1).end()  # type: ignore[union-attr]
            if pos < size and text[pos] == close:
                continue
            usual = simple_field(text, pos)
            if usual is not None:
                end = usual.end()
                if usual.start("delimited") >= 0:
                    fields.append(Field(usual.group(1), pos, usual.start("delimited"), end, True))
                else:
                    fields.append(Field(usual.group(1), pos, usual.start("bare"), end, False))
                pos = skip(text, end).end()  # type: ignore[union-attr]
                continue
            found = field_equals(text, pos)
            if found is None:
                raise self.field_error(key, at, pos)
            name = found.group(1)
            value_start = found.end()
            try:
                end, simple = _value_end(text, value_start)
            except _Bad as bad:
                raise self.fail(f"{self.label(key, at)}, field '{name}': {bad.message}", bad.pos) from None
            fields.append(Field(name, pos, value_start, end, simple))
            pos = skip(text, end).end()  # type: ignore[union-attr]

    def label(self, key: str, at: int) -> str:
        return f"entry '{key}' (line {self.text.count(chr(10), 0, at) + 1})"

    def field_error(self, key: str, at: int, pos: int) -> FormatError:
        """The error for a field that does not start with ``name =``."""
        text = self.text
        field = _FIELD.match(text, pos)
        if field is None:
            found = text[pos] if pos < len(text) else "the end of the file"
            return self.fail(f"{self.label(key, at)}: expected a field name, found {found!r}", pos)
        after = _SPACE.match(text, field.end()).end()  # type: ignore[union-attr]
        return self.fail(f"{self.label(key, at)}: expected '=' after field '{field.group(0)}'", after)

    def command(self, kind: str, close: str, at: int, pos: int) -> tuple[tuple[Field, ...], int]:
        """Read the body of a ``@string`` or ``@preamble`` from ``pos``; its definition and end."""
        text = self.text
        what = f"@{kind} (line {self.line(at)})"
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        fields: tuple[Field, ...] = ()
        name = ""
        name_at = pos
        if kind == "string":
            field = _FIELD.match(text, pos)
            if field is None:
                raise self.fail("@string without a name", pos)
            name = field.group(0)
            pos = _SPACE.match(text, field.end()).end()  # type: ignore[union-attr]
            if pos >= len(text) or text[pos] != "=":
                raise self.fail(f"@string '{name}': expected '='", pos)
            pos += 1
        value_start = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        try:
            end, simple = _value_end(text, pos)
        except _Bad as bad:
            raise self.fail(f"{what}: {bad.message}", bad.pos) from None
        if kind == "string":
            fields = (Field(name, name_at, value_start, end, simple),)
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if pos >= len(text) or text[pos] != close:
            raise self.fail(f"{what}: expected '{close}'", pos)
        return fields, pos + 1

    def run(self) -> list[Block]:
        text = self.text
        blocks: list[Block] = []
        pos = 0
        while True:
            at = text.find("@", pos)
            if at < 0:
                return blocks
            match = _AT.match(text, at)
            if match is None:
                # An "@" in free text (an e-mail address in a comment) is not a command.
                pos = at + 1
                continue
            kind = match.group(1).lower()
            close = "}" if match.group(2) == "{" else ")"
            key: str | None = None
            fields: tuple[Field, ...] = ()
            if kind == "comment":
                opening = match.end(2) - 1
                if close == "}":
                    try:
                        pos = _braced_end(text, opening)
                    except _Bad as bad:
                        raise self.fail(f"@comment: {bad.message}", bad.pos) from None
                else:
                    end = text.find(")", opening)
                    if end < 0:
                        raise self.fail("@comment( is never closed", at)
                    pos = end + 1
            elif kind in ("string", "preamble"):
                fields, pos = self.command(kind, close, at, match.end())
            else:
                key, fields, pos = self.entry(kind, close, at, match.end())
            blocks.append(Block(kind, key, at, pos, self.line(at), fields))


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """The text of a .bib file's bytes and whether it is UTF-8.

    A file that is not UTF-8 is read as Latin-1, which maps every byte to one character and
    back: 8-bit BibTeX files stay readable, and an edit keeps their other bytes exactly.
    """
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("latin-1"), False


@contextmanager
def no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read.

    Reading creates a few small objects per field and keeps them all, none in a cycle; the
    collector would walk the growing heap again and again and, at 50,000 entries, more than
    double the time of the read. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scan(text: str, *, source: str = "<bib>") -> list[Block]:
    """The ``@`` commands of a .bib text, in order, with their fields.

    Args:
        text: The whole file.
        source: File name for messages.

    Raises:
        FormatError: The text is not well-formed BibTeX; the message names the line
            ("refs.bib: line 12: entry 'smith2000' (line 9): expected ',' or '}', found 'x'").
    """
    with no_collection():
        return _Scanner(text, source).run()


def field_value(text: str, field: Field, macros: Mapping[str, str] = MONTHS) -> str:
    """The value of ``field`` as BibTeX sees it: the LaTeX inside the delimiters, numbers as
    written, macros expanded (an undefined macro is empty, as BibTeX makes it) and ``#`` parts
    joined.

    Args:
        text: The text ``field`` was scanned from.
        field: A field of one of its blocks.
        macros: ``@string`` names (lower-cased) and their values, e.g. from :func:`macros_of`.
    """
    if field.simple:
        return text[field.value_start + 1 : field.end - 1]
    parts: list[str] = []
    pos = field.value_start
    while pos < field.end:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        ch = text[pos]
        if ch == "{":
            end = _braced_end(text, pos)
            parts.append(text[pos + 1 : end - 1])
        elif ch == '"':
            end = _quoted_end(text, pos)
            parts.append(text[pos + 1 : end - 1])
        else:
            match = _NUMBER_OR_MACRO.match(text, pos)
            assert match is not None
            end = match.end()
            word = match.group(0)
            parts.append(word if word.isdigit() else macros.get(word.lower(), ""))
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        pos += 1  # the "#" between parts, or past the end
    return "".join(parts)


def macros_of(text: str, blocks: Sequence[Block]) -> dict[str, str]:
    """The month macros and every ``@string`` of ``blocks``, lower-cased names to values."""
    macros = dict(MONTHS)
    for block in blocks:
        if block.kind == "string" and block.fields:
            field = block.fields[0]
            macros[field.name.lower()] = field_value(text, field, macros)
    return macros


def existing_keys(text: str, *, source: str = "<bib>", blocks: Sequence[Block] | None = None) -> set[str]:
    """Every key a BibTeX or biber run could see in ``text``, lower-cased (see module doc).

    Args:
        text: The whole file.
        source: File name for messages.
        blocks: ``scan(text)``, if the caller has it already.

    Raises:
        FormatError: The text is not well-formed BibTeX (see :func:`scan`).
    """
    keys = {m.group(2).casefold() for m in _RAW_KEY.finditer(text)}
    keys.update(b.key.casefold() for b in (scan(text, source=source) if blocks is None else blocks) if b.key)
    return keys
