"""The fake server keeps the Web API's rules, checked with the real pyzotero and raw HTTP, so
the push tests cannot pass against a server more forgiving than Zotero's."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx2
import pytest
from pyzotero import Zotero
from pyzotero import errors as pz_errors

from bibkit.config import Config
from tests.zotero.fake_zotero import FakeZotero


@pytest.fixture
def zot(zotero_server: FakeZotero) -> Iterator[Zotero]:
    client = Zotero(zotero_server.library_id, "user", zotero_server.api_key)
    client.endpoint = zotero_server.base_url
    yield client
    client.client.close()


def _post(server: FakeZotero, body: object, **headers: str) -> httpx2.Response:
    return httpx2.post(
        f"{server.base_url}{server.prefix}/items",
        content=json.dumps(body),
        headers={"Authorization": f"Bearer {server.api_key}", **headers},
        trust_env=False,
    )


def test_quick_search_never_matches_the_isbn(zotero_server: FakeZotero, zot: Zotero) -> None:
    zotero_server.add_item(
        {
            "itemType": "book",
            "title": "Ten Days That Shook the World",
            "ISBN": "9780717808397",
            "date": "1919",
            "creators": [{"creatorType": "author", "firstName": "John", "lastName": "Reed"}],
        }
    )
    assert zot.items(q="9780717808397") == []
    assert len(zot.items(q="shook")) == len(zot.items(q="john reed")) == len(zot.items(q="1919")) == 1


def test_more_than_50_objects_is_413(zotero_server: FakeZotero, zot: Zotero) -> None:
    with pytest.raises(pz_errors.RequestEntityTooLargeError):
        zot.create_collections([{"name": f"c{i}"} for i in range(51)])
    assert zotero_server.collections() == []


def test_write_token_reuse_and_stale_library_version_are_412(zotero_server: FakeZotero) -> None:
    assert (
        _post(zotero_server, [{"itemType": "book"}], **{"Zotero-Write-Token": "token12345"}).status_code
        == 200
    )
    again = _post(zotero_server, [{"itemType": "book"}], **{"Zotero-Write-Token": "token12345"})
    assert (again.status_code, again.text) == (412, "Write token already used")
    stale = _post(zotero_server, [{"itemType": "book"}], **{"If-Unmodified-Since-Version": "0"})
    assert stale.status_code == 412 and "expected 0, found 1" in stale.text
    assert len(zotero_server.items()) == 1


def test_client_keys_need_a_version_and_version_0_never_overwrites(
    zotero_server: FakeZotero, zot: Zotero
) -> None:
    report = zot.create_items(
        [
            {"itemType": "book", "key": "ABCD2345", "title": "First"},
            {"itemType": "book", "key": "ABCD2346", "version": 0, "title": "First"},
        ]
    )
    assert report["failed"]["0"]["code"] == 428
    again = zot.create_items([{"itemType": "book", "key": "ABCD2346", "version": 0, "title": "Second"}])
    assert again["failed"]["0"]["code"] == 412 and "key" not in again["failed"]["0"]
    assert [i["title"] for i in zotero_server.items()] == ["First"]


def test_fields_tags_collections_and_parents_are_validated(zotero_server: FakeZotero, zot: Zotero) -> None:
    report = zot.create_items(
        [
            {"itemType": "book", "publicationTitle": "x"},
            {"itemType": "book", "bogus": "x"},
            {"itemType": "book", "tags": ["plain string"]},
            {"itemType": "book", "collections": ["ZZZZ2345"]},
            {"itemType": "note", "note": "n", "parentItem": "ZZZZ2345"},
            {"itemType": "book", "creators": [{"creatorType": "director", "name": "X"}]},
        ]
    )
    codes = {int(i): e["code"] for i, e in report["failed"].items()}
    assert codes == {0: 400, 1: 400, 2: 400, 3: 409, 4: 409, 5: 400}
    assert "not a valid field for type" in report["failed"]["0"]["message"]
    assert zotero_server.items() == []


def test_paging_follows_link_headers_with_pyzotero(zotero_server: FakeZotero, zot: Zotero) -> None:
    for n in range(230):
        zotero_server.add_item({"itemType": "book", "title": f"Book {n}"})
    everything = zot.everything(zot.items(limit=100))
    assert len(everything) == 230 and zot.request.headers["Total-Results"] == "230"
    assert 'rel="alternate"' in zot.request.headers["Link"]


def test_config_reads_zotero_settings_from_the_environment_and_hides_the_key() -> None:
    env = {
        "ZOTERO_LIBRARY_ID": "475425",
        "ZOTERO_LIBRARY_TYPE": "Group",
        "ZOTERO_API_KEY": "sEcReT0123456789",
        "BIBKIT_ZOTERO_URL": "http://127.0.0.1:9/",
    }
    config = Config.load(env=env)
    assert (config.zotero_library_id, config.zotero_library_type) == ("475425", "group")
    assert config.zotero_url == "http://127.0.0.1:9" and config.zotero_api_key == "sEcReT0123456789"
    assert "sEcReT" not in repr(config)
    with pytest.raises(ValueError, match="numeric"):
        Config.load(env={**env, "ZOTERO_LIBRARY_ID": "jsmith"})
