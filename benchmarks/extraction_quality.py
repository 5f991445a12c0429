"""Quality of ``bibkit.extract`` on annotated texts: what a user would see on text it never saw.

With ``--cv`` the model is trained afresh for every text on all the other texts (leave one
text out) and scored on the text it did not see; ``--folds K`` does the same with K groups of
texts instead (quicker, a little pessimistic). This is the honest figure. Without ``--cv`` the
shipped (or ``--model``) model is scored as it is, which only means something on texts it was
not trained on (``--dir`` a folder of held-out texts).

Scoring follows the corpus README: a predicted mention is correct when its span overlaps a
gold ``surface`` and its title resembles the gold title; each gold mention is matched at most
once; precision and recall are over named mentions, implicit ones are reported apart.
Candidate recall is the share of named mentions that some candidate covers (with a resembling
title): what the patterns leave the model to find.

Usage::

    python benchmarks/extraction_quality.py --cv [--folds K] [--fold-models DIR] [--delta DIR] [DIR ...]
    python benchmarks/extraction_quality.py [--model FILE] --dir HELD_OUT_DIR

``--fold-models DIR`` keeps each fold's finder (``fold-K-of-N.json.gz``) for the next run and for
``benchmarks/resolution_quality.py --folds N --fold-models DIR``, whose end-to-end figures then
use the very finders scored here; a kept finder is used again only if it was trained on exactly
the texts its fold leaves in.

The default folders are the project's ``data/mentions`` and ``$BIBKIT_SHARED_DIR/data/mentions``
(or ``<project root>/../shared/data/mentions``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bibkit.mentions.corpus import AnnotatedText, Score, load_corpus, match_mentions, title_resembles  # noqa: E402
from bibkit.mentions.extract import extract  # noqa: E402
from bibkit.mentions.finder import Finder  # noqa: E402
from bibkit.mentions.training import Example, TrainingOptions, examples_of, train  # noqa: E402


def default_folders() -> list[Path]:
    shared = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared") / "data" / "mentions"
    folders = [p for p in (shared, PROJECT_ROOT / "data" / "mentions") if p.is_dir()]
    if not folders:
        sys.exit(f"no annotated texts at {shared}; set BIBKIT_SHARED_DIR to the shared data folder")
    return folders


def fold_finder(
    texts: Sequence[AnnotatedText], k: int, folds: int, store: Path | None, read: Callable[[], list[Example]]
) -> Finder:
    """The finder of fold ``k`` of ``folds``: trained on every text but ``k``, ``k + folds``,
    ``k + 2 * folds``, ... (in corpus order); read from ``store`` when a finder trained on just
    those texts is kept there, and kept there when trained. ``read`` gives the texts' examples,
    called only when a finder must be trained (reading them is most of a run that reuses
    kept finders)."""
    held = set(range(k, len(texts), folds))
    path = store / f"fold-{k}-of-{folds}.json.gz" if store else None
    if path is not None and path.exists():
        kept = Finder.load(path)
        if list(kept.info.get("texts", [])) == [t.name for i, t in enumerate(texts) if i not in held]:
            return kept
    finder = train([e for i, e in enumerate(read()) if i not in held], TrainingOptions())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        finder.save(path)
    return finder


def candidate_recall(example: Example) -> tuple[int, int]:
    """(named mentions covered by some candidate, named mentions)."""
    reading = example.reading
    covered = 0
    for g in example.text.named:
        for c, (start, end) in zip(reading.candidates, reading.spans, strict=True):
            title = reading.page.text[c.title_start : c.title_end]
            if start < g.end and g.start < end and g.title and title_resembles(g.title, title):
                covered += 1
                break
    return covered, len(example.text.named)


#: The confidence of every predicted mention and whether it was right, for the calibration table.
CALIBRATION: list[tuple[float, bool]] = []


def _predicted(text: AnnotatedText, finder: Finder) -> list[tuple[int, int, str, str | None]]:
    mentions = extract(text.text, model=finder)
    predicted = [(m.start, m.end, m.title or m.text, m.subtitle) for m in mentions]
    score, matched = match_mentions(text.mentions, predicted)
    wrong = set(score.false_positives)
    CALIBRATION.extend(
        (m.confidence, i not in wrong) for i, m in enumerate(mentions) if i in matched or i in wrong
    )
    return predicted


def print_calibration() -> None:
    """Precision of the mentions found, by the confidence the model gave them."""
    bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
    print("confidence  mentions  right")
    for lo, hi in bins:
        inside = [right for conf, right in CALIBRATION if lo <= conf < hi]
        if inside:
            print(f"{lo:.1f}-{min(hi, 1.0):.1f}   {len(inside):8d}  {sum(inside) / len(inside):.3f}")


def write_delta(
    folder: Path, text: AnnotatedText, predicted: list[tuple[int, int, str, str | None]], score: Score
) -> None:
    """What a person reviews (AnyStyle's delta): the mentions the model adds and the ones it misses."""
    folder.mkdir(parents=True, exist_ok=True)
    delta = {
        "text": text.name,
        "added": [
            {"start": predicted[i][0], "surface": text.text[predicted[i][0] : predicted[i][1]]}
            for i in score.false_positives
        ],
        "missed": [{"start": g.start, "surface": g.surface, "title": g.title} for g in score.misses],
    }
    if delta["added"] or delta["missed"]:
        path = folder / f"delta_{Path(text.name).stem}.json"
        path.write_text(json.dumps(delta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _row(s: Score) -> str:
    return (
        f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"
        f" {s.implicit_found:>4d}/{s.implicit_total:<4d}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help="folders of annotated texts (default: the project's)"
    )
    parser.add_argument(
        "--cv", action="store_true", help="train without each text and score it (leave one out)"
    )
    parser.add_argument(
        "--folds", type=int, default=0, help="with --cv: K groups of texts instead of one text each"
    )
    parser.add_argument("--model", type=Path, help="without --cv: the model to score (default: bibkit's own)")
    parser.add_argument("--dir", type=Path, help="without --cv: a folder of held-out annotated texts")
    parser.add_argument(
        "--delta", type=Path, help="write, per text, the mentions added and missed to this folder"
    )
    parser.add_argument(
        "--fold-models", type=Path, help="with --folds: keep each fold's finder here (and reuse it)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folders = [args.dir] if args.dir else (args.folders or default_folders())
    texts = load_corpus(folders)
    examples = examples_of(texts)
    scores: dict[str, Score] = {}
    if args.cv:
        n = len(examples)
        groups = (
            [[i] for i in range(n)]
            if not args.folds
            else [list(range(n))[k :: args.folds] for k in range(args.folds)]
        )
        for g, group in enumerate(groups, 1):
            if args.folds:
                finder = fold_finder(texts, g - 1, args.folds, args.fold_models, lambda: examples)
            else:
                finder = train([e for i, e in enumerate(examples) if i not in group], TrainingOptions())
            for i in group:
                text = examples[i].text
                predicted = _predicted(text, finder)
                scores[text.name], _ = match_mentions(text.mentions, predicted)
                if args.delta:
                    write_delta(args.delta, text, predicted, scores[text.name])
            print(f"  fold {g}/{len(groups)} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    else:
        finder = Finder.load(args.model) if args.model else None
        from bibkit.mentions.finder import default_finder

        finder = finder or default_finder()
        for e in examples:
            predicted = _predicted(e.text, finder)
            scores[e.text.name], _ = match_mentions(e.text.mentions, predicted)
            if args.delta:
                write_delta(args.delta, e.text, predicted, scores[e.text.name])
    total = Score()
    covered = named = 0
    print(
        f"{'text':50} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'implicit':>9} {'cand R':>7}"
    )
    for e in examples:
        s = scores[e.text.name]
        total.add(s)
        c, n = candidate_recall(e)
        covered += c
        named += n
        print(f"{e.text.name[:50]:50} {_row(s)} {c / max(1, n):7.3f}")
    recall_of_candidates = covered / max(1, named)
    print(f"{'overall (named mentions)':50} {_row(total)} {recall_of_candidates:7.3f}")
    print_calibration()
    worst = min(scores.values(), key=lambda s: s.f1)
    below = sum(1 for s in scores.values() if s.f1 < 0.75)
    how = (
        ("leave one text out" if not args.folds else f"{args.folds} folds of texts")
        if args.cv
        else "as trained"
    )
    print(
        f"{len(examples)} texts, {how}: P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}; "
        f"lowest text F1 {worst.f1:.3f}, {below} texts below 0.75; "
        f"candidate recall {recall_of_candidates:.3f}; "
        f"implicit found {total.implicit_found}/{total.implicit_total} "
        f"({time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
