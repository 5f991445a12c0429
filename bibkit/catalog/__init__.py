"""The local catalogue: Open Library's dumps in an embedded database, for resolution with no
network (the ``local`` source, :mod:`bibkit.sources.local`).

* :mod:`bibkit.catalog.dump`: reading dump files (gzip or plain) into typed rows;
* :mod:`bibkit.catalog.build`: loading them into a catalogue and indexing it, restartably;
* :mod:`bibkit.catalog.store`: the database file, its schema and what it holds;
* :mod:`bibkit.catalog.reader`: queries against a finished catalogue;
* :mod:`bibkit.catalog.terms`: words as the full-text index sees them.
"""

from __future__ import annotations

from bibkit.catalog.build import BuildFilter, BuildProgress, BuildReport, build_catalog, database_for
from bibkit.catalog.store import CatalogInfo, catalog_info

__all__ = [
    "BuildFilter",
    "BuildProgress",
    "BuildReport",
    "CatalogInfo",
    "build_catalog",
    "catalog_info",
    "database_for",
]
