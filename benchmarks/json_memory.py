"""How much memory JSON output takes: ``python benchmarks/json_memory.py``.

JSON used to be built as one string before a byte was written; now it is written entry by
entry (:mod:`bibkit.jsonstream`). For 50,000 real editions this prints, for each way of
writing, the peak of Python's allocations above what the books themselves hold (tracemalloc)
and the time taken:

* the CSL-JSON writer into a file: ``write_file(dumps(...))``, the one-string way, against
  ``write_file(dump_chunks(...))``, as ``convert -f csljson -o FILE`` writes now;
* JSON records on standard output (what ``resolve --json`` and ``extract --json`` print):
  ``json.dumps`` of the whole list, against the records printed one by one;

and checks that both ways give the same bytes. Then it runs ``bibkit convert BIG.bib -f
csljson -o OUT.json`` in a fresh process and prints that process's peak resident memory;
``--tree DIR`` runs that command from another checkout of bibkit (an older one, to compare).

The editions are the Goodreads records in ``<shared>/data/catalog/`` (as for
``bench_formats.py``), repeated with a number added to the title, so that each is another
book; without the shared data, the seed books of the format tests.

    python benchmarks/json_memory.py [--books 50000] [--tree DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))

from bench_formats import _real_books  # noqa: E402

from bibkit.cli import _print_json  # noqa: E402
from bibkit.formats import dump_chunks, dumps, write_file  # noqa: E402
from bibkit.model import Book, Mention, Resolution, Status  # noqa: E402
from bibkit.safetext import json_safe  # noqa: E402


def _measure(label: str, run: Callable[[], object]) -> str:
    """The line of figures for ``run()``: its peak of traced allocations, and its time."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return f"  {label:<44} peak {peak / 2**20:>7.1f} MiB   {seconds:>6.1f} s (traced)"


def _stdout_into(path: Path, run: Callable[[], object]) -> object:
    """``run()`` with standard output going to the file ``path``."""
    before = sys.stdout
    with path.open("w", encoding="utf-8", newline="") as sys.stdout:
        try:
            return run()
        finally:
            sys.stdout = before


def _records(books: list[Book]) -> Iterator[dict[str, object]]:
    """What ``resolve --json`` prints for a run that resolved each book from a mention."""
    for i, book in enumerate(books):
        text = f"{', '.join(book.authors)}, *{book.title}*"
        mention = Mention(text=text, start=i, end=i + len(text), title=book.title,
                          author=book.authors[0] if book.authors else None)  # fmt: skip
        yield Resolution(mention=mention, book=book, status=Status.RESOLVED, confidence=0.97,
                         reason="title and author agree").to_dict()  # fmt: skip


def _copy(book: Book, n: int) -> Book:
    """``book``, or for ``n`` > 0 another book like it (so that convert writes each once)."""
    if n == 0:
        return book
    return dataclasses.replace(book, title=f"{book.title} {n + 1}", isbn13=None, isbn10=None)


def _one_string(records: Iterator[dict[str, object]]) -> str:
    """What the command line printed when it built its JSON as one string."""
    return json_safe(json.dumps(list(records), ensure_ascii=False, indent=2))


def _peak_rss_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Peak resident memory (MiB) and wall time of ``command`` run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, *command], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1]) / 1024, seconds


# Runs the command in a child and prints the child's peak RSS in KiB (Linux ru_maxrss).
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--books", type=int, default=50_000)
    parser.add_argument("--tree", type=Path, help="run the convert command from this checkout of bibkit")
    args = parser.parse_args()
    real, origin = _real_books()
    books = [_copy(real[i % len(real)], i // len(real)) for i in range(args.books)]
    print(f"{len(books):,} books from {origin}\n")

    with tempfile.TemporaryDirectory() as tmp:
        one_string, streamed = Path(tmp) / "one-string.json", Path(tmp) / "streamed.json"
        print("CSL-JSON writer, into a file:")
        print(_measure("one string: write_file(dumps(...))",
                       lambda: write_file(one_string, dumps(books, format="csljson"))))  # fmt: skip
        print(_measure("streamed: write_file(dump_chunks(...))",
                       lambda: write_file(streamed, dump_chunks(books, format="csljson"))))  # fmt: skip
        same = one_string.read_bytes() == streamed.read_bytes()
        print(f"  {one_string.stat().st_size / 2**20:.1f} MiB written; the same bytes both ways: {same}")

        print("\nJSON records on standard output (resolve --json):")
        printed_old, printed_new = Path(tmp) / "old.txt", Path(tmp) / "new.txt"
        old_way = lambda: print(_one_string(_records(books)))  # noqa: E731
        new_way = lambda: _print_json(_records(books))  # noqa: E731
        print(_stdout_into(printed_old, lambda: _measure("one string: json.dumps(list of records)", old_way)))
        print(_stdout_into(printed_new, lambda: _measure("streamed: one record at a time", new_way)))
        same = printed_old.read_bytes() == printed_new.read_bytes()
        print(f"  {printed_new.stat().st_size / 2**20:.1f} MiB printed; the same bytes both ways: {same}")

        bib = Path(tmp) / "big.bib"
        bib.write_text(dumps(books, format="biblatex"), encoding="utf-8")
        out = Path(tmp) / "out.json"
        tree = (args.tree or PROJECT_ROOT).resolve()
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        mib, seconds = _peak_rss_of(
            [sys.executable, "-m", "bibkit", "-q", "convert", str(bib), "-f", "csljson", "-o", str(out)], env
        )
        size, written = bib.stat().st_size / 2**20, out.stat().st_size / 2**20
        print(f"\nbibkit convert big.bib -f csljson -o out.json ({size:.1f} MiB of .bib), from {tree}:")
        print(f"  peak resident memory {mib:.0f} MiB, {seconds:.1f} s; wrote {written:.1f} MiB")


if __name__ == "__main__":
    main()
