"""``-v``: bibkit's log on stderr, every request a line, every secret replaced by ``***``.

API keys never travel in URLs (:mod:`bibkit.http`, :mod:`bibkit.zotero.client`), and URLs are
logged through :func:`bibkit.http.redact`; the filter here is the second lock: any log record
whose text holds a configured secret (an API key from the config, the environment or the
command line) has it replaced before the record is written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

__all__ = ["add_secrets", "setup"]

_SECRETS: set[str] = set()
_HANDLER_NAME = "bibkit-verbose"


def add_secrets(values: Iterable[str | None]) -> None:
    """Never show these strings in a log line (keys shorter than 4 characters are no keys)."""
    _SECRETS.update(v for v in values if v and len(v) >= 4)


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if any(secret in text for secret in _SECRETS):
            for secret in _SECRETS:
                text = text.replace(secret, "***")
            record.msg, record.args = text, None
        return True


def setup(verbosity: int) -> None:
    """Log bibkit's requests and decisions to stderr: ``1`` each request, ``2`` everything.

    ``0`` removes the handler again (one process may run several commands: tests).
    """
    logger = logging.getLogger("bibkit")
    for handler in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
        logger.removeHandler(handler)
    if verbosity <= 0:
        logger.setLevel(logging.NOTSET)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("bibkit: %(message)s"))
    handler.addFilter(_Redact())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)
