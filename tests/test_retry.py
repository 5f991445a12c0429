"""The one retry policy: Retry-After in both its forms, the backoff, and what is retried."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from bibkit.retry import Pause, RetryPolicy, Transient, retry_after_s


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    assert retry_after_s("120") == 120
    assert retry_after_s(" 0 ") == 0
    assert retry_after_s("0.3") == pytest.approx(0.3)  # not standard, but sent by some servers
    in_a_minute = formatdate(time.time() + 60, usegmt=True)  # "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_s(in_a_minute) == pytest.approx(60, abs=2)
    assert retry_after_s(formatdate(time.time() - 60, usegmt=True)) == 0  # already past


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, None), ("", None), ("soon", None), ("nan", None), ("inf", None), ("-5", 0.0)],
)
def test_unreadable_retry_after_is_absent(value: str | None, seconds: float | None) -> None:
    assert retry_after_s(value) == seconds


def test_backoff_doubles_up_to_its_cap_and_jitter_only_shortens() -> None:
    steady = RetryPolicy(retries=9, backoff_s=0.5, jitter=False, max_backoff_s=3.0)
    assert [steady.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    jittered = RetryPolicy(retries=9, backoff_s=0.5)
    assert all(0.25 <= jittered.backoff(1) < 0.5 for _ in range(50))


def test_transient_failures_are_retried_with_the_servers_wait_then_given_up() -> None:
    waits: list[float] = []
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        raise Transient(ConnectionError("reset"), wait_s=7.0 if len(attempts) == 1 else None)

    policy = RetryPolicy(retries=2, backoff_s=0.5, jitter=False)
    with pytest.raises(Transient) as spent:
        policy.call(flaky, sleep=waits.append)
    assert isinstance(spent.value.failure, ConnectionError)
    assert len(attempts) == 3 and waits == [7.0, 1.0]  # the server's wait, then the 2nd backoff


def test_other_errors_end_the_call_at_once_and_success_returns() -> None:
    policy = RetryPolicy(retries=5, backoff_s=0.5)
    calls: list[int] = []

    def refused() -> None:
        calls.append(1)
        raise PermissionError("403")

    with pytest.raises(PermissionError):
        policy.call(refused, sleep=lambda s: None)
    assert len(calls) == 1
    answers = iter([Transient(TimeoutError()), "answer"])

    def second_time() -> object:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert policy.call(second_time, sleep=lambda s: None) == "answer"


def test_a_pause_without_sleeping_counts_its_wait_once() -> None:
    now = [100.0]
    waited: list[float] = []
    pause = Pause(sleep=False, waited=waited.append, clock=lambda: now[0])
    pause.defer(5)
    pause.defer(2)  # an earlier end does not shorten the pause
    pause.wait()
    pause.wait()
    assert waited == [5.0]


def test_a_pause_really_waits() -> None:
    pause = Pause(sleep=True)
    pause.defer(0.2)
    began = time.monotonic()
    pause.wait()
    assert time.monotonic() - began >= 0.19
