"""isbnlib's services as enrichers, against a loopback server speaking Citoid (isbnlib's
``wiki``), Google Books (``goob``) and a tiny SRU-like plugin registered at test time."""

from __future__ import annotations

import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from isbnlib import registry
from isbnlib.dev import stdmeta, webquery

from bibkit.config import Config
from bibkit.errors import ConfigError, RateLimited
from bibkit.http import HttpClient
from bibkit.model import Mention, Status
from bibkit.session import Session
from bibkit.sources import available, create
from bibkit.sources.isbnlib_services import IsbnlibServices, parse_meta, split_title
from tests.servers.catalog import Catalog, Edition, Work
from tests.servers.citoid import Citoid
from tests.servers.openlibrary import Answer, FakeRequest, FakeServices, _json

ISBN = "9781859844410"
OTHER = "9780801491412"  # in neither catalogue
UA = Config().effective_user_agent


def prophet(publisher: str | None) -> Catalog:
    edition = Edition("OL1M", "The Prophet Armed", ISBN, publisher, "2003", subtitle="Trotsky, 1879-1921")
    return Catalog([Work("OL1W", "The Prophet Armed", ["Isaac Deutscher"], 1954, editions=[edition])])


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to anything but 127.0.0.1 fails the test."""
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        assert host == "127.0.0.1", f"request left the machine: {address}"
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture()
def server() -> Iterator[FakeServices]:
    """Open Library and Google Books without the publisher; Citoid with it."""
    with FakeServices(prophet(None)) as fake:
        fake.hooks.append(Citoid(prophet("Verso")))
        yield fake


def config(server: FakeServices, tmp_path: Path, **changes: Any) -> Config:
    values: dict[str, Any] = {
        "openlibrary_url": server.url,
        "google_books_url": server.url + "/books/v1",
        "isbnlib_urls": {"wiki": server.url + "/api/rest_v1"},
        "sleep": False,
        "retries": 1,
        "cache_dir": tmp_path / "cache",
    }
    return Config.load(**(values | changes))


def settings(client: HttpClient) -> Mapping[str, Any]:
    """The isbnlib source's settings block from the client's configuration, as a Session hands it."""
    return client.config.source_settings("isbnlib")


@pytest.fixture()
def http(server: FakeServices, tmp_path: Path) -> Iterator[HttpClient]:
    client = HttpClient(config(server, tmp_path))
    yield client
    client.close()


# -- mapping ---------------------------------------------------------------------------------


def test_split_title_undoes_isbnlibs_joins() -> None:
    assert split_title("The Prophet Armed - Trotsky, 1879-1921") == (
        "The Prophet Armed",
        "Trotsky, 1879-1921",
    )
    assert split_title("The prophet armed: Trotsky, 1879-1921") == ("The prophet armed", "Trotsky, 1879-1921")
    assert split_title("Homage to  Catalonia") == ("Homage to Catalonia", None)


def test_parse_meta_maps_the_normalized_record() -> None:
    record = stdmeta(
        {
            "ISBN-13": ISBN,
            "Title": "The prophet armed - Trotsky, 1879-1921",
            "Authors": ["Isaac Deutscher", ""],
            "Publisher": "Verso",
            "Year": "2003",
            "Language": "eng",
        }
    )
    book = parse_meta(record, service="goob")
    assert book is not None
    assert (book.title, book.subtitle) == ("The Prophet Armed", "Trotsky, 1879-1921")  # isbnlib's casing
    assert book.authors == ("Isaac Deutscher",)
    assert (book.publisher, book.year, book.language) == ("Verso", 2003, "en")
    assert (book.isbn13, book.isbn10) == (ISBN, "1859844413")
    assert set(dict(book.provenance).values()) == {"isbnlib:goob"}


def test_parse_meta_leaves_out_empty_fields() -> None:
    book = parse_meta(stdmeta({"ISBN-13": ISBN, "Title": "X", "Authors": [""]}), service="wiki")
    assert book is not None and book.authors == () and book.publisher is None and book.year is None
    assert parse_meta({}, service="wiki") is None


# -- the source on its own -------------------------------------------------------------------


def test_registered_and_an_enricher_only(http: HttpClient) -> None:
    assert "isbnlib" in available()
    source = create("isbnlib", http, settings(http))
    assert isinstance(source, IsbnlibServices)
    assert source.services[0] == "wiki"
    mention = Mention(text="x", start=0, end=1, title="The Prophet Armed")
    assert source.search(mention) == ()


def test_wiki_through_bibkits_http(server: FakeServices, http: HttpClient) -> None:
    source = IsbnlibServices(http, settings(http), services=["wiki"])
    found = source.by_isbns([ISBN, "1-85984-441-3", OTHER])
    assert list(found) == [ISBN]  # one request per distinct ISBN; the unknown one is a 404
    book = found[ISBN]
    assert (book.title, book.subtitle, book.publisher, book.year) == (
        "The Prophet Armed",
        "Trotsky, 1879-1921",
        "Verso",
        2003,
    )
    assert book.authors == ("Isaac Deutscher",)
    assert book.source_of("publisher") == "isbnlib:wiki"
    asked = [r for r in server.requests if r.path.startswith("/api/rest_v1/")]
    assert [r.path.rsplit("/", 1)[1] for r in asked] == [ISBN, OTHER]
    assert {r.headers["User-Agent"] for r in asked} == {UA}
    assert http.stats.requests == {"127.0.0.1": 2}


def test_uses_bibkits_rate_limiter_and_not_isbnlibs_sleep(
    server: FakeServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``goob`` runs through isbnlib's 1 s per-service throttle; under bibkit it takes a permit
    of our per-host rate limit instead, once per request."""
    client = HttpClient(
        config(server, tmp_path, sleep=True, use_cache=False, rate_limits={"127.0.0.1": 1000.0})
    )
    taken: list[str] = []
    acquire = client.limiter.try_acquire

    def counted(name: str, **kwargs: Any) -> Any:
        taken.append(name)
        return acquire(name, **kwargs)

    monkeypatch.setattr(client.limiter, "try_acquire", counted)
    source = IsbnlibServices(client, settings(client), services=["goob"])
    started = time.monotonic()
    for _ in range(3):
        assert ISBN in source.by_isbns([ISBN])
    # isbnlib's own throttle sleeps 1 s between calls to one service: three calls would take
    # at least 2 s; the margin keeps a loaded machine from failing the test.
    assert time.monotonic() - started < 1.5
    assert taken == [server.url.split("//", 1)[1]] * 3  # one bucket: host and port
    volumes = [r for r in server.requests if r.path == "/books/v1/volumes"]
    assert [r.arg("q") for r in volumes] == [f"isbn:{ISBN}"] * 3
    assert all("key" not in r.query for r in volumes)  # isbnlib's empty key= is dropped
    assert {r.headers["User-Agent"] for r in volumes} == {UA}
    client.close()


