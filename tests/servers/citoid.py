"""Wikipedia's Citoid (``/api/rest_v1/data/citation/mediawiki/{isbn}``) as a hook for
:class:`tests.servers.openlibrary.FakeServices`, answering from its own catalogue.

The shape is Citoid's ``mediawiki`` format, what isbnlib's ``wiki`` service reads: a JSON list
with one Zotero-style item per citation; ``author`` holds ``[given, family]`` pairs, ``ISBN``
a list, ``date`` and ``numPages`` free text, ``title`` the catalogue's "Title : subtitle". An
ISBN Citoid cannot resolve is a 404 with a JSON problem body.
"""

from __future__ import annotations

import json
from typing import Any

from tests.servers.catalog import Catalog, Edition, Work
from tests.servers.openlibrary import Answer, FakeRequest

PATH = "/api/rest_v1/data/citation/mediawiki/"
LANGUAGE_NAMES = {"eng": "English", "fre": "French", "ger": "German", "rus": "Russian", "spa": "Spanish"}


def citoid_item(work: Work, edition: Edition) -> dict[str, Any]:
    """One item of a Citoid ``mediawiki`` answer for an ISBN lookup (WorldCat-backed)."""
    title = edition.title + (f" : {edition.subtitle}" if edition.subtitle else "")
    item: dict[str, Any] = {
        "key": f"K{edition.key}",
        "version": 0,
        "itemType": "book",
        "tags": [],
        "title": title,
        "author": [[" ".join(a.split()[:-1]), a.split()[-1]] for a in work.authors],
        "ISBN": [i for i in (edition.isbn13, edition.isbn10) if i],
        "oclc": "52056453",
        "url": "http://www.worldcat.org/oclc/52056453",
        "source": ["WorldCat"],
        "accessDate": "2026-08-01",
    }
    if edition.publisher:
        item["publisher"] = edition.publisher
    if edition.place:
        item["place"] = edition.place
    if edition.publish_date:
        item["date"] = edition.publish_date
    if edition.pages:
        item["numPages"] = f"xii, {edition.pages}"
    if edition.language:
        item["language"] = LANGUAGE_NAMES.get(edition.language, edition.language)
    return item


class Citoid:
    """A hook: ``server.hooks.append(Citoid(catalog))``; ``requests`` lists what it answered."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.requests: list[FakeRequest] = []

    def __call__(self, request: FakeRequest) -> Answer | None:
        if not request.path.startswith(PATH):
            return None
        self.requests.append(request)
        isbn = request.path[len(PATH) :]
        found = self.catalog.by_isbn(isbn)
        if found is None:
            problem = {
                "type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
                "title": "Not found.",
                "method": "get",
                "detail": f"Unable to retrieve data from ISBN {isbn}",
                "uri": f"/en.wikipedia.org/v1/data/citation/mediawiki/{isbn}",
            }
            return 404, {"Content-Type": "application/problem+json"}, json.dumps(problem).encode()
        body = json.dumps([citoid_item(*found)]).encode()
        return 200, {"Content-Type": "application/json; charset=utf-8"}, body
