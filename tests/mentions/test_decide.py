"""Settling overlaps: the most probable candidate wins its words; identifiers join their titles."""

from __future__ import annotations

from bibkit.mentions.decide import attach_identifiers, prefer_probable


def test_the_most_probable_of_overlapping_candidates_wins() -> None:
    spans = [(0, 10), (0, 30), (12, 30), (40, 50)]
    assert prefer_probable(spans, [0.6, 0.9, 0.7, 0.2], 0.5) == [1]
    assert prefer_probable(spans, [0.9, 0.6, 0.7, 0.8], 0.5) == [0, 2, 3]


def test_nothing_below_the_threshold_is_kept() -> None:
    assert prefer_probable([(0, 5)], [0.49], 0.5) == []


def test_ties_go_to_the_earlier_then_the_longer_candidate() -> None:
    assert prefer_probable([(5, 10), (0, 8), (0, 6)], [0.7, 0.7, 0.7], 0.5) == [1]


def test_an_identifier_joins_the_title_before_it_and_displaces_what_overlaps() -> None:
    spans = [(0, 13), (0, 30), (15, 30)]  # a title, a spurious reading over both, the ISBN
    kept, joined = attach_identifiers([1], [2], spans, lambda i: [0])
    assert kept == [2] and joined == {2: 0}


def test_an_identifier_without_a_title_stands_alone() -> None:
    kept, joined = attach_identifiers([0], [1], [(0, 5), (10, 23)], lambda i: [])
    assert kept == [0, 1] and joined == {}
