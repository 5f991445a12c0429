"""How often does resolution pick the right work? Measured on real records, offline.

Builds a catalogue from the real Open Library and Goodreads records in
``<shared>/data/catalog/`` plus the books the annotated texts in ``<shared>/data/mentions/``
mention, with a share of those books deliberately left out (``--absent`` percent, drawn by
``--seed``; see ``tests/servers/real_catalog.py``), serves it on loopback in Open Library's and
Google Books' formats, and resolves every text of the corpus in two modes:

* **gold** (resolution alone): the annotated named mentions, author and title as the text
  gives them, so extraction errors do not count;
* **end to end**: ``bibkit.extract`` on the text, then resolution, as ``bibkit convert`` does.

Each text is resolved in its own cold session (no cache), so requests per mention are those
of a fresh run on that text. Per text and in total it prints:

* gold: right work / wrong work / missed (not found or ambiguous although the book is
  present) for books in the catalogue, and how many mentions of books left out were handled
  (reported not found or ambiguous, never written as some other book);
* end to end: of the annotated mentions of books present, how many ended up written as the
  right work; of the written entries, how many are wrong or spurious (no annotated mention
  there); absent books handled; requests per extracted mention.

The texts are split in two halves (alternately, in file-name order) so that a threshold derived
on one half can be checked on the other; both halves are printed. ``--scores`` prints the
distributions the thresholds in :mod:`bibkit.match`, :mod:`bibkit.resolve` and
:mod:`bibkit.judge` are derived from, per half.

    python benchmarks/resolution_quality.py [--mode gold|end-to-end|both] [--failures] [--scores]

Targets (issue 13): gold: right ≥ 93 % of mentions of present books, wrong ≤ 1 %, absent books
≥ 98 % not found; end to end: right ≥ 85 %, wrong or spurious ≤ 2 % of written entries;
≤ 1.3 requests per mention. The shared data is found as ``$BIBKIT_SHARED_DIR`` or
``<project root>/../shared``.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from extraction_quality import fold_finder  # noqa: E402

from bibkit import judge  # noqa: E402
from bibkit.config import DEFAULT_SOURCES  # noqa: E402
from bibkit.match import assess, title_similarity  # noqa: E402
from bibkit.mentions.corpus import load_corpus  # noqa: E402
from bibkit.mentions.finder import Finder  # noqa: E402
from bibkit.mentions.training import examples_of  # noqa: E402
from bibkit.model import Book, Mention, Resolution, Status  # noqa: E402
from bibkit.names import names_agree  # noqa: E402
from bibkit.session import Session, mentions_of  # noqa: E402
from bibkit.sources.base import EditionOrder  # noqa: E402
from tests.servers.openlibrary import FakeRequest, FakeServices  # noqa: E402
from tests.servers.real_catalog import (  # noqa: E402
    ABSENT_PERCENT,
    ABSENT_SEED,
    GoldMention,
    RealCatalog,
    annotation_files,
    load_real_catalog,
)

HALVES = ("A", "B")
JUDGED = "not taken for a book"  # how a resolution the judge dropped begins its reason


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
    titles += [t for note in re.findall(r"\(([^)]*)\)", gold.canonical_title) for t in note.split("; ")]
    if gold.title:
        titles.append(gold.title)  # "1984" names Nineteen Eighty-Four, as the annotation says
    same_title = any(title_similarity(t, book) >= 0.9 for t in titles)
    same_author = any(names_agree(a, b) for a in gold.canonical_authors for b in book.authors)
    return same_title and same_author


@dataclass
class Text:
    """One annotated text: its gold mentions and where they stand."""

    name: str
    half: str
    text: str
    golds: list[GoldMention]
    spans: list[tuple[int, int]]


def load_texts(shared: Path, real: RealCatalog, extra: Sequence[Path] = ()) -> list[Text]:
    texts = []
    for n, path in enumerate(annotation_files(shared, extra)):
        raw = json.loads(path.read_text(encoding="utf-8"))["mentions"]
        golds = [g for g in real.mentions if g.file == path.stem]
        spans = [(int(r["start"]), int(r["start"]) + len(r["surface"])) for r in raw]
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        texts.append(Text(path.stem, HALVES[n % 2], text, golds, spans))
    return texts


@dataclass
class Tally:
    """Counts for one text, one half or the whole corpus."""

    mentions: int = 0
    requests: int = 0
    present: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    absent: int = 0
    absent_handled: int = 0
    absent_not_found: int = 0
    written: int = 0
    spurious: int = 0
    doubtful: int = 0  # end to end: doubtful candidates asked about
    confirmed: int = 0  # of which the catalogue confirmed

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    """One mention resolved, with the gold mention it stands for (if any)."""

    text: str
    half: str
    mention: Mention
    resolution: Resolution
    gold: GoldMention | None
    absent: bool
    outcome: str  # right, wrong, missed, handled, spurious, dropped


@dataclass
class Run:
    label: str
    texts: list[tuple[Text, Tally]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    elapsed: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)


def _searched_by(title: bool, author: bool) -> str:
    """Which kind of search (see bibkit.queries): by title (as written, or the title's words
    alone), by title and author, or the author's works (an author alone)."""
    return "by title and author" if title and author else "by title" if title else "author's works"


