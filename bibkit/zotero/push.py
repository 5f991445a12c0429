"""Pushing books into a Zotero library: exactly once, in the right collection, resumable.

The plan, in requests (``shared/reference/zotero.md`` §4):

1. read the library's books (100 per page, trash included; with a cache, only those changed
   ``since`` the last push) into a :class:`LibraryIndex`, because the Web API's ``q``
   search cannot find an ISBN;
2. read the collections and create the missing levels of ``A/B`` in one write;
3. POST the new books, at most 50 objects per request, each with a key derived from the
   book and ``version: 0``, its collection and tags set inside the item, and its optional
   child note right after it in the same request;
4. add books that were already there to the collection, 50 per request.

Why a re-sent write can never duplicate: the key of a book is a function of the book (its
ISBN-13, or title, author and year). The server creates a ``version: 0`` object only when
its key is new, and answers a repeat with a per-object 412. So a retry after a lost answer,
a 500 after the write was applied, or a whole new run after a crash all end with the book
stored once. A run that stops part-way leaves a consistent library: running it again reads
the index, skips what is there and writes the rest.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Unpack

from bibkit.errors import ConfigError, ZoteroError
from bibkit.identity import book_identity
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.options import PushKwargs
from bibkit.zotero.client import MAX_WRITE_OBJECTS, WriteResult, ZoteroClient
from bibkit.zotero.index import ExistingItem, LibraryIndex
from bibkit.zotero.items import item_key, note_item, tag_objects, to_zotero_item
from bibkit.zotero.library_cache import library_books

__all__ = [
    "PushEntry",
    "PushOutcome",
    "PushReport",
    "PushStatus",
    "collection_key",
    "entries_from",
    "find_collection",
    "push",
    "split_collection_path",
]

log = logging.getLogger(__name__)


class PushStatus(enum.StrEnum):
    """What happened to one book."""

    CREATED = "created"
    PRESENT = "present"
    FAILED = "failed"
    UNRESOLVED = "unresolved"
    WOULD_CREATE = "would_create"


@dataclass(frozen=True, slots=True, kw_only=True)
class PushEntry:
    """One book to push, with where it came from (for the optional note).

    Attributes:
        book: The edition.
        mention: The text that named it, when it came from a text.
        confidence: How sure resolution was, when it came from a text.
    """

    book: Book
    mention: Mention | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PushOutcome:
    """The result for one input record.

    Attributes:
        status: created, present (already in the library, or earlier in the same input),
            failed, unresolved (a mention that resolution could not pin to an edition), or
            would_create (dry run).
        book: The book, if there was one.
        mention: The mention, for text input.
        key: The Zotero item key (new or existing).
        reason: One line for a person: why it failed, where it was found, what was added.
        added_to_collection: True if an existing item was put into the target collection
            (in a dry run: would be).
        note_key: Key of the child note created with it, if any.
    """

    status: PushStatus
    book: Book | None = None
    mention: Mention | None = None
    key: str | None = None
    reason: str = ""
    added_to_collection: bool = False
    note_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PushReport:
    """Everything a push did, in input order, and what it cost.

    Attributes:
        outcomes: One per input record, in order.
        dry_run: Nothing was written.
        collection_key: Key of the target collection (``None`` in a dry run that would
            create it, or without ``collection``).
        created_collections: Names of collection levels created (or, dry run, to create).
        reads: GET requests sent (retries included).
        writes: Write requests sent (retries included).
        retries: Requests repeated after a transient failure.
        waited_s: Seconds waited for the server's Backoff/Retry-After or our backoff.
        interrupted: Why the push stopped early; empty when it ran to the end. Running the
            same push again finishes it without duplicating anything.
    """

    outcomes: tuple[PushOutcome, ...] = ()
    dry_run: bool = False
    collection_key: str | None = None
    created_collections: tuple[str, ...] = ()
    reads: int = 0
    writes: int = 0
    retries: int = 0
    waited_s: float = 0.0
    interrupted: str = ""

    def with_status(self, status: PushStatus) -> list[PushOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def created(self) -> list[PushOutcome]:
        return self.with_status(PushStatus.CREATED)

    @property
    def present(self) -> list[PushOutcome]:
        return self.with_status(PushStatus.PRESENT)

    @property
    def failed(self) -> list[PushOutcome]:
        return self.with_status(PushStatus.FAILED)

    @property
    def ok(self) -> bool:
        """True if every book is now in the library (or would be, in a dry run)."""
        return not self.interrupted and not self.failed


def entries_from(items: Iterable[Book | Resolution | PushEntry]) -> list[PushEntry | Resolution]:
    """Normalise the accepted inputs; unresolved resolutions are kept so they are reported.

    Raises:
        TypeError: an item is none of the accepted kinds (a Mention must be resolved first).
    """
    if isinstance(items, str | bytes | Book | Resolution) or not isinstance(items, Iterable):
        raise TypeError(f"push_to_zotero() takes text, books or resolutions, not {type(items).__name__}")
    out: list[PushEntry | Resolution] = []
    for item in items:
        if isinstance(item, Resolution):
            if item.book is not None and item.status in (Status.RESOLVED, Status.KEPT):
                out.append(PushEntry(book=item.book, mention=item.mention, confidence=item.confidence))
            else:
                out.append(item)
        elif isinstance(item, Book):
            out.append(PushEntry(book=item))
        elif isinstance(item, PushEntry):
            out.append(item)
        else:
            hint = " (resolve it first)" if isinstance(item, Mention) else ""
            raise TypeError(f"push_to_zotero() takes books or resolutions, not {type(item).__name__}{hint}")
    return out


def split_collection_path(path: str) -> tuple[str, ...]:
    """``"A/B"`` → ``("A", "B")``. A literal slash in a name is written ``//``."""
    placeholder = "\0"
    parts = tuple(
        " ".join(p.replace(placeholder, "/").split()) for p in path.replace("//", placeholder).split("/")
    )
    if not path.strip() or any(not p for p in parts):
        raise ConfigError(f"bad collection path {path!r}: use names separated by '/', like 'History/Russia'")
    if any(len(p) > 255 for p in parts):
        raise ConfigError("a collection name is longer than the 255 characters Zotero allows")
    return parts


