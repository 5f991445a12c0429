"""Calls of the public API as a user writes them, with their mistakes: read by mypy in
``tests/test_keywords.py``, never run. A line whose comment reads ``E: text`` must draw an
error containing that text there; every other line must draw none."""

from __future__ import annotations

import bibkit
from bibkit.zotero import ZoteroClient, push

BOOK = bibkit.Book(title="The Prophet Armed", authors=("Isaac Deutscher",))


def calls(session: bibkit.Session, client: ZoteroClient) -> None:
    bibkit.resolve("text", edition="earliest", language=None, publisher="Verso", min_confidence=0.5)
    bibkit.resolve("text", sources=["openlibrary"], session=session)
    session.resolve("text", edition="any", progress=lambda done, total: None)
    session.resolve_texts(["one", "two"], jobs=2, language="fr")
    bibkit.lookup(["0393301958"], edition="latest")
    bibkit.push_to_zotero([BOOK], collection="A/B", tags=["t"], library_id="1", min_confidence=0.9)
    push([BOOK], client=client, dry_run=True, add_existing_to_collection=False)
    bibkit.check("refs.bib", fix=True, overwrite=["year"], output="fixed.bib", force=True)
    bibkit.check_zotero("A/B", fix=True, api_key="k", sources=("openlibrary",))
    bibkit.export_zotero("refs.bib", collection="A", key_pattern="auth.lower + year", api_key="k")
    bibkit.dumps([BOOK], format="ris", skip=["url"])
    bibkit.write([BOOK], "refs.bib", merge=True, ascii=False, dry_run=True)

    bibkit.resolve("text", editon="latest")  # E: Unexpected keyword argument "editon"
    bibkit.resolve("text", edition="newest")  # E: Argument "edition" to "resolve" has incompatible type
    session.resolve("text", language=1)  # E: Argument "language" to "resolve" of "Session" has incompatible
    bibkit.lookup(["x"], publisher=3)  # E: Argument "publisher" to "lookup" has incompatible type
    bibkit.push_to_zotero([BOOK], colection="A")  # E: Unexpected keyword argument "colection"
    push([BOOK], client=client, sources=["openlibrary"])  # E: Unexpected keyword argument "sources"
    bibkit.check("refs.bib", library_id="1")  # E: Unexpected keyword argument "library_id"
    bibkit.check_zotero("A", output="x.bib")  # E: Unexpected keyword argument "output"
    bibkit.export_zotero("refs.bib", fix=True)  # E: Unexpected keyword argument "fix"
    bibkit.dumps([BOOK], keypattern="auth")  # E: Unexpected keyword argument "keypattern"
    bibkit.write([BOOK], "refs.bib", append=True)  # E: Unexpected keyword argument "append"
