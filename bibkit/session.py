"""Session: owns the configuration, the shared HTTP client and the chosen sources.

Reuse one Session for batch work (one connection pool, one cache, one rate limiter);
the top-level functions in :mod:`bibkit.api` open a short-lived one per call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bibkit.config import Config
from bibkit.http import HttpClient
from bibkit.mentions.extract import extract
from bibkit.model import Mention, Resolution
from bibkit.resolve import ResolveOptions, resolve_mentions
from bibkit.sources import Source, create

__all__ = ["Session"]


class Session:
    """Configuration plus the shared HTTP layer. A context manager; close it when done.

    Args:
        config: A :class:`Config`; default :meth:`Config.load` (file, then environment).
        **overrides: Config fields to override (e.g. ``openlibrary_url=...``).
    """

    def __init__(self, config: Config | None = None, **overrides: Any) -> None:
        base = config if config is not None else Config.load()
        self.config = base.replace(**overrides) if overrides else base
        self.http = HttpClient(self.config)
        self._sources: dict[str, Source] = {}

    def source(self, name: str) -> Source:
        if name not in self._sources:
            self._sources[name] = create(name, self.http)
        return self._sources[name]

    def sources(self, names: Iterable[str] | None = None) -> list[Source]:
        return [self.source(n) for n in (names or self.config.sources)]

    def resolve(
        self,
        items: str | Iterable[Mention],
        *,
        sources: Iterable[str] | None = None,
        min_confidence: float | None = None,
    ) -> list[Resolution]:
        """Resolve mentions (a ``str`` is extracted first); one Resolution per mention, in order."""
        mentions = extract(items) if isinstance(items, str) else list(items)
        options = (
            ResolveOptions() if min_confidence is None else ResolveOptions(min_confidence=min_confidence)
        )
        return resolve_mentions(mentions, self.sources(sources), options)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
