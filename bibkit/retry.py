"""The one retry policy of bibkit's two HTTP clients: the catalogues' (:mod:`bibkit.http`)
and Zotero's (:mod:`bibkit.zotero.client`).

Both work the same way: an attempt that meets a transient failure raises :class:`Transient`
(carrying the failure, and the wait the server named, if any); the policy retries it up to
``retries`` times, waiting what the server asked (``Retry-After``) or an exponential backoff,
and gives up by raising the last :class:`Transient` for the client to turn into its own error.
Any other exception ends the call at once. The loop itself is tenacity's; the clients say
only what is transient, how to sleep (for real, or only counted in tests) and what to count.

``Retry-After`` is read here, in both of its forms (seconds, or an HTTP date), by urllib3's
parser, for both clients and for pyzotero's hook.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

__all__ = ["BACKOFF_MAX_S", "Pause", "RetryPolicy", "Transient", "retry_after_s"]

#: The longest backoff between two attempts, whatever the attempt number.
BACKOFF_MAX_S = 30.0

_T = TypeVar("_T")
# urllib3's parser is a method of its Retry (it caps waits at ``retry_after_max``, six hours).
_PARSER = Retry(total=0)


def retry_after_s(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: a number of seconds or an HTTP date
    (RFC 9110 §10.2.3); ``None`` when absent or unreadable, never negative.

    urllib3 reads both standard forms; a fractional number of seconds (not standard, but some
    servers and our test servers send one) is read as such.
    """
    if not value or not value.strip():
        return None
    try:
        return float(_PARSER.parse_retry_after(value))
    except InvalidHeader:
        pass
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


class Transient(Exception):
    """Raised by an attempt: ``failure`` is worth another try.

    Args:
        failure: What went wrong (kept for the client's final error).
        wait_s: The wait the server asked for (``Retry-After``), or ``None`` for the backoff.
        status: The HTTP status, when there was an answer.
    """

    def __init__(
        self, failure: BaseException, *, wait_s: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(str(failure))
        self.failure = failure
        self.wait_s = wait_s
        self.status = status


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How often and how long to retry. All times are in seconds.

    Attributes:
        retries: Extra attempts after the first one.
        backoff_s: The first backoff; each further one doubles, up to ``max_backoff_s``.
        jitter: Scale each backoff by a random factor in [0.5, 1), so that threads that failed
            together do not come back together (the catalogue client's many threads). A
            client that sends one request at a time (Zotero's pushes) does without.
        max_backoff_s: The longest backoff.
    """

    retries: int
    backoff_s: float
    jitter: bool = True
    max_backoff_s: float = BACKOFF_MAX_S

    def backoff(self, retry: int) -> float:
        """The backoff before retry number ``retry`` (1 for the first retry)."""
        base = min(self.max_backoff_s, self.backoff_s * 2.0 ** (retry - 1))
        return base * (0.5 + random.random() / 2) if self.jitter else base

    def call(
        self,
        attempt: Callable[[], _T],
        *,
        sleep: Callable[[float], None],
        wait: Callable[[Transient, int], float] | None = None,
        before_retry: Callable[[Transient, int], None] | None = None,
    ) -> _T:
        """``attempt()`` until it returns, retrying each :class:`Transient` it raises.

        Args:
            attempt: One try; raises :class:`Transient` for a failure worth another.
            sleep: Called with every wait (really sleeping, or only counting it).
            wait: The wait before retry number ``n`` after ``failure``; by default the
                server's ``wait_s`` if it named one, else :meth:`backoff`.
            before_retry: Told of every retry before its wait (counters, logs).

        Raises:
            Transient: the last failure, once the retries are spent.
            Exception: whatever else ``attempt`` raised, at once.
        """

        def waited(state: RetryCallState) -> float:
            failure = _transient(state)
            if wait is not None:
                return max(0.0, wait(failure, state.attempt_number))
            return failure.wait_s if failure.wait_s is not None else self.backoff(state.attempt_number)

        def told(state: RetryCallState) -> None:
            if before_retry is not None:
                before_retry(_transient(state), state.attempt_number)

        retrying = Retrying(
            retry=retry_if_exception_type(Transient),
            stop=stop_after_attempt(self.retries + 1),
            wait=waited,
            sleep=sleep,
            before_sleep=told,
            reraise=True,
        )
        return retrying(attempt)


def _transient(state: RetryCallState) -> Transient:
    outcome = state.outcome
    failure = outcome.exception() if outcome is not None else None
    assert isinstance(failure, Transient)  # the only exception retried
    return failure


class Pause:
    """A "not before" time shared by every request to one server: how a server's
    ``Retry-After`` (or Zotero's ``Backoff``) slows all of a client's requests to it, not only
    the one that was told. Thread-safe.

    Args:
        sleep: Whether to really sleep; when False the waits are only counted (tests).
        waited: Told of every wait (seconds), slept or not.
        clock: Seconds, monotonic.
    """

    def __init__(
        self,
        *,
        sleep: bool,
        waited: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sleep = sleep
        self._waited = waited
        self._clock = clock
        self._until = 0.0
        self._lock = threading.Lock()

    def defer(self, seconds: float) -> None:
        """No request before ``seconds`` from now (a later time already set wins)."""
        if seconds > 0:
            with self._lock:
                self._until = max(self._until, self._clock() + seconds)

    def wait(self) -> None:
        """Wait until the pause is over (and any pause set meanwhile)."""
        while True:
            with self._lock:
                remainder = self._until - self._clock()
                if remainder <= 0:
                    return
                if not self._sleep:
                    self._until = 0.0
            if self._waited is not None:
                self._waited(remainder)
            if not self._sleep:
                return
            time.sleep(remainder)
