"""Output formats: pure ``Book`` → text writers."""

from __future__ import annotations

from bibkit.formats.bibtex import dumps as to_bibtex

__all__ = ["to_bibtex"]
