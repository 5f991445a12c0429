"""The public functions. Each is thin: pure steps need no Session; network steps open a
short-lived one unless given one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from bibkit.errors import ConfigError
from bibkit.formats import dumps as _dumps
from bibkit.formats import load_books as _load_books
from bibkit.formats.keys import DEFAULT_PATTERN
from bibkit.formats.merge import unique_books
from bibkit.formats.output import STDOUT, Output, Written

# Loaded here, while the package is being made: a submodule first imported later would take
# the package's name ``bibkit.lookup`` from the function below.
from bibkit.lookup import lookup as _lookup
from bibkit.mentions.extract import extract as _extract
from bibkit.mentions.finder import Finder
from bibkit.model import Book, Mention, Resolution
from bibkit.options import (
    CheckFileKwargs,
    CheckZoteroKwargs,
    DumpKwargs,
    ExportZoteroKwargs,
    OutputKwargs,
    PushToZoteroKwargs,
    ResolveKwargs,
)
from bibkit.session import Session

if TYPE_CHECKING:
    from bibkit.verify import CheckReport, Document
    from bibkit.zotero import PushReport
    from bibkit.zotero.export import ExportReport

__all__ = [
    "books_of",
    "check",
    "check_zotero",
    "dumps",
    "export_zotero",
    "extract",
    "load_books",
    "load_model",
    "lookup",
    "push_to_zotero",
    "resolve",
    "to_bibtex",
    "write",
]


def extract(
    text: str, *, model: Finder | str | Path | None = None, doubtful: bool = False
) -> list[Mention]:
    """Every book mention in ``text``, in order. Pure, offline and deterministic.

    Args:
        text: Markdown, HTML or plain text.
        model: A model made by ``bibkit train`` (a :class:`~bibkit.mentions.Finder` or the path
            of its file); bibkit's own by default.
        doubtful: Also the "Author, Title" candidates the model scores under its threshold,
            marked ``doubtful``: what :func:`resolve` looks up and writes only when the
            catalogue confirms them by title and author.

    Returns:
        One :class:`Mention` per place that names a book, in text order, each with its exact span
        (``text[m.start:m.end] == m.text``) and the model's probability as ``confidence``.

    Raises:
        TypeError: ``text`` is not a ``str``; bytes must be decoded first, as only the caller
            knows their encoding.
        ConfigError: ``model`` is not a readable model file.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes text as str, not {_type_name(text)}")
    return list(_extract(text, model=model, doubtful=doubtful))


def load_model(path: str | os.PathLike[str]) -> Finder:
    """A mention-finding model made by ``bibkit train``, read once to :func:`extract` many
    texts with it (a path given to :func:`extract` is read again at every call).

    Returns:
        The model, for ``extract(text, model=...)``.

    Raises:
        ConfigError: ``path`` cannot be read, or holds no bibkit model (the file is never run
            as code: a model is data).
    """
    return Finder.load(os.fspath(path))


def _type_name(value: object) -> str:
    name = type(value).__name__
    return f"{name} (decode it first)" if isinstance(value, bytes | bytearray) else name


def resolve(
    items: str | Iterable[Mention | Book],
    *,
    session: Session | None = None,
    **options: Unpack[ResolveKwargs],
) -> list[Resolution]:
    """Resolve mentions to editions; a ``str`` is extracted first. One Resolution per item.

    The entries of a bibliography (books from :func:`load_books`) are resolved as ``bibkit
    resolve refs.bib`` resolves them: an entry of kind ``book`` to a catalogued edition; an
    article, a chapter, a web page or any other kind is not looked up in book catalogues
    but kept as written (status ``kept``, with the reason).

    Args:
        items: Text, mentions from :func:`extract`, or books from :func:`load_books`.
        session: A Session to reuse; by default one is opened from the configuration.
        **options: How to resolve (:class:`bibkit.options.ResolveKwargs`): ``sources``
            (default: the configuration's), ``min_confidence``, ``edition`` (``latest``, the
            default: the edition a reader most likely holds today; ``earliest``; ``any``),
            ``language`` (default ``en``; ``None`` for no preference), ``publisher``.

    Returns:
        One Resolution per item, in order: each says resolved, ambiguous, not found, error or
        kept, and why.

    Raises:
        SourceUnavailable: No mention could be resolved because every lookup failed (no
            network, a service down); an empty result would look like "no books".
        ConfigError: A bad option or source name.
        TypeError: ``items`` is neither text nor mentions and books, or ``session`` is no
            Session.
    """
    with _session_for(session) as active:
        return active.resolve(items, **options)


