"""Cache files that can be damaged, emptied or removed while bibkit runs.

A cache is a convenience: a damaged one must never stop a run, and emptying it (``bibkit cache
clear``) must never break the runs using it. This module owns that for both SQLite caches
(the HTTP cache of :mod:`bibkit.http`, the resolution cache of :mod:`bibkit.cache`):

* :func:`check` opens a cache file before use; if SQLite says it is not a database or is
  malformed, the file is moved aside (``NAME.damaged``, kept for whoever wants to look) and a
  one-line warning says so, and the caller starts a fresh one.
* :func:`is_damage` tells a damaged file from a busy one (a lock is not damage).
* :func:`empty` deletes a cache's rows in place, under SQLite's own locking, instead of
  unlinking the file from under the connections other runs hold (their writes would go to a
  deleted file, or fail on a vanished write-ahead log).
* :func:`unusable` and :func:`failure` say in one line which cache file failed, why, and what
  to do (another program holds it locked, the directory is read-only, the disk is full...):
  the warning of a run that goes on without the cache, or the error of a command whose work
  is the cache (``bibkit cache clear``). No SQLite exception leaves bibkit raw.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

from bibkit.errors import BibkitError

__all__ = [
    "DAMAGED_SUFFIX",
    "advice",
    "check",
    "empty",
    "failure",
    "is_damage",
    "move_aside",
    "sqlite_files",
    "unusable",
]

log = logging.getLogger(__name__)

DAMAGED_SUFFIX = ".damaged"
# SQLite's result codes for a file that is not (or no longer) a usable database.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# How long to wait for another run's write lock before giving up on a cache operation.
BUSY_TIMEOUT_S = 10.0


def sqlite_files(path: Path) -> Iterator[Path]:
    """The database file and its companions (write-ahead log, shared memory, journal)."""
    yield path
    for suffix in ("-wal", "-shm", "-journal"):
        yield path.with_name(path.name + suffix)


def is_damage(err: BaseException) -> bool:
    """Whether ``err`` says the file is damaged (not that it is locked or the disk is full)."""
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF in _DAMAGE_CODES)
    text = str(err)
    return "not a database" in text or "malformed" in text


_LOCKED = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_NOT_WRITABLE = frozenset(
    {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
)
_NOT_WRITABLE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST})
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError):
        return err.strerror or str(err)
    return str(err)


def advice(path: Path, err: BaseException, *, run: bool = True) -> str:
    """What to do about ``err``, met using the cache file ``path``: in a run (``run``), which
    may also go without its cache, or in a command whose work is the cache."""
    skip = ", or use --no-cache" if run else ""
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(err).lower()
    if primary in _LOCKED or "locked" in text:
        return (
            "another program holds it locked (a bibkit run still going?); try again when it is "
            f"done{skip}"
        )
    if primary == sqlite3.SQLITE_FULL or (isinstance(err, OSError) and err.errno in _FULL_ERRNOS):
        return "the disk is full: free some space, or set BIBKIT_CACHE_DIR to a directory on another disk"
    if (
        primary in _NOT_WRITABLE
        or (isinstance(err, OSError) and err.errno in _NOT_WRITABLE_ERRNOS)
        or "readonly" in text
        or "unable to open" in text
    ):
        return (
            f"make {path.parent} a directory you can write to, or set BIBKIT_CACHE_DIR to one{skip}"
        )
    if is_damage(err):
        return "run 'bibkit cache clear' to start it again"
    return f"run 'bibkit cache clear', or set BIBKIT_CACHE_DIR to another directory{skip}"


def unusable(path: Path, what: str, err: BaseException) -> None:
    """Warn, in one line, that a run goes on without the cache ``path`` after ``err``."""
    log.warning("%s %s cannot be used (%s); this run goes on without it: %s", what, path, _reason(err),
                advice(path, err))  # fmt: skip


def failure(path: Path, what: str, doing: str, err: BaseException) -> BibkitError:
    """The one-line error of a command whose work is the cache itself (``doing`` it failed)."""
    return BibkitError(f"cannot {doing} {what} {path} ({_reason(err)}): {advice(path, err, run=False)}")


def move_aside(path: Path, what: str, err: BaseException) -> None:
    """Move a damaged cache file (and its companions) to ``NAME.damaged``; warn in one line."""
    moved = path.with_name(path.name + DAMAGED_SUFFIX)
    for file in sqlite_files(path):
        with contextlib.suppress(OSError):
            file.replace(moved.with_name(moved.name + file.name[len(path.name) :]))
    log.warning("%s %s was damaged (%s); moved it to %s and started a new one", what, path, err, moved.name)


def check(path: Path, what: str) -> None:
    """Make sure ``path`` is a readable SQLite database, or absent (moved aside if damaged).

    Reads the schema and the first page of every table: cheap, and enough to catch a file
    that was overwritten, truncated or is not SQLite at all. Damage found later, mid-run, is
    handled where it is met (see :func:`is_damage`).
    """
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)) as db:
            tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                db.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
    except sqlite3.DatabaseError as err:
        if not is_damage(err):
            return  # busy or locked: not ours to judge; the caller's use will say more
        move_aside(path, what, err)


def empty(path: Path, tables: Sequence[str], what: str = "the cache") -> None:
    """Delete every row of ``tables`` in place, so connections other runs hold stay valid.

    A damaged file, which nobody can use anyway, is removed instead.
    """
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)) as db:
            present = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            with db:
                for table in tables:
                    if table in present:
                        db.execute(f'DELETE FROM "{table}"')
            # Give the space back when nobody else is reading; skipped (not failed) when busy.
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute("VACUUM")
    except sqlite3.DatabaseError as err:
        if not is_damage(err):
            raise failure(path, what, "clear", err) from err
        for file in sqlite_files(path):
            file.unlink(missing_ok=True)
