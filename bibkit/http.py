"""All HTTP that bibkit itself speaks goes through here (pyzotero brings its own client).

One :class:`HttpClient` per :class:`bibkit.Session`: a ``requests`` session with a persistent
``requests-cache`` SQLite cache, a per-host rate limit (requests-ratelimiter) and concurrency
cap shared by all threads, retries of transient failures by bibkit's one retry policy
(:mod:`bibkit.retry`), and a User-Agent that names bibkit and a contact (Open Library answers
403 to clients that do not).

How the layers stack, top to bottom::

    HttpClient.get_json     retries (5xx, 429, timeouts, truncated JSON), Retry-After, errors
    requests-cache          cache hits return here and never wait for a permit
    _PoliteAdapter.send     per-host concurrency cap, the host's pause, then one permit of the
                            host's rate per attempt
    _Wire.send              counted; held to the request's total deadline
    urllib3 Retry           connection failures only (the request never reached the service)

Retries of anything that reached the service are made by ``get_json``, above the adapter, so
every retried request takes a permit like the first one, and a 429 pauses the whole host, not
just the thread that saw it (the pause is bibkit's own: the rate limiter knows no Retry-After).

API keys (``key=``, ``api_key=``...) are taken out of the URL before the cache sees it and are
put back only on the wire, in the adapter: they are never part of a cache key, never written to
the cache file, and never in an error message.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.request import getproxies

import requests
import urllib3
import urllib3.connection
import urllib3.poolmanager
from pyrate_limiter import InMemoryBucket, Limiter, Rate
from requests.adapters import HTTPAdapter
from requests_ratelimiter import LimiterMixin
from requests_ratelimiter.buckets import HostBucketFactory
from urllib3.exceptions import MaxRetryError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from bibkit import cachefile
from bibkit.config import Config
from bibkit.errors import BadResponse, RateLimited, SourceError, SourceUnavailable
from bibkit.retry import Pause, RetryPolicy, Transient, retry_after_s

__all__ = ["HTTP_CACHE_NAME", "HttpClient", "HttpStats", "clear_http_cache", "http_cache_entries", "redact"]

log = logging.getLogger(__name__)

SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "access_token"})
# Credentials travel in headers (never in a URL, which urllib3 logs and caches key on); these
# are kept out of cache keys and redacted from stored requests.
SECRET_HEADERS = frozenset({"Authorization", "X-Api-Key", "X-Goog-Api-Key"})
# Statuses worth another try: the service is overloaded or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HTTP_CACHE_NAME = "http"  # requests-cache adds ".sqlite"
#: The catalogues' search requests (Open Library's search.json, Google Books' volumes?q=), as
#: opposed to records fetched by identifier.
SEARCH_URLS = re.compile(r"/search\.json\?|/volumes\?")
HTTP_CACHE_WHAT = "the HTTP cache"
# Timeouts in a row (no answer in between) after which a host is taken for down for the run.
HOST_DOWN_AFTER = 3


def redact(url: str) -> str:
    """``url`` with the values of secret query parameters replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [
        (k, "***" if k.lower() in SECRET_PARAMS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",:()*")))


class _Host:
    """What all threads share about one host beyond its rate: its concurrency cap, and the
    pause a server's ``Retry-After`` (or a 429) puts on every thread that calls it."""

    def __init__(self, concurrency: int, *, sleep: bool) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.pause = Pause(sleep=sleep)


class _HostRates(HostBucketFactory):
    """requests-ratelimiter's buckets, one per host, each at its host's own rate.

    A host's rate of ``r`` requests per second admits one request per ``1/r`` s with no burst:
    Open Library counts bursts against its limit, so requests are spaced rather than bunched
    at the start of each second. Bucket names are the limiter's, ``host[:port]``.
    """

    def __init__(self, rates: Mapping[str, float]) -> None:
        super().__init__(rates=[])
        self.per_host = {host: rate for host, rate in rates.items() if rate > 0}

    def rate_of(self, host: str) -> float | None:
        return self.per_host.get(host)

    def _create_bucket(self, name: str) -> InMemoryBucket:
        rate = self.per_host[urlsplit(f"//{name}").hostname or name]
        return InMemoryBucket([Rate(1, max(1, round(1000 / rate)))])


