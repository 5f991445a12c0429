"""bibkit: find book mentions in text, resolve them to real editions, write bibliographies."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from bibkit.api import extract, push_to_zotero, resolve, to_bibtex  # noqa: E402
from bibkit.config import Config  # noqa: E402
from bibkit.errors import BibkitError  # noqa: E402
from bibkit.model import Book, Mention, Resolution, Status  # noqa: E402
from bibkit.session import Session  # noqa: E402

__all__ = (
    "BibkitError",
    "Book",
    "Config",
    "Mention",
    "Resolution",
    "Session",
    "Status",
    "__version__",
    "extract",
    "push_to_zotero",
    "resolve",
    "to_bibtex",
)

logging.getLogger(__name__).addHandler(logging.NullHandler())
