"""Fixtures for the Zotero tests: a fake Web API v3 on loopback and configs pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bibkit.config import Config
from bibkit.model import Book
from tests.conftest import shared_path
from tests.zotero.fake_zotero import FakeZotero

SCHEMA = Path("reference/zotero-responses/zotero-schema/schema.json")


def isbn13(n: int) -> str:
    """A valid ISBN-13 (979-10 range excluded) numbered ``n``: 978-1-..., checksum computed."""
    body = f"9781{n:08d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def make_books(count: int, *, start: int = 0) -> list[Book]:
    """``count`` distinct books with real-looking, checksum-valid ISBNs."""
    return [
        Book(
            title=f"A History of Everything, Volume {n}",
            authors=(f"Author{n} Surname{n}",),
            publisher="Test Press",
            place="London",
            year=1990 + n % 30,
            isbn13=isbn13(n),
            pages=100 + n,
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def zotero_server() -> Iterator[FakeZotero]:
    schema = shared_path() / SCHEMA
    with FakeZotero(schema_path=schema if schema.is_file() else None) as server:
        yield server


@pytest.fixture
def zotero_config(zotero_server: FakeZotero, tmp_path: Path) -> Config:
    """A configuration for the fake library; no real sleeping, short backoff."""
    return Config(
        zotero_library_id=zotero_server.library_id,
        zotero_library_type=zotero_server.library_type,
        zotero_api_key=zotero_server.api_key,
        zotero_url=zotero_server.base_url,
        zotero_timeout_s=5.0,
        sleep=False,
        retries=3,
        backoff_s=0.5,
        cache_dir=tmp_path / "cache",
        use_cache=False,
    )
