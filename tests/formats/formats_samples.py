"""Books for the format tests: real editions (facts from public catalogue and publisher pages)
and hostile records of the kind a remote catalogue could send."""

from __future__ import annotations

from bibkit.model import Book

SEED_BOOKS: tuple[Book, ...] = (
    Book(
        title="Year One of the Russian Revolution",
        authors=("Victor Serge",),
        translators=("Peter Sedgwick",),
        publisher="Haymarket Books",
        place="Chicago",
        year=2015,
        original_year=1930,
        isbn13="9781608462674",
        pages=462,
        language="en",
    ),
    Book(
        title="The Prophet Armed",
        subtitle="Trotsky, 1879–1921",
        authors=("Isaac Deutscher",),
        publisher="Oxford University Press",
        place="London",
        year=1954,
        pages=540,
    ),
    Book(
        title="The Anarchists in the Russian Revolution",
        editors=("Paul Avrich",),
        publisher="Thames and Hudson",
        place="London",
        year=1973,
        isbn10="0500750017",
    ),
    Book(
        title="The Bolshevik Revolution, 1917–1923",
        authors=("E. H. Carr",),
        publisher="W. W. Norton",
        place="New York",
        year=1985,
        original_year=1950,
        isbn10="0393301958",
        pages=443,
        series="A History of Soviet Russia",
        volume="1",
    ),
    Book(
        title="Red Petrograd",
        subtitle="Revolution in the Factories, 1917–1918",
        authors=("S. A. Smith",),
        publisher="Cambridge University Press",
        place="Cambridge",
        year=1983,
        isbn13="9780521247597",
        pages=367,
        series="Cambridge Russian, Soviet and Post-Soviet Studies",
    ),
    Book(
        title="The Bolsheviks Come to Power",
        subtitle="The Revolution of 1917 in Petrograd",
        authors=("Alexander Rabinowitch",),
        publisher="Pluto Press",
        year=2017,
        original_year=1976,
        edition="Centenary edition",
        isbn13="9780745399980",
        pages=400,
    ),
    Book(
        title="Lenin's Last Struggle",
        authors=("Moshe Lewin",),
        publisher="Pantheon",
        year=1968,
        original_year=1967,
    ),
)

#: Records a hostile or broken catalogue could return. Each must come out inert and balanced.
HOSTILE_BOOKS: tuple[Book, ...] = (
    Book(
        title=r"} \input{bibkit-secret} \immediate\write18{touch pwned} 100% & $5 #1 a_b ~ ^ <x> {",
        authors=(r"\def\x{y} Evil", "Plain O'Brien"),
        publisher="Simon & Schuster",
        place=r"New\\York",
        year=2003,
    ),
    Book(
        title="^^5cinput^^7bbibkit-secret^^7d and ^^5cwrite18",
        subtitle="{unbalanced {{ braces",
        authors=("Kurt Gödel",),
        publisher="Verso",
        place="London",
        year=2003,
    ),
    Book(
        title="Line\r\nER  - \r\nTY  - BOOK injected",
        authors=("Karel Čapek", "Józef Łódź", "Hans Christian Ørsted"),
        publisher="Straße Verlag",
        place="İstanbul",
        year=1920,
        language="de",
    ),
    Book(
        title="A Guide to NATO and the USSR, with McCarthy’s “iPhone”",
        authors=("Institute of Physics and Engineering",),
        publisher="IOP Publishing",
        place="Bristol",
        year=1990,
    ),
    Book(
        title="Trailing backslash \\",
        authors=("Smith, John, Jr., PhD", "Vincent van Gogh", "Martin Luther King, Jr."),
        publisher="% Comment Press }",
        place="{",
        year=2000,
        url="https://example.org/a b{c}\\d^e%zz#frag",
    ),
    Book(
        title="Anonymous & untitled {draft}",
        publisher="Verso",
        place="London",
        year=2003,
        isbn13="9781859844427",
        pages=120,
        language="en",
    ),
)

