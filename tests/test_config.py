"""Configuration layers: defaults < file < environment < arguments; bad values are one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibkit.config import Config
from bibkit.errors import ConfigError


def test_layers_override_in_order(tmp_path: Path) -> None:
    path = tmp_path / "bibkit.toml"
    path.write_text('openlibrary_url = "http://file.example/"\nmax_workers = 3\ncontact = "me@file"\n')
    env = {"BIBKIT_OPENLIBRARY_URL": "http://env.example", "BIBKIT_NO_CACHE": "1"}
    config = Config.load(path, env=env, contact="me@arg")
    assert config.openlibrary_url == "http://env.example"
    assert config.max_workers == 3
    assert config.use_cache is False
    assert config.contact == "me@arg"
    assert config.effective_user_agent.startswith("bibkit/") and "me@arg" in config.effective_user_agent


def test_api_key_is_not_in_repr() -> None:
    config = Config.load(env={"GOOGLE_BOOKS_API_KEY": "sekrit-123"})
    assert config.google_books_api_key == "sekrit-123"
    assert "sekrit-123" not in repr(config)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "unknown configuration key 'colour'"),
        ('openlibrary_url = "ftp://x"\n', "bad value for openlibrary_url"),
        ("max_workers = 0\n", "bad value for max_workers"),
        ("not toml at all [", "cannot read config file"),
    ],
)
def test_bad_config_is_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        Config.load(path, env={})


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        Config.load(tmp_path / "nope.toml", env={})


def test_catalogue_and_offline_from_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('catalog = "~/books/catalog.sqlite"\noffline = true\n')
    config = Config.load(path, env={})
    assert config.catalog == Path("~/books/catalog.sqlite").expanduser() and config.offline
    config = Config.load(env={"BIBKIT_CATALOG": "/data/c.sqlite", "BIBKIT_OFFLINE": "1"})
    assert (config.catalog, config.offline) == (Path("/data/c.sqlite"), True)
    assert Config.load(env={}).catalog is None and not Config.load(env={}).offline


def test_one_version_for_the_package_its_user_agent_and_caches() -> None:
    from importlib.metadata import version

    import bibkit
    from bibkit._version import __version__

    assert version("bibkit") == bibkit.__version__ == __version__
    assert Config().effective_user_agent.startswith(f"bibkit/{__version__} (")