def lookup(
    queries: Iterable[str], *, session: Session | None = None, **options: Unpack[ResolveKwargs]
) -> list[Resolution]:
    """Look up books by ISBN or by a few words, as ``bibkit lookup`` does.

    An ISBN (any form) is looked up by ISBN. Words are read as a mention would be ("The
    Prophet Armed by Isaac Deutscher"); words that name no author that way ("deutscher
    prophet armed") are tried as the title alone and with the first or last words as the
    author, and the best resolved reading wins (:mod:`bibkit.lookup`).

    Args:
        queries: ISBNs, or "author title words"; one book each.
        session: A Session to reuse; by default one is opened from the configuration.
        **options: How to resolve, as for :func:`resolve`.

    Returns:
        One Resolution per query, in order; a query that resolves in no reading is
        ``not_found`` or ``ambiguous``, with its best reading's reason.

    Raises:
        TypeError: ``queries`` is one str rather than a list of them.
        ValueError: A query has no word in it.
        SourceUnavailable: Every lookup failed (no network, a service down).
        ConfigError: A bad option or source name.
    """
    if isinstance(queries, str):
        raise TypeError("lookup() takes a list of queries, not one str (put it in a list)")
    with _session_for(session) as active:
        return _lookup(queries, session=active, **options)


def _session_for(session: Session | None) -> AbstractContextManager[Session]:
    """The caller's session (left open), or a short-lived one closed after the call.

    Raises:
        TypeError: ``session`` is something else than a Session.
    """
    if session is not None and not isinstance(session, Session):
        raise TypeError(f"session must be a bibkit.Session, not {type(session).__name__}")
    return nullcontext(session) if session is not None else Session()


def books_of(items: Iterable[Book | Resolution], *, caller: str = "books_of") -> list[Book]:
    """The books in ``items``, in order; resolutions without a book are skipped.

    Raises:
        TypeError: an item is neither a Book nor a Resolution (a Mention must be resolved
            first); ``caller`` names the public function in the message.
    """
    if isinstance(items, str | bytes | bytearray | Book | Resolution | Mention) or not isinstance(
        items, Iterable
    ):
        raise TypeError(f"{caller}() takes a list of books or resolutions, not {_type_name(items)}")
    out: list[Book] = []
    for item in items:
        if isinstance(item, Resolution):
            if item.book is not None:
                out.append(item.book)
        elif isinstance(item, Book):
            out.append(item)
        else:
            hint = " (resolve it first: bibkit.resolve(mentions))" if isinstance(item, Mention) else ""
            raise TypeError(f"{caller}() takes books or resolutions, not {type(item).__name__}{hint}")
    return out


def to_bibtex(items: Iterable[Book | Resolution]) -> str:
    """BibTeX for the books in ``items``: ``dumps(items, format="bibtex")``.

    Returns:
        The entries, one per book, repeats removed as ``bibkit convert`` removes them (same
        ISBN, or same title and first author); resolutions without a book are skipped.

    Raises:
        TypeError: an item is neither a Book nor a Resolution.
    """
    return _dumps(unique_books(books_of(items, caller="to_bibtex")), format="bibtex")


def push_to_zotero(
    items: str | Iterable[Book | Resolution],
    *,
    session: Session | None = None,
    **options: Unpack[PushToZoteroKwargs],
) -> PushReport:
    """Put each book into a Zotero library exactly once, and report what happened to each.

    Safe to repeat and to resume: books already in the library (matched by ISBN-10/13 in any
    form, or by title and first author) are skipped, and every write uses item keys derived
    from the books, so no retry or rerun can create a duplicate. Nothing existing is
    overwritten; the only change to an existing item is adding it to ``collection``.

    Args:
        items: Text (extracted and resolved first), resolutions (unresolved ones are
            reported, not pushed) or books (e.g. read from a .bib file).
        session: A Session to reuse; by default one is opened from the configuration.
        **options: :class:`bibkit.options.PushToZoteroKwargs`: where and how to push
            (``collection`` ``"A/B"``, found by name or created; ``tags``; ``note``;
            ``origin``; ``dry_run``; ``add_existing_to_collection``), which library
            (``library_id``, ``library_type``, ``api_key`` with write access; by default
            the configuration's), and, for text, how to resolve it (as for :func:`resolve`).

    Returns:
        A :class:`bibkit.zotero.PushReport`: created / present / failed / unresolved per
        record, and the requests it took.

    Raises:
        ConfigError: missing library id or key, bad collection path or tag.
        ZoteroError: the library could not be read or the key was refused; nothing written.
    """
    with _session_for(session) as active:
        return active.push_to_zotero(items, **options)


