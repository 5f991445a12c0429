"""isbnlib's metadata services as ISBN → metadata enrichers (source name ``isbnlib``).

isbnlib knows a few services itself (``wiki``: Wikipedia's Citoid; ``openl``, ``goob``, which
duplicate our own Open Library and Google Books sources) and finds more through plugins
(entry point group ``isbnlib.metadata``, e.g. ``loc`` for the Library of Congress). Each maps an
ISBN-13 to the same small record: ISBN-13, Title, Authors, Publisher, Year, Language. None
can search by title (``isbn_from_words`` scrapes a search engine and no longer works), so this
source only enriches: :meth:`IsbnlibServices.search` returns nothing.

How isbnlib's HTTP goes through bibkit's :class:`~bibkit.http.HttpClient`
-------------------------------------------------------------------------
Every isbnlib service, built-in or plugin, fetches through
``isbnlib.dev.webquery.WEBQuery``, which calls ``isbnlib.dev.webservice.query(url, ua)`` (a
module attribute looked up at call time) after sleeping up to 1 s per service in
``webquery.sleep``. Those two names are the only seam that reaches plugins, whose code we do
not control: isbnlib takes no HTTP client or opener of ours, and its service registry
(``add_service``) adds services but cannot route the HTTP of existing ones.

So the seam is scoped to our calls (:func:`_routed`): while this source asks a service, the
two names are replaced by functions that look at a context variable holding the call
(HttpClient, service name, base URL); the request goes through the HttpClient (our cache,
per-host rate limits, retries, User-Agent and error translation) instead of urllib, and
isbnlib's sleep is skipped (our rate limiter does that job, per host and across threads).
When the last call in progress ends, isbnlib's own functions are put back: nothing stays
patched between calls. Meanwhile, anywhere else (another thread, other code using isbnlib)
the variable is empty and isbnlib behaves exactly as before; context variables are per
thread, so concurrent sessions do not see each other's calls.

isbnlib's two in-memory caches cannot serve stale data across sessions: the raw-response cache
sits on the replaced ``webservice.query`` and is bypassed, and the metadata cache sits on
``isbnlib.meta``, which we do not call (we call the registered service function directly,
after validating the ISBN ourselves). Plugins that fetch with their own HTTP client (not
isbnlib's) cannot be routed and are not supported.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bibkit.dates import CATALOGUE_YEARS, year_of
from bibkit.errors import BadResponse, ConfigError, SourceError, SourceUnavailable
from bibkit.http import HttpClient
from bibkit.isbn import to_isbn10, to_isbn13
from bibkit.model import Book, Mention
from bibkit.sources.googlebooks import google_credentials
from bibkit.sources.openlibrary import MARC_TO_ISO

__all__ = [
    "BUILTIN_SERVICES",
    "PLUGINS",
    "SERVICE_BASES",
    "IsbnlibServices",
    "installed_services",
    "parse_meta",
    "split_title",
]

log = logging.getLogger(__name__)

NAME = "isbnlib"
PLUGINS = "plugins"
"""In ``Config.isbnlib_services``: every installed plugin not named otherwise, by name."""

BUILTIN_SERVICES = frozenset({"goob", "openl", "wiki"})

SERVICE_BASES: Mapping[str, str] = {
    "wiki": "https://en.wikipedia.org/api/rest_v1",
    "openl": "http://openlibrary.org",
    "goob": "https://www.googleapis.com/books/v1",
}
"""Where the built-in services' URLs start (isbnlib2 3.11): a configured base replaces this."""

# Service functions take an ISBN-13 and return isbnlib's normalized dict ({} when unknown).
ServiceFn = Callable[[str], Mapping[str, Any]]


# -- pure mapping ----------------------------------------------------------------------------


def split_title(title: str) -> tuple[str, str | None]:
    """(title, subtitle) from isbnlib's one-string title.

    isbnlib joins a service's subtitle on as ``"Title - Subtitle"`` and writes Citoid's
    ``"Title : Subtitle"`` as ``"Title: Subtitle"``; the first of those separators splits.
    """
    text = " ".join(title.split())
    for sep in (" - ", ": "):
        head, found, tail = text.partition(sep)
        if found and head.strip() and tail.strip():
            return head.strip(), tail.strip()
    return text, None


def _language(code: str) -> str | None:
    code = code.strip().lower()
    if len(code) == 2 and code.isalpha():
        return code
    if len(code) == 3:
        return MARC_TO_ISO.get(code)
    return {"english": "en"}.get(code)


