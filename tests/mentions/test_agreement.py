"""Agreement: what the first reading says about a candidate's neighbours."""

from __future__ import annotations

from bibkit.mentions.agreement import AGREEMENT_FEATURES, agreement
from bibkit.mentions.extract import read_text

COLUMN = AGREEMENT_FEATURES.index("column_mean_p")


def test_a_table_cell_hears_the_other_cells_of_its_column() -> None:
    reading = read_text(
        "| Book | Author |\n|---|---|\n| Dune | Frank Herbert |\n| Emma | Jane Austen |\n"
        "| Middlemarch | George Eliot |\n\nI also read *Persuasion* in March.\n"
    )
    text = reading.page.text
    titles = [text[c.title_start : c.title_end] for c in reading.candidates]
    # the first reading believes the titles' column and doubts the authors' column
    first = [0.9 if t in ("Dune", "Emma", "Middlemarch") else 0.1 for t in titles]
    rows = agreement(reading.places, first)
    emma = rows[titles.index("Emma")][COLUMN]
    austen = rows[titles.index("Jane Austen")][COLUMN]
    assert emma > 0.6 and austen < 0.4  # the head cells ("Book", "Author") count too
    assert rows[titles.index("Persuasion")][COLUMN] == -1.0  # not in a table
