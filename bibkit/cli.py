"""The ``bibkit`` command. Thin: parse arguments, call the library, print.

Every :class:`bibkit.errors.BibkitError` becomes one line on stderr, never a traceback. The
exit statuses are those of :data:`EXIT_CODES`, the one list ``bibkit --help`` prints and the
README repeats; a run whose work is done but for which a service failed for some mentions or
entries ends through :func:`exit_if_service_failed`, the one rule of every command that asks
the services. The last line on stderr summarises the run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

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

import bibkit.request_log as request_log  # -v and redaction: the command's own logging
import bibkit.textfile as textfile  # how the command reads a FILE, or stdin from a terminal
from bibkit import Input, Output, Written, __version__
from bibkit.api import books_of, extract, load_model
from bibkit.cache import cache_info, clear_cache, clear_not_found
from bibkit.catalog import BuildFilter, BuildProgress, build_catalog, catalog_info, database_for
from bibkit.config import Config, default_catalog_path
from bibkit.errors import BibkitError, ConfigError, FormatError, InputError, OutputExists, ZoteroError
from bibkit.formats import FORMATS, is_special_file, write_file
from bibkit.formats.keys import DEFAULT_PATTERN
from bibkit.formats.registry import names as format_names
from bibkit.global_options import GlobalOptionsGroup
from bibkit.jsonstream import Lazy, batched, pieces
from bibkit.model import Finding, Mention, Resolution, Severity, Status
from bibkit.options import ResolveKwargs, ZoteroLibraryKwargs, part
from bibkit.report import Outcome, account, describe, is_report, report_chunks
from bibkit.review import settle
from bibkit.safetext import blank, clean, json_safe
from bibkit.session import ProgressCallback, Session
from bibkit.settings import find_project_file, load_settings, service_urls, url_options
from bibkit.sources.base import EditionOrder
from bibkit.terminal import SafeConsole, show_warnings
from bibkit.verify import OVERWRITABLE, CheckReport, Document, finding_records

if TYPE_CHECKING:
    from bibkit.zotero.export import ExportReport

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1
#: Input that cannot be read as text, or an output file that would be overwritten.
EXIT_BAD_INPUT = 2
#: ``convert`` or ``lookup`` resolved no mention at all (or found none), so it wrote nothing.
EXIT_NOTHING_RESOLVED = 3
#: The work is done and its output written, but a service failed for some mentions or entries.
EXIT_SOME_FAILED = 4
EXIT_INTERRUPTED = 130

#: Every exit status of every command, with what it means: the list ``bibkit --help`` prints.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "done"),
    (EXIT_ERROR, "an error (one line on stderr says which); check: the bibliography has an error; "
                 "push: the library refused some books"),
    (EXIT_BAD_INPUT, "an input that cannot be read as text (or as a bibliography), or an output "
                     "that exists without --merge or --force; nothing done"),
    (EXIT_NOTHING_RESOLVED, "convert, lookup: nothing resolved, so nothing written"),
    (EXIT_SOME_FAILED, "resolve, convert, push, check, lookup: done and written, but a service failed "
                       "for some mentions or entries (named on stderr); run again to retry them"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
)  # fmt: skip


class _Bibkit(GlobalOptionsGroup):
    """The ``bibkit`` group: its help ends with :data:`EXIT_CODES`, the one list of them."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Exit status (every command)"):
            formatter.write_dl([(str(code), meaning) for code, meaning in EXIT_CODES])


err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def read_text(source: str) -> str:
    """The text of a file (or ``-`` for stdin), as :func:`_decoded_text` reads it, with escape
    sequences, control characters and bidi overrides blanked out (:func:`bibkit.safetext.blank`:
    offsets unchanged), so that none reaches a table, a mention or an output."""
    return blank(_decoded_text(source))


def _decoded_text(source: str) -> str:
    """The text of a file (or ``-`` for stdin), refusing binary or undecodable input; the
    encodings read are those of :mod:`bibkit.textfile` (a legacy one with a one-line note).

    Raises:
        InputError: missing, unreadable, binary or of no recognisable text encoding.
    """
    if source == "-" and textfile.stdin_is_terminal():
        err_console.print("bibkit: reading the text from the terminal; end it with Ctrl-D", markup=False)
    return textfile.read_text(source, limit=_config(click.get_current_context()).max_input_bytes, note=_note)


def _note(message: str) -> None:
    """A one-line note on stderr (a file read as Windows-1252...)."""
    err_console.print(f"bibkit: note: {message}", markup=False)


def handle_errors(func: F) -> F:
    """Turn bibkit errors into one line and an exit code, never a traceback; shown even under -q."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InputError, OutputExists) as err:
            err_console.quiet = False
            err_console.print(f"bibkit: error: {clean(str(err))}", markup=False)
            sys.exit(EXIT_BAD_INPUT)
        except BibkitError as err:
            err_console.quiet = False
            err_console.print(f"bibkit: error: {clean(str(err))}", markup=False)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            err_console.quiet = False
            err_console.print("bibkit: interrupted", markup=False)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def exit_if_service_failed(failed: int, *, what: tuple[str, str] = ("mention", "mentions"),
                           left: str = "not resolved") -> None:
    """The one rule of every command that asks the services, applied once its work is done and
    its output written: if a service failed for ``failed`` mentions (or entries), say so in one
    line and exit with :data:`EXIT_SOME_FAILED`, so that a script knows to run it again."""
    if not failed:
        return
    noun = what[0] if failed == 1 else what[1]
    err_console.print(
        f"bibkit: {failed} {noun} {left} because a service failed; run again to retry "
        + ("it" if failed == 1 else "them"),
        markup=False,
    )
    sys.exit(EXIT_SOME_FAILED)


def summary_line(resolutions: Sequence[Resolution]) -> str:
    """ "11 mentions: 9 resolved, 1 ambiguous, 1 not found" (zero counts left out)."""
    counts = Counter(r.status for r in resolutions)
    parts = [f"{counts[s]} {s.value.replace('_', ' ')}" for s in Status if counts[s]]
    noun = "mention" if len(resolutions) == 1 else "mentions"
    return f"{len(resolutions)} {noun}" + (": " + ", ".join(parts) if parts else "")


def _run_config(ctx: click.Context, *, catalog: str | None = None, offline: bool = False) -> Config:
    """The configuration of a run: file and environment, then the command line's options."""
    options = ctx.find_root().params
    config = Config.load(
        options.get("config"),
        project=find_project_file(),
        **service_urls(options),
        use_cache=False if options.get("no_cache") else None,
        catalog=catalog,
        offline=True if offline else None,
    )
    request_log.add_secrets([config.zotero_api_key, config.google_books_api_key])
    return config


