"""Bytes of a text file to text, and back: the one rule for which encodings bibkit reads.

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
from dataclasses import dataclass

from bibkit.errors import InputError

__all__ = ["Decoded", "decode"]

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
    """

    text: str
    encoding: str
    legacy: bool = False

    def encode_more(self, text: str) -> bytes:
        """``text`` as bytes to append to the file.

        Raises:
            UnicodeEncodeError: the file's encoding cannot hold ``text``.
        """
        return text.encode(self.encoding)


def decode(data: bytes, name: str) -> Decoded:
    """The text of a file's bytes (``name`` for messages).

    Raises:
        InputError: binary, or of no encoding this rule reads.
    """
    for bom, encoding, more in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), more)
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
