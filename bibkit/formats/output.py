"""Writing a bibliography where a user asked for it: a new file, a replacement (the old one
kept as ``.bak``), or only the books an existing .bib lacks merged into it.

:meth:`Output.of` refuses what cannot be done (a bad format, key pattern or field; an existing
file with neither ``merge`` nor ``force``) before any work, as ``bibkit convert`` must refuse
before minutes of resolving; :meth:`Output.write` then writes, and says which entry each book
became (the citation keys, the books the file already held, the entries a classic ASCII .bib
cannot typeset), so that a caller reports what was written without working the keys out
again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from bibkit.errors import ConfigError, OutputExists
from bibkit.formats import dump_chunks, is_special_file, write_file
from bibkit.formats.bibtex import default_ascii, entry
from bibkit.formats.keys import DEFAULT_PATTERN, KeyAllocator, KeyPattern
from bibkit.formats.merge import merge, merge_file, unique_books
from bibkit.formats.prepare import prepare, skip_fields
from bibkit.formats.registry import Format, find, for_path
from bibkit.model import Book
from bibkit.options import OutputKwargs

__all__ = ["STDOUT", "Output", "Written"]

STDOUT = "-"
"""The path that stands for standard output: :meth:`Output.chunks` gives the text to print."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Written:
    """What :meth:`Output.write` wrote, or in a dry run would write.

    Attributes:
        path: The file.
        format: The format written (``bibtex``, ``biblatex``, ``csljson`` or ``ris``).
        entries: ``(key, book)`` for each entry written (with ``merge``: appended), in order;
            the key is ``None`` in RIS, which has none.
        present: With ``merge``: ``(book, key)`` for each book the file already held.
        not_ascii: Keys of the entries, in an ASCII .bib, that keep letters LaTeX has no
            ASCII command for (Cyrillic, Greek, CJK...): classic BibTeX with pdfLaTeX cannot
            typeset them.
        dry_run: Nothing was written.
    """

    path: str
    format: str
    entries: tuple[tuple[str | None, Book], ...] = ()
    present: tuple[tuple[Book, str], ...] = ()
    not_ascii: tuple[str, ...] = ()
    dry_run: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """Where and how a bibliography is written; made by :meth:`of`, which checks it.

    Attributes:
        path: The file, or :data:`STDOUT`.
        format: The format written (:mod:`bibkit.formats.registry`).
        ascii: .bib only: LaTeX accents instead of UTF-8 (default: BibTeX yes, BibLaTeX no).
        key_pattern: Citation key pattern, Better BibTeX style.
        skip: The canonical names of the fields left out.
        merge: Add only the books the .bib lacks; keep every entry it has (old file as .bak).
        force: Replace an existing file (old file as .bak).
    """

    path: str
    format: Format
    ascii: bool | None = None
    key_pattern: str = DEFAULT_PATTERN
    skip: tuple[str, ...] = ()
    merge: bool = False
    force: bool = False

    @classmethod
    def of(
        cls,
        path: str | os.PathLike[str],
        *,
        default_format: str = "bibtex",
        **options: Unpack[OutputKwargs],
    ) -> Output:
        """The output at ``path``, refused now if it cannot be written as asked.

        Args:
            path: The file, or ``-`` for standard output.
            default_format: The format of a path whose suffix says none (``.bib``,
                ``.json``, ``.ris`` do), when ``format`` is not given.
            **options: :class:`bibkit.options.OutputKwargs`: ``format``, ``ascii``,
                ``key_pattern``, ``skip``, ``merge``, ``force``.

        Raises:
            ConfigError: An unknown format, key pattern or field; ``merge`` of anything but a
                .bib file, or with ``force``.
            OutputExists: ``path`` exists and neither ``merge`` nor ``force`` is set.
        """
        format, key_pattern = options.get("format"), options.get("key_pattern", DEFAULT_PATTERN)
        merge, force = options.get("merge", False), options.get("force", False)
        where = os.fspath(path)
        written_as = (
            find(format) if format else (for_path(where) if where != STDOUT else None) or find(default_format)
        )
        if merge and (where == STDOUT or not written_as.merges):
            raise ConfigError("--merge needs -o FILE.bib and the bibtex or biblatex format")
        if merge and force:
            raise ConfigError("--merge and --force exclude each other: add to OUTPUT, or replace it")
        KeyPattern(key_pattern)
        left_out = tuple(sorted(skip_fields(options.get("skip", ()))))
        if (
            where != STDOUT
            and not merge
            and not force
            and os.path.lexists(where)
            and not is_special_file(where)
        ):
            raise OutputExists(
                f"{where} exists; use --merge to add to it or --force to replace it (keeping {where}.bak)"
            )
        return cls(
            path=where,
            format=written_as,
            ascii=options.get("ascii"),
            key_pattern=key_pattern,
            skip=left_out,
            merge=merge,
            force=force,
        )

    def chunks(self, books: Iterable[Book]) -> Iterator[str]:
        """The text of the bibliography of ``books``, in pieces to print as they come."""
        return dump_chunks(
            unique_books(books),
            format=self.format,
            ascii=self.ascii,
            key_pattern=self.key_pattern,
            skip=self.skip,
        )

    def write(self, books: Iterable[Book], *, dry_run: bool = False) -> Written:
        """Write ``books`` (each once) to the file, or with ``merge`` add those it lacks.

        Writing is atomic, and a replaced or merged file's old content is kept as ``.bak``.
        Standard output is written by the caller (:meth:`chunks`); here it is only accounted.

        Raises:
            FormatError: The file cannot be read (merge) or written; it is then untouched.
            OutputExists: The file appeared since :meth:`of` and neither ``merge`` nor
                ``force`` is set.
        """
        books = unique_books(books)
        if not books:
            return Written(path=self.path, format=self.format.name, dry_run=dry_run)
        dialect = self.format.dialect
        if self.merge and dialect is not None:
            if dry_run:
                existing = Path(self.path).read_bytes() if os.path.exists(self.path) else b""
                result = merge(existing, books, dialect=dialect, ascii=self.ascii,
                               key_pattern=self.key_pattern, skip=self.skip)  # fmt: skip
            else:
                result = merge_file(self.path, books, dialect=dialect, ascii=self.ascii,
                                    key_pattern=self.key_pattern, skip=self.skip)  # fmt: skip
            added: list[tuple[str | None, Book]] = list(result.added)
            return Written(
                path=self.path, format=self.format.name, entries=tuple(added), present=result.skipped,
                not_ascii=self._not_ascii(result.added), dry_run=dry_run,
            )  # fmt: skip
        if self.path != STDOUT and not dry_run:
            write_file(self.path, self.chunks(books), replace=self.force, backup=self.force)
        allocator = KeyAllocator(self.key_pattern) if self.format.keyed else None
        keyed = [(allocator.key(prepare(b, skip=self.skip)) if allocator else None, b) for b in books]
        return Written(
            path=self.path, format=self.format.name, entries=tuple(keyed),
            not_ascii=self._not_ascii([(k or "", b) for k, b in keyed]), dry_run=dry_run,
        )  # fmt: skip

    def _not_ascii(self, entries: Iterable[tuple[str, Book]]) -> tuple[str, ...]:
        """The keys of ``entries`` an ASCII .bib cannot spell in ASCII (see :class:`Written`)."""
        dialect = self.format.dialect
        if dialect is None or not (default_ascii(dialect) if self.ascii is None else self.ascii):
            return ()
        return tuple(
            key
            for key, book in entries
            if not all(
                v.isascii()
                for v in entry(prepare(book, skip=self.skip), key, dialect=dialect, ascii=True)[1].values()
            )
        )
