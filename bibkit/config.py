"""Configuration: one frozen record, filled from defaults, a TOML file, the environment and
explicit arguments (later ones win).

Every service base URL is configurable so that users with mirrors, and our tests with local
servers, can point bibkit elsewhere without patching code.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from bibkit._version import __version__
from bibkit.errors import ConfigError

__all__ = [
    "DEFAULT_ISBNLIB_SERVICES",
    "DEFAULT_SOURCES",
    "SOURCE_SETTINGS",
    "Config",
    "default_catalog_path",
    "default_config_path",
]

DEFAULT_SOURCES: tuple[str, ...] = ("openlibrary", "googlebooks")
DEFAULT_CONTACT = "https://pypi.org/project/bibkit/"

# Requests per second per host, from each service's published policy: Open Library allows an
# identified client 3/s (180/min); Google Books publishes no per-second figure, and 5/s keeps
# an unkeyed client clear of the shared quota's bursts.
DEFAULT_RATE_LIMITS: Mapping[str, float] = {
    "openlibrary.org": 3.0,
    "www.googleapis.com": 5.0,
    # Wikipedia's Citoid (isbnlib's "wiki") looks each ISBN up in other catalogues itself;
    # Wikimedia asks API clients to go gently and one request at a time.
    "en.wikipedia.org": 2.0,
}

# Requests in flight at once per host. Open Library shares its API servers with the website,
# so a few connections are plenty at 3 requests/s; hosts not listed get ``max_workers``.
DEFAULT_HOST_CONCURRENCY: Mapping[str, int] = {
    "openlibrary.org": 4,
    "www.googleapis.com": 4,
    "en.wikipedia.org": 1,
}

# isbnlib services the "isbnlib" source asks by default: Wikipedia's Citoid, then every
# installed isbnlib plugin ("plugins"). Not "goob"/"openl": those duplicate our own sources.
DEFAULT_ISBNLIB_SERVICES: tuple[str, ...] = ("wiki", "plugins")


#: The settings block of each built-in source (``[sources.openlibrary]`` in a config file):
#: its keys, and the flat setting each is also known by. The flat names (``openlibrary_url``),
#: their environment variables and command-line options stay as aliases; a block's values
#: are stored under them. Blocks of other (plugin) sources are kept as given, in
#: ``Config.source_options``. ``[sources] use = [...]`` is the ``sources`` list.
SOURCE_SETTINGS: Mapping[str, Mapping[str, str]] = {
    "openlibrary": {"url": "openlibrary_url"},
    "googlebooks": {"url": "google_books_url", "api_key": "google_books_api_key"},
    "isbnlib": {"services": "isbnlib_services", "urls": "isbnlib_urls"},
    "local": {"catalog": "catalog"},
}
#: In a ``[sources]`` table: the sources to consult, in order (the flat ``sources`` list).
SOURCES_USE = "use"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir("bibkit")) / "config.toml"


def default_catalog_path() -> Path:
    """Where ``bibkit catalog build`` puts the local catalogue, and where resolution looks for it."""
    return Path(platformdirs.user_data_dir("bibkit")) / "catalog.sqlite"


#: The largest input read by default: 64 MiB of text is some 10,000 pages, far beyond any
#: reading list; a file that size is a mistake (or /dev/zero), and reading it whole would
#: cost gigabytes of memory in extraction.
DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024

def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("bibkit"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Everything a :class:`bibkit.Session` needs. All times are in seconds.

    Attributes:
        openlibrary_url: Base URL of Open Library (or a mirror).
        google_books_url: Base URL of the Google Books API v1.
        google_books_api_key: Optional key; never logged, never part of a cache key.
        sources: Source registry names, in the order they are consulted.
        cache_dir: Where the HTTP and resolution caches live.
        use_cache: False disables both persistent caches (``BIBKIT_NO_CACHE=1``).
        cache_expire_s: How long cached HTTP responses stay fresh.
        contact: URL or e-mail put in the User-Agent; Open Library answers 403 to clients that
            name themselves without a way to reach them.
        user_agent: Full User-Agent override; by default built from version and ``contact``.
        rate_limits: Requests per second per host name.
        max_workers: Mentions resolved concurrently.
        timeout_s: Per-request timeout: the whole request, connection to last byte, however
            slowly the service sends (not per socket read).
        deadline_s: A limit on the network work of a whole run (seconds, ``None``: none).
            Once it has passed every further request fails at once, so the mentions left
            end in ``error`` (not cached) and the run finishes with what it has.
        max_input_bytes: The largest input file (or standard input) read, in bytes; a
            larger one is refused in one line. 0: no limit.
        retries: Retries for transient failures (connection errors, timeouts, 429, 5xx,
            truncated bodies).
        backoff_s: Base of the exponential backoff between retries.
        sleep: False turns off every sleep (rate limits, backoff); for tests only.
        host_concurrency: Requests in flight at once per host name; other hosts get
            ``max_workers``.
        max_retry_after_s: The longest ``Retry-After`` bibkit waits out. A service asking for
            a longer pause gets none of our requests until then: calls to it fail at once
            with :class:`bibkit.errors.RateLimited`.
        zotero_library_id: Numeric id of the Zotero library to push into (the userID, not the
            user name, or the group id).
        zotero_library_type: ``"user"`` or ``"group"``.
        zotero_api_key: Zotero API key with write access; never logged, printed or stored.
        zotero_url: Base URL of the Zotero Web API v3 (a mirror, or a local test server).
        zotero_timeout_s: Per-request timeout for Zotero; a 50-item write can take far longer
            to be acknowledged than a catalogue lookup, so it has its own, larger default.
        isbnlib_services: isbnlib metadata services the ``isbnlib`` source asks, in order:
            ``wiki``, ``openl``, ``goob`` or an installed plugin's name; ``plugins`` stands for
            every installed plugin not named otherwise.
        isbnlib_urls: Base URL per isbnlib service, for mirrors and local servers: a request
            to the service's own base (``wiki``: ``https://en.wikipedia.org/api/rest_v1``;
            a plugin: its scheme and host) goes to this base instead, path kept. ``openl``
            and ``goob`` default to ``openlibrary_url`` and ``google_books_url``.
        skip_fields: Fields written bibliographies leave out (``url``, ``note``, ``isbn``...;
            Better BibTeX's "skip fields"), unless ``--skip-fields`` says otherwise.
        catalog: A local catalogue (built by ``bibkit catalog build``, or a small dump file)
            to consult before every other source. ``None``: the one at
            :func:`default_catalog_path`, if it has been built.
        offline: Never use the network: only the local catalogue is consulted, and what it
            cannot settle stays unresolved.
        model: A mention-finding model made by ``bibkit train``, used wherever text is read
            for mentions; ``None``: bibkit's own.
        decisions: The file where review decisions are kept (:mod:`bibkit.review`); ``None``:
            ``decisions.json`` in the user data directory.
        language: Preferred edition language (ISO 639-1), ``None`` for none (``--language``).
        edition: Which edition of each work: ``latest``, ``earliest`` or ``any`` (``--edition``).
        publisher: Preferred publisher of the edition (``--publisher``).
        min_confidence: Weaker matches are treated as not found (``--min-confidence``).
        key_pattern: Citation key pattern; ``None``: Better BibTeX's default (``--key-pattern``).
        format: Output format of ``convert`` when neither ``-f`` nor the output's suffix says.
        zotero_collection: The collection ``push`` puts books in when ``--collection`` is not given.
        zotero_tags: Tags ``push`` puts on every created book when no ``--tag`` is given.
        negative_cache_expire_s: How long a "not found" stays cached, much shorter than a
            found book: catalogues add records, and a miss is cheap to ask again.
        source_options: The settings blocks of sources that are not built in
            (``[sources.NAME]`` of a plugin), handed to each as given.
    """

    openlibrary_url: str = "https://openlibrary.org"
    google_books_url: str = "https://www.googleapis.com/books/v1"
    google_books_api_key: str | None = field(default=None, repr=False)
    sources: tuple[str, ...] = DEFAULT_SOURCES
    cache_dir: Path = field(default_factory=_default_cache_dir)
    use_cache: bool = True
    cache_expire_s: float = 30 * 24 * 3600
    contact: str = DEFAULT_CONTACT
    user_agent: str | None = None
    rate_limits: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    max_workers: int = 8
    timeout_s: float = 20.0
    deadline_s: float | None = None
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    retries: int = 3
    backoff_s: float = 0.5
    sleep: bool = True
    host_concurrency: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_HOST_CONCURRENCY))
    max_retry_after_s: float = 120.0
    zotero_library_id: str | None = None
    zotero_library_type: str = "user"
    zotero_api_key: str | None = field(default=None, repr=False)
    zotero_url: str = "https://api.zotero.org"
    zotero_timeout_s: float = 60.0
    isbnlib_services: tuple[str, ...] = DEFAULT_ISBNLIB_SERVICES
    isbnlib_urls: Mapping[str, str] = field(default_factory=dict)
    skip_fields: tuple[str, ...] = ()
    catalog: Path | None = None
    offline: bool = False
    model: Path | None = None
    decisions: Path | None = None
    language: str | None = "en"
    edition: str = "latest"
    publisher: str | None = None
    min_confidence: float | None = None
    key_pattern: str | None = None
    format: str | None = None
    zotero_collection: str | None = None
    zotero_tags: tuple[str, ...] = ()
    negative_cache_expire_s: float = 24 * 3600
    source_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def effective_user_agent(self) -> str:
        return self.user_agent or f"bibkit/{__version__} ({self.contact})"

    def source_settings(self, name: str) -> Mapping[str, Any]:
        """The settings block handed to source ``name`` when it is made (and nothing else of
        the configuration): its keys of :data:`SOURCE_SETTINGS`, or a plugin's own block.

        isbnlib's ``openl`` and ``goob`` services are Open Library and Google Books: their
        base URLs default to those sources' (``urls``), and ``goob`` uses Google's key
        (``google_books_api_key``). The local catalogue also gets the ``cache_dir`` where a
        dump is built into a database.
        """
        keys = SOURCE_SETTINGS.get(name)
        if keys is None:
            return dict(self.source_options.get(name) or {})
        block: dict[str, Any] = {key: getattr(self, flat) for key, flat in keys.items()}
        if name == "isbnlib":
            defaults = {"openl": self.openlibrary_url, "goob": self.google_books_url}
            block["urls"] = {**defaults, **self.isbnlib_urls}
            block["google_books_api_key"] = self.google_books_api_key
        elif name == "local":
            block["cache_dir"] = self.cache_dir
        return block

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **_coerce(changes))

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        project: str | os.PathLike[str] | None = None,
        **overrides: Any,
    ) -> Config:
        """Build a Config from defaults, then the config file, then a project's
        ``bibkit.toml`` (``project``), then the environment, then ``overrides`` (``None``
        values in ``overrides`` are ignored). :func:`bibkit.settings.load_settings` also says
        where each value came from.

        Args:
            path: A TOML file; default ``$BIBKIT_CONFIG`` or the platform config dir. A missing
                default file is fine; a missing explicit one is a :class:`ConfigError`.
            env: The environment to read (default ``os.environ``).
            project: A project settings file (:func:`bibkit.settings.find_project_file`).

        Raises:
            ConfigError: unreadable file, unknown key, or a value of the wrong type.
        """
        from bibkit.settings import load_settings

        config: Config = load_settings(path, env=env, project=project, **overrides).config
        return config


