"""Metadata sources: each turns a mention into candidate editions, or ISBNs into records.

A source is anything that satisfies :class:`Source`; the registry maps names to factories.
Raw service JSON never leaves this package: sources return :class:`bibkit.model.Book`.
"""

from __future__ import annotations

from bibkit.sources.base import Source
from bibkit.sources.registry import available, create, register

__all__ = ["Source", "available", "create", "register"]