def _find_child(collections: Sequence[Mapping[str, Any]], name: str, parent: str | None) -> str | None:
    """The key of the collection called ``name`` under ``parent``; exact name first, then
    ignoring case. Names are not unique in Zotero: the oldest one wins, so repeated pushes
    keep choosing the same collection."""
    siblings = [c for c in collections if (c.get("parentCollection") or None) == parent]
    siblings.sort(key=lambda c: int(c.get("version") or 0))
    for fold_case in (False, True):
        for coll in siblings:
            candidate = str(coll.get("name", ""))
            if candidate == name or (fold_case and candidate.casefold() == name.casefold()):
                return str(coll["key"])
    return None


def _ensure_collection(
    client: ZoteroClient, path: tuple[str, ...], *, dry_run: bool
) -> tuple[str | None, list[str]]:
    """Find or create the nested collection; returns its key and the names created."""
    collections = [dict(c.get("data", c)) for c in client.fetch_collections()]
    parent: str | None = None
    for depth, name in enumerate(path):
        key = _find_child(collections, name, parent)
        if key is None:
            missing = list(path[depth:])
            if dry_run:
                return None, missing
            return _create_collections(client, missing, parent), missing
        parent = key
    return parent, []


def find_collection(client: ZoteroClient, path: str) -> str:
    """The key of the existing nested collection ``path`` (``"A/B"``), found as a push finds
    it (exact name first, then ignoring case; the oldest of namesakes).

    Raises:
        ConfigError: a bad path, or no such collection in the library.
    """
    names = split_collection_path(path)
    key, missing = _ensure_collection(client, names, dry_run=True)
    if key is None or missing:
        raise ConfigError(f"no collection {'/'.join(names)!r} in the Zotero library")
    return key


