r"""The real toolchain: generated .bib files go through ``bibtex``, ``biber`` and ``pdflatex``.

A .bib file is only good if the tools read it without a word of complaint, so these tests
assert zero errors and zero warnings (BibTeX exits 0 even with warnings, and biber too, so
the output is searched). The hostile records must also compile without running anything: the
document must not read the file their ``\input`` names. Outside CI the tests skip when TeX is not installed;
with ``CI`` set, a missing tool is a failure (``.ci/apt-packages.txt`` lists the packages).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from formats_samples import ENTRIES, HOSTILE_BOOKS, HOSTILE_ENTRIES, NON_LATIN_BOOKS, SEED_BOOKS

from bibkit.cli import cli
from bibkit.formats import dumps, load_books
from bibkit.model import Book
from tests.servers.openlibrary import FakeServices

TOOLS = ("bibtex", "biber", "pdflatex")
#: Printed only if LaTeX reads the file a hostile title tries to \input.
SECRET_MARK = "SECRET-FILE-WAS-READ"


def _plant_secret(directory: Path) -> None:
    (directory / "bibkit-secret.tex").write_text(f"\\typeout{{{SECRET_MARK}}}\n", encoding="utf-8")


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    message = f"TeX toolchain not installed: {', '.join(missing)} (see .ci/apt-packages.txt)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120, check=False
    )
    return done.stdout + done.stderr


def _bibtex_problems(output: str) -> list[str]:
    pattern = re.compile(r"Warning--|error message|I was expecting|Repeated")
    return [line for line in output.splitlines() if pattern.search(line)]


def _biber_problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]


def _latex_problems(log: str) -> list[str]:
    return [
        line
        for line in log.splitlines()
        if line.startswith("!") or re.search(r"(Package|LaTeX) \w* ?Warning|Citation .* undefined", line)
    ]


@pytest.fixture(scope="module")
def all_books() -> tuple[Book, ...]:
    return SEED_BOOKS + HOSTILE_BOOKS


LATEX = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "-halt-on-error", "doc.tex"]


def _compile_with_bibtex(directory: Path, entries: int) -> None:
    """pdflatex, bibtex (plain), pdflatex twice on ``refs.bib``; assert a clean run."""
    _plant_secret(directory)
    (directory / "doc.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    _run(LATEX, directory)
    bibtex_out = _run(["bibtex", "doc"], directory)
    _run(LATEX, directory)
    _run(LATEX, directory)
    log = (directory / "doc.log").read_text(encoding="utf-8", errors="replace")
    bbl = (directory / "doc.bbl").read_text(encoding="utf-8")
    assert _bibtex_problems(bibtex_out) == [], bibtex_out
    assert "(There were" not in bibtex_out, bibtex_out
    assert _latex_problems(log) == []
    assert SECRET_MARK not in log and not (directory / "pwned").exists()
    assert bbl.count("\\bibitem") == entries
    assert (directory / "doc.pdf").exists()


def _compile_with_biber(directory: Path, entries: int) -> None:
    """pdflatex, biber, pdflatex twice with biblatex on ``refs.bib``; assert a clean run."""
    _plant_secret(directory)
    (directory / "doc.tex").write_text(
        "\\documentclass{article}\n"
        "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    _run(LATEX, directory)
    biber_out = _run(["biber", "doc"], directory)
    _run(LATEX, directory)
    _run(LATEX, directory)
    log = (directory / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert _biber_problems(biber_out) == [], biber_out
    assert _latex_problems(log) == []
    assert SECRET_MARK not in log and not (directory / "pwned").exists()
    assert (directory / "doc.bbl").read_text(encoding="utf-8").count("\\entry{") == entries


def test_bibtex_reads_the_ascii_file_without_warnings(tmp_path: Path, all_books: tuple[Book, ...]) -> None:
    _require_tools()
    (tmp_path / "refs.bib").write_text(dumps(all_books, format="bibtex"), encoding="utf-8")
    _compile_with_bibtex(tmp_path, len(all_books))


def test_biblatex_and_biber_read_the_utf8_file_without_warnings(
    tmp_path: Path, all_books: tuple[Book, ...]
) -> None:
    _require_tools()
    (tmp_path / "refs.bib").write_text(dumps(all_books, format="biblatex"), encoding="utf-8")
    _compile_with_biber(tmp_path, len(all_books))


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_convert_on_the_seed_thread_compiles_cleanly(
    shared_dir: Path, fake_services: FakeServices, tmp_path: Path, fmt: str
) -> None:
    """The whole pipeline: the real seed thread, resolved against the loopback catalogue."""
    _require_tools()
    thread = shared_dir / "data" / "mentions" / "00-tweet-russian-revolution-thread.txt"
    result = CliRunner().invoke(
        cli, ["--openlibrary-url", fake_services.url, "convert", str(thread), "-f", fmt, "-o",
              str(tmp_path / "refs.bib")]
    )
    assert result.exit_code == 0, result.stderr
    entries = len(load_books(tmp_path / "refs.bib"))
    assert entries >= 8
    if fmt == "bibtex":
        _compile_with_bibtex(tmp_path, entries)
    else:
        _compile_with_biber(tmp_path, entries)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_biber_validates_the_data_model(tmp_path: Path, fmt: str, all_books: tuple[Book, ...]) -> None:
    _require_tools()
    books = all_books + NON_LATIN_BOOKS
    if fmt == "bibtex":
        # An edited book is a BibTeX @book with an editor (plain.bst's rule); biber's data model
        # wants an author there, so such entries are only valid in the BibLaTeX dialect.
        books = tuple(b for b in books if b.authors or not b.editors)
    (tmp_path / "refs.bib").write_text(dumps(books, format=fmt), encoding="utf-8")
    out = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    assert _biber_problems(out) == [], out
    tool = (tmp_path / "refs_bibertool.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"^@(?:book|collection|misc)\{", tool, re.I | re.M)) == len(books)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_entries_of_every_kind_compile_cleanly_and_say_where_they_appeared(tmp_path: Path, fmt: str) -> None:
    """An article, a chapter, a conference paper, a web page, two theses, a report and a document:
    each of its own type, with no warning from BibTeX (plain) or biber, and valid in biber's
    data model; the styles print the journal, volume, issue and pages."""
    _require_tools()
    (tmp_path / "refs.bib").write_text(dumps(ENTRIES, format=fmt), encoding="utf-8")
    if fmt == "bibtex":
        _compile_with_bibtex(tmp_path, len(ENTRIES))
        bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
        assert "{\\em Mind}, 59(236):433--460, 1950." in bbl
        assert "In Claude~E. Shannon and John McCarthy, editors, {\\em Automata Studies}" in bbl
        assert "Master's thesis, Massachusetts Institute of Technology" in bbl
        assert "Research Memorandum RM-3420-PR, RAND Corporation" in bbl
    else:
        _compile_with_biber(tmp_path, len(ENTRIES))
    out = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    assert _biber_problems(out) == [], out


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_hostile_entries_of_other_kinds_compile_without_running_anything(tmp_path: Path, fmt: str) -> None:
    _require_tools()
    (tmp_path / "refs.bib").write_text(dumps(HOSTILE_ENTRIES, format=fmt), encoding="utf-8")
    if fmt == "bibtex":
        _compile_with_bibtex(tmp_path, len(HOSTILE_ENTRIES))
    else:
        _compile_with_biber(tmp_path, len(HOSTILE_ENTRIES))


def test_bibtex_accepts_non_latin_scripts(tmp_path: Path) -> None:
    _require_tools()
    (tmp_path / "refs.bib").write_text(dumps(NON_LATIN_BOOKS, format="bibtex"), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    out = _run(["bibtex", "doc"], tmp_path)
    assert _bibtex_problems(out) == [], out
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\bibitem") == len(NON_LATIN_BOOKS)
