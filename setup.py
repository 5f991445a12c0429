"""Build hook: compile the extraction stage with mypyc.

Extraction reads every character of the user's text through many small typed functions; the
interpreter's call and attribute overhead is most of its cost. mypyc (the compiler black and
mypy ship their wheels with) turns those modules into C extensions that give the same results
about 1.4 times faster. Everything else stays pure Python: it waits on the network, not on the
interpreter.

The compiled modules are an optimisation, never a requirement. A wheel is built pure Python
when ``BIBKIT_PURE_PYTHON=1`` is set, for editable installs (a compiled module next to its
source would shadow every later edit of it), and, with a warning, when mypyc or the C compiler
fails. ``bibkit --version`` says which build is installed.

All other metadata lives in pyproject.toml.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Distribution, Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, CCompilerError

#: The modules compiled: the whole extraction stage, so calls between them stay native.
COMPILED = [
    "bibkit/mentions/layout.py",
    "bibkit/mentions/rules.py",
    "bibkit/mentions/document.py",
    "bibkit/mentions/titles.py",
    "bibkit/mentions/names.py",
    "bibkit/mentions/lexicon.py",
    "bibkit/mentions/extract.py",
]

#: Options of the type analysis mypyc compiles from. The project's own mypy settings are for
#: checking, not building: without them, and treating modules outside the compiled set as
#: untyped, the build gives the same result whatever else the build environment holds.
#: Its cache stays in build/, apart from the one of the project's type checks.
MYPYC_OPTIONS = [
    "--config-file=",
    "--follow-imports=skip",
    "--ignore-missing-imports",
    "--cache-dir=build/mypyc-cache",
]


#: The setup commands that compile; an editable install runs "editable_wheel", pip's metadata
#: step "dist_info", an sdist "sdist".
BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


def _compile_wanted() -> bool:
    return os.environ.get("BIBKIT_PURE_PYTHON", "") in ("", "0")


def _warn(message: str) -> None:
    print(f"warning: {message}; building bibkit as pure Python (slower extraction)", file=sys.stderr)


class CompilingDistribution(Distribution):
    """Declares extension modules without listing them, so that setuptools runs build_ext and
    tags the wheel for the platform, while mypyc runs only when a wheel is really built (not
    for metadata, an sdist or an editable install)."""

    def has_ext_modules(self) -> bool:
        return _compile_wanted()


class OptionalMypycBuildExt(build_ext):
    """build_ext that generates the mypyc extensions itself and falls back to pure Python."""

    def finalize_options(self) -> None:
        # setuptools finalizes this command for metadata and file lists too, and before it
        # says whether the install is editable: only the commands that build a wheel or
        # build in place on request compile.
        requested = set(self.distribution.commands)
        if _compile_wanted() and requested & BUILDING and not self.editable_mode:
            self.distribution.ext_modules = self._mypyc_extensions()
        super().finalize_options()

    def _mypyc_extensions(self) -> list[Extension]:
        try:
            from mypyc.build import mypycify
        except ImportError:
            _warn("mypyc is not installed")
            return []
        try:
            return mypycify([*MYPYC_OPTIONS, *COMPILED], group_name="bibkit_mentions")
        except (Exception, SystemExit) as error:  # mypyc exits on a type error
            _warn(f"mypyc failed ({error})")
            return []

    def run(self) -> None:
        try:
            super().run()
        except (BaseError, CCompilerError, OSError) as error:  # no C compiler, or it failed
            self._discard_outputs()
            _warn(f"compiling failed ({error})")

    def _discard_outputs(self) -> None:
        """Remove what was built before the failure: a module compiled without the shared
        library it links to would fail on import instead of falling back to its source."""
        for output in self.get_outputs():
            Path(output).unlink(missing_ok=True)


setup(distclass=CompilingDistribution, cmdclass={"build_ext": OptionalMypycBuildExt})
