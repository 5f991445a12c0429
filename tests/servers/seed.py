"""A small catalogue built from facts about real books (the seed thread's reading list),
with the traps resolution must survive: same title by other authors, other volumes of a
multi-volume work, a translation indexed under its original title, and absent books."""

from __future__ import annotations

from tests.servers.catalog import Catalog, Edition, Work

#: A .bib entry every field of which the catalogue below confirms (its first edition).
SERGE_BIB = """@book{serge,
  author = {Victor Serge},
  title = {Year One of the Russian Revolution},
  publisher = {Haymarket Books},
  address = {Chicago},
  year = {2015},
  isbn = {9781608462674},
}
"""


def seed_catalog() -> Catalog:
    return Catalog(
        [
            Work(
                "OL100W",
                "Year One of the Russian Revolution",
                ["Victor Serge"],
                1930,
                editions=[
                    Edition(
                        "OL100M",
                        "Year One of the Russian Revolution",
                        "9781608462674",
                        "Haymarket Books",
                        "2015",
                        pages=462,
                        place="Chicago",
                    ),
                ],
            ),
            Work(
                "OL827976W",
                "Ten Days That Shook the World",
                ["John Reed"],
                1919,
                editions=[
                    Edition(
                        "OL101M",
                        "Ten Days That Shook the World",
                        "9780717808397",
                        "International Publishers",
                        "1967",
                    ),
                    Edition(
                        "OL102M", "Ten Days That Shook the World", "9781544125329", "CreateSpace", "2017"
                    ),
                ],
            ),
            Work(
                "OL3237241W",
                "The Anarchists in the Russian Revolution",
                ["Paul Avrich"],
                1973,
                editions=[
                    Edition(
                        "OL103M",
                        "The Anarchists in the Russian Revolution",
                        "9780801491412",
                        "Cornell University Press",
                        "1973",
                        place="Ithaca",
                    ),
                ],
            ),
            Work(
                "OL1863447W",
                "The Russian Revolution",
                ["Sheila Fitzpatrick"],
                1982,
                editions=[
                    Edition(
                        "OL104M",
                        "The Russian Revolution",
                        "9780198806707",
                        "Oxford University Press",
                        "2017",
                        pages=208,
                        place="Oxford",
                    ),
                ],
            ),
            # Same title, other authors: a bare "The Russian Revolution" must not pick one of these.
            Work(
                "OL200W",
                "The Russian Revolution",
                ["Richard Pipes"],
                1990,
                editions=[
                    Edition("OL200M", "The Russian Revolution", "9780394502410", "Knopf", "1990"),
                ],
            ),
            Work(
                "OL201W",
                "The Russian Revolution",
                ["Alan Moorehead"],
                1958,
                editions=[
                    Edition("OL201M", "The Russian Revolution", None, "Harper", "1958"),
                ],
            ),
            Work(
                "OL300W",
                "The Bolsheviks Come to Power",
                ["Alexander Rabinowitch"],
                1976,
                subtitle="The Revolution of 1917 in Petrograd",
                editions=[
                    Edition(
                        "OL300M",
                        "The Bolsheviks Come to Power",
                        "9780745399980",
                        "Pluto Press",
                        "2017",
                        pages=400,
                        place="London",
                    ),
                ],
            ),
            Work(
                "OL400W",
                "The Prophet Armed",
                ["Isaac Deutscher"],
                1954,
                subtitle="Trotsky, 1879-1921",
                series="The Prophet",
                editions=[
                    Edition("OL400M", "The Prophet Armed", "9781781683118", "Verso", "2015"),
                ],
            ),
            # Other volumes of the trilogy: must not be taken for volume one.
            Work(
                "OL401W",
                "The Prophet Unarmed",
                ["Isaac Deutscher"],
                1959,
                series="The Prophet",
                editions=[
                    Edition("OL401M", "The Prophet Unarmed", "9781781683125", "Verso", "2015"),
                ],
            ),
            Work(
                "OL402W",
                "The Prophet Outcast",
                ["Isaac Deutscher"],
                1963,
                series="The Prophet",
                editions=[
                    Edition("OL402M", "The Prophet Outcast", "9781781683132", "Verso", "2015"),
                ],
            ),
            Work(
                "OL1170576W",
                "The Bolshevik Revolution, 1917-1923",
                ["Edward Hallett Carr"],
                1950,
                series="A History of Soviet Russia",
                editions=[
                    Edition(
                        "OL500M",
                        "The Bolshevik Revolution, 1917-1923",
                        "9780393301953",
                        "W. W. Norton",
                        "1985",
                        pages=443,
                        place="New York",
                    ),
                ],
            ),
            Work(
                "OL600W",
                "Red Petrograd",
                ["S. A. Smith"],
                1983,
                subtitle="Revolution in the Factories, 1917-1918",
                editions=[
                    Edition(
                        "OL600M",
                        "Red Petrograd",
                        "9780521247597",
                        "Cambridge University Press",
                        "1983",
                        pages=367,
                        place="Cambridge",
                    ),
                ],
            ),
            Work(
                "OL700W",
                "Lenin's Last Struggle",
                ["Moshe Lewin"],
                1967,
                editions=[
                    Edition(
                        "OL700M",
                        "Lenin's Last Struggle",
                        "9780472030521",
                        "University of Michigan Press",
                        "2005",
                    ),
                ],
            ),
            # A translation indexed under its transliterated original title.
            Work(
                "OL8629083W",
                "Pedagogicheskai͡a︡ poėma",
                ["Anton Semenovich Makarenko"],
                1936,
                editions=[
                    Edition(
                        "OL800M",
                        "The Road to Life",
                        "9780898755084",
                        "Oriole Editions",
                        "1973",
                        language="eng",
                    ),
                    Edition(
                        "OL801M",
                        "Pedagogicheskai͡a︡ poėma",
                        None,
                        "Khudozh. literatura",
                        "1987",
                        language="rus",
                    ),
                ],
            ),
        ]
    )