def collection_key(name: str, parent: str | None) -> str:
    """The key of the collection ``name`` under ``parent`` (``None``: top level), derived from
    both as item keys are from their books: pushes started together that each found the
    collection missing send the same key, and the server creates it once."""
    return item_key(f"{parent or ''}\0{name}", salt="collection")


def _create_collections(client: ZoteroClient, names: list[str], parent: str | None) -> str:
    """Create the chain ``names`` under ``parent`` in one write (each level refers to the
    previous one by its key, derived from its name and parent: a retry, or another push
    doing the same, cannot create a second chain)."""
    payload: list[dict[str, Any]] = []
    for name in names:
        key = collection_key(name, parent)
        payload.append({"key": key, "version": 0, "name": name, "parentCollection": parent or False})
        parent = key
    result = client.create_collections(payload)
    for index, (code, message) in sorted(result.failed.items()):
        if code == 412:
            continue  # "version 0 but the key exists": created by an earlier attempt or push
        raise ZoteroError(f"Zotero refused to create collection {names[index]!r}: {message}", status=code)
    assert parent is not None
    return parent


@dataclass
class _Pending:
    """A book this push means to create, with its place in the input."""

    position: int
    entry: PushEntry
    item: dict[str, Any]
    note: dict[str, Any] | None = None

    @property
    def objects(self) -> list[dict[str, Any]]:
        return [self.item] if self.note is None else [self.item, self.note]


def _batches(pending: Sequence[_Pending]) -> list[list[_Pending]]:
    """Greedy packing into writes of at most 50 objects; a book and its note stay together
    (a note must follow its parent in the same request or the parent must already exist)."""
    batches: list[list[_Pending]] = []
    size = 0
    for p in pending:
        n = len(p.objects)
        if not batches or size + n > MAX_WRITE_OBJECTS:
            batches.append([])
            size = 0
        batches[-1].append(p)
        size += n
    return batches


@dataclass
class _Run:
    client: ZoteroClient | None
    outcomes: dict[int, PushOutcome] = field(default_factory=dict)
    interrupted: str = ""


