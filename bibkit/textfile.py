"""Input files: how they are read (:func:`read_bytes`), and their bytes to text and back (the
one rule for which encodings bibkit reads).

Reading is bounded: a file or standard input larger than the configured cap
(``max_input_bytes``, 64 MiB by default) is refused rather than read until memory runs out,
and only regular files, FIFOs and standard input are read (``/dev/zero`` or a terminal device
named as a FILE are refused).

UTF-8 is expected. A byte-order mark is honoured (Notepad's "Unicode" is UTF-16), and a file
that is not UTF-8 is read as Windows-1252, the legacy encoding reading lists and 8-bit .bib
files are most often saved in (guessing among legacy encodings from a few hundred bytes is
unreliable: better one predictable rule, named in a note). NUL bytes without a byte-order
mark anywhere in the file mean a binary file.

:func:`decode` reads; :class:`Decoded` also says how to write more text in the same
encoding, which is what ``--merge`` needs to add to a file without changing its other bytes.
"""

from __future__ import annotations

import codecs
import logging
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from bibkit.errors import InputError

__all__ = ["Decoded", "decode", "decode_noted", "read_bytes", "read_text", "stdin_is_terminal"]

log = logging.getLogger(__name__)

# Byte-order marks, longest first (UTF-32-LE's starts with UTF-16-LE's), with the codec that
# reads the whole file and the one that writes more of it (no second mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, and how it was stored.

    Attributes:
        text: The text, without its byte-order mark.
        encoding: The codec that writes more text to the end of the file (``utf-8``,
            ``utf-16-le``, ``cp1252``...).
        legacy: True when the file was not UTF-8 and was read as Windows-1252.
        bom: The byte-order mark it began with, if any.
    """

    text: str
    encoding: str
    legacy: bool = False
    bom: bytes = b""

    def encode_more(self, text: str) -> bytes:
        """``text`` as bytes to append to the file.

        Raises:
            UnicodeEncodeError: the file's encoding cannot hold ``text``.
        """
        return text.encode(self.encoding)

    def encode_all(self, text: str) -> bytes:
        """``text`` as the bytes of a whole file stored as this one was (its byte-order mark
        included): the file's own bytes for its own text, so an edit changes only what it edits.

        Raises:
            UnicodeEncodeError: the file's encoding cannot hold ``text``.
        """
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, name: str) -> Decoded:
    """The text of a file's bytes (``name`` for messages).

    Raises:
        InputError: binary, or of no encoding this rule reads.
    """
    for bom, encoding, more in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), more, bom=bom)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: not valid {encoding.upper()} text") from err
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        try:
            return Decoded(data.decode("cp1252"), "cp1252", legacy=True)
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text (byte {err.start} is invalid)") from err


def read_text(source: str, *, limit: int, note: Callable[[str], None] | None = None) -> str:
    """The text of ``source`` (a path, or ``-`` for standard input) by the one rule:
    :func:`read_bytes`, then :func:`decode`. What every reader of a text or bibliography
    uses, the command line's and the library's alike.

    Args:
        source: The file.
        limit: The most bytes read (0: no limit).
        note: Told, in one line, that a file not in UTF-8 was read as Windows-1252 (default:
            a warning on the ``bibkit`` logger).

    Raises:
        InputError: see :func:`read_bytes` and :func:`decode`.
    """
    name = "standard input" if source == "-" else source
    return decode_noted(read_bytes(source, limit=limit), name, note=note).text


def decode_noted(data: bytes, name: str, *, note: Callable[[str], None] | None = None) -> Decoded:
    """:func:`decode`, and ``note`` told in one line when the file was read as Windows-1252
    (default: a warning on the ``bibkit`` logger)."""
    decoded = decode(data, name)
    if decoded.legacy:
        message = f"{name} is not UTF-8; read it as Windows-1252 (convert it to UTF-8 if that is wrong)"
        if note is None:
            log.warning("%s", message)
        else:
            note(message)
    return decoded


def stdin_is_terminal() -> bool:
    """Whether standard input is a terminal (a person would have to type the text)."""
    stream = sys.stdin
    try:
        return stream is not None and not stream.closed and stream.isatty()
    except (ValueError, OSError):
        return False


def read_bytes(source: str, *, limit: int) -> bytes:
    """The bytes of ``source`` (a path, or ``-`` for standard input), at most ``limit`` of them
    (0: no limit).

    Raises:
        InputError: missing, a directory, not a regular file or FIFO, closed standard input,
            unreadable, or larger than ``limit``.
    """
    name = "standard input" if source == "-" else source
    if source == "-":
        stream = sys.stdin
        if stream is None or stream.closed:
            raise InputError("standard input is closed; give a FILE, or pipe the text in")
        try:
            return _bounded(stream.buffer, name, limit)
        except (OSError, ValueError) as err:
            raise InputError(f"standard input cannot be read ({_reason(err)}); give a FILE instead") from err
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError as err:
        raise InputError(f"{source}: no such file") from err
    except OSError as err:
        raise InputError(f"{source}: cannot read ({_reason(err)})") from err
    if stat.S_ISDIR(mode):
        raise InputError(f"{source}: is a directory, not a text file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise InputError(f"{source}: not a regular file (a device or socket); give a text file")
    try:
        with open(source, "rb") as stream:
            return _bounded(stream, name, limit)
    except OSError as err:
        raise InputError(f"{source}: cannot read ({_reason(err)})") from err


def _bounded(stream: BinaryIO, name: str, limit: int) -> bytes:
    data = stream.read(limit + 1) if limit > 0 else stream.read()
    if limit > 0 and len(data) > limit:
        raise InputError(
            f"{name}: larger than {limit:,} bytes, the input size limit; "
            "raise it with BIBKIT_MAX_INPUT_BYTES (max_input_bytes) if this is really text"
        )
    return data


def _reason(err: BaseException) -> str:
    return (err.strerror if isinstance(err, OSError) else None) or str(err)
