"""``bibkit doctor``: is everything bibkit needs in place? One line per check.

Each check says ``ok``, ``warn`` (works, but something should be set: a contact for the
User-Agent, a Zotero key that can only read), ``fail`` (will not work: a service that does not
answer, a cache that cannot be written, a Zotero key refused) or ``skip`` (not configured, or
not needed offline). Every service is asked once, with no retry and no cache, so the answer
says how it is now; API keys travel as they always do (headers), never in the output.
"""

from __future__ import annotations

import enum
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bibkit.config import DEFAULT_CONTACT, Config
from bibkit.errors import BibkitError

__all__ = ["TEX_TOOLS", "Check", "CheckStatus", "run_checks"]

#: The TeX programs the toolchain check (tests/formats/test_toolchain.py) runs bibliographies through.
TEX_TOOLS = ("bibtex", "biber", "pdflatex")


class CheckStatus(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report: what was checked, how it went, and the detail a person needs."""

    name: str
    status: CheckStatus
    detail: str

    def line(self) -> str:
        return f"{self.status.value:<4} {self.name}: {self.detail}"


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    answer = call()
    return answer, (time.monotonic() - started) * 1000


def _service(name: str, url: str, config: Config, params: dict[str, Any], credentials: Any = None) -> Check:
    from bibkit.http import HttpClient

    client = HttpClient(config.replace(use_cache=False, retries=0, timeout_s=min(config.timeout_s, 10.0)))
    try:
        _, ms = _timed(lambda: client.get_json(url, params, source=name, credentials=credentials))
    except BibkitError as err:
        return Check(name, CheckStatus.FAIL, f"{url} does not answer: {err}")
    finally:
        client.close()
    return Check(name, CheckStatus.OK, f"{url} answered in {ms:.0f} ms")


def _sources(config: Config) -> Iterator[Check]:
    from bibkit.sources.googlebooks import google_credentials

    for source in config.sources:
        if config.offline and source != "local":
            yield Check(source, CheckStatus.SKIP, "offline: not asked")
        elif source == "openlibrary":
            yield _service(
                source,
                f"{config.openlibrary_url}/search.json",
                config,
                {"q": "the", "limit": 1, "fields": "key"},
            )
        elif source == "googlebooks":
            credentials = google_credentials(config.google_books_api_key)
            yield _service(
                source,
                f"{config.google_books_url}/volumes",
                config,
                {"q": "isbn:9780393301953", "maxResults": 1},
                credentials,
            )
        else:
            yield Check(source, CheckStatus.SKIP, "no reachability check for this source")


def _catalog(config: Config) -> Check:
    from bibkit.catalog import catalog_info, database_for
    from bibkit.config import default_catalog_path

    path = config.catalog or default_catalog_path()
    if not path.exists():
        detail = f"none at {path} (optional: 'bibkit catalog build' makes one)"
        return Check("catalogue", CheckStatus.FAIL if config.catalog else CheckStatus.SKIP, detail)
    try:
        info = catalog_info(database_for(path, cache_dir=config.cache_dir))
    except BibkitError as err:
        return Check("catalogue", CheckStatus.FAIL, f"{path}: {err}")
    return Check("catalogue", CheckStatus.OK, f"{path}: {info.editions:,} editions")


def _contact(config: Config) -> Check:
    agent = config.effective_user_agent
    if config.user_agent is None and config.contact == DEFAULT_CONTACT:
        return Check(
            "user agent",
            CheckStatus.WARN,
            f"{agent!r} gives no contact of yours; set BIBKIT_CONTACT to your e-mail or page "
            "(Open Library asks every client for one)",
        )
    return Check("user agent", CheckStatus.OK, repr(agent))


def _cache(config: Config) -> Check:
    from bibkit.cache import cache_info

    if not config.use_cache:
        return Check("cache", CheckStatus.SKIP, "turned off (--no-cache or BIBKIT_NO_CACHE)")
    directory = config.cache_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-"):
            pass
    except OSError as err:
        return Check("cache", CheckStatus.FAIL, f"{directory} cannot be written ({err.strerror or err})")
    info = cache_info(config)
    return Check(
        "cache",
        CheckStatus.OK,
        f"{directory}: {info.http_responses} responses, {info.resolutions} resolutions, writable",
    )


def _tex() -> Check:
    found = {tool: shutil.which(tool) for tool in TEX_TOOLS}
    missing = [tool for tool, where in found.items() if where is None]
    if missing:
        return Check(
            "TeX tools",
            CheckStatus.WARN,
            f"missing {', '.join(missing)} (only needed to check output with LaTeX: the toolchain test)",
        )
    return Check("TeX tools", CheckStatus.OK, ", ".join(found))


def _zotero(config: Config) -> Check:
    from bibkit.zotero.client import ZoteroClient

    if not config.zotero_library_id or not config.zotero_api_key:
        return Check("zotero", CheckStatus.SKIP, "not configured (ZOTERO_LIBRARY_ID and ZOTERO_API_KEY)")
    try:
        with ZoteroClient.from_config(config.replace(retries=0, zotero_timeout_s=10.0)) as client:
            answer, ms = _timed(client.key_access)
    except BibkitError as err:
        return Check("zotero", CheckStatus.FAIL, f"{config.zotero_url}: {err}")
    access = answer.get("access") or {}
    if config.zotero_library_type == "user":
        rights = access.get("user") or {}
        if str(answer.get("userID")) != config.zotero_library_id:
            return Check(
                "zotero",
                CheckStatus.FAIL,
                f"the key belongs to user {answer.get('userID')}, not library {config.zotero_library_id}",
            )
    else:
        groups = access.get("groups") or {}
        rights = groups.get(config.zotero_library_id) or groups.get("all") or {}
    where = f"{config.zotero_library_type} library {config.zotero_library_id}"
    if not rights.get("library"):
        return Check("zotero", CheckStatus.FAIL, f"the key cannot read the {where}")
    if not rights.get("write"):
        return Check(
            "zotero", CheckStatus.WARN, f"the key can read the {where} but not write (push needs it)"
        )
    return Check("zotero", CheckStatus.OK, f"the key can read and write the {where} ({ms:.0f} ms)")


def run_checks(config: Config, *, files: list[str]) -> Iterator[Check]:
    """Every check, in order, each as soon as it is done.

    Args:
        config: The effective configuration.
        files: The settings files read (user config, project file), for the first line.
    """
    yield Check("settings", CheckStatus.OK, ", ".join(files) if files else "defaults and environment only")
    yield _contact(config)
    yield from _sources(config)
    yield _catalog(config)
    yield _cache(config)
    yield _tex()
    yield _zotero(config)