_ENV = {
    "BIBKIT_OPENLIBRARY_URL": "openlibrary_url",
    "BIBKIT_GOOGLE_BOOKS_URL": "google_books_url",
    "GOOGLE_BOOKS_API_KEY": "google_books_api_key",
    "BIBKIT_CACHE_DIR": "cache_dir",
    "BIBKIT_CONTACT": "contact",
    "BIBKIT_USER_AGENT": "user_agent",
    "BIBKIT_SOURCES": "sources",
    "BIBKIT_CACHE_EXPIRE_S": "cache_expire_s",
    "BIBKIT_MAX_WORKERS": "max_workers",
    "BIBKIT_TIMEOUT_S": "timeout_s",
    "BIBKIT_DEADLINE_S": "deadline_s",
    "BIBKIT_MAX_INPUT_BYTES": "max_input_bytes",
    "BIBKIT_RETRIES": "retries",
    "ZOTERO_LIBRARY_ID": "zotero_library_id",
    "ZOTERO_LIBRARY_TYPE": "zotero_library_type",
    "ZOTERO_API_KEY": "zotero_api_key",
    "BIBKIT_ZOTERO_URL": "zotero_url",
    "BIBKIT_ISBNLIB_SERVICES": "isbnlib_services",
    "BIBKIT_ISBNLIB_URLS": "isbnlib_urls",
    "BIBKIT_SKIP_FIELDS": "skip_fields",
    "BIBKIT_CATALOG": "catalog",
    "BIBKIT_MODEL": "model",
    "BIBKIT_DECISIONS": "decisions",
    "BIBKIT_LANGUAGE": "language",
    "BIBKIT_EDITION": "edition",
    "BIBKIT_MIN_CONFIDENCE": "min_confidence",
    "BIBKIT_KEY_PATTERN": "key_pattern",
    "BIBKIT_FORMAT": "format",
    "BIBKIT_ZOTERO_COLLECTION": "zotero_collection",
    "BIBKIT_ZOTERO_TAGS": "zotero_tags",
    "BIBKIT_NEGATIVE_CACHE_EXPIRE_S": "negative_cache_expire_s",
}

