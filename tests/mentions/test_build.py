"""Which build of the extraction stage runs: compiled by mypyc (``pip install .``) or source.

The tests run against either (CI runs them against both); these check that bibkit says
truthfully which one, since speed figures and bug reports depend on it.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES

from click.testing import CliRunner

import bibkit.mentions
from bibkit import __version__
from bibkit.cli import cli
from bibkit.mentions import extraction_build


def test_the_build_named_is_the_one_imported() -> None:
    names = [info.name for info in pkgutil.iter_modules(bibkit.mentions.__path__)]
    files = {name: import_module(f"bibkit.mentions.{name}").__file__ or "" for name in names}
    kinds = {path.endswith(tuple(EXTENSION_SUFFIXES)) for path in files.values()}
    # A module left out of setup.py's list would run as source in the compiled build.
    assert len(kinds) == 1, f"all of the extraction modules are compiled or none: {files}"
    assert extraction_build() == ("compiled" if kinds.pop() else "pure Python")


def test_version_says_which_build() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"bibkit {__version__} ({extraction_build()} extraction)"