def push(
    items: Iterable[Book | Resolution | PushEntry],
    *,
    client: ZoteroClient,
    index_cache: Path | None = None,
    **options: Unpack[PushKwargs],
) -> PushReport:
    """Push books into the client's library; see the module docstring for the guarantees.

    Args:
        items: Books, resolutions (unresolved ones are reported, not pushed) or entries.
        client: The library to write to.
        index_cache: A directory where the library's books are kept between runs, so that
            a push reads only what changed ``since`` the last (:mod:`.library_cache`).
        **options: Where and how (:class:`bibkit.options.PushKwargs`: ``collection``,
            ``tags``, ``note``, ``origin``, ``dry_run``, ``add_existing_to_collection``).

    Returns:
        A :class:`PushReport`. Per-book failures are in it rather than raised; so is a stop
        caused by the server failing beyond the retries (``interrupted``).

    Raises:
        ZoteroError: the library cannot be read, or the key is refused; nothing was written.
        ConfigError: a bad collection path or tag.
    """
    collection = options.get("collection")
    note, origin = options.get("note", False), options.get("origin")
    dry_run = options.get("dry_run", False)
    add_existing_to_collection = options.get("add_existing_to_collection", True)
    entries = entries_from(items)
    path = split_collection_path(collection) if collection is not None else ()
    tag_list = [t["tag"] for t in tag_objects(options.get("tags", ()))]
    run = _Run(client)

    index = LibraryIndex.from_items(library_books(client, index_cache))
    log.info("indexed %d books already in the library", len(index))
    collection_key: str | None = None
    created_collections: list[str] = []
    if path:
        try:
            collection_key, created_collections = _ensure_collection(client, path, dry_run=dry_run)
        except ZoteroError as err:
            if err.status in {401, 403, 404}:
                raise
            return _report(
                run,
                client,
                dry_run=dry_run,
                collection_key=None,
                created_collections=[],
                total=len(entries),
                entries=entries,
                interrupted=str(err),
            )

    pending: list[_Pending] = []
    to_tag_existing: list[tuple[int, ExistingItem]] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries):
        if isinstance(entry, Resolution):
            run.outcomes[position] = PushOutcome(
                status=PushStatus.UNRESOLVED,
                mention=entry.mention,
                reason=f"not pushed: {entry.status.value}" + (f" ({entry.reason})" if entry.reason else ""),
            )
            continue
        book = entry.book
        identity = book_identity(book)
        if identity in seen:
            first = seen[identity]
            first_outcome = run.outcomes.get(first)
            key = first_outcome.key if first_outcome else item_key(identity)
            run.outcomes[position] = PushOutcome(
                status=PushStatus.PRESENT,
                book=book,
                mention=entry.mention,
                key=key,
                reason=f"same book as input record {first + 1}",
            )
            continue
        seen[identity] = position
        existing = index.find(book)
        if existing is not None:
            where = "in the trash" if existing.deleted else "in the library"
            in_target = collection_key is not None and collection_key in existing.collections
            add = add_existing_to_collection and bool(path) and not in_target
            run.outcomes[position] = PushOutcome(
                status=PushStatus.PRESENT,
                book=book,
                mention=entry.mention,
                key=existing.key,
                reason=f"already {where} as {existing.key}"
                + (f" ({existing.title})" if existing.title and existing.title != book.full_title else ""),
                added_to_collection=add and dry_run,
            )
            if add and collection_key is not None:
                to_tag_existing.append((position, existing))
            continue
        key = item_key(identity)
        item = to_zotero_item(
            book, collections=[collection_key] if collection_key else [], tags=tag_list, key=key
        )
        child = None
        if note:
            child = note_item(
                key, book=book, mention=entry.mention, origin=origin, confidence=entry.confidence
            )
        pending.append(_Pending(position, entry, item, child))
        if dry_run:
            run.outcomes[position] = PushOutcome(
                status=PushStatus.WOULD_CREATE,
                book=book,
                mention=entry.mention,
                key=key,
                reason="would be created",
            )

    if not dry_run:
        _write_new(run, client, pending)
        if not run.interrupted:
            _add_to_collection(run, client, to_tag_existing, collection_key)
    return _report(
        run,
        client,
        dry_run=dry_run,
        collection_key=collection_key,
        created_collections=created_collections,
        total=len(entries),
        entries=entries,
        interrupted=run.interrupted,
    )


def _report(
    run: _Run,
    client: ZoteroClient,
    *,
    dry_run: bool,
    collection_key: str | None,
    created_collections: list[str],
    total: int,
    entries: Sequence[PushEntry | Resolution],
    interrupted: str,
) -> PushReport:
    outcomes = []
    for position in range(total):
        outcome = run.outcomes.get(position)
        if outcome is None:
            entry = entries[position]
            # Never reached: the push stopped before this record's turn.
            outcome = PushOutcome(
                status=PushStatus.FAILED,
                book=entry.book if isinstance(entry, PushEntry) else None,
                mention=entry.mention,
                reason=f"not sent, the push stopped early: {interrupted}",
            )
        outcomes.append(outcome)
    stats = client.stats
    return PushReport(
        outcomes=tuple(outcomes),
        dry_run=dry_run,
        collection_key=collection_key,
        created_collections=tuple(created_collections),
        reads=stats.reads,
        writes=stats.writes,
        retries=stats.retries,
        waited_s=stats.waited_s,
        interrupted=interrupted,
    )