def request_kind(request: FakeRequest) -> str:
    """What a request to the fake services was for."""
    if request.path == "/search.json":
        if request.arg("q").startswith("isbn:"):
            return "Open Library ISBN search"
        return "Open Library search " + _searched_by(bool(request.arg("title")), bool(request.arg("author")))
    if request.path.startswith("/api/books"):
        return "Open Library Books API (batch)"
    if request.path.startswith("/books/v1/"):
        q = request.arg("q")
        if "isbn:" in q:
            # Enrichment asks for one volume per ISBN; a mention's ISBN is searched for more.
            return (
                "Google Books ISBN lookup" if request.arg("maxResults") == "1" else "Google Books ISBN search"
            )
        return "Google Books search " + _searched_by("intitle:" in q, "inauthor:" in q)
    return request.path


def resolve_text(
    server: FakeServices, mentions: Sequence[Mention], args: argparse.Namespace, kinds: Counter[str]
) -> tuple[list[Resolution], int]:
    """Resolve in a cold session of its own; the resolutions and the requests the server saw."""
    before = len(server.requests)
    config = server.config(use_cache=False).replace(sources=tuple(args.sources))
    with Session(config) as session:
        results = session.resolve(mentions, edition=args.edition)
    kinds.update(request_kind(r) for r in server.requests[before:])
    return results, len(server.requests) - before


def _outcome(resolution: Resolution, gold: GoldMention, real: RealCatalog) -> str:
    absent = gold.book in real.absent
    if resolution.status is Status.RESOLVED and resolution.book is not None:
        return "right" if not absent and is_right(resolution.book, gold, real) else "wrong"
    return "handled" if absent else "missed"


def run_gold(server: FakeServices, real: RealCatalog, texts: Sequence[Text], args: argparse.Namespace) -> Run:
    run = Run("gold mentions in (resolution alone)")
    started = time.perf_counter()
    for text in texts:
        golds = [g for g in text.golds if g.named]
        results, requests = resolve_text(server, [mention_of(g) for g in golds], args, run.kinds)
        tally = Tally(mentions=len(golds), requests=requests)
        for gold, resolution in zip(golds, results, strict=True):
            outcome = _outcome(resolution, gold, real)
            absent = gold.book in real.absent
            run.rows.append(Row(text.name, text.half, resolution.mention, resolution, gold, absent, outcome))
            if absent:
                tally.absent += 1
                tally.absent_handled += outcome == "handled"
                tally.absent_not_found += resolution.status is Status.NOT_FOUND
            else:
                tally.present += 1
            tally.right += outcome == "right"
            tally.wrong += outcome == "wrong"
            tally.missed += outcome == "missed"
            tally.written += resolution.book is not None
        run.texts.append((text, tally))
    run.elapsed = time.perf_counter() - started
    return run


