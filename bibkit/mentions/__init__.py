"""Mention extraction: finding the places in informal text that name books."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES

from bibkit.mentions import extract as _extract_module
from bibkit.mentions.extract import extract

__all__ = ["extract", "extraction_build"]


def extraction_build() -> str:
    """Which build runs extraction: "compiled" for modules compiled by mypyc (see setup.py),
    else "pure Python" (an editable install, or a build without a C compiler).

    Both give the same mentions; the compiled build is about 1.4 times faster, so a benchmark
    or a bug report should say which one it ran.
    """
    if (_extract_module.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES)):
        return "compiled"
    return "pure Python"
