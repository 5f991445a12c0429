"""Session: owns the configuration, the shared HTTP client and the chosen sources.

Reuse one Session for batch work (one connection pool, one cache, one rate limiter);
the top-level functions in :mod:`bibkit.api` open a short-lived one per call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bibkit.config import Config
from bibkit.http import HttpClient
from bibkit.mentions.extract import extract
from bibkit.model import Book, Mention, Resolution
from bibkit.resolve import ResolveOptions, resolve_mentions
from bibkit.sources import Source, create

if TYPE_CHECKING:
    from bibkit.zotero import PushReport

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
        options: ResolveOptions | None = None,
    ) -> list[Resolution]:
        """Resolve mentions (a ``str`` is extracted first); one Resolution per mention, in order.

        ``options`` carries every resolve option (edition policy, language, publisher, ...);
        ``min_confidence``, when given, overrides its threshold.
        """
        mentions = extract(items) if isinstance(items, str) else list(items)
        options = options or ResolveOptions()
        if min_confidence is not None:
            options = dataclasses.replace(options, min_confidence=min_confidence)
        return resolve_mentions(mentions, self.sources(sources), options)

    def push_to_zotero(
        self,
        items: str | Iterable[Book | Resolution],
        *,
        collection: str | None = None,
        tags: Iterable[str] = (),
        note: bool = False,
        origin: str | None = None,
        dry_run: bool = False,
        add_existing_to_collection: bool = True,
        library_id: str | None = None,
        library_type: str | None = None,
        api_key: str | None = None,
        sources: Iterable[str] | None = None,
        min_confidence: float | None = None,
    ) -> PushReport:
        """Put books into a Zotero library, each exactly once; a ``str`` is extracted and
        resolved first. See :func:`bibkit.push_to_zotero` for the arguments."""
        from bibkit.zotero import ZoteroClient, push  # pyzotero is only imported when needed

        if isinstance(items, str):
            items = self.resolve(items, sources=sources, min_confidence=min_confidence)
        overrides = {
            "zotero_library_id": library_id,
            "zotero_library_type": library_type,
            "zotero_api_key": api_key,
        }
        config = self.config.replace(**{k: v for k, v in overrides.items() if v is not None})
        with ZoteroClient.from_config(config) as client:
            return push(
                items,
                client=client,
                collection=collection,
                tags=tags,
                note=note,
                origin=origin,
                dry_run=dry_run,
                add_existing_to_collection=add_existing_to_collection,
            )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