@dataclass(frozen=True, slots=True)
class HttpStats:
    """Counters of one HttpClient, for summaries and benchmarks.

    Attributes:
        requests: Requests that reached the network (retries included), per host.
        cache_hits: Responses served from the HTTP cache.
        retries: Attempts repeated after a transient failure.
        failures: Calls to :meth:`HttpClient.get_json` that raised.
    """

    requests: Mapping[str, int]
    cache_hits: int
    retries: int
    failures: int

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


class _TransportError(requests.exceptions.RequestException):
    """What the adapter raises instead of requests' errors: a message without secrets, and
    whether the host refused the connection (so later calls can fail at once)."""

    def __init__(self, message: str, *, refused: bool = False, timeout: bool = False) -> None:
        super().__init__(message)
        self.refused = refused
        self.timeout = timeout


def _transport_error(err: requests.exceptions.RequestException, host: str) -> _TransportError:
    if isinstance(err, requests.exceptions.ConnectTimeout):
        return _TransportError(f"cannot reach {host}: timed out", refused=True, timeout=True)
    if isinstance(err, requests.exceptions.Timeout):
        return _TransportError(f"{host} did not answer in time", timeout=True)
    reason = err.args[0] if err.args else None
    if isinstance(reason, MaxRetryError) and isinstance(reason.reason, NewConnectionError):
        return _TransportError(f"cannot reach {host}: connection failed", refused=True)
    if isinstance(err, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return _TransportError(f"{host} broke off the connection")
    return _TransportError(f"request to {host} failed ({type(err).__name__})")


class _Wire(HTTPAdapter):
    """The bottom of the stack: counts the request and holds it to its total deadline, head
    and body (see :class:`_HeadByDeadline` and :func:`_read_body`)."""

    def __init__(self, client: HttpClient, *, max_retries: Retry, pool_maxsize: int) -> None:
        self._client = client
        super().__init__(max_retries=max_retries, pool_maxsize=pool_maxsize)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _use_deadline_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> urllib3.PoolManager:
        manager: urllib3.PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        _use_deadline_pools(manager)
        return manager

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        url = request.url or ""
        self._client._count_request(urlsplit(url).hostname or "")
        deadline = time.monotonic() + self._client.request_budget_s()
        _sending.deadline = deadline
        try:
            response = super().send(request, stream=True, **kwargs)
            if not stream:
                _read_body(response, deadline, urlsplit(url).netloc)
        except _TransportError:
            raise
        except requests.exceptions.RequestException as err:
            raise _transport_error(err, urlsplit(url).netloc) from err
        finally:
            _sending.deadline = None
        return response


class _PoliteAdapter(LimiterMixin, _Wire):
    """Below the cache (so a cache hit waits for nothing): a free slot of the host's
    concurrency cap, the end of the host's pause, then a permit of its rate from
    requests-ratelimiter (a host without a rate needs none), then :class:`_Wire`."""

    def __init__(
        self, client: HttpClient, limiter: Limiter, *, max_retries: Retry, pool_maxsize: int
    ) -> None:
        # The limiter's own reaction to a 429 (filling the bucket) is left out: the host's
        # pause, which honours Retry-After, does that job (HttpClient._get).
        super().__init__(
            limiter=limiter,
            per_host=True,
            limit_statuses=(),
            client=client,
            max_retries=max_retries,
            pool_maxsize=pool_maxsize,
        )

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        host_name = urlsplit(request.url or "").hostname or ""
        host = self._client._host(host_name)
        with host.slots:
            host.pause.wait()
            rates: _HostRates = self.limiter.bucket_factory  # type: ignore[assignment]
            if rates.rate_of(host_name):
                response: requests.Response = LimiterMixin.send(self, request, stream=stream, **kwargs)
                return response
            return _Wire.send(self, request, stream=stream, **kwargs)


# -- the head of an answer by the request's deadline ------------------------------------------
#
# The socket timeout bounds each read, not the request: a service that sends the status line
# and headers a byte at a time would hold a request for ever (http.client reads the head, line
# by line, inside urllib3, before bibkit sees a response). So the connections bibkit opens
# read the head through :class:`_HeadByDeadline`: before each read of the socket, the socket
# may wait only what is left of the request's deadline, and past it the read fails as a
# timeout (urllib3 makes it a ReadTimeoutError, requests a ReadTimeout). The deadline is the
# one :meth:`_PoliteAdapter.send` computed, passed down in this thread.

_sending = threading.local()


class _LinesByDeadline:
    """The buffered reader of a response, whose ``readline`` ends by ``deadline``: each read of
    the socket waits at most what is left (and never longer than the socket's own timeout)."""

    def __init__(self, fp: Any, sock: socket.socket, deadline: float, timeout: float | None) -> None:
        self._fp = fp
        self._sock = sock
        self._deadline = deadline
        self._timeout = timeout

    def readline(self, limit: int = -1) -> bytes:
        parts: list[bytes] = []
        count = 0
        while limit < 0 or count < limit:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the head of the answer did not come in time")
            self._sock.settimeout(left if self._timeout is None else min(self._timeout, left))
            buffered: bytes = self._fp.peek(1)  # at most one read of the socket
            if not buffered:
                break
            room = len(buffered) if limit < 0 else min(len(buffered), limit - count)
            end = buffered.find(b"\n", 0, room)
            part: bytes = self._fp.read(end + 1 if end >= 0 else room)  # from the buffer
            parts.append(part)
            count += len(part)
            if end >= 0:
                break
        return b"".join(parts)

    def close(self) -> None:
        self._fp.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp, name)