def _session(ctx: click.Context) -> Session:
    return Session(_run_config(ctx))


def _print_json(records: Iterable[dict[str, Any]]) -> None:
    """Print ``records`` as a JSON array, each made and written as it comes (one record in
    memory at a time), with what a terminal would act on escaped (:func:`json_safe`)."""
    _echo(json_safe(part) for part in pieces(Lazy(records)))
    click.echo()


def _echo(parts: Iterable[str]) -> None:
    """Write ``parts`` to standard output as they come, gathered into writes of a useful size."""
    for chunk in batched(parts):
        click.echo(chunk, nl=False)


@click.group(cls=_Bibkit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="bibkit",
    message="%(prog)s %(version)s",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Config file (TOML). Default: $BIBKIT_CONFIG or the platform config dir.",
)
@url_options
@click.option(
    "--no-cache", is_flag=True, help="Do not read or write the persistent caches. Env: BIBKIT_NO_CACHE=1."
)
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors (no progress, no summary).")
@click.option("-v", "--verbose", count=True, help="Log every request on stderr, keys redacted; -vv: all.")
def cli(quiet: bool = False, verbose: int = 0, **_: Any) -> None:
    """Find book mentions in text, resolve them to real editions, and write bibliographies.

    \b
    Examples:
      bibkit extract thread.txt            list the book mentions found
      bibkit resolve thread.txt            resolve each mention to an edition
      bibkit convert thread.txt -o refs.bib
      bibkit lookup 978-0-393-30195-3      one book, by ISBN or by words
      bibkit check refs.bib                check a bibliography against the catalogues
      bibkit catalog build ol_dump_editions_latest.txt.gz ...   resolve with no network
      bibkit cache info                    where the caches are and what they hold

    \b
    Global options (--config, --*-url, --no-cache, -q, -v) go before or after the command.
    Shell completion: eval "$(_BIBKIT_COMPLETE=bash_source bibkit)" (zsh_source, fish_source).
    """
    err_console.quiet = quiet
    request_log.setup(verbose)
    show_warnings()


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions as JSON records.")
@click.option(
    "--annotation",
    is_flag=True,
    help="Print the mentions as an annotation (the corpus format) to correct and train on; one FILE.",
)
@click.option(
    "--model", type=click.Path(dir_okay=False), help="A model made by 'bibkit train' (default: bibkit's own)."
)
@handle_errors
def extract_cmd(files: tuple[str, ...], as_json: bool, annotation: bool, model: str | None) -> None:
    """List the book mentions in the FILEs (or stdin with -). Offline.

    With several FILEs, each mention says which file it is in (a 'file' column, or an
    "input" member of each JSON record).
    """
    if annotation and len(files) > 1:
        raise ConfigError("--annotation takes one FILE: an annotation belongs beside its own text")
    inputs = _read_inputs(files)
    finder = load_model(model) if model is not None else None
    found = [(given.label, m) for given in inputs for m in extract(given.text, model=finder)]
    mentions = [m for _, m in found]
    several = len(inputs) > 1
    if annotation:
        # The training corpus's format, as 'bibkit train' reads it: part of training, not of
        # the library's API (see train_cmd).
        from bibkit.mentions.annotation import annotation_of

        record = annotation_of(mentions, source=files[0] if files[0] != "-" else "")
        click.echo(json_safe(json.dumps(record, ensure_ascii=False, indent=1)))
    elif as_json:
        _print_json(_from_input(m.to_dict(), label, several) for label, m in found)
    else:
        _mentions_table(found, files=several)
    where = f" in {len(inputs)} files" if several else ""
    noun = "mention" if len(mentions) == 1 else "mentions"
    err_console.print(f"{len(mentions)} {noun} found{where}", markup=False)


def _from_input(record: dict[str, Any], label: str, several: bool) -> dict[str, Any]:
    """A JSON record of a result, led by the input it came from (``label``) when a run reads
    several: the ``input`` member, as in convert's ``--report``."""
    return {"input": label, **record} if several else record


@cli.command("train")
@click.argument("folders", metavar="DIR...", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Where to write the model."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the training (same seed, same model)."
)
@click.option("--dry-run", is_flag=True, help="Read the annotated texts and stop; train and write nothing.")
@handle_errors
def train_cmd(folders: tuple[str, ...], output: str, seed: int, dry_run: bool) -> None:
    """Train a mention-finding model from annotated texts (NAME.txt with NAME.json beside it).

    Use it with 'bibkit extract --model OUTPUT'. bibkit's own model is this command run on
    the project's annotated texts.
    """
    from bibkit.mentions.corpus import load_corpus
    from bibkit.mentions.training import TrainingOptions, examples_of, train

    texts = load_corpus(folders)
    err_console.print(f"reading {len(texts)} annotated texts", markup=False)
    if dry_run:
        err_console.print(f"would train on {len(texts)} texts and write {output}; nothing", markup=False)
        return
    examples = examples_of(texts)
    finder = train(
        examples, TrainingOptions(seed=seed), progress=lambda step: err_console.print(step, markup=False)
    )
    finder.save(output)
    err_console.print(
        f"model written to {output}: {len(finder.features)} features, threshold {finder.threshold:.2f}, "
        f"out-of-fold F1 {finder.info.get('out_of_fold_f1')}",
        markup=False,
    )


def _mentions_table(mentions: Sequence[tuple[str, Mention]], *, files: bool) -> None:
    """The mentions as a table; with ``files``, a first column names the input of each."""
    table = Table(show_lines=False)
    table.add_column("#")
    if files:
        table.add_column("file", overflow="fold")  # a name cut short would name no file
    for column in ("author", "title", "year", "isbn", "conf."):
        table.add_column(column)
    for i, (label, m) in enumerate(mentions, 1):
        title = m.title + (f": {m.subtitle}" if m.subtitle else "")
        cells = (m.best_author or "", title, str(m.year or ""), m.isbn or "")
        table.add_row(str(i), *map(clean, ((label,) if files else ()) + cells), f"{m.confidence:.2f}")
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


