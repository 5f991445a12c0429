"""Training the finder from annotated texts, reproducibly.

As in AnyStyle, training is part of the product: the shipped model is what
``bibkit train ../shared/data/mentions data/mentions`` builds, and a user who annotates their
own kind of text (``bibkit extract FILE --annotation`` writes a draft to correct) trains a model
that reads it.

Every candidate of every text is labelled by the corpus's scoring convention (it overlaps an
annotated mention and its title resembles the annotated title). The first stage learns from
the candidate features. The second stage learns from those and the agreement features, which
must come from first-stage probabilities the model did not see during training, as they will be
for a new text: the texts are split into folds and each fold is scored by a first stage trained
on the others. The decision threshold comes from the F1 of texts scored the same way (out of
fold) by the second stage: F1 is flat near its best (thresholds a tenth apart differ by less
than the sampling error of a corpus of a few thousand mentions), so the threshold is the middle
of the thresholds whose F1 is within :data:`THRESHOLD_TOLERANCE` of the best, not whichever
happens to top that plateau by a hair, which would move with every text added.

Everything is seeded and single-threaded, so the same texts and seed give the same model.
"""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import lightgbm
import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from bibkit.mentions.agreement import AGREEMENT_FEATURES, agreement
from bibkit.mentions.corpus import AnnotatedText, match_mentions, title_resembles
from bibkit.mentions.decide import prefer_probable
from bibkit.mentions.extract import Reading, read_text
from bibkit.mentions.finder import FORMAT, Finder, matrix

__all__ = ["Example", "TrainingOptions", "choose_threshold", "examples_of", "train"]


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    """How the ensembles are grown (LightGBM's parameters) and how texts are folded."""

    trees: int = 300
    leaves: int = 15
    learning_rate: float = 0.05
    min_leaf: int = 20
    feature_fraction: float = 0.5
    bagging_fraction: float = 0.8
    folds: int = 5
    seed: int = 0
    #: A feature is used only if it occurs in at least this many training texts: what a single
    #: text says (its own words) is not learnt as a rule.
    min_texts: int = 4

    def params(self) -> dict[str, object]:
        return {
            "objective": "cross_entropy",
            "num_leaves": self.leaves,
            "learning_rate": self.learning_rate,
            "min_data_in_leaf": self.min_leaf,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": 1,
            "lambda_l2": 1.0,
            "seed": self.seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": 1,
            "verbosity": -1,
        }


@dataclass(slots=True)
class Example:
    """One annotated text read for training: its candidates, features and labels."""

    text: AnnotatedText
    reading: Reading
    labels: np.ndarray

    @property
    def size(self) -> int:
        return len(self.reading.candidates)


#: The label of a candidate whose title is right but whose author is not the one annotated
#: (missing, or another span): a mention, but a less complete reading than the one with its
#: author, which the model should learn to prefer.
INCOMPLETE = 0.6


def _same_author(annotated: str | None, found: str | None) -> bool:
    if not annotated or not found:
        return not annotated and not found
    a, b = annotated.casefold(), found.casefold()
    return a in b or b in a or fuzz.token_set_ratio(a, b) >= 80


def label(text: AnnotatedText, reading: Reading) -> np.ndarray:
    """For each candidate: 1 when it overlaps an annotated named mention with a resembling title
    and the same author (or none on both sides), :data:`INCOMPLETE` when only the title agrees,
    else 0."""
    view_text = reading.page.text
    named = text.named
    out = np.zeros(len(reading.candidates), dtype=np.float64)
    for i, (c, (start, end)) in enumerate(zip(reading.candidates, reading.spans, strict=True)):
        title = view_text[c.title_start : c.title_end]
        author = view_text[c.author_start : c.author_end] if c.has_author else None
        for g in named:
            if start < g.end and g.start < end and g.title and title_resembles(g.title, title):
                out[i] = max(out[i], 1.0 if _same_author(g.author, author) else INCOMPLETE)
    return out


def examples_of(
    texts: Sequence[AnnotatedText], progress: Callable[[str], None] | None = None
) -> list[Example]:
    """Read and label every text."""
    out: list[Example] = []
    for text in texts:
        if progress is not None:
            progress(text.name)
        reading = read_text(text.text)
        out.append(Example(text, reading, label(text, reading)))
    return out


def _fit(x: sparse.csr_matrix, y: np.ndarray, options: TrainingOptions) -> lightgbm.Booster:
    data = lightgbm.Dataset(x, label=y, params={"verbosity": -1}, free_raw_data=True)
    return lightgbm.train(options.params(), data, num_boost_round=options.trees)


def _folds(n: int, k: int, seed: int) -> list[list[int]]:
    order = np.random.RandomState(seed).permutation(n).tolist()
    k = max(2, min(k, n))
    return [sorted(order[i::k]) for i in range(k)]


