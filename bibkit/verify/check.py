"""Checking every entry of a bibliography: one batched ISBN lookup, one resolution per book."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bibkit.errors import SourceUnavailable
from bibkit.model import Change, Finding, Mention, Resolution, Severity, Status
from bibkit.resolve import isbn_records
from bibkit.sources.base import Source
from bibkit.verify.document import Entry, is_book, skip_reason, written_isbn
from bibkit.verify.judge import judge, mention_of

__all__ = ["UNCHECKED_CODES", "CheckReport", "Resolver", "check_entries", "finding_records", "report_json"]

#: The codes of the findings that say a service failed, not that the entry is wrong.
UNCHECKED_CODES = frozenset({"not-checked", "isbn-unchecked"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    """What a check found, and what a repair changed.

    Attributes:
        source: The file checked.
        findings: Every finding, entry by entry in file order.
        checked: Books, and chapters by their book, checked against the catalogues.
        skipped: Entries that cite no book (articles, conference papers, web pages...), and
            chapters that do not name their book: not checked.
        applied: The changes written (empty without ``fix``).
        written: Where the repaired file was written, if it was.
        backup: The copy of the file it replaced, if one was made.
        citation_keys: For a Zotero library or collection, whose findings are keyed by item
            key: the citation key pinned on each item that has one.
    """

    source: str
    findings: tuple[Finding, ...] = ()
    checked: int = 0
    skipped: int = 0
    applied: tuple[Change, ...] = ()
    written: str | None = None
    backup: str | None = None
    citation_keys: Mapping[str, str] = field(default_factory=dict)

    def with_severity(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def remaining_errors(self) -> tuple[Finding, ...]:
        """Errors the written repairs did not settle: what should fail a CI job."""
        done = set(self.applied)
        return tuple(
            f
            for f in self.findings
            if f.severity is Severity.ERROR and (f.change is None or f.change not in done)
        )

    @property
    def ok(self) -> bool:
        return not self.remaining_errors

    @property
    def unchecked(self) -> tuple[Finding, ...]:
        """Findings that say a service failed for an entry (it, or its ISBN, could not be
        checked), not that the entry is wrong: a later run may settle them."""
        return tuple(f for f in self.findings if f.code in UNCHECKED_CODES)


Resolver = Callable[[Sequence[Mention]], list[Resolution]]


def check_entries(
    entries: Sequence[Entry], *, resolver: Resolver, sources: Sequence[Source]
) -> tuple[list[Finding], int, int]:
    """Findings for every entry, in order, and the numbers of entries checked and skipped.

    Which entries are checked is decided by their kind, the same in every format
    (:func:`bibkit.verify.document.is_book`): books, and chapters by the book they are in.

    Args:
        entries: The entries of one file.
        resolver: Resolves mentions (a Session's ``resolve``, with its cache and pool).
        sources: The sources to look ISBNs up in.

    Raises:
        SourceUnavailable: No source answered at all.
    """
    findings: dict[int, list[Finding]] = {}
    todo: list[int] = []
    skipped = 0
    for i, entry in enumerate(entries):
        if not is_book(entry):
            skipped += 1
            findings[i] = [
                Finding(
                    key=entry.key,
                    severity=Severity.INFO,
                    code="skipped",
                    line=entry.line,
                    message=skip_reason(entry),
                )
            ]
        elif not entry.book.title:
            findings[i] = [
                Finding(
                    key=entry.key,
                    severity=Severity.ERROR,
                    code="missing-title",
                    line=entry.line,
                    field="title",
                    message="no title: the book cannot be checked",
                )
            ]
        else:
            todo.append(i)
    isbns = list(dict.fromkeys(isbn for i in todo if (isbn := written_isbn(entries[i]))))
    records, errors = isbn_records(isbns, sources) if isbns else ({}, [])
    note = errors[0] if errors and len(errors) == len(sources) else ""
    resolutions = resolver([mention_of(entries[i]) for i in todo])
    if resolutions and all(r.status is Status.ERROR for r in resolutions) and (note or not isbns):
        raise SourceUnavailable(resolutions[0].reason)
    for i, resolution in zip(todo, resolutions, strict=True):
        entry = entries[i]
        record = records.get(written_isbn(entry) or "")
        findings[i] = judge(entry, record, resolution, isbn_note=note)
    out = [f for i in range(len(entries)) for f in findings.get(i, [])]
    return out, len(todo), skipped


def report_json(report: CheckReport) -> str:
    """The findings as a JSON list, for ``--json``."""
    return json.dumps(finding_records(report), ensure_ascii=False, indent=2)


def finding_records(report: CheckReport) -> list[dict[str, Any]]:
    """Each finding as a JSON object; with the item's ``citation_key`` when it has one."""
    records: list[dict[str, Any]] = []
    for finding in report.findings:
        record = finding.to_dict()
        if finding.key in report.citation_keys:
            record["citation_key"] = report.citation_keys[finding.key]
        records.append(record)
    return records
