"""Score ``bibkit.extract`` on the annotated texts in ``shared/data/mentions``.

Scoring follows the folder's README: a predicted mention is correct when its span overlaps a
gold ``surface`` and its title resembles the gold title; each gold mention is matched at most
once. Precision and recall are computed over named mentions; implicit gold mentions (no title)
are matched by span overlap alone and reported separately, and a prediction that lands on an
implicit mention counts neither for nor against named precision.

Usage::

    python benchmarks/extraction_quality.py [--verbose] [--dir PATH]

The folder is ``$BIBKIT_SHARED_DIR/data/mentions`` or ``<project root>/../shared/data/mentions``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from rapidfuzz import fuzz  # noqa: E402

from bibkit import extract  # noqa: E402
from bibkit.match import normalize_title  # noqa: E402
from bibkit.model import Mention  # noqa: E402


def mentions_dir(override: str | None) -> Path:
    """Where the annotated texts live; exits with a clear message when absent."""
    if override:
        path = Path(override)
    else:
        shared = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
        path = shared / "data" / "mentions"
    if not path.is_dir():
        sys.exit(f"annotated mentions not found at {path}; set BIBKIT_SHARED_DIR to the shared data folder")
    return path


def _norm(title: str) -> str:
    return normalize_title(html.unescape(title))


def title_resembles(gold: str, predicted: Mention) -> bool:
    """Whether a predicted title names the same thing as the gold title.

    Either a close fuzzy match, or one contained in the other while covering at least half of
    it (a subtitle kept on one side and dropped on the other, "Calculus" for "Thomas' Calculus").
    """
    g = _norm(gold)
    candidates = {_norm(predicted.title)}
    if predicted.subtitle:
        candidates.add(_norm(f"{predicted.title}: {predicted.subtitle}"))
    for p in candidates:
        if not g or not p:
            continue
        if fuzz.ratio(g, p) >= 70:
            return True
        short, long_ = sorted((g, p), key=len)
        if short in long_ and len(short) >= 0.5 * len(long_):
            return True
    return False


@dataclass
class FileScore:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    implicit_total: int = 0
    implicit_found: int = 0
    false_positives: list[Mention] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _overlaps(gold: dict[str, Any], m: Mention) -> bool:
    start = int(gold["start"])
    end = start + len(gold["surface"])
    return m.start < end and start < m.end


def score_file(text: str, gold: dict[str, Any], name: str) -> FileScore:
    """Match predictions to gold mentions, best title agreement first, each gold once."""
    predicted = extract(text)
    result = FileScore(name)
    named = [g for g in gold["mentions"] if not g.get("implicit")]
    implicit = [g for g in gold["mentions"] if g.get("implicit")]
    for g in gold["mentions"]:
        assert text[g["start"] : g["start"] + len(g["surface"])] == g["surface"], g
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(named):
        for pi, m in enumerate(predicted):
            if _overlaps(g, m) and title_resembles(g["title"], m):
                pairs.append((-fuzz.ratio(_norm(g["title"]), _norm(m.title)), gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
    result.tp = len(used_gold)
    result.fn = len(named) - result.tp
    result.misses = [g for gi, g in enumerate(named) if gi not in used_gold]
    result.implicit_total = len(implicit)
    used_implicit: set[int] = set()
    for pi, m in enumerate(predicted):
        if pi in used_pred:
            continue
        for ii, g in enumerate(implicit):
            if ii not in used_implicit and _overlaps(g, m):
                used_implicit.add(ii)
                used_pred.add(pi)
                break
    result.implicit_found = len(used_implicit)
    result.false_positives = [m for pi, m in enumerate(predicted) if pi not in used_pred]
    result.fp = len(result.false_positives)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list false positives and misses")
    parser.add_argument("--dir", help="folder of NN-slug.txt/.json pairs (default: the shared dev set)")
    args = parser.parse_args(argv)
    folder = mentions_dir(args.dir)
    scores: list[FileScore] = []
    for gold_path in sorted(folder.glob("*.json")):
        text_path = gold_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
        scores.append(score_file(text, gold, text_path.name))
    if not scores:
        sys.exit(f"no annotated texts in {folder}")
    print(f"{'file':48} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'implicit':>9}")
    for s in scores:
        print(
            f"{s.name:48} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"
            f" {s.implicit_found:>4d}/{s.implicit_total:<4d}"
        )
    total = FileScore("overall (named mentions)")
    for s in scores:
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        total.implicit_total += s.implicit_total
        total.implicit_found += s.implicit_found
    print(
        f"{total.name:48} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f} {total.tp:4d} "
        f"{total.fp:4d} {total.fn:4d} {total.implicit_found:>4d}/{total.implicit_total:<4d}"
    )
    implicit_recall = total.implicit_found / total.implicit_total if total.implicit_total else 1.0
    print(
        f"implicit mentions found: {total.implicit_found}/{total.implicit_total} "
        f"(recall {implicit_recall:.3f})"
    )
    if args.verbose:
        for s in scores:
            if not s.false_positives and not s.misses:
                continue
            print(f"\n== {s.name}")
            for m in s.false_positives:
                print(f"  FP   {m.kind:22} {m.confidence:.2f} {m.text!r} -> {m.title!r}")
            for g in s.misses:
                print(f"  MISS {g['surface']!r} (title {g['title']!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
