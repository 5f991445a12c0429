"""Each feature function describes one aspect of a candidate (one test each)."""

from __future__ import annotations

import pytest

from bibkit.mentions import features as f
from bibkit.mentions.candidate import Candidate
from bibkit.mentions.features import Facts, case_style, facts_of
from bibkit.mentions.page import read_page
from bibkit.mentions.patterns import propose


def described(source: str, title: str, author: str | None = None) -> tuple[Candidate, Facts]:
    """The candidate of ``source`` with exactly this title (and author) and the document's facts."""
    page = read_page(source)
    candidates = list(propose(page))
    text = page.text
    for c in candidates:
        if text[c.title_start : c.title_end] == title and (
            (text[c.author_start : c.author_end] if c.has_author else None) == author
        ):
            return c, facts_of(page, candidates)
    raise AssertionError(f"no candidate {title!r} / {author!r}")


def test_every_feature_function_is_tested() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(f.FEATURES) <= tested


def test_patterns() -> None:
    c, facts = described(
        "I finally read *The Dispossessed* by Ursula K. Le Guin.", "The Dispossessed", "Ursula K. Le Guin"
    )
    out = f.patterns(c, facts)
    assert out["pattern=marked"] == out["pattern=by"] == 1.0 and out["patterns"] >= 2


def test_author() -> None:
    c, facts = described(
        "- **Jesień w kolorze syropu klonowego** - _Anna Chaber_",
        "Jesień w kolorze syropu klonowego",
        "Anna Chaber",
    )
    out = f.author(c, facts)
    assert out["author=person"] == 1.0 and out["pair=person_right"] == 1.0 and out["sep=dash"] == 1.0
    c, facts = described(
        "- **Jesień w kolorze syropu klonowego** - _Anna Chaber_",
        "Anna Chaber",
        "Jesień w kolorze syropu klonowego",
    )
    assert f.author(c, facts)["pair=title_is_person"] == 1.0


def test_markup() -> None:
    c, facts = described(
        "- [Grokking Algorithms](https://www.goodreads.com/book/show/22847284)", "Grokking Algorithms"
    )
    out = f.markup(c, facts)
    assert out["mark=link"] == 1.0 and out["link=bookshop"] == 1.0 and "link_names_its_shop" not in out
    c, facts = described(
        "- *Programming Clojure*: [Paperback on Amazon](https://www.amazon.com/dp/1680502468)",
        "Paperback on Amazon",
    )
    assert f.markup(c, facts)["link_names_its_shop"] == 1.0
    assert f.title_shape(c, facts)["title_copy_word"] == 1.0
    c, facts = described('He said "this is fine" twice.', "this is fine")
    assert f.markup(c, facts)["quote=ascii"] == 1.0
    # Japanese and Chinese title brackets are told apart: they mark different things
    c, facts = described("2018年刊行の『熱帯』は直木賞候補作となった。", "熱帯")
    assert f.markup(c, facts)["quote=cjk-double"] == 1.0
    c, facts = described("他的小说《三体》获得了雨果奖。", "三体")
    assert f.markup(c, facts)["quote=cjk-angle"] == 1.0


@pytest.mark.parametrize(
    ("words", "style"),
    [
        (["The", "Name", "of", "the", "Wind"], "title"),
        (["Cień", "wiatru"], "sentence"),
        (["anathem"], "lower"),
        (["Dune"], "one"),
        (["JAPAN", "PODCAST", "AWARDS"], "shouted"),
        (["量子物理"], "uncased"),
    ],
)
def test_case_style(words: list[str], style: str) -> None:
    assert case_style(words) == style


def test_title_shape() -> None:
    c, facts = described(
        "- Anna Chaber - it is one of the best of the year and I read it on the train", "Anna Chaber"
    )
    out = f.title_shape(c, facts)
    assert out["title=person"] == 1.0 and out["title_words"] == 2.0 and out["lang=en"] == 1.0
    # in an English reading log, a Russian title keeps Russian capitalisation: it is not judged
    # by English title-case rules
    log = (
        "Books I read:\n\n- Ernest Hemingway -- For Whom the Bell Tolls\n"
        "- Эрнест Хемингуэй -- По ком звонит колокол\n"
    )
    c, facts = described(log, "По ком звонит колокол", "Эрнест Хемингуэй")
    out = f.title_shape(c, facts)
    assert out["title_other=sentence"] == 1.0 and "title_en=sentence" not in out


def test_line() -> None:
    c, facts = described("## Books\n\n- Dune\n- Emma\n- Middlemarch\n", "Emma")
    out = f.line(c, facts)
    assert out["block=item"] == 1.0 and out["whole_line"] == 1.0 and out["list_size"] == pytest.approx(0.3)
    # lines of one paragraph, each short, are a list written without markers
    listed = "Some great books:\n\nVictor Serge, Year One\nJohn Reed, Ten Days\nPaul Avrich, Kronstadt\n"
    c, facts = described(listed, "Ten Days", "John Reed")
    out = f.line(c, facts)
    assert out["line_list"] == 1.0 and out["list_size"] == pytest.approx(0.3)
    # a table's head row says what its columns hold
    table = "| Book | Author |\n|---|---|\n| Dune | Frank Herbert |\n| Emma | Jane Austen |\n"
    c, facts = described(table, "Emma")
    out = f.line(c, facts)
    assert out["cell_column"] == 0.0 and out["column_cues=book"] == 1.0 and "cell_head" not in out
    assert f.words(c, facts)["w_column=book"] == 1.0
    c, facts = described(table, "Book")
    assert f.line(c, facts)["cell_head"] == 1.0
    prose = "Victor Serge, Year One\n" + "and then a long sentence " * 6 + "\n"
    c, facts = described(prose, "Year One", "Victor Serge")
    assert "line_list" not in f.line(c, facts)


def test_neighbours() -> None:
    c, facts = described("- Heat (film), a favourite", "Heat")
    assert f.neighbours(c, facts)["bracket=non_book"] == 1.0
    c, facts = described(
        "- :movie_camera: [The Problem with Timezones](https://www.youtube.com/watch?v=x)",
        "The Problem with Timezones",
    )
    assert f.neighbours(c, facts)["icon=media"] == 1.0


def test_context() -> None:
    c, facts = described("## Games I played\n\n- Hades\n", "Hades")
    out = f.context(c, facts)
    assert out["heading=media"] == 1.0
    c, facts = described("I re-read Middlemarch this summer", "Middlemarch")
    assert f.context(c, facts)["before_reading_verb"] == 1.0


def test_document() -> None:
    c, facts = described(
        "I read *The Prophet Armed* last year.\nThe Prophet Armed is the best.", "The Prophet Armed"
    )
    out = f.document(c, facts)
    assert out["title_places"] >= 2


def test_words() -> None:
    c, facts = described("## Films I watched\n\n- I rewatched *Heat* twice this year\n", "Heat")
    out = f.words(c, facts)
    assert (
        out["w_title=heat"]
        == out["w_before=rewatched"]
        == out["w_after=twice"]
        == out["w_heading=films"]
        == 1.0
    )
