"""Writing output files without ever leaving a half-written or lost file behind.

Kept for callers of ``write_text_atomic``; the one implementation is
:func:`bibkit.formats.write_file`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_text_atomic"]


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename,
    so a crash or full disk leaves either the old file or the new one, never a mix.

    Raises:
        FormatError: the folder does not exist or cannot be written.
    """
    from bibkit.formats import write_file

    write_file(path, text)
