"""The one exception hierarchy.

The CLI catches only :class:`BibkitError` and prints its message as one line. ``http.py`` and
``zotero.py`` translate foreign exceptions (requests, urllib3, pyzotero) into these at their
boundary, always ``raise ... from err``. "No match" is an outcome, not an error.
Messages never contain API keys.
"""

from __future__ import annotations

__all__ = [
    "BadResponse",
    "BibkitError",
    "ConfigError",
    "FormatError",
    "InputError",
    "OutputExists",
    "RateLimited",
    "SourceError",
    "SourceUnavailable",
    "ZoteroError",
]


class BibkitError(Exception):
    """Base of every error bibkit raises on purpose. Its message is one line for a person."""


class ConfigError(BibkitError, ValueError):
    """A bad option or configuration value, or an unknown source or format name. Fix the call."""


class InputError(BibkitError, ValueError):
    """The input cannot be read as text (missing, unreadable, binary). Fix the input."""


class OutputExists(BibkitError):
    """The output file exists and neither adding to it (``--merge``) nor replacing it with a
    backup (``--force``) was asked for. Nothing was written; the file is as it was."""


class SourceError(BibkitError):
    """A metadata service failed. ``source`` is its registry name, ``url`` the request URL
    with any API key removed."""

    def __init__(self, message: str, *, source: str = "", url: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.url = url


class SourceUnavailable(SourceError):
    """Connection refused, DNS failure, timeout or 5xx after retries. Safe to retry later."""


class RateLimited(SourceError):
    """The service answered 429 and retries ran out. ``retry_after`` is in seconds, if given."""

    def __init__(
        self, message: str, *, source: str = "", url: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, source=source, url=url)
        self.retry_after = retry_after


class BadResponse(SourceError):
    """The service answered, but not in the shape we map (truncated JSON, HTML error page).
    Retrying rarely helps; report it."""


class FormatError(BibkitError, ValueError):
    """An existing file cannot be read (e.g. a malformed .bib, with the line named), or an
    output cannot be written. The file is left untouched."""


class ZoteroError(BibkitError):
    """The Zotero Web API refused or failed a request. ``status`` is the HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
