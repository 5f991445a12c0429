"""Extraction pauses the cyclic garbage collector, which is only safe while it makes no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bibkit import extract
from bibkit.mentions.extract import _collector_paused

# A reading list and the replies to it: list entries, a repeated title (found through the
# known titles' first words), an abbreviation, a misspelt repeat, a series and a reading verb,
# so that every document-level rule runs.
_THREAD = """Books that changed how I think:

- Alexander Rabinowitch, The Bolsheviks Come to Power
- E. H. Carr, The Bolshevik Revolution, 1917-1923
- *Pride and Prejudice* by Jane Austen
- Moshe Lewin's "Lenin's Last Struggle" (ISBN 978-0-472-08133-1)

I read The Bolsheviks Come to Power twice, and P&P every summer. Rabinowitch is careful.
Somebody upthread mentioned The Bolshevik Revolutoin and the Culture novels; also check out
The Prophet Armed and Red Petrograd.
"""


@pytest.fixture
def collector_disabled() -> Iterator[None]:
    gc.collect()
    with _collector_paused():
        yield


@pytest.mark.usefixtures("collector_disabled")
@pytest.mark.parametrize("copies", [1, 40])
def test_extraction_leaves_nothing_for_the_collector(copies: int) -> None:
    # 40 copies make the text long enough for the pattern-based lookup of known titles.
    mentions = extract((_THREAD + "\n") * copies)
    assert {m.kind for m in mentions} >= {"author_comma_title", "title_by_author", "repeated_title"}
    assert gc.collect() == 0  # no reference cycles: reference counting freed everything


def test_collector_state_is_restored() -> None:
    enabled = gc.isenabled()
    try:
        gc.enable()
        extract(_THREAD)
        assert gc.isenabled()
        gc.disable()
        extract(_THREAD)
        assert not gc.isenabled()
    finally:
        if enabled:
            gc.enable()
