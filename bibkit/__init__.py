"""bibkit: find book mentions in text, resolve them to real editions, write bibliographies."""

from __future__ import annotations

import logging

from bibkit._version import __version__
from bibkit.api import check, check_zotero, dumps, extract, load_books, push_to_zotero, resolve, to_bibtex
from bibkit.config import Config
from bibkit.errors import BibkitError
from bibkit.model import Book, Change, Finding, Mention, Resolution, Severity, Status
from bibkit.session import Session

__all__ = (
    "BibkitError",
    "Book",
    "Change",
    "Config",
    "Finding",
    "Mention",
    "Resolution",
    "Session",
    "Severity",
    "Status",
    "__version__",
    "check",
    "check_zotero",
    "dumps",
    "extract",
    "load_books",
    "push_to_zotero",
    "resolve",
    "to_bibtex",
)

logging.getLogger(__name__).addHandler(logging.NullHandler())