def _overlapping(text: Text, mention: Mention) -> list[int]:
    return [i for i, (start, end) in enumerate(text.spans) if mention.start < end and start < mention.end]


def fold_models(shared: Path, extra: Sequence[Path], folds: int, store: Path | None) -> dict[str, Finder]:
    """For each annotated text, a finder trained on the texts of the other folds: the folds,
    and the kept finders, of ``benchmarks/extraction_quality.py --cv --folds`` (see
    :func:`extraction_quality.fold_finder`), so end-to-end figures are those of text the finder
    has never seen, with the very finders whose extraction figures that benchmark prints."""
    texts = load_corpus([shared / "data" / "mentions", *extra])
    read = functools.cache(lambda: examples_of(texts))
    out: dict[str, Finder] = {}
    for k in range(folds):
        finder = fold_finder(texts, k, folds, store, read)
        out.update((texts[i].name.removesuffix(".txt"), finder) for i in range(k, len(texts), folds))
        print(f"  finder for fold {k + 1}/{folds} ready", file=sys.stderr)
    return out


def run_end_to_end(
    server: FakeServices,
    real: RealCatalog,
    texts: Sequence[Text],
    args: argparse.Namespace,
    finders: dict[str, Finder] | None = None,
) -> Run:
    how = f"finders trained on the other folds ({args.folds})" if finders else "bibkit's own finder"
    run = Run(f"end to end (extract, then resolve; {how})")
    started = time.perf_counter()
    for text in texts:
        # As convert extracts: doubtful candidates too, for the catalogue to confirm or drop.
        mentions = mentions_of(text.text, finders[text.name] if finders else None)
        results, requests = resolve_text(server, mentions, args, run.kinds)
        # Requests are counted per mention extraction is sure of: the doubtful candidates'
        # searches are part of their cost.
        tally = Tally(mentions=sum(not m.doubtful for m in mentions), requests=requests)
        tally.doubtful = sum(m.doubtful for m in mentions)
        right_golds: set[int] = set()
        wrong_golds: set[int] = set()
        for resolution in results:  # the doubtful mentions the catalogue did not confirm are gone
            mention = resolution.mention
            where = _overlapping(text, mention)
            gold = text.golds[where[0]] if where else None
            absent = gold is not None and gold.book in real.absent
            written = resolution.status is Status.RESOLVED and resolution.book is not None
            tally.written += written
            tally.confirmed += written and mention.doubtful
            if gold is None:
                outcome = "spurious" if written else "dropped"
            elif not written:
                outcome = "handled" if absent else "missed"
            else:
                hits = [i for i in where if not absent and is_right(resolution.book, text.golds[i], real)]
                outcome = "right" if hits else "wrong"
                (right_golds if hits else wrong_golds).update(hits or where)
            tally.spurious += outcome == "spurious"
            tally.wrong += outcome == "wrong"
            run.rows.append(Row(text.name, text.half, mention, resolution, gold, absent, outcome))
        for i, gold in enumerate(text.golds):
            if not gold.named:
                continue
            if gold.book in real.absent:
                tally.absent += 1
                tally.absent_handled += i not in wrong_golds
            else:
                tally.present += 1
                tally.right += i in right_golds
                tally.missed += i not in right_golds
        run.texts.append((text, tally))
    run.elapsed = time.perf_counter() - started
    return run


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def print_gold(run: Run) -> None:
    print(f"\n== {run.label}: {sum(t.mentions for _, t in run.texts)} mentions, {run.elapsed:.1f} s")
    print(
        f"{'text':<44}{'half':>5}{'n':>5}{'present':>8}{'right':>7}{'wrong':>6}{'missed':>7}"
        f"{'absent':>7}{'handled':>8}{'req/m':>7}"
    )
    for text, t in run.texts:
        print(
            f"{text.name[:43]:<44}{text.half:>5}{t.mentions:>5}{t.present:>8}{t.right:>7}{t.wrong:>6}"
            f"{t.missed:>7}{t.absent:>7}{t.absent_handled:>8}{t.requests / max(1, t.mentions):>7.2f}"
        )
    for label, part in _parts(run):
        print(
            f"{label:<16} right {_pct(part.right, part.present)} of {part.present} present   "
            f"wrong {_pct(part.wrong, part.mentions)} of {part.mentions}   "
            f"absent handled {_pct(part.absent_handled, part.absent)} "
            f"(not found {_pct(part.absent_not_found, part.absent)}) of {part.absent}   "
            f"{part.requests / max(1, part.mentions):.3f} requests per mention"
        )


