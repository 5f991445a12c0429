"""Adding books to an existing .bib file without touching what is already there.

A user's .bib file holds work bibkit cannot reproduce: comments, ``@string`` macros, hand-made
formatting, entry types bibtexparser drops. Parsing and re-writing it would lose some of that
(bibtexparser 1.4 moves comments, re-sorts entries, corrupts ``@preamble``), so bibkit never
rewrites it: new entries are appended as text, and the result always starts with the original
bytes. New entries are written as every output writes them (:mod:`bibkit.formats.prepare`:
dated, series out of titles, without the fields the user leaves out). Books already present
(same ISBN in any form, or same title and first author: the rule of :mod:`bibkit.identity`)
are skipped, keys already used anywhere in the file (even inside ``@comment``) are never
reused, and the file is replaced atomically with a backup of the old one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bibkit import textfile
from bibkit.errors import FormatError, InputError
from bibkit.formats import bibtex
from bibkit.formats.bibfile import existing_keys, scan
from bibkit.formats.keys import DEFAULT_PATTERN, KeyAllocator, KeyPattern
from bibkit.formats.prepare import prepare, skip_fields
from bibkit.identity import BookIndex, keys_of
from bibkit.model import Book

__all__ = ["MergeResult", "merge", "merge_file", "unique_books"]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did.

    Attributes:
        data: The new file content (bytes, so that encoding and newlines are the original's).
        added: ``(key, book)`` for each entry appended, in order (the book as given).
        skipped: ``(book, key)`` for each book already present, with the key it has there
            (or the key of the earlier book in the same batch).
    """

    data: bytes
    added: tuple[tuple[str, Book], ...]
    skipped: tuple[tuple[Book, str], ...]


def unique_books(books: Iterable[Book]) -> list[Book]:
    """``books`` without repeats (:func:`bibkit.identity.same_book`), first one kept, order kept."""
    out: list[Book] = []
    index = BookIndex()
    for book in books:
        keys = keys_of(book)
        if index.find(keys) is None:
            index.add(keys, str(len(out)))
            out.append(book)
    return out


def merge(
    existing: bytes,
    books: Iterable[Book],
    *,
    dialect: bibtex.Dialect = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    skip: Iterable[str] = (),
    source: str = "<bib>",
) -> MergeResult:
    """Append the books that ``existing`` lacks; pure (bytes in, bytes out).

    Each book is compared and written as :func:`bibkit.formats.prepare.prepare` makes it, so
    a series note in a catalogue title neither hides a book already there nor reaches the file.

    Args:
        existing: The current file content (may be empty).
        books: Books to add.
        dialect: ``bibtex`` or ``biblatex`` for the new entries.
        ascii: LaTeX accents instead of UTF-8 in new entries (see :func:`bibtex.dumps`).
        key_pattern: Pattern for new keys.
        skip: Fields to leave out of new entries (``url``, ``note``...: see
            ``prepare.SKIPPABLE``); existing entries keep theirs.
        source: File name for messages.

    Raises:
        FormatError: ``existing`` is malformed (the message names the line), is not text in
            an encoding :mod:`bibkit.textfile` reads (binary, UTF-16 without its mark...), or
            its encoding cannot hold the new entries.
        ConfigError: ``skip`` names a field that cannot be left out.
    """
    left_out = skip_fields(skip)
    try:
        decoded = textfile.decode(existing, source)
    except InputError as err:
        raise FormatError(f"{err}; --merge adds only to a text .bib file") from None
    text = decoded.text
    blocks = scan(text, source=source)  # checks the structure: raises FormatError naming the line
    taken = existing_keys(text, blocks=blocks)
    allocator = KeyAllocator(key_pattern, taken=taken)
    prepared = [(book, prepare(book, skip=left_out)) for book in books]
    wanted = [(book, written, keys_of(written)) for book, written in prepared]
    # Existing entries by people none of the new books names can only match by ISBN.
    families = frozenset(family for _, _, keys in wanted for _, family in keys.titles)
    index = BookIndex()
    for block, book in bibtex.read(text, blocks=blocks):
        index.add(keys_of(book, families=families), block.key or "")
    added: list[tuple[str, Book]] = []
    entries = []
    skipped: list[tuple[Book, str]] = []
    for book, written, keys in wanted:
        found = index.find(keys)
        if found is not None:
            skipped.append((book, found))
            continue
        key = allocator.key(written)
        index.add(keys, key)
        added.append((key, book))
        kind, fields = bibtex.entry(written, key, dialect=dialect, ascii=ascii, note="note" not in left_out)
        entries.append((kind, key, fields))
    if not added:
        return MergeResult(data=existing, added=(), skipped=tuple(skipped))
    rendered = bibtex.render(entries)
    newline = "\r\n" if "\r\n" in text else "\n"
    rendered = rendered.replace("\n", newline)
    body = text.lstrip("\ufeff")
    prefix = "" if not body.strip() else ("" if text.endswith(("\n", "\r")) else newline) + newline
    try:
        # In the file's own encoding (UTF-16 stays UTF-16): it must read back as one text.
        addition = decoded.encode_more(prefix + rendered)
    except UnicodeEncodeError:
        raise FormatError(
            f"{source}: line 1: the file is not UTF-8 but {decoded.encoding}, which cannot hold the "
            "letters of the new entries; convert the file to UTF-8 first"
        ) from None
    data = existing + addition
    assert data.startswith(existing)
    return MergeResult(data=data, added=tuple(added), skipped=tuple(skipped))


def merge_file(
    path: str | os.PathLike[str],
    books: Iterable[Book],
    *,
    dialect: bibtex.Dialect = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    skip: Iterable[str] = (),
    backup: bool = True,
) -> MergeResult:
    """Merge ``books`` into the .bib file at ``path`` (created if missing), atomically.

    The old content is kept as ``<name>.bak`` when ``backup`` is set. Nothing is written when
    every book is already present, or when the file is malformed (then it is left untouched
    and the error names the line).

    Raises:
        FormatError: Unreadable, malformed or concurrently modified file; cannot write.
        ConfigError: ``skip`` names a field that cannot be left out.
    """
    from bibkit.formats import is_special_file, write_file

    target = Path(path)
    if is_special_file(target):
        raise FormatError(f"{path}: not a regular file; --merge adds to a .bib file")
    try:
        before = target.stat()
        existing = target.read_bytes()
    except FileNotFoundError:
        before, existing = None, b""
    except OSError as err:
        raise FormatError(f"{path}: cannot read ({err.strerror or err})") from err
    result = merge(
        existing, books, dialect=dialect, ascii=ascii, key_pattern=key_pattern, skip=skip, source=str(path)
    )
    if result.added:
        write_file(target, result.data, backup=backup and before is not None, expect_unchanged=before)
    return result
