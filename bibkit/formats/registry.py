"""The formats bibkit writes and reads: one :class:`Format` record each, found by name, alias,
file suffix or content, here and nowhere else.

Everything that depends on which format a file is in asks its record: the CLI's ``--format``
choices, the format a suffix implies, the writer and the reader, whether a file can be merged
into byte for byte, whether its entries carry citation keys. Adding a format is adding a record
to :data:`REGISTERED` (as pybtex's ``find_plugin`` finds a plugin by name, alias or suffix in
one function). Entry types stay with :mod:`bibkit.formats.kinds`, which every format's writer
and reader asks for its name of a kind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from bibkit.errors import ConfigError
from bibkit.formats import bibtex, csl, ris
from bibkit.formats.keys import DEFAULT_PATTERN, KeyPattern
from bibkit.formats.kinds import Dialect
from bibkit.model import Book

__all__ = [
    "REGISTERED", "Format", "Loader", "ReaderName", "WriteOptions", "Writer", "find", "for_path", "names",
    "sniff",
]  # fmt: skip

#: The readers there are: BibLaTeX is read by BibTeX's.
ReaderName = Literal["bibtex", "csljson", "ris"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteOptions:
    """What a writer is asked for; a format ignores what it has no use for.

    Attributes:
        ascii: .bib only: LaTeX accents instead of UTF-8 (``None``: the dialect's default).
        key_pattern: Citation keys of .bib entries and CSL-JSON ids.
        taken_keys: .bib only: keys already in use, never reused.
        note: .bib only: False leaves the ``note`` field out.
    """

    ascii: bool | None = None
    key_pattern: str | KeyPattern = DEFAULT_PATTERN
    taken_keys: Iterable[str] = ()
    note: bool = True


Writer = Callable[[Iterable[Book], WriteOptions], Iterator[str]]
"""Writes books (as :func:`bibkit.formats.prepare.prepare` made them) in a format, as pieces of
text to write as they come; a bad key pattern raises ``ConfigError`` before the first piece."""


class Loader(Protocol):
    """Reads the books of a file's text, in file order.

    Raises:
        FormatError: The text is malformed; the message names the line.
    """

    def __call__(self, text: str, *, source: str = ...) -> list[Book]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Format:
    """One format bibkit writes and reads.

    Attributes:
        name: The canonical name (``--format``, config ``format``, ``dumps(format=...)``).
        aliases: Other names accepted for it (``bib``, ``json``...).
        suffixes: File suffixes that name it, lower case with the dot; an output file's
            suffix picks its format, an input file's its reader.
        write: The writer (see :class:`Writer`).
        loads: The reader of its text.
        reads_as: Which reader reads it (BibLaTeX is read as BibTeX).
        looks_like: Whether a text opens as this format's files do, to tell an input
            whose name says nothing (standard input, no suffix); ``None`` for a format whose
            files another's test recognises (BibLaTeX's: BibTeX's).
        dialect: For a .bib format, its dialect; ``None`` for any other.
        keyed: Whether its entries carry a citation key (an id in CSL-JSON), by which an
            export finds them again; RIS records have none.
    """

    name: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    write: Writer
    loads: Loader
    reads_as: ReaderName
    looks_like: Callable[[str], bool] | None
    dialect: Dialect | None = None
    keyed: bool = True

    @property
    def merges(self) -> bool:
        """Whether new entries can be added to an existing file of this format keeping every
        byte of it (:mod:`bibkit.formats.merge`): true of the .bib formats only."""
        return self.dialect is not None


def _bib_writer(dialect: Dialect) -> Writer:
    def write(books: Iterable[Book], options: WriteOptions) -> Iterator[str]:
        text = bibtex.dumps(
            books, dialect=dialect, ascii=options.ascii, key_pattern=options.key_pattern,
            taken_keys=options.taken_keys, note=options.note,
        )  # fmt: skip
        return iter((text,))

    return write


def _write_csl(books: Iterable[Book], options: WriteOptions) -> Iterator[str]:
    """CSL-JSON entry by entry, so that its memory does not grow with the output; the key
    pattern is checked now, before the first piece."""
    pattern = options.key_pattern
    return csl.chunks(books, key_pattern=pattern if isinstance(pattern, KeyPattern) else KeyPattern(pattern))


def _write_ris(books: Iterable[Book], options: WriteOptions) -> Iterator[str]:
    return iter((ris.dumps(books),))


#: Every format, in the order the CLI lists them.
REGISTERED: tuple[Format, ...] = (
    Format(
        name="bibtex",
        aliases=("bib",),
        suffixes=(".bib", ".bibtex"),
        write=_bib_writer("bibtex"),
        loads=bibtex.loads,
        reads_as="bibtex",
        looks_like=bibtex.looks_like,
        dialect="bibtex",
    ),
    Format(
        name="biblatex",
        aliases=("blx",),
        suffixes=(".biblatex",),
        write=_bib_writer("biblatex"),
        loads=bibtex.loads,
        reads_as="bibtex",
        looks_like=None,
        dialect="biblatex",
    ),
    Format(
        name="csljson",
        aliases=("csl", "csl-json", "json"),
        suffixes=(".json", ".csl"),
        write=_write_csl,
        loads=csl.loads,
        reads_as="csljson",
        looks_like=csl.looks_like,
    ),
    Format(
        name="ris",
        suffixes=(".ris",),
        write=_write_ris,
        loads=ris.loads,
        reads_as="ris",
        looks_like=ris.looks_like,
        keyed=False,
    ),
)

_BY_NAME = {key: f for f in REGISTERED for key in (f.name, *f.aliases)}
_BY_SUFFIX = {suffix: f for f in REGISTERED for suffix in f.suffixes}


def names(*, keyed: bool = False) -> tuple[str, ...]:
    """The canonical names, in the order the CLI lists them; with ``keyed``, only those of the
    formats whose entries carry citation keys."""
    return tuple(f.name for f in REGISTERED if f.keyed or not keyed)


def find(format: str | Format) -> Format:
    """The format of a name or alias, in any case; a :class:`Format` is returned as it is.

    Raises:
        ConfigError: Unknown name; the message lists the known ones.
    """
    if isinstance(format, Format):
        return format
    found = _BY_NAME.get(format.strip().lower())
    if found is None:
        raise ConfigError(f"unknown format {format!r} (known: {', '.join(names())})")
    return found


def for_path(path: str | os.PathLike[str]) -> Format | None:
    """The format a file's suffix names (``.bib``, ``.json``, ``.ris``...), or ``None``."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def sniff(text: str) -> Format | None:
    """The format a text opens as (``@book{``, a JSON array of items, ``TY  -``), or ``None``
    for a text that is no bibliography."""
    return next((f for f in REGISTERED if f.looks_like is not None and f.looks_like(text)), None)
