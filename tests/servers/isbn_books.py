"""An ISBN-only reading list: 20 real editions written the ways people write ISBNs, and the
catalogue that holds them (the seed catalogue plus six editions; facts from the publishers'
records of those editions)."""

from __future__ import annotations

from tests.servers.catalog import Catalog, Edition, Work
from tests.servers.seed import seed_catalog

#: (ISBN-13, title, first author) of each edition the list names, in list order.
EXPECTED: tuple[tuple[str, str, str], ...] = (
    ("9781608462674", "Year One of the Russian Revolution", "Victor Serge"),
    ("9780717808397", "Ten Days That Shook the World", "John Reed"),
    ("9781544125329", "Ten Days That Shook the World", "John Reed"),
    ("9780801491412", "The Anarchists in the Russian Revolution", "Paul Avrich"),
    ("9780198806707", "The Russian Revolution", "Sheila Fitzpatrick"),
    ("9780394502410", "The Russian Revolution", "Richard Pipes"),
    ("9780745399980", "The Bolsheviks Come to Power", "Alexander Rabinowitch"),
    ("9781781683118", "The Prophet Armed", "Isaac Deutscher"),
    ("9781781683125", "The Prophet Unarmed", "Isaac Deutscher"),
    ("9781781683132", "The Prophet Outcast", "Isaac Deutscher"),
    ("9780393301953", "The Bolshevik Revolution, 1917-1923", "Edward Hallett Carr"),
    ("9780521247597", "Red Petrograd", "S. A. Smith"),
    ("9780472030521", "Lenin's Last Struggle", "Moshe Lewin"),
    ("9780898755084", "The Road to Life", "Anton Semenovich Makarenko"),
    ("9780192802385", "Pride and Prejudice", "Jane Austen"),
    ("9780099477310", "Catch-22", "Joseph Heller"),
    ("9780140620184", "The Great Gatsby", "F. Scott Fitzgerald"),
    ("9780385333849", "Slaughterhouse-Five", "Kurt Vonnegut"),
    ("9780060929879", "Brave New World", "Aldous Huxley"),
    ("9780618260300", "The Hobbit", "J. R. R. Tolkien"),
)

#: The same 20 editions, each in one of the forms of an identifier: alone with or without
#: "ISBN", hyphenated, spaced, as an ISBN-10, on a list line, in a bookshop, Open Library,
#: Google Books or Goodreads address, and after its title.
READING_LIST = """My shelf, by ISBN:

- ISBN 978-1-60846-267-4
- ISBN: 0717808394
- 9781544125329
- ISBN-13: 978 0 8014 9141 2
- 0198806701
* https://openlibrary.org/isbn/9780394502410
* https://www.goodreads.com/book/isbn/0745399983
* https://books.google.com/books?vid=ISBN9781781683118
* https://bookshop.org/a/12345/9781781683125
* https://www.amazon.com/dp/1781683131/
1. The Bolshevik Revolution, ISBN 978-0-393-30195-3
2. Red Petrograd (ISBN 0521247594)
3. Lenin's Last Struggle - ISBN 9780472030521
4. [The Road to Life](https://openlibrary.org/isbn/0898755085)

And a few more: ISBN 0-19-280238-0, ISBN 9780099477310,
ISBN 978-0-14-062018-4 and ISBN 0385333846.
ISBN 0060929871
https://www.amazon.co.uk/Hobbit-J-R-R-Tolkien/dp/0618260307
"""


def isbn_catalog() -> Catalog:
    """The seed catalogue with the six editions the seed lacks."""
    catalog = seed_catalog()
    for work in (
        Work("OL66554W", "Pride and Prejudice", ["Jane Austen"], 1813, editions=[
            Edition("OL900M", "Pride and Prejudice", "9780192802385", "Oxford University Press", "2004",
                    pages=333)]),
        Work("OL168988W", "Catch-22", ["Joseph Heller"], 1961, editions=[
            Edition("OL901M", "Catch-22", "9780099477310", "Vintage", "1994", pages=519)]),
        Work("OL468431W", "The Great Gatsby", ["F. Scott Fitzgerald"], 1925, editions=[
            Edition("OL902M", "The Great Gatsby", "9780140620184", "Penguin Books", "1994", pages=188)]),
        Work("OL98479W", "Slaughterhouse-Five", ["Kurt Vonnegut"], 1969, editions=[
            Edition("OL903M", "Slaughterhouse-Five", "9780385333849", "Dial Press", "1999", pages=275)]),
        Work("OL64468W", "Brave New World", ["Aldous Huxley"], 1932, editions=[
            Edition("OL904M", "Brave New World", "9780060929879", "HarperPerennial", "1998", pages=288)]),
        Work("OL262758W", "The Hobbit", ["J. R. R. Tolkien"], 1937, editions=[
            Edition("OL905M", "The Hobbit", "9780618260300", "Houghton Mifflin", "2002", pages=366)]),
    ):  # fmt: skip
        catalog.add(work)
    return catalog