# Values never echoed back in error messages.
_SECRET_KEYS = frozenset({"google_books_api_key", "zotero_api_key"})


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: env[var] for var, name in _ENV.items() if env.get(var)}
    if env.get("BIBKIT_NO_CACHE", "").strip().lower() in {"1", "true", "yes", "on"}:
        values["use_cache"] = False
    if env.get("BIBKIT_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        values["offline"] = True
    return values


def flatten_source_blocks(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` (a config file's) with a ``[sources]`` table spelled as flat settings: each
    built-in source's block under the flat names of :data:`SOURCE_SETTINGS`, ``use`` as the
    ``sources`` list, and other sources' blocks in ``source_options``.

    Raises:
        ConfigError: a block that is not a table, an unknown key in a built-in block, or a
            setting given both in its block and by its flat name.
    """
    table = values.get("sources")
    if not isinstance(table, Mapping):
        return dict(values)
    out = {k: v for k, v in values.items() if k != "sources"}
    options: dict[str, Any] = dict(out.pop("source_options", None) or {})
    for name, block in table.items():
        if name == SOURCES_USE:
            out["sources"] = block
            continue
        if not isinstance(block, Mapping):
            raise ConfigError(f"sources.{name} must be a table of settings ([sources.{name}])")
        keys = SOURCE_SETTINGS.get(name)
        if keys is None:
            options[name] = dict(block)
            continue
        for key, value in block.items():
            flat = keys.get(key)
            if flat is None:
                raise ConfigError(
                    f"unknown setting sources.{name}.{key}; known: {', '.join(sorted(keys))}"
                )
            if flat in values:
                raise ConfigError(f"sources.{name}.{key} and {flat} are the same setting: give one")
            out[flat] = value
    if options:
        out["source_options"] = options
    return out


def _coerce(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check names and types of raw values (from TOML, env or keywords) and convert them."""
    known = {f.name: f for f in dataclasses.fields(Config)}
    out: dict[str, Any] = {}
    for name, value in flatten_source_blocks(values).items():
        if name not in known:
            raise ConfigError(f"unknown configuration key {name!r}; known keys: {', '.join(sorted(known))}")
        try:
            out[name] = _convert(name, value)
        except (TypeError, ValueError) as err:
            shown = "***" if name in _SECRET_KEYS else repr(value)
            raise ConfigError(f"bad value for {name}: {shown} ({err})") from err
    return out


def _url(value: Any) -> str:
    text = str(value).strip().rstrip("/")
    if not text.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// URL")
    return text


def _convert(name: str, value: Any) -> Any:
    if name == "cache_dir":
        return Path(value).expanduser()
    if name in ("catalog", "model", "decisions"):
        return None if value is None or str(value) == "" else Path(value).expanduser()
    if name == "sources":
        items = value.split(",") if isinstance(value, str) else list(value)
        names = tuple(s.strip() for s in items if str(s).strip())
        if not names:
            raise ValueError("at least one source is needed")
        return names
    if name in {"openlibrary_url", "google_books_url", "zotero_url"}:
        return _url(value)
    if name == "skip_fields":
        from bibkit.formats.prepare import skip_fields  # the one list of fields that can go

        items = value.split(",") if isinstance(value, str) else list(value)
        try:
            return tuple(sorted(skip_fields(str(s) for s in items)))
        except ConfigError as err:
            raise ValueError(str(err)) from err
    if name == "isbnlib_services":
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(s.strip().lower() for s in items if str(s).strip())
    if name == "isbnlib_urls":
        if isinstance(value, str):
            # From the environment: "wiki=http://127.0.0.1:8080/api/rest_v1,loc=https://mirror"
            value = dict(item.partition("=")[::2] for item in value.split(",") if item.strip())
        return {str(service).strip().lower(): _url(url) for service, url in dict(value).items()}
    if name == "source_options":
        blocks = dict(value)
        if not all(isinstance(block, Mapping) for block in blocks.values()):
            raise ValueError("each source's settings must be a table")
        return {str(source): dict(block) for source, block in blocks.items()}
    if name == "rate_limits":
        return {str(host): float(rate) for host, rate in dict(value).items()}
    if name == "host_concurrency":
        caps = {str(host): int(cap) for host, cap in dict(value).items()}
        if any(cap < 1 for cap in caps.values()):
            raise ValueError("each host needs at least 1")
        return caps
    if name == "zotero_library_id":
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError("expected the numeric library id (a userID or group id, not a user name)")
        return text
    if name == "zotero_library_type":
        text = str(value).strip().lower()
        if text not in {"user", "group"}:
            raise ValueError("expected 'user' or 'group'")
        return text
    if name == "zotero_api_key":
        return None if value is None else str(value).strip() or None
    if name == "language":
        text = str(value).strip().lower()
        return text or None
    if name == "edition":
        text = str(value).strip().lower()
        if text not in {"latest", "earliest", "any"}:
            raise ValueError("expected 'latest', 'earliest' or 'any'")
        return text
    if name in {"publisher", "zotero_collection"}:
        return str(value).strip() or None
    if name == "min_confidence":
        if value is None or str(value).strip() == "":
            return None
        number = float(value)
        if not 0 <= number <= 1:
            raise ValueError("expected a number from 0 to 1")
        return number
    if name == "key_pattern":
        from bibkit.formats.keys import KeyPattern

        try:
            return KeyPattern(str(value)).pattern
        except ConfigError as err:
            raise ValueError(str(err)) from err
    if name == "format":
        from bibkit.formats import find

        try:
            return find(str(value)).name
        except ConfigError as err:
            raise ValueError(str(err)) from err
    if name == "zotero_tags":
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(str(t).strip() for t in items if str(t).strip())
    if name in {
        "cache_expire_s", "timeout_s", "backoff_s", "zotero_timeout_s", "max_retry_after_s",
        "negative_cache_expire_s",
    }:  # fmt: skip
        number = float(value)
        if number < 0:
            raise ValueError("must not be negative")
        return number
    if name == "deadline_s":
        if value is None or str(value).strip() in ("", "0", "none"):
            return None
        seconds = float(value)
        if not seconds > 0:
            raise ValueError("must be a positive number of seconds")
        return seconds
    if name in {"max_workers", "retries", "max_input_bytes"}:
        number = int(value)
        if number < (1 if name == "max_workers" else 0):
            raise ValueError("too small")
        return number
    if name in {"use_cache", "sleep", "offline"}:
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return bool(value)
    return value
