"""Entries that are not books (articles, chapters, conference papers, web pages, theses, reports,
documents) keep what they say through every reader and writer: their type, the journal or book
they are in, volume, issue or number, pages."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from formats_samples import ENTRIES, HOSTILE_ENTRIES

from bibkit.cli import cli
from bibkit.errors import FormatError
from bibkit.formats import dumps, kinds, load_books
from bibkit.formats.bibfile import scan
from bibkit.model import Book
from bibkit.text import clean

FORMATS = ("bibtex", "biblatex", "csljson", "ris")
SCHEMA = json.loads((Path(__file__).parent / "csl-data-fields-we-emit.json").read_text(encoding="utf-8"))

#: Each kind's type: BibTeX, BibLaTeX, CSL-JSON, RIS, in the order of ``ENTRIES``.
TYPES = [
    ("article", "article", "article-journal", "JOUR"),
    ("incollection", "incollection", "chapter", "CHAP"),
    ("inproceedings", "inproceedings", "paper-conference", "CPAPER"),
    ("misc", "online", "webpage", "ELEC"),
    ("phdthesis", "thesis", "thesis", "THES"),
    ("mastersthesis", "thesis", "thesis", "THES"),
    ("techreport", "report", "report", "RPRT"),
    ("misc", "misc", "document", "GEN"),
]


def _type_written(text: str, fmt: str) -> str:
    if fmt in ("bibtex", "biblatex"):
        return text[1 : text.index("{")]
    if fmt == "csljson":
        return str(json.loads(text)[0]["type"])
    return text[6 : text.index("\r\n")]


def _said(book: Book) -> tuple[object, ...]:
    """What a citation of the entry prints, and what each format must keep."""
    return (
        book.kind, book.full_title, book.authors, book.container_title, book.volume, book.number,
        book.page_range, book.year, book.publisher, book.genre, book.series, book.identifier("doi"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "types"), list(zip(ENTRIES, TYPES, strict=True)), ids=lambda x: str(x)[:30]
)
def test_each_kind_is_written_with_its_own_type_in_every_format(entry: Book, types: tuple[str, ...]) -> None:
    written = tuple(_type_written(dumps([entry], format=fmt), fmt) for fmt in FORMATS)
    assert written == types


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda b: b.kind)
def test_each_entry_comes_back_from_each_format_as_it_was(entry: Book, fmt: str) -> None:
    [back] = load_books(dumps([entry], format=fmt), format=fmt)
    assert _said(back) == _said(entry)
    assert back.editors == entry.editors and back.place == entry.place and back.url == entry.url


def test_entries_survive_a_chain_through_every_format() -> None:
    books = list(ENTRIES)
    for fmt in ("bibtex", "csljson", "ris", "biblatex", "ris", "csljson", "bibtex"):
        books = load_books(dumps(books, format=fmt), format=fmt)
    assert [_said(b) for b in books] == [_said(e) for e in ENTRIES]


def test_an_article_in_bibtex_has_journal_volume_number_and_dashed_pages() -> None:
    text = dumps([ENTRIES[0]], format="bibtex")
    assert text == (
        "@article{turingComputingMachineryIntelligence1950,\n"
        "  author = {Turing, Alan M.},\n"
        "  title = {Computing Machinery and Intelligence},\n"
        "  journal = {Mind},\n"
        "  volume = {59},\n"
        "  number = {236},\n"
        "  pages = {433--460},\n"
        "  year = {1950},\n"
        "  doi = {10.1093/mind/LIX.236.433}\n"
        "}\n"
    )


def test_a_chapter_names_its_book_editors_and_series() -> None:
    bibtex = dumps([ENTRIES[1]], format="bibtex")
    assert "booktitle = {Automata Studies}" in bibtex
    assert "editor = {Shannon, Claude E. and McCarthy, John}" in bibtex  # with the author: the book's
    assert "series = {Annals of Mathematics Studies}" in bibtex and "number = {34}" in bibtex
    [item] = json.loads(dumps([ENTRIES[1]], format="csljson"))
    assert (item["container-title"], item["page"], item["collection-number"]) == (
        "Automata Studies",
        "157–165",
        "34",
    )
    ris = dumps([ENTRIES[1]], format="ris")
    assert "T2  - Automata Studies\r\n" in ris and "A2  - McCarthy, John\r\n" in ris
    assert "SP  - 157\r\nEP  - 165\r\n" in ris


def test_a_chapter_without_editors_is_a_biblatex_inbook() -> None:
    """biblatex requires the editors of an @incollection; an @inbook names the book alone."""
    chapter = Book(
        kind="chapter", title="Chapter", authors=("A. Author",), container_title="The Book", year=2000
    )
    assert dumps([chapter], format="biblatex").startswith("@inbook{")
    assert dumps([chapter], format="bibtex").startswith("@incollection{")
    [back] = load_books(dumps([chapter], format="biblatex"))
    assert (back.kind, back.container_title) == ("chapter", "The Book")


def test_a_web_page_in_classic_bibtex_is_a_misc_with_its_address_where_styles_print_it() -> None:
    text = dumps([ENTRIES[3]], format="bibtex")
    assert text.startswith("@misc{")
    assert "howpublished = {https://plato.stanford.edu/entries/turing-machine/}" in text
    assert "url = {https://plato.stanford.edu/entries/turing-machine/}" in text
    assert "organization = {Stanford Encyclopedia of Philosophy}" in text
    biblatex = dumps([ENTRIES[3]], format="biblatex")
    assert biblatex.startswith("@online{") and "howpublished" not in biblatex


def test_theses_and_reports_carry_their_type_institution_and_number() -> None:
    nash, shannon, baran = ENTRIES[4], ENTRIES[5], ENTRIES[6]
    assert "school = {Princeton University}" in dumps([nash], format="bibtex")
    assert "type" not in dumps([nash], format="bibtex")  # @phdthesis prints "PhD thesis" itself
    assert "type = {phdthesis}" in dumps([nash], format="biblatex")  # biblatex's key, localised
    assert "type = {mathesis}" in dumps([shannon], format="biblatex")
    report = dumps([baran], format="bibtex")
    assert "institution = {RAND Corporation}" in report and "number = {RM-3420-PR}" in report
    assert "type = {Research Memorandum}" in report
    ris = dumps([baran], format="ris")
    assert "SN  - RM-3420-PR\r\n" in ris and "M3  - Research Memorandum\r\n" in ris


def test_a_thesis_of_unknown_type_claims_no_degree() -> None:
    thesis = Book(kind="thesis", title="T", authors=("A. Author",), publisher="U", year=2000)
    assert "type = {Thesis}" in dumps([thesis], format="bibtex")
    assert "type = {Thesis}" in dumps([thesis], format="biblatex")


@pytest.mark.parametrize(
    ("bib", "csl", "ris"),
    [
        ("433--460", "433-460", ("433", "460")),
        ("433-460", "433 – 460", ("433", "460")),
        ("433{\\textendash}460", "433–460", ("433", "460")),
    ],
)
def test_page_ranges_in_any_form_read_as_an_en_dash_range(bib: str, csl: str, ris: tuple[str, str]) -> None:
    from_bib = load_books(f"@article{{a, title = {{T}}, journal = {{J}}, pages = {{{bib}}}}}")
    from_csl = load_books(json.dumps([{"id": "a", "type": "article-journal", "title": "T", "page": csl}]))
    start, end = ris
    from_ris = load_books(
        f"TY  - JOUR\r\nTI  - T\r\nSP  - {start}\r\nEP  - {end}\r\nER  - \r\n", format="ris"
    )
    assert [b.page_range for b in (*from_bib, *from_csl, *from_ris)] == ["433–460"] * 3


def test_en_dash_ranges_are_written_as_each_format_wants_them() -> None:
    article = ENTRIES[0]
    assert "pages = {433--460}" in dumps([article], format="bibtex")  # ASCII
    assert "pages = {433--460}" in dumps([article], format="biblatex")  # UTF-8
    assert json.loads(dumps([article], format="csljson"))[0]["page"] == "433–460"
    assert "SP  - 433\r\nEP  - 460\r\n" in dumps([article], format="ris")
    odd = Book(kind="article-journal", title="T", container_title="J", page_range="e1002", year=2020)
    assert "SP  - e1002\r\n" in dumps([odd], format="ris") and "EP  -" not in dumps([odd], format="ris")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_new_fields_are_escaped_for_latex(fmt: str) -> None:
    """Journal, book, issue, pages, type and publisher come from catalogues and users alike:
    in a .bib they are TeX source, so each must be inert and balanced, and read back as written."""
    text = dumps(HOSTILE_ENTRIES, format=fmt)
    assert len(scan(text)) == len(HOSTILE_ENTRIES)  # balanced: no field swallows the next
    assert "\\input" not in text and "\\immediate" not in text and "\\def" not in text and "^^" not in text
    back = load_books(text, format=fmt)
    assert [b.container_title for b in back] == [
        clean(e.container_title) if e.container_title else None for e in HOSTILE_ENTRIES
    ]
    hostile = HOSTILE_ENTRIES[0].number
    assert back[0].number == back[2].number == back[2].genre == back[4].genre == hostile
    assert back[1].page_range == kinds.normalize_pages(hostile)  # as written, dashes aside
    assert back[1].publisher == back[4].publisher == hostile


def test_a_container_cannot_inject_a_ris_record() -> None:
    entry = Book(kind="article-journal", title="T", container_title="Mind\r\nER  - \r\nTY  - BOOK", year=1950)
    text = dumps([entry], format="ris")
    assert text.count("ER  - ") == 1 and "T2  - Mind ER - TY - BOOK\r\n" in text


def test_csl_json_of_every_kind_is_schema_valid() -> None:
    jsonschema.validate(json.loads(dumps(ENTRIES, format="csljson")), SCHEMA)


def test_a_real_csl_processor_prints_the_journal_volume_issue_and_pages() -> None:
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(dumps(ENTRIES[:2], format="csljson"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py does not know the "citation-key" variable
        bibliography = CitationStylesBibliography(
            CitationStylesStyle("harvard-cite-them-right", validate=False),
            CiteProcJSON(items),
            formatter.plain,
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert rendered == [
        "Turing, A.M. (1950) “Computing Machinery and Intelligence”, Mind, 59(236), pp. 433–460. "
        "Available at: https://doi.org/10.1093/mind/LIX.236.433.",
        "Shannon, C.E. (1956) “A Universal Turing Machine with Two Internal States”, in C.E. Shannon and "
        "J. McCarthy (eds.) Automata Studies. Princeton: Princeton University Press (Annals of Mathematics "
        "Studies, 34), pp. 157–165.",
    ]


def test_bibtex_types_are_read_as_their_kinds() -> None:
    text = r"""
