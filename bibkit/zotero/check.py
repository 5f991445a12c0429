"""A Zotero library or collection checked as ``bibkit check`` checks a file, and its certain
repairs written back without losing anything a user changed meanwhile.

The items are read as ``export`` reads them (:func:`bibkit.zotero.export.book_of_item`, the
same item types) and become the very :class:`bibkit.verify.Entry` records the file readers
make, keyed by the Zotero item key, so every check, rule and message is the file's. Items in
the trash are left out.

A repair is a POST of the changed fields only, with the item's key and the ``version`` it
was read at: the Web API applies it as a PATCH, and refuses it (412) when the item changed in
Zotero since it was read, so a user's edit made while the check ran is never overwritten.
An item refused so is read again: if it already holds the repair (an earlier attempt whose
answer was lost), the repair counts as made; otherwise it is reported as changed in Zotero and
left as it is, to be checked again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibkit.dates import replace_year
from bibkit.errors import ZoteroError
from bibkit.formats.kinds import ZOTERO_TYPES
from bibkit.model import Change, Finding, Severity
from bibkit.verify import Document, Entry, checked_book, fixes
from bibkit.zotero.client import MAX_WRITE_OBJECTS, ZoteroClient
from bibkit.zotero.export import book_of_item, pinned_key
from bibkit.zotero.items import ITEM_FIELDS, PUBLISHER_FIELDS, split_name
from bibkit.zotero.push import find_collection

__all__ = ["ZoteroBibliography", "entry_of", "item_patch", "read_bibliography", "write_repairs"]

#: The Zotero field each repairable value is written to (the publisher: see :func:`_field_name`).
_FIELDS: Mapping[str, str] = {"isbn": "ISBN", "place": "place", "title": "title", "year": "date"}


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoteroBibliography:
    """The items of a Zotero library or collection, read for checking.

    Attributes:
        document: The items as the entries of a bibliography (keyed by item key), for
            :meth:`bibkit.session.Session.check`.
        items: Each item's data as read (with the ``version`` a repair is conditional on).
        citation_keys: The citation key pinned on each item that has one, by item key.
    """

    document: Document
    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    citation_keys: Mapping[str, str] = field(default_factory=dict)


def _book_authors(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The names of a book section's ``bookAuthor`` creators (the book's own authors, as
    BibLaTeX's ``bookauthor``), read as every other name of an item is read."""
    theirs = [
        {**creator, "creatorType": "author"}
        for creator in data.get("creators") or ()
        if creator.get("creatorType") == "bookAuthor"
    ]
    if not theirs:
        return ()
    return book_of_item({"itemType": "book", "title": "-", "creators": theirs}).authors


def entry_of(data: Mapping[str, Any]) -> Entry:
    """The entry a Zotero item (its ``data``) is to the check: the entry a file reader makes
    of the same record, keyed by the item key, with the ISBN field as written.

    Raises:
        ValueError: the item's type is none that a kind maps to.
    """
    book = book_of_item(data)
    isbn = str(data.get("ISBN") or "").strip()
    return Entry(
        key=str(data.get("key")),
        kind=book.kind,
        line=None,
        book=checked_book(book, book_authors=_book_authors(data)),
        isbn_text=isbn or None,
    )


def read_bibliography(client: ZoteroClient, collection: str | None = None) -> ZoteroBibliography:
    """The items of the client's library, or of ``collection`` (``"A/B"``), oldest first.

    Raises:
        ConfigError: no such collection, or a bad collection path.
        ZoteroError: the library cannot be read.
    """
    key = find_collection(client, collection) if collection is not None else None
    label = f"Zotero collection {collection!r}" if collection is not None else "Zotero library"
    entries: list[Entry] = []
    items: dict[str, Mapping[str, Any]] = {}
    cites: dict[str, str] = {}
    for raw in client.fetch_items_of(ZOTERO_TYPES, collection=key):
        data = raw.get("data", raw)
        if data.get("deleted"):
            continue  # in the trash
        try:
            entry = entry_of(data)
        except ValueError:
            continue  # a type no kind maps to
        entries.append(entry)
        items[entry.key] = data
        if cite := pinned_key(data):
            cites[entry.key] = cite
    document = Document(label=label, path=None, format="zotero", text="", entries=tuple(entries))
    return ZoteroBibliography(document=document, items=items, citation_keys=cites)


def _field_name(data: Mapping[str, Any], value: str) -> str:
    if value == "publisher":
        kept = ITEM_FIELDS.get(str(data.get("itemType")), ())
        return next((f for f in PUBLISHER_FIELDS if f in kept), "publisher")
    return _FIELDS[value]


def _new_creators(data: Mapping[str, Any], change: Change) -> list[dict[str, Any]] | None:
    """The item's creators with the repaired names: the authors (or, for a book without
    authors, the editors) replaced one for one, every other creator kept. None when the
    names are not one for one with the item's creators of that role."""
    creators = [dict(c) for c in data.get("creators") or ()]
    role = "author" if any(c.get("creatorType") == "author" for c in creators) else "editor"
    places = [i for i, c in enumerate(creators) if c.get("creatorType") == role]
    old = (change.old or "").split(" and ")
    new = change.new.split(" and ")
    if len(places) != len(new) or len(old) != len(new):
        return None
    for i, before, after in zip(places, old, new, strict=True):
        if before != after:
            creators[i] = split_name(after, role)
    return creators