def print_end_to_end(run: Run) -> None:
    print(
        f"\n== {run.label}: {sum(t.mentions for _, t in run.texts)} extracted mentions, {run.elapsed:.1f} s"
    )
    print(
        f"{'text':<44}{'half':>5}{'found':>6}{'present':>8}{'right':>7}{'missed':>7}{'written':>8}"
        f"{'wrong':>6}{'spur.':>6}{'absent':>7}{'handled':>8}{'req/m':>7}"
    )
    for text, t in run.texts:
        print(
            f"{text.name[:43]:<44}{text.half:>5}{t.mentions:>6}{t.present:>8}{t.right:>7}{t.missed:>7}"
            f"{t.written:>8}{t.wrong:>6}{t.spurious:>6}{t.absent:>7}{t.absent_handled:>8}"
            f"{t.requests / max(1, t.mentions):>7.2f}"
        )
    for label, part in _parts(run):
        print(
            f"{label:<16} right {_pct(part.right, part.present)} of {part.present} present   "
            f"wrong or spurious {_pct(part.wrong + part.spurious, part.written)} of {part.written} "
            f"written ({part.wrong} wrong, {part.spurious} spurious)   "
            f"absent handled {_pct(part.absent_handled, part.absent)} of {part.absent}   "
            f"{part.requests / max(1, part.mentions):.3f} requests per mention   "
            f"doubtful candidates {part.doubtful}, written {part.confirmed}"
        )


def print_requests(run: Run) -> None:
    mentions = sum(t.mentions for _, t in run.texts)
    print(
        "requests per mention by kind: "
        + ", ".join(f"{kind} {n / max(1, mentions):.3f}" for kind, n in run.kinds.most_common())
    )


def _parts(run: Run) -> Iterable[tuple[str, Tally]]:
    for half in HALVES:
        part = Tally()
        for text, tally in run.texts:
            if text.half == half:
                part.add(tally)
        yield f"half {half}", part
    total = Tally()
    for _, tally in run.texts:
        total.add(tally)
    yield "all texts", total


def _histogram(title: str, groups: dict[str, Sequence[float]], bins: Sequence[float]) -> None:
    names = list(groups)
    print(f"\n{title}")
    print(f"{'':<14}" + "".join(f"{n:>18}" for n in names))
    for lo, hi in itertools.pairwise(bins):
        counts = [sum(lo <= v < hi for v in groups[n]) for n in names]
        print(f"[{lo:.2f}, {min(hi, 1.0):.2f})  " + "".join(f"{c:>18}" for c in counts))


CONFIDENCE_LEVELS = [0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001]


def _would_write(resolution: Resolution) -> Book | None:
    """The book a resolution writes, or would write but for the judge of :mod:`bibkit.judge`."""
    if resolution.status is Status.RESOLVED:
        return resolution.book
    if resolution.reason.startswith(JUDGED) and resolution.candidates:
        return resolution.candidates[0]
    return None


