"""bibkit: find book mentions in text, resolve them to real editions, write bibliographies."""

from __future__ import annotations

import logging

from bibkit._version import __version__
from bibkit.api import (
    check,
    check_zotero,
    dumps,
    export_zotero,
    extract,
    load_books,
    load_model,
    lookup,
    push_to_zotero,
    resolve,
    to_bibtex,
    write,
)
from bibkit.config import Config
from bibkit.errors import BibkitError
from bibkit.formats.inputs import Input
from bibkit.formats.output import Output, Written
from bibkit.model import Book, Change, Finding, Mention, Resolution, Severity, Status
from bibkit.session import Session

__all__ = (
    "BibkitError",
    "Book",
    "Change",
    "Config",
    "Finding",
    "Input",
    "Mention",
    "Output",
    "Resolution",
    "Session",
    "Severity",
    "Status",
    "Written",
    "__version__",
    "check",
    "check_zotero",
    "dumps",
    "export_zotero",
    "extract",
    "load_books",
    "load_model",
    "lookup",
    "push_to_zotero",
    "resolve",
    "to_bibtex",
    "write",
)

logging.getLogger(__name__).addHandler(logging.NullHandler())