#: Books in scripts classic BibTeX cannot transliterate (kept as UTF-8).
NON_LATIN_BOOKS: tuple[Book, ...] = (
    Book(title="Моя жизнь", authors=("Лев Троцкий",), publisher="Гранит", place="Берлин", year=1930,
         language="ru"),
    Book(title="Ἱστορίαι", authors=("Ἡρόδοτος",), publisher="Teubner", place="Leipzig", year=1899,
         language="el"),
)

#: Works that are not books, as a bibliography cites them (facts from the publications
#: themselves): one of each kind every format writes with its own type.
ENTRIES: tuple[Book, ...] = (
    Book(
        kind="article-journal",
        title="Computing Machinery and Intelligence",
        authors=("Alan M. Turing",),
        container_title="Mind",
        volume="59",
        number="236",
        page_range="433–460",
        year=1950,
        identifiers=(("doi", "10.1093/mind/LIX.236.433"),),
    ),
    Book(
        kind="chapter",
        title="A Universal Turing Machine with Two Internal States",
        authors=("Claude E. Shannon",),
        editors=("Claude E. Shannon", "John McCarthy"),
        container_title="Automata Studies",
        series="Annals of Mathematics Studies",
        volume="34",
        page_range="157–165",
        publisher="Princeton University Press",
        place="Princeton",
        year=1956,
    ),
    Book(
        kind="paper-conference",
        title="The Complexity of Theorem-Proving Procedures",
        authors=("Stephen A. Cook",),
        container_title="Proceedings of the Third Annual ACM Symposium on Theory of Computing",
        page_range="151–158",
        publisher="ACM",
        place="New York",
        year=1971,
        identifiers=(("doi", "10.1145/800157.805047"),),
    ),
    Book(
        kind="webpage",
        title="Turing Machines",
        authors=("David Barker-Plummer",),
        container_title="Stanford Encyclopedia of Philosophy",
        year=1995,
        url="https://plato.stanford.edu/entries/turing-machine/",
    ),
    Book(
        kind="thesis",
        title="Non-Cooperative Games",
        authors=("John Forbes Nash",),
        genre="PhD thesis",
        publisher="Princeton University",
        place="Princeton",
        year=1950,
    ),
    Book(
        kind="thesis",
        title="A Symbolic Analysis of Relay and Switching Circuits",
        authors=("Claude E. Shannon",),
        genre="Master's thesis",
        publisher="Massachusetts Institute of Technology",
        place="Cambridge, Massachusetts",
        year=1940,
    ),
    Book(
        kind="report",
        title="On Distributed Communications: I. Introduction to Distributed Communications Networks",
        authors=("Paul Baran",),
        genre="Research Memorandum",
        number="RM-3420-PR",
        publisher="RAND Corporation",
        place="Santa Monica",
        year=1964,
    ),
    Book(
        kind="document",
        title="On the Cruelty of Really Teaching Computing Science",
        authors=("Edsger W. Dijkstra",),
        publisher="Circulated privately",
        year=1988,
    ),
)

_HOSTILE_TEXT = HOSTILE_BOOKS[0].title
#: Entries of other kinds whose new fields (container, issue, pages, type, institution) carry
#: what a hostile catalogue or a careless user could put there.
HOSTILE_ENTRIES: tuple[Book, ...] = (
    Book(kind="article-journal", title="T", authors=("A. Author",), container_title=_HOSTILE_TEXT,
         volume="^^5c", number=_HOSTILE_TEXT, page_range="1–2 \\def", year=2000),
    Book(kind="chapter", title="T", authors=("A. Author",), container_title=_HOSTILE_TEXT,
         page_range=_HOSTILE_TEXT, editors=("E. Editor",), publisher=_HOSTILE_TEXT, year=2000),
    Book(kind="report", title="T", authors=("A. Author",), genre=_HOSTILE_TEXT, number=_HOSTILE_TEXT,
         publisher="P", year=2000),
    Book(kind="webpage", title="T", container_title=_HOSTILE_TEXT, url="https://example.org/a{b}\\c^d%zz#f",
         year=2000),
    Book(kind="thesis", title="T", authors=("A. Author",), genre=_HOSTILE_TEXT, publisher=_HOSTILE_TEXT,
         year=2000),
)  # fmt: skip
