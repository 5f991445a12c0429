"""The structure of an existing .bib file, read the way BibTeX and biber read it.

bibtexparser 1.4 never reports a syntax error: an entry with an unbalanced brace silently
becomes a comment (which BibTeX still reads as an entry) or swallows the entries after it. Before
bibkit reads or appends to a user's file, :func:`scan` checks its structure and names the line of
the first problem, so a broken file is refused instead of half-read or made worse.

:func:`existing_keys` is deliberately a superset: it also sees keys inside ``@comment{...}``,
because BibTeX 0.99d reads entries there too, and a reused key would be a "Repeated entry" error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibkit.errors import FormatError

__all__ = ["Block", "existing_keys", "scan"]


@dataclass(frozen=True, slots=True)
class Block:
    """One ``@`` command of a .bib file.

    Attributes:
        kind: Entry type or command, lower-cased (``book``, ``string``, ``preamble``, ``comment``).
        key: The citation key of an entry, else ``None``.
        start: Offset of the ``@``.
        end: Offset one past the closing delimiter.
        line: 1-based line of the ``@``.
    """

    kind: str
    key: str | None
    start: int
    end: int
    line: int


_AT = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)[ \t\r\n]*([{(])")
_KEY = re.compile(r"[^\s,{}()\"#%'=\\]*")
_FIELD = re.compile(r"[A-Za-z_][^\s=,{}()\"#%'\\]*")
_NUMBER_OR_MACRO = re.compile(r"[^\s=,{}()\"#%'\\]+")
_RAW_KEY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]+)\s*,")


class _Scanner:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.pos = 0

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def fail(self, message: str, pos: int | None = None) -> FormatError:
        return FormatError(f"{self.source}: line {self.line(pos)}: {message}")

    def skip_space(self, *, comments: bool = False) -> None:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch.isspace():
                self.pos += 1
            elif comments and ch == "%":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end + 1
            else:
                return

    def braced(self, what: str) -> None:
        """Skip a ``{...}`` group starting at ``pos``. Like BibTeX, ``\\{`` counts as a brace."""
        start, depth = self.pos, 0
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return
        raise self.fail(f"{what}: unbalanced braces, '{{' is never closed", start)

    def quoted(self, what: str) -> None:
        start, depth = self.pos, 0
        self.pos += 1
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    raise self.fail(f"{what}: unbalanced braces, '}}' without '{{'", self.pos - 1)
            elif ch == '"' and depth == 0:
                return
        raise self.fail(f"{what}: the quoted value is never closed", start)

    def value(self, what: str) -> None:
        """Skip a value: parts (braced, quoted, number or macro) joined by ``#``."""
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise self.fail(f"{what}: the file ends before the value")
            ch = self.text[self.pos]
            if ch == "{":
                self.braced(what)
            elif ch == '"':
                self.quoted(what)
            else:
                match = _NUMBER_OR_MACRO.match(self.text, self.pos)
                if match is None:
                    raise self.fail(f"{what}: expected a value, found {ch!r}")
                self.pos = match.end()
            self.skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == "#":
                self.pos += 1
                continue
            return

    def entry_body(self, kind: str, close: str, start: int) -> str | None:
        """Skip an entry's key and fields; return the key."""
        self.skip_space()
        match = _KEY.match(self.text, self.pos)
        assert match is not None
        key = match.group(0)
        self.pos = match.end()
        label = f"entry '{key}' (line {self.line(start)})" if key else f"@{kind} entry"
        if not key:
            raise self.fail(f"@{kind} entry without a citation key", start)
        self.skip_space()
        while True:
            if self.pos >= len(self.text):
                raise self.fail(f"{label} is never closed", start)
            ch = self.text[self.pos]
            if ch == close:
                self.pos += 1
                return key
            if ch != ",":
                raise self.fail(f"{label}: expected ',' or '{close}', found {ch!r}")
            self.pos += 1
            self.skip_space(comments=True)
            if self.pos < len(self.text) and self.text[self.pos] == close:
                continue
            field = _FIELD.match(self.text, self.pos)
            if field is None:
                found = self.text[self.pos] if self.pos < len(self.text) else "the end of the file"
                raise self.fail(f"{label}: expected a field name, found {found!r}")
            self.pos = field.end()
            self.skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] != "=":
                raise self.fail(f"{label}: expected '=' after field '{field.group(0)}'")
            self.pos += 1
            self.value(f"{label}, field '{field.group(0)}'")
            self.skip_space(comments=True)

    def run(self) -> list[Block]:
        blocks: list[Block] = []
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return blocks
            match = _AT.match(self.text, at)
            if match is None:
                # An "@" in free text (an e-mail address in a comment) is not a command.
                self.pos = at + 1
                continue
            kind = match.group(1).lower()
            close = "}" if match.group(2) == "{" else ")"
            self.pos = match.end()
            key: str | None = None
            if kind == "comment":
                self.pos = match.end(2) - 1
                if close == "}":
                    self.braced("@comment")
                else:
                    end = self.text.find(")", self.pos)
                    if end < 0:
                        raise self.fail("@comment( is never closed", at)
                    self.pos = end + 1
            elif kind in ("string", "preamble"):
                self.skip_space()
                if kind == "string":
                    field = _FIELD.match(self.text, self.pos)
                    if field is None:
                        raise self.fail("@string without a name")
                    self.pos = field.end()
                    self.skip_space()
                    if self.pos >= len(self.text) or self.text[self.pos] != "=":
                        raise self.fail(f"@string '{field.group(0)}': expected '='")
                    self.pos += 1
                self.value(f"@{kind} (line {self.line(at)})")
                self.skip_space()
                if self.pos >= len(self.text) or self.text[self.pos] != close:
                    raise self.fail(f"@{kind} (line {self.line(at)}): expected '{close}'")
                self.pos += 1
            else:
                key = self.entry_body(kind, close, at)
            blocks.append(Block(kind=kind, key=key, start=at, end=self.pos, line=self.line(at)))


def scan(text: str, *, source: str = "<bib>") -> list[Block]:
    """The ``@`` commands of a .bib text, in order.

    Args:
        text: The whole file.
        source: File name for messages.

    Raises:
        FormatError: The text is not well-formed BibTeX; the message names the line
            ("refs.bib: line 12: entry 'smith2000' (line 9): expected ',' or '}', found 'x'").
    """
    return _Scanner(text, source).run()


def existing_keys(text: str, *, source: str = "<bib>") -> set[str]:
    """Every key a BibTeX or biber run could see in ``text``, lower-cased (see module doc).

    Raises:
        FormatError: The text is not well-formed BibTeX (see :func:`scan`).
    """
    keys = {m.group(2).casefold() for m in _RAW_KEY.finditer(text)}
    keys.update(b.key.casefold() for b in scan(text, source=source) if b.key)
    return keys
