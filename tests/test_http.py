"""The HTTP layer against a loopback server: identity, secrets, rate limits, caps, retries."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

import bibkit
from bibkit.config import Config
from bibkit.errors import BadResponse, RateLimited, SourceUnavailable
from bibkit.http import HttpClient
from tests.servers.catalog import Catalog
from tests.servers.faults import Faults
from tests.servers.openlibrary import FakeRequest, FakeServices, _json

SECRET = "AIzaSy-very-secret-key"


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    with FakeServices(Catalog()) as s:
        yield s


def client(server: FakeServices, tmp_path: Path, **changes: Any) -> HttpClient:
    config = Config.load(
        openlibrary_url=server.url, cache_dir=tmp_path / "cache", sleep=False, backoff_s=0.01
    )
    return HttpClient(config.replace(**changes))


def in_threads(n: int, work: Callable[[int], object]) -> list[object]:
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except Exception as err:
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_user_agent_names_bibkit_version_and_contact(server: FakeServices, tmp_path: Path) -> None:
    http = client(server, tmp_path, contact="mailto:lists@example.org")
    http.get_json(f"{server.url}/search.json", {"q": "anything"})
    agent = server.requests[0].headers["User-Agent"]
    assert agent == f"bibkit/{bibkit.__version__} (mailto:lists@example.org)"


def test_api_key_is_sent_but_never_cached_logged_or_shown(
    server: FakeServices, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs every request line at DEBUG
    http = client(server, tmp_path)
    url = f"{server.url}/search.json"
    http.get_json(url, {"q": "prophet armed"}, credentials={"X-Goog-Api-Key": SECRET})
    assert server.requests[0].headers["X-Goog-Api-Key"] == SECRET
    assert "key" not in server.requests[0].query
    # Another key (or none) asks the same question: answered from the cache.
    http.get_json(url, {"q": "prophet armed"}, credentials={"X-Goog-Api-Key": "another-key"})
    http.get_json(url, {"q": "prophet armed"})
    assert len(server.requests) == 1
    http.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir() if p.is_file())
    assert b"prophet" in stored  # the cache file is where we looked
    assert SECRET.encode() not in stored
    assert b"another-key" not in stored
    assert SECRET not in caplog.text and "another-key" not in caplog.text


def test_api_key_stays_out_of_errors(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(lambda request: (403, {}, b'{"error": "forbidden"}'))
    http = client(server, tmp_path)
    with pytest.raises(BadResponse) as info:
        http.get_json(f"{server.url}/search.json?key={SECRET}", {"q": "x y z"})
    assert SECRET not in str(info.value) + info.value.url
    assert "key=%2A%2A%2A" in info.value.url or "key=***" in info.value.url


def test_client_rate_limit_keeps_threads_under_the_servers(server: FakeServices, tmp_path: Path) -> None:
    faults = Faults(rate_limit=40, burst=2, retry_after=None).install(server)
    http = client(server, tmp_path, sleep=True, use_cache=False, retries=0, rate_limits={"127.0.0.1": 40})
    results = in_threads(12, lambda i: http.get_json(f"{server.url}/search.json", {"q": f"query {i}"}))
    assert faults.count("rate") == 0
    assert not [r for r in results if isinstance(r, Exception)]


def test_without_a_client_limit_the_same_load_is_refused(server: FakeServices, tmp_path: Path) -> None:
    # The control for the test above: the server's limit does bite when we do not keep to it.
    faults = Faults(rate_limit=40, burst=2, retry_after=None).install(server)
    http = client(server, tmp_path, sleep=True, use_cache=False, retries=0, rate_limits={})
    results = in_threads(12, lambda i: http.get_json(f"{server.url}/search.json", {"q": f"query {i}"}))
    assert faults.count("rate") > 0
    assert any(isinstance(r, RateLimited) for r in results)


def test_cache_hits_wait_for_no_permit(server: FakeServices, tmp_path: Path) -> None:
    http = client(server, tmp_path, sleep=True, rate_limits={"127.0.0.1": 1})
    ask = [lambda: http.get_json(f"{server.url}/search.json", {"q": "one"}),
           lambda: http.get_json(f"{server.url}/search.json", {"q": "two"})]  # fmt: skip
    began = time.monotonic()
    ask[0]()
    for _ in range(10):
        ask[0]()
    first_and_hits = time.monotonic() - began
    ask[1]()  # the second request to the host waits for its permit: a second
    assert first_and_hits < 0.8 <= time.monotonic() - began
    assert len(server.requests) == 2


def test_retries_take_tokens_too(server: FakeServices, tmp_path: Path) -> None:
    faults = Faults(rate_limit=50, burst=2, retry_after=None, error_rate=0.4).install(server)
    http = client(server, tmp_path, sleep=True, use_cache=False, retries=6, rate_limits={"127.0.0.1": 50})
    in_threads(8, lambda i: http.get_json(f"{server.url}/search.json", {"q": f"query {i}"}))
    assert faults.count("error") > 0 and http.stats.retries > 0
    assert faults.count("rate") == 0


@pytest.mark.parametrize("cap", [2, 6])
def test_concurrency_cap_per_host(server: FakeServices, tmp_path: Path, cap: int) -> None:
    faults = Faults(latency_s=(0.05, 0.05)).install(server)
    http = client(server, tmp_path, use_cache=False, max_workers=12, host_concurrency={"127.0.0.1": cap})
    in_threads(12, lambda i: http.get_json(f"{server.url}/search.json", {"q": f"query {i}"}))
    assert faults.max_in_flight <= cap
    assert faults.max_in_flight >= min(cap, 3)  # the threads did overlap up to the cap


def test_retry_after_pauses_the_whole_host(server: FakeServices, tmp_path: Path) -> None:
    refused: list[float] = []
    arrivals: list[float] = []

    def first_is_refused(request: FakeRequest) -> tuple[int, dict[str, str], bytes] | None:
        import time

        arrivals.append(time.monotonic())
        if not refused:
            refused.append(arrivals[-1])
            return 429, {"Retry-After": "0.3"}, b'{"status": 429}'
        return None

    server.hooks.append(first_is_refused)
    http = client(server, tmp_path, sleep=True, use_cache=False, host_concurrency={"127.0.0.1": 1})
    results = in_threads(4, lambda i: http.get_json(f"{server.url}/search.json", {"q": f"query {i}"}))
    assert not [r for r in results if isinstance(r, Exception)]
    later = [t for t in arrivals if t > refused[0]]
    assert len(later) == 4  # three other threads and the retry
    assert min(later) - refused[0] >= 0.29


def test_long_retry_after_fails_fast_instead_of_waiting(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(lambda request: (429, {"Retry-After": "3600"}, b'{"status": 429}'))
    http = client(server, tmp_path, sleep=True, max_retry_after_s=60)
    with pytest.raises(RateLimited) as info:
        http.get_json(f"{server.url}/search.json", {"q": "first"})
    assert info.value.retry_after == 3600
    with pytest.raises(RateLimited):
        http.get_json(f"{server.url}/search.json", {"q": "second"})
    assert len(server.requests) == 1


def test_retry_after_as_an_http_date_is_honoured(server: FakeServices, tmp_path: Path) -> None:
    in_an_hour = formatdate(time.time() + 3600, usegmt=True)
    server.hooks.append(lambda request: (503, {"Retry-After": in_an_hour}, b"Service Unavailable"))
    http = client(server, tmp_path, sleep=True, max_retry_after_s=60)
    with pytest.raises(SourceUnavailable):
        http.get_json(f"{server.url}/search.json", {"q": "first"})
    with pytest.raises(SourceUnavailable):
        http.get_json(f"{server.url}/search.json", {"q": "second"})
    assert len(server.requests) == 1  # the host is left alone until then


def test_a_near_http_date_pauses_the_host(server: FakeServices, tmp_path: Path) -> None:
    answers = iter([(429, {"Retry-After": formatdate(time.time() + 2, usegmt=True)}, b"{}")])
    server.hooks.append(lambda request: next(answers, None))
    http = client(server, tmp_path, sleep=True, use_cache=False)
    began = time.monotonic()
    assert http.get_json(f"{server.url}/search.json", {"q": "anything"})["numFound"] == 0
    assert time.monotonic() - began >= 0.9  # the date has a resolution of a second
    assert len(server.requests) == 2


def test_persistent_5xx_gives_up_after_the_configured_retries(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(lambda request: (502, {}, b"Bad Gateway"))
    http = client(server, tmp_path, retries=2)
    with pytest.raises(SourceUnavailable, match=r"HTTP 502.*gave up after 2 retries"):
        http.get_json(f"{server.url}/search.json", {"q": "anything"})
    assert len(server.requests) == 3


def test_timeout_is_retried_then_reported(server: FakeServices, tmp_path: Path) -> None:
    Faults(timeout_rate=1.0, stall_s=0.5).install(server)
    http = client(server, tmp_path, retries=1, timeout_s=0.1)
    with pytest.raises(SourceUnavailable, match="did not answer in time"):
        http.get_json(f"{server.url}/search.json", {"q": "anything"})
    assert len(server.requests) == 2


def test_truncated_json_is_retried_and_never_cached(server: FakeServices, tmp_path: Path) -> None:
    faults = Faults(truncate_rate=1.0).install(server)
    http = client(server, tmp_path, retries=1)
    with pytest.raises(BadResponse, match="not JSON"):
        http.get_json(f"{server.url}/search.json", {"q": "anything"})
    assert faults.count("truncate") == 2
    faults.truncate_rate = 0.0
    assert http.get_json(f"{server.url}/search.json", {"q": "anything"})["numFound"] == 0
    assert http.get_json(f"{server.url}/search.json", {"q": "anything"})["numFound"] == 0
    assert len(server.requests) == 3  # the good answer was cached, the cut ones were not


def test_unreachable_host_fails_fast_after_the_first_call(tmp_path: Path) -> None:
    http = HttpClient(Config(openlibrary_url="http://127.0.0.1:9", cache_dir=tmp_path, sleep=False))
    with pytest.raises(SourceUnavailable, match=r"cannot reach 127\.0\.0\.1:9"):
        http.get_json("http://127.0.0.1:9/search.json")
    with pytest.raises(SourceUnavailable, match=r"cannot reach 127\.0\.0\.1:9"):
        http.get_json("http://127.0.0.1:9/api/books")
    assert http.stats.total_requests == 1


def test_get_text_shares_get_jsons_errors_and_reads_the_charset(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.append(
        lambda r: (
            (200, {"Content-Type": "text/xml; charset=iso-8859-1"}, "<t>Café</t>".encode("latin-1"))
            if r.path == "/sru"
            else None
        )
    )
    http = client(server, tmp_path, retries=0)
    assert http.get_text(f"{server.url}/sru", accept="text/xml") == "<t>Café</t>"
    assert server.requests[-1].headers["Accept"] == "text/xml"
    assert http.get_text(f"{server.url}/nothing-here") is None  # 404
    server.hooks.insert(0, lambda r: _json(429, {}))
    with pytest.raises(RateLimited):
        http.get_text(f"{server.url}/sru", source="x")
    assert http.failures_in_this_thread() == 1
