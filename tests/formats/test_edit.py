"""Repairing fields of a .bib file: the changed values change, and not one other byte."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibkit.formats.bibfile import Block, field_value, scan
from bibkit.formats.edit import FieldEdit, apply_edits, edit_for

_safe = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='{}@\\"%'), max_size=12)
_braced = st.recursive(_safe, lambda inner: st.builds(lambda a, b, c: f"{a}{{{b}}}{c}", inner, inner, inner),
                       max_leaves=3)
_names = ["title", "author", "year", "isbn", "publisher", "address", "note", "date"]


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["braced", "quoted", "number", "macro", "joined"]))
    if kind == "braced":
        return "{" + draw(_braced) + "}"
    if kind == "quoted":
        return '"' + draw(_braced).replace('"', "") + '"'
    if kind == "number":
        return str(draw(st.integers(0, 3000)))
    if kind == "macro":
        return draw(st.sampled_from(["jan", "pub", "Undefined"]))
    return "pub # { " + draw(_braced) + "}"


@st.composite
def _bib(draw: st.DrawFn) -> str:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = ["@string{pub = {Verso}}"]
    for i in range(draw(st.integers(1, 4))):
        names = draw(st.lists(st.sampled_from(_names), min_size=1, max_size=4, unique=True))
        case = draw(st.sampled_from([str.lower, str.upper, str.capitalize]))
        indent = draw(st.sampled_from(["  ", "\t", "    "]))
        sep = draw(st.sampled_from([" = ", "=", "  =  "]))
        lines = [f"{indent}{case(n)}{sep}{draw(_value())}" for n in names]
        if draw(st.booleans()):
            lines.insert(len(lines) - 1, f"{indent}% a comment between fields")
            body = ""
            for line in lines:
                body += line + ("" if line.lstrip().startswith("%") else ",") + nl
            body = body[: -len("," + nl)] if not lines[-1].lstrip().startswith("%") else body
        else:
            body = ("," + nl).join(lines)
        trailing = draw(st.sampled_from(["", ",", "," + nl, nl]))
        kind = draw(st.sampled_from(["book", "Book", "incollection", "online"]))
        blocks.append(f"@{kind}{{key{i},{nl}{body}{trailing}}}")
        if draw(st.booleans()):
            blocks.append("% free text, an e-mail: someone@example.org")
    return nl.join(blocks) + draw(st.sampled_from(["", nl]))


def _edits(data: st.DataObject, text: str, entries: list[Block]) -> list[FieldEdit]:
    edits: list[FieldEdit] = []
    for block in entries:
        present = {f.name.lower() for f in block.fields}
        chosen = data.draw(st.lists(st.sampled_from([*_names, "pages", "location"]), max_size=3, unique=True))
        for name in chosen:
            if name not in present:
                edits.append(FieldEdit(block, name, "{" + data.draw(_braced) + "}"))
            else:
                edits.append(FieldEdit(block, name, data.draw(st.sampled_from(["2015", "{New value}"]))))
    return edits


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_bib(), data=st.data())
def test_only_the_changed_values_change(text: str, data: st.DataObject) -> None:
    blocks = scan(text)
    entries = [b for b in blocks if b.key]
    edits = _edits(data, text, entries)
    out = apply_edits(text, edits)
    after = scan(out)
    assert [(b.kind, b.key) for b in after] == [(b.kind, b.key) for b in blocks]
    wanted = {(e.block.key, e.name.lower()): e.value for e in edits}
    undo: list[tuple[int, int, str]] = []
    for old, new in zip(blocks, after, strict=True):
        if not old.key:
            assert out[new.start : new.end] == text[old.start : old.end]
            continue
        names = [f.name.lower() for f in old.fields]
        for i, (before, now) in enumerate(zip(old.fields, new.fields, strict=False)):
            assert now.name == before.name
            value = wanted.get((old.key, now.name.lower()))
            if value is not None and names.index(now.name.lower()) == i:
                assert out[now.value_start : now.end] == value
                undo.append((now.value_start, now.end, text[before.value_start : before.end]))
            else:
                assert out[now.start : now.end] == text[before.start : before.end]
        added = new.fields[len(old.fields) :]
        assert {f.name.lower() for f in added} == {n for (k, n) in wanted if k == old.key} - set(names)
        for field in added:
            assert out[field.value_start : field.end] == wanted[(old.key, field.name.lower())]
        if added:
            undo.append((new.fields[len(old.fields) - 1].end, added[-1].end, ""))
    # Undoing the changed values and the inserted fields gives back every byte of the original.
    restored, pos = [], 0
    for start, end, value in sorted(undo):
        restored += [out[pos:start], value]
        pos = end
    assert "".join([*restored, out[pos:]]) == text


def test_a_new_field_copies_the_entry_style_and_a_value_keeps_its_form() -> None:
    text = (
        "@Book{k,\r\n"
        "    AUTHOR    = \"Isaac Deutscher\",\r\n"
        "    TITLE     = {The Prophet Armed},\r\n"
        "    ISBN      = \"978-1-78168-311-X\"\r\n"
        "}\r\n"
    )
    block = scan(text)[0]
    edits = [
        edit_for(text, block, "isbn", "9781781683118", ascii=True),
        edit_for(text, block, "publisher", "Verso & Sons", ascii=True),
        edit_for(text, block, "place", "Ch\u00e2teau-Thierry", ascii=True),
    ]
    assert apply_edits(text, edits) == (
        "@Book{k,\r\n"
        "    AUTHOR    = \"Isaac Deutscher\",\r\n"
        "    TITLE     = {The Prophet Armed},\r\n"
        "    ISBN      = \"978-1-78168-311-8\",\r\n"
        "    PUBLISHER = {Verso \\& Sons},\r\n"
        "    ADDRESS   = {Ch{\\^a}teau-Thierry}\r\n"
        "}\r\n"
    )


def test_values_are_read_as_bibtex_reads_them() -> None:
    text = '@string{pub = "Verso"}\n@book{k, publisher = pub # { Books}, month = jan, year = 2015, x = nope}'
    blocks = scan(text)
    macros = {"pub": "Verso", "jan": "January"}
    values = {f.name: field_value(text, f, macros) for f in blocks[1].fields}
    assert values == {"publisher": "Verso Books", "month": "January", "year": "2015", "x": ""}
    assert blocks[1].line == 2 and blocks[1].fields[0].simple is False


def test_a_value_ending_in_an_accent_and_a_backslash_is_read_without_a_crash() -> None:
    from bibkit.formats import load_books

    assert load_books("@book{k, title = {Caf\\'\\}, author = {A. B}}")[0].title == "Caf"


def test_every_block_knows_its_line_in_a_long_file() -> None:
    text = "".join(f"@book{{k{i},\n  title = {{T{i}}},\n  year = {i}\n}}\n\n" for i in range(2000))
    blocks = scan(text)
    assert [b.line for b in blocks[:3]] == [1, 6, 11] and blocks[-1].line == 5 * 1999 + 1
    assert [text[f.value_start : f.end] for f in blocks[-1].fields] == ["{T1999}", "1999"]


def test_an_entry_on_one_line_stays_on_one_line() -> None:
    text = "@book{k, title={Red Petrograd}, year=1983}\n"
    block = scan(text)[0]
    edit = edit_for(text, block, "publisher", "Cambridge University Press", ascii=False)
    assert apply_edits(text, [edit]) == (
        "@book{k, title={Red Petrograd}, year=1983, publisher={Cambridge University Press}}\n"
    )