def _best_cut(rows: Sequence[tuple[float, bool]]) -> tuple[float, int, int]:
    """(threshold, books dropped, non-books dropped) that drops more non-books than books
    below it, as far as that goes; 0.0 when no threshold does."""
    best = (0.0, 0, 0)
    for cut in sorted({c for c, _ in rows}):
        books = sum(1 for c, book in rows if c < cut and book)
        others = sum(1 for c, book in rows if c < cut and not book)
        if others - books > best[2] - best[1]:
            best = (cut, books, others)
    return best


def print_scores(real: RealCatalog, gold: Run | None, end_to_end: Run | None) -> None:
    """The distributions the thresholds are derived from, per half."""
    if gold is not None:
        for half in HALVES:
            right: list[float] = []
            other: list[float] = []
            namesakes: list[float] = []
            for row in gold.rows:
                r = row.resolution
                if row.half != half or not r.candidates or row.gold is None:
                    continue
                if not row.absent and is_right(r.candidates[0], row.gold, real):
                    right.append(r.confidence)
                else:
                    (namesakes if r.status is Status.AMBIGUOUS else other).append(r.confidence)
            _histogram(
                f"gold, half {half}: best candidate's score (RESOLVE_THRESHOLD)",
                {"right work": right, "wrong or absent": other, "a namesake": namesakes},
                [0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001],
            )
            print(
                f"  half {half}: wrong or absent best candidates score up to {max(other, default=0.0):.3f}; "
                f"right ones from {min((x for x in right if x > max(other, default=0.0)), default=1.0):.3f} "
                f"({sum(x <= max(other, default=0.0) for x in right)} right ones below)"
            )
        print("\nnamesakes (POPULAR_EDITIONS, POPULAR_RATIO): editions of each work a bare title ties")
        for row in gold.rows:
            r = row.resolution
            tied = r.status is Status.AMBIGUOUS or "share the title" in r.reason
            if not tied or row.mention.best_author or row.gold is None:
                continue
            counts = ", ".join(
                f"{c.edition_count or '?'}{'*' if is_right(c, row.gold, real) else ''}" for c in r.candidates
            )
            print(f"  {row.half} {row.mention.title[:40]:<40} {r.status.value:<10} editions {counts}")
        print("  (* the work meant)")
    if end_to_end is None:
        return
    for half in HALVES:
        rows = [r for r in end_to_end.rows if r.half == half]
        _histogram(
            f"end to end, half {half}: extraction confidence of every extracted mention "
            "(FALLBACK_CONFIDENCE, judge.NAMESAKE)",
            {
                "on a mention": [r.mention.confidence for r in rows if r.gold is not None],
                "on no mention": [r.mention.confidence for r in rows if r.gold is None],
            },
            CONFIDENCE_LEVELS,
        )
    print("\njudge (bibkit/judge.py): entries that would be written, by kind of match and confidence")
    derived: dict[tuple[str, str], tuple[float, int, int]] = {}
    samples: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    for half in HALVES:
        groups: dict[str, list[float]] = {}
        for row in end_to_end.rows:
            book = _would_write(row.resolution)
            if row.half != half or book is None:
                continue
            match = assess(row.mention, book)
            namesakes = "share the title" in row.resolution.reason
            kind = judge.kind_of(match, namesakes=namesakes)
            is_book = row.gold is not None and not row.absent and is_right(book, row.gold, real)
            label = f"{kind.replace('title ', '').replace('shared by ', '')}, {'book' if is_book else 'not'}"
            groups.setdefault(label, []).append(row.mention.confidence)
            samples.setdefault((half, kind), []).append((row.mention.confidence, is_book))
        _histogram(f"half {half}", dict(sorted(groups.items())), CONFIDENCE_LEVELS)
    for (half, kind), values in sorted(samples.items()):
        derived[(half, kind)] = _best_cut(values)
    for (half, kind), (cut, books, others) in sorted(derived.items()):
        other_half = HALVES[1 - HALVES.index(half)]
        check = samples.get((other_half, kind), [])
        lost = sum(1 for c, b in check if c < cut and b)
        gained = sum(1 for c, b in check if c < cut and not b)
        print(
            f"  {kind:<26} derived on half {half}: threshold {cut:.2f} drops {others} non-books and "
            f"{books} books; on half {other_half} it drops {gained} non-books and {lost} books"
        )