#: ``--source NAME`` (repeatable): the sources to consult, in order, for every command that asks them.
source_option = click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Source to consult, in order (repeatable; default: the configuration's).",
)


def resolve_options(func: F) -> F:
    """The options that steer resolution, shared by every command that resolves text."""
    decorators = [
        click.option(
            "--min-confidence", type=click.FloatRange(0, 1), help="Treat weaker matches as not found."
        ),
        click.option(
            "--edition",
            type=click.Choice(["latest", "earliest", "any"]),
            help="Which edition of each work (default: config 'edition', else latest); an ISBN in "
            "the text always wins.",
        ),
        click.option(
            "--language",
            metavar="CODE",
            help="Preferred edition language (ISO 639-1; empty for none; default: config "
            "'language', else en).",
        ),
        click.option("--publisher", metavar="NAME", help="Preferred publisher of the edition."),
        source_option,
        click.option(
            "--review",
            is_flag=True,
            help="Settle on the terminal each mention that is not a confident resolution (pick, "
            "search again, ISBN, not a book); answers are remembered for later runs.",
        ),
        click.option(
            "--decisions",
            type=click.Path(dir_okay=False),
            help="File of review decisions (default: config 'decisions', else the user data "
            "directory). Env: BIBKIT_DECISIONS.",
        ),
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


def _resolve_kwargs(options: Mapping[str, Any]) -> ResolveKwargs:
    """How a command resolves: the preferences given on the command line (``--edition``...),
    an empty ``--language`` for none, and the sources only when ``--source`` is given. Those
    left out are the configuration's, which the Session applies
    (:meth:`bibkit.Session.resolve_options`), and with no ``--source`` it puts a local
    catalogue first."""
    given = {name: options.get(name) for name in ResolveKwargs.__optional_keys__}
    chosen = {name: value for name, value in given.items() if value is not None}
    if "language" in chosen:
        chosen["language"] = chosen["language"] or None
    chosen["sources"] = list(given["sources"] or ()) or None
    return part(chosen, ResolveKwargs)


def _preferences(ctx: click.Context, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with the resolution keywords gathered in one :func:`_resolve_kwargs`
    (``resolve``), for :func:`_resolve`."""
    rest = {name: value for name, value in options.items() if name not in ResolveKwargs.__optional_keys__}
    return {**rest, "resolve": _resolve_kwargs(options)}


def _read_inputs(files: Sequence[str]) -> list[Input]:
    """Every input file, read before any lookup, so that an unreadable one fails at once; each
    free text, or a .bib, CSL-JSON or RIS bibliography (:class:`bibkit.Input`)."""
    _stdin_once(files)
    return [Input.of(read_text(source), source) for source in files]


def _stdin_once(files: Sequence[str]) -> None:
    """Refuse ``-`` given twice: standard input can be read only once."""
    if list(files).count("-") > 1:
        raise ConfigError("standard input (-) can be given only once")


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
    inputs: Sequence[Input],
    *,
    resolve: ResolveKwargs,
    review: bool,
    decisions: str | None,
    catalog: str | None,
    offline: bool,
    jobs: int = 1,
    listed: bool = False,
) -> list[list[Resolution]]:
    """Resolve the mentions of each text, or the entries of each bibliography, to editions:
    one list per input, in order (:meth:`bibkit.Session.resolve_texts`, on ``jobs`` processes).

    Offline, the mentions left unresolved are named on stderr, unless the caller lists them
    itself (``listed``).
    """
    items = [given.items() for given in inputs]
    config = _run_config(ctx, catalog=catalog, offline=offline)
    with Session(config) as session, progress_bar(enabled=not _quiet(ctx)) as progress:
        per_input = session.resolve_texts(items, jobs=jobs, progress=progress, **resolve)
        chosen = session.resolve_options(resolve)
    if config.offline and not _quiet(ctx):
        _offline_note([r for found in per_input for r in found], named=not listed)
    return settle(
        per_input,
        texts=[given.text if given.is_text else None for given in inputs],
        labels=[given.label for given in inputs],
        config=config,
        ask=review,
        stdin_is_input=any(given.name == "-" for given in inputs),
        decisions=decisions,
        sources=resolve["sources"],
        edition=chosen.edition,
        language=chosen.language,
    )


def _offline_note(resolutions: Sequence[Resolution], *, named: bool = True) -> None:
    """Offline, say which mentions the local catalogue left unresolved: no service was asked."""
    left = [r for r in resolutions if r.status not in (Status.RESOLVED, Status.KEPT)]
    if not left:
        return
    noun = "mention stays" if len(left) == 1 else "mentions stay"
    shown = ", ".join(repr(r.mention.text) for r in left[:5]) + (", ..." if len(left) > 5 else "")
    err_console.print(
        f"bibkit: offline: {len(left)} {noun} unresolved, as the local catalogue cannot settle "
        f"them and no service was asked" + (f": {shown}" if named else ""),
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
    """Resolve each book mention in the FILEs to an edition, via the configured sources.

    Each FILE is a text with book mentions, or a .bib, CSL-JSON or RIS bibliography whose
    books are resolved to catalogued editions; its articles, chapters, web pages and other
    entries that are not books are kept as written (status "kept"), not looked up.
    """
    options = _preferences(ctx, options)
    inputs = _read_inputs(files)
    per_input = _resolve(ctx, inputs, **options)
    found = [(given.label, r) for given, in_input in zip(inputs, per_input, strict=True) for r in in_input]
    resolutions = [r for _, r in found]
    several = len(inputs) > 1
    if as_json:
        _print_json(_from_input(r.to_dict(), label, several) for label, r in found)
    else:
        _resolutions_table(found, files=several)
    _summary(ctx, resolutions)
    exit_if_service_failed(sum(r.status is Status.ERROR for r in resolutions))


def _resolutions_table(resolutions: Sequence[tuple[str, Resolution]], *, files: bool) -> None:
    """The resolutions as a table; with ``files``, a first column names the input of each."""
    table = Table()
    if files:
        table.add_column("file", overflow="fold")  # a name cut short would name no file
    for column in ("mention", "book", "edition", "conf.", "status", "source"):
        table.add_column(column)
    for label, r in resolutions:
        book = r.book
        edition = ", ".join(str(x) for x in (book.publisher, book.year, book.isbn13) if x) if book else ""
        title = f"{book.full_title} / {', '.join(book.authors)}" if book else r.reason
        source = (book.source_of("title") or "") if book else ""
        cells = (r.mention.text, title, edition, f"{r.confidence:.2f}", r.status.value, source)
        table.add_row(*map(clean, ((label,) if files else ()) + cells))
    Console(soft_wrap=True).print(table)


@cli.command("convert")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where to write the bibliography (- for stdout). An existing file needs --merge or --force.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format. Default: from the output's suffix (.bib, .json, .ris), else config 'format', "
    "else bibtex.",
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
    "--force",
    is_flag=True,
    help="Replace an existing OUTPUT; its old content is kept as OUTPUT.bak.",
)
@click.option("--dry-run", is_flag=True, help="Resolve and say what would be written; write no file.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write what became of every mention (written, or why not) as JSON to FILE.",
)
@click.option(
    "--ascii/--unicode",
    "ascii",
    default=None,
    help="For .bib: LaTeX accents (classic BibTeX) or UTF-8 (biber). Default: bibtex ASCII, biblatex UTF-8.",
)
@click.option(
    "--key-pattern",
    help="Citation key pattern (Better BibTeX style). Default: config 'key_pattern', else "
    f"{DEFAULT_PATTERN!r}.",
)
@click.option(
    "--skip-fields",
    metavar="FIELDS",
    help="Fields to leave out, comma-separated (url,note,isbn,...; '' for none). "
    "Default: config skip_fields. Env: BIBKIT_SKIP_FIELDS.",
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
    force: bool,
    dry_run: bool,
    report_path: str | None,
    ascii: bool | None,
    key_pattern: str | None,
    skip_fields: str | None,
    **options: Any,
) -> None:
    """Extract, resolve and write the books of the FILEs as BibTeX, BibLaTeX, CSL-JSON or RIS.

    Several files make one bibliography, each book once.

    FILE is a text with book mentions, or a .bib, CSL-JSON or RIS bibliography (then its
    entries are converted as they are). Mentions that are not written (not found, ambiguous,
    a service error, below --min-confidence) are listed on stderr.

    Exit status: see 'bibkit --help' (3: nothing resolved, nothing written; 4: written, but a
    service failed for some mentions: run again to retry them).

    \b
    Examples:
      bibkit convert thread.txt -o refs.bib
      bibkit convert threads/*.txt -o refs.bib --jobs 4
      bibkit convert thread.txt -o refs.bib --merge     add to an existing file
      bibkit convert refs.bib -f csljson -o refs.json   convert a bibliography
      bibkit convert thread.txt -o refs.bib --report what-happened.json
    """
    options = _preferences(ctx, options)
    settings = _run_config(ctx)
    # Refused before any lookup (an existing OUTPUT, a bad key pattern or field): the answer
    # will not change after minutes of resolving.
    bibliography = Output.of(
        output,
        default_format=settings.format or "bibtex",
        format=fmt,
        ascii=ascii,
        key_pattern=key_pattern or settings.key_pattern or DEFAULT_PATTERN,
        skip=settings.skip_fields if skip_fields is None else tuple(skip_fields.split(",")),
        merge=merge,
        force=force,
    )
    if report_path is not None:
        _check_report_path(report_path, force=force)
    inputs = _read_inputs(files)
    texts = [given for given in inputs if given.is_text]
    resolved = iter(_resolve(ctx, texts, listed=True, **options) if texts else [])
    # A bibliography's entries are converted as they are; texts' mentions are resolved.
    per_input = [next(resolved) if given.is_text else given.as_given() for given in inputs]
    resolutions = [r for found in per_input for r in found]
    books = books_of(resolutions)
    if output == "-" and books:
        _echo(bibliography.chunks(books))
    done = bibliography.write(books, dry_run=dry_run)
    if merge and books:
        added = ", ".join(key for key, _ in done.entries if key) or "nothing"
        _warn_non_ascii(ctx, done)
        err_console.print(f"{output}: {'would add' if dry_run else 'added'} {added}", markup=False)
        if done.present:
            names = ", ".join(sorted({key for _, key in done.present}))
            err_console.print(f"{output}: already present: {names}", markup=False)
    elif books:
        if output != "-" and dry_run:
            err_console.print(f"{output}: would write {len(done.entries)} entries (dry run)", markup=False)
        _warn_non_ascii(ctx, done)
    several = len(inputs) > 1
    # The --min-confidence in effect (given, else configured), by which the mentions of texts
    # were judged; a bibliography's entries are converted as they are.
    threshold = _min_confidence(ctx, options["resolve"]) if texts else None
    outcomes = account(
        resolutions,
        list(done.entries),
        present=list(done.present),
        text=inputs[0].text if not several and inputs[0].kind == "text" else None,
        inputs=[
            (given.label, given.text if given.is_text else None, len(found))
            for given, found in zip(inputs, per_input, strict=True)
        ]
        if several
        else (),
        min_confidence=threshold,
    )
    _list_unwritten(ctx, outcomes)
    if report_path is not None and not dry_run:
        source = [given.name for given in inputs] if several else inputs[0].name
        write_file(report_path, report_chunks(outcomes, source=source, output=output))
    _summary(ctx, resolutions)
    if not books:
        where = ", ".join(given.label for given in inputs)
        why = "no book mentions found in" if not resolutions else "no mention could be resolved in"
        target = "" if output == "-" else f"; {output} not written"
        err_console.print(f"bibkit: {why} {where}{target}", markup=False)
        sys.exit(EXIT_NOTHING_RESOLVED)
    exit_if_service_failed(sum(r.status is Status.ERROR for r in resolutions))


def _min_confidence(ctx: click.Context, resolve: ResolveKwargs) -> float:
    """The least confidence a resolution was kept at: ``--min-confidence``, else the
    configuration's, else the default, as the Session chose it."""
    with _session(ctx) as session:
        return session.resolve_options(resolve).min_confidence


def _warn_non_ascii(ctx: click.Context, done: Written) -> None:
    """Say which entries of an ASCII .bib keep letters that LaTeX has no ASCII command for
    (Cyrillic, Greek, CJK...): classic BibTeX with pdfLaTeX cannot typeset them."""
    keys = done.not_ascii
    if keys and not _quiet(ctx):
        shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
        err_console.print(
            f"bibkit: warning: not pure ASCII: {shown} keep letters LaTeX has no ASCII command for; "
            "use biber with --unicode, or XeLaTeX/LuaLaTeX",
            markup=False,
        )


def _check_report_path(path: str, *, force: bool) -> None:
    """Refuse a --report path that holds anything but an earlier report (unless --force)."""
    if force or not os.path.lexists(path) or is_special_file(path):
        return
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
    if not is_report(data):
        raise OutputExists(f"{path} exists and is no bibkit report; use --force to replace it")


def _list_unwritten(ctx: click.Context, outcomes: Sequence[Outcome]) -> None:
    """One line on stderr for each mention whose book is not in the output."""
    if _quiet(ctx):
        return
    for outcome in outcomes:
        if not outcome.written:
            err_console.print(f"bibkit: not written: {describe(outcome)}", markup=False)


@cli.command("lookup")
@click.argument("queries", nargs=-1, required=True, metavar="ISBN|WORDS...")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format (default: config 'format', else bibtex).",
)
@click.option(
    "--edition",
    type=click.Choice(["latest", "earliest", "any"]),
    help="Which edition of a work found by words (default: config 'edition', else latest); an ISBN "
    "always wins.",
)
@click.option(
    "--language", metavar="CODE", help="Preferred edition language (default: config 'language', else en)."
)
@source_option
@click.pass_context
@handle_errors
def lookup_cmd(
    ctx: click.Context,
    /,
    queries: tuple[str, ...],
    fmt: str | None,
    edition: EditionOrder | None,
    language: str | None,
    sources: tuple[str, ...],
) -> None:
    """Look up each ISBN, or "author title words", and print the edition found.

    Each argument is one book: an ISBN in any form, or words (quote them) read as a mention
    would be, or tried as title and author. Through the same sources, scoring and caches as
    convert. Exit status 3 when nothing was found (see 'bibkit --help').

    \b
    Examples:
      bibkit lookup 978-0-393-30195-3 0393301958
      bibkit lookup "deutscher prophet armed" -f csljson
    """
    chosen = _resolve_kwargs({"edition": edition, "language": language, "sources": sources})
    # lookup has no --publisher or --min-confidence, and has never taken them from the
    # configuration either: given as none, they are not the configuration's.
    chosen["publisher"] = chosen["min_confidence"] = None
    fmt = fmt or _run_config(ctx).format
    try:
        with _session(ctx) as session:
            results = session.lookup(queries, **chosen)
    except ValueError as err:
        raise InputError(str(err)) from err
    for query, result in zip(queries, results, strict=True):
        if result.book is None:
            err_console.print(f"bibkit: {result.status.value.replace('_', ' ')}: {query!r}: {result.reason}",
                              markup=False)
    books = books_of(results)
    if books:
        _echo(Output.of("-", format=fmt or "bibtex").chunks(books))
    _summary(ctx, results)
    if not books:
        sys.exit(EXIT_NOTHING_RESOLVED)
    exit_if_service_failed(sum(r.status is Status.ERROR for r in results), what=("book", "books"),
                           left="not looked up")  # fmt: skip


_STATUS_LABELS = {
    "created": "created",
    "present": "already present",
    "failed": "failed",
    "unresolved": "unresolved",
    "would_create": "would be created",
}


@cli.command("push")
@click.argument("files", nargs=-1, required=True, metavar="FILE...|-")
@click.option(
    "--collection",
    metavar="A/B",
    help="Put the books in this collection (nested with /); created if missing. Default: config "
    "'zotero_collection'.",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="Tag every created book (repeatable). Default: config 'zotero_tags'.",
)
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
    files: tuple[str, ...],
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
    """Put the books of the FILEs into a Zotero library, each exactly once.

    Each FILE is a text with book mentions (extracted and resolved first), or a .bib, CSL-JSON or
    RIS bibliography (by suffix or content, stdin too), each entry pushed as its own Zotero
    item type (article: journal article, online: web page, incollection: book section...).
    Books already in the library (same ISBN in any form, or same title and first author) are
    skipped. Safe to run again: an interrupted push finishes without duplicates.

    \b
    Examples:
      bibkit push thread.txt --collection "Russian Revolution" --tag thread
      bibkit push refs.bib --collection "Thesis/Chapter 2" --dry-run
    """
    options = _preferences(ctx, options)
    settings = _run_config(ctx)
    collection = collection if collection is not None else settings.zotero_collection
    tags = tags or settings.zotero_tags
    inputs = _read_inputs(files)
    texts = [given for given in inputs if given.is_text]
    resolved = iter(_resolve(ctx, texts, **options) if texts else [])
    items: list[Any] = [
        item for given in inputs for item in (next(resolved) if given.is_text else given.books())
    ]
    with _session(ctx) as session:
        report = session.push_to_zotero(
            items,
            collection=collection,
            tags=tags,
            note=note,
            origin=", ".join("standard input" if f == "-" else Path(f).name for f in files),
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
    unresolved = [i for i in items if isinstance(i, Resolution) and i.status is Status.ERROR]
    exit_if_service_failed(len(unresolved), left="not pushed")


@cli.command("export")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .bib or .json file."
)
@click.option("--collection", metavar="A/B", help="Only the entries of this collection (nested with /).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(format_names(keyed=True), case_sensitive=False),
    help="Output format. Default: from the suffix (.bib, .json), else bibtex.",
)
@click.option("--key-pattern", help="Citation key pattern (default: config 'key_pattern', else convert's).")
@click.option(
    "--skip-fields", metavar="FIELDS", help="Fields to leave out, comma-separated (as for convert)."
)
@click.option(
    "--ascii/--unicode", "ascii", default=None, help="For .bib: LaTeX accents or UTF-8 (as for convert)."
)
@click.option("--force", is_flag=True, help="Replace an OUTPUT no earlier export wrote (kept as OUTPUT.bak).")
@click.option("--dry-run", is_flag=True, help="Read Zotero and say what would change; write nothing.")
@click.option(
    "--watch", type=click.FloatRange(min=1), metavar="SECONDS", help="Run again every SECONDS until Ctrl-C."
)
@click.option("--library-id", metavar="ID", help="Numeric Zotero userID or group id. Env: ZOTERO_LIBRARY_ID.")
@click.option("--library-type", type=click.Choice(["user", "group"]), help="Env: ZOTERO_LIBRARY_TYPE.")
@click.option(
    "--api-key", metavar="KEY", help="Zotero API key (read access is enough). Prefer ZOTERO_API_KEY."
)
@click.pass_context
@handle_errors
def export_cmd(
    ctx: click.Context,
    /,
    output: str,
    collection: str | None,
    fmt: str | None,
    key_pattern: str | None,
    skip_fields: str | None,
    ascii: bool | None,
    force: bool,
    dry_run: bool,
    watch: float | None,
    library_id: str | None,
    library_type: str | None,
    api_key: str | None,
) -> None:
    """Write the books, articles, chapters... of a Zotero library or collection as BibTeX,
    BibLaTeX or CSL-JSON.

    Every item type push writes is read, each as its own kind of entry (journal article:
    @article, book section: @incollection, web page: @online...). Keys and entries are those
    convert writes; a key pinned in Zotero (its Citation Key field, or a "Citation Key:" line
    in Extra) is kept. Run it again (or use --watch) to bring OUTPUT up to date: only the items
    changed in Zotero since are read, and only their entries are rewritten; every other byte
    of the file stays.

    \b
    Examples:
      bibkit export -o refs.bib                          the whole library
      bibkit export --collection "Thesis/Chapter 2" -o chapter2.bib
      bibkit export --collection Thesis -o thesis.bib --watch 60
    """
    config = _run_config(ctx)
    key_pattern = key_pattern or config.key_pattern or DEFAULT_PATTERN
    skip = config.skip_fields if skip_fields is None else tuple(skip_fields.split(","))
    while True:
        with Session(config) as session:
            report = session.export_zotero(
                output,
                format=fmt,
                collection=collection,
                key_pattern=key_pattern,
                skip=skip,
                ascii=ascii,
                force=force,
                dry_run=dry_run,
                library_id=library_id,
                library_type=library_type,
                api_key=api_key,
            )
        if not _quiet(ctx):
            err_console.print(_export_line(output, report, dry_run=dry_run), markup=False)
        if watch is None:
            return
        force = False  # the first run wrote OUTPUT; later ones only bring it up to date
        time.sleep(watch)


def _export_line(output: str, report: ExportReport, *, dry_run: bool) -> str:
    """ "refs.bib: 1 updated (smith2001), 2 added; 3 requests (since library version 41)"."""
    parts = [
        f"{len(keys)} {what}"
        + (f" ({', '.join(keys[:5])}{', ...' if len(keys) > 5 else ''})" if keys else "")
        for keys, what in ((report.added, "added"), (report.updated, "updated"), (report.removed, "removed"))
        if keys
    ]
    done = ", ".join(parts) or "up to date"
    how = "read in full" if report.full else "changes only"
    dry = " (dry run: nothing written)" if dry_run else ""
    return f"{output}: {done}; {report.reads} requests, {how}, library version {report.version}{dry}"


def finding_line(label: str, finding: Finding) -> str:
    """ "refs.bib:12: error: smith2001: no catalogue knows 'X' by Y: possibly invented [not-found]"."""
    where = f"{label}:{finding.line}" if finding.line else label
    return f"{where}: {finding.severity.value}: {finding.key}: {finding.message} [{finding.code}]"


def _approve(label: str) -> Callable[[Finding], bool]:
    """Ask about each repair before it is made (``check --fix --interactive``)."""

    def ask(finding: Finding) -> bool:
        change = finding.change
        assert change is not None
        err_console.print(finding_line(label, finding), markup=False)
        old = repr(change.old) if change.old is not None else "(missing)"
        err_console.print(f"  {change.field}: {old} -> {change.new!r}", markup=False)
        return click.confirm("  make this change?", default=False, err=True)

    return ask


def _check_summary(report: CheckReport) -> str:
    """ "12 entries: 10 checked, 2 skipped; 1 error, 3 warnings, 2 notes"."""
    total = report.checked + report.skipped
    counts = [
        (len(report.with_severity(Severity.ERROR)), "error"),
        (len(report.with_severity(Severity.WARNING)), "warning"),
        (len([f for f in report.with_severity(Severity.INFO) if f.code != "skipped"]), "note"),
    ]
    found = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n) or "no problem found"
    noun = "entry" if total == 1 else "entries"
    return f"{total} {noun}: {report.checked} checked, {report.skipped} skipped (not books); {found}"


@cli.command("check")
@click.argument("files", nargs=-1, metavar="FILE...|-")
@click.option(
    "--zotero-collection",
    metavar="A/B",
    help="Check the items of this Zotero collection (nested with /) instead of FILEs.",
)
@click.option("--zotero-library", is_flag=True, help="Check every item of the Zotero library instead.")
@click.option("--library-id", metavar="ID", help="With --zotero-*: userID or group id (ZOTERO_LIBRARY_ID).")
@click.option("--library-type", type=click.Choice(["user", "group"]), help="With --zotero-*: library kind.")
@click.option("--api-key", metavar="KEY", help="With --zotero-*: Zotero API key. Prefer ZOTERO_API_KEY.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option(
    "--fix", is_flag=True, help="Make the repairs the catalogues make certain; keep every other byte."
)
@click.option("-i", "--interactive", is_flag=True, help="With --fix: ask before each repair.")
@click.option("--dry-run", is_flag=True, help="With --fix: list the repairs it would make; write nothing.")
@click.option(
    "--overwrite",
    multiple=True,
    type=click.Choice(OVERWRITABLE),
    metavar="FIELD",
    help=f"With --fix: also replace this written field by the certain record's ({', '.join(OVERWRITABLE)}).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="With --fix and one FILE: write the repaired file here; the original stays as it is.",
)
@click.option(
    "--force",
    is_flag=True,
    help="With -o: replace an existing OUTPUT; its old content is kept as OUTPUT.bak.",
)
@source_option
@click.pass_context
@handle_errors
def check_cmd(
    ctx: click.Context,
    /,
    files: tuple[str, ...],
    zotero_collection: str | None,
    zotero_library: bool,
    library_id: str | None,
    library_type: str | None,
    api_key: str | None,
    as_json: bool,
    fix: bool,
    interactive: bool,
    dry_run: bool,
    overwrite: tuple[str, ...],
    output: str | None,
    force: bool,
    sources: tuple[str, ...],
) -> None:
    """Check the books of .bib, CSL-JSON or RIS FILEs, or of a Zotero collection or
    library, against the catalogues.

    Each FILE is known by its suffix, else by its content (standard input too), as for
    convert. Books are checked, and chapters by the book they are in, in every format;
    articles, web pages, theses and other entries are skipped. --fix repairs .bib and
    CSL-JSON files, each in place unless -o names another.

    With --zotero-collection or --zotero-library the items are read as export reads them and
    checked the same way; each finding names the item key (and its pinned citation key).
    --fix writes the repairs into the items, each only if it is still as it was read: an item
    changed in Zotero meanwhile is left as it is and reported.

    One line per finding: the file and line, error / warning / info, the entry, what is
    wrong, and a stable code. With several FILEs, each JSON record names its "input", and
    each file gets its own summary. Exit status: see 'bibkit --help' (1 when an error is
    found, or left after --fix; else 4 when a service failed for some entries).

    \b
    Examples:
      bibkit check refs.bib                       invented books, wrong ISBNs, misspellings
      bibkit check chapters/*.bib --json          several files, one JSON list
      bibkit check refs.bib --fix                 fill missing fields, correct wrong ISBNs
      bibkit check refs.bib --fix -i --overwrite year -o fixed.bib
      bibkit check --zotero-collection "Thesis/Chapter 2" --fix
    """
    zotero = zotero_collection is not None or zotero_library
    if zotero or library_id or library_type or api_key:
        _check_zotero_args(files, zotero_collection, zotero_library, output=output, force=force)
    elif not files:
        raise ConfigError("give FILE... (- for standard input), --zotero-collection A/B or --zotero-library")
    if (interactive or overwrite or output or dry_run) and not fix:
        raise ConfigError("--interactive, --overwrite, -o and --dry-run go with --fix")
    if force and not output:
        raise ConfigError("--force goes with -o: --fix without -o repairs FILE itself (keeping FILE.bak)")
    if output and len(files) > 1:
        raise ConfigError("-o goes with one FILE; with several, --fix repairs each in place (FILE.bak kept)")
    if interactive and "-" in files:
        raise ConfigError("--interactive asks on standard input: give the bibliography as a file")
    if zotero:
        _check_zotero(ctx, zotero_collection, as_json=as_json, fix=fix, interactive=interactive,
                      dry_run=dry_run, overwrite=overwrite, sources=sources, library_id=library_id,
                      library_type=library_type, api_key=api_key)  # fmt: skip
        return
    _stdin_once(files)
    with _session(ctx) as session, progress_bar(enabled=not _quiet(ctx)) as progress:
        try:  # every file read before any lookup, so that an unreadable one fails at once
            documents = [session.read_document(source, note=_note) for source in files]
        except FormatError as err:
            raise InputError(str(err)) from err
        several = len(documents) > 1
        reports: list[tuple[Document, CheckReport]] = []
        for document in documents:
            report = session.check(
                document,
                fix=fix and not dry_run,
                overwrite=overwrite,
                output=output,
                force=force,
                approve=_approve(document.label) if interactive else None,
                sources=list(sources) or None,
                progress=progress,
            )
            reports.append((document, report))
            if not as_json:
                for finding in report.findings:
                    click.echo(clean(finding_line(document.label, finding)))
            _check_done(ctx, document.label if several else "", report, fix=fix, dry_run=dry_run,
                        overwrite=overwrite)  # fmt: skip
    if as_json:
        _print_json(
            [_from_input(f.to_dict(), document.label, several) for document, report in reports
             for f in report.findings]
        )  # fmt: skip
    if any(f not in report.unchecked for _, report in reports for f in report.remaining_errors):
        sys.exit(EXIT_ERROR)  # the bibliography is wrong, whatever else could not be checked
    entries = {(document.label, f.key) for document, report in reports for f in report.unchecked}
    exit_if_service_failed(len(entries), what=("entry", "entries"), left="not fully checked")


def _check_zotero_args(
    files: Sequence[str], collection: str | None, library: bool, *, output: str | None, force: bool
) -> None:
    """Refuse what a Zotero check cannot take: files too, both scopes, a file to write."""
    if collection is None and not library:
        raise ConfigError("--library-id, --library-type and --api-key go with a --zotero-* option")
    if files:
        raise ConfigError("check FILEs or a Zotero collection or library, not both")
    if collection is not None and library:
        raise ConfigError("--zotero-collection checks one collection, --zotero-library all: give one of them")
    if output or force:
        raise ConfigError("-o and --force write a file; --fix on Zotero repairs the items themselves")


def _check_zotero(
    ctx: click.Context,
    collection: str | None,
    *,
    as_json: bool,
    fix: bool,
    interactive: bool,
    dry_run: bool,
    overwrite: tuple[str, ...],
    sources: tuple[str, ...],
    **library: Unpack[ZoteroLibraryKwargs],
) -> None:
    """``check --zotero-collection`` / ``--zotero-library``: the findings, keyed by item key
    (with the pinned citation key, where there is one), as for a file; exit statuses too."""
    label = f"Zotero collection {collection!r}" if collection is not None else "Zotero library"
    with _session(ctx) as session, progress_bar(enabled=not _quiet(ctx)) as progress:
        report = session.check_zotero(
            collection,
            fix=fix and not dry_run,
            overwrite=overwrite,
            approve=_approve(label) if interactive else None,
            sources=list(sources) or None,
            progress=progress,
            **library,
        )
    if as_json:
        _print_json(finding_records(report))
    else:
        for finding in report.findings:
            cite = report.citation_keys.get(finding.key)
            shown = dataclasses.replace(finding, key=f"{finding.key} ({cite})") if cite else finding
            click.echo(clean(finding_line(label, shown)))
    _check_done(ctx, "", report, fix=fix, dry_run=dry_run, overwrite=overwrite)
    if any(f not in report.unchecked for f in report.remaining_errors):
        sys.exit(EXIT_ERROR)
    exit_if_service_failed(
        len({f.key for f in report.unchecked}), what=("entry", "entries"), left="not fully checked"
    )


def _check_done(
    ctx: click.Context, label: str, report: CheckReport, *, fix: bool, dry_run: bool, overwrite: Sequence[str]
) -> None:
    """What became of one checked file, on stderr: the repairs a dry run would make, the
    summary, and what --fix wrote; each line led by ``label`` (the file) when not empty."""
    lead = f"{label}: " if label else ""
    if dry_run:
        from bibkit.verify import fixes

        for change in fixes(report.findings, overwrite=overwrite):
            old = repr(change.old) if change.old is not None else "(missing)"
            line = f"{lead}would repair {change.key}: {change.field}: {old} -> {change.new!r}"
            err_console.print(clean(line), markup=False)
    if _quiet(ctx):
        return
    err_console.print(lead + _check_summary(report), markup=False)
    if fix and report.written:
        fields = len(report.applied)
        entries = len({c.key for c in report.applied})
        saved = f" (its old content is kept as {report.backup})" if report.backup else ""
        err_console.print(
            f"{lead}repaired {fields} field{'s' if fields != 1 else ''} in {entries} "
            f"entr{'ies' if entries != 1 else 'y'}: wrote {report.written}{saved}",
            markup=False,
        )
    elif fix:
        err_console.print(f"{lead}nothing repaired: no certain repair to make", markup=False)


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the caches (HTTP responses and resolved mentions)."""


def _config(ctx: click.Context) -> Config:
    return _run_config(ctx)


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
@click.option(
    "--not-found",
    is_flag=True,
    help="Only forget the mentions nothing was found for (and the searches behind them); found "
    "books stay cached.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be cleared; delete nothing.")
@click.pass_context
@handle_errors
def cache_clear_cmd(ctx: click.Context, not_found: bool, dry_run: bool) -> None:
    """Delete both caches (or, with --not-found, only the misses). The next run asks again.

    "Not found" is kept only a day by default (negative_cache_expire_s), found books 30 days.
    """
    config = _config(ctx)
    if not_found:
        misses, searches = clear_not_found(config, dry_run=dry_run)
        verb = "would forget" if dry_run else "forgot"
        err_console.print(
            f"{verb} {misses} not-found resolutions"
            + ("" if dry_run else f" and {searches} cached searches"),
            markup=False,
        )
        return
    info = cache_info(config) if dry_run else clear_cache(config)
    err_console.print(
        f"{'would clear' if dry_run else 'cleared'} {info.http_responses} HTTP responses and "
        f"{info.resolutions} resolutions from {info.directory}",
        markup=False,
    )


@cli.group("config")
def config_group() -> None:
    """Show the settings in effect, and where each comes from."""


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON records.")
@click.pass_context
@handle_errors
def config_show_cmd(ctx: click.Context, as_json: bool) -> None:
    """Every setting, its value and where it came from: default, the config file, the
    project's bibkit.toml (found upward from here), the environment or the command line.
    API keys are never shown."""
    options = ctx.find_root().params
    settings = load_settings(
        options.get("config"),
        project=find_project_file(),
        **service_urls(options),
        use_cache=False if options.get("no_cache") else None,
    )
    rows = settings.rows()
    if as_json:
        _print_json([{"name": n, "value": v, "from": o} for n, v, o in rows])
        return
    width = max(len(n) for n, _, _ in rows)
    for name, value, origin in rows:
        click.echo(f"{name:<{width}} = {value}  # {origin}")


@cli.command("doctor")
@click.pass_context
@handle_errors
def doctor_cmd(ctx: click.Context) -> None:
    """Check what bibkit needs, one line each: settings, User-Agent contact, each source,
    the local catalogue, the cache, TeX tools, the Zotero key's permissions.

    Exit status 1 when a check fails.
    """
    from bibkit.doctor import CheckStatus, run_checks

    options = ctx.find_root().params
    settings = load_settings(
        options.get("config"),
        project=find_project_file(),
        **service_urls(options),
        use_cache=False if options.get("no_cache") else None,
    )
    files = sorted({o for o in settings.origins.values() if o.endswith(".toml")})
    failed = False
    for check in run_checks(settings.config, files=files):
        click.echo(check.line())
        failed = failed or check.status is CheckStatus.FAIL
    if failed:
        sys.exit(EXIT_ERROR)


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
@click.option("--dry-run", is_flag=True, help="Check the dumps and say what would be built; build nothing.")
@click.pass_context
@handle_errors
def catalog_build_cmd(
    ctx: click.Context,
    dumps: tuple[str, ...],
    db: str | None,
    languages: str | None,
    with_isbn_only: bool,
    dry_run: bool,
) -> None:
    """Build the local catalogue from Open Library dump files (gzip or plain, any order).

    Download them from https://openlibrary.org/developers/dumps: the editions, works and
    authors dumps, or the one dump of all types. A build interrupted (Ctrl-C, a kill, a
    crash) carries on where it stopped when run again with the same files; the catalogue in
    use is replaced only when the new one is complete.
    """
    target = _catalog_path(ctx, db)
    filters = BuildFilter.of(languages=[languages] if languages else [], with_isbn_only=with_isbn_only)
    if dry_run:
        missing = [d for d in dumps if not Path(d).is_file()]
        if missing:
            raise InputError(f"{missing[0]}: no such file")
        size = sum(Path(d).stat().st_size for d in dumps)
        err_console.print(
            f"would build {target} from {len(dumps)} dump files ({_size(size)}); nothing written",
            markup=False,
        )
        return
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
