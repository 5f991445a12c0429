"""What the command line prints that it did not write itself: library warnings, and text
from catalogues and inputs, always passed through :func:`bibkit.safetext.clean`."""

from __future__ import annotations

import logging
import sys
from typing import Any

from rich.console import Console

from bibkit.safetext import clean

__all__ = ["SafeConsole", "show_warnings"]


class SafeConsole(Console):
    """A rich Console whose printed strings are cleaned first: the messages bibkit prints
    carry book titles, reasons and server messages, any of which may hold escape sequences."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(clean(o) if isinstance(o, str) else o for o in objects), **kwargs)


class _WarningLine(logging.Handler):
    """One line on the standard error of the moment (``bibkit: warning: ...``) per warning."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = clean(record.getMessage()).replace("\n", " ")
            print(f"bibkit: warning: {line}", file=sys.stderr, flush=True)
        except Exception:
            self.handleError(record)


def show_warnings() -> None:
    """Print the library's warnings (a damaged cache moved aside...) as one line each.

    Idempotent: the handler is installed once per process.
    """
    logger = logging.getLogger("bibkit")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        handler = _WarningLine(logging.WARNING)
        logger.addHandler(handler)
