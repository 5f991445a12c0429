"""Reading annotated texts and scoring predictions by the corpus convention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibkit.errors import ConfigError
from bibkit.mentions.corpus import GoldMention, load_corpus, match_mentions, title_resembles
from tests.mentions.corpus_samples import SAMPLES, write_corpus


def test_a_corpus_folder_is_read_text_by_text(tmp_path: Path) -> None:
    texts = load_corpus([write_corpus(tmp_path)])
    assert sorted(t.name for t in texts) == sorted(f"{name}.txt" for name, *_ in SAMPLES)
    assert sum(len(t.named) for t in texts) == sum(len(m) for _, _, m, _ in SAMPLES)


def test_a_surface_that_is_not_at_its_offset_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Dune is great", encoding="utf-8")
    (tmp_path / "x.json").write_text(
        json.dumps({"mentions": [{"surface": "Dune", "start": 3, "title": "Dune"}]})
    )
    with pytest.raises(ConfigError, match="not at offset 3"):
        load_corpus([tmp_path])


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no annotated texts"):
        load_corpus([tmp_path])


def test_titles_resemble_with_or_without_subtitle_markup_or_entities() -> None:
    assert title_resembles(
        "The Bolsheviks Come to Power: The Revolution of 1917", "The Bolsheviks Come to Power"
    )
    assert title_resembles("Jonathan Strange &amp; Mr Norrell", "Jonathan Strange & Mr Norrell")
    assert not title_resembles("The Telling", "The Telling - [Ursula K. LeGuin")


def test_each_gold_mention_is_matched_once_and_implicit_ones_count_apart() -> None:
    gold = [
        GoldMention(0, 4, "Dune", "Dune"),
        GoldMention(10, 15, "Emma.", "Emma"),
        GoldMention(20, 26, "Taylor", None, implicit=True),
    ]
    predicted = [(0, 4, "Dune", None), (1, 4, "Dune", None), (10, 14, "Emma", None), (20, 26, "Taylor", None)]
    score, matched = match_mentions(gold, predicted)
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)
    assert score.implicit_found == 1 and matched == {0: 0, 2: 1}
