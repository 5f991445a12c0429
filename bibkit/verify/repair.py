"""Repairs: the certain changes of a check's findings, written into the file so that every
byte outside the changed values stays as it was (:mod:`bibkit.formats.edit`,
:mod:`bibkit.formats.csl_edit`), atomically, with a backup."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from bibkit.errors import ConfigError, FormatError, OutputExists
from bibkit.formats import csl_edit, write_file
from bibkit.formats.edit import FieldEdit, apply_edits, edit_for
from bibkit.model import Change, Finding, Severity
from bibkit.verify.document import Document, Entry

__all__ = ["OVERWRITABLE", "can_fix", "fix", "fixes", "repaired"]

#: Fields ``overwrite`` may name: the values a check can compare with a certain record.
OVERWRITABLE = ("isbn", "publisher", "year", "place", "author", "title")


def _replaces_another(document: Document, output: str | os.PathLike[str] | None) -> bool:
    """Whether writing to ``output`` would replace a file other than the one checked."""
    if output is None or not os.path.lexists(output):
        return False
    if document.path is None:
        return True
    try:
        return not os.path.samefile(output, document.path)
    except OSError:
        return True


def _refuse_to_replace(output: str | os.PathLike[str]) -> OutputExists:
    return OutputExists(f"{output} exists; use --force to replace it (keeping {output}.bak)")


def can_fix(document: Document, output: str | os.PathLike[str] | None, *, force: bool = False) -> None:
    """Refuse, before any work, a repair that could not be written.

    Raises:
        ConfigError: The document came from standard input and there is no ``output``, or
            it is RIS, whose records bibkit can read but not edit in place.
        OutputExists: ``output`` is another file that exists, and ``force`` is false: as
            for ``convert``, no file is replaced unless asked.
    """

    if document.format not in ("bibtex", "csljson"):
        raise ConfigError(
            f"{document.label}: only .bib and CSL-JSON files can be repaired; check this one "
            "without --fix, or convert it to .bib first"
        )
    if output is None and document.path is None:
        raise ConfigError(f"{document.label}: a repair needs a file to write: add -o FILE")
    if output is not None and not force and _replaces_another(document, output):
        raise _refuse_to_replace(output)


def fixes(findings: Iterable[Finding], *, overwrite: Iterable[str] = ()) -> list[Change]:
    """The changes a repair makes: every certain one that fills a missing field or corrects a
    provably wrong ISBN, and those that replace a written value of a field in ``overwrite``.
    At most one change per field of an entry (the first).

    Raises:
        ConfigError: ``overwrite`` names a field no check compares.
    """

    allowed = set(overwrite)
    unknown = allowed - set(OVERWRITABLE)
    if unknown:
        known = ", ".join(OVERWRITABLE)
        raise ConfigError(f"cannot overwrite {', '.join(sorted(unknown))} (fields a check compares: {known})")
    chosen: dict[tuple[str, str], Change] = {}
    for finding in findings:
        change = finding.change
        if change is None:
            continue
        provable = change.field == "isbn" and finding.severity is Severity.ERROR
        if change.overwrites and not provable and change.field not in allowed:
            continue
        chosen.setdefault((change.key, change.field), change)
    return list(chosen.values())


def _bib_data(document: Document, entries: Mapping[str, Entry], changes: Sequence[Change]) -> str:
    text = document.text
    ascii = not document.utf8 or text.isascii()
    edits: list[FieldEdit] = []
    for change in changes:
        entry = entries[change.key]
        if entry.block is not None:
            edits.append(edit_for(text, entry.block, change.field, change.new, ascii=ascii))
    return apply_edits(text, edits)


def _csl_data(document: Document, entries: Mapping[str, Entry], changes: Sequence[Change]) -> str:
    spans = csl_edit.items(document.text, source=document.label)
    edits = []
    for change in changes:
        index = entries[change.key].index
        if index is not None:
            edits.append(csl_edit.edit_for(document.text, spans[index], change.field, change.new))
    return csl_edit.apply_edits(document.text, edits)


def _encode(document: Document, text: str) -> bytes:
    try:
        return document.encoded(text)
    except UnicodeEncodeError as err:
        raise FormatError(
            f"{document.label}: not UTF-8 but {document.encoding}, and a repair needs letters it lacks; "
            "convert the file to UTF-8 first"
        ) from err


def repaired(document: Document, changes: Sequence[Change]) -> bytes:
    """The document's bytes with ``changes`` made, everything else byte for byte.

    Raises:
        FormatError: The file's encoding (Windows-1252) cannot hold a new value.
    """
    entries = {e.key: e for e in document.entries}
    if document.format == "csljson":
        return _encode(document, _csl_data(document, entries, changes))
    return _encode(document, _bib_data(document, entries, changes))


def fix(
    document: Document,
    findings: Sequence[Finding],
    *,
    overwrite: Iterable[str] = (),
    approve: Callable[[Finding], bool] | None = None,
    output: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> tuple[tuple[Change, ...], str | None, str | None]:
    """Make the certain repairs of ``findings`` and write the file atomically.

    Args:
        document: The file checked.
        findings: What the check found.
        overwrite: Fields whose written values may be replaced (see :func:`fixes`).
        approve: Asked about each repair before it is made (``--interactive``); all by default.
        output: Write here instead of over the original (which is then left untouched).
        force: Replace ``output`` if it is another file that exists (kept as ``.bak``).

    Returns:
        The changes written, where, and the backup of the file replaced (if one was).

    Raises:
        FormatError: Cannot write, the file changed meanwhile, or a repair cannot be written
            in its format; nothing is written.
        OutputExists: ``output`` is another existing file and ``force`` is false (also when
            it appeared while the check ran); nothing is written.
        ConfigError: ``overwrite`` names a field no check compares.
    """
    changes = fixes(findings, overwrite=overwrite)
    uses = Counter(e.key for e in document.entries)
    changes = [c for c in changes if uses[c.key] == 1]  # a key used twice names no one entry to repair
    if approve is not None:
        by_change = {f.change: f for f in findings if f.change is not None}
        changes = [c for c in changes if approve(by_change[c])]
    target = Path(output) if output is not None else document.path
    if target is None:
        raise FormatError(f"{document.label}: a repair of standard input needs -o FILE")
    if not changes:
        return (), None, None
    data = repaired(document, changes)
    before = None
    if output is None and document.path is not None:
        before = document.path.stat()
        current = document.path.read_bytes()
        if current != _encode(document, document.text):
            raise FormatError(
                f"{document.label}: changed while bibkit was working; nothing written, try again"
            )
    replacing = output is None or os.path.lexists(target)
    if output is not None and not force and _replaces_another(document, output):
        raise _refuse_to_replace(output)
    backup = write_file(target, data, replace=replacing, backup=replacing, expect_unchanged=before)
    return tuple(changes), str(target), str(backup) if backup else None
