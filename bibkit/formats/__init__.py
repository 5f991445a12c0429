"""Output and input formats: the name/suffix registry, ``dumps``, ``load_books`` and the one
atomic ``write_file``.

Writers are pure (books in, text out); only :func:`write_file` and :func:`load_books` (given a
path) touch the disk. Formats are found by name (``"bibtex"``, ``"biblatex"``, ``"csljson"``,
``"ris"``, with aliases) or by file suffix, in one place, so the CLI and the API agree.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bibkit.errors import ConfigError, FormatError
from bibkit.formats import bibtex, csl, ris
from bibkit.formats.bibtex import dumps as to_bibtex
from bibkit.formats.keys import DEFAULT_PATTERN, KeyPattern
from bibkit.model import Book

__all__ = [
    "FORMATS",
    "READABLE",
    "dumps",
    "format_for_path",
    "format_name",
    "load_books",
    "to_bibtex",
    "write_file",
]

log = logging.getLogger(__name__)

#: Output format names, in the order the CLI lists them.
FORMATS: tuple[str, ...] = ("bibtex", "biblatex", "csljson", "ris")
#: Formats :func:`load_books` can read.
READABLE: tuple[str, ...] = ("bibtex", "biblatex", "csljson")
_ALIASES = {"bib": "bibtex", "csl": "csljson", "csl-json": "csljson", "json": "csljson", "blx": "biblatex"}
_SUFFIXES = {".bib": "bibtex", ".json": "csljson", ".ris": "ris"}


def format_name(name: str) -> str:
    """The canonical name of a format or alias.

    Raises:
        ConfigError: Unknown name; the message lists the known ones.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ConfigError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    return key


def format_for_path(path: str | os.PathLike[str], default: str = "bibtex") -> str:
    """The format a file's suffix implies (``.bib`` → bibtex, ``.json`` → csljson, ``.ris``)."""
    return _SUFFIXES.get(Path(path).suffix.lower(), default)


def dumps(
    books: Iterable[Book],
    *,
    format: str = "bibtex",
    ascii: bool | None = None,
    key_pattern: str | KeyPattern = DEFAULT_PATTERN,
    taken_keys: Iterable[str] = (),
) -> str:
    """Render ``books`` in ``format``.

    Args:
        books: The books, in output order.
        format: ``bibtex``, ``biblatex``, ``csljson`` or ``ris`` (or an alias).
        ascii: .bib only: LaTeX accents instead of UTF-8 (default: BibTeX yes, BibLaTeX no).
        key_pattern: Citation key pattern for .bib and CSL-JSON ids.
        taken_keys: .bib only: keys already in use, never reused.

    Raises:
        ConfigError: Unknown format or key pattern.
    """
    name = format_name(format)
    if name in ("bibtex", "biblatex"):
        dialect: bibtex.Dialect = "biblatex" if name == "biblatex" else "bibtex"
        return bibtex.dumps(
            books, dialect=dialect, ascii=ascii, key_pattern=key_pattern, taken_keys=taken_keys
        )
    if name == "csljson":
        return csl.dumps(books, key_pattern=key_pattern)
    return ris.dumps(books)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FormatError(f"{path}: cannot read ({err.strerror or err})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FormatError(f"{path}: line {line}: not UTF-8 text (save it as UTF-8 first)") from err


def load_books(source: str | os.PathLike[str], *, format: str | None = None) -> list[Book]:
    """Read the books of a .bib or CSL-JSON file (or of the text itself).

    Args:
        source: A path, or the text of a file (a ``str`` that contains a newline or starts
            with ``@``, ``[`` or ``{`` is taken as text).
        format: ``bibtex``/``biblatex`` or ``csljson``; by default from the suffix, or for text,
            from its first character.

    Raises:
        FormatError: The file cannot be read, or is malformed (the message names the line).
        ConfigError: The format cannot be read.
    """
    text_given = isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in ("@", "[", "{"))
    if text_given:
        text, label = str(source), "<text>"
        guess = "csljson" if text.lstrip()[:1] in ("[", "{") else "bibtex"
    else:
        path = Path(source)
        text, label = _read_text(path), str(path)
        guess = format_for_path(path)
    name = format_name(format) if format else guess
    if name not in READABLE:
        raise ConfigError(f"cannot read {name} (readable: {', '.join(READABLE)})")
    if name == "csljson":
        return csl.loads(text, source=label)
    return bibtex.loads(text, source=label)


def write_file(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    backup: bool = False,
    expect_unchanged: os.stat_result | None = None,
) -> Path | None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same directory, fsync,
    then ``os.replace``, so a crash or a full disk never leaves a half-written bibliography.

    Args:
        path: Target file; a symlink is followed and its target replaced.
        data: Text (written as UTF-8, newlines as given) or bytes.
        backup: Keep the previous content as ``<name>.bak`` beside the file.
        expect_unchanged: The ``os.stat`` of the target when it was read; if its size or
            modification time changed since, someone else edited it and nothing is written.

    Returns:
        The backup's path, if one was made.

    Raises:
        FormatError: The file cannot be written, or changed while we worked; it is untouched.
    """
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        current = target.stat()
    except FileNotFoundError:
        current = None
    except OSError as err:
        raise FormatError(f"{path}: cannot write ({err.strerror or err})") from err
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        if current is not None:
            os.chmod(tmp_name, stat.S_IMODE(current.st_mode))
        if expect_unchanged is not None:
            now = target.stat() if target.exists() else None
            before = (expect_unchanged.st_size, expect_unchanged.st_mtime_ns)
            if now is None or (now.st_size, now.st_mtime_ns) != before:
                raise FormatError(f"{path}: changed while bibkit was working; nothing written, try again")
        backup_path = None
        if backup and current is not None:
            backup_path = target.with_name(target.name + ".bak")
            shutil.copy2(target, backup_path)
        os.replace(tmp_name, target)
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
