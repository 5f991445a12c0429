"""Requests and time to export 1,000 Zotero books to a .bib, then to bring it up to date after
one book changed, and the push index refresh with ``since=``, against the local fake Web API.

Run from the project root:  python benchmarks/zotero_export.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bibkit.config import Config  # noqa: E402
from bibkit.zotero import ZoteroClient, push, to_zotero_item  # noqa: E402
from bibkit.zotero.export import export  # noqa: E402
from tests.zotero.fake_zotero import FakeZotero  # noqa: E402
from tests.zotero.sample_books import make_books  # noqa: E402


def _client(server: FakeZotero) -> ZoteroClient:
    config = Config(
        zotero_library_id=server.library_id,
        zotero_api_key=server.api_key,
        zotero_url=server.base_url,
        sleep=False,
        use_cache=False,
    )
    return ZoteroClient.from_config(config)


def main() -> None:
    books = make_books(1000)
    with FakeZotero() as server, tempfile.TemporaryDirectory() as tmp:
        keys = [
            server.add_item({k: v for k, v in to_zotero_item(b).items() if k != "version"}) for b in books
        ]
        out, states = Path(tmp) / "refs.bib", Path(tmp) / "states"
        for label, change in (("first export (full read)", None), ("re-run, 1 book changed", keys[500])):
            if change:
                server.edit_item(change, publisher="Another Press")
            server.reset_log()
            began = time.perf_counter()
            with _client(server) as client:
                report = export(client, out, state_dir=states)
            elapsed = time.perf_counter() - began
            print(
                f"{label:<28} reads {len(server.reads()):>3}  added {len(report.added):>5}  "
                f"rewritten {len(report.updated):>2}  {elapsed:6.2f} s"
            )
        cache = Path(tmp) / "cache"
        for label in ("push of 1 book, index read in full", "push again, index refreshed since="):
            server.reset_log()
            began = time.perf_counter()
            with _client(server) as client:
                push(books[:1], client=client, index_cache=cache)
            elapsed = time.perf_counter() - began
            print(f"{label:<37} reads {len(server.reads()):>3}  {elapsed:6.2f} s")


if __name__ == "__main__":
    main()
