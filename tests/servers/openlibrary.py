"""A fake Open Library on 127.0.0.1: ``/search.json``, ``/api/books`` and ``/isbn/{isbn}.json``,
answering in the real services' shapes (see the recorded responses in the reference folder)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bibkit.config import Config
from tests.servers.catalog import Catalog, Edition, Work, terms

Handler = Callable[["FakeRequest"], "tuple[int, dict[str, str], bytes] | None"]
Answer = tuple[int, dict[str, str], bytes]
# Sees every answer before it is sent and may change it (e.g. cut the body short).
Filter = Callable[["FakeRequest", Answer], Answer]


class FakeRequest:
    def __init__(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]


def _edition_doc(edition: Edition, fields: set[str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"key": f"/books/{edition.key}", "title": edition.title}
    if edition.subtitle:
        doc["subtitle"] = edition.subtitle
    if edition.isbn13:
        doc["isbn"] = [edition.isbn13] + ([edition.isbn10] if edition.isbn10 else [])
    if edition.publisher:
        doc["publisher"] = [edition.publisher]
    if edition.publish_date:
        doc["publish_date"] = [edition.publish_date]
    if edition.language:
        doc["language"] = [edition.language]
    if edition.place:
        doc["publish_place"] = [edition.place]
    return {k: v for k, v in doc.items() if k in fields or k == "key"}


def work_doc(
    work: Work,
    fields: set[str],
    *,
    lang: str | None = None,
    edition_sort: str | None = None,
    isbns: tuple[str, ...] = (),
    title_terms: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One ``docs[]`` entry of search.json for ``work``, restricted to ``fields``.

    The ``editions`` sub-document holds the one best edition: boosted by ``lang`` (the UI
    language, ISO 639-1 as the real parameter takes it) and ordered by ``editions.sort``.
    """
    # The work-level union of its editions' ISBNs; ``isbns`` are the ones the query asked for.
    union: list[str] = []
    for e in work.editions:
        if e.isbn13:
            union += [e.isbn13] + ([e.isbn10] if e.isbn10 else [])
    doc: dict[str, Any] = {
        "key": f"/works/{work.key}",
        "title": work.title,
        "author_name": list(work.authors),
        "author_key": [f"OL{abs(hash(a)) % 10**6}A" for a in work.authors],
        "edition_count": work.edition_count,
        "first_publish_year": work.first_publish_year,
        "language": sorted({e.language for e in work.editions if e.language}),
        "isbn": union,
        "publisher": sorted({e.publisher for e in work.editions if e.publisher}),
        "publish_year": sorted({e.year for e in work.editions if e.year}),
        "edition_key": [e.key for e in work.editions],
    }
    if work.subtitle:
        doc["subtitle"] = work.subtitle
    if work.series:
        doc["series_name"] = [work.series]
    if doc["first_publish_year"] is None:
        del doc["first_publish_year"]
    out = {k: v for k, v in doc.items() if k in fields}
    if "editions" in fields:
        edition_fields = {f.split(".", 1)[1] for f in fields if f.startswith("editions.")} or {"key", "title"}
        ranked = work.ranked_editions(lang=lang, sort=edition_sort)
        # Edition-level query terms (an ISBN, title words) pick the edition that matches them.
        ranked.sort(
            key=lambda e: (e.isbn13 not in isbns, bool(title_terms) and not title_terms <= terms(e.title))
        )
        docs = [_edition_doc(ranked[0], edition_fields)] if ranked else []
        out["editions"] = {"numFound": len(work.editions), "start": 0, "numFoundExact": True, "docs": docs}
    return out


DEFAULT_FIELDS = {
    "key",
    "title",
    "subtitle",
    "author_name",
    "author_key",
    "edition_count",
    "first_publish_year",
    "language",
}


def books_api_record(work: Work, edition: Edition) -> dict[str, Any]:
    """A Books API ``jscmd=data`` record."""
    record: dict[str, Any] = {
        "url": f"https://openlibrary.org/books/{edition.key}",
        "key": f"/books/{edition.key}",
        "title": edition.title,
        "authors": [{"url": "https://openlibrary.org/authors/OL1A", "name": a} for a in work.authors],
        "identifiers": {"openlibrary": [edition.key]},
    }
    if edition.subtitle:
        record["subtitle"] = edition.subtitle
    if edition.isbn13:
        record["identifiers"]["isbn_13"] = [edition.isbn13]
        if edition.isbn10:
            record["identifiers"]["isbn_10"] = [edition.isbn10]
    if edition.publisher:
        record["publishers"] = [{"name": edition.publisher}]
    if edition.place:
        record["publish_places"] = [{"name": edition.place}]
    if edition.publish_date:
        record["publish_date"] = edition.publish_date
    if edition.pages:
        record["number_of_pages"] = edition.pages
    return record


ISO_OF_MARC = {"eng": "en", "fre": "fr", "ger": "de", "spa": "es", "rus": "ru", "ita": "it"}


def google_volume(work: Work, edition: Edition) -> dict[str, Any]:
    """A ``volumes`` item in Google's shape (see the recorded responses)."""
    ids = []
    if edition.isbn10:
        ids.append({"type": "ISBN_10", "identifier": edition.isbn10})
    if edition.isbn13:
        ids.append({"type": "ISBN_13", "identifier": edition.isbn13})
    info: dict[str, Any] = {"title": edition.title, "authors": list(work.authors)}
    if edition.subtitle:
        info["subtitle"] = edition.subtitle
    if edition.publisher:
        info["publisher"] = edition.publisher
    if edition.publish_date:
        info["publishedDate"] = edition.publish_date
    if ids:
        info["industryIdentifiers"] = ids
    info["pageCount"] = edition.pages or 0
    if edition.language:
        info["language"] = ISO_OF_MARC.get(edition.language, edition.language)
    volume_id = f"g{edition.key}"
    info["canonicalVolumeLink"] = f"https://books.google.com/books/about/?id={volume_id}"
    return {"kind": "books#volume", "id": volume_id, "volumeInfo": info}


