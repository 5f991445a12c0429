"""How fast the writers, the reader and the merge are: ``python benchmarks/bench_formats.py``.

Prints books per second for each output format; then, for generated .bib files of 1,000,
10,000 and 50,000 realistic entries, the time to read them (to books) and to merge 50 new books
into them, and the memory a read takes (which should grow linearly with the file).

The entries are real editions: the Goodreads records in ``<shared>/data/catalog/`` (title,
authors, publisher, date, ISBN, pages, language), repeated under new keys past their 11,000;
without the shared data, the seed books of the format tests. Target (issue 15): 50,000 entries
read in ≤ 5 s and merged into in ≤ 10 s.

    python benchmarks/bench_formats.py [--sizes 1000,10000,50000]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "tests" / "formats"))

from bibkit.formats import FORMATS, dumps, load_books  # noqa: E402
from bibkit.formats.merge import merge  # noqa: E402
from bibkit.isbn import to_isbn13  # noqa: E402
from bibkit.model import Book  # noqa: E402


def _real_books() -> tuple[list[Book], str]:
    shared = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    path = shared / "data" / "catalog" / "goodreads-books-11k" / "books.csv"
    if not path.is_file():
        from formats_samples import SEED_BOOKS

        return list(SEED_BOOKS), "the seed books of the format tests (shared data not found)"
    books = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = [h.strip() for h in next(rows)]
        for row in rows:
            if len(row) != len(header):
                continue
            record = dict(zip(header, row, strict=True))
            title, _, subtitle = " ".join(record["title"].split()).partition(": ")
            year = record["publication_date"].rsplit("/", 1)[-1]
            pages = record["num_pages"].strip()
            books.append(
                Book(
                    title=title,
                    subtitle=subtitle or None,
                    authors=tuple(a.strip() for a in record["authors"].split("/") if a.strip()),
                    publisher=" ".join(record["publisher"].split()) or None,
                    year=int(year) if year.isdigit() else None,
                    isbn13=to_isbn13(record["isbn13"]),
                    pages=int(pages) if pages.isdigit() and int(pages) > 0 else None,
                    language="en" if record["language_code"].startswith("en") else None,
                )
            )
    return books, f"{len(books):,} real Goodreads editions"


def _rate(label: str, n: int, seconds: float) -> None:
    print(f"{label:<34} {n / seconds:>10,.0f} books/s  ({seconds * 1000:,.0f} ms for {n:,})")


def _bib(books: list[Book], n: int) -> str:
    """``n`` entries: the books again and again, each time under new keys."""
    chosen = [books[i % len(books)] for i in range(n)]
    return dumps(chosen, format="biblatex")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    args = parser.parse_args()
    books, origin = _real_books()
    print(f"entries from {origin}\n")
    sample = [books[i % len(books)] for i in range(2000)]
    for name in FORMATS:
        start = time.perf_counter()
        dumps(sample, format=name)
        _rate(f"dumps {name}", len(sample), time.perf_counter() - start)
    new = [
        Book(title=f"A Book Not Yet There, Volume {i}", authors=("Ann Newcomer",), publisher="Verso")
        for i in range(50)
    ]
    print("\nseconds of wall-clock time (and of this process's CPU time, which other load on the machine")
    print("disturbs less)")
    print(f"{'entries':>8} {'MB':>6} {'read s':>13} {'merge 50 s':>13} {'read MiB':>9}")
    for n in (int(x) for x in args.sizes.split(",")):
        text = _bib(books, n)
        data = text.encode("utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        read = load_books(text)
        read_s, read_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert len(read) == n
        start, cpu = time.perf_counter(), time.process_time()
        result = merge(data, new, dialect="biblatex")
        merge_s, merge_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert len(result.added) == len(new) and result.data.startswith(data)
        del read, result
        tracemalloc.start()
        load_books(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{n:>8,} {len(data) / 1e6:>6.1f} {read_s:>6.2f} ({read_cpu:>4.2f})"
            f" {merge_s:>6.2f} ({merge_cpu:>4.2f}) {peak / 2**20:>9.0f}"
        )


if __name__ == "__main__":
    main()
