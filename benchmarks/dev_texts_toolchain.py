"""Does the BibTeX of every annotated text compile cleanly? And the ISBN-only reading list?

For each dev text in ``<shared>/data/mentions/*.txt``: extract, resolve against the local
catalogue built from the real records (``tests/servers/real_catalog.py``), write BibTeX
(ASCII, plain.bst) and BibLaTeX (UTF-8, biber), compile each with pdfLaTeX, and count the
errors and warnings BibTeX and biber print, by kind. Then the ISBN-only reading list of
``tests/servers/isbn_books.py``: how many of its 20 ISBNs resolve, and in how many Books API
requests.

Needs ``bibtex``, ``biber`` and ``pdflatex`` (``.ci/apt-packages.txt``). Prints figures; run
``python benchmarks/dev_texts_toolchain.py [-v]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import bibkit  # noqa: E402
from bibkit.formats.merge import unique_books  # noqa: E402
from bibkit.model import Status  # noqa: E402
from tests.servers.isbn_books import EXPECTED, READING_LIST, isbn_catalog  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.real_catalog import load_real_catalog  # noqa: E402

LATEX = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "-halt-on-error", "doc.tex"]
BIBTEX_DOC = "\\documentclass{article}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n"  # noqa: E501
BIBER_DOC = "\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n"  # noqa: E501


def shared_dir() -> Path:
    path = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    if not (path / "data" / "mentions").is_dir():
        sys.exit(f"dev_texts_toolchain: shared data not found at {path} (set BIBKIT_SHARED_DIR)")
    return path


def _run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300,
                          check=False)  # fmt: skip
    return done.stdout + done.stderr


def _kind(line: str) -> str:
    """A warning's kind: its text with the entry key and field values taken out."""
    line = re.sub(r"\bin \S+$", "in KEY", line.strip())
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    line = re.sub(r"entry \S+", "entry KEY", line)
    return re.sub(r"^.*?(WARN|ERROR) - ", r"\1 - ", line)


def compile_bibtex(bib: str, directory: Path) -> list[str]:
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    (directory / "doc.tex").write_text(BIBTEX_DOC, encoding="utf-8")
    _run(LATEX, directory)
    out = _run(["bibtex", "doc"], directory)
    pattern = re.compile(r"Warning--|error message|I was expecting|Repeated")
    return [ln for ln in out.splitlines() if pattern.search(ln)]


def compile_biber(bib: str, directory: Path) -> list[str]:
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    (directory / "doc.tex").write_text(BIBER_DOC, encoding="utf-8")
    _run(LATEX, directory)
    out = _run(["biber", "doc"], directory)
    return [ln for ln in out.splitlines() if re.search(r"\b(WARN|ERROR)\b", ln)]


def dev_texts(shared: Path, verbose: bool) -> None:
    real = load_real_catalog(shared)
    texts = sorted((shared / "data" / "mentions").glob("*.txt"))
    kinds: dict[str, Counter[str]] = {"bibtex": Counter(), "biber": Counter()}
    entries = empty_year = 0
    with FakeServices(real.catalog) as server, tempfile.TemporaryDirectory() as tmp:
        config = server.config(use_cache=False)
        with bibkit.Session(config) as session:
            for path in texts:
                results = session.resolve(path.read_text(encoding="utf-8"))
                books = unique_books(r.book for r in results if r.status is Status.RESOLVED and r.book)
                if not books:
                    print(f"  {path.stem}: nothing resolved")
                    continue
                entries += len(books)
                runs = (("bibtex", "bibtex", compile_bibtex), ("biber", "biblatex", compile_biber))
                for tool, fmt, run in runs:
                    work = Path(tmp) / f"{path.stem}-{tool}"
                    work.mkdir()
                    problems = run(bibkit.dumps(books, format=fmt), work)
                    empty_year += sum("empty year" in p for p in problems)
                    kinds[tool].update(_kind(p) for p in problems)
                    if verbose:
                        for p in problems:
                            print(f"  {path.stem} {tool}: {p}")
    print(f"dev texts: {len(texts)}, entries written: {entries}")
    for tool, counter in kinds.items():
        errors = sum(n for k, n in counter.items() if "ERROR" in k or "error message" in k)
        print(f"  {tool}: {sum(counter.values())} problems, {errors} errors")
        for kind, n in counter.most_common():
            print(f"    {n:4d} x {kind}")
    print(f"  'empty year' warnings: {empty_year}")


def isbn_list() -> None:
    with FakeServices(isbn_catalog()) as server, tempfile.TemporaryDirectory() as tmp:
        config = server.config(cache_dir=Path(tmp)).replace(sources=("openlibrary", "googlebooks"))
        with bibkit.Session(config) as session:
            results = session.resolve(READING_LIST)
        right = sum(
            1 for r, (isbn, _, _) in zip(results, EXPECTED, strict=False) if r.book and r.book.isbn13 == isbn
        )
        print(f"ISBN-only reading list: {len(results)} mentions, {right}/{len(EXPECTED)} resolved "
              "to their edition")  # fmt: skip
        print(f"  requests: {len(server.paths('/api/books'))} Books API, {len(server.paths('/search.json'))} "
              f"search, {len(server.paths('/books/v1'))} Google Books")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every warning")
    args = parser.parse_args()
    isbn_list()
    missing = [t for t in ("bibtex", "biber", "pdflatex") if shutil.which(t) is None]
    if missing:
        sys.exit(f"dev_texts_toolchain: not installed: {', '.join(missing)} (see .ci/apt-packages.txt)")
    dev_texts(shared_dir(), args.verbose)


if __name__ == "__main__":
    main()
