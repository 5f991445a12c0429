"""The ``bibkit`` command. Thin: parse arguments, call the library, print.

Every :class:`bibkit.errors.BibkitError` becomes one line on stderr and exit code 1; input
that cannot be read as text is exit code 2. The last line on stderr summarises the run.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from bibkit import __version__
from bibkit.api import books_of
from bibkit.bulk import resolve_texts
from bibkit.cache import cache_info, clear_cache
from bibkit.catalog import BuildFilter, BuildProgress, build_catalog, catalog_info, database_for
from bibkit.config import Config, default_catalog_path
from bibkit.errors import BibkitError, ConfigError, InputError, SourceUnavailable, ZoteroError
from bibkit.formats import FORMATS, dumps, format_for_path, format_name, load_books, write_file
from bibkit.formats.bibtex import Dialect
from bibkit.formats.keys import DEFAULT_PATTERN, KeyPattern
from bibkit.formats.merge import merge_file, unique_books
from bibkit.mentions import extract, extraction_build
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.session import ProgressCallback, Session
from bibkit.sources.base import EditionOrder

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1
EXIT_BAD_INPUT = 2

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(source: str) -> str:
    """The text of a file (or ``-`` for stdin), refusing binary or undecodable input.

    UTF-8 is expected. A byte-order mark is honoured (Notepad's "Unicode" is UTF-16), and a
    file that is not UTF-8 is read as Windows-1252, the legacy encoding such reading lists are
    most often saved in, with a one-line note (guessing among legacy encodings from a few
    hundred bytes is unreliable: better one predictable rule the note names).

    Raises:
        InputError: missing, unreadable, binary or of no recognisable text encoding.
    """
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{source}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{source}: is a directory, not a text file") from err
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror or err})") from err
    name = "standard input" if source == "-" else source
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: not valid {encoding.upper()} text") from err
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text (byte {err.start} is invalid)") from err
        err_console.print(
            f"bibkit: note: {name} is not UTF-8; read it as Windows-1252 "
            "(convert it to UTF-8 if that is wrong)",
            markup=False,
        )
        return text


def handle_errors(func: F) -> F:
    """Turn bibkit errors into one line and an exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as err:
            err_console.print(f"bibkit: error: {err}", markup=False)
            sys.exit(EXIT_BAD_INPUT)
        except BibkitError as err:
            err_console.print(f"bibkit: error: {err}", markup=False)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            err_console.print("bibkit: interrupted", markup=False)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def summary_line(resolutions: Sequence[Resolution]) -> str:
    """ "11 mentions: 9 resolved, 1 ambiguous, 1 not found" (zero counts left out)."""
    counts = Counter(r.status for r in resolutions)
    parts = [f"{counts[s]} {s.value.replace('_', ' ')}" for s in Status if counts[s]]
    noun = "mention" if len(resolutions) == 1 else "mentions"
    return f"{len(resolutions)} {noun}" + (": " + ", ".join(parts) if parts else "")


def _run_config(ctx: click.Context, *, catalog: str | None = None, offline: bool = False) -> Config:
    """The configuration of a run: file and environment, then the command line's options."""
    options = ctx.find_root().params
    return Config.load(
        options.get("config"),
        openlibrary_url=options.get("openlibrary_url"),
        use_cache=False if options.get("no_cache") else None,
        catalog=catalog,
        offline=True if offline else None,
    )


def _session(ctx: click.Context) -> Session:
    return Session(_run_config(ctx))


def _print_json(records: Sequence[dict[str, Any]]) -> None:
    click.echo(json.dumps(records, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="bibkit",
    message=f"%(prog)s %(version)s ({extraction_build()} extraction)",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Config file (TOML). Default: $BIBKIT_CONFIG or the platform config dir.",
)
@click.option(
    "--openlibrary-url",
    metavar="URL",
    help="Open Library base URL (mirror or local server). Env: BIBKIT_OPENLIBRARY_URL.",
)
@click.option(
    "--no-cache", is_flag=True, help="Do not read or write the persistent caches. Env: BIBKIT_NO_CACHE=1."
)

@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line; errors only.")
def cli(**_: Any) -> None:
    """Find book mentions in text, resolve them to real editions, and write bibliographies.

    \b
    Examples:
      bibkit extract thread.txt            list the book mentions found
      bibkit resolve thread.txt            resolve each mention to an edition
      bibkit convert thread.txt -o refs.bib
      bibkit catalog build ol_dump_editions_latest.txt.gz ...   resolve with no network
      bibkit cache info                    where the caches are and what they hold
    """


@cli.command("extract")
@click.argument("source", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions as JSON records.")
@handle_errors
def extract_cmd(source: str, as_json: bool) -> None:
    """List the book mentions in FILE (or stdin with -). Offline."""
    mentions = extract(read_text(source))
    if as_json:
        _print_json([m.to_dict() for m in mentions])
    else:
        _mentions_table(mentions)
    err_console.print(f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''} found", markup=False)


def _mentions_table(mentions: Sequence[Mention]) -> None:
    table = Table(show_lines=False)
    for column in ("#", "author", "title", "year", "isbn", "conf."):
        table.add_column(column)
    for i, m in enumerate(mentions, 1):
        title = m.title + (f": {m.subtitle}" if m.subtitle else "")
        table.add_row(
            str(i), m.best_author or "", title, str(m.year or ""), m.isbn or "", f"{m.confidence:.2f}"
        )
    Console(soft_wrap=True).print(table)


def _quiet(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("quiet"))


def _summary(ctx: click.Context, resolutions: Sequence[Resolution]) -> None:
    if not _quiet(ctx):
        err_console.print(summary_line(resolutions), markup=False)


# A run shorter than this shows no progress bar: it would only flicker.
PROGRESS_DELAY_S = 0.5


@contextmanager
def progress_bar(*, enabled: bool, console: Console | None = None) -> Iterator[ProgressCallback]:
    """A ``progress(done, total)`` callback drawing a rich progress bar on stderr.

    The bar appears only once a run has lasted :data:`PROGRESS_DELAY_S`, and never when
    ``enabled`` is false or stderr is not a terminal (pipes, CI logs, ``--quiet``).
    """
    console = console or err_console
    if not enabled or not console.is_terminal:
        yield lambda done, total: None
        return
    started = time.monotonic()
    bar = Progress(
        TextColumn("resolving"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("resolve", total=None)
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        if not shown and done < total and time.monotonic() - started >= PROGRESS_DELAY_S:
            bar.start()
            shown = True
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            bar.stop()


def resolve_options(func: F) -> F:
    """The options that steer resolution, shared by every command that resolves text."""
    decorators = [
        click.option(
            "--min-confidence", type=click.FloatRange(0, 1), help="Treat weaker matches as not found."
        ),
        click.option(
            "--edition",
            type=click.Choice(["latest", "earliest", "any"]),
            default="latest",
            show_default=True,
            help="Which edition of each work; an ISBN in the text always wins.",
        ),
        click.option(
            "--language",
            default="en",
            show_default=True,
            metavar="CODE",
            help="Preferred edition language (ISO 639-1; empty for none).",
        ),
        click.option("--publisher", metavar="NAME", help="Preferred publisher of the edition."),
        click.option(
            "--source",
            "sources",
            multiple=True,
            metavar="NAME",
            help="Source to consult, in order (repeatable; default: the configuration's).",
        ),
        click.option("--review", is_flag=True, help="Pick among the candidates of each ambiguous mention."),
        click.option(
            "--catalog",
            type=click.Path(dir_okay=False),
            help="Local catalogue to consult first: one 'bibkit catalog build' made, or a small dump "
            "file. Default: the built one, if any. Env: BIBKIT_CATALOG.",
        ),
        click.option(
            "--offline",
            is_flag=True,
            help="Resolve with no network: the local catalogue only; what it cannot settle stays "
            "unresolved. Env: BIBKIT_OFFLINE=1.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def jobs_option(func: F) -> F:
    """``--jobs N``: worker processes for many input files."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Worker processes for many files (each gets a share of the services' rate limits).",
    )(func)


def _resolve(
    ctx: click.Context,
    files: str | Sequence[str],
    *,
    min_confidence: float | None,
    edition: EditionOrder,
    language: str,
    publisher: str | None,
    sources: Sequence[str],
    review: bool,
    catalog: str | None,
    offline: bool,
    jobs: int = 1,
) -> list[Resolution]:
    paths = [files] if isinstance(files, str) else list(files)
    texts = [read_text(path) for path in paths]
    config = _run_config(ctx, catalog=catalog, offline=offline)
    with progress_bar(enabled=not _quiet(ctx)) as progress:
        per_text = resolve_texts(
            texts,
            config=config,
            jobs=jobs,
            sources=list(sources) or None,
            min_confidence=min_confidence,
            edition=edition,
            language=language or None,
            publisher=publisher,
            progress=progress,
        )
    resolutions = [r for found in per_text for r in found]
    if resolutions and all(r.status is Status.ERROR for r in resolutions):
        # Nothing got through (typically no network): one line, not a table of identical errors.
        raise SourceUnavailable(resolutions[0].reason)
    if config.offline and not _quiet(ctx):
        _offline_note(resolutions)
    if review:
        resolutions = [_review(r) if r.status is Status.AMBIGUOUS else r for r in resolutions]
    return resolutions


def _offline_note(resolutions: Sequence[Resolution]) -> None:
    """Offline, say which mentions the local catalogue left unresolved: no service was asked."""
    left = [r for r in resolutions if r.status is not Status.RESOLVED]
    if not left:
        return
    shown = ", ".join(repr(r.mention.text) for r in left[:5]) + (", ..." if len(left) > 5 else "")
    noun = "mention stays" if len(left) == 1 else "mentions stay"
    err_console.print(
        f"bibkit: offline: {len(left)} {noun} unresolved, as the local catalogue cannot settle "
        f"them and no service was asked: {shown}",
        markup=False,
    )


@cli.command("resolve")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option("--json", "as_json", is_flag=True, help="Print the resolutions as JSON records.")
@resolve_options
@jobs_option
@click.pass_context
@handle_errors
def resolve_cmd(ctx: click.Context, /, files: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Resolve each book mention in the FILEs to an edition, via the configured sources."""
    resolutions = _resolve(ctx, files, **options)
    if as_json:
        _print_json([r.to_dict() for r in resolutions])
    else:
        _resolutions_table(resolutions)
    _summary(ctx, resolutions)


def _review(resolution: Resolution) -> Resolution:
    """Ask which candidate the mention means; 0 leaves it ambiguous."""
    err_console.print(f"\n{resolution.mention.text!r} could be:", markup=False)
    for i, book in enumerate(resolution.candidates, 1):
        people = ", ".join(book.authors) or "unknown author"
        year = book.original_year or book.year or ""
        err_console.print(f"  {i}. {book.full_title} / {people} {year} {book.isbn13 or ''}", markup=False)
    choice = click.prompt(
        "which one (0 = none)",
        type=click.IntRange(0, len(resolution.candidates)),
        default=0,
        err=True,
    )
    if choice == 0:
        return resolution
    book = resolution.candidates[choice - 1]
    return dataclasses.replace(
        resolution,
        book=book,
        status=Status.RESOLVED,
        reason=f"chosen in review: {book.full_title}",
        evidence=(*resolution.evidence, f"picked by a person among {len(resolution.candidates)} candidates"),
    )


def _resolutions_table(resolutions: Sequence[Resolution]) -> None:
    table = Table()
    for column in ("mention", "book", "edition", "conf.", "status", "source"):
        table.add_column(column)
    for r in resolutions:
        book = r.book
        edition = ", ".join(str(x) for x in (book.publisher, book.year, book.isbn13) if x) if book else ""
        title = f"{book.full_title} / {', '.join(book.authors)}" if book else r.reason
        source = (book.source_of("title") or "") if book else ""
        table.add_row(r.mention.text, title, edition, f"{r.confidence:.2f}", r.status.value, source)
    Console(soft_wrap=True).print(table)


@cli.command("convert")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where to write the bibliography (- for stdout).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format. Default: from the output's suffix (.bib, .json, .ris), else bibtex.",
)
@click.option(
    "-a",
    "--merge",
    "--append",
    "merge",
    is_flag=True,
    help="Add only the books OUTPUT lacks; keep every existing entry as it is (backup: OUTPUT.bak).",
)
@click.option(
    "--ascii/--unicode",
    "ascii",
    default=None,
    help="For .bib: LaTeX accents (classic BibTeX) or UTF-8 (biber). Default: bibtex ASCII, biblatex UTF-8.",
)
@click.option(
    "--key-pattern",
    default=DEFAULT_PATTERN,
    show_default=True,
    help="Citation key pattern (Better BibTeX style).",
)
@resolve_options
@jobs_option
@click.pass_context
@handle_errors
def convert_cmd(
    ctx: click.Context,
    /,
    files: tuple[str, ...],
    output: str,
    fmt: str | None,
    merge: bool,
    ascii: bool | None,
    key_pattern: str,
    **options: Any,
) -> None:
    """Extract, resolve and write the books of the FILEs as BibTeX, BibLaTeX, CSL-JSON or RIS.

    Several files make one bibliography, each book once.

    \b
    Examples:
      bibkit convert thread.txt -o refs.bib
      bibkit convert threads/*.txt -o refs.bib --jobs 4
      bibkit convert thread.txt -o refs.bib --merge     add to an existing file
      bibkit convert thread.txt -f csljson -o refs.json
    """
    name = format_name(fmt) if fmt else format_for_path(output) if output != "-" else "bibtex"
    if merge and (output == "-" or name not in ("bibtex", "biblatex")):
        raise ConfigError("--merge needs -o FILE.bib and the bibtex or biblatex format")
    KeyPattern(key_pattern)  # a bad pattern fails before any network work
    resolutions = _resolve(ctx, files, **options)
    books = unique_books(books_of(resolutions))
    if merge:
        dialect: Dialect = "biblatex" if name == "biblatex" else "bibtex"
        result = merge_file(output, books, dialect=dialect, ascii=ascii, key_pattern=key_pattern)
        added = ", ".join(key for key, _ in result.added) or "nothing"
        err_console.print(f"{output}: added {added}", markup=False)
        if result.skipped:
            present = ", ".join(sorted({key for _, key in result.skipped}))
            err_console.print(f"{output}: already present: {present}", markup=False)
    else:
        text = dumps(books, format=name, ascii=ascii, key_pattern=key_pattern)
        if output == "-":
            click.echo(text, nl=False)
        else:
            write_file(output, text)
    _summary(ctx, resolutions)


_STATUS_LABELS = {
    "created": "created",
    "present": "already present",
    "failed": "failed",
    "unresolved": "unresolved",
    "would_create": "would be created",
}


def _load_structured(source: str) -> list[Book]:
    """Books from a .bib or CSL-JSON file, through the formats readers."""
    return load_books(source)


@cli.command("push")
@click.argument("source", metavar="FILE|-")
@click.option(
    "--collection",
    metavar="A/B",
    help="Put the books in this collection (nested with /); created if missing.",
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag every created book (repeatable).")
@click.option("--note", is_flag=True, help="Add a child note with the mention text and where it came from.")
@click.option("--dry-run", is_flag=True, help="Show what would be created or skipped; write nothing.")
@click.option(
    "--add-existing/--no-add-existing",
    default=True,
    show_default=True,
    help="Also put books already in the library into --collection.",
)
@click.option("--library-id", metavar="ID", help="Numeric Zotero userID or group id. Env: ZOTERO_LIBRARY_ID.")
@click.option(
    "--library-type",
    type=click.Choice(["user", "group"]),
    help="Kind of library (default user). Env: ZOTERO_LIBRARY_TYPE.",
)
@click.option(
    "--api-key",
    metavar="KEY",
    help="Zotero API key with write access. Prefer the env var ZOTERO_API_KEY (not kept in shell history).",
)
@resolve_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON record per input record.")
@click.pass_context
@handle_errors
def push_cmd(
    ctx: click.Context,
    /,
    source: str,
    collection: str | None,
    tags: tuple[str, ...],
    note: bool,
    dry_run: bool,
    add_existing: bool,
    library_id: str | None,
    library_type: str | None,
    api_key: str | None,
    as_json: bool,
    **options: Any,
) -> None:
    """Put the books of FILE into a Zotero library, each exactly once.

    FILE is a text with book mentions (extracted and resolved first), a .bib file, or
    CSL-JSON. Books already in the library (same ISBN in any form, or same title and first
    author) are skipped. Safe to run again: an interrupted push finishes without duplicates.

    \b
    Examples:
      bibkit push thread.txt --collection "Russian Revolution" --tag thread
      bibkit push refs.bib --collection "Thesis/Chapter 2" --dry-run
    """
    suffix = Path(source).suffix.lower() if source != "-" else ""
    items: list[Any] = (
        _load_structured(source) if suffix in {".bib", ".json"} else _resolve(ctx, source, **options)
    )
    with _session(ctx) as session:
        report = session.push_to_zotero(
            items,
            collection=collection,
            tags=tags,
            note=note,
            origin="standard input" if source == "-" else Path(source).name,
            dry_run=dry_run,
            add_existing_to_collection=add_existing,
            library_id=library_id,
            library_type=library_type,
            api_key=api_key,
        )
    if as_json:
        _print_json(
            [
                {
                    "status": o.status.value,
                    "key": o.key,
                    "title": o.book.full_title if o.book else None,
                    "mention": o.mention.text if o.mention else None,
                    "reason": o.reason,
                    "added_to_collection": o.added_to_collection,
                }
                for o in report.outcomes
            ]
        )
    else:
        table = Table()
        for column in ("#", "status", "key", "book", "details"):
            table.add_column(column)
        for i, o in enumerate(report.outcomes, 1):
            title = o.book.full_title if o.book else (o.mention.text if o.mention else "")
            table.add_row(str(i), _STATUS_LABELS[o.status.value], o.key or "", title, o.reason)
        Console(soft_wrap=True).print(table)
    counts = Counter(o.status.value for o in report.outcomes)
    parts = [f"{counts[k]} {label}" for k, label in _STATUS_LABELS.items() if counts[k]]
    noun = "record" if len(report.outcomes) == 1 else "records"
    line = f"{len(report.outcomes)} {noun}" + (": " + ", ".join(parts) if parts else "")
    if report.created_collections:
        verb = "would create" if dry_run else "created"
        line += f"; {verb} collection {'/'.join(report.created_collections)}"
    if dry_run:
        line += " (dry run: nothing written)"
    err_console.print(line, markup=False)
    if report.interrupted:
        raise ZoteroError(f"push stopped early: {report.interrupted}")
    if report.failed:
        sys.exit(EXIT_ERROR)


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the caches (HTTP responses and resolved mentions)."""


def _config(ctx: click.Context) -> Config:
    return Config.load(ctx.find_root().params.get("config"))


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024**2:
        return f"{n / 1024:.1f} KB"
    if n < 1024**3:
        return f"{n / 1024**2:.1f} MB"
    return f"{n / 1024**3:.1f} GB"


@cache_group.command("info")
@click.pass_context
@handle_errors
def cache_info_cmd(ctx: click.Context) -> None:
    """Where the caches are and how much they hold. Env: BIBKIT_CACHE_DIR."""
    info = cache_info(_config(ctx))
    click.echo(f"directory:      {info.directory}")
    click.echo(f"HTTP responses: {info.http_responses}")
    click.echo(f"resolutions:    {info.resolutions}")
    click.echo(f"size on disk:   {_size(info.size_bytes)}")


@cache_group.command("clear")
@click.pass_context
@handle_errors
def cache_clear_cmd(ctx: click.Context) -> None:
    """Delete both caches. The next run asks the services again."""
    info = clear_cache(_config(ctx))
    if not _quiet(ctx):
        err_console.print(
            f"cleared {info.http_responses} HTTP responses and {info.resolutions} resolutions"
            f" from {info.directory}",
            markup=False,
        )


@cli.group("catalog")
def catalog_group() -> None:
    """Build or inspect the local catalogue (Open Library's dumps, for resolution with no network).

    \b
    Examples:
      bibkit catalog build ol_dump_authors_latest.txt.gz ol_dump_works_latest.txt.gz \\
                           ol_dump_editions_latest.txt.gz
      bibkit catalog build ol_dump_latest.txt.gz --languages en,fr --with-isbn-only
      bibkit catalog info
    """


def _catalog_path(ctx: click.Context, db: str | None) -> Path:
    return Path(db) if db else (_run_config(ctx).catalog or default_catalog_path())


@contextmanager
def _build_progress(*, enabled: bool) -> Iterator[Callable[[BuildProgress], None]]:
    """A progress bar for a build: bytes of the dumps read, and dump records per second."""
    if not enabled or not err_console.is_terminal:
        yield lambda status: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("loading", total=None, rate="")
    started = time.monotonic()
    first_lines: int | None = None

    def update(status: BuildProgress) -> None:
        nonlocal first_lines
        if first_lines is None:
            first_lines = status.lines  # a resumed build: count this run's lines only
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = f"{(status.lines - first_lines) / elapsed:,.0f} records/s"
        if status.phase == "load":
            bar.update(task, completed=status.bytes_read, total=status.bytes_total or None, rate=rate)
        elif status.phase == "index":
            bar.update(
                task,
                description="indexing",
                completed=status.works_indexed,
                total=status.works_total or None,
                rate=f"{status.works_indexed:,} works",
            )

    with bar:
        yield update


@catalog_group.command("build")
@click.argument("dumps", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="DUMP...")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="Where to write the catalogue. Default: --catalog, else the user data directory.",
)
@click.option(
    "--languages",
    metavar="CODES",
    help="Keep only editions in these languages, e.g. en,fr (editions of unknown language are kept).",
)
@click.option("--with-isbn-only", is_flag=True, help="Keep only editions that have an ISBN.")
@click.pass_context
@handle_errors
def catalog_build_cmd(
    ctx: click.Context, dumps: tuple[str, ...], db: str | None, languages: str | None, with_isbn_only: bool
) -> None:
    """Build the local catalogue from Open Library dump files (gzip or plain, any order).

    Download them from https://openlibrary.org/developers/dumps: the editions, works and
    authors dumps, or the one dump of all types. A build interrupted (Ctrl-C, a kill, a
    crash) carries on where it stopped when run again with the same files; the catalogue in
    use is replaced only when the new one is complete.
    """
    target = _catalog_path(ctx, db)
    filters = BuildFilter.of(languages=[languages] if languages else [], with_isbn_only=with_isbn_only)
    with _build_progress(enabled=not _quiet(ctx)) as progress:
        report = build_catalog([Path(d) for d in dumps], target, filters=filters, progress=progress)
    if not _quiet(ctx):
        carried = f" (carried on after {report.resumed_lines:,} lines)" if report.resumed_lines else ""
        err_console.print(
            f"{target}: {report.editions:,} editions, {report.works:,} works, {report.authors:,} authors "
            f"from {report.lines:,} dump lines in {report.seconds:.1f} s{carried}",
            markup=False,
        )


@catalog_group.command("info")
@click.option("--db", type=click.Path(dir_okay=False), help="The catalogue (default: as for resolution).")
@click.pass_context
@handle_errors
def catalog_info_cmd(ctx: click.Context, db: str | None) -> None:
    """What the local catalogue holds, and how old its data is."""
    info = catalog_info(database_for(_catalog_path(ctx, db), cache_dir=_run_config(ctx).cache_dir))
    filters = ", ".join(
        [f"languages {','.join(info.languages)}"] * bool(info.languages)
        + ["editions with an ISBN only"] * info.with_isbn_only
    )
    click.echo(f"catalogue:    {info.path}")
    click.echo(f"size on disk: {_size(info.size_bytes)}")
    click.echo(f"data as of:   {info.data_as_of[:10] or 'unknown'} (newest record in the dumps)")
    click.echo(f"built:        {info.built_at}")
    click.echo(f"editions:     {info.editions:,}")
    click.echo(f"works:        {info.works:,}")
    click.echo(f"authors:      {info.authors:,}")
    click.echo(f"ISBNs:        {info.isbns:,}")
    click.echo(f"built from:   {', '.join(info.inputs)}")
    click.echo(f"filters:      {filters or 'none'}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``bibkit`` console script and ``python -m bibkit``."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="bibkit")
