"""Zotero → bibliography: a library or collection written as .bib, BibLaTeX or CSL-JSON, and
kept up to date by re-running.

The books are written exactly as ``convert`` writes them (:func:`bibkit.formats.dumps`: the
same entries, Better BibTeX keys from the same pattern), and a key pinned in Zotero wins: the
native ``citationKey`` field or a ``Citation Key:`` line in Extra, as Better BibTeX and
Zotero's own export read them.

A re-run is incremental. What was written is remembered in a small state file (in the user
data directory, one per output file): the library version it reflects, and for each Zotero
item its citation key and its book. The next run asks Zotero only for the books changed
``since`` that version and, unless those account for every version since, for the items
deleted since (:meth:`~bibkit.zotero.client.ZoteroClient.fetch_deleted`); then it changes the file in place: a
changed entry's text is replaced, a new one appended, one trashed, deleted or gone from the
collection removed; every other byte of a .bib stays as it was (comments, hand formatting,
entries the user added). A CSL-JSON file is rewritten from the remembered books only when its
content changes.

Every item of a type bibkit writes is read (:data:`bibkit.formats.kinds.ZOTERO_TYPES`:
``book``, ``bookSection``, ``journalArticle``, ``magazineArticle``, ``newspaperArticle``,
``conferencePaper``, ``webpage``, ``thesis``, ``report``, ``manuscript``, ``document``), each
as an entry of its kind with its container, volume, issue, pages and type
(:func:`book_of_item`), so that what ``push`` sent comes back as it was. Notes, attachments
and the item types no kind maps to (``podcast``, ``patent``...) are not exported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import platformdirs

from bibkit.dates import year_of
from bibkit.errors import ConfigError, FormatError, OutputExists
from bibkit.formats import bibtex as bib
from bibkit.formats import dumps, find, for_path, write_file
from bibkit.formats.bibfile import decode_bytes, scan
from bibkit.formats.keys import DEFAULT_PATTERN, KeyAllocator, KeyPattern
from bibkit.formats.kinds import ARTICLES, ZOTERO_TYPES, from_zotero, normalize_pages
from bibkit.formats.merge import merge
from bibkit.formats.prepare import prepare, skip_fields
from bibkit.formats.registry import names
from bibkit.model import Book
from bibkit.options import ExportKwargs
from bibkit.zotero.client import ZoteroClient
from bibkit.zotero.index import isbns_in_field
from bibkit.zotero.items import (
    CONTAINER_FIELDS,
    FIELD_LABELS,
    GENRE_FIELDS,
    ITEM_FIELDS,
    NUMBER_FIELDS,
    PUBLISHER_FIELDS,
    creator_name,
)
from bibkit.zotero.push import split_collection_path

__all__ = ["ExportReport", "book_of_item", "export", "pinned_key"]

_STATE_FORMAT = "bibkit-zotero-export"
_EXTRA_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z \-]*?)\s*:\s*(.+?)\s*$")
_EXTRA_SCHEMES = {
    "oclc": "oclc",
    "lccn": "lccn",
    "doi": "doi",
    "open library work": "openlibrary_work",
    "open library edition": "openlibrary_edition",
    "google books id": "google_volume",
    "citation key": "citation_key",
}


def pinned_key(data: Mapping[str, Any]) -> str | None:
    """The citation key pinned on a Zotero item: the native ``citationKey`` field, else a
    ``Citation Key:`` line in Extra (Better BibTeX's and Zotero's own rule)."""
    native = str(data.get("citationKey") or "").strip()
    if native:
        return native
    for line in str(data.get("extra") or "").splitlines():
        found = _EXTRA_LINE.match(line)
        if found and found.group(1).casefold() == "citation key":
            return found.group(2).strip() or None
    return None


def _extra_fields(extra: str) -> dict[str, str]:
    """The ``Label: value`` lines of Extra, by folded label (the first of each)."""
    found: dict[str, str] = {}
    for line in extra.splitlines():
        match = _EXTRA_LINE.match(line)
        if match:
            found.setdefault(match.group(1).strip().casefold(), match.group(2).strip())
    return found


def book_of_item(data: Mapping[str, Any]) -> Book:
    """The book, or the entry of another kind, that a Zotero item (its ``data``) describes;
    the inverse of :func:`bibkit.zotero.to_zotero_item`, so that what ``push`` wrote comes
    back the same.

    Each field is read where ``push`` writes it for the item's type (the tables of
    :mod:`bibkit.zotero.items`): the journal of a ``journalArticle`` from ``publicationTitle``,
    the book of a ``bookSection`` from ``bookTitle``, the issue from ``issue``, a report's
    number from ``reportNumber``, a thesis's type from ``thesisType``, its university as the
    publisher...; a field the type lacks from its ``Label: value`` line in Extra.

    Raises:
        ValueError: the item's type is none that a kind maps to (see
            :func:`bibkit.formats.kinds.from_zotero`).
    """
    item_type = str(data.get("itemType") or "book")
    kind = from_zotero(item_type)
    if kind is None:
        raise ValueError(f"a Zotero {item_type!r} item is no kind of entry bibkit writes")
    extra = _extra_fields(str(data.get("extra") or ""))

    def field(name: str) -> str | None:
        """The value of Zotero field ``name``, else of the Extra line push moves it to."""
        value = str(data.get(name) or "").strip()
        return value or extra.get(FIELD_LABELS.get(name, name).casefold()) or None

    title = str(data.get("title") or "").strip()
    short = str(data.get("shortTitle") or "").strip()
    subtitle = None
    if short and title.startswith(short + ": "):
        title, subtitle = short, title[len(short) + 2 :].strip() or None
    roles: dict[str, list[str]] = {"author": [], "editor": [], "translator": []}
    for creator in data.get("creators") or ():
        role = str(creator.get("creatorType") or "author")
        name = creator_name(creator, display=True)
        if name and role in roles:
            roles[role].append(name)
    isbns = isbns_in_field(field("ISBN") or "")
    pages = field("numPages") or ""
    identifiers: list[tuple[str, str]] = []
    original_year = None
    for label, value in extra.items():
        if label in ("original date", "original-date"):
            original_year = year_of(value)
        elif label in _EXTRA_SCHEMES:
            identifiers.append((_EXTRA_SCHEMES[label], value))
    pinned = pinned_key(data)
    identifiers = [(s, v) for s, v in identifiers if s != "citation_key"]
    if pinned:
        identifiers.insert(0, ("citation_key", pinned))
    if data.get("DOI") and not any(s == "doi" for s, _ in identifiers):
        identifiers.append(("doi", str(data["DOI"]).strip()))
    series = field("seriesTitle" if item_type == "report" else "series")
    in_series = series is not None and kind not in ARTICLES
    volume = (field("seriesNumber") if in_series else None) or field("volume")
    publisher = next((f for f in PUBLISHER_FIELDS if f in ITEM_FIELDS[item_type]), "publisher")
    year = year_of(data.get("date"))
    return Book(
        kind=kind,
        title=title,
        subtitle=subtitle,
        authors=tuple(roles["author"]),
        editors=tuple(roles["editor"]),
        translators=tuple(roles["translator"]),
        publisher=field(publisher),
        place=field("place"),
        year=year,
        original_year=original_year if original_year is not None else year,
        edition=field("edition"),
        isbn13=isbns[0] if isbns else None,
        language=str(data.get("language") or "").strip() or None,
        pages=int(pages) if pages.isdigit() else None,
        series=series,
        volume=volume,
        url=str(data.get("url") or "").strip() or None,
        container_title=field(CONTAINER_FIELDS.get(item_type, "publicationTitle")),
        number=field(NUMBER_FIELDS.get(item_type, "number")),
        page_range=normalize_pages(field("pages")),
        genre=field(GENRE_FIELDS.get(item_type, "type")),
        identifiers=tuple(identifiers),
    )


@dataclass
class ExportReport:
    """What an export did.

    Attributes:
        added, updated, removed: Citation keys of the entries appended, rewritten, removed.
        unchanged: Entries the changed items left as they were.
        full: True when the whole library or collection was read (no usable earlier state).
        version: The library version the output now reflects.
        written: Whether the output file was written.
        reads: Requests it took to read the library (retries included): few when only the
            changes since the last export were read.
    """

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    full: bool = False
    version: int = 0
    written: bool = False
    reads: int = 0


def _state_path(output: Path, state_dir: Path | None) -> Path:
    where = state_dir or Path(platformdirs.user_data_dir("bibkit")) / "exports"
    digest = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:24]
    return where / f"{digest}.json"


def _load_state(path: Path, scope: Mapping[str, Any]) -> dict[str, Any] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != _STATE_FORMAT:
        return None
    if any(state.get(k) != v for k, v in scope.items()):
        return None  # another library, collection or format: start over
    return state


def _collection_key(client: ZoteroClient, path: str) -> str:
    names = split_collection_path(path)
    parent: str | None = None
    collections = client.fetch_collections()
    for name in names:
        match = [
            c["data"]["key"]
            for c in collections
            if c["data"].get("name") == name and (c["data"].get("parentCollection") or None) == parent
        ]
        if not match:
            raise ConfigError(f"no collection {'/'.join(names)!r} in the Zotero library")
        parent = match[0]
    assert parent is not None
    return parent


def _remove_block(text: str, start: int, end: int) -> str:
    """``text`` without the entry at ``start:end``, its line end and the blank line after it."""
    for _ in range(2):
        if text.startswith("\r\n", end):
            end += 2
        elif text.startswith("\n", end):
            end += 1
    return text[:start] + text[end:]


def export(
    client: ZoteroClient,
    output: str | os.PathLike[str],
    *,
    state_dir: Path | None = None,
    **options: Unpack[ExportKwargs],
) -> ExportReport:
    """Write the books of the client's library (or of ``collection``, ``"A/B"``) to ``output``,
    or bring an earlier export up to date; see the module docstring.

    Args:
        state_dir: Where export states live (default: the user data directory).
        **options: What to write (:class:`bibkit.options.ExportKwargs`: ``format``,
            ``collection``, ``key_pattern``, ``skip``, ``ascii``, ``force``, ``dry_run``).

    Raises:
        OutputExists: ``output`` exists and is no earlier export of the same scope (no ``force``).
        ZoteroError: the library cannot be read.
        ConfigError: bad format, collection, key pattern or field.
        FormatError: the .bib cannot be read or written, or changed while we worked.
    """
    format, collection = options.get("format"), options.get("collection")
    key_pattern, skip = options.get("key_pattern", DEFAULT_PATTERN), options.get("skip", ())
    ascii, force, dry_run = options.get("ascii"), options.get("force", False), options.get("dry_run", False)
    target = Path(output)
    written = find(format) if format else for_path(target) or find("bibtex")
    if not written.keyed:
        # An export finds its entries again by their keys; a format without them cannot be kept up to date.
        keyed = names(keyed=True)
        raise ConfigError(f"export writes {', '.join(keyed[:-1])} or {keyed[-1]}, not {written.name}")
    KeyPattern(key_pattern)
    left_out = tuple(sorted(skip_fields(skip)))
    scope = {
        "library": client.library_url,
        "collection": collection or "",
        "output_format": written.name,
        "key_pattern": key_pattern,
        "skip": list(left_out),
        "ascii": ascii,
    }
    state_file = _state_path(target, state_dir)
    state = _load_state(state_file, scope) if target.exists() else None
    if state is not None:
        try:
            current = target.read_bytes()
        except OSError as err:
            raise FormatError(f"{target}: cannot read ({err.strerror or err})") from err
        if hashlib.sha256(current).hexdigest() != state.get("sha256") and not written.merges:
            state = None  # edited by hand: a JSON file is rewritten whole, so never silently
    if state is None and target.exists() and not force:
        raise OutputExists(
            f"{target} exists and is no earlier export of this library or collection; "
            "use --force to replace it (keeping it as .bak)"
        )
    report = ExportReport(full=state is None)
    entries: dict[str, dict[str, Any]] = dict(state["entries"]) if state else {}
    collection_key = state.get("collection_key") if state else None
    if collection and collection_key is None:
        collection_key = _collection_key(client, collection)
    since = int(state["version"]) if state else None
    if since is None:
        raw = client.fetch_items_of(ZOTERO_TYPES, collection=collection_key)
        gone: list[str] = []
    else:
        # Library-wide, so that an item taken out of the collection is seen leaving it.
        raw = client.fetch_items_of(ZOTERO_TYPES, since=since)
        gone = client.fetch_deleted(since, raw)
    report.version = client.last_version or since or 0
    changed: dict[str, Book] = {}
    removed: list[str] = []
    for item in raw:
        data = item.get("data", item)
        key = str(data.get("key") or item.get("key"))
        in_scope = not data.get("deleted") and (
            collection_key is None or collection_key in (data.get("collections") or ())
        )
        if from_zotero(str(data.get("itemType"))) is None:
            continue
        if in_scope:
            changed[key] = book_of_item(data)
        elif key in entries:
            removed.append(key)
    removed += [key for key in gone if key in entries and key not in removed and key not in changed]

    if written.dialect is None:
        return _write_csl(
            target,
            state_file,
            scope,
            report,
            entries,
            changed,
            removed,
            collection_key,
            key_pattern=key_pattern,
            skip=left_out,
            dry_run=dry_run,
        )
    dialect = written.dialect
    existing = target.read_bytes() if state is not None else b""
    text, utf8 = decode_bytes(existing)
    blocks = {b.key.casefold(): b for b in scan(text, source=str(target)) if b.key} if state else {}
    edits: list[tuple[int, int, str]] = []
    new: list[tuple[str, Book]] = []
    for key, book in changed.items():
        known = entries.get(key)
        block = blocks.get(str(known["key"]).casefold()) if known else None
        if known is None or block is None:
            new.append((key, book))
            continue
        cite = str(known["key"])
        kind, fields = bib.entry(
            prepare(book, skip=left_out), cite, dialect=dialect, ascii=ascii, note="note" not in left_out
        )
        rendered = bib.render([(kind, cite, fields)]).strip()
        entries[key] = {"key": cite, "book": book.to_dict()}
        if text[block.start : block.end] == rendered:
            report.unchanged += 1
            continue
        edits.append((block.start, block.end, rendered))
        report.updated.append(cite)
    for key in removed:
        cite = str(entries.pop(key)["key"])
        block = blocks.get(cite.casefold())
        if block is not None:
            edits.append((block.start, block.end, ""))
            report.removed.append(cite)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:] if replacement else _remove_block(text, start, end)
    try:
        body = text.encode("utf-8" if utf8 else "ascii") if edits else existing
    except UnicodeEncodeError as err:
        raise FormatError(
            f"{target}: the file is not UTF-8 and the changed entries need non-ASCII letters"
        ) from err
    # New books through the byte-preserving merge: the same keys, entries and duplicate rule.
    result = merge(
        body,
        [book for _, book in new],
        dialect=dialect,
        ascii=ascii,
        key_pattern=key_pattern,
        skip=left_out,
        source=str(target),
    )
    by_id = {id(book): key for key, book in new}
    for cite, book in result.added:
        entries[by_id[id(book)]] = {"key": cite, "book": book.to_dict()}
        report.added.append(cite)
    data = result.data
    if dry_run or (data == existing and state is not None):
        report.written = False
        if not dry_run:
            _save_state(state_file, scope, entries, report.version, collection_key, data)
        return report
    if not data:
        scope_name = f"collection {collection!r}" if collection else "library"
        raise ConfigError(f"nothing to export in the Zotero {scope_name}; {target} not written")
    write_file(target, data, replace=True, backup=target.exists())
    report.written = True
    _save_state(state_file, scope, entries, report.version, collection_key, data)
    return report


def _write_csl(
    target: Path,
    state_file: Path,
    scope: Mapping[str, Any],
    report: ExportReport,
    entries: dict[str, dict[str, Any]],
    changed: Mapping[str, Book],
    removed: Sequence[str],
    collection_key: str | None,
    *,
    key_pattern: str,
    skip: Sequence[str],
    dry_run: bool,
) -> ExportReport:
    """CSL-JSON: the remembered books with the changes applied, rewritten if it changed."""
    for key in removed:
        report.removed.append(str(entries.pop(key)["key"]))
    taken = {str(e["key"]).casefold() for k, e in entries.items() if k not in changed}
    for key, book in changed.items():
        known = entries.get(key)
        if known is not None:
            report.updated.append(str(known["key"]))
            entries[key] = {"key": known["key"], "book": book.to_dict()}
            continue
        cite = KeyAllocator(key_pattern, taken=taken).key(prepare(book, skip=skip))
        taken.add(cite.casefold())
        entries[key] = {"key": cite, "book": book.to_dict()}
        report.added.append(cite)
    # Each under its key, with its other identifiers (a DOI, an OCLC number) kept.
    books = [
        Book.from_dict(
            {**e["book"], "identifiers": {**e["book"].get("identifiers", {}), "citation_key": e["key"]}}
        )
        for e in entries.values()
    ]
    data = dumps(books, format="csljson", key_pattern=key_pattern, skip=skip).encode("utf-8")
    old = target.read_bytes() if target.exists() else None
    if dry_run:
        return report
    if old != data:
        if not books:
            raise ConfigError(f"nothing to export; {target} not written")
        write_file(target, data, replace=True, backup=old is not None)
        report.written = True
    _save_state(state_file, scope, entries, report.version, collection_key, data)
    return report


def _save_state(
    path: Path,
    scope: Mapping[str, Any],
    entries: Mapping[str, Any],
    version: int,
    collection_key: str | None,
    data: bytes,
) -> None:
    body = {
        **scope,
        "format": _STATE_FORMAT,
        "collection_key": collection_key,
        "version": version,
        "sha256": hashlib.sha256(data).hexdigest(),
        "entries": dict(entries),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