def parse_meta(record: Mapping[str, Any], *, service: str) -> Book | None:
    """Map isbnlib's normalized record to a Book; ``None`` when it has no ISBN or title.

    Titles of English books come ASCII-title-cased from isbnlib ("The Prophet Armed"); they are
    kept as they are, since enrichment only fills fields the catalogue record lacks. Each
    field's provenance is ``isbnlib:<service>``.
    """
    isbn13 = to_isbn13(str(record.get("ISBN-13") or ""))
    title, subtitle = split_title(str(record.get("Title") or ""))
    if not isbn13 or not title:
        return None
    authors = record.get("Authors") or ()
    fields: dict[str, Any] = {
        "title": title,
        "subtitle": subtitle,
        "authors": tuple(" ".join(a.split()) for a in authors if isinstance(a, str) and a.strip()),
        "publisher": str(record.get("Publisher") or "").strip() or None,
        "year": year_of(record.get("Year"), years=CATALOGUE_YEARS),
        "isbn13": isbn13,
        "isbn10": to_isbn10(isbn13),
        "language": _language(str(record.get("Language") or "")),
    }
    fields = {k: v for k, v in fields.items() if v not in (None, "", ())}
    origin = f"{NAME}:{service}"
    return Book(**fields, provenance=tuple((k, origin) for k in fields))


# -- the seam into isbnlib's HTTP ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Call:
    """What the replaced ``webservice.query`` needs while one service is being asked."""

    http: HttpClient
    service: str
    base: str | None
    api_key: str | None = None

    @property
    def source(self) -> str:
        return f"{NAME}:{self.service}"

    def url(self, url: str) -> str:
        """``url`` on the configured base, without isbnlib's ``key=`` (``goob`` sends an empty
        one without a key): our key travels in a header, see :func:`google_credentials`."""
        if self.base:
            known = SERVICE_BASES.get(self.service)
            if known and _without_scheme(url).startswith(_without_scheme(known)):
                url = self.base + _without_scheme(url)[len(_without_scheme(known)) :]
            else:
                parts, base = urlsplit(url), urlsplit(self.base)
                url = urlunsplit(
                    parts._replace(scheme=base.scheme, netloc=base.netloc, path=base.path + parts.path)
                )
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "key"]
        return urlunsplit(parts._replace(query=urlencode(query, safe=",:()*/")))

    @property
    def credentials(self) -> dict[str, str] | None:
        return google_credentials(self.api_key) if self.service == "goob" else None


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


_CURRENT: ContextVar[_Call | None] = ContextVar("bibkit_isbnlib_call", default=None)
_routing_lock = threading.Lock()
_calls_in_progress = 0
# isbnlib's own (fetch, sleep) while ours are in place.
_originals: tuple[Callable[..., Any], Callable[[float], None]] | None = None


@contextmanager
def _routed(call: _Call) -> Iterator[None]:
    """isbnlib's HTTP in this context goes through ``call`` while the block runs.

    The first call in progress puts our fetch and sleep in isbnlib's place; the last one to
    end puts isbnlib's back (unless something else has replaced them meanwhile).
    """
    global _calls_in_progress, _originals
    from isbnlib.dev import webquery, webservice

    token = _CURRENT.set(call)
    with _routing_lock:
        if _calls_in_progress == 0:
            _originals = (webservice.query, webquery.sleep)
            webservice.query, webquery.sleep = _query, _sleep
        _calls_in_progress += 1
    try:
        yield
    finally:
        with _routing_lock:
            _calls_in_progress -= 1
            if _calls_in_progress == 0 and _originals is not None:
                if webservice.query is _query:
                    webservice.query = _originals[0]
                if webquery.sleep is _sleep:
                    webquery.sleep = _originals[1]
                _originals = None
        _CURRENT.reset(token)


def _query(
    url: str,
    user_agent: str | None = None,
    values: Mapping[str, Any] | None = None,
    appheaders: Mapping[str, str] | None = None,
) -> str:
    """``isbnlib.dev.webservice.query`` while routed: ours in a routed context, else isbnlib's."""
    from isbnlib.dev import webservice
    from isbnlib.dev._exceptions import DataNotFoundAtServiceError

    call = _CURRENT.get()
    if call is None or _originals is None:  # not ours: isbnlib as usual
        original = _originals[0] if _originals is not None else webservice.query
        agent = user_agent or webservice.UA
        return str(original(url, user_agent=agent, values=values, appheaders=appheaders))
    if values:
        raise BadResponse("isbnlib service wants to POST; bibkit only reads", source=call.source)
    accept = dict(appheaders or {}).get("Accept", "*/*")
    text = call.http.get_text(call.url(url), source=call.source, accept=accept, credentials=call.credentials)
    if text is None:  # 404: how Citoid says it knows no such ISBN
        raise DataNotFoundAtServiceError(call.source)
    return text


