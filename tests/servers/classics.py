"""A small catalogue, written from facts about real books, for the ways people name books:
short forms of long titles, misspellings, translations, classics with namesakes, a "by" that
names a publisher. Edition counts are of the order Open Library reports for these works (its
``edition_count``): the famous work has hundreds of editions, its namesakes a handful."""

from __future__ import annotations

from tests.servers.catalog import Catalog, Edition, Work


def classics_catalog() -> Catalog:
    return Catalog(
        [
            Work(
                "OL76827W",
                "An Inquiry into the Nature and Causes of the Wealth of Nations",
                ["Adam Smith"],
                1776,
                known_editions=120,
                editions=[
                    Edition(
                        "OL1M",
                        "An Inquiry into the Nature and Causes of the Wealth of Nations",
                        None,
                        "W. Strahan and T. Cadell",
                        "1776",
                    )
                ],
            ),
            Work(
                "OL2W",
                "Seven Pillars of Wisdom",
                ["T. E. Lawrence"],
                1926,
                known_editions=90,
                editions=[Edition("OL2M", "Seven Pillars of Wisdom", None, "Jonathan Cape", "1935")],
            ),
            # Herbert's sequels share the word "Dune"; "Dune" itself is left out on purpose.
            Work("OL3W", "Dune Messiah", ["Frank Herbert"], 1969, editions=[Edition("OL3M", "Dune Messiah")]),
            Work(
                "OL4W",
                "Children of Dune",
                ["Frank Herbert"],
                1976,
                editions=[Edition("OL4M", "Children of Dune")],
            ),
            Work(
                "OL5W",
                "Slaughterhouse-Five",
                ["Kurt Vonnegut"],
                1969,
                known_editions=150,
                editions=[Edition("OL5M", "Slaughterhouse-Five", "9780385333849", "Dial Press", "2009")],
            ),
            Work(
                "OL6W",
                "The Hobbit",
                ["J. R. R. Tolkien"],
                1937,
                known_editions=300,
                editions=[
                    Edition("OL6M", "The Hobbit", "9780547928227", "Houghton Mifflin Harcourt", "2012")
                ],
            ),
            Work(
                "OL7W",
                "Война и мир",
                ["Лев Толстой"],
                1869,
                known_editions=600,
                editions=[
                    Edition("OL70M", "War and Peace", None, "Oxford University Press", "2010"),
                    Edition("OL71M", "Война и мир", None, "Эксмо", "2015", language="rus"),
                    Edition("OL72M", "Krieg und Frieden", None, "Hanser", "2010", language="ger"),
                ],
            ),
            # Namesakes: Machiavelli's is far more published than the others.
            Work(
                "OL1089297W",
                "The Prince",
                ["Niccolò Machiavelli"],
                1532,
                known_editions=1400,
                editions=[Edition("OL8M", "The Prince", "9780140449150", "Penguin", "2003")],
            ),
            Work("OL9W", "The Prince", ["Jeff Wheeler"], 2015, editions=[Edition("OL9M", "The Prince")]),
            # Namesakes that nobody can tell apart by a bare title.
            Work(
                "OL10W",
                "Leviathan",
                ["Thomas Hobbes"],
                1651,
                known_editions=200,
                editions=[Edition("OL10M", "Leviathan", "9780140431957", "Penguin", "1982")],
            ),
            Work(
                "OL11W",
                "Leviathan",
                ["Scott Westerfeld"],
                2009,
                known_editions=60,
                editions=[Edition("OL11M", "Leviathan", None, "Simon Pulse", "2009")],
            ),
            Work(
                "OL12W",
                "Building Walking Bass Lines",
                ["Ed Friedland"],
                1995,
                editions=[Edition("OL12M", "Building Walking Bass Lines", None, "Hal Leonard", "1995")],
            ),
        ]
    )