def export_zotero(
    output: str | os.PathLike[str], *, session: Session | None = None, **options: Unpack[ExportZoteroKwargs]
) -> ExportReport:
    """Write the books, articles, chapters... of a Zotero library (or of one collection) as
    BibTeX, BibLaTeX or CSL-JSON, or bring an earlier export of it up to date.

    Keys and entries are those :func:`dumps` writes; a key pinned in Zotero (its Citation Key
    field, or a ``Citation Key:`` line in Extra) is kept. Run again on the same ``output``,
    only the items changed in Zotero since are read and only their entries rewritten: every
    other byte of the file stays (:mod:`bibkit.zotero.export`).

    Args:
        output: The .bib or .json file.
        session: A Session to reuse; by default one is opened from the configuration.
        **options: :class:`bibkit.options.ExportZoteroKwargs`: what to write (``format``,
            ``collection``, ``key_pattern``, ``skip``, ``ascii``, ``force``, ``dry_run``) and
            which library (``library_id``, ``library_type``, ``api_key``: read access is
            enough; by default the configuration's).

    Returns:
        A :class:`bibkit.zotero.export.ExportReport`: the citation keys added, updated and
        removed, the library version the file now reflects, and the requests it took.

    Raises:
        OutputExists: ``output`` exists and no earlier export of the same scope wrote it,
            and ``force`` is false.
        ConfigError: No library id or key; a bad format, collection, key pattern or field.
        ZoteroError: The library cannot be read.
        FormatError: The .bib cannot be read or written, or changed while it was worked on.
    """
    with _session_for(session) as active:
        return active.export_zotero(output, **options)


def dumps(items: Iterable[Book | Resolution], **options: Unpack[DumpKwargs]) -> str:
    """The books in ``items`` as ``bibtex``, ``biblatex``, ``csljson`` or ``ris`` text.

    Resolutions without a book are skipped, and a book given twice (the same ISBN, or the same
    title and first author) is written once, as ``bibkit convert`` does. Pure: no network, no
    disk.

    Args:
        items: Books, or resolutions from :func:`resolve`.
        **options: :class:`bibkit.options.DumpKwargs`: ``format`` (default bibtex; see
            :data:`bibkit.formats.FORMATS`), ``ascii``, ``key_pattern``, ``skip``.

    Returns:
        The text of the bibliography; empty when there is no book.

    Raises:
        ConfigError: Unknown format, key pattern or field name.
        TypeError: an item is neither a Book nor a Resolution.
    """
    books = unique_books(books_of(items, caller="dumps"))
    return _dumps(
        books,
        format=options.get("format") or "bibtex",
        ascii=options.get("ascii"),
        key_pattern=options.get("key_pattern", DEFAULT_PATTERN),
        skip=options.get("skip", ()),
    )


def write(
    items: Iterable[Book | Resolution],
    output: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    **options: Unpack[OutputKwargs],
) -> Written:
    """Write the books in ``items`` to the file ``output``, as ``bibkit convert -o`` does.

    Each book is written once (as :func:`dumps` writes it) and resolutions without a book are
    skipped. The file is written atomically; an existing one is refused unless ``merge`` adds
    the books it lacks (keeping every entry it has) or ``force`` replaces it, and either way
    its old content is kept as ``.bak``. For a check before long work (an existing file, a bad
    key pattern), make the :class:`~bibkit.formats.output.Output` first.

    Args:
        items: Books, or resolutions from :func:`resolve`.
        output: The file; its suffix gives the format when ``format`` does not.
        dry_run: Say what would be written; write nothing.
        **options: :class:`bibkit.options.OutputKwargs`: ``format``, ``ascii``,
            ``key_pattern``, ``skip``, ``merge``, ``force``.

    Returns:
        A :class:`~bibkit.formats.output.Written`: the citation key of each entry written,
        the books an existing file already held, the entries an ASCII .bib cannot typeset.

    Raises:
        OutputExists: ``output`` exists and neither ``merge`` nor ``force`` is set.
        ConfigError: Unknown format, key pattern or field; ``merge`` of anything but a .bib;
            ``-`` (standard output: print :func:`dumps` instead).
        FormatError: The file cannot be read (merge) or written; it is then untouched.
        TypeError: an item is neither a Book nor a Resolution.
    """
    books = books_of(items, caller="write")
    target = Output.of(output, **options)
    if target.path == STDOUT:
        raise ConfigError("write() writes a file; for standard output, print dumps()")
    return target.write(books, dry_run=dry_run)