def _write_new(run: _Run, client: ZoteroClient, pending: Sequence[_Pending]) -> None:
    for batch in _batches(pending):
        payload = [obj for p in batch for obj in p.objects]
        try:
            result = client.create_items(payload)
        except ZoteroError as err:
            if err.status in {401, 403}:
                raise
            run.interrupted = str(err)
            for p in batch:
                run.outcomes[p.position] = PushOutcome(
                    status=PushStatus.FAILED,
                    book=p.entry.book,
                    mention=p.entry.mention,
                    key=p.item["key"],
                    reason=f"unconfirmed: {err}",
                )
            return
        position = 0
        for p in batch:
            run.outcomes[p.position] = _book_outcome(p, result, position)
            position += len(p.objects)


def _book_outcome(p: _Pending, result: WriteResult, at: int) -> PushOutcome:
    """What the server said about the book at payload position ``at`` (and its note)."""
    key = p.item["key"]
    book, mention = p.entry.book, p.entry.mention
    note_key: str | None = None
    note_problem = ""
    if p.note is not None:
        if at + 1 in result.successful or (at + 1 in result.failed and result.failed[at + 1][0] == 412):
            note_key = p.note["key"]
        elif at + 1 in result.failed:
            note_problem = f"; the note was not added: {result.failed[at + 1][1]}"
    present = f"already in the library as {key}"
    code, message = result.failed.get(at, (0, "the server did not report on this item"))
    if at in result.successful:
        status, reason = PushStatus.CREATED, "created"
    elif at in result.unchanged:
        status, reason = PushStatus.PRESENT, present
    elif code == 412:
        # version 0 for a key that exists: stored by an earlier attempt of this very write
        # (after a lost answer or a 5xx), or by an earlier run with the same book.
        status, reason = (
            (PushStatus.CREATED, "created (confirmed on retry)")
            if result.uncertain
            else (PushStatus.PRESENT, present)
        )
    else:
        return PushOutcome(
            status=PushStatus.FAILED,
            book=book,
            mention=mention,
            key=key,
            reason=f"Zotero refused it ({code}): {message}",
        )
    return PushOutcome(
        status=status, book=book, mention=mention, key=key, reason=reason + note_problem, note_key=note_key
    )


def _add_to_collection(
    run: _Run, client: ZoteroClient, existing: Sequence[tuple[int, ExistingItem]], collection_key: str | None
) -> None:
    """Put already-present books into the collection: POST {key, version, collections}."""
    if not existing or collection_key is None:
        return
    for start in range(0, len(existing), MAX_WRITE_OBJECTS):
        chunk = existing[start : start + MAX_WRITE_OBJECTS]
        payload = [
            {"key": item.key, "version": item.version, "collections": [*item.collections, collection_key]}
            for _, item in chunk
        ]
        try:
            result = client.create_items(payload)
        except ZoteroError as err:
            if err.status in {401, 403}:
                raise
            run.interrupted = str(err)
            return
        stale = [i for i, (code, _) in result.failed.items() if code == 412]
        confirmed: set[str] = set()
        if stale:
            # A stale version: the item changed since the index was read, maybe by an earlier
            # attempt of this very write. Read it again rather than guess.
            confirmed = {
                str(raw.get("key"))
                for raw in client.fetch_items([chunk[i][1].key for i in stale])
                if collection_key in (raw.get("data", raw).get("collections") or [])
            }
        for i, (position, item) in enumerate(chunk):
            outcome = run.outcomes[position]
            if i in result.successful or i in result.unchanged or item.key in confirmed:
                run.outcomes[position] = replace(
                    outcome, added_to_collection=True, reason=outcome.reason + "; added to the collection"
                )
            elif i in result.failed:
                run.outcomes[position] = replace(
                    outcome, reason=outcome.reason + f"; not added to the collection: {result.failed[i][1]}"
                )
