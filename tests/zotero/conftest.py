"""Fixtures for the Zotero tests: a fake Web API v3 on loopback and configs pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bibkit.config import Config
from tests.conftest import shared_path
from tests.zotero.fake_zotero import FakeZotero

SCHEMA = Path("reference/zotero-responses/zotero-schema/schema.json")


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
