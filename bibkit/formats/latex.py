"""LaTeX text for .bib fields: escaping untrusted text, protecting capitals, and reading back.

Catalogue text is untrusted. A .bbl file is ``\\input`` by LaTeX, so every field value is TeX
source: a title such as ``\\input{/etc/passwd}`` or ``^^5cwrite18`` would run in the user's
document. :func:`escape` therefore turns *every* ``\\ { } ^`` and the other specials into fixed,
inert macros; the only control sequences bibkit ever emits come from the tables below. The
result is always brace-balanced, and BibTeX's own brace counter (which also counts ``\\{``) agrees.

:func:`decode` is the inverse for reading .bib files: LaTeX accents and the escapes written
here become Unicode again, so ``decode(escape(s)) == clean(s)`` for every string ``s``.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from bibkit.text import clean

__all__ = ["decode", "escape", "escape_words", "has_non_latin", "protect_case"]

log = logging.getLogger(__name__)

#: Characters that must never reach TeX as themselves (reference table, bibliographic-formats §1.3).
_SPECIALS: dict[str, str] = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
}

#: Combining mark -> LaTeX accent command. Symbol accents take the letter directly (``{\'e}``),
#: letter accents need a braced argument (``{\v{C}}``).
_ACCENTS: dict[str, str] = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u0308": '"',
    "\u0306": "u",
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_ACCENT_MARKS = {cmd: mark for mark, cmd in _ACCENTS.items()}
_BELOW = frozenset("\u0323\u0327\u0328\u0331")

#: Letters LaTeX has their own macros for (all defined in OT1 and T1).
_LETTERS: dict[str, str] = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "å": "aa",
    "Å": "AA",
    "ı": "i",
    "ȷ": "j",
}

#: Typographic punctuation written as text macros in ASCII mode; each decodes back exactly.
_PUNCTUATION: dict[str, str] = {
    "–": "textendash",
    "—": "textemdash",
    "‘": "textquoteleft",
    "’": "textquoteright",
    "“": "textquotedblleft",
    "”": "textquotedblright",
    "…": "ldots",
    "§": "S",
    "¶": "P",
    "©": "copyright",
    "†": "dag",
    "‡": "ddag",
}

#: Control words decode() understands as one character.
_WORDS: dict[str, str] = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textless": "<",
    "textgreater": ">",
    "textunderscore": "_",
    "textdollar": "$",
    "dots": "…",
    "textellipsis": "…",
    **{macro: char for char, macro in _LETTERS.items()},
    **{macro: char for char, macro in _PUNCTUATION.items()},
}


def _accented(ch: str) -> str | None:
    """``{\\'e}`` for a Latin letter with exactly one diacritic LaTeX can write, else None."""
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) != 2:
        return None
    base, mark = decomposed[0], decomposed[1]
    command = _ACCENTS.get(mark)
    if command is None or not ("a" <= base.lower() <= "z"):
        return None
    # Marks above an i or j replace its dot: LaTeX wants the dotless letter (``{\"\i}``).
    letter = base if mark in _BELOW else {"i": r"\i", "j": r"\j"}.get(base, base)
    if command.isalpha():
        return "{\\" + command + "{" + letter + "}}"
    return "{\\" + command + letter + "}"


def has_non_latin(text: str) -> bool:
    """True when ``text`` has letters outside Latin script (they need babel/fontenc or XeLaTeX)."""
    return any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in text)


def escape(text: str, *, ascii: bool = False) -> str:
    """The value of a .bib text field for ``text``: inert, brace-balanced TeX.

    Args:
        text: Untrusted text from a catalogue or a user.
        ascii: Also write Latin letters with diacritics as LaTeX accents (``{\\"o}``) and
            typographic punctuation as text macros, for classic 8-bit BibTeX. Letters of other
            scripts stay UTF-8 (there is no ASCII form of them) and are logged.

    Returns:
        The escaped text; :func:`decode` turns it back into ``clean(text)``.
    """
    out: list[str] = []
    for ch in clean(text):
        special = _SPECIALS.get(ch)
        if special is not None:
            out.append(special)
        elif ch.isascii() or not ascii:
            out.append(ch)
        elif ch in _LETTERS:
            out.append("{\\" + _LETTERS[ch] + "}")
        elif ch in _PUNCTUATION:
            out.append("{\\" + _PUNCTUATION[ch] + "}")
        elif ch == "\u00a0":
            out.append("~")
        else:
            out.append(_accented(ch) or ch)
    result = "".join(out)
    if ascii and not result.isascii():
        log.info("non-ASCII characters kept as UTF-8 in %r", result[:60])
    return result


_EDGES = re.compile(r"^([^\w]*)(.*?)([^\w.]*)$", re.DOTALL)


