"""Requests needed to push 1,000 books into Zotero, measured against the local fake Web API.

Run from the project root:  python benchmarks/zotero_push.py

It counts requests twice: as bibkit sent them (retries included) and as the server logged
them; the two must agree. Sleeping is off (no faults are injected, so nothing would wait).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bibkit.config import Config  # noqa: E402
from bibkit.model import Book  # noqa: E402
from bibkit.zotero import PushReport, ZoteroClient, push  # noqa: E402
from tests.conftest import shared_path  # noqa: E402
from tests.zotero.fake_zotero import FakeZotero  # noqa: E402
from tests.zotero.sample_books import make_books  # noqa: E402

SCHEMA = shared_path() / "reference/zotero-responses/zotero-schema/schema.json"


def _config(server: FakeZotero) -> Config:
    return Config(
        zotero_library_id=server.library_id,
        zotero_api_key=server.api_key,
        zotero_url=server.base_url,
        sleep=False,
        use_cache=False,
    )


def _run(server: FakeZotero, books: list[Book], label: str, **options: object) -> PushReport:
    server.reset_log()
    began = time.perf_counter()
    with ZoteroClient.from_config(_config(server)) as client:
        report = push(books, client=client, **options)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - began
    seen_reads, seen_writes = len(server.reads()), len(server.writes())
    assert (report.reads, report.writes) == (seen_reads, seen_writes), "client and server disagree"
    print(
        f"{label:<52} reads {report.reads:>3}  writes {report.writes:>3}  "
        f"created {len(report.created):>5}  present {len(report.present):>5}  "
        f"failed {len(report.failed):>2}  {elapsed:6.2f} s"
    )
    return report


def main() -> None:
    books = make_books(1000)
    schema = SCHEMA if SCHEMA.is_file() else None
    print(
        f"pushing {len(books)} books to a local Zotero Web API v3 (schema: {'v41' if schema else 'built-in'})"
    )

    with FakeZotero(schema_path=schema) as server:
        _run(server, books, "1,000 books, empty library")
        _run(server, books, "rerun")

    with FakeZotero(schema_path=schema) as server:
        _run(server, books, "1,000 books + notes, new collection A/B", collection="A/B", note=True)
        _run(server, books, "rerun", collection="A/B", note=True)
        _run(server, books, "rerun into another collection C", collection="C")

    with FakeZotero(schema_path=schema) as server:
        for book in make_books(5000, start=10_000):
            server.add_item({"itemType": "book", "title": book.title, "ISBN": book.isbn13})
        _run(server, books, "1,000 books into a library of 5,000 other books")
        _run(server, books, "rerun")


if __name__ == "__main__":
    main()