def item_patch(data: Mapping[str, Any], changes: Sequence[Change]) -> tuple[dict[str, Any], list[Change]]:
    """The POST object that makes ``changes`` to one item (its key, the version it was read
    at, and the changed fields only), and the changes it makes. A change the item cannot take
    (names not one for one with its creators) is left out. Pure."""
    patch: dict[str, Any] = {"key": data["key"], "version": data["version"]}
    made: list[Change] = []
    for change in changes:
        if change.field == "author":
            creators = _new_creators(data, change)
            if creators is None:
                continue
            patch["creators"] = creators
        elif change.field == "year":
            patch["date"] = replace_year(str(data.get("date") or ""), change.old, change.new)
        else:
            patch[_field_name(data, change.field)] = change.new
        made.append(change)
    return patch, made


def _holds(data: Mapping[str, Any], patch: Mapping[str, Any]) -> bool:
    """Whether an item read again already holds every value of ``patch``."""
    return all(data.get(name) == value for name, value in patch.items() if name not in ("key", "version"))


def _changed_in_zotero(change: Change) -> Finding:
    return Finding(
        key=change.key,
        severity=Severity.WARNING,
        code="changed-in-zotero",
        field=change.field,
        message=f"not repaired ({change.field}): the item changed in Zotero while it was checked, "
        "and is left as it is; check it again",
    )


def _refused(change: Change, code: int, message: str) -> Finding:
    return Finding(
        key=change.key,
        severity=Severity.WARNING,
        code="repair-refused",
        field=change.field,
        message=f"not repaired ({change.field}): Zotero refused the change ({code}: {message})",
    )


def _unconfirmed(change: Change, reason: str) -> Finding:
    return Finding(
        key=change.key,
        severity=Severity.WARNING,
        code="repair-unconfirmed",
        field=change.field,
        message=f"repair of {change.field} not confirmed: {reason}; check it again",
    )


def _write_batch(
    client: ZoteroClient, batch: Sequence[tuple[dict[str, Any], list[Change]]]
) -> tuple[list[Change], list[Finding]]:
    """One write of at most 50 patches; stale ones read again to tell an earlier attempt of
    this very repair from another client's edit."""
    result = client.create_items([patch for patch, _ in batch])
    applied: list[Change] = []
    problems: list[Finding] = []
    stale = [i for i, (code, _) in result.failed.items() if code == 412]
    current = {str(raw.get("key")): raw.get("data", raw) for raw in client.fetch_items(
        [str(batch[i][0]["key"]) for i in stale]
    )} if stale else {}  # fmt: skip
    for i, (patch, changes) in enumerate(batch):
        if i in result.successful or i in result.unchanged:
            applied += changes
        elif i in stale and _holds(current.get(str(patch["key"]), {}), patch):
            applied += changes  # made by an earlier attempt whose answer was lost
        elif i in stale:
            problems += [_changed_in_zotero(c) for c in changes]
        else:
            code, message = result.failed.get(i, (0, "no answer for this item"))
            problems += [_refused(c, code, message) for c in changes]
    return applied, problems


def write_repairs(
    client: ZoteroClient,
    bibliography: ZoteroBibliography,
    findings: Iterable[Finding],
    *,
    overwrite: Iterable[str] = (),
    approve: Callable[[Finding], bool] | None = None,
) -> tuple[tuple[Change, ...], list[Finding]]:
    """Write the certain repairs of ``findings`` (as :func:`bibkit.verify.fixes` chooses
    them, ``approve`` asked about each) into the items, each conditional on the version it was
    read at; see the module docstring.

    Returns:
        The changes made, and a finding for each repair not made (the item changed in
        Zotero meanwhile, or the server refused it).

    Raises:
        ConfigError: ``overwrite`` names a field no check compares.
        ZoteroError: the API key was refused (or may not write); nothing more was written.
            A server that fails beyond the retries stops the repairs instead: those not
            confirmed are reported (a check run again finds what is left).
    """
    findings = list(findings)
    changes = fixes(findings, overwrite=overwrite)
    if approve is not None:
        by_change = {f.change: f for f in findings if f.change is not None}
        changes = [c for c in changes if approve(by_change[c])]
    by_item: dict[str, list[Change]] = {}
    for change in changes:
        by_item.setdefault(change.key, []).append(change)
    patches = [item_patch(bibliography.items[key], item_changes) for key, item_changes in by_item.items()]
    patches = [(patch, made) for patch, made in patches if made]
    applied: list[Change] = []
    problems: list[Finding] = []
    for start in range(0, len(patches), MAX_WRITE_OBJECTS):
        try:
            done, refused = _write_batch(client, patches[start : start + MAX_WRITE_OBJECTS])
        except ZoteroError as err:
            if err.status in {401, 403}:
                raise
            # This write may or may not have been applied, the later ones were not sent.
            problems += [_unconfirmed(c, str(err)) for _, made in patches[start:] for c in made]
            break
        applied += done
        problems += refused
    return tuple(applied), problems
