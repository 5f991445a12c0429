"""How often does resolution pick the right work? Measured on real records, offline.

Builds a catalogue from the real Open Library and Goodreads records in
``<shared>/data/catalog/`` plus the books the annotated texts in ``<shared>/data/mentions/``
mention, with a fixed fifth of those books deliberately left out (see
``tests/servers/real_catalog.py``). Serves it on loopback in Open Library's formats, resolves
every named annotated mention (author and title as the text gives them, so extraction errors
do not count here) and prints, overall and for mentions of books left out of the catalogue:
right work, wrong work, ambiguous, not found.

    python benchmarks/resolution_quality.py [--failures] [--scores] [--end-to-end]

Targets (issue 4): right work ≥ 95 % of named mentions whose book is present; wrong work
≤ 1 % of all; ``not_found`` or ``ambiguous`` ≥ 99 % for absent books.
The shared data is found as ``$BIBKIT_SHARED_DIR`` or ``<project root>/../shared``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bibkit.match import names_agree, title_similarity  # noqa: E402
from bibkit.mentions.extract import extract  # noqa: E402
from bibkit.model import Book, Mention, Resolution, Status  # noqa: E402
from bibkit.session import Session  # noqa: E402
from bibkit.sources.base import EditionOrder  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.real_catalog import GoldMention, RealCatalog, load_real_catalog  # noqa: E402

OUTCOMES = ("right", "wrong", "ambiguous", "not_found", "error")


def shared_dir() -> Path:
    path = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    if not (path / "data" / "catalog").is_dir() or not (path / "data" / "mentions").is_dir():
        sys.exit(
            f"resolution_quality: shared data not found at {path} "
            "(set BIBKIT_SHARED_DIR to the folder holding data/catalog and data/mentions)"
        )
    return path


def mention_of(gold: GoldMention) -> Mention:
    """The mention as extraction would give it: title and subtitle split at ": "."""
    title = gold.title or ""
    main, _, subtitle = title.partition(": ")
    return Mention(
        text=gold.surface,
        start=0,
        end=len(gold.surface),
        title=main.strip(),
        subtitle=subtitle.strip() or None,
        author=gold.author,
        isbn=gold.isbn13,
        kind="gold",
    )


def is_right(book: Book, gold: GoldMention, real: RealCatalog) -> bool:
    """Whether ``book`` is an edition of the gold mention's work."""
    work = book.identifier("openlibrary_work")
    if work and work in real.works_of.get(gold.book, set()):
        return True
    titles = [re.sub(r"\s*\([^)]*\)", "", gold.canonical_title)]
    titles += re.findall(r"\(([^)]*)\)", gold.canonical_title)
    if gold.title:
        titles.append(gold.title)  # "1984" names Nineteen Eighty-Four, as the annotation says
    same_title = any(title_similarity(t, book) >= 0.9 for t in titles)
    same_author = any(names_agree(a, b) for a in gold.canonical_authors for b in book.authors)
    return same_title and same_author


def outcome(resolution: Resolution, gold: GoldMention, real: RealCatalog) -> str:
    if resolution.status is Status.RESOLVED and resolution.book is not None:
        return "right" if is_right(resolution.book, gold, real) else "wrong"
    return resolution.status.value


@dataclass
class Row:
    gold: GoldMention
    resolution: Resolution
    outcome: str
    absent: bool


def table(title: str, rows: Sequence[Row]) -> str:
    counts = Counter(r.outcome for r in rows)
    total = len(rows) or 1
    cells = "  ".join(f"{o} {counts[o]:4d} ({100 * counts[o] / total:5.1f} %)" for o in OUTCOMES if counts[o])
    return f"{title:<44} n={len(rows):4d}  {cells}"


def score_histogram(rows: Sequence[Row], real: RealCatalog) -> str:
    """Best-candidate scores, split by whether that candidate is the right work."""
    bins = [0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001]
    right: Counter[int] = Counter()
    wrong: Counter[int] = Counter()
    for row in rows:
        r = row.resolution
        if not r.candidates:
            continue
        best_right = not row.absent and is_right(r.candidates[0], row.gold, real)
        index = next(i for i in range(len(bins) - 1) if r.confidence < bins[i + 1])
        (right if best_right else wrong)[index] += 1
    lines = ["best score      right  wrong/absent"]
    for i in range(len(bins) - 1):
        lines.append(f"[{bins[i]:.2f}, {min(bins[i + 1], 1.0):.2f})  {right[i]:5d}  {wrong[i]:5d}")
    return "\n".join(lines)


