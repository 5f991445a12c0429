"""The resolution cache: what a mention resolved to, so a rerun on the same text asks no service.

One SQLite file under the cache directory maps a key to a :class:`Resolution` as JSON. The key
covers everything the answer depends on: what the mention says (its title, authors, year,
ISBN..., but not where it stands in the text, so the same book in another list is a hit), the
resolve options, the sources consulted, the services' base URLs, and bibkit's version (a new
matcher must not be served an old matcher's answers). Errors are never stored: they say a
service failed, and the next run should ask again.

The HTTP cache (``requests-cache``, owned by :mod:`bibkit.http`) lives beside it; this module
also reports on and clears both, for ``bibkit cache info`` / ``bibkit cache clear``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bibkit import cachefile
from bibkit._version import __version__
from bibkit.config import Config
from bibkit.http import clear_http_cache, http_cache_entries, http_cache_path
from bibkit.model import Mention, Resolution, Status
from bibkit.resolve import ResolveOptions

__all__ = [
    "CacheInfo",
    "ResolutionCache",
    "cache_info",
    "clear_cache",
    "clear_not_found",
    "mention_key",
    "resolution_key",
]

log = logging.getLogger(__name__)

RESOLUTIONS_FILE = "resolutions.sqlite"
WHAT = "the resolution cache"
# Bump when the stored JSON or the key changes shape, or resolution decides differently: old
# entries are then simply not found. 2: search steps, short forms, namesakes, the judge.
FORMAT = 2
# Where a mention stands in its text does not change what it names.
_POSITION_FIELDS = frozenset({"text", "start", "end"})


def mention_key(mention: Mention) -> str:
    """What the mention says, as canonical JSON: equal for the same book named twice."""
    said = {k: v for k, v in mention.to_dict().items() if k not in _POSITION_FIELDS}
    return json.dumps(said, sort_keys=True, ensure_ascii=False)


def resolution_key(
    mention: Mention, *, options: ResolveOptions, sources: Sequence[str], config: Config
) -> str:
    """The cache key of resolving ``mention`` with ``options`` against ``sources`` under ``config``."""
    urls = {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(config)
        if f.name.endswith("_url") and not f.name.startswith("zotero")
    }
    payload = {
        "format": FORMAT,
        "bibkit": __version__,
        "mention": mention_key(mention),
        "options": dataclasses.asdict(options),
        "sources": list(sources),
        "urls": urls,
        # A keyed Google Books client sees more than an unkeyed one; the key itself stays out.
        "keyed": bool(getattr(config, "google_books_api_key", None)),
    }
    text = json.dumps(payload, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class ResolutionCache:
    """Resolutions by key in one SQLite file. Thread-safe; entries expire after ``expire_s``."""

    def __init__(self, path: Path, *, expire_s: float, negative_expire_s: float | None = None) -> None:
        self.path = path
        self.expire_s = expire_s
        #: How long a "not found" stays: catalogues add records, and a miss is cheap to retry.
        self.negative_expire_s = expire_s if negative_expire_s is None else min(negative_expire_s, expire_s)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            cachefile.check(path, WHAT)
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=cachefile.BUSY_TIMEOUT_S)
            with self._db:
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS resolutions"
                    " (key TEXT PRIMARY KEY, stored REAL NOT NULL, value TEXT NOT NULL)"
                )
        except (sqlite3.Error, OSError) as err:
            self._failed(err)

    def _failed(self, err: sqlite3.Error | OSError) -> None:
        """A cache that fails mid-run is dropped for the rest of the run, never the run itself:
        a damaged file is moved aside (the next run starts a new one); any other failure (a
        lock held too long, a directory it cannot write to, a full disk) is reported once,
        with what to do about it."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
        if cachefile.is_damage(err):
            cachefile.move_aside(self.path, WHAT, err)
        else:
            cachefile.unusable(self.path, WHAT, err)

    @classmethod
    def for_config(cls, config: Config) -> ResolutionCache:
        return cls(
            config.cache_dir / RESOLUTIONS_FILE,
            expire_s=config.cache_expire_s,
            negative_expire_s=config.negative_cache_expire_s,
        )

    def get_many(self, keys: Iterable[str]) -> dict[str, Resolution]:
        """The fresh entries among ``keys``."""
        wanted = list(dict.fromkeys(keys))
        now = time.time()
        oldest = now - self.expire_s
        oldest_miss = now - self.negative_expire_s
        out: dict[str, Resolution] = {}
        with self._lock:
            try:
                self._get_into(out, wanted, oldest, oldest_miss)
            except sqlite3.Error as err:
                self._failed(err)
                return {}
        return out

    def _get_into(
        self, out: dict[str, Resolution], wanted: list[str], oldest: float, oldest_miss: float
    ) -> None:
        if self._db is not None:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, stored, value FROM resolutions WHERE stored >= ? AND key IN ({marks})",
                    [oldest, *chunk],
                ).fetchall()
                for key, stored, value in rows:
                    try:
                        found = Resolution.from_dict(json.loads(value))
                    except (ValueError, KeyError, TypeError):
                        continue  # written by an incompatible version: resolve again
                    if found.status is Status.NOT_FOUND and stored < oldest_miss:
                        continue
                    out[key] = found

    def put_many(self, items: Mapping[str, Resolution]) -> int:
        """Store ``items``, except errors; returns how many were stored."""
        now = time.time()
        rows = [
            (key, now, json.dumps(r.to_dict(), ensure_ascii=False))
            for key, r in items.items()
            if r.status is not Status.ERROR
        ]
        with self._lock:
            if self._db is None:
                return 0
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO resolutions VALUES (?, ?, ?)", rows)
            except sqlite3.Error as err:
                self._failed(err)
                return 0
        return len(rows)

    def __len__(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            try:
                (count,) = self._db.execute("SELECT COUNT(*) FROM resolutions").fetchone()
            except sqlite3.Error as err:
                self._failed(err)
                return 0
        return int(count)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheInfo:
    """What ``bibkit cache info`` reports.

    Attributes:
        directory: The cache directory (``cache_dir``, ``$BIBKIT_CACHE_DIR``).
        http_responses: Service responses kept by the HTTP cache.
        resolutions: Mentions whose resolution is kept.
        size_bytes: Bytes on disk of both cache files.
    """

    directory: Path
    http_responses: int
    resolutions: int
    size_bytes: int


def _resolutions_path(config: Config) -> Path:
    return config.cache_dir / RESOLUTIONS_FILE


def _count_resolutions(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(path)) as db:
            (count,) = db.execute("SELECT COUNT(*) FROM resolutions").fetchone()
    except sqlite3.Error:
        return 0
    return int(count)


def _size(paths: Iterable[Path]) -> int:
    total = 0
    for path in paths:
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
            if file.exists():
                total += file.stat().st_size
    return total


def cache_info(config: Config) -> CacheInfo:
    """Entries and size of both caches; reads only, creates nothing."""
    resolutions = _resolutions_path(config)
    return CacheInfo(
        directory=config.cache_dir,
        http_responses=http_cache_entries(config),
        resolutions=_count_resolutions(resolutions),
        size_bytes=_size([http_cache_path(config), resolutions]),
    )


def clear_not_found(config: Config, *, dry_run: bool = False) -> tuple[int, int]:
    """Forget the mentions nothing was found for, and the searches behind them, so the next
    run asks the catalogues again (and only about those: found books stay cached).

    Returns:
        The resolutions and the cached search responses removed (or, with ``dry_run``, the
        resolutions that would be; searches are then not counted: 0).
    """
    from bibkit.http import clear_http_searches

    path = _resolutions_path(config)
    misses: list[str] = []
    if path.exists():
        try:
            _forget_misses(path, misses, dry_run=dry_run)
        except sqlite3.Error as err:
            raise cachefile.failure(path, WHAT, "forget the misses of", err) from err
    searches = 0 if dry_run else clear_http_searches(config)
    return len(misses), searches


def _forget_misses(path: Path, misses: list[str], *, dry_run: bool) -> None:
    """Collect into ``misses`` the keys of the "not found" resolutions; delete them unless
    ``dry_run``."""
    with closing(sqlite3.connect(path, timeout=cachefile.BUSY_TIMEOUT_S)) as db:
        for key, value in db.execute("SELECT key, value FROM resolutions"):
            try:
                status = json.loads(value).get("status")
            except (ValueError, AttributeError):
                status = None
            if status == Status.NOT_FOUND.value:
                misses.append(key)
        if not dry_run:
            with db:
                db.executemany("DELETE FROM resolutions WHERE key = ?", [(k,) for k in misses])


def clear_cache(config: Config) -> CacheInfo:
    """Empty both caches; returns what they held. Safe while other runs use them: rows are
    deleted in place (see :func:`bibkit.cachefile.empty`), and what those runs store afterwards
    is kept."""
    before = cache_info(config)
    clear_http_cache(config)
    cachefile.empty(_resolutions_path(config), ["resolutions"], WHAT)
    return before