def print_failures(run: Run) -> None:
    print(f"\n-- {run.label}: every mention not resolved right")
    for row in run.rows:
        if row.outcome in {"right", "handled", "dropped"}:
            continue
        r = row.resolution
        got = f"{r.book.full_title} / {', '.join(r.book.authors)}" if r.book else r.reason
        said = f"{row.mention.best_author or '-'} | {row.mention.title}"
        tag = "ABSENT " if row.absent else ""
        print(f"{row.text[:2]} {tag}{row.outcome:8s} {r.confidence:.2f}  {said}  ->  {got}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--mode", default="both", choices=("gold", "end-to-end", "both"))
    parser.add_argument("--failures", action="store_true", help="list every mention not resolved right")
    parser.add_argument("--scores", action="store_true", help="print the score distributions, per half")
    parser.add_argument("--edition", default="latest", choices=("latest", "earliest", "any"))
    parser.add_argument(
        "--sources",
        type=lambda s: s.split(","),
        default=list(DEFAULT_SOURCES),
        help=f"sources, comma-separated (default: {','.join(DEFAULT_SOURCES)}, as a user gets)",
    )
    parser.add_argument("--seed", type=int, default=ABSENT_SEED, help="draws the books left out")
    parser.add_argument("--absent", type=int, default=ABSENT_PERCENT, help="percent of books left out")
    parser.add_argument("--texts", help="only texts whose name contains this")
    parser.add_argument(
        "--all-texts",
        action="store_true",
        help="also the project's annotated texts (data/mentions), their books added to the catalogue",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help="end to end: extract each text with a finder trained without it (K folds of texts); "
        "without it, bibkit's own finder, which was trained on these texts",
    )
    parser.add_argument("--fold-models", type=Path, help="with --folds: keep the fold finders here")
    args = parser.parse_args(argv)
    edition: EditionOrder = args.edition
    args.edition = edition
    shared = shared_dir()
    started = time.perf_counter()
    extra = [PROJECT_ROOT / "data" / "mentions"] if args.all_texts else []
    real = load_real_catalog(shared, seed=args.seed, absent_percent=args.absent, extra=extra)
    texts = [t for t in load_texts(shared, real, extra) if not args.texts or args.texts in t.name]
    finders = None
    if args.folds and args.mode != "gold":
        everything = [PROJECT_ROOT / "data" / "mentions"]
        finders = fold_models(shared, everything, args.folds, args.fold_models)
    print(
        f"catalogue: {len(real.catalog.works)} works; mentioned books {len(real.present)} present, "
        f"{len(real.absent)} left out ({args.absent} %, seed {args.seed}); "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    print(
        f"texts: {len(texts)} ({', '.join(f'half {h}: {sum(t.half == h for t in texts)}' for h in HALVES)}, "
        f"alternating in name order); sources: {', '.join(args.sources)}"
    )
    gold = end_to_end = None
    with FakeServices(real.catalog) as server:
        if args.mode in {"gold", "both"}:
            gold = run_gold(server, real, texts, args)
            print_gold(gold)
            print_requests(gold)
        if args.mode in {"end-to-end", "both"}:
            end_to_end = run_end_to_end(server, real, texts, args, finders)
            print_end_to_end(end_to_end)
            print_requests(end_to_end)
    if args.scores:
        print_scores(real, gold, end_to_end)
    if args.failures:
        for run in (gold, end_to_end):
            if run is not None:
                print_failures(run)


if __name__ == "__main__":
    main()