def test_goob_maps_googles_volume(server: FakeServices, http: HttpClient) -> None:
    book = IsbnlibServices(http, settings(http), services=["goob"]).by_isbns([ISBN])[ISBN]
    assert book.title == "The Prophet Armed" and book.subtitle == "Trotsky, 1879-1921"
    assert book.source_of("title") == "isbnlib:goob"


def test_429_raises_rate_limited_when_nothing_found(server: FakeServices, http: HttpClient) -> None:
    server.hooks.insert(0, lambda r: _json(429, {"error": "slow down"}) if "citation" in r.path else None)
    with pytest.raises(RateLimited) as caught:
        IsbnlibServices(http, settings(http), services=["wiki"]).by_isbns([ISBN, OTHER])
    assert caught.value.source == "isbnlib:wiki"
    # The service is given up for this batch after its first failure (1 retry = 2 requests).
    assert len([r for r in server.requests if "citation" in r.path]) == 2


def test_unknown_service_is_a_config_error(http: HttpClient) -> None:
    with pytest.raises(ConfigError, match=r"unknown isbnlib service 'nosuch'.*wiki"):
        IsbnlibServices(http, settings(http), services=["nosuch"])


def test_config_from_environment() -> None:
    env = {"BIBKIT_ISBNLIB_SERVICES": "wiki, LOC", "BIBKIT_ISBNLIB_URLS": "wiki=http://127.0.0.1:9/x/"}
    loaded = Config.load(env=env)
    assert loaded.isbnlib_services == ("wiki", "loc")
    assert dict(loaded.isbnlib_urls) == {"wiki": "http://127.0.0.1:9/x"}
    with pytest.raises(ConfigError):
        Config.load(env={"BIBKIT_ISBNLIB_URLS": "wiki=ftp://example"})


