"""Repairing items of a CSL-JSON file: the changed members change, and not one other byte."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibkit.formats.csl_edit import ItemEdit, apply_edits, items

_names = ["title", "publisher", "ISBN", "issued", "author", "note"]
_values = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.lists(st.dictionaries(st.sampled_from(["family", "given"]), st.text(max_size=5)), max_size=2),
)


@st.composite
def _csl(draw: st.DrawFn) -> str:
    records = []
    for i in range(draw(st.integers(1, 4))):
        record = {"id": f"k{i}", "type": "book"}
        for name in draw(st.lists(st.sampled_from(_names), max_size=3, unique=True)):
            record[name] = draw(_values)
        records.append(record)
    indent = draw(st.sampled_from([None, 2, 4, "\t"]))
    text = json.dumps(records, indent=indent, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_csl(), data=st.data())
def test_only_the_changed_members_change(text: str, data: st.DataObject) -> None:
    found = items(text)
    edits: list[ItemEdit] = []
    for item in found:
        names = data.draw(st.lists(st.sampled_from([*_names, "publisher-place"]), max_size=2, unique=True))
        for name in names:
            edits.append(ItemEdit(item, name, json.dumps(data.draw(_values))))
    out = apply_edits(text, edits)
    after = items(out)
    parsed = json.loads(out)
    assert len(after) == len(found) == len(parsed)
    undo: list[tuple[int, int, str]] = []
    for old, new, record in zip(found, after, parsed, strict=True):
        mine = {e.name: e.value for e in edits if e.item is old}
        for name, value in mine.items():
            assert record[name] == json.loads(value)
        for before, now in zip(old.members, new.members, strict=False):
            if before.name in mine:
                undo.append((now.value_start, now.end, text[before.value_start : before.end]))
            else:
                assert out[now.start : now.end] == text[before.start : before.end]
        if len(new.members) > len(old.members):
            undo.append((new.members[len(old.members) - 1].end, new.members[-1].end, ""))
    restored, pos = [], 0
    for start, end, value in sorted(undo):
        restored += [out[pos:start], value]
        pos = end
    assert "".join([*restored, out[pos:]]) == text