def _stack(idx: Sequence[int], parts: Sequence[sparse.csr_matrix]) -> sparse.csr_matrix:
    return sparse.vstack([parts[i] for i in idx], format="csr")


def _out_of_fold(
    parts: Sequence[sparse.csr_matrix],
    ys: Sequence[np.ndarray],
    folds: Sequence[Sequence[int]],
    options: TrainingOptions,
) -> list[np.ndarray]:
    """Each text's probabilities from a model trained on the other folds' texts: what the
    stage after it, and the threshold, must be fitted on (a model scoring its own training
    texts is overconfident)."""
    out: list[np.ndarray] = [np.zeros(0)] * len(parts)
    for fold in folds:
        rest = [i for i in range(len(parts)) if i not in fold]
        booster = _fit(_stack(rest, parts), np.concatenate([ys[i] for i in rest]), options)
        for i in fold:
            found = booster.predict(parts[i]) if parts[i].shape[0] else np.zeros(0)
            out[i] = np.asarray(found, dtype=np.float64)
    return out


#: F1 differences below this, out of fold, are noise: a corpus of ~3,000 mentions measures F1
#: with a standard error near 0.008.
THRESHOLD_TOLERANCE = 0.005


def choose_threshold(f1_at: dict[float, float]) -> float:
    """The middle (the lower one of two middles) of the thresholds whose F1 is within
    :data:`THRESHOLD_TOLERANCE` of the best; below the best, a threshold gives recall, which
    resolution's catalogue check can afford more than it can missed books."""
    best = max(f1_at.values())
    plateau = sorted(t for t, f1 in f1_at.items() if f1 >= best - THRESHOLD_TOLERANCE)
    return plateau[(len(plateau) - 1) // 2]


def _decided_f1(examples: Sequence[Example], probabilities: Sequence[np.ndarray], threshold: float) -> float:
    tp = fp = fn = 0
    for example, p in zip(examples, probabilities, strict=True):
        reading = example.reading
        chosen = prefer_probable(reading.spans, p.tolist(), threshold)
        predicted = [
            (
                *reading.spans[i],
                reading.page.text[reading.candidates[i].title_start : reading.candidates[i].title_end],
                None,
            )
            for i in chosen
        ]
        score, _ = match_mentions(example.text.mentions, predicted)
        tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train(
    examples: Sequence[Example],
    options: TrainingOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> Finder:
    """A finder trained on ``examples`` (see the module docstring for how)."""
    options = options or TrainingOptions()
    say = progress or (lambda _: None)
    if len(examples) < 2:
        from bibkit.errors import ConfigError

        raise ConfigError("training needs at least two annotated texts")
    seen_in: Counter[str] = Counter()
    for e in examples:
        seen_in.update({name for row in e.reading.features for name in row})
    names = sorted(name for name, n in seen_in.items() if n >= min(options.min_texts, len(examples)))
    columns = {name: i for i, name in enumerate(names)}
    xs = [matrix(e.reading.features, columns) for e in examples]
    ys = [e.labels for e in examples]
    folds = _folds(len(examples), options.folds, options.seed)

    say("first stage, out of fold")
    first_oof = _out_of_fold(xs, ys, folds, options)
    say("first stage")
    everything = list(range(len(examples)))
    first = _fit(_stack(everything, xs), np.concatenate(ys), options)
    both = [
        sparse.hstack(
            [
                xs[i],
                sparse.csr_matrix(
                    np.asarray(agreement(e.reading.places, first_oof[i].tolist()), dtype=np.float64).reshape(
                        -1, len(AGREEMENT_FEATURES)
                    )
                ),
            ],
            format="csr",
        )
        for i, e in enumerate(examples)
    ]
    say("second stage, out of fold")
    second_oof = _out_of_fold(both, ys, folds, options)
    say("second stage")
    second = _fit(_stack(everything, both), np.concatenate(ys), options)
    say("threshold")
    f1_at = {round(t, 2): _decided_f1(examples, second_oof, round(t, 2)) for t in np.arange(0.2, 0.71, 0.05)}
    threshold = choose_threshold(f1_at)
    info = {
        "format": FORMAT,
        "texts": [e.text.name for e in examples],
        "candidates": int(sum(e.size for e in examples)),
        "positives": int(sum(int((e.labels > 0).sum()) for e in examples)),
        "options": {k: getattr(options, k) for k in options.__dataclass_fields__},
        "lightgbm": lightgbm.__version__,
        "python": platform.python_version(),
        "out_of_fold_f1": round(f1_at[threshold], 4),
    }
    return Finder(features=tuple(names), first=first, second=second, threshold=threshold, info=info)