def test_isbnlib_outside_bibkit_is_left_alone(server: FakeServices, http: HttpClient) -> None:
    """Code that uses isbnlib directly (no bibkit call in progress) still gets isbnlib's own
    HTTP: its User-Agent, its urllib."""
    from isbnlib.dev import webquery as isbnlib_webquery
    from isbnlib.dev import webservice

    fetch, throttle = webservice.query, isbnlib_webquery.sleep
    IsbnlibServices(http, settings(http), services=["wiki"]).by_isbns([ISBN])
    # Nothing of bibkit's is left in isbnlib once its calls have ended.
    assert (webservice.query, isbnlib_webquery.sleep) == (fetch, throttle)
    from isbnlib import _wiki

    old = _wiki.SERVICE_URL
    _wiki.SERVICE_URL = server.url + "/api/rest_v1/data/citation/mediawiki/{isbn}"
    try:
        result: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: result.update(registry.services["wiki"](ISBN)))
        thread.start()
        thread.join()
    finally:
        _wiki.SERVICE_URL = old
    assert result["Publisher"] == "Verso"
    assert server.requests[-1].headers["User-Agent"] == "isbnlib (gzip)"
    assert http.stats.requests == {"127.0.0.1": 1}  # bibkit's own call only


def test_isbnlib_elsewhere_during_a_bibkit_call_is_left_alone(server: FakeServices, http: HttpClient) -> None:
    """While bibkit's call waits for its answer, another thread's isbnlib call is isbnlib's."""
    from isbnlib import _wiki

    arrived, release = threading.Event(), threading.Event()

    def hold_bibkits(request: FakeRequest) -> Answer | None:
        if request.headers.get("User-Agent") == UA:
            arrived.set()
            release.wait(10)
        return None

    server.hooks.insert(0, hold_bibkits)
    found: dict[str, Any] = {}
    ours = threading.Thread(
        target=lambda: found.update(IsbnlibServices(http, settings(http), services=["wiki"]).by_isbns([ISBN]))
    )
    ours.start()
    try:
        assert arrived.wait(10)
        old = _wiki.SERVICE_URL
        _wiki.SERVICE_URL = server.url + "/api/rest_v1/data/citation/mediawiki/{isbn}"
        try:
            theirs = registry.services["wiki"](ISBN)
        finally:
            _wiki.SERVICE_URL = old
    finally:
        release.set()
        ours.join(10)
    assert theirs["Publisher"] == "Verso" and found[ISBN].publisher == "Verso"
    agents = [r.headers["User-Agent"] for r in server.requests if "citation" in r.path]
    assert agents == [UA, "isbnlib (gzip)"]


# -- a plugin --------------------------------------------------------------------------------

PLUGIN_URL = "http://catalogue.invalid:210/sru?operation=searchRetrieve&query=isbn={isbn}&recordSchema=dc"
DC = "{http://purl.org/dc/elements/1.1/}"


def _sru(request: FakeRequest) -> Answer | None:
    """A Dublin Core SRU answer, as the library-catalogue plugins read."""
    if request.path != "/sru":
        return None
    known = request.arg("query") == f"isbn={ISBN}"
    record = (
        f'<dc:title xmlns:dc="{DC[1:-1]}">The prophet armed</dc:title>'
        f'<dc:creator xmlns:dc="{DC[1:-1]}">Deutscher, Isaac</dc:creator>'
        f'<dc:publisher xmlns:dc="{DC[1:-1]}">Verso</dc:publisher>'
        f'<dc:date xmlns:dc="{DC[1:-1]}">2003</dc:date>'
    )
    body = f"<searchRetrieveResponse><records>{record if known else ''}</records></searchRetrieveResponse>"
    return 200, {"Content-Type": "text/xml"}, body.encode()