def _sleep(seconds: float) -> None:
    """``isbnlib.dev.webquery.sleep`` while routed: isbnlib's throttle, skipped for our calls."""
    if _CURRENT.get() is None:
        time.sleep(seconds)


def installed_services() -> dict[str, ServiceFn]:
    """isbnlib's services by name: the built-ins and every loaded plugin (not ``default``)."""
    from isbnlib import registry

    return {name: fn for name, fn in registry.services.items() if name != "default"}


def _not_found_errors() -> tuple[type[Exception], ...]:
    from isbnlib.dev._exceptions import (
        DataNotFoundAtServiceError,
        ISBNNotConsistentError,
        NoDataForSelectorError,
    )

    return DataNotFoundAtServiceError, NoDataForSelectorError, ISBNNotConsistentError


# -- the source ------------------------------------------------------------------------------


class IsbnlibServices:
    """isbnlib's metadata services through the shared HttpClient.

    Args:
        http: The session's HTTP client.
        settings: Its block (``[sources.isbnlib]``): ``services``, the services to ask, in
            order; ``urls``, a base URL per service; ``google_books_api_key`` for ``goob``.
        services: Services to ask instead of the block's.

    Raises:
        ConfigError: (on construction) a configured service is not installed.
    """

    name = NAME

    def __init__(
        self, http: HttpClient, settings: Mapping[str, Any], *, services: Sequence[str] | None = None
    ) -> None:
        self.http = http
        available = installed_services()
        wanted = [s.lower() for s in (services if services is not None else settings["services"])]
        unknown = [s for s in wanted if s != PLUGINS and s not in available]
        if unknown:
            raise ConfigError(
                f"unknown isbnlib service {', '.join(map(repr, unknown))}; installed: "
                f"{', '.join(sorted(available))} (or {PLUGINS!r} for every plugin)"
            )
        names: list[str] = []
        for s in wanted:
            expanded = sorted(set(available) - BUILTIN_SERVICES - set(wanted)) if s == PLUGINS else [s]
            names += [n for n in expanded if n not in names]
        self.services: tuple[str, ...] = tuple(names)
        self._functions = {n: available[n] for n in names}
        urls: Mapping[str, str] = settings.get("urls") or {}
        self._bases = {n: urls.get(n) for n in names}
        self._api_key: str | None = settings.get("google_books_api_key")

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        """Nothing: isbnlib has no usable title search."""
        return ()

    def by_isbns(self, isbns: Sequence[str]) -> dict[str, Book]:
        """Ask each service in turn for the ISBNs no earlier one knew (one request per ISBN).

        A service that fails is left for the rest of this batch (its host is likely down or
        rate limiting us) and the next one is asked. The failure is raised only when nothing
        was found, so that a caller can tell it from an empty answer; either way the
        HttpClient has counted it, so a Session does not cache what it lost.

        Raises:
            SourceError: a service failed and no service found anything.
        """
        wanted = list(dict.fromkeys(i for i in (to_isbn13(x) for x in isbns) if i))
        found: dict[str, Book] = {}
        error: SourceError | None = None
        for service in self.services:
            for isbn in [i for i in wanted if i not in found]:
                try:
                    book = self._ask(service, isbn)
                except SourceError as err:
                    log.warning("isbnlib service %s failed: %s", service, err)
                    error = error or err
                    break
                if book is not None:
                    found[isbn] = book
        if error is not None and not found:
            raise error
        return found

    def _ask(self, service: str, isbn13: str) -> Book | None:
        call = _Call(self.http, service, self._bases.get(service), self._api_key)
        try:
            with _routed(call):
                record = self._functions[service](isbn13)
        except SourceError:
            raise
        except _not_found_errors():
            return None
        except Exception as err:
            # Service and plugin code is not ours: whatever it raises becomes one of our errors.
            from isbnlib.dev._exceptions import ISBNLibHTTPError, ISBNLibURLError, ServiceIsDownError

            kind = (
                SourceUnavailable
                if isinstance(err, ServiceIsDownError | ISBNLibHTTPError | ISBNLibURLError)
                else BadResponse
            )
            raise kind(
                f"isbnlib service {service!r} failed: {err or type(err).__name__}", source=call.source
            ) from err
        if not isinstance(record, Mapping) or not record:
            return None
        book = parse_meta(record, service=service)
        # A service may answer with another edition's record; keep only the one asked for.
        return book if book is not None and book.isbn13 == isbn13 else None
