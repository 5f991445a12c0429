"""A damaged cache never stops a run, and emptying the cache never breaks the runs using it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import bibkit
from bibkit.cache import cache_info, clear_cache
from bibkit.cli import cli
from bibkit.model import Status
from tests.servers.openlibrary import FakeServices

THREAD = """Books I recommend:
- Victor Serge, *Year One of the Russian Revolution*
- Isaac Deutscher, *The Prophet Armed*
- Jane Nobody, *A Book That Was Never Written*
"""
MORE = """More:
- Isaac Deutscher, *The Prophet Unarmed*
"""


def _resolve(fake_services: FakeServices, source: Path) -> object:
    return CliRunner().invoke(cli, ["--openlibrary-url", fake_services.url, "resolve", "--json", str(source)])


@pytest.mark.parametrize("name", ["http.sqlite", "resolutions.sqlite"])
def test_a_cache_file_that_is_not_a_database_is_moved_aside_with_one_warning(
    fake_services: FakeServices, tmp_path: Path, name: str
) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / name).write_bytes(b"overwritten by something else\n" * 300)

    result = _resolve(fake_services, source)

    assert result.exit_code == 0, result.output
    assert result.stdout.count('"status": "resolved"') == 2
    assert result.stdout.count('"status": "not_found"') == 1
    warnings = [line for line in result.stderr.splitlines() if "damaged" in line]
    assert len(warnings) == 1 and warnings[0].startswith("bibkit: warning:"), result.stderr
    assert "Traceback" not in result.output
    assert (cache / f"{name}.damaged").read_bytes().startswith(b"overwritten")
    # A new cache was started and works: the rerun asks no service.
    sent = len(fake_services.requests)
    again = _resolve(fake_services, source)
    assert again.exit_code == 0 and "damaged" not in again.stderr
    assert len(fake_services.requests) == sent


def test_a_cache_damaged_inside_is_dropped_for_the_run(fake_services: FakeServices, tmp_path: Path) -> None:
    """Damage past the first page is only met mid-run: the run goes on without the cache."""
    source = tmp_path / "thread.txt"
    source.write_text(THREAD * 40, encoding="utf-8")
    assert _resolve(fake_services, source).exit_code == 0
    for name in ("http.sqlite", "resolutions.sqlite"):
        path = tmp_path / "cache" / name
        data = bytearray(path.read_bytes())
        assert len(data) > 8192
        data[4096:] = b"\xa5" * (len(data) - 4096)
        path.write_bytes(bytes(data))

    result = _resolve(fake_services, source)

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stdout.count('"status": "resolved"') == 80
    assert result.stdout.count('"status": "not_found"') == 40


def test_clearing_the_cache_during_a_run_loses_nothing(fake_services: FakeServices, tmp_path: Path) -> None:
    """``bibkit cache clear`` from another terminal while a run holds the cache open: the run
    finishes, and what it stores after the clear is kept for the next run."""
    config = fake_services.config(cache_dir=tmp_path / "cache")
    with bibkit.Session(config) as session:
        first = session.resolve(THREAD)
        assert cache_info(config).resolutions == 3
        clear_cache(config)  # what `bibkit cache clear` does, meanwhile
        assert cache_info(config).resolutions == 0
        later = session.resolve(MORE)
    assert [r.status for r in first] == [Status.RESOLVED, Status.RESOLVED, Status.NOT_FOUND]
    assert [r.status for r in later] == [Status.RESOLVED]
    info = cache_info(config)
    assert info.resolutions == 1
    assert info.http_responses > 0
    sent = len(fake_services.requests)
    with bibkit.Session(config) as session:
        assert session.resolve(MORE)[0].status is Status.RESOLVED
    assert len(fake_services.requests) == sent
