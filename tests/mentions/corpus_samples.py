"""A small annotated corpus in the corpus format, written from facts about real books, for the
training and scoring tests (the real corpus lives in ../shared and data/mentions)."""

from __future__ import annotations

import json
from pathlib import Path

#: (name, text, [(surface, title, author)]) in text order; non-mentions apart.
SAMPLES: list[tuple[str, str, list[tuple[str, str, str | None]], list[str]]] = [
    (
        "list-russian-revolution",
        "some great books on this period:\n"
        "Victor Serge, Year One of the Russian Revolution\n"
        "John Reed, Ten Days That Shook the World\n"
        "Sheila Fitzpatrick, The Russian Revolution\n"
        "E. H. Carr, The Bolshevik Revolution, 1917-1923\n"
        "and the film Reds is fun too\n",
        [
            (
                "Victor Serge, Year One of the Russian Revolution",
                "Year One of the Russian Revolution",
                "Victor Serge",
            ),
            ("John Reed, Ten Days That Shook the World", "Ten Days That Shook the World", "John Reed"),
            ("Sheila Fitzpatrick, The Russian Revolution", "The Russian Revolution", "Sheila Fitzpatrick"),
            (
                "E. H. Carr, The Bolshevik Revolution, 1917-1923",
                "The Bolshevik Revolution, 1917-1923",
                "E. H. Carr",
            ),
        ],
        ["Reds"],
    ),
    (
        "blog-year-in-books",
        "## Books\n\n"
        "I finally read *The Dispossessed* by Ursula K. Le Guin, then *Piranesi* by Susanna Clarke.\n"
        "*Middlemarch* took me all summer.\n\n"
        "## Films\n\n"
        "I watched *Heat* and *Alien* again.\n",
        [
            ("*The Dispossessed* by Ursula K. Le Guin", "The Dispossessed", "Ursula K. Le Guin"),
            ("*Piranesi* by Susanna Clarke", "Piranesi", "Susanna Clarke"),
            ("*Middlemarch*", "Middlemarch", None),
        ],
        ["*Heat*", "*Alien*"],
    ),
    (
        "reddit-recommendations",
        "- u/reader: Blindsight by Peter Watts. Great book.\n"
        "- u/other: Seconding Blindsight, and try Anathem by Neal Stephenson\n"
        "- u/third: The Left Hand of Darkness - Ursula K. Le Guin\n",
        [
            ("Blindsight by Peter Watts", "Blindsight", "Peter Watts"),
            ("Blindsight", "Blindsight", None),
            ("Anathem by Neal Stephenson", "Anathem", "Neal Stephenson"),
            (
                "The Left Hand of Darkness - Ursula K. Le Guin",
                "The Left Hand of Darkness",
                "Ursula K. Le Guin",
            ),
        ],
        [],
    ),
    (
        "syllabus",
        "<ul>\n<li>Week 1: <em>The Tempest</em> through Act III. "
        "Essay: “Theses on the Philosophy of History.”</li>\n"
        "<li>Week 2: <em>Invisible Man</em>, chapters 1-5.</li>\n</ul>\n",
        [
            ("<em>The Tempest</em>", "The Tempest", None),
            ("<em>Invisible Man</em>", "Invisible Man", None),
        ],
        ["“Theses on the Philosophy of History.”"],
    ),
]


def write_corpus(folder: Path) -> Path:
    """Write the samples as NAME.txt / NAME.json pairs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text, mentions, non_mentions in SAMPLES:
        records = []
        pos = 0
        for surface, title, author in mentions:
            start = text.index(surface, pos)
            pos = start + 1
            records.append({"surface": surface, "start": start, "title": title, "author": author})
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.json").write_text(
            json.dumps(
                {"source": "written for the tests", "mentions": records, "non_mentions": non_mentions}
            ),
            encoding="utf-8",
        )
    return folder
