"""The library's books as last read, kept between runs and refreshed with ``since=``.

Deduplicating a push needs every book of the library (the Web API's ``q`` cannot find an
ISBN: :mod:`bibkit.zotero.index`). Reading a library of thousands of books costs one request
per hundred on every push; instead the books read last time are kept in the cache directory
with the library version they reflect, and the next push asks only for the books changed
``since`` that version and the items deleted since (``shared/reference/zotero.md`` §1.6-1.7).

The file holds what the library's listing holds (titles, creators, ISBNs, collections, item
versions), never the API key; it is named by the library's address.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from bibkit.errors import FormatError
from bibkit.zotero.client import ZoteroClient

__all__ = ["library_books"]

_FORMAT = "bibkit-zotero-books"


def _path(cache_dir: Path, client: ZoteroClient) -> Path:
    digest = hashlib.sha256(client.library_url.encode()).hexdigest()[:24]
    return cache_dir / "zotero" / f"books-{digest}.json"


def library_books(client: ZoteroClient, cache_dir: Path | None) -> list[dict[str, Any]]:
    """Every book of the library (trash included), as item ``data``: from the cache refreshed
    with ``since=``, or read in full when there is no cache (or ``cache_dir`` is ``None``)."""
    if cache_dir is None:
        return [item.get("data", item) for item in client.fetch_books()]
    path = _path(cache_dir, client)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("format") != _FORMAT or stored.get("library") != client.library_url:
            raise ValueError("not this library's books")
        since: int | None = int(stored["version"])
        books: dict[str, dict[str, Any]] = dict(stored["books"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        since, books = None, {}
    changed = client.fetch_books(since=since)
    version = client.last_version
    for item in changed:
        data = item.get("data", item)
        books[str(data.get("key") or item.get("key"))] = data
    if since is not None:
        for key in client.fetch_deleted(since, changed):
            books.pop(key, None)
    if version is not None:
        _save(path, client.library_url, version, books)
    return list(books.values())


def _save(path: Path, library: str, version: int, books: dict[str, dict[str, Any]]) -> None:
    from bibkit.formats import write_file  # the one atomic writer

    body = {"format": _FORMAT, "library": library, "version": version, "books": books}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, json.dumps(body, ensure_ascii=False))
    except (OSError, FormatError):
        pass  # a cache that cannot be written only costs a full read next time
