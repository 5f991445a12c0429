"""All HTTP that bibkit itself speaks goes through here (pyzotero brings its own client).

One :class:`HttpClient` per :class:`bibkit.Session`: a ``requests`` session with a persistent
``requests-cache`` SQLite cache, urllib3 ``Retry`` with backoff for transient failures, a
per-host token-bucket rate limit shared by all threads, and a User-Agent that names bibkit and
a contact (Open Library answers 403 to clients that do not). Foreign exceptions are translated
into :mod:`bibkit.errors` here, and API keys are removed from every URL that leaves this module.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from bibkit.config import Config
from bibkit.errors import BadResponse, RateLimited, SourceUnavailable

__all__ = ["HttpClient", "redact"]

log = logging.getLogger(__name__)

SECRET_PARAMS = frozenset({"key", "api_key", "apikey"})


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


class TokenBucket:
    """A thread-safe token bucket: ``rate`` requests per second with bursts of ``capacity``."""

    def __init__(self, rate: float, capacity: float = 1.0, *, sleep: bool = True) -> None:
        self.rate = rate
        self.capacity = max(capacity, 1.0)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()
        self._sleep = sleep

    def acquire(self) -> None:
        if self.rate <= 0 or not self._sleep:
            return
        while True:
            with self._lock:
                now = time.monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                wait = (1.0 - self._tokens) / self.rate
            time.sleep(wait)


class _RateLimitedAdapter(HTTPAdapter):
    """Takes a token from the host's bucket before each request that reaches the network.

    Living in the adapter (below requests-cache) means cache hits never wait.
    """

    def __init__(self, client: HttpClient, **kwargs: Any) -> None:
        self._client = client
        super().__init__(**kwargs)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        host = urlsplit(request.url or "").hostname or ""
        self._client.bucket_for(host).acquire()
        self._client.count_request(host)
        return super().send(request, *args, **kwargs)


class HttpClient:
    """The shared HTTP layer of a Session. Thread-safe; close it (or its Session) when done."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()
        self.requests_sent: dict[str, int] = {}
        # Hosts that refused connections even after retries: later calls fail at once instead
        # of waiting through the same retries for every mention.
        self._unreachable: dict[str, str] = {}
        self.session = self._make_session()

    def _make_session(self) -> requests.Session:
        session: requests.Session
        if self.config.use_cache:
            import requests_cache

            self.config.cache_dir.mkdir(parents=True, exist_ok=True)
            session = requests_cache.CachedSession(
                str(self.config.cache_dir / "http"),
                backend="sqlite",
                expire_after=self.config.cache_expire_s,
                allowable_codes=(200, 404),
                ignored_parameters=sorted(SECRET_PARAMS),
                match_headers=False,
                stale_if_error=True,
            )
        else:
            session = requests.Session()
        retry = Retry(
            total=self.config.retries,
            connect=self.config.retries,
            read=self.config.retries,
            status=self.config.retries,
            backoff_factor=self.config.backoff_s if self.config.sleep else 0.0,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=self.config.sleep,
            raise_on_status=False,
        )
        adapter = _RateLimitedAdapter(self, max_retries=retry, pool_maxsize=max(10, self.config.max_workers))
        # Mount on both schemes, never on "": the default https:// adapter would win.
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = self.config.effective_user_agent
        session.headers["Accept"] = "application/json"
        return session

    def bucket_for(self, host: str) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(host)
            if bucket is None:
                rate = self.config.rate_limits.get(host, 0.0)
                bucket = self._buckets[host] = TokenBucket(rate, sleep=self.config.sleep)
            return bucket

    def count_request(self, host: str) -> None:
        with self._lock:
            self.requests_sent[host] = self.requests_sent.get(host, 0) + 1

    def get_json(self, url: str, params: Mapping[str, Any] | None = None, *, source: str = "") -> Any:
        """GET ``url`` and decode JSON. A 404 returns ``None`` (the service knows no such record).

        Raises:
            SourceUnavailable: connection failure, timeout, or 5xx after retries.
            RateLimited: 429 after retries.
            BadResponse: a body that is not JSON.
        """
        host = _host(url)
        if host in self._unreachable:
            raise SourceUnavailable(self._unreachable[host], source=source, url=redact(url))
        try:
            response = self.session.get(url, params=params, timeout=self.config.timeout_s)
        except requests.exceptions.ConnectionError as err:
            message = f"cannot reach {host}: {_short(err)}"
            if not isinstance(err, requests.exceptions.Timeout):
                with self._lock:
                    self._unreachable[host] = message
            raise SourceUnavailable(message, source=source, url=redact(url)) from err
        except requests.exceptions.RetryError as err:
            raise SourceUnavailable(
                f"{source or _host(url)}: gave up after {self.config.retries} retries",
                source=source,
                url=redact(url),
            ) from err
        except requests.exceptions.RequestException as err:
            raise SourceUnavailable(
                f"cannot reach {_host(url)}: {_short(err)}", source=source, url=redact(url)
            ) from err
        shown = redact(response.url or url)
        if response.status_code == 404:
            return None
        if response.status_code == 429:
            raise RateLimited(
                f"{_host(url)} is rate limiting us (HTTP 429)",
                source=source,
                url=shown,
                retry_after=_retry_after(response.headers.get("Retry-After")),
            )
        if response.status_code >= 500:
            raise SourceUnavailable(
                f"{_host(url)} failed (HTTP {response.status_code})", source=source, url=shown
            )
        if response.status_code >= 400:
            raise BadResponse(
                f"{_host(url)} refused the request (HTTP {response.status_code})", source=source, url=shown
            )
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError) as err:
            raise BadResponse(
                f"{_host(url)} sent a response that is not JSON", source=source, url=shown
            ) from err

    def close(self) -> None:
        self.session.close()


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _short(err: Exception) -> str:
    text = type(err).__name__
    if isinstance(err, requests.exceptions.ConnectTimeout | requests.exceptions.ReadTimeout):
        return "timed out"
    if isinstance(err, requests.exceptions.ConnectionError):
        return "connection failed"
    return text


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
