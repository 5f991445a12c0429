"""Agreement: what the first reading of a document says around each candidate.

A book list is consistent: its entries follow one form, a title recurs, a section holds one
kind of thing. One candidate alone rarely shows that; the first-stage probabilities of its
neighbours do. These features describe, for each candidate, how the first stage judged the
candidates that overlap it (its rivals for the same words), the same title elsewhere, the
other entries of its list, the other lines of its section, and the candidates written in the
same form; the second stage of the model weighs them with the candidate's own features.

Every group (a title, a line, a list, a section, a form) is summed once, so the cost is linear
in the number of candidates however long the document.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["AGREEMENT_FEATURES", "Placement", "agreement"]

#: The names of the agreement features, in column order.
AGREEMENT_FEATURES = (
    "first_p",
    "rival_max_p",
    "rivals_above",
    "same_title_max_p",
    "same_title_likely",
    "line_other_max_p",
    "list_mean_p",
    "list_same_form",
    "section_mean_p",
    "document_mean_p",
    "form_mean_p",
    "form_count",
    "column_mean_p",
)
#: From this first-stage probability a candidate counts as likely.
LIKELY = 0.5


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a candidate sits and in what form: what agreement compares candidates by.

    Attributes:
        start, end: The candidate's span (any offsets, as long as all candidates share them).
        line, block, section: Indexes of its line, its list item or paragraph, its heading.
        list_id: The list it is an entry of (None outside lists).
        column: The table column it sits in (None outside tables).
        title: Its title, casefolded.
        title_start: Where its title starts (the same title at one place is one place).
        form: How it is written (patterns, separator, author side, marks, block kind).
    """

    start: int
    end: int
    line: int
    block: int
    section: int
    list_id: Hashable | None
    column: Hashable | None
    title: str
    title_start: int
    form: tuple[object, ...]


class _Best:
    """The best and second-best (probability, key) seen: the best of a group without one member."""

    __slots__ = ("first", "first_key", "second")

    def __init__(self) -> None:
        self.first = self.second = 0.0
        self.first_key: Hashable = None

    def add(self, p: float, key: Hashable) -> None:
        if key == self.first_key:
            self.first = max(self.first, p)
        elif p > self.first:
            self.second, self.first, self.first_key = self.first, p, key
        elif p > self.second:
            self.second = p

    def without(self, key: Hashable) -> float:
        return self.second if key == self.first_key else self.first


def _rivals(places: Sequence[Placement], first: Sequence[float]) -> tuple[list[float], list[int]]:
    """For each candidate, the highest probability among those overlapping it, and how many of
    those are more probable than it (a sweep over starts: linear in candidates and overlaps)."""
    n = len(places)
    order = sorted(range(n), key=lambda i: places[i].start)
    top = [0.0] * n
    above = [0] * n
    for k, i in enumerate(order):
        end = places[i].end
        for m in range(k + 1, n):
            j = order[m]
            if places[j].start >= end:
                break
            top[i] = max(top[i], first[j])
            top[j] = max(top[j], first[i])
            if first[j] > first[i]:
                above[i] += 1
            elif first[i] > first[j]:
                above[j] += 1
    return top, above


def agreement(places: Sequence[Placement], first: Sequence[float]) -> list[list[float]]:
    """The agreement features of every candidate (rows in the order of ``places``) given the
    first-stage probabilities ``first``; -1 where a feature does not apply."""
    rival_top, rivals_above = _rivals(places, first)
    titles: dict[str, _Best] = defaultdict(_Best)
    title_likely: dict[str, set[int]] = defaultdict(set)
    lines: dict[int, list[int]] = defaultdict(list)  # the candidates of a line, most probable first
    forms: dict[tuple[object, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for i, place in enumerate(places):
        p = first[i]
        titles[place.title].add(p, place.title_start)
        if p > LIKELY:
            title_likely[place.title].add(place.title_start)
        lines[place.line].append(i)
        total = forms[place.form]
        total[0] += p
        total[1] += 1
    for ids in lines.values():
        ids.sort(key=lambda j: -first[j])
    # each line's best candidate stands for the line in its list item, section and document
    line_best = {line: ids[0] for line, ids in lines.items()}
    block_best: dict[tuple[Hashable, int], int] = {}
    sections: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    columns: dict[Hashable, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for best in line_best.values():
        place = places[best]
        if place.column is not None:
            column = columns[place.column]
            column[0] += first[best]
            column[1] += 1
        if place.list_id is not None:
            key = (place.list_id, place.block)
            if key not in block_best or first[best] > first[block_best[key]]:
                block_best[key] = best
        section = sections[place.section]
        section[0] += first[best]
        section[1] += 1
    lists: dict[Hashable, list[float]] = defaultdict(lambda: [0.0, 0.0])
    list_forms: dict[Hashable, Counter[tuple[object, ...]]] = defaultdict(Counter)
    for (list_id, _), best in block_best.items():
        totals = lists[list_id]
        totals[0] += first[best]
        totals[1] += 1
        if first[best] > LIKELY:
            list_forms[list_id][places[best].form] += 1
    document_mean = sum(first[j] for j in line_best.values()) / len(line_best) if line_best else 0.0

    rows: list[list[float]] = []
    for i, place in enumerate(places):
        p = first[i]
        likely_places = title_likely[place.title]
        same_likely = len(likely_places) - (1 if place.title_start in likely_places else 0)
        list_mean = list_form = -1.0
        if place.list_id is not None:
            own = block_best.get((place.list_id, place.block))
            list_total, list_count = lists[place.list_id]
            if own is not None:
                list_total -= first[own]
                list_count -= 1
            if list_count > 0:
                list_mean = list_total / list_count
                same = list_forms[place.list_id][place.form]
                if own is not None and first[own] > LIKELY and places[own].form == place.form:
                    same -= 1
                list_form = same / list_count
        section_total, section_count = sections[place.section]
        own_line = first[line_best[place.line]]
        section_mean = (section_total - own_line) / (section_count - 1) if section_count > 1 else -1.0
        form_total, form_count = forms[place.form]
        column_mean = -1.0
        if place.column is not None:
            column_total, column_count = columns[place.column]
            if column_count > 1:
                column_mean = (column_total - own_line) / (column_count - 1)
        rows.append(
            [
                p,
                rival_top[i],
                float(rivals_above[i]),
                titles[place.title].without(place.title_start),
                float(same_likely),
                _line_other(places, first, lines[place.line], i),
                list_mean,
                list_form,
                section_mean,
                document_mean,
                (form_total - p) / (form_count - 1) if form_count > 1 else -1.0,
                float(min(form_count, 50)),
                column_mean,
            ]
        )
    return rows


def _line_other(places: Sequence[Placement], first: Sequence[float], line: list[int], i: int) -> float:
    """The highest probability on candidate ``i``'s line among candidates that do not overlap it
    (``line`` is most probable first, so the search stops at the first such candidate)."""
    start, end = places[i].start, places[i].end
    for j in line:
        if j != i and (places[j].end <= start or places[j].start >= end):
            return first[j]
    return 0.0
