"""The HTTP cache's SQLite storage: requests-cache's, except that waiting for a lock ends.

requests-cache (1.3) waits for another process's write lock on its SQLite file in an endless
loop: a run started while another program holds ``http.sqlite`` locked (a run stopped with
Ctrl-Z in the middle of a write, an ``sqlite3`` shell left in a transaction) would hang for
ever, saying nothing. Here a write waits as long as every other bibkit cache does
(:data:`bibkit.cachefile.BUSY_TIMEOUT_S`) and then raises ``sqlite3.OperationalError``
("database is locked"), which :class:`bibkit.http.HttpClient` meets like any other failure of
its cache: the run goes on without it, with a one-line warning.

Imported only when the cache is used (requests-cache takes a while to import).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from requests_cache.backends.base import BaseCache
from requests_cache.backends.sqlite import SQLiteCache, SQLiteDict

from bibkit import cachefile

__all__ = ["HttpCacheStorage"]


class _Table(SQLiteDict):
    """One table of the cache, whose writes give up on a lock after
    :data:`bibkit.cachefile.BUSY_TIMEOUT_S`."""

    @contextmanager
    def _acquire_sqlite_lock(self) -> Iterator[None]:
        # As requests-cache 1.3 does it, but with an end. (1.2 has no such loop: its
        # writes already fail once SQLite's own busy timeout has passed.)
        with self._lock:
            connection = self._connection
            assert connection is not None  # opened by connection(), the only caller
            give_up = time.monotonic() + cachefile.BUSY_TIMEOUT_S
            while True:
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError:
                    if time.monotonic() >= give_up:
                        raise
                    time.sleep(0.01)
            self._active_transaction = True
            try:
                yield
                connection.commit()
            except sqlite3.OperationalError:
                connection.rollback()
            finally:
                self._active_transaction = False


class HttpCacheStorage(SQLiteCache):
    """requests-cache's SQLite backend for the file ``db_path`` (``.sqlite`` added), with
    :class:`_Table` for its two tables. Takes the keyword arguments of ``SQLiteCache``."""

    def __init__(self, db_path: str | Path, **kwargs: Any) -> None:
        BaseCache.__init__(self, cache_name=str(db_path), **kwargs)
        self.responses = _Table(db_path, table_name="responses", **kwargs)
        self.redirects = _Table(db_path, table_name="redirects", lock=self.responses._lock, serializer=None,
                                **kwargs)  # fmt: skip
