"""Latency, a rate limit and faults for :class:`tests.servers.openlibrary.FakeServices`.

``Faults(...).install(server)`` adds one hook (runs before the answer is computed: waits,
refuses) and one filter (runs after: cuts bodies short, closes the in-flight count). Faults are
drawn from a seeded random generator, so a run is repeatable for a given request order.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field

from tests.servers.openlibrary import Answer, FakeRequest, FakeServices

TOO_MANY = {
    "status": 429,
    "message": "Too Many Requests. Consider using https://openlibrary.org/developers/dumps.",
}


@dataclass
class Faults:
    """What the fake server does to requests. Rates are fractions of requests (0-1).

    Attributes:
        latency_s: Each answer waits a uniform time in this range (seconds).
        rate_limit: Requests per second the server accepts, like Open Library's nginx; past it
            (and past ``burst``), it answers 429 with ``Retry-After: retry_after``.
        burst: Requests accepted above ``rate_limit`` in a burst.
        retry_after: ``Retry-After`` value sent with 429s (``None``: no header).
        error_rate: Answer 503 (or ``error_status``) instead.
        error_status: The status of injected errors.
        timeout_rate: Stall for ``stall_s`` before answering, longer than the client waits.
        truncate_rate: Send the body cut in half (a valid length, invalid JSON).
        throttle_rate: Answer 429 regardless of the rate.
        seed: Seed of the random draws.
    """

    latency_s: tuple[float, float] = (0.0, 0.0)
    rate_limit: float | None = None
    burst: int = 10
    retry_after: str | None = "1"
    error_rate: float = 0.0
    error_status: int = 503
    timeout_rate: float = 0.0
    stall_s: float = 1.0
    truncate_rate: float = 0.0
    throttle_rate: float = 0.0
    seed: int = 5
    # What the server did, for assertions: counts by kind ("request", "rate", "throttle",
    # "error", "stall", "truncate"), when each request arrived, and the most in flight at once.
    served: dict[str, int] = field(default_factory=dict, init=False)
    arrivals: list[float] = field(default_factory=list, init=False)
    refusals: list[tuple[float, int]] = field(default_factory=list, init=False)
    max_in_flight: int = field(default=0, init=False)
    _in_flight: int = field(default=0, init=False)
    _tokens: float = field(default=0.0, init=False)
    _stamp: float = field(default=0.0, init=False)
    _cut: set[int] = field(default_factory=set, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _random: random.Random = field(default_factory=random.Random, init=False)

    def install(self, server: FakeServices) -> Faults:
        self._random.seed(self.seed)
        self._tokens = float(self.burst)
        self._stamp = time.monotonic()
        server.hooks.append(self._before)
        server.filters.append(self._after)
        # A client that gave up on a stalled answer closes the socket; that is expected here.
        server._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        return self

    def count(self, kind: str) -> int:
        with self._lock:
            return self.served.get(kind, 0)

    def _note(self, kind: str) -> None:
        self.served[kind] = self.served.get(kind, 0) + 1

    def _over_rate(self) -> bool:
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate_limit)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return False
        return True

    def _before(self, request: FakeRequest) -> Answer | None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            over = self._over_rate()
            draw = self._random.random()
            latency = self._random.uniform(*self.latency_s)
            self._note("request")
            self.arrivals.append(time.monotonic())
        if over:
            return self._refuse(429, "rate")
        if latency:
            time.sleep(latency)
        edge = self.throttle_rate
        if draw < edge:
            return self._refuse(429, "throttle")
        edge += self.error_rate
        if draw < edge:
            return self._refuse(self.error_status, "error")
        edge += self.timeout_rate
        if draw < edge:
            with self._lock:
                self._note("stall")
            time.sleep(self.stall_s)
            return None
        edge += self.truncate_rate
        if draw < edge:
            with self._lock:
                self._cut.add(id(request))
        return None

    def _refuse(self, status: int, kind: str) -> Answer:
        with self._lock:
            self._note(kind)
            self.refusals.append((time.monotonic(), status))
        headers = {"Content-Type": "application/json"}
        if status == 429 and self.retry_after is not None:
            headers["Retry-After"] = self.retry_after
        body = TOO_MANY if status == 429 else {"error": "Service Unavailable"}
        return status, headers, json.dumps(body).encode()

    def _after(self, request: FakeRequest, answer: Answer) -> Answer:
        with self._lock:
            self._in_flight -= 1
            if id(request) not in self._cut:
                return answer
            self._cut.discard(id(request))
            self._note("truncate")
        status, headers, body = answer
        return status, headers, body[: len(body) // 2]
