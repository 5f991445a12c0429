"""Source names → factories. Runtime registrations first, then the ``bibkit.sources`` entry
point group, loaded lazily on first lookup so that importing bibkit does no work.

A factory is called with the session's :class:`~bibkit.http.HttpClient` and the source's own
settings block (:meth:`bibkit.config.Config.source_settings`), as requests hands an adapter
its configuration when it is mounted: a source sees its own settings, not the whole
configuration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from bibkit.errors import ConfigError

if TYPE_CHECKING:
    from bibkit.http import HttpClient
    from bibkit.sources.base import Source

__all__ = ["LOCAL", "NETWORK_FREE", "Factory", "available", "create", "register"]

Factory = Callable[["HttpClient", Mapping[str, Any]], "Source"]

LOCAL = "local"
"""The local catalogue's source name (:mod:`bibkit.sources.local`)."""

NETWORK_FREE = frozenset({LOCAL})
"""Sources that answer without the network: the only ones an offline run may use."""

_BUILTIN = {
    LOCAL: "bibkit.sources.local:LocalCatalog",
    "openlibrary": "bibkit.sources.openlibrary:OpenLibrary",
    "googlebooks": "bibkit.sources.googlebooks:GoogleBooks",
    "isbnlib": "bibkit.sources.isbnlib_services:IsbnlibServices",
}
_runtime: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Make ``factory`` available as source ``name`` (overrides a built-in of the same name)."""
    _runtime[name] = factory


def _entry_point_names() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="bibkit.sources")}


def available() -> list[str]:
    return sorted({*_BUILTIN, *_entry_point_names(), *_runtime})


def create(name: str, http: HttpClient, settings: Mapping[str, Any]) -> Source:
    """Instantiate source ``name`` on ``http`` with its ``settings`` block.

    Raises:
        ConfigError: no source of that name; the message lists the available ones.
    """
    if name in _runtime:
        return _runtime[name](http, settings)
    target = _BUILTIN.get(name) or _entry_point_names().get(name)
    if target is None:
        raise ConfigError(f"unknown source {name!r}; available: {', '.join(available())}")
    module_name, _, attr = target.partition(":")
    import importlib

    factory: Factory = getattr(importlib.import_module(module_name), attr)
    return factory(http, settings)
