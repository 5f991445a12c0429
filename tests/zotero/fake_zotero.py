"""A Zotero Web API v3 server on loopback, for driving the real pyzotero client offline.

It keeps the write semantics of zotero/dataserver that bibkit relies on, with the server's
own error strings (``shared/reference/zotero.md`` §1.2, §1.7, §1.8):

* POST ``/items`` and ``/collections``: a JSON array of at most 50 objects (413 beyond,
  400 for anything else); each object handled on its own, results keyed by array index in
  ``successful``/``success``/``unchanged``/``failed`` (``failed`` entries carry no key);
  client keys need ``version`` (per-object 428), ``version: 0`` on an existing key is a
  per-object 412, a stale version 412, a version for a missing key 404; fields validated
  against the schema for the item type (400), unknown collections and parents 409, tags
  must be objects, over-long values 413; every written object bumps the library version.
* ``Zotero-Write-Token`` (412 when reused; stored only after success),
  ``If-Unmodified-Since-Version`` (412 when stale), no ``Expect`` (417), an API key for
  everything (403).
* GET ``/items``, ``/items/top``, ``/collections/<key>/items``: ``itemType``, ``q`` matching
  only titles, creator names, the year and note text (never the ISBN), ``format`` json, keys
  or versions, ``limit`` (default 25, at most 100), ``start``, ``since``, ``itemKey``,
  ``includeTrashed``; ``Total-Results``, an absolute ``Link`` header and
  ``Last-Modified-Version``. Unknown parameters are ignored, as the real server does.
* PATCH ``/items/<key>`` with a version precondition (428/412/204).
* GET ``/deleted?since=N``: the keys of items deleted for good after version N
  (:meth:`FakeZotero.delete_item`); :meth:`FakeZotero.edit_item` changes an item as another
  client would, for tests of ``since=`` refreshes.

Faults are scheduled with :meth:`FakeZotero.inject`: 429 with or without ``Retry-After``,
503, a 500 or a dropped connection after the write was applied (a lost acknowledgement),
``Backoff`` on a success, slow answers. Every request is logged, so tests and the benchmark
count reads and writes as the server saw them.

The item schema comes from ``shared/reference/zotero-responses/zotero-schema/schema.json``
when it is given; otherwise a hand-written list of the ``book`` and ``note`` fields is used.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
_KEY_RE = re.compile(f"^[{KEY_ALPHABET}]{{8}}$")
MAX_WRITE_OBJECTS = 50
MAX_FIELD_BYTES = 65535

# Used when the shared schema is not available (a user's clone): the book, webpage and note types
# of schema v41, and a few fields of other types so "not valid for type" can be told apart
# from "no such field".
_FALLBACK_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "book": (
        ("title", "abstractNote", "series", "seriesNumber", "volume", "numberOfVolumes", "edition", "date",
         "publisher", "place", "originalDate", "originalPublisher", "originalPlace", "format", "numPages",
         "ISBN", "DOI", "citationKey", "url", "accessDate", "ISSN", "archive", "archiveLocation",
         "shortTitle", "language", "libraryCatalog", "callNumber", "rights", "extra"),
        ("author", "contributor", "editor", "translator", "seriesEditor"),
    ),
    "bookSection": (
        ("title", "bookTitle", "pages", "date", "publisher", "place", "ISBN", "extra", "url", "language"),
        ("author", "contributor", "editor", "bookAuthor", "translator", "seriesEditor"),
    ),
    "journalArticle": (
        ("title", "publicationTitle", "volume", "issue", "pages", "date", "DOI", "ISSN", "extra", "url"),
        ("author", "contributor", "editor", "translator", "reviewedAuthor"),
    ),
    "webpage": (
        ("title", "abstractNote", "websiteTitle", "websiteType", "date", "publisher", "place", "DOI",
         "citationKey", "url", "accessDate", "shortTitle", "language", "rights", "extra"),
        ("author", "contributor", "translator"),
    ),
    "note": ((), ()),
    "attachment": (("title", "accessDate", "url"), ()),
}  # fmt: skip

_ITEM_PROPS = frozenset(
    {"itemType", "key", "version", "creators", "tags", "collections", "relations", "parentItem", "deleted",
     "dateAdded", "dateModified", "note", "inPublications"}
)  # fmt: skip


@dataclass(frozen=True)
class Schema:
    """Fields and creator types per item type."""

    fields: Mapping[str, tuple[str, ...]]
    creator_types: Mapping[str, tuple[str, ...]]

    @property
    def all_fields(self) -> frozenset[str]:
        return frozenset(f for fs in self.fields.values() for f in fs)

    @classmethod
    def load(cls, path: Path | None) -> Schema:
        if path is not None and path.is_file():
            doc = json.loads(path.read_text(encoding="utf-8"))
            types = doc["itemTypes"]
            return cls(
                fields={t["itemType"]: tuple(f["field"] for f in t["fields"]) for t in types},
                creator_types={
                    t["itemType"]: tuple(c["creatorType"] for c in t["creatorTypes"]) for t in types
                },
            )
        return cls(
            fields={name: spec[0] for name, spec in _FALLBACK_TYPES.items()},
            creator_types={name: spec[1] for name, spec in _FALLBACK_TYPES.items()},
        )


@dataclass(frozen=True)
class Fault:
    """One misbehaviour of the server.

    Attributes:
        status: Answer with this status (and a plain-text body) instead of the real answer.
            ``None`` answers normally (with ``backoff`` or ``delay_s`` added).
        retry_after: ``Retry-After`` header value, in seconds.
        backoff: ``Backoff`` header value, in seconds.
        apply_first: Carry out the request before answering with the fault (a 500 after the
            write was applied, or, with ``drop``, an acknowledgement lost on the way back).
        drop: Close the connection without answering.
        delay_s: Wait this long before answering.
    """

    status: int | None = None
    retry_after: str | None = None
    backoff: str | None = None
    apply_first: bool = False
    drop: bool = False
    delay_s: float = 0.0


@dataclass
class _Scheduled:
    fault: Fault
    method: str
    path: str
    skip: int
    times: int


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    status: int
    objects: int = 0


@dataclass
class _Object:
    key: str
    version: int
    data: dict[str, Any]
    kind: str  # "item" or "collection"


@dataclass
class _State:
    version: int = 0
    items: dict[str, _Object] = field(default_factory=dict)
    collections: dict[str, _Object] = field(default_factory=dict)
    write_tokens: set[str] = field(default_factory=set)
    deleted: dict[str, int] = field(default_factory=dict)  # item key -> library version of deletion
    log: list[LoggedRequest] = field(default_factory=list)
    faults: list[_Scheduled] = field(default_factory=list)


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class FakeZotero:
    """The server. Use as a context manager, or call :meth:`start` and :meth:`stop`.

    Args:
        library_id: The library's numeric id.
        library_type: ``"user"`` or ``"group"``.
        api_key: The only key accepted (with write access).
        schema_path: The Zotero schema JSON; by default a built-in subset.
    """

    def __init__(
        self,
        *,
        library_id: str = "475425",
        library_type: str = "user",
        api_key: str = "fakeKEY0123456789abcdefg",
        schema_path: Path | None = None,
    ) -> None:
        self.library_id = library_id
        self.library_type = library_type
        self.prefix = f"/{library_type}s/{library_id}"
        self.api_key = api_key
        self.schema = Schema.load(schema_path)
        self._lock = threading.RLock()
        self._state = _State()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeZotero:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-zotero", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeZotero:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- test controls ---------------------------------------------------------------------

    def inject(
        self, fault: Fault, *, method: str = "POST", path: str = "/items", skip: int = 0, times: int = 1
    ) -> None:
        """Apply ``fault`` to the next ``times`` requests whose method is ``method`` and whose
        path (after the library prefix) is ``path``, after letting ``skip`` of them pass."""
        with self._lock:
            self._state.faults.append(_Scheduled(fault, method.upper(), path, skip, times))

    def clear_faults(self) -> None:
        with self._lock:
            self._state.faults.clear()

    def add_item(self, data: Mapping[str, Any]) -> str:
        """Store an item directly (as if another client had synced it); returns its key."""
        with self._lock:
            obj = dict(data)
            key = str(obj.pop("key", None) or self._new_key())
            self._state.version += 1
            full = self._blank_item(str(obj["itemType"]))
            full.update(obj)
            full.update(key=key, version=self._state.version)
            self._state.items[key] = _Object(key, self._state.version, full, "item")
            return key

    def edit_item(self, key: str, **changes: Any) -> None:
        """Change a stored item as another client would (its version and the library's move on)."""
        with self._lock:
            obj = self._state.items[key]
            self._state.version += 1
            obj.data.update(changes)
            obj.data["version"] = obj.version = self._state.version

    def delete_item(self, key: str) -> None:
        """Delete an item for good (emptied from the trash), as ``/deleted?since=`` reports it."""
        with self._lock:
            del self._state.items[key]
            self._state.version += 1
            self._state.deleted[key] = self._state.version

    def add_collection(self, name: str, parent: str | None = None) -> str:
        with self._lock:
            key = self._new_key()
            self._state.version += 1
            data = {
                "key": key,
                "version": self._state.version,
                "name": name,
                "parentCollection": parent or False,
                "relations": {},
            }
            self._state.collections[key] = _Object(key, self._state.version, data, "collection")
            return key

    @property
    def library_version(self) -> int:
        return self._state.version

    def items(self, item_type: str | None = None) -> list[dict[str, Any]]:
        """Stored items' data (copies), optionally of one type, in creation order."""
        with self._lock:
            return [
                json.loads(json.dumps(o.data))
                for o in self._state.items.values()
                if item_type is None or o.data.get("itemType") == item_type
            ]

    def collections(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(o.data) for o in self._state.collections.values()]

    @property
    def log(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._state.log)

    def writes(self) -> list[LoggedRequest]:
        return [r for r in self.log if r.method in {"POST", "PATCH", "PUT", "DELETE"}]

    def reads(self) -> list[LoggedRequest]:
        return [r for r in self.log if r.method == "GET"]

    def reset_log(self) -> None:
        with self._lock:
            self._state.log.clear()

    # -- helpers ---------------------------------------------------------------------------

    def _new_key(self) -> str:
        while True:
            key = "".join(secrets.choice(KEY_ALPHABET) for _ in range(8))
            if key not in self._state.items and key not in self._state.collections:
                return key

    def _blank_item(self, item_type: str) -> dict[str, Any]:
        data: dict[str, Any] = {"itemType": item_type}
        fields = self.schema.fields.get(item_type, ())
        for i, name in enumerate(fields):
            data[name] = ""
            if i == 0 and self.schema.creator_types.get(item_type):
                data["creators"] = []
        if item_type == "note":
            data["note"] = ""
        data.update(tags=[], collections=[], relations={})
        return data

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for scheduled in self._state.faults:
                if scheduled.method == method and scheduled.path == path:
                    if scheduled.skip > 0:
                        scheduled.skip -= 1
                        continue
                    scheduled.times -= 1
                    if scheduled.times <= 0:
                        self._state.faults.remove(scheduled)
                    return scheduled.fault
            return None

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._state.log.append(entry)

    # -- API objects -----------------------------------------------------------------------

    def _library_json(self) -> dict[str, Any]:
        return {
            "type": self.library_type,
            "id": int(self.library_id),
            "name": "testuser",
            "links": {"alternate": {"href": "https://www.zotero.org/testuser", "type": "text/html"}},
        }

    def _item_json(self, obj: _Object) -> dict[str, Any]:
        data = json.loads(json.dumps(obj.data))
        meta: dict[str, Any] = {}
        creators = data.get("creators") or []
        if creators:
            names = [c.get("lastName") or c.get("name", "") for c in creators]
            meta["creatorSummary"] = (
                names[0]
                if len(names) == 1
                else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
            )
        year = re.search(r"\b\d{4}\b", str(data.get("date") or ""))
        if year:
            meta["parsedDate"] = year.group(0)
        if data.get("itemType") != "note" and "parentItem" not in data:
            meta["numChildren"] = sum(
                1 for o in self._state.items.values() if o.data.get("parentItem") == obj.key
            )
        kind = "items" if obj.kind == "item" else "collections"
        return {
            "key": obj.key,
            "version": obj.version,
            "library": self._library_json(),
            "links": {
                "self": {"href": f"{self.base_url}{self.prefix}/{kind}/{obj.key}", "type": "application/json"}
            },
            "meta": meta,
            "data": data,
        }

    def _collection_json(self, obj: _Object) -> dict[str, Any]:
        out = self._item_json(obj)
        out["meta"] = {
            "numCollections": sum(
                1 for c in self._state.collections.values() if c.data.get("parentCollection") == obj.key
            ),
            "numItems": sum(
                1 for i in self._state.items.values() if obj.key in (i.data.get("collections") or [])
            ),
        }
        return out

    # -- reads -----------------------------------------------------------------------------

    def _q_matches(self, data: Mapping[str, Any], q: str) -> bool:
        """Quick search: title, creators' "first last" / name, the year, note text. Never ISBN."""
        needle = q.casefold().strip()
        haystack = [str(data.get("title") or "")]
        for c in data.get("creators") or []:
            haystack.append(c.get("name") or f"{c.get('firstName', '')} {c.get('lastName', '')}")
        year = re.search(r"\b\d{4}\b", str(data.get("date") or ""))
        if year:
            haystack.append(year.group(0))
        if data.get("itemType") == "note":
            haystack.append(re.sub(r"<[^>]+>", " ", str(data.get("note") or "")))
        return any(needle in h.casefold() for h in haystack)

    def _type_matches(self, data: Mapping[str, Any], spec: str) -> bool:
        negate = spec.startswith("-")
        names = {s.strip() for s in spec.lstrip("-").split("||")}
        hit = data.get("itemType") in names
        return not hit if negate else hit

    def list_items(self, path: str, query: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            objs = list(self._state.items.values())
            top = path.endswith("/items/top")
            coll = re.match(r"^/collections/([^/]+)/items", path)
            if coll:
                if coll.group(1) not in self._state.collections:
                    raise _HTTPError(404, "Collection not found")
                objs = [o for o in objs if coll.group(1) in (o.data.get("collections") or [])]
            if top or (coll and path.endswith("/top")):
                objs = [o for o in objs if "parentItem" not in o.data]
            if query.get("includeTrashed") not in {"1", "true"}:
                objs = [o for o in objs if not o.data.get("deleted")]
            if "itemType" in query:
                objs = [o for o in objs if self._type_matches(o.data, query["itemType"])]
            if query.get("since"):
                objs = [o for o in objs if o.version > int(query["since"])]
            if query.get("itemKey"):
                wanted = set(query["itemKey"].split(","))
                objs = [o for o in objs if o.key in wanted]
            if query.get("q"):
                objs = [o for o in objs if self._q_matches(o.data, query["q"])]
            return self._page(path, query, objs, self._item_json)

    def list_collections(self, path: str, query: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            objs = list(self._state.collections.values())
            if path == "/collections/top":
                objs = [o for o in objs if not o.data.get("parentCollection")]
            sub = re.match(r"^/collections/([^/]+)/collections$", path)
            if sub:
                objs = [o for o in objs if o.data.get("parentCollection") == sub.group(1)]
            return self._page(path, query, objs, self._collection_json)

    def _page(
        self, path: str, query: Mapping[str, str], objs: list[_Object], render: Any
    ) -> tuple[int, Any, dict[str, str]]:
        fmt = query.get("format", "json")
        total = len(objs)
        headers = {"Total-Results": str(total), "Last-Modified-Version": str(self._state.version)}
        if fmt == "keys":
            return (
                200,
                "".join(f"{o.key}\n" for o in objs).encode(),
                {**headers, "Content-Type": "text/plain"},
            )
        if fmt == "versions":
            return 200, {o.key: o.version for o in objs}, headers
        if fmt not in {"json", "atom"}:
            raise _HTTPError(400, f"Invalid 'format' value '{fmt}'")
        try:
            limit = min(max(int(query.get("limit", 25)), 1), 100)
            start = max(int(query.get("start", 0)), 0)
        except ValueError as err:
            raise _HTTPError(400, "Invalid 'limit' or 'start' value") from err
        page = objs[start : start + limit]
        links = []
        base = f"{self.base_url}{self.prefix}{path}"

        def link(rel: str, at: int) -> str:
            params = {k: v for k, v in query.items() if k != "start"}
            if at:
                params["start"] = str(at)
            return f'<{base}?{urlencode(params)}>; rel="{rel}"'

        if start > 0:
            links.append(link("first", 0))
            links.append(link("prev", max(start - limit, 0)))
        if start + limit < total:
            links.append(link("next", start + limit))
            links.append(link("last", ((total - 1) // limit) * limit))
        links.append(f'<https://www.zotero.org/testuser{path}>; rel="alternate"')
        headers["Link"] = ", ".join(links)
        return 200, [render(o) for o in page], headers

    # -- writes ----------------------------------------------------------------------------

    def check_write_headers(self, headers: Mapping[str, str], body: bytes) -> list[Any]:
        """Library-level preconditions and body shape; raises _HTTPError like the server."""
        token = headers.get("zotero-write-token")
        if token is not None:
            if not 5 <= len(token) <= 32:
                raise _HTTPError(400, "Write token must be 5-32 characters in length")
            if token in self._state.write_tokens:
                raise _HTTPError(412, "Write token already used")
        since = headers.get("if-unmodified-since-version")
        if since is not None:
            if not since.isdigit():
                raise _HTTPError(400, "Invalid If-Unmodified-Since-Version value")
            if self._state.version > int(since):
                raise _HTTPError(
                    412,
                    f"Library has been modified since specified version (expected {since}, "
                    f"found {self._state.version})",
                    {"Last-Modified-Version": str(self._state.version)},
                )
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise _HTTPError(400, f"Invalid JSON: {err}") from err
        if not isinstance(payload, list):
            raise _HTTPError(400, "Uploaded data must be a JSON array")
        if len(payload) > MAX_WRITE_OBJECTS:
            raise _HTTPError(413, f"Cannot add more than {MAX_WRITE_OBJECTS} items at a time")
        return payload

    def write(self, kind: str, headers: Mapping[str, str], body: bytes) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            payload = self.check_write_headers(headers, body)
            has_precondition = headers.get("if-unmodified-since-version") is not None
            report: dict[str, dict[str, Any]] = {
                "successful": {},
                "success": {},
                "unchanged": {},
                "failed": {},
            }
            for index, obj in enumerate(payload):
                i = str(index)
                try:
                    if not isinstance(obj, dict):
                        raise _HTTPError(
                            400, "Invalid value for index 0 in uploaded data; expected JSON object"
                        )
                    if kind == "items":
                        stored, changed = self._write_item(obj, has_precondition)
                        rendered = self._item_json(stored)
                    else:
                        stored, changed = self._write_collection(obj, has_precondition)
                        rendered = self._collection_json(stored)
                except _HTTPError as err:
                    entry: dict[str, Any] = {"code": err.status, "message": _html_escape(err.message)}
                    if err.headers:
                        entry["data"] = err.headers
                    report["failed"][i] = entry
                    continue
                if changed:
                    report["successful"][i] = rendered
                    report["success"][i] = stored.key
                else:
                    report["unchanged"][i] = stored.key
            token = headers.get("zotero-write-token")
            if token:
                self._state.write_tokens.add(token)
            return 200, report, {"Last-Modified-Version": str(self._state.version)}

    def _check_key_version(
        self, obj: Mapping[str, Any], store: Mapping[str, _Object], has_precondition: bool, noun: str
    ) -> _Object | None:
        key = obj.get("key")
        if key is None:
            return None
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise _HTTPError(400, f"'{key}' is not a valid {noun.lower()} key")
        existing = store.get(key)
        if "version" not in obj:
            if not has_precondition:
                raise _HTTPError(
                    428,
                    "Either If-Unmodified-Since-Version or 'version' property must be "
                    "provided for 'key'-based writes",
                )
            return existing
        version = obj["version"]
        if not isinstance(version, int):
            raise _HTTPError(400, "'version' must be an integer")
        if existing is None:
            if version > 0:
                raise _HTTPError(404, f"{noun} doesn't exist (expected version {version}; use 0 instead)")
            return None
        if existing.version != version:
            raise _HTTPError(
                412,
                f"{noun} has been modified since specified version "
                f"(expected {version}, found {existing.version})",
            )
        return existing

    def _write_item(self, obj: dict[str, Any], has_precondition: bool) -> tuple[_Object, bool]:
        existing = self._check_key_version(obj, self._state.items, has_precondition, "Item")
        item_type = obj.get("itemType") or (existing.data["itemType"] if existing else None)
        if not item_type:
            raise _HTTPError(400, "'itemType' property not provided")
        if item_type not in self.schema.fields:
            raise _HTTPError(400, f"'{item_type}' is not a valid itemType")
        fields = set(self.schema.fields[item_type])
        for prop, value in obj.items():
            if prop in _ITEM_PROPS:
                continue
            if prop not in self.schema.all_fields:
                raise _HTTPError(400, f"Invalid property '{prop}'")
            if prop not in fields:
                raise _HTTPError(400, f"'{prop}' is not a valid field for type '{item_type}'")
            if not isinstance(value, str):
                raise _HTTPError(400, f"'{prop}' value must be a string")
            if len(value.encode("utf-8")) > MAX_FIELD_BYTES:
                raise _HTTPError(413, f"{prop} field value '{value[:50]}…' too long")
        if item_type == "note" and "note" in obj and not isinstance(obj["note"], str):
            raise _HTTPError(400, "'note' must be a string")
        if item_type != "note" and "note" in obj:
            raise _HTTPError(400, f"'note' is not a valid field for type '{item_type}'")
        self._check_creators(obj.get("creators"), item_type)
        self._check_tags(obj.get("tags"))
        if "relations" in obj and not isinstance(obj["relations"], dict):
            raise _HTTPError(400, "'relations' property must be an object")
        parent = obj.get("parentItem", existing.data.get("parentItem") if existing else None)
        if parent:
            if item_type not in {"note", "attachment"}:
                raise _HTTPError(400, "Parent item can only be set on notes and attachments")
            parent_obj = self._state.items.get(str(parent))
            if parent_obj is None:
                raise _HTTPError(409, f"Parent item {parent} not found", {"parentItem": str(parent)})
            if parent_obj.data.get("itemType") in {"note", "attachment"}:
                raise _HTTPError(
                    409, "Parent item cannot be a note or attachment", {"parentItem": str(parent)}
                )
        collections = obj.get("collections")
        if collections:
            if parent:
                raise _HTTPError(400, "Child items cannot be assigned to collections")
            for coll in collections:
                if coll not in self._state.collections:
                    raise _HTTPError(409, f"Collection {coll} not found", {"collection": str(coll)})
        if existing is not None:
            merged = dict(existing.data)
            merged.update({k: v for k, v in obj.items() if k not in {"key", "version"}})
            if merged == existing.data:
                return existing, False
            self._state.version += 1
            merged["version"] = self._state.version
            existing.data = merged
            existing.version = self._state.version
            return existing, True
        key = obj.get("key") or self._new_key()
        data = self._blank_item(item_type)
        data.update({k: v for k, v in obj.items() if k != "version"})
        self._state.version += 1
        data.update(key=key, version=self._state.version)
        stored = _Object(key, self._state.version, data, "item")
        self._state.items[key] = stored
        return stored, True

    def _check_creators(self, creators: Any, item_type: str) -> None:
        if creators is None:
            return
        if not isinstance(creators, list):
            raise _HTTPError(400, "'creators' property must be an array")
        allowed = self.schema.creator_types.get(item_type, ())
        for creator in creators:
            if not isinstance(creator, dict):
                raise _HTTPError(400, "Creator must be an object")
            ctype = creator.get("creatorType", "author")
            if ctype not in allowed:
                raise _HTTPError(400, f"'{ctype}' is not a valid creator type for item type '{item_type}'")
            for prop in creator:
                if prop not in {"creatorType", "firstName", "lastName", "name"}:
                    raise _HTTPError(400, f"Invalid creator property '{prop}'")
            if "name" in creator and ("firstName" in creator or "lastName" in creator):
                raise _HTTPError(400, "'firstName' and 'name' creator fields are mutually exclusive")
            if "name" not in creator and "lastName" not in creator:
                raise _HTTPError(400, "creator object must contain 'firstName'/'lastName' or 'name'")
            for prop in ("firstName", "lastName", "name"):
                if len(str(creator.get(prop, ""))) > 255:
                    raise _HTTPError(413, f"Creator value '{str(creator[prop])[:50]}…' too long")

    def _check_tags(self, tags: Any) -> None:
        if tags is None:
            return
        if not isinstance(tags, list):
            raise _HTTPError(400, "'tags' property must be an array")
        for tag in tags:
            if not isinstance(tag, dict):
                raise _HTTPError(400, "Tag must be an object")
            for prop in tag:
                if prop not in {"tag", "type"}:
                    raise _HTTPError(400, f"Invalid tag property '{prop}'")
            if len(str(tag.get("tag", ""))) > 255:
                raise _HTTPError(413, f"Tag '{str(tag['tag'])[:50]}…' too long", {"tag": str(tag["tag"])})

    def _write_collection(self, obj: dict[str, Any], has_precondition: bool) -> tuple[_Object, bool]:
        existing = self._check_key_version(obj, self._state.collections, has_precondition, "Collection")
        for prop in obj:
            if prop not in {"key", "version", "name", "parentCollection", "relations"}:
                raise _HTTPError(400, f"Invalid property '{prop}'")
        name = obj.get("name", existing.data["name"] if existing else None)
        if not isinstance(name, str) or not name.strip():
            raise _HTTPError(400, "Collection name cannot be empty")
        if len(name) > 255:
            raise _HTTPError(413, f"Collection name '{name[:50]}…' too long")
        parent = obj.get("parentCollection", False)
        if parent and parent not in self._state.collections:
            raise _HTTPError(409, f"Parent collection {parent} not found", {"collection": str(parent)})
        if existing is not None:
            merged = {**existing.data, **{k: v for k, v in obj.items() if k not in {"key", "version"}}}
            if merged == existing.data:
                return existing, False
            self._state.version += 1
            merged["version"] = existing.version = self._state.version
            existing.data = merged
            return existing, True
        key = obj.get("key") or self._new_key()
        self._state.version += 1
        data = {
            "key": key,
            "version": self._state.version,
            "name": name,
            "parentCollection": parent or False,
            "relations": obj.get("relations") or {},
        }
        stored = _Object(key, self._state.version, data, "collection")
        self._state.collections[key] = stored
        return stored, True

    def patch_item(
        self, key: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            existing = self._state.items.get(key)
            if existing is None:
                raise _HTTPError(404, "Not found")
            try:
                obj = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                raise _HTTPError(400, f"Invalid JSON: {err}") from err
            since = headers.get("if-unmodified-since-version")
            version = obj.get("version", int(since) if since and since.isdigit() else None)
            if version is None:
                raise _HTTPError(428, "If-Unmodified-Since-Version not provided")
            if version != existing.version:
                raise _HTTPError(
                    412,
                    f"Item has been modified since specified version "
                    f"(expected {version}, found {existing.version})",
                )
            obj.setdefault("key", key)
            obj["version"] = existing.version
            self._write_item(obj, True)
            return 204, None, {"Last-Modified-Version": str(self._state.version)}


def _html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#039;")
        .replace('"', "&quot;")
    )


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeZotero
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the test output stays quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _answer(self, status: int, body: Any, headers: Mapping[str, str]) -> None:
        if body is None:
            raw = b""
        elif isinstance(body, bytes):
            raw = body
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = json.dumps(body).encode()
        self.send_response(status)
        content_type = headers.get("Content-Type") or (
            "application/json" if not isinstance(body, (str, bytes)) else "text/plain; charset=utf-8"
        )
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Zotero-API-Version", "3")
        for name, value in headers.items():
            if name != "Content-Type":
                self.send_header(name, value)
        self.end_headers()
        if raw:
            self.wfile.write(raw)

    def _handle(self, method: str) -> None:
        state = self.server_state
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = url.path
        local = path[len(state.prefix) :] if path.startswith(state.prefix) else path
        objects = 0
        if method == "POST":
            try:
                parsed = json.loads(body or b"null")
                objects = len(parsed) if isinstance(parsed, list) else 1
            except (ValueError, UnicodeDecodeError):
                objects = 0
        fault = state._take_fault(method, local)
        if fault is not None and fault.delay_s:
            time.sleep(fault.delay_s)
        if fault is not None and (fault.status is not None or fault.drop) and not fault.apply_first:
            self._fault_answer(fault, method, local, query, objects)
            return
        try:
            status, payload, extra = self._route(method, path, local, query, headers, body)
        except _HTTPError as err:
            status, payload, extra = err.status, err.message, err.headers
        if fault is not None and (fault.status is not None or fault.drop):
            self._fault_answer(fault, method, local, query, objects)
            return
        if fault is not None and fault.backoff:
            extra = {**extra, "Backoff": fault.backoff}
        state._record(LoggedRequest(method, local, query, status, objects))
        self._answer(status, payload, extra)

    def _fault_answer(
        self, fault: Fault, method: str, local: str, query: dict[str, str], objects: int
    ) -> None:
        state = self.server_state
        if fault.drop:
            state._record(LoggedRequest(method, local, query, 0, objects))
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        assert fault.status is not None
        extra: dict[str, str] = {}
        if fault.retry_after is not None:
            extra["Retry-After"] = fault.retry_after
        if fault.backoff is not None:
            extra["Backoff"] = fault.backoff
        messages = {429: "Too many requests", 503: "Service unavailable", 500: "An error occurred"}
        state._record(LoggedRequest(method, local, query, fault.status, objects))
        self._answer(fault.status, messages.get(fault.status, "Error"), extra)

    def _route(
        self,
        method: str,
        path: str,
        local: str,
        query: dict[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, Any, dict[str, str]]:
        state = self.server_state
        if "expect" in headers:
            raise _HTTPError(417, "Expect header is not supported")
        if path == "/items/new":
            if query.get("itemType") not in state.schema.fields:
                raise _HTTPError(400, "Invalid item type")
            template = state._blank_item(query["itemType"])
            if template.get("creators") == []:
                primary = state.schema.creator_types[query["itemType"]][0]
                template["creators"] = [{"creatorType": primary, "firstName": "", "lastName": ""}]
            return 200, template, {}
        key = headers.get("zotero-api-key")
        auth = headers.get("authorization", "")
        if auth:
            if not auth.startswith("Bearer ") or not auth[7:].strip():
                raise _HTTPError(400, "Invalid Authorization header format")
            if key is not None and key != auth[7:].strip():
                raise _HTTPError(400, "Zotero-API-Key header and Authorization header differ")
            key = auth[7:].strip()
        if path == "/keys/current":
            if key != state.api_key:
                raise _HTTPError(403, "Invalid key")
            return (
                200,
                {
                    "key": key,
                    "userID": int(state.library_id),
                    "username": "testuser",
                    "access": {"user": {"library": True, "write": True}},
                },
                {},
            )
        if not path.startswith(state.prefix + "/") and path != state.prefix:
            raise _HTTPError(404, "Not found")
        if key is None:
            if method != "GET":
                raise _HTTPError(403, "An API key is required for write requests.")
            raise _HTTPError(403, "Forbidden")
        if key != state.api_key:
            raise _HTTPError(403, "Invalid key")
        if method == "GET":
            if re.match(r"^/items(/top)?$", local) or re.match(r"^/collections/[^/]+/items(/top)?$", local):
                return state.list_items(local, query)
            single = re.match(r"^/items/([^/]+)$", local)
            if single:
                obj = state._state.items.get(single.group(1))
                if obj is None:
                    raise _HTTPError(404, "Item not found")
                return 200, state._item_json(obj), {"Last-Modified-Version": str(obj.version)}
            if re.match(r"^/collections(/top|/[^/]+/collections)?$", local):
                return state.list_collections(local, query)
            if local == "/deleted":
                if not query.get("since", "").isdigit():
                    raise _HTTPError(400, "'since' parameter must be provided")
                since = int(query["since"])
                gone = sorted(k for k, v in state._state.deleted.items() if v > since)
                body = {"collections": [], "searches": [], "items": gone, "tags": [], "settings": []}
                return 200, body, {"Last-Modified-Version": str(state._state.version)}
            raise _HTTPError(404, "Not found")
        if method == "POST" and local in {"/items", "/collections"}:
            return state.write(local.strip("/"), headers, body)
        patch = re.match(r"^/items/([^/]+)$", local)
        if method == "PATCH" and patch:
            return state.patch_item(patch.group(1), headers, body)
        raise _HTTPError(405, "Method not allowed")