class _HeadByDeadline(http.client.HTTPResponse):
    """http.client's response, whose status line and headers are read by the deadline of the
    request being sent in this thread (if any); the body is :func:`_read_body`'s."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self._bibkit_sock = sock

    def begin(self) -> None:
        deadline: float | None = getattr(_sending, "deadline", None)
        if deadline is None:
            super().begin()
            return
        fp, sock = self.fp, self._bibkit_sock
        timeout = sock.gettimeout()
        self.fp = _LinesByDeadline(fp, sock, deadline, timeout)  # type: ignore[assignment]
        try:
            super().begin()
        finally:
            if self.fp is not None:  # http.client closes and drops it on a broken answer
                self.fp = fp
            sock.settimeout(timeout)


class _Connection(urllib3.connection.HTTPConnection):
    response_class = _HeadByDeadline


class _TLSConnection(urllib3.connection.HTTPSConnection):
    response_class = _HeadByDeadline


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


def _use_deadline_pools(manager: urllib3.PoolManager) -> None:
    """Make ``manager`` open :class:`_Connection` s, if it uses urllib3's own pools (a SOCKS
    proxy manager has pools of its own, which it keeps)."""
    if manager.pool_classes_by_scheme == urllib3.poolmanager.pool_classes_by_scheme:
        manager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}


def _is_complete_json(response: requests.Response) -> bool:
    """Cache only bodies that parse: a truncated one must be fetched again, not kept.

    The parsed body is kept on the response, so :func:`_decode_json` does not parse it again.
    """
    try:
        setattr(response, _PARSED, json.loads(response.content))
    except ValueError:
        return False
    return True


_PARSED = "_bibkit_json"


class HttpClient:
    """The shared HTTP layer of a Session. Thread-safe; close it (or its Session) when done."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self.requests_sent: dict[str, int] = {}
        self._cache_hits = 0
        self._retries = 0
        self._failures = 0
        # Hosts we must not call for now: unreachable (for the whole session) or rate limited
        # with a long Retry-After. Later calls fail at once instead of repeating the wait.
        self._blocked: dict[str, tuple[float, SourceError]] = {}
        self._dropped: list[requests.Session] = []
        # Timeouts in a row per host (reset by any answer), and when the run's time is up.
        self._timeouts: dict[str, int] = {}
        self._answered_at: dict[str, float] = {}
        self._run_deadline = None if config.deadline_s is None else time.monotonic() + config.deadline_s
        self._retry = RetryPolicy(retries=config.retries, backoff_s=config.backoff_s)
        # One limiter for the client's life (a session made after the cache failed shares it),
        # with a small margin on each wait rather than requests-ratelimiter's 50 ms.
        self.limiter = Limiter(_HostRates(config.rate_limits if config.sleep else {}), buffer_ms=2)
        self.session = self._make_session(cached=self.config.use_cache)

    def _make_session(self, *, cached: bool) -> requests.Session:
        session = (self._cached_session() if cached else None) or requests.Session()
        # urllib3 retries only connection failures: those requests never reached the service,
        # so they owe it no permit. Everything else is retried by get_json.
        retry = Retry(
            total=self.config.retries,
            connect=self.config.retries,
            read=False,
            status=0,
            other=0,
            redirect=None,
            backoff_factor=self.config.backoff_s if self.config.sleep else 0.0,
            raise_on_status=False,
        )
        pool = max(10, self.config.max_workers, *self.config.host_concurrency.values())
        adapter = _PoliteAdapter(self, self.limiter, max_retries=retry, pool_maxsize=pool)
        # Mount on both schemes, never on "": the default https:// adapter would win.
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        if not getproxies():
            # Without proxies in the environment, requests would still read all of it twice
            # per request to find that out (half a millisecond of CPU each time, a third of
            # the client's work per uncached search); with proxies it must, for NO_PROXY.
            session.trust_env = False
            session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        session.headers["User-Agent"] = self.config.effective_user_agent
        session.headers["Accept"] = "application/json"
        return session

    def _cached_session(self) -> requests.Session | None:
        """A session with the HTTP cache, or ``None`` (and a one-line warning) when the cache
        cannot be used: a run never dies of its cache (a directory it cannot write to, a file
        another program keeps locked, a full disk)."""
        import requests_cache

        from bibkit.httpcache import HttpCacheStorage

        path = http_cache_path(self.config)
        try:
            self.config.cache_dir.mkdir(parents=True, exist_ok=True)
            cachefile.check(path, HTTP_CACHE_WHAT)
            storage = HttpCacheStorage(
                str(self.config.cache_dir / HTTP_CACHE_NAME),
                # Write-ahead log, synced at checkpoints: a commit per response no longer waits
                # for the disk (most of a cold run's time per request), and a crash loses at
                # most the last answers, which are asked again.
                wal=True,
                # Several runs (or --jobs workers) write at once: wait for the other writer as
                # the resolution cache does, rather than fail with "database is locked".
                timeout=cachefile.BUSY_TIMEOUT_S,
            )
        except (sqlite3.Error, OSError) as err:
            cachefile.unusable(path, HTTP_CACHE_WHAT, err)
            return None
        session: requests.Session = requests_cache.CachedSession(
            backend=storage,
            expire_after=self.config.cache_expire_s,
            # A search may come back empty today and find the book next week: searches
            # are kept as briefly as "not found" resolutions (bibkit.cache).
            urls_expire_after={
                SEARCH_URLS: min(self.config.negative_cache_expire_s, self.config.cache_expire_s)
            },
            allowable_codes=(200, 404),
            ignored_parameters=sorted(SECRET_PARAMS | SECRET_HEADERS),
            match_headers=False,
            stale_if_error=True,
            filter_fn=_is_complete_json,
        )
        return session

    # -- shared per-host state ----------------------------------------------------------------

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host(
                    self.config.host_concurrency.get(host, self.config.max_workers), sleep=self.config.sleep
                )
            return state

    def _count_request(self, host: str) -> None:
        with self._lock:
            self.requests_sent[host] = self.requests_sent.get(host, 0) + 1

    @property
    def stats(self) -> HttpStats:
        with self._lock:
            return HttpStats(
                requests=dict(self.requests_sent),
                cache_hits=self._cache_hits,
                retries=self._retries,
                failures=self._failures,
            )

    # -- requests ------------------------------------------------------------------------------

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        source: str = "",
        credentials: Mapping[str, str] | None = None,
    ) -> Any:
        """GET ``url`` and decode JSON. A 404 returns ``None`` (the service knows no such record).

        ``credentials`` are headers that carry an API key (e.g. ``X-Goog-Api-Key``): sent with
        this request only, never part of a URL, a cache key, a stored request or an error.

        Transient failures (connection drops, timeouts, 429, 5xx, a body cut short) are retried
        up to ``config.retries`` times with exponential backoff; a ``Retry-After`` pauses every
        request to that host.

        Raises:
            SourceUnavailable: host unreachable, timeouts or 5xx after retries. Try again later.
            RateLimited: 429 after retries, or a ``Retry-After`` longer than
                ``config.max_retry_after_s``. ``retry_after`` says how long to wait.
            BadResponse: a refusal (4xx) or a body that is not JSON even after retries.
        """
        return self._counted(url, params, source, _decode_json, _headers(None, credentials))

    def get_text(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        source: str = "",
        accept: str = "*/*",
        credentials: Mapping[str, str] | None = None,
    ) -> str | None:
        """GET ``url`` and return the body as text; ``None`` for a 404.

        For services that answer XML or HTML, and for libraries that parse bodies themselves
        (isbnlib). Same rate limits, retries and errors as :meth:`get_json`, except that any
        body is accepted. Only bodies that are valid JSON are kept in the HTTP cache.

        Raises:
            SourceUnavailable: host unreachable, timeouts or 5xx after retries.
            RateLimited: 429 after retries, or a long ``Retry-After``.
            BadResponse: a refusal (4xx other than 404).
        """
        text: str | None = self._counted(url, params, source, _decode_text, _headers(accept, credentials))
        return text

    def _counted(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        source: str,
        decode: Callable[[requests.Response], Any],
        headers: dict[str, str],
    ) -> Any:
        try:
            return self._get(url, params, source, decode, headers)
        except SourceError:
            with self._lock:
                self._failures += 1
            self._local.failures = self.failures_in_this_thread() + 1
            raise

    def failures_in_this_thread(self) -> int:
        """How many :meth:`get_json`/:meth:`get_text` calls made by the calling thread have raised so far.

        Lets a caller tell whether a step it ran (e.g. an ISBN batch) lost answers to failures.
        """
        failures: int = getattr(self._local, "failures", 0)
        return failures

    def _get(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        source: str,
        decode: Callable[[requests.Response], Any],
        headers: dict[str, str],
    ) -> Any:
        netloc = urlsplit(url).netloc or url
        host = urlsplit(url).hostname or ""

        def shown() -> str:  # only when an error needs it: preparing a URL costs
            return _shown_url(url, params)

        if self.config.offline:
            raise SourceUnavailable(f"offline: {netloc} not asked", source=source, url=shown())

        tries = 0

        def attempt() -> Any:
            nonlocal tries
            tries += 1
            self._check_blocked(netloc)
            self._check_run_deadline(netloc, source, shown)
            started = time.monotonic()
            try:
                response = self._send(url, params, headers, netloc)
            except _TransportError as err:
                error = SourceUnavailable(str(err), source=source, url=shown())
                if err.refused:
                    self._block(netloc, math.inf, error)
                    raise error from err
                if err.timeout:
                    self._timed_out(netloc, started, source, shown)
                raise Transient(error) from err
            self._answered(netloc)
            status = response.status_code
            if status in RETRY_STATUSES:
                retry_after = retry_after_s(response.headers.get("Retry-After"))
                failure: SourceError
                if status == 429:
                    failure = RateLimited(
                        f"{netloc} is rate limiting us (HTTP 429)",
                        source=source,
                        url=shown(),
                        retry_after=retry_after,
                    )
                else:
                    failure = SourceUnavailable(
                        f"{netloc} failed (HTTP {status})", source=source, url=shown()
                    )
                if retry_after is not None and retry_after > self.config.max_retry_after_s:
                    # Waiting that long inside a run helps nobody: stop calling the host.
                    self._block(netloc, time.monotonic() + retry_after, failure)
                    raise failure
                if retry_after is not None or status == 429:
                    # The host asked everyone to slow down, not just this thread.
                    pause = retry_after if retry_after is not None else self._retry.backoff(tries + 1)
                    self._host(host).pause.defer(pause)
                raise Transient(failure, wait_s=retry_after, status=status)
            if status == 404:
                return None
            if status >= 400:
                raise BadResponse(f"{netloc} refused the request (HTTP {status})", source=source, url=shown())
            try:
                return decode(response)
            except ValueError as err:
                # Cut short on the way (the cache did not keep it): worth another try.
                raise Transient(
                    BadResponse(f"{netloc} sent a response that is not JSON", source=source, url=shown())
                ) from err

        def before_retry(failure: Transient, retry: int) -> None:
            with self._lock:
                self._retries += 1

        try:
            return self._retry.call(
                attempt,
                sleep=self._sleep,
                # This thread backs off; a server's Retry-After is the host's pause, above.
                wait=lambda _failure, retry: min(self._retry.backoff(retry), self._run_left_s()),
                before_retry=before_retry,
            )
        except Transient as spent:
            error = spent.failure
            assert isinstance(error, SourceError)
            if isinstance(error, SourceUnavailable) and spent.status is not None:
                error = SourceUnavailable(
                    f"{error} (gave up after {self.config.retries} retries)", source=source, url=shown()
                )
            raise error from spent.failure.__cause__

    def _send(
        self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str], netloc: str
    ) -> requests.Response:
        session = self.session
        try:
            response = session.get(url, params=params, timeout=self.config.timeout_s, headers=headers or None)
        except _TransportError:
            raise
        except sqlite3.Error as err:
            self._drop_cache(session, err)
            return self._send(url, params, headers, netloc)
        except requests.exceptions.RequestException as err:
            raise _transport_error(err, netloc) from err
        cached = getattr(response, "from_cache", False)
        if cached:
            with self._lock:
                self._cache_hits += 1
        origin = " (cache)" if cached else ""
        log.info("GET %s: HTTP %d%s", redact(response.url), response.status_code, origin)
        return response

    # -- deadlines: per request, per host, per run -----------------------------------------------

    def request_budget_s(self) -> float:
        """The most one request may take, connection to last byte: ``timeout_s``, or less if
        the run's deadline comes sooner."""
        return max(0.0, min(self.config.timeout_s, self._run_left_s()))

    def _run_left_s(self) -> float:
        if self._run_deadline is None:
            return math.inf
        return self._run_deadline - time.monotonic()

    def _check_run_deadline(self, netloc: str, source: str, shown: Callable[[], str]) -> None:
        if self._run_left_s() <= 0:
            raise SourceUnavailable(
                f"{netloc} not asked: the run's deadline of {self.config.deadline_s:g} s has passed",
                source=source,
                url=shown(),
            )

    def _timed_out(self, netloc: str, started: float, source: str, shown: Callable[[], str]) -> None:
        """Count a timeout of ``netloc`` of a request sent at ``started``; after
        :data:`HOST_DOWN_AFTER` in a row the host is marked down for the rest of the run: the
        mentions left fail in an instant instead of each waiting out its own timeouts.

        A timeout counts only if the host answered nothing while the request waited: requests
        stalled together at the end of a run, while the host answered the others, are a slow
        host's bad luck, not a dead host."""
        with self._lock:
            if self._answered_at.get(netloc, -math.inf) >= started:
                return
            count = self._timeouts[netloc] = self._timeouts.get(netloc, 0) + 1
        if count >= HOST_DOWN_AFTER:
            self._block(
                netloc,
                math.inf,
                SourceUnavailable(
                    f"{netloc} is down: {count} requests in a row timed out; not asked again in this run",
                    source=source,
                    url=shown(),
                ),
            )

    def _answered(self, netloc: str) -> None:
        with self._lock:
            self._answered_at[netloc] = time.monotonic()
            self._timeouts[netloc] = 0

    def _drop_cache(self, session: requests.Session, err: sqlite3.Error) -> None:
        """Go on without the HTTP cache after it failed mid-run: a run never dies of its cache.
        A damaged file is moved aside (the next run starts a new one)."""
        with self._lock:
            if self.session is not session:
                return  # another thread got there first
            self._dropped.append(session)
            self.session = self._make_session(cached=False)
        if cachefile.is_damage(err):
            cachefile.move_aside(http_cache_path(self.config), HTTP_CACHE_WHAT, err)
        else:
            cachefile.unusable(http_cache_path(self.config), HTTP_CACHE_WHAT, err)

    def _check_blocked(self, netloc: str) -> None:
        with self._lock:
            blocked = self._blocked.get(netloc)
        if blocked is None:
            return
        until, error = blocked
        if time.monotonic() < until:
            raise error
        with self._lock:
            self._blocked.pop(netloc, None)

    def _block(self, netloc: str, until: float, error: SourceError) -> None:
        with self._lock:
            self._blocked[netloc] = (until, error)

    def _sleep(self, seconds: float) -> None:
        if self.config.sleep and seconds > 0:
            time.sleep(seconds)

    def close(self) -> None:
        for session in (*self._dropped, self.session):
            session.close()
        self.limiter.bucket_factory.close()


