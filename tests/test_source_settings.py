"""Each source is handed its own settings block (``[sources.NAME]``) when it is made; the flat
settings, their environment variables and options are other spellings of the same values."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bibkit.config import Config
from bibkit.errors import ConfigError
from bibkit.http import HttpClient
from bibkit.model import Book, Mention
from bibkit.session import Session
from bibkit.sources import registry
from bibkit.sources.openlibrary import OpenLibrary


def _load(tmp_path: Path, text: str, **kwargs: Any) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return Config.load(path, env={}, **kwargs)


def test_blocks_in_the_config_file(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        '[sources]\nuse = ["googlebooks", "isbnlib"]\n'
        '[sources.openlibrary]\nurl = "http://mirror.example/ol/"\n'
        '[sources.googlebooks]\nurl = "http://mirror.example/gb"\napi_key = "k-123"\n'
        '[sources.isbnlib]\nservices = ["wiki"]\nurls = { wiki = "http://mirror.example/wiki" }\n',
    )
    assert config.sources == ("googlebooks", "isbnlib")
    assert config.source_settings("openlibrary") == {"url": "http://mirror.example/ol"}
    assert config.source_settings("googlebooks") == {"url": "http://mirror.example/gb", "api_key": "k-123"}
    isbnlib = config.source_settings("isbnlib")
    assert isbnlib["services"] == ("wiki",)
    # isbnlib's openl and goob are our two catalogues: their URLs and key by default.
    assert isbnlib["urls"] == {
        "openl": "http://mirror.example/ol",
        "goob": "http://mirror.example/gb",
        "wiki": "http://mirror.example/wiki",
    }
    assert isbnlib["google_books_api_key"] == "k-123"
    # The flat names are the same settings.
    assert config.openlibrary_url == "http://mirror.example/ol"


def test_flat_names_environment_and_arguments_still_fill_the_blocks(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'openlibrary_url = "http://file.example"\n',
        google_books_url="http://arg.example/books/v1",
    )
    assert config.source_settings("openlibrary") == {"url": "http://file.example"}
    assert config.source_settings("googlebooks")["url"] == "http://arg.example/books/v1"
    from_env = Config.load(env={"BIBKIT_OPENLIBRARY_URL": "http://env.example"})
    assert from_env.source_settings("openlibrary") == {"url": "http://env.example"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources.openlibrary]\nmirror = "http://x"\n', r"unknown setting sources\.openlibrary\.mirror"),
        ('[sources.openlibrary]\nurl = "ftp://x"\n', "bad value for openlibrary_url"),
        (
            'openlibrary_url = "http://a.example"\n[sources.openlibrary]\nurl = "http://b.example"\n',
            "are the same setting",
        ),
        ("[sources]\nopenlibrary = 3\n", r"sources\.openlibrary must be a table"),
    ],
)
def test_bad_blocks_are_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        _load(tmp_path, text)
    assert "config.toml" in str(raised.value)


def test_a_relative_catalogue_in_a_projects_block_is_beside_the_file(tmp_path: Path) -> None:
    project = tmp_path / "thesis" / "bibkit.toml"
    project.parent.mkdir()
    project.write_text('[sources.local]\ncatalog = "books.jsonl"\n')
    user = tmp_path / "user.toml"
    user.write_text("")
    config = Config.load(env={"BIBKIT_CONFIG": str(user)}, project=project)
    assert config.source_settings("local")["catalog"] == project.parent / "books.jsonl"


class _Recorder:
    """A plugin source that keeps what it was handed."""

    name = "recorder"
    handed: Mapping[str, Any] = {}

    def __init__(self, http: HttpClient, settings: Mapping[str, Any]) -> None:
        type(self).handed = settings

    def search(self, mention: Mention, *, limit: int = 5) -> tuple[Book, ...]:
        return ()

    def by_isbns(self, isbns: Any) -> dict[str, Book]:
        return {}


def test_a_source_is_handed_its_own_block_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry._runtime, "recorder", _Recorder)
    config = _load(
        tmp_path,
        '[sources.recorder]\nshelf = "theory"\nlimit = 3\n[sources.openlibrary]\nurl = "http://ol.example"\n',
        cache_dir=tmp_path / "cache",
    )
    with Session(config) as session:
        session.source("recorder")
        openlibrary = session.source("openlibrary")
    assert _Recorder.handed == {"shelf": "theory", "limit": 3}
    assert isinstance(openlibrary, OpenLibrary) and openlibrary.base_url == "http://ol.example"
