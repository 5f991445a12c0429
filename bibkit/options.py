"""The keyword sets of the public calls, each written once.

``bibkit.resolve``, ``Session.resolve``, ``Session.resolve_texts``, ``bibkit.lookup``,
``push_to_zotero`` and the command line all steer resolution with the same keywords; the
push and check calls likewise share theirs. Each set is a :class:`~typing.TypedDict` that the
calls take as ``**options: Unpack[...]`` (PEP 692, as requests types its ``**kwargs``), so a
keyword is added, renamed or documented in one place and mypy checks every call against it.

Every key may be left out: the call then uses its default, written once where the keywords
are used (:class:`bibkit.resolve.ResolveOptions`, :func:`bibkit.zotero.push`...).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from bibkit.sources.base import EditionOrder

if TYPE_CHECKING:
    from bibkit.model import Finding

K = TypeVar("K", bound=Mapping[str, object])
"""A keyword set: one of the TypedDicts below."""

__all__ = [
    "CheckFileKwargs",
    "CheckKwargs",
    "CheckZoteroKwargs",
    "DumpKwargs",
    "ExportKwargs",
    "ExportZoteroKwargs",
    "OutputKwargs",
    "PushKwargs",
    "PushToZoteroKwargs",
    "ResolveKwargs",
    "ZoteroLibraryKwargs",
    "part",
]


class ResolveKwargs(TypedDict, total=False):
    """How mentions are resolved to editions.

    Attributes:
        sources: Source names to consult, in order (default: the configuration's).
        min_confidence: Best candidates below this confidence are reported as not found
            (default, or ``None``: the measured threshold of :mod:`bibkit.match`).
        edition: ``latest`` (default: the edition a reader most likely holds today),
            ``earliest`` or ``any``; an ISBN in the mention always wins.
        language: Preferred edition language (ISO 639-1; default ``en``), ``None`` for no
            preference.
        publisher: Preferred publisher of the edition ("Verso" matches "Verso Books").
    """

    sources: Iterable[str] | None
    min_confidence: float | None
    edition: EditionOrder
    language: str | None
    publisher: str | None


class ZoteroLibraryKwargs(TypedDict, total=False):
    """Which Zotero library, and the key to it; a key left out (or ``None``) takes the
    configuration's (``ZOTERO_LIBRARY_ID``, ``ZOTERO_LIBRARY_TYPE``, ``ZOTERO_API_KEY``).

    Attributes:
        library_id: Zotero userID or group id.
        library_type: ``"user"`` or ``"group"``.
        api_key: A key with the access the call needs (write access to push or repair).
    """

    library_id: str | None
    library_type: str | None
    api_key: str | None


class PushKwargs(TypedDict, total=False):
    """Where and how books are put into a Zotero library (:func:`bibkit.zotero.push`).

    Attributes:
        collection: ``"A/B"``: the nested collection to put the books in, found by name or
            created.
        tags: Tags for every created book.
        note: Give each created book a child note with the mention text and ``origin``.
        origin: Where the input came from (a file name or URL), for the note.
        dry_run: Read the library and report what would be created or skipped; no writes.
        add_existing_to_collection: Also put books already in the library into
            ``collection`` (their other collections are kept); default true.
    """

    collection: str | None
    tags: Iterable[str]
    note: bool
    origin: str | None
    dry_run: bool
    add_existing_to_collection: bool


class PushToZoteroKwargs(PushKwargs, ZoteroLibraryKwargs, ResolveKwargs, total=False):
    """The keywords of :func:`bibkit.push_to_zotero`: the push, the library, and how a text
    given instead of books is resolved first."""


class CheckKwargs(TypedDict, total=False):
    """How a bibliography's books are checked, and which repairs are made.

    Attributes:
        fix: Make the repairs the catalogues make certain.
        overwrite: Fields whose written values may also be replaced by the certain record's
            (``isbn``, ``publisher``, ``year``, ``place``, ``author``, ``title``).
        approve: With ``fix``, called with each finding whose repair is about to be made;
            only the repairs it returns True for are made.
        sources: Source names to consult, in order (default: the configuration's).
    """

    fix: bool
    overwrite: Iterable[str]
    approve: Callable[[Finding], bool] | None
    sources: Iterable[str] | None


class CheckFileKwargs(CheckKwargs, total=False):
    """The keywords of :func:`bibkit.check`: a check, and where a repaired file goes.

    Attributes:
        output: With ``fix``, write the repaired file here and leave the original untouched.
        force: With ``output``, replace an existing file (its old content kept as ``.bak``).
    """

    output: str | os.PathLike[str] | None
    force: bool


class CheckZoteroKwargs(CheckKwargs, ZoteroLibraryKwargs, total=False):
    """The keywords of :func:`bibkit.check_zotero`: a check, and the library it reads."""


class DumpKwargs(TypedDict, total=False):
    """How books are written as a bibliography (:func:`bibkit.dumps` and every call that
    writes one).

    Attributes:
        format: ``bibtex``, ``biblatex``, ``csljson`` or ``ris`` (aliases too: ``bib``,
            ``json``...); by default the file's suffix says, else bibtex.
        ascii: .bib only: LaTeX accents instead of UTF-8 (default: BibTeX yes, BibLaTeX no).
        key_pattern: Citation key pattern, Better BibTeX style (default: bibkit's own,
            ``auth.lower + shorttitle(3,3) + year``).
        skip: Fields to leave out: ``url``, ``note``, ``isbn``, ``pages``, ``language``,
            ``series``, ``edition``, ``publisher``, ``place``, ``origdate``.
    """

    format: str | None
    ascii: bool | None
    key_pattern: str
    skip: Iterable[str]


class OutputKwargs(DumpKwargs, total=False):
    """Where a bibliography file is written (:class:`bibkit.formats.output.Output`).

    Attributes:
        merge: Add only the books an existing .bib lacks; keep every entry it has (its old
            content kept as ``.bak``).
        force: Replace an existing file (its old content kept as ``.bak``); without
            ``merge`` or ``force`` an existing file is refused.
    """

    merge: bool
    force: bool


class ExportKwargs(DumpKwargs, total=False):
    """What a Zotero export writes (:func:`bibkit.zotero.export.export`); of the formats,
    ``bibtex``, ``biblatex`` or ``csljson`` (``.json``).

    Attributes:
        collection: ``"A/B"``: only the entries of this nested collection.
        force: Replace an output that no earlier export of this scope wrote (kept as .bak).
        dry_run: Read Zotero and report; write nothing (neither the output nor its state).
    """

    collection: str | None
    force: bool
    dry_run: bool


class ExportZoteroKwargs(ExportKwargs, ZoteroLibraryKwargs, total=False):
    """The keywords of :func:`bibkit.export_zotero`: the export, and the library it reads."""


def part(options: Mapping[str, Any], kind: type[K]) -> K:
    """The keywords of ``options`` that belong to the set ``kind`` (one of the classes
    above): how a call hands each callee its share of the keywords it was given, without
    naming them again."""
    keys = getattr(kind, "__optional_keys__") | getattr(kind, "__required_keys__")  # noqa: B009
    return cast(K, {k: v for k, v in options.items() if k in keys})
