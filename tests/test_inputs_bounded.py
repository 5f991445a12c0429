"""Inputs have bounds: a size cap, only regular files, FIFOs and standard input, and a closed
or interactive standard input handled in one line."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibkit.cli import cli

LIST = "Books I recommend:\n- Victor Serge, *Year One of the Russian Revolution*\n"


def test_an_input_past_the_size_cap_is_refused_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_text(LIST * 100, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(source)], env={"BIBKIT_MAX_INPUT_BYTES": "1000"})
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"bibkit: error: {source}: larger than 1,000 bytes, the input size limit; "
        "raise it with BIBKIT_MAX_INPUT_BYTES (max_input_bytes) if this is really text"
    ]
    raised = CliRunner().invoke(cli, ["extract", str(source)], env={"BIBKIT_MAX_INPUT_BYTES": "0"})
    assert raised.exit_code == 0 and "Year One" in raised.stdout


@pytest.mark.parametrize("command", ["extract", "check"])
def test_a_device_is_refused_not_read_until_memory_runs_out(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "/dev/zero"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "bibkit: error: /dev/zero: not a regular file (a device or socket); give a text file"
    )


def test_nul_bytes_past_the_first_8_kb_make_a_binary_file(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(LIST.encode() * 200 + b"\x00\x01\x02")
    result = CliRunner().invoke(cli, ["extract", str(source)])
    assert result.exit_code == 2
    assert "looks like a binary file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write(LIST)

    threading.Thread(target=write, daemon=True).start()
    result = CliRunner().invoke(cli, ["extract", str(fifo)])
    assert result.exit_code == 0, result.output
    assert "Year One of the Russian" in result.stdout


def test_a_closed_standard_input_is_one_line_not_a_traceback() -> None:
    # As a shell runs `bibkit extract - <&-`: the process starts with no file descriptor 0.
    done = subprocess.run(
        [sys.executable, "-m", "bibkit", "extract", "-"],
        stdin=None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("bibkit: error: standard input")