def _plugin_query(isbn: str) -> dict[str, Any]:
    """Written the way isbnlib plugins are: isbnlib's ``webquery`` with its own parser."""
    root = webquery.query(PLUGIN_URL.format(isbn=isbn), user_agent="plugin/1", parser=ET.fromstring)
    title = root.find(f".//{DC}title")
    if title is None:
        return {}
    creator = root.findtext(f".//{DC}creator", "")
    last, _, first = creator.partition(", ")
    return dict(
        stdmeta(
            {
                "ISBN-13": isbn,
                "Title": title.text or "",
                "Authors": [f"{first} {last}".strip()],
                "Publisher": root.findtext(f".//{DC}publisher", ""),
                "Year": root.findtext(f".//{DC}date", ""),
                "Language": "",
            }
        )
    )


@pytest.fixture()
def plugin(server: FakeServices, monkeypatch: pytest.MonkeyPatch) -> str:
    server.hooks.append(_sru)
    monkeypatch.setitem(registry.services, "testcat", _plugin_query)
    return "testcat"


def test_installed_plugin_by_name_and_among_the_defaults(
    plugin: str, server: FakeServices, tmp_path: Path
) -> None:
    client = HttpClient(config(server, tmp_path, isbnlib_urls={plugin: server.url}))
    assert IsbnlibServices(client, settings(client)).services == ("wiki", plugin)
    found = IsbnlibServices(client, settings(client), services=[plugin]).by_isbns([ISBN, OTHER])
    assert list(found) == [ISBN]
    book = found[ISBN]
    assert (book.title, book.authors, book.publisher) == ("The prophet armed", ("Isaac Deutscher",), "Verso")
    assert book.source_of("publisher") == f"isbnlib:{plugin}"
    asked = [r for r in server.requests if r.path == "/sru"]
    assert len(asked) == 2 and {r.headers["User-Agent"] for r in asked} == {UA}
    client.close()


def test_plugin_fills_what_wiki_does_not_know(plugin: str, server: FakeServices, tmp_path: Path) -> None:
    server.hooks.insert(0, lambda r: _json(404, {}) if "citation" in r.path else None)
    client = HttpClient(config(server, tmp_path, isbnlib_urls={plugin: server.url}))
    found = IsbnlibServices(client, settings(client), services=["wiki", "plugins"]).by_isbns([ISBN])
    assert found[ISBN].source_of("publisher") == f"isbnlib:{plugin}"
    client.close()


# -- in a resolution run ---------------------------------------------------------------------


def prophet_mention() -> Mention:
    text = "Isaac Deutscher, The Prophet Armed"
    return Mention(text=text, start=0, end=len(text), title="The Prophet Armed", author="Isaac Deutscher")


@pytest.mark.parametrize("catalogue", ["openlibrary", "googlebooks"])
def test_enrichment_fills_the_missing_publisher(server: FakeServices, tmp_path: Path, catalogue: str) -> None:
    with Session(config(server, tmp_path, sources=(catalogue, "isbnlib"))) as session:
        [r] = session.resolve([prophet_mention()])
    assert r.status is Status.RESOLVED and r.book is not None
    assert r.book.publisher == "Verso"
    assert r.book.source_of("publisher") == "isbnlib:wiki"
    assert r.book.source_of("title") == catalogue  # the catalogue's fields are kept
    assert r.book.subtitle == "Trotsky, 1879-1921"


def test_failing_enricher_does_not_fail_the_run(server: FakeServices, tmp_path: Path) -> None:
    server.hooks.insert(0, lambda r: _json(429, {"error": "slow down"}) if "citation" in r.path else None)
    with Session(config(server, tmp_path, sources=("openlibrary", "isbnlib"))) as session:
        [r] = session.resolve([prophet_mention()])
    assert r.status is Status.RESOLVED and r.book is not None
    assert r.book.isbn13 == ISBN and r.book.publisher is None


def test_isbnlib_meta_cache_is_not_involved(server: FakeServices, http: HttpClient) -> None:
    """Two sessions never share isbnlib's in-memory caches: a changed record is seen."""
    source = IsbnlibServices(http, settings(http), services=["wiki"])
    assert source.by_isbns([ISBN])[ISBN].publisher == "Verso"
    server.hooks.insert(0, lambda r: _json(404, {}) if "citation" in r.path else None)
    http.session.cache.clear()  # type: ignore[attr-defined]
    assert source.by_isbns([ISBN]) == {}
