"""Annotated texts: reading the corpus format, and scoring extraction against it.

A corpus is a folder of ``NAME.txt`` / ``NAME.json`` pairs: the text, verbatim, and a hand
annotation of every book mention in it (``mentions[]`` with ``surface``, ``start``, ``title``,
``implicit``..., and ``non_mentions[]``), the format of the project's development texts. The
same format trains the model (``bibkit train``), scores it (``benchmarks/extraction_quality.py``)
and is what ``bibkit extract --annotation`` writes for a person to correct.

Scoring convention: a predicted mention is correct when its span overlaps a gold mention's
surface and its title resembles the gold title; each gold mention is matched at most once.
Precision and recall are over named (non-implicit) mentions.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bibkit.errors import ConfigError
from bibkit.text import normalize_title

__all__ = [
    "AnnotatedText",
    "GoldMention",
    "Score",
    "load_corpus",
    "match_mentions",
    "title_resembles",
]


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated mention: its span in the text and the title as the text gives it."""

    start: int
    end: int
    surface: str
    title: str | None
    author: str | None = None
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class AnnotatedText:
    """A text and its annotation."""

    name: str
    text: str
    mentions: tuple[GoldMention, ...]
    non_mentions: tuple[str, ...] = ()

    @property
    def named(self) -> tuple[GoldMention, ...]:
        return tuple(m for m in self.mentions if not m.implicit and m.title)


def _gold(entry: dict[str, Any]) -> GoldMention:
    start = int(entry["start"])
    surface = str(entry["surface"])
    return GoldMention(
        start=start,
        end=start + len(surface),
        surface=surface,
        title=entry.get("title"),
        author=entry.get("author"),
        implicit=bool(entry.get("implicit")),
    )


def load_text(json_path: Path) -> AnnotatedText:
    """One annotated text; a surface that is not where its offset says is refused."""
    text_path = json_path.with_suffix(".txt")
    try:
        text = text_path.read_text(encoding="utf-8")
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"cannot read annotated text {json_path}: {error}") from error
    mentions = tuple(_gold(m) for m in data.get("mentions", []))
    for m in mentions:
        if text[m.start : m.end] != m.surface:
            raise ConfigError(f"{json_path.name}: mention {m.surface!r} is not at offset {m.start}")
    return AnnotatedText(
        name=text_path.name,
        text=text,
        mentions=mentions,
        non_mentions=tuple(str(s) for s in data.get("non_mentions", [])),
    )


def load_corpus(folders: Iterable[str | Path]) -> list[AnnotatedText]:
    """Every annotated text in ``folders`` (``*.json`` with a ``.txt`` beside it), by name."""
    texts: list[AnnotatedText] = []
    for folder in folders:
        path = Path(folder)
        if not path.is_dir():
            raise ConfigError(f"not a folder of annotated texts: {path}")
        for json_path in sorted(path.glob("*.json")):
            if json_path.with_suffix(".txt").exists():
                texts.append(load_text(json_path))
    if not texts:
        raise ConfigError("no annotated texts found (NAME.txt with NAME.json beside it)")
    return texts


def _norm(title: str) -> str:
    return normalize_title(html.unescape(title))


def title_resembles(gold: str, title: str, subtitle: str | None = None) -> bool:
    """Whether a predicted title names what the gold title names.

    Either a close fuzzy match, or one contained in the other while covering at least half of
    it (a subtitle kept on one side and dropped on the other).
    """
    g = _norm(gold)
    options = {_norm(title)}
    if subtitle:
        options.add(_norm(f"{title}: {subtitle}"))
    for p in options:
        if not g or not p:
            continue
        if fuzz.ratio(g, p) >= 70:
            return True
        short, long_ = sorted((g, p), key=len)
        if short in long_ and len(short) >= 0.5 * len(long_):
            return True
    return False


@dataclass(slots=True)
class Score:
    """Counts of one scoring: true and false positives, misses, and implicit mentions found."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    implicit_total: int = 0
    implicit_found: int = 0
    false_positives: list[int] = field(default_factory=list)  # indexes into the predictions
    misses: list[GoldMention] = field(default_factory=list)

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

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.implicit_total += other.implicit_total
        self.implicit_found += other.implicit_found


def match_mentions(
    gold: Sequence[GoldMention], predicted: Sequence[tuple[int, int, str, str | None]]
) -> tuple[Score, dict[int, int]]:
    """Score predictions ``(start, end, title, subtitle)`` against gold mentions.

    Returns the score and, for each matched prediction, the index of the named gold mention
    it matched. Pairs are matched best title agreement first, each gold and prediction once; a
    prediction that lands on an implicit mention counts neither for nor against precision.
    """
    named = [g for g in gold if not g.implicit and g.title]
    implicit = [g for g in gold if g.implicit or not g.title]
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(named):
        assert g.title is not None
        for pi, (start, end, title, subtitle) in enumerate(predicted):
            if start < g.end and g.start < end and title_resembles(g.title, title, subtitle):
                pairs.append((-fuzz.ratio(_norm(g.title), _norm(title)), gi, pi))
    pairs.sort()
    matched: dict[int, int] = {}
    used_gold: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_gold or pi in matched:
            continue
        used_gold.add(gi)
        matched[pi] = gi
    score = Score(tp=len(used_gold), fn=len(named) - len(used_gold))
    score.misses = [g for gi, g in enumerate(named) if gi not in used_gold]
    score.implicit_total = len(implicit)
    used_implicit: set[int] = set()
    on_implicit: set[int] = set()
    for pi, (start, end, _, _) in enumerate(predicted):
        if pi in matched:
            continue
        for ii, g in enumerate(implicit):
            if ii not in used_implicit and start < g.end and g.start < end:
                used_implicit.add(ii)
                on_implicit.add(pi)
                break
    score.implicit_found = len(used_implicit)
    score.false_positives = [
        pi for pi in range(len(predicted)) if pi not in matched and pi not in on_implicit
    ]
    score.fp = len(score.false_positives)
    return score, matched