@inproceedings{a, title = {P}, booktitle = {Proc}, author = {A, B}}
@online{b, title = {W}, url = {https://example.org/}}
@misc{c, title = {W}, howpublished = {\url{https://example.org/c}}}
@phdthesis{d, title = {T}, school = {MIT}}
@techreport{e, title = {R}, institution = {RAND}, number = {RM-1}}
@unpublished{f, title = {U}, author = {A, B}, note = {Draft}}
@article{g, title = {M}, journaltitle = {Harper's Magazine}, entrysubtype = {magazine}}
@inbook{h, title = {Ch}, booktitle = {Book}}
@inbook{i, title = {Whole book}, chapter = {3}}
@misc{j, title = {Anonymous book}, howpublished = {Verso, London}}
@misc{k, title = {Memo}, author = {A, B}}
@manual{l, title = {Manual}}
"""
    books = load_books(text)
    assert [b.kind for b in books] == [
        "paper-conference", "webpage", "webpage", "thesis", "report", "manuscript", "article-magazine",
        "chapter", "book", "book", "document", "document",
    ]  # fmt: skip
    assert books[2].url == "https://example.org/c" and books[2].publisher is None
    assert (books[3].publisher, books[3].genre) == ("MIT", "PhD thesis")
    assert (books[4].publisher, books[4].number, books[4].genre) == ("RAND", "RM-1", "Technical Report")
    assert dumps([books[6]], format="biblatex").count("entrysubtype = {magazine}") == 1


def test_csl_and_ris_types_are_read_as_their_kinds() -> None:
    csl_types = ["article-journal", "chapter", "paper-conference", "webpage", "post-weblog", "thesis",
                 "report", "entry-encyclopedia", "song"]  # fmt: skip
    items = [{"id": str(i), "type": t, "title": "T"} for i, t in enumerate(csl_types)]
    assert [b.kind for b in load_books(json.dumps(items))] == [
        "article-journal", "chapter", "paper-conference", "webpage", "webpage", "thesis", "report", "chapter",
        "document",
    ]  # fmt: skip
    ris_types = ["JOUR", "EJOUR", "CHAP", "CONF", "CPAPER", "ELEC", "BLOG", "THES", "RPRT", "MGZN", "GEN"]
    ris = "".join(f"TY  - {t}\r\nTI  - T\r\nER  - \r\n" for t in ris_types)
    assert [b.kind for b in load_books(ris, format="ris")] == [
        "article-journal", "article-journal", "chapter", "paper-conference", "paper-conference", "webpage",
        "webpage", "thesis", "report", "article-magazine", "document",
    ]  # fmt: skip


def test_a_conference_paper_from_zotero_ris_reads_its_proceedings_from_c3() -> None:
    ris = (
        "TY  - CONF\r\nAU  - Cook, Stephen A.\r\nTI  - The Complexity of Theorem-Proving Procedures\r\n"
        "T2  - STOC '71\r\nC3  - Proceedings of the Third Annual ACM Symposium on Theory of Computing\r\n"
        "SP  - 151\r\nEP  - 158\r\nPY  - 1971\r\nDO  - 10.1145/800157.805047\r\nER  - \r\n"
    )
    [paper] = load_books(ris, format="ris")
    assert paper.container_title == ENTRIES[2].container_title and paper.page_range == "151–158"


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Book(title="T", kind="journal")


def test_a_series_note_is_looked_for_only_in_book_titles() -> None:
    article = Book(kind="article-journal", title="On Method (Lecture Series)", container_title="J", year=2000)
    assert "title = {On Method (Lecture Series)}" in dumps([article], format="biblatex")
    book = Book(title="The Russian Revolution (Opus Books)", authors=("Sheila Fitzpatrick",), year=1982)
    assert "series = {Opus Books}" in dumps([book], format="biblatex")


# ---------------------------------------------------------------------------------------------
# The command line: a .bib of articles and chapters converted to each format

ARTICLES_BIB = r"""@article{turing1950,
  author = {Turing, Alan M.},
  title = {Computing Machinery and Intelligence},
  journal = {Mind},
  volume = {59},
  number = {236},
  pages = {433--460},
  year = {1950},
}
@incollection{shannon1956,
  author = {Shannon, Claude E.},
  title = {A Universal Turing Machine with Two Internal States},
  booktitle = {Automata Studies},
  editor = {Shannon, Claude E. and McCarthy, John},
  publisher = {Princeton University Press},
  pages = {157--165},
  year = {1956},
}
"""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csljson", ['"type": "article-journal"', '"container-title": "Mind"', '"issue": "236"',
                     '"page": "433–460"', '"type": "chapter"', '"container-title": "Automata Studies"']),
        ("ris", ["TY  - JOUR", "T2  - Mind", "VL  - 59", "IS  - 236", "SP  - 433", "EP  - 460", "TY  - CHAP",
                 "T2  - Automata Studies", "A2  - McCarthy, John"]),
        ("bibtex", ["@article{turing1950,", "journal = {Mind}", "pages = {433--460}",
                    "@incollection{shannon1956,", "booktitle = {Automata Studies}"]),
        ("biblatex", ["@article{turing1950,", "journaltitle = {Mind}", "@incollection{shannon1956,"]),
    ],
)  # fmt: skip
def test_convert_keeps_the_kind_and_container_of_each_entry(
    tmp_path: Path, fmt: str, expected: list[str]
) -> None:
    source = tmp_path / "art.bib"
    source.write_text(ARTICLES_BIB, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(source), "-f", fmt, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")
    missing = [line for line in expected if line not in out]
    assert missing == [], out
    assert '"type": "book"' not in out and "TY  - BOOK" not in out and "@book{" not in out


def test_a_chapter_sharing_its_books_isbn_is_not_taken_for_the_book(tmp_path: Path) -> None:
    """A chapter carries its book's ISBN (Zotero's book sections do): both entries stay."""
    source = tmp_path / "refs.bib"
    source.write_text(
        "@book{essential, editor = {Copeland, B. Jack}, title = {The Essential Turing},\n"
        "  publisher = {Oxford University Press}, year = {2004}, isbn = {0-19-825080-0}}\n"
        "@incollection{cmi, author = {Turing, Alan M.}, title = {Computing Machinery and Intelligence},\n"
        "  booktitle = {The Essential Turing}, editor = {Copeland, B. Jack},\n"
        "  publisher = {Oxford University Press}, year = {2004}, isbn = {0-19-825080-0}}\n"
        "@incollection{intro1, author = {Copeland, B. Jack}, title = {Introduction},\n"
        "  booktitle = {The Essential Turing}, editor = {Copeland, B. Jack}, year = {2004}}\n"
        "@incollection{intro2, author = {Copeland, B. Jack}, title = {Introduction},\n"
        "  booktitle = {Colossus}, editor = {Copeland, B. Jack}, year = {2006}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["convert", str(source), "-f", "csljson", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert [i["id"] for i in json.loads(result.stdout)] == ["essential", "cmi", "intro1", "intro2"]


def test_a_malformed_entry_of_another_kind_is_still_refused_with_its_line() -> None:
    with pytest.raises(FormatError, match="line 2"):
        load_books("@article{a, title = {T}}\n@article{b, title = {Unclosed,\n")


def test_pages_and_doi_can_be_left_out_like_any_field() -> None:
    """``--skip-fields pages`` leaves out the field called pages: an article's range too."""
    article = ENTRIES[0]
    kept = dumps([article], format="biblatex", skip=["pagetotal"])
    assert "pages = {433--460}" in kept and "doi = " in kept
    bib = dumps([article], format="biblatex", skip=["pages", "doi"])
    assert "pages" not in bib and "doi" not in bib and "volume = {59}" in bib
    assert "page" not in json.loads(dumps([article], format="csljson", skip=["pages"]))[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_books_doi_is_kept_in_every_format(fmt: str) -> None:
    book = Book(title="The Elements of Statistical Learning", authors=("Trevor Hastie", "Robert Tibshirani",
                "Jerome Friedman"), publisher="Springer", place="New York", year=2009, edition="2nd",
                identifiers=(("doi", "10.1007/978-0-387-84858-7"),))  # fmt: skip
    [back] = load_books(dumps([book], format=fmt), format=fmt)
    assert back.identifier("doi") == "10.1007/978-0-387-84858-7"


def test_a_doi_that_is_no_doi_is_not_written_into_a_bib() -> None:
    book = Book(title="T", authors=("A. Author",), year=2000, identifiers=(("doi", "see {publisher} \\x"),))
    assert "doi" not in dumps([book], format="bibtex")
