"""A damaged cache never stops a run, and emptying the cache never breaks the runs using it."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner, Result

import bibkit
from bibkit import cachefile
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


def _resolve(fake_services: FakeServices, source: Path) -> Result:
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


# -- a cache bibkit cannot use: locked by another program, a directory it cannot write to -------

WAIT_S = 0.5
T = TypeVar("T")


@pytest.fixture()
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait half a second for another program's lock instead of ten: the same code path."""
    monkeypatch.setattr(cachefile, "BUSY_TIMEOUT_S", WAIT_S)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """``path`` held in an exclusive transaction, as a program stopped mid-write holds it."""
    holder = sqlite3.connect(path, timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        holder.rollback()
        holder.close()


def _in_time(run: Callable[[], T], seconds: float = 60.0) -> T:
    """``run()``, failing the test (rather than hanging it) if it does not end in ``seconds``."""
    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(run()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert done, f"still waiting after {seconds} s"
    return done[0]


@pytest.mark.usefixtures("short_wait")
def test_caches_locked_by_another_program_are_one_warning_each_and_the_run_goes_on(
    fake_services: FakeServices, tmp_path: Path
) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    assert _resolve(fake_services, source).exit_code == 0  # both caches exist now
    cache = tmp_path / "cache"
    fake_services.requests.clear()
    with _locked(cache / "http.sqlite"), _locked(cache / "resolutions.sqlite"):
        result = _in_time(lambda: _resolve(fake_services, source))
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"status": "resolved"') == 2
    assert fake_services.requests  # asked the service again: the caches could not be read
    warnings = [line for line in result.stderr.splitlines() if line.startswith("bibkit: warning:")]
    for what, name in (("the HTTP cache", "http.sqlite"), ("the resolution cache", "resolutions.sqlite")):
        assert (
            f"bibkit: warning: {what} {cache / name} cannot be used (database is locked); this run goes "
            "on without it: another program holds it locked (a bibkit run still going?); try again "
            "when it is done, or use --no-cache"
        ) in warnings, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("short_wait")
def test_a_cache_locked_during_a_run_is_left_out_for_the_rest_of_it(
    fake_services: FakeServices, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = fake_services.config(cache_dir=tmp_path / "cache")
    with bibkit.Session(config) as session:
        session.resolve(THREAD)
        with _locked(tmp_path / "cache" / "http.sqlite"):
            later = _in_time(lambda: session.resolve(MORE))
    assert [r.status for r in later] == [Status.RESOLVED]
    assert "the HTTP cache" in caplog.text and "database is locked" in caplog.text


@pytest.mark.parametrize(
    ("args", "name", "doing"),
    [
        (["cache", "clear"], "resolutions.sqlite", "clear the resolution cache"),
        (["cache", "clear", "--not-found"], "resolutions.sqlite",
         "forget the misses of the resolution cache"),
        (["cache", "clear", "--not-found"], "http.sqlite", "forget the searches of the HTTP cache"),
    ],
)
@pytest.mark.usefixtures("short_wait")
def test_clearing_a_locked_cache_is_one_error_line(
    fake_services: FakeServices, tmp_path: Path, args: list[str], name: str, doing: str
) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    assert _resolve(fake_services, source).exit_code == 0
    path = tmp_path / "cache" / name
    with _locked(path):
        result = _in_time(lambda: CliRunner().invoke(cli, args))
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"bibkit: error: cannot {doing} {path} (database is locked): another program holds it "
        "locked (a bibkit run still going?); try again when it is done"
    )


def _unwritable_directory(tmp_path: Path, how: str) -> Path:
    if how == "a file in its place":
        (tmp_path / "cache").write_text("not a directory\n", encoding="utf-8")
    else:
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("permissions do not bind this user")
        (tmp_path / "cache").mkdir(mode=0o555)
    return tmp_path / "cache"


@pytest.mark.parametrize("how", ["a file in its place", "read-only"])
def test_a_cache_directory_bibkit_cannot_write_to_is_a_warning_naming_it(
    fake_services: FakeServices, tmp_path: Path, how: str
) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(THREAD, encoding="utf-8")
    cache = _unwritable_directory(tmp_path, how)
    result = _resolve(fake_services, source)
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"status": "resolved"') == 2
    warnings = [line for line in result.stderr.splitlines() if line.startswith("bibkit: warning:")]
    assert len(warnings) == 2, result.stderr
    for line, name in zip(warnings, ("http.sqlite", "resolutions.sqlite"), strict=True):
        assert f"{cache / name} cannot be used (" in line
        assert line.endswith(f"make {cache} a directory you can write to, or set BIBKIT_CACHE_DIR to one, "
                             "or use --no-cache")  # fmt: skip
    assert "Traceback" not in result.output
