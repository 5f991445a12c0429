"""Zotero: push books into a user's or group's library through the Web API v3.

:func:`to_zotero_item` is pure (Book → item JSON); :func:`push` is the edge. Only
:mod:`bibkit.zotero.client` imports pyzotero.
"""

from __future__ import annotations

from bibkit.identity import book_identity
from bibkit.zotero.client import RequestStats, ZoteroClient
from bibkit.zotero.index import LibraryIndex, isbns_in_field
from bibkit.zotero.items import item_key, note_item, split_name, to_zotero_item
from bibkit.zotero.push import PushEntry, PushOutcome, PushReport, PushStatus, push, split_collection_path

__all__ = [
    "LibraryIndex",
    "PushEntry",
    "PushOutcome",
    "PushReport",
    "PushStatus",
    "RequestStats",
    "ZoteroClient",
    "book_identity",
    "isbns_in_field",
    "item_key",
    "note_item",
    "push",
    "split_collection_path",
    "split_name",
    "to_zotero_item",
]
