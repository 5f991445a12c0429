"""Predictions written as an annotation a person corrects and trains on."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bibkit.cli import cli
from bibkit.mentions.corpus import load_corpus

TEXT = (
    "some great books:\n\n- Victor Serge, *Year One of the Russian Revolution*\n"
    "- John Reed, *Ten Days That Shook the World*\n"
)


def test_the_annotation_draft_is_a_corpus_file_that_training_reads(tmp_path: Path) -> None:
    source = tmp_path / "thread.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(source), "--annotation"])
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert [m["title"] for m in draft["mentions"]] == [
        "Year One of the Russian Revolution",
        "Ten Days That Shook the World",
    ]
    (tmp_path / "thread.json").write_text(json.dumps(draft), encoding="utf-8")
    [text] = load_corpus([tmp_path])
    assert [m.surface for m in text.mentions] == [m["surface"] for m in draft["mentions"]]
