"""The view: markup read by real parsers, every visible character traced to the source."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bibkit.mentions.view import read_view


def _marks(source: str) -> list[tuple[str, str, str]]:
    view = read_view(source)
    return [(m.kind, view.text[m.start : m.end], m.url) for m in view.marks]


def test_markdown_emphasis_links_and_code_are_marks_without_their_markup() -> None:
    view = read_view("I liked *Dune* and [Red Petrograd](https://openlibrary.org/works/OL1W) and `ls`.")
    assert view.text.strip() == "I liked Dune and Red Petrograd and ls."
    assert _marks("I liked *Dune* and [Red Petrograd](https://openlibrary.org/works/OL1W) and `ls`.") == [
        ("emphasis", "Dune", ""),
        ("link", "Red Petrograd", "https://openlibrary.org/works/OL1W"),
        ("code", "ls", ""),
    ]


def test_html_tags_become_marks_and_lines_and_entities_are_decoded() -> None:
    source = "<ul>\n<li>Week 1: <em>The Tempest</em> &amp; <cite>S/Z</cite></li>\n<li>Week 2</li>\n</ul>"
    view = read_view(source)
    lines = [view.text[line.start : line.end] for line in view.lines]
    assert lines == ["Week 1: The Tempest & S/Z", "Week 2"]
    assert [line.block for line in view.lines] == ["item", "item"]
    assert _marks(source) == [("emphasis", "The Tempest", ""), ("cite", "S/Z", "")]


def test_an_entity_maps_back_to_the_whole_entity() -> None:
    source = "<p>Jonathan Strange &amp; Mr Norrell</p>"
    view = read_view(source)
    amp = view.text.index("&")
    start, end = view.source_span(amp, amp + 1)
    assert source[start:end] == "&amp;"


def test_plain_text_lines_stay_lines() -> None:
    source = (
        "some great books:\nVictor Serge, Year One of the Russian Revolution\n"
        "Rabinowitch, The Bolsheviks Come to Power\n"
    )
    view = read_view(source)
    assert [view.text[line.start : line.end] for line in view.lines] == source.strip().split("\n")


def test_code_blocks_are_read_as_markdown_and_say_so() -> None:
    source = "- u/someone:\n  ```\n  I loved *Blindsight* by Peter Watts.\n  ```\n"
    view = read_view(source)
    [line] = [line for line in view.lines if "Blindsight" in view.text[line.start : line.end]]
    assert line.in_code
    assert ("emphasis", "Blindsight", "") in _marks(source)


def test_links_with_spaces_in_the_target_are_still_marked() -> None:
    assert ("link", "Ursula K. LeGuin", "Ursula K. Leguin") in _marks(
        "- The Telling - [Ursula K. LeGuin](Ursula K. Leguin)"
    )


def test_headings_lists_and_front_matter_have_their_blocks() -> None:
    view = read_view("---\ntitle: x\n---\n## Books\n\n1. Dune\n2. Emma\n")
    blocks = [(view.text[line.start : line.end], line.block) for line in view.lines]
    assert blocks == [("title: x", "meta"), ("Books", "heading"), ("Dune", "item"), ("Emma", "item")]
    assert view.lines[2].list_id == view.lines[3].list_id != -1


@given(st.text(alphabet="ab *_[]()<>&;#\n\t«»“”é日-`!", max_size=120))
def test_every_exactly_shown_character_is_the_source_character(source: str) -> None:
    view = read_view(source)
    assert len(view.starts) == len(view.ends) == len(view.text)
    for i, ch in enumerate(view.text):
        start, end = view.starts[i], view.ends[i]
        assert 0 <= start <= end <= len(source)
        if end - start == 1 and ch != "\n":
            assert source[start] == ch or (ch == " " and source[start].isspace())


def test_a_span_holds_both_halves_of_a_mark_or_neither() -> None:
    def shown(source: str, visible: str) -> str:
        view = read_view(source)
        start = view.text.index(visible)
        s, e = view.source_span(start, start + len(visible))
        return source[s:e]

    assert shown("- Deutscher, *The Prophet Armed*\n", "Deutscher, The Prophet Armed") == (
        "Deutscher, *The Prophet Armed*"
    )
    assert shown("*Dune*, by Frank Herbert", "Dune, by Frank Herbert") == "*Dune*, by Frank Herbert"
    assert shown("[Dune](https://example.org/dune) by Frank Herbert", "Dune by Frank Herbert") == (
        "[Dune](https://example.org/dune) by Frank Herbert"
    )
    assert shown("I read <cite>Dune</cite> by Frank Herbert.", "Dune by Frank Herbert") == (
        "<cite>Dune</cite> by Frank Herbert"
    )
    assert shown("- *Dune* and more", "Dune") == "Dune"  # the mark alone: neither half


def test_table_cells_know_their_table_row_and_column() -> None:
    markdown = "| Title | Author |\n|---|---|\n| Dune | Frank Herbert |\n| | Mary Shelley |\n"
    html = "<table><tr><th>Title</th><th>Author</th></tr><tr><td>Dune</td><td>Frank Herbert</td></tr>"
    html += "<tr><td></td><td>Mary Shelley</td></tr></table><table><tr><td>Emma</td></tr></table>"
    for source, tables in ((markdown, [0] * 5), (html, [0] * 5 + [1])):
        view = read_view(source)
        cells = [(view.text[ln.start : ln.end], ln.row, ln.column) for ln in view.lines if ln.block == "cell"]
        # an empty cell still takes its column
        assert cells[:5] == [
            ("Title", 0, 0), ("Author", 0, 1), ("Dune", 1, 0), ("Frank Herbert", 1, 1), ("Mary Shelley", 2, 1)
        ]  # fmt: skip
        assert [ln.table for ln in view.lines if ln.block == "cell"] == tables
    assert all(ln.table == ln.row == ln.column == -1 for ln in read_view("- Dune\n\nEmma\n").lines)
