"""``bibkit.Input``: an input known as every command knows it (free text, or a .bib, CSL-JSON
or RIS bibliography), and what resolution and conversion make of it."""

from __future__ import annotations

import pytest

import bibkit
from bibkit.errors import FormatError
from bibkit.model import Status

# Serge's Year One (Haymarket, 2015) and an article, as a .bib file holds them.
BIB = """@book{serge,
  author = {Victor Serge},
  title = {Year One of the Russian Revolution},
  publisher = {Haymarket Books},
  year = {2015},
  isbn = {9781608462674},
}

@article{carr1950,
  author = {E. H. Carr},
  title = {The Bolshevik Revolution},
  journal = {Soviet Studies},
  year = {1950},
}
"""


@pytest.mark.parametrize(
    ("name", "kind"),
    [("refs.bib", "bibtex"), ("notes.txt", "text"), ("-", "bibtex"), ("", "bibtex"), ("refs.ris", "ris")],
)
def test_the_kind_comes_from_the_suffix_else_the_content(name: str, kind: str) -> None:
    assert bibkit.Input.of(BIB, name).kind == kind


def test_free_text_is_text_whatever_its_first_character() -> None:
    given = bibkit.Input.of("@serge recommends Year One of the Russian Revolution\n")
    assert given.is_text and given.label == "<text>"
    assert given.items() == given.text
    with pytest.raises(ValueError, match="holds mentions, not books"):
        given.books()


def test_a_bibliographys_books_are_what_resolution_and_conversion_take() -> None:
    given = bibkit.Input.of(BIB, "refs.bib")
    assert [(b.title, b.kind) for b in given.books()] == [
        ("Year One of the Russian Revolution", "book"), ("The Bolshevik Revolution", "article-journal"),
    ]  # fmt: skip
    assert given.items() == given.books()
    kept = given.as_given()
    assert [(r.status, r.book) for r in kept] == [(Status.KEPT, b) for b in given.books()]
    assert kept[0].reason == "read from refs.bib: converted as given"
    written = bibkit.dumps(kept, key_pattern="auth.lower + year")
    assert written.startswith("@book{serge,") and "@article{carr1950," in written  # their own keys


def test_a_malformed_bibliography_names_its_file_and_line() -> None:
    with pytest.raises(FormatError, match="standard input"):
        bibkit.Input.of("@book{serge,\n  title = {Year One\n", "-").books()
