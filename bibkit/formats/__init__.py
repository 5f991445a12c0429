"""Output and input formats: the name/suffix registry, ``dumps``, ``load_books`` and the one
atomic ``write_file``.

Writers are pure (books in, text out); only :func:`write_file` and :func:`load_books` (given a
path) touch the disk. Formats are found by name (``"bibtex"``, ``"biblatex"``, ``"csljson"``,
``"ris"``, with aliases) or by file suffix in one place, :mod:`bibkit.formats.registry`, so the
CLI and the API agree.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from bibkit import textfile
from bibkit.config import DEFAULT_MAX_INPUT_BYTES
from bibkit.errors import FormatError, OutputExists
from bibkit.formats.bibtex import dumps as to_bibtex
from bibkit.formats.inputs import InputKind, input_kind, is_text_itself, read_books
from bibkit.formats.keys import DEFAULT_PATTERN, KeyPattern
from bibkit.formats.prepare import prepare, skip_fields
from bibkit.formats.registry import Format, WriteOptions, find, for_path, names
from bibkit.model import Book

__all__ = [
    "FORMATS",
    "Format",
    "dump_chunks",
    "dumps",
    "find",
    "for_path",
    "is_special_file",
    "load_books",
    "to_bibtex",
    "write_file",
]

log = logging.getLogger(__name__)

#: The format names, in the order the CLI lists them (see :mod:`bibkit.formats.registry`).
FORMATS: tuple[str, ...] = names()


def dumps(
    books: Iterable[Book],
    *,
    format: str | Format = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    taken_keys: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> str:
    """Render ``books`` in ``format``, each as :func:`bibkit.formats.prepare.prepare` makes it
    (dated, series out of the title, ``skip`` fields left out).

    Args:
        books: The books, in output order.
        format: ``bibtex``, ``biblatex``, ``csljson`` or ``ris`` (or an alias, or a
            :class:`~bibkit.formats.registry.Format`).
        ascii: .bib only: LaTeX accents instead of UTF-8 (default: BibTeX yes, BibLaTeX no).
        key_pattern: Citation key pattern for .bib and CSL-JSON ids.
        taken_keys: .bib only: keys already in use, never reused.
        skip: Fields to leave out (``url``, ``note``, ``isbn``...: see ``prepare.SKIPPABLE``).

    Returns:
        The text; empty when there is no book.

    Raises:
        ConfigError: Unknown format, key pattern or field name.
    """
    return "".join(
        dump_chunks(
            books, format=format, ascii=ascii, key_pattern=key_pattern, taken_keys=taken_keys, skip=skip
        )
    )


def dump_chunks(
    books: Iterable[Book],
    *,
    format: str | Format = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    taken_keys: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> Iterator[str]:
    """The text of :func:`dumps`, in pieces to write as they come (:func:`write_file` takes
    them). CSL-JSON is made entry by entry, so its memory does not grow with the output;
    BibTeX and RIS come in one piece.

    Raises:
        ConfigError: Unknown format, key pattern or field name (before the first piece).
    """
    written = find(format)
    left_out = skip_fields(skip)
    options = WriteOptions(
        ascii=ascii, key_pattern=key_pattern, taken_keys=taken_keys, note="note" not in left_out
    )
    return written.write((prepare(book, skip=left_out) for book in books), options)


def load_books(source: str | os.PathLike[str], *, format: str | None = None) -> list[Book]:
    """Read the books of a .bib, CSL-JSON or RIS file (or of the text itself).

    A file is read as the command line reads its inputs (:func:`bibkit.textfile.read_text`):
    UTF-8, or UTF-16/32 with a byte-order mark, or else Windows-1252 with a logged warning;
    at most :data:`bibkit.config.DEFAULT_MAX_INPUT_BYTES`; regular files and FIFOs only.

    Args:
        source: A path (``-`` for standard input), or the text of a file (a ``str`` that
            contains a newline or starts with ``@``, ``[`` or ``{`` is taken as text).
        format: ``bibtex``/``biblatex``, ``csljson`` or ``ris``; by default from the suffix,
            else from the content (see :mod:`bibkit.formats.inputs`).

    Returns:
        The books, in file order.

    Raises:
        InputError: The file is missing, unreadable, binary, in no encoding bibkit reads, or
            larger than the input size limit.
        FormatError: It is malformed (the message names the line), or no bibliography.
        ConfigError: The format cannot be read.
        TypeError: ``source`` is neither a ``str`` nor a path.
    """
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"load_books() takes a path or text as str, not {type(source).__name__}")
    if is_text_itself(source):
        text, label, name = str(source), "<text>", None
    else:
        name = str(source)
        text = textfile.read_text(name, limit=DEFAULT_MAX_INPUT_BYTES)
        label = "standard input" if name == "-" else name
    kind: InputKind
    if format:
        kind = find(format).reads_as
    else:
        kind = input_kind(text, name)
        if kind == "text":
            raise FormatError(f"{label}: not a bibliography (.bib, CSL-JSON or RIS)")
    return read_books(text, kind, source=label)


def _umask() -> int:
    """The process's file-creation mask, which decides the permissions of a new file.

    Read from ``/proc`` where the kernel shows it; elsewhere set and restored at once (the
    only portable way to read it).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(
    path: str | os.PathLike[str],
    data: str | bytes | Iterator[str],
    *,
    replace: bool = True,
    backup: bool = False,
    expect_unchanged: os.stat_result | None = None,
) -> Path | None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same directory, fsync,
    then a rename, so a crash or a full disk never leaves a half-written bibliography.

    A new file gets the permissions any program would give it (0666 less the umask), not the
    0600 of a temporary file; a replaced file keeps its own.

    Args:
        path: Target file; a symlink is followed and its target replaced.
        data: Text (written as UTF-8, newlines as given) or bytes, or pieces of text written
            one after the other as they come (:func:`dump_chunks`); never empty, so that no
            run can leave an empty bibliography where there was one.
        replace: False refuses an existing file (checked again at the moment of writing, so
            a file created meanwhile is not replaced either).
        backup: Keep the previous content as ``<name>.bak`` beside the file.
        expect_unchanged: The ``os.stat`` of the target when it was read; if its size or
            modification time changed since, someone else edited it and nothing is written.

    Returns:
        The backup's path, if one was made.

    Raises:
        OutputExists: ``replace`` is false and the file exists; it is untouched.
        FormatError: ``data`` is empty, or the file cannot be written, or changed while we
            worked; it is untouched.
    """
    payloads = _payloads(path, data)
    if is_special_file(path):
        _write_into(path, payloads)
        return None
    target = Path(os.path.realpath(path))
    try:
        current = target.stat()
    except FileNotFoundError:
        current = None
    except OSError as err:
        raise FormatError(f"{path}: cannot write ({err.strerror or err})") from err
    if current is not None and not replace:
        raise _exists(path)
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            for payload in payloads:
                tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        mode = stat.S_IMODE(current.st_mode) if current is not None else 0o666 & ~_umask()
        os.chmod(tmp_name, mode)
        if expect_unchanged is not None:
            now = target.stat() if target.exists() else None
            before = (expect_unchanged.st_size, expect_unchanged.st_mtime_ns)
            if now is None or (now.st_size, now.st_mtime_ns) != before:
                raise FormatError(f"{path}: changed while bibkit was working; nothing written, try again")
        backup_path = None
        if backup and current is not None:
            backup_path = _back_up(target)
        if replace:
            os.replace(tmp_name, target)
        else:
            _create(tmp_name, target, path)
        tmp_name = None
        with contextlib.suppress(OSError):
            fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return backup_path
    except OSError as err:
        raise FormatError(f"{path}: cannot write ({err.strerror or err})") from err
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _payloads(path: str | os.PathLike[str], data: str | bytes | Iterator[str]) -> Iterator[bytes]:
    """The bytes to write, as they come; refused before anything is opened when there are
    none (the first piece of an iterator is read to know)."""
    parts: Iterator[str | bytes] = iter((data,)) if isinstance(data, str | bytes) else (p for p in data if p)
    first = next((p for p in parts if p), None)
    if first is None:
        raise FormatError(f"{path}: nothing to write (an empty bibliography is never written)")
    return (p.encode("utf-8") if isinstance(p, str) else p for p in itertools.chain((first,), parts))


def is_special_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a device, a FIFO or a socket (``/dev/null``, ``/dev/stdout``, a
    named pipe): output goes into such a file by writing to it, never by replacing it."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _write_into(path: str | os.PathLike[str], payloads: Iterable[bytes]) -> None:
    """Write ``payloads`` into a special file as they are: no temporary file, rename or backup."""
    try:
        if stat.S_ISBLK(os.stat(path).st_mode):
            raise FormatError(f"{path}: a block device; bibkit writes bibliographies to files")
        with open(path, "wb") as out:
            for payload in payloads:
                out.write(payload)
    except OSError as err:
        raise FormatError(f"{path}: cannot write ({err.strerror or err})") from err


def _back_up(target: Path) -> Path:
    """Copy ``target`` to ``<name>.bak`` beside it, replacing whatever is there by a rename:
    a symlink planted at the backup's name is replaced, never followed."""
    backup_path = target.with_name(target.name + ".bak")
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{backup_path.name}.", suffix=".tmp", delete=False
    ) as tmp:
        tmp_name = tmp.name
    try:
        shutil.copy2(target, tmp_name)
        os.replace(tmp_name, backup_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return backup_path


def _exists(path: str | os.PathLike[str]) -> OutputExists:
    return OutputExists(f"{path} already exists; nothing written")


def _create(tmp_name: str, target: Path, path: str | os.PathLike[str]) -> None:
    """Move the finished temporary file to ``target`` only if no file is there: a hard link
    fails when the name exists, where a rename would silently replace it."""
    try:
        os.link(tmp_name, target)
    except FileExistsError as err:
        raise _exists(path) from err
    except OSError:
        # No hard links on this file system (FAT, some network shares): check, then rename.
        if target.exists():
            raise _exists(path) from None
        os.replace(tmp_name, target)
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp_name)