def _read_body(response: requests.Response, deadline: float, netloc: str) -> None:
    """Read the body of a streamed ``response`` into it, giving up at ``deadline``.

    The socket timeout bounds each read, not the request: a service trickling a few bytes
    every few seconds would hold it for ever. Each ``read1`` returns what one read brought.
    """
    raw = response.raw
    chunks: list[bytes] = []
    try:
        while True:
            if time.monotonic() > deadline:
                response.close()
                raise _TransportError(f"{netloc} did not answer in time (too slow)", timeout=True)
            chunk = raw.read1(65536, decode_content=True) if hasattr(raw, "read1") else raw.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except _TransportError:
        raise
    except (ReadTimeoutError, TimeoutError) as err:
        response.close()
        raise _TransportError(f"{netloc} did not answer in time", timeout=True) from err
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as err:
        response.close()
        raise requests.exceptions.ChunkedEncodingError(err) from err
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]
    raw.release_conn()


def _decode_json(response: requests.Response) -> Any:
    parsed = getattr(response, _PARSED, _PARSED)
    return response.json() if parsed is _PARSED else parsed


def _decode_text(response: requests.Response) -> str:
    """The body as text: the charset the server names, else UTF-8 (not requests' guess, which
    is slow on large bodies and ISO-8859-1 for any ``text/*`` without a charset)."""
    charset = None
    for param in response.headers.get("Content-Type", "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    try:
        return response.content.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return response.content.decode("utf-8", errors="replace")


def _shown_url(url: str, params: Mapping[str, Any] | None) -> str:
    """The request URL as errors show it: full query, secret values replaced by ``***``."""
    prepared = requests.PreparedRequest()
    try:
        prepared.prepare_url(url, params)
    except requests.exceptions.RequestException:
        return redact(url)
    return redact(prepared.url or url)


def _headers(accept: str | None, credentials: Mapping[str, str] | None) -> dict[str, str]:
    headers = dict(credentials or {})
    if accept:
        headers["Accept"] = accept
    return headers


# -- the HTTP cache on disk --------------------------------------------------------------------


def http_cache_path(config: Config) -> Path:
    """The SQLite file of the HTTP cache."""
    return config.cache_dir / f"{HTTP_CACHE_NAME}.sqlite"


def http_cache_entries(config: Config) -> int:
    """Responses stored in the HTTP cache (0 if there is no cache file)."""
    path = http_cache_path(config)
    if not path.exists():
        return 0
    # requests-cache keeps one row per response in its "responses" table.
    try:
        with closing(sqlite3.connect(path)) as db:
            (count,) = db.execute("SELECT COUNT(*) FROM responses").fetchone()
    except sqlite3.Error:
        return 0
    return int(count)


def clear_http_cache(config: Config) -> int:
    """Empty the HTTP cache in place (safe while other runs use it); returns how many
    responses it held."""
    count = http_cache_entries(config)
    cachefile.empty(http_cache_path(config), ["responses", "redirects"], HTTP_CACHE_WHAT)
    return count


def clear_http_searches(config: Config) -> int:
    """Delete the cached search responses (not the records fetched by identifier), so that
    searches that found nothing are asked again; returns how many were deleted."""
    path = http_cache_path(config)
    if not path.exists():
        return 0
    from bibkit.httpcache import HttpCacheStorage

    try:
        cache = HttpCacheStorage(str(path.with_suffix("")), timeout=cachefile.BUSY_TIMEOUT_S)
        try:
            keys = [r.cache_key for r in cache.filter(expired=True) if SEARCH_URLS.search(r.url or "")]
            if keys:
                cache.delete(*keys)
        finally:
            cache.close()  # type: ignore[no-untyped-call]
    except sqlite3.Error as err:
        raise cachefile.failure(path, HTTP_CACHE_WHAT, "forget the searches of", err) from err
    return len(keys)

