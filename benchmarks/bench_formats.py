"""How fast the writers, the reader and the merge are: ``python benchmarks/bench_formats.py``.

Prints books per second for each output format, for reading a .bib back, and for merging
into a file that already holds the same number of entries.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bibkit.formats import FORMATS, dumps, load_books
from bibkit.formats.merge import merge
from bibkit.model import Book


def _books(n: int) -> list[Book]:
    return [
        Book(
            title=f"The Prophet Armed {i}",
            subtitle="Trotsky, 1879–1921",
            authors=("Isaac Deutscher", f"Kurt Gödel {i}"),
            translators=("Peter Sedgwick",),
            publisher="Oxford University Press & Co",
            place="London",
            year=1954 + i % 50,
            original_year=1930,
            isbn13="9781608462674" if i == 0 else None,
            pages=540,
            language="en",
        )
        for i in range(n)
    ]


def _rate(label: str, n: int, seconds: float) -> None:
    print(f"{label:<28} {n / seconds:>10,.0f} books/s  ({seconds * 1000:,.0f} ms for {n})")


def main() -> None:
    n = 2000
    books = _books(n)
    for name in FORMATS:
        start = time.perf_counter()
        dumps(books, format=name)
        _rate(f"dumps {name}", n, time.perf_counter() - start)
    text = dumps(books, format="biblatex")
    start = time.perf_counter()
    load_books(text)
    _rate("load_books .bib", n, time.perf_counter() - start)
    existing = text.encode("utf-8")
    new = _books(n + 200)[n:]
    start = time.perf_counter()
    merge(existing, new, dialect="biblatex")
    _rate(f"merge 200 into {n}", 200, time.perf_counter() - start)


if __name__ == "__main__":
    main()
