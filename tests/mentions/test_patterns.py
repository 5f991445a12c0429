"""Each pattern proposes the spans one way of writing makes; none decides."""

from __future__ import annotations

from bibkit.mentions.candidate import Proposals
from bibkit.mentions.page import read_page
from bibkit.mentions.patterns import (
    by_author,
    capitalised,
    citations,
    entries,
    identifiers,
    marked,
    possessive,
    quoted,
)
from bibkit.mentions.patterns import propose as propose_all


def proposals(pattern, source: str) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    page = read_page(source)
    out = Proposals()
    pattern.propose(page, out)
    text = page.text
    return {
        (text[c.title_start : c.title_end], text[c.author_start : c.author_end] if c.has_author else None)
        for c in out
    }


def test_marked_titles_alone_and_with_their_author() -> None:
    found = proposals(marked, "I finally read *The Dispossessed* by Ursula K. Le Guin.")
    assert {("The Dispossessed", None), ("The Dispossessed", "Ursula K. Le Guin")} <= found


def test_quotes_in_every_language() -> None:
    for source, title in [
        ("Lewin's \"Lenin's Last Struggle\" is very good", "Lenin's Last Struggle"),
        ("Carlos Ruiz Zafón, „Cień wiatru”", "Cień wiatru"),
        ("j'ai lu « L'Étranger » de Camus", "L'Étranger"),
        ("Ich lese gerade »Der Process« von Kafka", "Der Process"),
        ("望月先生の『量子物理』だった", "量子物理"),
    ]:
        assert (title, None) in proposals(quoted, source), source


def test_title_by_author_in_several_languages() -> None:
    assert ("Piranesi", "Susanna Clarke") in proposals(by_author, "Piranesi by Susanna Clarke! Loved it.")
    assert ("Der Process", "Franz Kafka") in proposals(by_author, "Der Process von Franz Kafka")


def test_possessives() -> None:
    assert ("Lenin's Last Struggle", "Moshe Lewin") in proposals(
        possessive, "finally, Moshe Lewin's \"Lenin's Last Struggle\" is very good"
    )
    assert ("The Way of Kings", "Brandon Sanderson") in proposals(
        possessive, "Brandon Sandersons The Way of Kings"
    )


def test_entries_read_both_ways_round() -> None:
    found = proposals(entries, "- Joey Comeau – We Are Become Pals")
    assert ("We Are Become Pals", "Joey Comeau") in found
    assert ("Joey Comeau", "We Are Become Pals") in found
    assert ("Debt: The First 5000 Years", "David Graeber") in proposals(
        entries, "- Debt: The First 5000 Years, David Graeber"
    )


def test_capitalised_runs_and_their_coordinated_parts() -> None:
    found = proposals(capitalised, "edit: I've also read Blindsight and Echopraxia")
    assert {("Blindsight", None), ("Echopraxia", None)} <= found


def test_citations_read_the_authors_that_head_a_reference() -> None:
    found = proposals(
        citations, "- Bijker, W. y Law, J. (eds.): _Shaping Technology_, Cambridge, MIT Press, 1992."
    )
    assert ("Shaping Technology", "Bijker, W. y Law, J") in found


def test_identifiers_need_a_label_a_line_of_their_own_or_a_bookshop() -> None:
    assert proposals(identifiers, "Call the shop on 0393301958 before noon.") == set()
    assert proposals(identifiers, "ISBN 0-393-30195-8") == {("ISBN 0-393-30195-8", None)}
    assert proposals(identifiers, "- 0393301958") == {("0393301958", None)}


def test_repetitions_of_a_strong_title_are_proposed_again() -> None:
    page = read_page("I read *The Prophet Armed* last year.\nThe Prophet Armed is the best of the three.")
    text = page.text
    repeats = [c for c in propose_all(page) if "repeat" in c.patterns]
    assert [text[c.title_start : c.title_end] for c in repeats].count("The Prophet Armed") == 2


def test_a_title_never_starts_after_its_own_capitalised_article() -> None:
    page = read_page("- The Prophet Armed by Isaac Deutscher\n- Der Prozess von Franz Kafka\n")
    text = page.text
    titles = {text[c.title_start : c.title_end] for c in propose_all(page) if c.has_author}
    assert {"The Prophet Armed", "Der Prozess"} <= titles
    assert not titles & {"Prophet Armed", "Prozess"}
    # a lower-case article belongs to the sentence, and the title after it stays
    page = read_page("I loved the Dispossessed by Ursula K. Le Guin.")
    assert "Dispossessed" in {page.text[c.title_start : c.title_end] for c in propose_all(page)}


def test_a_lower_case_article_before_a_named_again_title_stays_the_sentences() -> None:
    page = read_page("Books on the Russian Revolution:\n\n- Sheila Fitzpatrick, *The Russian Revolution*\n")
    text = page.text
    repeats = [text[c.title_start : c.title_end] for c in propose_all(page) if "repeat" in c.patterns]
    assert "the Russian Revolution" not in repeats


def test_a_title_never_runs_past_its_mark_across_a_separator() -> None:
    page = read_page(
        "- Deutscher, *The Prophet Armed*\n"
        "- *Red Petrograd* - S. A. Smith\n"
        "- *Red Petrograd*: Revolution in the Factories\n"
        "- The *Real* Thing\n"
    )
    text = page.text
    titles = {text[c.title_start : c.title_end] for c in propose_all(page)}
    assert {"The Prophet Armed", "Red Petrograd"} <= titles
    assert not titles & {"Deutscher, The Prophet Armed", "Red Petrograd - S. A. Smith"}
    # a subtitle the writer left unmarked, and emphasis inside a title, stay possible
    assert {"Red Petrograd: Revolution in the Factories", "The Real Thing"} <= titles
