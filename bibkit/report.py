"""What became of every mention of a run: written, or why not. Pure: records in, records out.

A bibliography that silently lacks a book the text named is worse than an error: the user
finds out at the printer. So ``bibkit convert`` accounts for each mention, in text order, with
one :class:`Outcome`: ``written`` (with its citation key), ``duplicate`` (the same book as an
earlier mention: written once), ``already_present`` (``--merge``: the file has it), or one of
the reasons it was not written: ``not_found``, ``ambiguous``, ``error`` (a service failed) and
``below_min_confidence`` (a match that the default threshold would have taken, refused by
``--min-confidence``). The CLI lists the unwritten ones on stderr and, with ``--report``,
writes all of them as JSON (:func:`report_json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bibkit.identity import BookIndex, keys_of
from bibkit.jsonstream import Lazy, pieces
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.resolve import RESOLVE_THRESHOLD

__all__ = ["OUTCOMES", "UNWRITTEN", "Outcome", "account", "describe", "report_chunks", "report_json"]

#: Every outcome, in the order a summary lists them.
OUTCOMES: tuple[str, ...] = (
    "written",
    "duplicate",
    "already_present",
    "not_found",
    "ambiguous",
    "error",
    "below_min_confidence",
)
#: The outcomes of mentions whose book is not in the output.
UNWRITTEN: frozenset[str] = frozenset({"not_found", "ambiguous", "error", "below_min_confidence"})

#: Version of the JSON report's layout; a reader checks it.
REPORT_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What became of one mention.

    Attributes:
        resolution: The mention's resolution (``resolution.mention`` is the mention).
        outcome: One of :data:`OUTCOMES`.
        line: 1-based line of the mention in the input, 0 when unknown.
        key: The citation key the book has in the output (``written``, ``duplicate``,
            ``already_present``), if the format has keys.
        reason: One line a person can read.
        input: The input the mention is in, when a run reads several (else ``None``).
    """

    resolution: Resolution
    outcome: str
    line: int = 0
    key: str | None = None
    reason: str = ""
    input: str | None = None

    @property
    def mention(self) -> Mention:
        return self.resolution.mention

    @property
    def written(self) -> bool:
        """Whether the mention's book is in the output (written now, earlier, or already there)."""
        return self.outcome not in UNWRITTEN

    def to_dict(self) -> dict[str, Any]:
        mention, book = self.mention, self.resolution.book
        where = {"input": self.input} if self.input is not None else {}
        return where | {
            "line": self.line or None,
            "text": mention.text,
            "title": mention.title,
            "author": mention.best_author,
            "isbn": mention.isbn,
            "outcome": self.outcome,
            "key": self.key,
            "book": book.full_title if book else None,
            "book_isbn": (book.isbn13 if book else None),
            "confidence": self.resolution.confidence,
            "reason": self.reason,
        }


def _line_of(text: str | None, mention: Mention) -> int:
    if text is None or text[mention.start : mention.end] != mention.text or mention.start == mention.end:
        return 0
    return text.count("\n", 0, mention.start) + 1


def _unresolved(resolution: Resolution, min_confidence: float | None) -> str:
    if resolution.status is Status.AMBIGUOUS:
        return "ambiguous"
    if resolution.status is Status.ERROR:
        return "error"
    if (
        min_confidence is not None
        and resolution.candidates
        and min_confidence > resolution.confidence >= RESOLVE_THRESHOLD
    ):
        return "below_min_confidence"
    return "not_found"


def account(
    resolutions: Iterable[Resolution],
    written: Sequence[tuple[str | None, Book]],
    *,
    present: Sequence[tuple[Book, str]] = (),
    text: str | None = None,
    inputs: Sequence[tuple[str, str | None, int]] = (),
    min_confidence: float | None = None,
) -> list[Outcome]:
    """One :class:`Outcome` per resolution, in order.

    Args:
        resolutions: The run's resolutions, in text order.
        written: ``(key, book)`` for each book put in the output, in output order; the books
            are the very objects of the resolutions (the first of each set of repeats), and
            ``key`` is ``None`` for a format without keys.
        present: ``(book, key)`` for each book a merge found already in the file.
        text: The input text, to give each mention its line number.
        inputs: For a run over several inputs instead: ``(name, text, count)`` of each, in
            the order of ``resolutions``, whose next ``count`` resolutions are its mentions
            (``text`` ``None`` for a bibliography); each outcome names its input, and its
            line is the line in that input.
        min_confidence: The ``--min-confidence`` given, if any.

    Returns:
        The outcomes, in the order of ``resolutions``.
    """
    index = BookIndex()
    for written_key, entry in written:
        index.add(keys_of(entry), written_key or "")
    keys_written = {id(entry): key for key, entry in written}
    keys_present = {id(entry): key for entry, key in present}
    origins = [(name, body) for name, body, count in inputs for _ in range(count)]
    out: list[Outcome] = []
    for i, r in enumerate(resolutions):
        name, body = origins[i] if origins else (None, text)
        line = _line_of(body, r.mention)
        book = r.book
        key: str | None = None
        reason = r.reason
        if book is None:
            outcome = _unresolved(r, min_confidence)
        elif id(book) in keys_written:
            outcome, key = "written", keys_written.pop(id(book))
        elif id(book) in keys_present:
            outcome, key = "already_present", keys_present[id(book)]
            reason = f"already in the file as {key}"
        else:
            outcome, key = "duplicate", index.find(keys_of(book)) or None
            reason = f"the same book as an earlier mention{f' ({key})' if key else ''}"
        out.append(Outcome(resolution=r, outcome=outcome, line=line, key=key, reason=reason, input=name))
    return out


def describe(outcome: Outcome) -> str:
    """One line for a person: where the mention is, what it said, and why it is not written."""
    line = f"line {outcome.line}" if outcome.line else ""
    where = ", ".join(part for part in (outcome.input, line) if part)
    where += ": " if where else ""
    label = outcome.outcome.replace("_", " ")
    return f"{label}: {where}{outcome.mention.text!r}: {outcome.reason}"


def report_chunks(outcomes: Sequence[Outcome], *, source: str | Sequence[str], output: str) -> Iterator[str]:
    """The ``--report`` file: a summary by outcome, then every mention with its outcome; in
    pieces, each outcome made as it is written (:mod:`bibkit.jsonstream`).

    ``source`` is the input, or the list of inputs of a run over several (each outcome then
    names its own)."""
    counts = {name: sum(o.outcome == name for o in outcomes) for name in OUTCOMES}
    data = {
        "bibkit_report": REPORT_VERSION,
        "input": source if isinstance(source, str) else list(source),
        "output": output,
        "mentions": len(outcomes),
        "counts": {name: n for name, n in counts.items() if n},
        "outcomes": Lazy(o.to_dict() for o in outcomes),
    }
    yield from pieces(data)
    yield "\n"


def report_json(outcomes: Sequence[Outcome], *, source: str | Sequence[str], output: str) -> str:
    """The ``--report`` file as one text (see :func:`report_chunks`)."""
    return "".join(report_chunks(outcomes, source=source, output=output))


def is_report(data: bytes) -> bool:
    """Whether ``data`` is a report :func:`report_json` wrote, which a new run may replace."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(parsed, dict) and parsed.get("bibkit_report") == REPORT_VERSION
