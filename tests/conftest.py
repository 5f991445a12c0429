"""Shared fixtures. Tests never reach the internet; those that read ``../shared`` skip when
it is absent (a user's clone does not have it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import bibkit
from bibkit.catalog import build_catalog
from bibkit.session import Session
from tests.servers.dump import write_dump
from tests.servers.openlibrary import FakeServices
from tests.servers.seed import seed_catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def pytest_report_header() -> str:
    """Which bibkit the run tests: the source tree, or an installed build."""
    where = Path(bibkit.__file__ or "").parent
    return f"bibkit {bibkit.__version__} from {where}"


def shared_path() -> Path:
    """Where the shared data lives: ``$BIBKIT_SHARED_DIR`` or ``../shared`` beside the project."""
    return Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared data not available at {path}")
    return path


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test gets its own cache and config dirs and no real endpoints or keys."""
    for var in (
        "BIBKIT_OPENLIBRARY_URL",
        "BIBKIT_GOOGLE_BOOKS_URL",
        "GOOGLE_BOOKS_API_KEY",
        "BIBKIT_NO_CACHE",
        "BIBKIT_CONFIG",
        "BIBKIT_SOURCES",
        "ZOTERO_API_KEY",
        "ZOTERO_LIBRARY_ID",
        "ZOTERO_LIBRARY_TYPE",
        "BIBKIT_ZOTERO_URL",
        "BIBKIT_CACHE_EXPIRE_S",
        "BIBKIT_MAX_WORKERS",
        "BIBKIT_TIMEOUT_S",
        "BIBKIT_RETRIES",
        "BIBKIT_ISBNLIB_SERVICES",
        "BIBKIT_ISBNLIB_URLS",
        "BIBKIT_CATALOG",
        "BIBKIT_OFFLINE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BIBKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # A catalogue the developer built must not change what the tests resolve.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # No test may reach a real service: by default every endpoint is a closed loopback port.
    for var in ("BIBKIT_OPENLIBRARY_URL", "BIBKIT_GOOGLE_BOOKS_URL", "BIBKIT_ZOTERO_URL"):
        monkeypatch.setenv(var, CLOSED_PORT_URL)


CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.fixture()
def fake_services(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServices]:
    """A loopback server speaking Open Library's and Google Books' formats, holding the seed
    catalogue; the environment points bibkit at it."""
    with FakeServices(seed_catalog()) as server:
        monkeypatch.setenv("BIBKIT_OPENLIBRARY_URL", server.url)
        monkeypatch.setenv("BIBKIT_GOOGLE_BOOKS_URL", server.url + "/books/v1")
        yield server


@pytest.fixture()
def session(fake_services: FakeServices, tmp_path: Path) -> Iterator[Session]:
    """A Session pointed at the fake services, without sleeps."""
    with Session(fake_services.config(cache_dir=tmp_path / "session-cache")) as s:
        yield s


@pytest.fixture()
def seed_dumps(tmp_path: Path) -> list[Path]:
    """The seed catalogue as Open Library's three gzip dumps (authors, works, editions)."""
    return write_dump(seed_catalog(), tmp_path / "dumps")


@pytest.fixture()
def seed_db(seed_dumps: list[Path], tmp_path: Path) -> Path:
    """A local catalogue built from :func:`seed_dumps`."""
    path = tmp_path / "catalog.sqlite"
    build_catalog(seed_dumps, path)
    return path
