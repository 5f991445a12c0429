"""The model file: written and read back without running code from it; other files refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bibkit.errors import ConfigError
from bibkit.mentions.finder import FORMAT, Finder, default_finder


def test_the_shipped_model_loads_and_says_what_it_was_trained_on() -> None:
    finder = default_finder()
    assert finder.features and 0 < finder.threshold < 1
    assert finder.info["format"] == FORMAT and finder.info["texts"]


def test_a_saved_model_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    default_finder().save(path)
    again = Finder.load(path)
    assert again.to_json() == default_finder().to_json()


@pytest.mark.parametrize(
    "content",
    [b"not a model", gzip.compress(b"{}"), gzip.compress(json.dumps({"format": FORMAT}).encode())],
)
def test_a_file_that_is_no_model_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="model"):
        Finder.load(path)
