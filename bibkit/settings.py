"""Where each setting comes from: the layers of configuration, and the origin of every value.

In increasing priority: bibkit's defaults; the user's config file (``$BIBKIT_CONFIG``, or
``config.toml`` in the platform config directory); a project's ``bibkit.toml``, found in the
working directory or the nearest directory above it (so every run inside a thesis folder uses
its key pattern, collection and decisions file); the environment; the command line.

:class:`bibkit.config.Config` is the record and checks every value; this module finds the
files, reads them, and remembers which layer gave each value, for ``bibkit config show``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from bibkit.errors import ConfigError

__all__ = [
    "PROJECT_FILE",
    "Layer",
    "Settings",
    "find_project_file",
    "layers",
    "load_settings",
    "service_urls",
    "url_options",
]

#: The name of a project's settings file.
PROJECT_FILE = "bibkit.toml"
#: Settings that name a file: in a project file, a relative path is relative to that file.
_PATH_KEYS = frozenset({"catalog", "model", "decisions", "cache_dir"})
DEFAULT = "default"
COMMAND_LINE = "command line"


def find_project_file(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The ``bibkit.toml`` in ``start`` (default: the working directory) or the nearest
    directory above it, if there is one."""
    try:
        here = Path(start if start is not None else Path.cwd()).resolve()
    except OSError:
        return None
    for directory in (here, *here.parents):
        candidate = directory / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True, slots=True)
class Layer:
    """The raw values one source of settings gives, and how to name that source."""

    origin: str
    values: Mapping[str, Any]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read config file {path}: {err}") from err


def _flat_toml(path: Path) -> dict[str, Any]:
    """A config file's values, its ``[sources.NAME]`` blocks spelled as flat settings (so a
    relative ``catalog`` in a project's block is taken as relative to the file, as the flat
    one is)."""
    from bibkit.config import flatten_source_blocks

    try:
        return flatten_source_blocks(_read_toml(path))
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from err


def layers(
    path: str | os.PathLike[str] | None,
    *,
    env: Mapping[str, str],
    project: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[Layer]:
    """The layers of settings, lowest priority first (defaults are not a layer).

    Args:
        path: The user's config file; default ``$BIBKIT_CONFIG`` or the platform's. A missing
            default file is fine; a missing explicit one is a :class:`ConfigError`.
        env: The environment.
        project: A project settings file (see :func:`find_project_file`), or ``None``.
        overrides: Values given on the command line or as arguments; ``None`` values skipped.
    """
    from bibkit.config import _ENV, _from_env, default_config_path

    out: list[Layer] = []
    explicit = path is not None or "BIBKIT_CONFIG" in env
    user = Path(path) if path is not None else Path(env.get("BIBKIT_CONFIG") or default_config_path())
    if user.exists():
        out.append(Layer(str(user), _flat_toml(user)))
    elif explicit:
        raise ConfigError(f"config file not found: {user}")
    if project is not None:
        file = Path(project)
        values = _flat_toml(file)
        for key in _PATH_KEYS & values.keys():
            value = Path(str(values[key])).expanduser()
            values[key] = value if value.is_absolute() or str(values[key]) == "" else file.parent / value
        out.append(Layer(str(file), values))
    from_env = _from_env(env)
    names = {name: var for var, name in _ENV.items() if env.get(var)}
    for key, value in from_env.items():
        var = names.get(key) or {"use_cache": "BIBKIT_NO_CACHE", "offline": "BIBKIT_OFFLINE"}.get(key, key)
        out.append(Layer(f"environment {var}", {key: value}))
    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        if given:
            out.append(Layer(COMMAND_LINE, given))
    return out


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective configuration, and for each setting the layer that gave its value."""

    config: Any  # bibkit.config.Config (not imported at module level: config imports us)
    origins: Mapping[str, str]

    def rows(self) -> list[tuple[str, str, str]]:
        """``(name, value as shown, origin)`` for every setting, secrets masked."""
        from bibkit.config import _SECRET_KEYS

        out = []
        for f in dataclasses.fields(self.config):
            value = getattr(self.config, f.name)
            secret = "(set, not shown)" if value else "(not set)"
            shown = secret if f.name in _SECRET_KEYS else _show(value)
            out.append((f.name, shown, self.origins.get(f.name, DEFAULT)))
        return out


def _show(value: Any) -> str:
    """A value as it would be written in the TOML file."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, (str, Path)):
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f'"{k}" = {_show(v)}' for k, v in value.items()) + " }" if value else "{}"
    return str(value)


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    project: str | os.PathLike[str] | None = None,
    **overrides: Any,
) -> Settings:
    """The configuration from every layer (see :func:`layers`), with each value's origin.

    Raises:
        ConfigError: an unreadable file, an unknown key or a bad value; the message names the
            file or variable it came from.
    """
    from bibkit.config import Config, _coerce

    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for layer in layers(path, env=env, project=project, overrides=overrides):
        try:
            checked = _coerce(layer.values)
        except ConfigError as err:
            raise ConfigError(f"{layer.origin}: {err}") from err
        values.update(checked)
        origins.update(dict.fromkeys(checked, layer.origin))
    return Settings(Config(**values), origins)


_F = TypeVar("_F", bound=Callable[..., Any])

#: The command line's URL option of each service, and the setting it fills.
_URL_OPTIONS = (
    ("--openlibrary-url", "openlibrary_url", "Open Library", "BIBKIT_OPENLIBRARY_URL"),
    ("--google-books-url", "google_books_url", "Google Books API v1", "BIBKIT_GOOGLE_BOOKS_URL"),
    ("--zotero-url", "zotero_url", "Zotero Web API", "BIBKIT_ZOTERO_URL"),
)


def url_options(func: _F) -> _F:
    """A base URL option for every service bibkit speaks to (mirrors, local servers)."""
    for flag, _, service, env in reversed(_URL_OPTIONS):
        func = click.option(flag, metavar="URL", help=f"{service} base URL. Env: {env}.")(func)
    return click.option(
        "--isbnlib-url",
        "isbnlib_url",
        multiple=True,
        metavar="SERVICE=URL",
        help="Base URL of an isbnlib service, e.g. wiki=http://mirror/api/rest_v1 (repeatable). "
        "Env: BIBKIT_ISBNLIB_URLS.",
    )(func)


def service_urls(params: Mapping[str, Any]) -> dict[str, Any]:
    """The settings the URL options of a command line give (``None`` for those not given).

    Raises:
        ConfigError: an ``--isbnlib-url`` that is not ``SERVICE=URL``.
    """
    out: dict[str, Any] = {name: params.get(name) for _, name, _, _ in _URL_OPTIONS}
    pairs = params.get("isbnlib_url") or ()
    if pairs:
        urls = {}
        for pair in pairs:
            service, sep, url = str(pair).partition("=")
            if not sep or not service.strip() or not url.strip():
                raise ConfigError(f"--isbnlib-url wants SERVICE=URL, not {pair!r}")
            urls[service.strip()] = url.strip()
        out["isbnlib_urls"] = urls
    return out