class FakeServices:
    """A threaded loopback server for Open Library (and, once added, other services' formats).

    ``requests`` records every request path for assertions; ``hooks`` can intercept requests
    (return a response tuple) to inject faults; ``filters`` see every answer before it is sent
    (see ``tests/servers/faults.py``).
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.requests: list[FakeRequest] = []
        self.hooks: list[Handler] = []
        self.filters: list[Filter] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def config(self, **changes: Any) -> Config:
        """A Config that points bibkit at this server (Open Library only, no sleeps), with
        ``changes`` applied: the one way tests and benchmarks build one."""
        return Config.load(
            openlibrary_url=self.url,
            google_books_url=self.url + "/books/v1",
            sources=("openlibrary",),
            sleep=False,
            **changes,
        )

    def start(self) -> FakeServices:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeServices:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def paths(self, prefix: str = "") -> list[str]:
        with self._lock:
            return [r.path for r in self.requests if r.path.startswith(prefix)]

    # -- request handling -------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        answer = self._answer(request)
        for apply in self.filters:
            answer = apply(request, answer)
        return answer

    def _answer(self, request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(request)
        for hook in self.hooks:
            answer = hook(request)
            if answer is not None:
                return answer
        if request.path == "/search.json":
            return self._search(request)
        if request.path == "/books/v1/volumes":
            return self._volumes(request)
        if request.path in ("/api/books", "/api/books.json"):
            return self._books(request)
        if request.path.startswith("/isbn/") and request.path.endswith(".json"):
            found = self.catalog.by_isbn(request.path[len("/isbn/") : -len(".json")])
            if not found:
                return _json(404, {"error": "notfound", "key": request.path[:-5]})
            return 302, {"Location": f"/books/{found[1].key}.json"}, b""
        return _json(404, {"error": "notfound"})

    def _search(self, request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        fields = set(request.arg("fields").split(",")) if request.arg("fields") else DEFAULT_FIELDS
        limit = int(request.arg("limit", "100") or 100)
        q = request.arg("q")
        if q and len(q) < 3:
            return _json(400, {"error": "q must be at least 3 characters"})
        isbns: tuple[str, ...] = ()
        if q.startswith("isbn:"):
            works = []
            isbns = tuple(i.strip() for i in q[5:].strip("()").split(" OR "))
            for isbn in isbns:
                found = self.catalog.by_isbn(isbn.strip())
                if found and found[0] not in works:
                    works.append(found[0])
        else:
            works = self.catalog.search(title=request.arg("title"), author=request.arg("author"), q=q)
        lang = request.arg("lang") or None
        edition_sort = request.arg("editions.sort") or None
        docs = [
            work_doc(
                w,
                fields,
                lang=lang,
                edition_sort=edition_sort,
                isbns=isbns,
                title_terms=frozenset(terms(request.arg("title"))),
            )
            for w in works[:limit]
        ]
        return _json(
            200,
            {
                "numFound": len(works),
                "start": 0,
                "numFoundExact": True,
                "docs": docs,
                "num_found": len(works),
                "q": q,
                "offset": None,
            },
        )

    def _volumes(self, request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        """Google Books ``volumes``: ``intitle:``, ``inauthor:`` and ``isbn:`` operators, one
        volume per edition, ``langRestrict`` filtering by language, no ``items`` when empty."""
        q = request.arg("q")
        limit = min(40, int(request.arg("maxResults", "10") or 10))
        lang = request.arg("langRestrict") or None
        pairs: list[tuple[Work, Edition]] = []
        isbn = re.search(r"isbn:(\S+)", q)
        if isbn:
            found = self.catalog.by_isbn(isbn.group(1))
            pairs = [found] if found else []
        else:
            title = " ".join(re.findall(r'intitle:(?:"([^"]*)"|(\S+))', q)[0]) if "intitle:" in q else ""
            author = " ".join(re.findall(r"inauthor:(\S+)", q))
            for work in self.catalog.search(title=title, author=author):
                pairs += [(work, e) for e in work.ranked_editions(lang=lang)]
        if lang:
            marc = {"en": "eng", "fr": "fre", "de": "ger", "es": "spa", "ru": "rus"}.get(lang, lang)
            pairs = [(w, e) for w, e in pairs if e.language in (marc, None)]
        items = [google_volume(w, e) for w, e in pairs[:limit]]
        body: dict[str, Any] = {"kind": "books#volumes", "totalItems": len(pairs)}
        if items:
            body["items"] = items
        return _json(200, body)

    def _books(self, request: FakeRequest) -> tuple[int, dict[str, str], bytes]:
        if request.arg("format") != "json" and request.path == "/api/books":
            return 200, {"Content-Type": "application/javascript"}, b"var _OLBookInfo = {};"
        out = {}
        for bibkey in request.arg("bibkeys").split(","):
            scheme, _, value = bibkey.partition(":")
            if scheme.upper() != "ISBN":
                continue
            found = self.catalog.by_isbn(value)
            if found:
                out[bibkey] = books_api_record(*found)
        return _json(200, out)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        services = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; without this, Nagle's algorithm and
            # the client's delayed ACK hold every answer on a kept-alive connection ~40 ms.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                request = FakeRequest("GET", parts.path, parse_qs(parts.query), dict(self.headers.items()))
                status, headers, body = services.handle(request)
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return _Handler


def _json(status: int, payload: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
