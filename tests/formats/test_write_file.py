"""The one atomic write: new files get the umask's permissions, an existing file is replaced
only when asked, and no empty bibliography is ever written."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bibkit.errors import FormatError, OutputExists
from bibkit.formats import write_file


@pytest.fixture()
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_file_gets_the_permissions_of_the_umask(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "refs.bib"
    write_file(target, "@book{a, title={T}}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 less 027, not a temp file's 0600


def test_a_replaced_file_keeps_its_own_permissions(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    write_file(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_text(encoding="utf-8") == "new\n"


def test_without_replace_an_existing_file_is_refused_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_bytes(b"% 50 hand-made entries\n")
    with pytest.raises(OutputExists, match="already exists"):
        write_file(target, "@book{a, title={T}}\n", replace=False)
    assert target.read_bytes() == b"% 50 hand-made entries\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]  # no temporary file left


def test_without_replace_a_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    assert write_file(target, "x\n", replace=False) is None
    assert target.read_text(encoding="utf-8") == "x\n"


def test_replace_with_backup_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old\n", encoding="utf-8")
    backup = write_file(target, "new\n", backup=True)
    assert backup == tmp_path / "refs.bib.bak"
    assert backup.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("empty", ["", b""])
def test_an_empty_bibliography_is_never_written(tmp_path: Path, empty: str | bytes) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("@book{a, title={T}}\n", encoding="utf-8")
    with pytest.raises(FormatError, match="nothing to write"):
        write_file(target, empty)
    assert target.read_text(encoding="utf-8") == "@book{a, title={T}}\n"
    with pytest.raises(FormatError, match="nothing to write"):
        write_file(tmp_path / "new.bib", empty)
    assert not (tmp_path / "new.bib").exists()
