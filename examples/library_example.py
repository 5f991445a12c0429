"""Turn a reading list into BibTeX from a script, keeping only confident matches.

Run:  python examples/library_example.py examples/reading-list.txt > reading-list.bib
"""

from __future__ import annotations

import sys
from pathlib import Path

import bibkit


def main(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    mentions = bibkit.extract(text)  # offline: where the text names books
    with bibkit.Session() as session:  # one cache, one rate limiter for the whole run
        results = bibkit.resolve(mentions, session=session)
    for result in results:
        found = result.book.full_title if result.book else result.reason
        print(
            f"{result.status.value:>9}  {result.confidence:.2f}  {result.mention.text!r} -> {found}",
            file=sys.stderr,
        )
    print(bibkit.to_bibtex(r for r in results if r.confidence >= 0.9))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).with_name("reading-list.txt")))
