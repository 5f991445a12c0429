"""The dev set from the shared folder still extracts (skips when the folder is absent)."""

from __future__ import annotations

from pathlib import Path

from bibkit import extract


def test_dev_texts_offsets(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "mentions"
    texts = sorted(folder.glob("*.txt"))
    assert texts
    for path in texts:
        text = path.read_text(encoding="utf-8")
        found = extract(text)
        assert found, path.name
        assert all(text[m.start : m.end] == m.text for m in found)
