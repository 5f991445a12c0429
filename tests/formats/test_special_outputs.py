"""Output into special files (FIFOs, devices, ``/dev/stdout``) goes by writing into them,
never by replacing them; a backup never follows a symlink planted at its name."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.formats import write_file

BIB = """@book{serge1930,
  author = {Serge, Victor},
  title = {Year One of the Russian Revolution},
  publisher = {Haymarket Books},
  year = {2015},
}
"""

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def _drain(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as pipe:
            into.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def test_write_file_writes_into_a_fifo_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _drain(fifo, got)
    assert write_file(fifo, "hello\n", replace=True, backup=True) is None
    reader.join(5)
    assert got == [b"hello\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not (tmp_path / "pipe.bak").exists()


def test_convert_into_a_fifo_needs_no_force_and_keeps_the_fifo(tmp_path: Path) -> None:
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    fifo = tmp_path / "out.bib"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _drain(fifo, got)
    result = CliRunner().invoke(cli, ["--quiet", "convert", str(source), "-o", str(fifo)])
    reader.join(5)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"@book{serge1930" in got[0]


def test_merge_into_a_fifo_is_refused_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    fifo = tmp_path / "out.bib"
    os.mkfifo(fifo)

    def writer() -> None:  # so that a reader of the FIFO would meet its end, not wait forever
        with open(fifo, "wb"):
            pass

    threading.Thread(target=writer, daemon=True).start()
    result = CliRunner().invoke(cli, ["--quiet", "convert", str(source), "-o", str(fifo), "--merge"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"bibkit: error: {fifo}: not a regular file; --merge adds to a .bib file"
    ]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dev_stdout_into_a_pipe(tmp_path: Path) -> None:
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    for target in ("/dev/stdout", "-"):
        done = subprocess.run(
            [sys.executable, "-m", "bibkit", "--quiet", "convert", str(source), "-o", target, "-f", "bibtex"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert b"@book{serge1930" in done.stdout


def test_a_symlink_at_the_backups_name_is_replaced_not_followed(tmp_path: Path) -> None:
    source = tmp_path / "in.bib"
    source.write_text(BIB, encoding="utf-8")
    out = tmp_path / "refs.bib"
    out.write_text("% the old bibliography\n", encoding="utf-8")
    victim = tmp_path / "precious.txt"
    victim.write_text("not yours\n", encoding="utf-8")
    (tmp_path / "refs.bib.bak").symlink_to(victim)

    result = CliRunner().invoke(cli, ["--quiet", "convert", str(source), "-o", str(out), "--force"])

    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "not yours\n"
    backup = tmp_path / "refs.bib.bak"
    assert not backup.is_symlink()
    assert backup.read_text(encoding="utf-8") == "% the old bibliography\n"
    assert "@book{serge1930" in out.read_text(encoding="utf-8")