def load_books(source: str, *, format: str | None = None) -> list[Book]:
    """The books of a .bib, CSL-JSON or RIS file (a path, ``-`` for standard input, or the
    text itself).

    A file is read in the encodings the command line reads: UTF-8, UTF-16 or UTF-32 with a
    byte-order mark, else Windows-1252 (with a logged warning); binary files, devices and
    files past the input size limit are refused.

    Returns:
        The books, in file order (each with its citation key and entry type in ``identifiers``).

    Raises:
        InputError: The file is missing, unreadable, binary or too large.
        FormatError: Malformed input; the message names the line.
        TypeError: ``source`` is neither a path nor text.
    """
    return _load_books(source, format=format)


def check(
    source: str | os.PathLike[str] | Document,
    *,
    session: Session | None = None,
    **options: Unpack[CheckFileKwargs],
) -> CheckReport:
    """Check the books of a bibliography against the catalogues; optionally repair it.

    Every book, and the book every chapter is in, is looked up by its ISBN and searched by
    title and author (decided by the entry's kind, the same in every format: ``@incollection``,
    CSL ``chapter`` and RIS ``CHAP`` are chapters; articles, web pages... are skipped); each
    problem becomes a :class:`bibkit.Finding` with a severity, a stable ``code`` and a message
    (see :mod:`bibkit.verify` for the checks).

    Args:
        source: A .bib, CSL-JSON or RIS file (``-`` for standard input), or its text; the
            format is known by the suffix, else by the content, as for :func:`load_books`.
        session: A Session to reuse; by default one is opened from the configuration.
        **options: :class:`bibkit.options.CheckFileKwargs`: ``fix`` (make the repairs the
            catalogues make certain, and write the file atomically, keeping every byte
            outside the changed fields and the original as ``FILE.bak``; .bib and CSL-JSON
            files alike, not RIS), ``overwrite``, ``approve``, ``sources``, and ``output``
            (with ``fix``, write the repaired file there instead; another file already there
            is replaced only with ``force``).

    Returns:
        A :class:`bibkit.verify.CheckReport`: the findings in file order, the numbers of
        entries checked and skipped, and the repairs written. ``report.ok`` is false while an
        error remains.

    Raises:
        InputError: The file is missing or unreadable.
        FormatError: It is malformed (the message names the line) or no bibliography, or the
            repair cannot be written; the file is then untouched.
        ConfigError: A bad option (``overwrite`` of another field, ``fix`` of RIS or of
            standard input without ``output``).
        OutputExists: ``output`` is another existing file and ``force`` is false; refused
            before any request.
        SourceUnavailable: No catalogue could be reached.
        TypeError: ``source`` is neither a path, text nor a Document, or ``session`` is no
            Session.
    """
    with _session_for(session) as active:
        return active.check(source, **options)


def check_zotero(
    collection: str | None = None,
    *,
    session: Session | None = None,
    **options: Unpack[CheckZoteroKwargs],
) -> CheckReport:
    """Check the books of a Zotero library, or of one of its collections, as :func:`check`
    checks a file; optionally repair the items in Zotero.

    The items (books, and book sections by the book they are in; other types are skipped;
    the trash is left out) are read as ``bibkit export`` reads them and checked by the same
    rules as a file's entries. Each finding's ``key`` is the Zotero item key; the report's
    ``citation_keys`` give the citation key pinned on an item (its Citation Key field or a
    ``Citation Key:`` line in Extra).

    Args:
        collection: ``"A/B"``: the nested collection to check; the whole library by default.
        session: A Session to reuse; by default one is opened from the configuration.
        **options: :class:`bibkit.options.CheckZoteroKwargs`: ``fix`` (write the certain
            repairs, as :func:`check` chooses them, into the items; each item is changed only
            if it is still as it was read: one changed in Zotero meanwhile is left as it is
            and reported, ``changed-in-zotero``), ``overwrite``, ``approve`` and ``sources``
            as for :func:`check`, and the library (``library_id``, ``library_type``,
            ``api_key``: read access, or write access with ``fix``; by default the
            configuration's).

    Returns:
        A :class:`bibkit.verify.CheckReport`, ``applied`` holding the repairs made.

    Raises:
        ConfigError: No library id or key, a bad collection path or no such collection, or
            ``overwrite`` of a field no check compares.
        ZoteroError: The library cannot be read, or the key may not write.
        SourceUnavailable: No catalogue could be reached.
    """
    with _session_for(session) as active:
        return active.check_zotero(collection, **options)
