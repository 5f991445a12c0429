"""The edge: the only module in bibkit that imports pyzotero.

pyzotero 1.16 speaks the Web API well but leaves four traps this wrapper closes
(``shared/reference/zotero.md`` §3.4-3.5):

* ``create_items``/``create_collections`` raise :class:`json.JSONDecodeError` on a 429 that
  carries ``Retry-After`` (they parse the plain-text body) and do not retry; a 429 without
  the header raises ``TooManyRetriesError``. Both are retried here, with the same payload.
* a 503's ``Retry-After`` is ignored by pyzotero; it is honoured here.
* transport failures (a reset connection, a timeout) surface as raw ``httpx2`` exceptions;
  the write may or may not have been applied, which the caller is told (``uncertain``).
* pyzotero sleeps with ``time.sleep`` for ``Backoff``/``Retry-After``. Its two backoff hooks
  are routed through a :class:`~bibkit.retry.Pause` here, so every wait honours :attr:`Config.sleep`
  (off in tests) and is accounted for.

``update_items`` is never used: after a 429 it silently skips the refused chunk and returns
``True``. Changes to existing items go through ``create_items`` with their key and version
(a POST acts as a PATCH for existing keys).

The API key only ever travels in the ``Authorization`` header pyzotero sets. It is removed
from every message this module produces, just in case a server echoes it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx2
from pyzotero import Zotero
from pyzotero import errors as pz_errors

from bibkit.config import Config
from bibkit.errors import ConfigError, ZoteroError
from bibkit.http import redact
from bibkit.retry import Pause, RetryPolicy, Transient, retry_after_s

__all__ = ["MAX_WRITE_OBJECTS", "RequestStats", "WriteResult", "ZoteroClient"]

log = logging.getLogger(__name__)

#: The Web API refuses a write of more objects than this with 413.
MAX_WRITE_OBJECTS = 50
#: Largest page the Web API serves.
PAGE_SIZE = 100
#: Statuses that say nothing about the request itself: try again later.
_TRANSIENT = frozenset({409, 429, 500, 502, 503, 504})
_T = TypeVar("_T")


@dataclass
class RequestStats:
    """What a client has sent, counted as the requests leave (retries included).

    Attributes:
        reads: GET requests.
        writes: POST, PATCH, PUT and DELETE requests.
        retries: Requests repeated after a transient failure.
        waited_s: Seconds spent (or, with sleeping off, that would have been spent) waiting
            for the server's ``Backoff``/``Retry-After`` or our own backoff.
    """

    reads: int = 0
    writes: int = 0
    retries: int = 0
    waited_s: float = 0.0


class _PyZotero(Zotero):
    """pyzotero's client with its two backoff hooks routed to a :class:`~bibkit.retry.Pause`.

    ``_set_backoff`` and ``_check_backoff`` are private to pyzotero; the dependency is pinned
    to 1.16.x, whose every request path goes through these two methods.
    """

    def __init__(self, *args: Any, backoff: Pause, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bibkit_backoff = backoff

    def _set_backoff(self, duration: str | float) -> None:
        seconds = retry_after_s(str(duration))
        seconds = seconds if seconds is not None else 1.0
        log.info("Zotero asked bibkit to wait %.1f s", seconds)
        self._bibkit_backoff.defer(seconds)

    def _check_backoff(self) -> None:
        self._bibkit_backoff.wait()


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteResult:
    """The server's per-object answer to one write, keyed by position in the payload.

    Attributes:
        successful: Position → the stored object's data (``key``, ``version``, fields).
        unchanged: Position → key of an object the write did not change.
        failed: Position → (code, message) for objects the server refused; the message is
            the server's, unescaped.
        uncertain: True when an earlier attempt of this same payload failed in a way that
            may have been applied (lost answer, 5xx). A "version 0 but the key exists" 412 on
            such a payload means the earlier attempt stored the object.
    """

    successful: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    unchanged: Mapping[int, str] = field(default_factory=dict)
    failed: Mapping[int, tuple[int, str]] = field(default_factory=dict)
    uncertain: bool = False


def parse_write_report(report: Mapping[str, Any], *, uncertain: bool = False) -> WriteResult:
    """Read a write report: v3 ``successful`` first, the legacy ``success`` (index → key) as
    a fallback, so both shapes the server has used are understood."""
    successful: dict[int, Mapping[str, Any]] = {}
    for index, obj in (report.get("successful") or {}).items():
        data = dict(obj.get("data") or {})
        data.setdefault("key", obj.get("key"))
        data.setdefault("version", obj.get("version"))
        successful[int(index)] = data
    for index, key in (report.get("success") or {}).items():
        successful.setdefault(int(index), {"key": key})
    unchanged = {int(i): str(k) for i, k in (report.get("unchanged") or {}).items()}
    failed: dict[int, tuple[int, str]] = {}
    for index, entry in (report.get("failed") or {}).items():
        failed[int(index)] = (int(entry.get("code") or 0), unescape(str(entry.get("message") or "")))
    return WriteResult(successful=successful, unchanged=unchanged, failed=failed, uncertain=uncertain)


class ZoteroClient:
    """One Zotero library, spoken to through pyzotero with bibkit's retry rules.

    Use as a context manager. Reads and writes are retried on transient failures (429, 409
    "library locked", 5xx, dropped connections, timeouts) up to ``retries`` times, waiting
    for ``Retry-After`` when given and an exponential backoff otherwise.

    Args:
        library_id: Numeric user or group id.
        library_type: ``"user"`` or ``"group"``.
        api_key: A key with write access to the library.
        base_url: The Web API root (``https://api.zotero.org``, a mirror, a test server).
        timeout_s: Per-request timeout.
        retries: Extra attempts after a transient failure.
        backoff_s: First wait of the exponential backoff when the server names none.
        sleep: False counts waits without sleeping (tests only).
        transport: An ``httpx2`` transport to use instead of the network (unit tests).
    """

    def __init__(
        self,
        *,
        library_id: str,
        library_type: str,
        api_key: str,
        base_url: str = "https://api.zotero.org",
        timeout_s: float = 60.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        sleep: bool = True,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        if library_type not in {"user", "group"}:
            raise ConfigError(f"Zotero library type must be 'user' or 'group', not {library_type!r}")
        if not str(library_id).isdigit():
            raise ConfigError("Zotero library id must be the numeric userID or group id (not a user name)")
        if not api_key:
            raise ConfigError("no Zotero API key: pass --api-key or set ZOTERO_API_KEY")
        self._secret = api_key
        self.stats = RequestStats()
        self._backoff = Pause(sleep=sleep, waited=self._waited)
        # One request at a time: the backoff needs no jitter, and its waits are reported.
        self._retry = RetryPolicy(retries=retries, backoff_s=backoff_s, jitter=False)
        self._timeout_s = timeout_s
        host = urlsplit(base_url).hostname or ""
        self._http = httpx2.Client(
            timeout=timeout_s,
            follow_redirects=True,
            # A proxy from the environment must not swallow a loopback test server.
            trust_env=host not in {"127.0.0.1", "localhost", "::1"},
            transport=transport,
            event_hooks={"request": [self._count]},
        )
        self._zot = _PyZotero(
            str(library_id), library_type, api_key, client=self._http, backoff=self._backoff
        )
        self._zot.endpoint = base_url.rstrip("/")
        #: The library version the last listing reported (``Last-Modified-Version`` of its
        #: first page: an object changed while paging has a later version, so a refresh
        #: ``since`` this version sees it again).
        self.last_version: int | None = None

    @classmethod
    def from_config(cls, config: Config) -> ZoteroClient:
        """A client for the library named in ``config``.

        Raises:
            ConfigError: no library id or API key configured.
        """
        if not config.zotero_library_id:
            raise ConfigError(
                "no Zotero library id: pass --library-id or set ZOTERO_LIBRARY_ID "
                "(the numeric userID shown at zotero.org/settings/keys, or a group id)"
            )
        return cls(
            library_id=config.zotero_library_id,
            library_type=config.zotero_library_type,
            api_key=config.zotero_api_key or "",
            base_url=config.zotero_url,
            timeout_s=config.zotero_timeout_s,
            retries=config.retries,
            backoff_s=config.backoff_s,
            sleep=config.sleep,
        )

    @property
    def library_url(self) -> str:
        """The library's address (``https://api.zotero.org/users/123``); holds no secret."""
        return f"{self._zot.endpoint}/{self._zot.library_type}/{self._zot.library_id}"

    def _count(self, request: httpx2.Request) -> None:
        log.info("Zotero %s %s", request.method, self._clean(redact(str(request.url))))
        if request.method == "GET":
            self.stats.reads += 1
        else:
            self.stats.writes += 1

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZoteroClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------

    def _read_all(self, fetch: Callable[[int], Any], what: str) -> list[dict[str, Any]]:
        """Every page of a listing, following ``Total-Results``; each page retried alone."""
        out: list[dict[str, Any]] = []
        start = 0
        while True:
            page = self._retrying(functools.partial(fetch, start), what=what, write=False)[0]
            if not isinstance(page, list):
                raise ZoteroError(f"Zotero answered {what} with something other than a list", status=None)
            if start == 0:
                self.last_version = self._header_int("Last-Modified-Version")
            out.extend(page)
            total = self._header_int("Total-Results")
            start += len(page)
            if not page or len(page) < PAGE_SIZE or (total is not None and start >= total):
                return out

    def fetch_books(self, *, since: int | None = None, collection: str | None = None) -> list[dict[str, Any]]:
        """All ``book`` items: :meth:`fetch_items_of` that one type."""
        return self.fetch_items_of(("book",), since=since, collection=collection)

    def fetch_items_of(
        self, types: Sequence[str], *, since: int | None = None, collection: str | None = None
    ) -> list[dict[str, Any]]:
        """All items of the item ``types`` (one request asks for them all: the Web API's
        ``itemType=book || journalArticle``), trash included, oldest first (so that items
        another client adds while we page cannot shift a page boundary and hide an item).

        Args:
            types: Zotero item types (``book``, ``journalArticle``...).
            since: Only the items changed after this library version (Zotero's ``since=``).
            collection: Only the items in the collection with this key.
        """
        what = "books" if tuple(types) == ("book",) else "items"
        params: dict[str, Any] = {"itemType": " || ".join(types), "includeTrashed": 1, "sort": "dateAdded"}
        if since is not None:
            params["since"] = since
        if collection is not None:
            return self._read_all(
                lambda start: self._zot.collection_items(
                    collection, direction="asc", limit=PAGE_SIZE, start=start, **params
                ),
                f"the {what} of the collection",
            )
        return self._read_all(
            lambda start: self._zot.items(direction="asc", limit=PAGE_SIZE, start=start, **params),
            f"the list of {what}",
        )

    def fetch_deleted(self, since: int, changed: Sequence[Mapping[str, Any]] = ()) -> list[str]:
        """Keys of the items deleted for good (not trashed) after library version ``since``.

        ``changed`` is what a ``since=`` read just returned (with :attr:`last_version` set by
        it). Every write to a Zotero library moves the library version on by one, and a deletion
        is a request of its own, so when the versions of the changed items account for every
        version from ``since`` to now, nothing can have been deleted and no request is made: a
        re-run after an edit costs one read, not two. Any version they do not account for (a
        deletion, a note, a collection renamed) means asking."""
        now = self.last_version
        if now is None or not since <= now <= since + len(changed) or not _accounts_for(changed, since, now):
            return self._deleted(since)
        return []

    def _deleted(self, since: int) -> list[str]:
        answer = self._retrying(
            functools.partial(self._zot.deleted, since=since), what="the deleted items", write=False
        )[0]
        if not isinstance(answer, Mapping):
            raise ZoteroError("Zotero answered the deleted items with something other than an object")
        return [str(key) for key in answer.get("items") or ()]

    def key_access(self) -> dict[str, Any]:
        """What the API key may do (``GET /keys/current``): its ``userID`` and ``access``.

        Asked with the key in a header: pyzotero's ``key_info`` puts it in the URL path, where
        logs and error messages would show it.

        Raises:
            ZoteroError: the key is refused (403) or the server cannot be reached.
        """
        try:
            response = self._http.get(
                f"{self._zot.endpoint}/keys/current",
                headers={"Zotero-API-Key": self._secret, "Zotero-API-Version": "3"},
            )
        except httpx2.TransportError as err:
            raise ZoteroError(self._clean(f"Zotero cannot be reached ({type(err).__name__})")) from err
        if response.status_code != 200:
            hint = "the API key was not accepted" if response.status_code == 403 else "unexpected answer"
            raise ZoteroError(f"Zotero: {hint} (HTTP {response.status_code})", status=response.status_code)
        try:
            return dict(response.json())
        except (ValueError, TypeError) as err:
            raise ZoteroError("Zotero answered the key's permissions with something other than JSON") from err

    def fetch_collections(self) -> list[dict[str, Any]]:
        """All collections of the library, at every depth."""
        return self._read_all(
            lambda start: self._zot.collections(
                limit=PAGE_SIZE, start=start, sort="dateAdded", direction="asc"
            ),
            "the list of collections",
        )

    def fetch_items(self, keys: Sequence[str]) -> list[dict[str, Any]]:
        """The current state of the items with ``keys`` (at most 50 per request)."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(keys), MAX_WRITE_OBJECTS):
            chunk = ",".join(keys[i : i + MAX_WRITE_OBJECTS])
            page = self._retrying(
                functools.partial(self._zot.items, itemKey=chunk, includeTrashed=1, limit=MAX_WRITE_OBJECTS),
                what="items",
                write=False,
            )[0]
            out.extend(page)
        return out

    def _header_int(self, name: str) -> int | None:
        response = self._zot.request
        value = response.headers.get(name) if response is not None else None
        return int(value) if value is not None and value.isdigit() else None

    # -- writes ----------------------------------------------------------------------------

    def create_items(self, payload: Sequence[Mapping[str, Any]]) -> WriteResult:
        """POST up to 50 items (new ones with client keys and ``version: 0``, or changes to
        existing ones with their key and version); retried until answered."""
        return self._write(
            lambda body: self._zot.create_items(body, timeout=self._timeout_s), payload, "items"
        )

    def create_collections(self, payload: Sequence[Mapping[str, Any]]) -> WriteResult:
        """POST up to 50 collections; same rules as :meth:`create_items`."""
        return self._write(self._zot.create_collections, payload, "collections")

    def _write(
        self, call: Callable[[list[dict[str, Any]]], Any], payload: Sequence[Mapping[str, Any]], what: str
    ) -> WriteResult:
        if len(payload) > MAX_WRITE_OBJECTS:
            raise ValueError(f"at most {MAX_WRITE_OBJECTS} objects per write, got {len(payload)}")
        # pyzotero mutates what it is given (parentCollection, parentItem): send copies, so
        # every attempt carries exactly the same objects.
        report, uncertain = self._retrying(
            lambda: call([json.loads(json.dumps(p)) for p in payload]),
            what=f"the write of {len(payload)} {what}",
            write=True,
        )
        if not isinstance(report, Mapping):
            raise ZoteroError(f"Zotero answered the write of {what} with something other than a report")
        result = parse_write_report(report, uncertain=uncertain)
        if not result.failed:
            return result
        # A server may echo the request, key included, in a per-object message: never shown.
        failed = {i: (code, self._clean(message)) for i, (code, message) in result.failed.items()}
        return dataclasses.replace(result, failed=failed)

    # -- retries and error translation ----------------------------------------------------------

    def _retrying(self, call: Callable[[], _T], *, what: str, write: bool) -> tuple[_T, bool]:
        """Run ``call`` until it answers, retrying transient failures by bibkit's retry policy.

        Returns the answer and whether an earlier attempt may have been applied.
        """
        uncertain = False

        def attempt() -> _T:
            nonlocal uncertain
            try:
                return call()
            except json.JSONDecodeError as err:
                status = self._status()
                if status != 429:
                    raise ZoteroError(
                        self._clean(f"Zotero's answer to {what} is not JSON (HTTP {status})"), status=status
                    ) from err
                # pyzotero already recorded Retry-After on the shared Backoff: no wait of ours.
                raise Transient(err, wait_s=0.0, status=429) from err
            except pz_errors.TooManyRetriesError as err:
                raise Transient(err, status=429) from err
            except pz_errors.PyZoteroError as err:
                status = self._status()
                if status not in _TRANSIENT:
                    raise self._error(status, what) from err
                uncertain = uncertain or (write and status >= 500)
                wait_s = retry_after_s(self._header("Retry-After"))
                raise Transient(err, wait_s=wait_s, status=status) from err
            except httpx2.TransportError as err:
                # Only a refused connection proves the request never arrived.
                uncertain = uncertain or (write and not isinstance(err, httpx2.ConnectError))
                raise Transient(err) from err

        def before_retry(failure: Transient, attempt: int) -> None:
            self.stats.retries += 1
            reason = failure.status or type(failure.failure).__name__
            log.info("retrying %s (attempt %d) after %s", what, attempt + 1, reason)

        try:
            answer = self._retry.call(attempt, sleep=self._wait, before_retry=before_retry)
        except Transient as spent:
            status = spent.status
            reason = f"HTTP {status}" if status else type(spent.failure).__name__
            raise ZoteroError(
                self._clean(
                    f"Zotero did not accept {what} after {self._retry.retries + 1} attempts ({reason}); "
                    "running the same push again is safe"
                ),
                status=status,
            ) from spent.failure
        return answer, uncertain

    def _waited(self, seconds: float) -> None:
        self.stats.waited_s += seconds

    def _wait(self, seconds: float) -> None:
        """Wait ``seconds`` and whatever the server asked meanwhile, counted on :attr:`stats`."""
        self._backoff.defer(seconds)
        self._backoff.wait()

    def _status(self) -> int | None:
        response = self._zot.request
        return response.status_code if response is not None else None

    def _header(self, name: str) -> str | None:
        response = self._zot.request
        return response.headers.get(name) if response is not None else None

    def _clean(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def _error(self, status: int | None, what: str) -> ZoteroError:
        response = self._zot.request
        body = " ".join(response.text.split())[:200] if response is not None else ""
        hints = {
            400: "the request was malformed",
            401: "the API key was not accepted; check ZOTERO_API_KEY",
            403: "the API key was refused or lacks write access to this library; check ZOTERO_API_KEY "
            "and the key's permissions at zotero.org/settings/keys",
            404: "no such library; check ZOTERO_LIBRARY_ID (the numeric userID, not the user name) "
            "and ZOTERO_LIBRARY_TYPE",
            412: "the library changed during the write",
            413: "the request was too large",
        }
        hint = hints.get(status or 0, "unexpected answer")
        return ZoteroError(
            self._clean(f"Zotero refused {what}: {hint} (HTTP {status}: {body})"), status=status
        )


def _accounts_for(items: Sequence[Mapping[str, Any]], since: int, now: int) -> bool:
    """Whether the library versions of ``items`` cover every version after ``since`` up to ``now``."""
    seen: set[int] = set()
    for item in items:
        version = item.get("version", item.get("data", {}).get("version"))
        if isinstance(version, int):
            seen.add(version)
    return all(v in seen for v in range(since + 1, now + 1))