def _needs_protection(word: str, *, every_capital: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True
    return every_capital and letters[0].isupper()


def escape_words(text: str, *, ascii: bool = False, every_capital: bool = False) -> str:
    """Escape ``text`` and brace the words whose capitals must survive case-changing styles.

    Catalogue titles arrive in Title Case, so proper nouns cannot be told from ordinary words;
    what can be told are words with a capital after their first letter (``NATO``, ``USSR``,
    ``McCarthy``, ``iPhone``, ``R.U.R.``), which no style should ever lower-case. Each such word
    is braced whole, so that an accented capital (``{\\"U}``) is protected too; a word whose
    escaped form starts with a backslash gets two braces, because BibTeX treats ``{\\...}`` as an
    accent group and changes the case of the letters inside it.

    Args:
        text: Title, subtitle or series text.
        ascii: As in :func:`escape`.
        every_capital: Also protect every word starting with a capital (for styles that
            sentence-case titles of languages whose nouns are capitalised).
    """
    words = clean(text).split(" ")
    out: list[str] = []
    for word in words:
        if not _needs_protection(word, every_capital=every_capital):
            out.append(escape(word, ascii=ascii))
            continue
        # Punctuation around the word stays outside the braces, so that a colon still
        # tells BibTeX's "t" case change where a subtitle starts.
        match = _EDGES.match(word)
        assert match is not None
        lead, core, trail = match.groups()
        escaped = escape(core, ascii=ascii)
        escaped = "{{" + escaped + "}}" if escaped.startswith("\\") else "{" + escaped + "}"
        out.append(escape(lead, ascii=ascii) + escaped + escape(trail, ascii=ascii))
    return " ".join(out)


def protect_case(escaped: str) -> str:
    """Wrap an already escaped value in one brace group so no style changes its case.

    Used for titles in languages other than English in BibTeX mode, which has no ``langid``
    to tell the style not to change case (Better BibTeX does the same).
    """
    if not escaped:
        return escaped
    # A group that starts with a backslash is an accent group to BibTeX, which changes the
    # case inside it; a second brace makes it a plain protecting group again.
    return "{{" + escaped + "}}" if escaped.startswith("\\") else "{" + escaped + "}"


# ---------------------------------------------------------------------------------------------
# Reading LaTeX back

_CONTROL = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
_SPECIAL_MARK = re.compile(r"[\\{}~]")
_GROUP_MARK = re.compile(r"[\\{}]")


class _Decoder:
    """A small recursive reader of the LaTeX found in .bib fields.

    It knows accents, the letters and symbols above, escaped specials and formatting commands
    (``\\emph{x}`` gives ``x``). An unknown control word gives its name (``\\LaTeX`` gives
    ``LaTeX``), so nothing is silently lost; grouping braces disappear.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n\r":
            self.pos += 1

    def _group(self) -> str:
        """Read one ``{...}`` group (the opening brace is at ``pos``) and decode its content."""
        depth = 0
        start = self.pos
        text = self.text
        while True:
            found = _GROUP_MARK.search(text, self.pos)
            if found is None:
                self.pos = len(text)
                return _Decoder(text[start + 1 :]).run()
            ch = found.group()
            if ch == "\\":
                self.pos = found.start() + 2
                continue
            self.pos = found.end()
            if ch == "{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return _Decoder(text[start + 1 : self.pos - 1]).run()

    def _argument(self) -> str:
        """The next argument: a group, a control sequence or one character."""
        self._skip_spaces()
        if self.pos >= len(self.text):
            return ""
        ch = self.text[self.pos]
        if ch == "{":
            return self._group()
        if ch == "\\":
            match = _CONTROL.match(self.text, self.pos)
            if match is None:  # a backslash ends the value
                self.pos += 1
                return ""
            self.pos = match.end()
            return self._control(match.group(1))
        self.pos += 1
        return ch

    def _control(self, name: str) -> str:
        if name.isalpha():
            self._skip_spaces()
        if name in _ACCENT_MARKS and not (name.isalpha() and name in _WORDS):
            argument = self._argument()
            if not argument:
                return ""
            base = {"ı": "i", "ȷ": "j"}.get(argument[0], argument[0])
            return unicodedata.normalize("NFC", base + _ACCENT_MARKS[name]) + argument[1:]
        if name in _WORDS:
            return _WORDS[name]
        if len(name) == 1:
            if name in "%&$#_{}~^<>\\\"'`":
                return name
            if name in "-/":
                return ""
            return " " if name in " ,;:!" else name
        if self.pos < len(self.text) and self.text[self.pos] == "{":
            return self._group()
        return name

    def run(self) -> str:
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            found = _SPECIAL_MARK.search(text, self.pos)
            if found is None:
                out.append(text[self.pos :])
                break
            if found.start() > self.pos:
                out.append(text[self.pos : found.start()])
            self.pos = found.start()
            ch = found.group()
            if ch == "\\":
                match = _CONTROL.match(text, self.pos)
                if match is None:
                    self.pos += 1
                    continue
                self.pos = match.end()
                out.append(self._control(match.group(1)))
            elif ch == "{":
                out.append(self._group())
            elif ch == "}":
                self.pos += 1
            else:
                out.append("\u00a0")
                self.pos += 1
        return "".join(out)


def decode(value: str) -> str:
    """Unicode text for a .bib field value: accents resolved, escapes undone, braces dropped.

    A tie (``~``) becomes a no-break space, as TeX prints it.
    """
    if _SPECIAL_MARK.search(value) is None:
        return clean(value)
    return clean(_Decoder(value).run())
