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