def run(
    real: RealCatalog, mentions: list[tuple[GoldMention, Mention]], edition: EditionOrder
) -> tuple[list[Row], int, float]:
    with FakeServices(real.catalog) as server:
        config = server.config(use_cache=False)
        started = time.perf_counter()
        with Session(config) as session:
            resolutions = session.resolve([m for _, m in mentions], edition=edition)
        elapsed = time.perf_counter() - started
        requests = len(server.requests)
    rows = [
        Row(gold, r, outcome(r, gold, real), gold.book in real.absent)
        for (gold, _), r in zip(mentions, resolutions, strict=True)
    ]
    return rows, requests, elapsed


def report(label: str, rows: list[Row], requests: int, elapsed: float) -> None:
    present = [r for r in rows if not r.absent]
    absent = [r for r in rows if r.absent]
    print(
        f"\n== {label}: {len(rows)} mentions, {requests} requests "
        f"({requests / max(1, len(rows)):.2f} per mention), {elapsed:.1f} s"
    )
    print(table("all named mentions", rows))
    print(table("  book present in the catalogue", present))
    print(table("  book left out of the catalogue", absent))
    right = sum(r.outcome == "right" for r in present) / max(1, len(present))
    wrong = sum(r.outcome == "wrong" for r in rows) / max(1, len(rows))
    safe = sum(r.outcome in {"not_found", "ambiguous"} for r in absent) / max(1, len(absent))
    print(
        f"targets: right work {100 * right:.1f} % of present (≥ 95)   "
        f"wrong work {100 * wrong:.1f} % of all (≤ 1)   "
        f"absent → not_found/ambiguous {100 * safe:.1f} % (≥ 99)"
    )


def end_to_end(shared: Path, real: RealCatalog) -> list[tuple[GoldMention, Mention]]:
    """Extracted mentions paired with the gold mention whose span they overlap (others dropped)."""
    pairs: list[tuple[GoldMention, Mention]] = []
    import json

    for path in sorted((shared / "data" / "mentions").glob("*.json")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        raw = json.loads(path.read_text(encoding="utf-8"))["mentions"]
        golds = [g for g in real.mentions if g.file == path.stem]
        used: set[int] = set()
        for m in extract(text):
            for g, r in zip(golds, raw, strict=True):
                start, end = r["start"], r["start"] + len(r["surface"])
                if g.index not in used and g.named and m.start < end and start < m.end:
                    used.add(g.index)
                    pairs.append((g, m))
                    break
    return pairs


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every mention not resolved right")
    parser.add_argument("--scores", action="store_true", help="print the best-score histogram")
    parser.add_argument("--end-to-end", action="store_true", help="also measure on extracted mentions")
    parser.add_argument("--edition", default="latest", choices=("latest", "earliest", "any"))
    args = parser.parse_args(argv)
    shared = shared_dir()
    started = time.perf_counter()
    real = load_real_catalog(shared)
    print(
        f"catalogue: {len(real.catalog.works)} works; mentioned books {len(real.present)} present, "
        f"{len(real.absent)} left out ({time.perf_counter() - started:.1f} s to build)"
    )
    named = [(g, mention_of(g)) for g in real.mentions if g.named]
    rows, requests, elapsed = run(real, named, args.edition)
    report("annotated mentions (resolution alone)", rows, requests, elapsed)
    if args.scores:
        print()
        print(score_histogram(rows, real))
    if args.failures:
        print()
        for row in rows:
            if row.outcome == "right" or (row.absent and row.outcome in {"not_found", "ambiguous"}):
                continue
            r = row.resolution
            got = f"{r.book.full_title} / {', '.join(r.book.authors)}" if r.book else r.reason
            tag = "ABSENT " if row.absent else ""
            print(
                f"{tag}{row.outcome:9s} {r.confidence:.2f}  "
                f"{row.gold.author or '-'} | {row.gold.title}  ->  {got}"
            )
    if args.end_to_end:
        pairs = end_to_end(shared, real)
        rows, requests, elapsed = run(real, pairs, args.edition)
        report("extracted mentions overlapping a gold one (end to end)", rows, requests, elapsed)


if __name__ == "__main__":
    main()
