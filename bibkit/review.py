"""Review: a person settles the mentions resolution could not, once.

Every mention that is not a confident resolution (ambiguous; not found but with candidates,
which is also what ``--min-confidence`` turns a weak match into) is shown in its context line
with the candidates and their evidence. The person picks one, searches again with other words,
enters an ISBN, marks the mention "not a book", or skips it (asked again next time).

Each decision is stored in a small JSON file, keyed by what the mention says (its title,
author, year and ISBN, folded), not where it says it: the same reading list, or another text
naming the same book the same way, is settled on every later run without a question. The
default file is ``decisions.json`` in the user data directory; ``--decisions`` or the
``decisions`` setting puts it elsewhere (next to a project, to share it).

The answers are read from the terminal, not from standard input, when the text itself came on
standard input (``cat list.txt | bibkit convert - --review``): ``/dev/tty`` is opened.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import platformdirs

from bibkit.config import Config
from bibkit.errors import ConfigError, FormatError
from bibkit.isbn import to_isbn13
from bibkit.model import Book, Mention, Resolution, Status
from bibkit.sources.base import EditionOrder
from bibkit.text import fold

__all__ = [
    "Decision",
    "DecisionStore",
    "Terminal",
    "apply_decisions",
    "default_decisions_path",
    "mention_key",
    "needs_review",
    "open_terminal",
    "review",
]

#: The ``reason`` of a mention a person marked as no book; such mentions are never written.
NOT_A_BOOK = "marked as not a book in review"
_FORMAT = "bibkit-review-decisions"
#: The controlling terminal, asked when the text itself came on standard input.
_TTY = "CON" if os.name == "nt" else "/dev/tty"


def default_decisions_path() -> Path:
    """Where decisions live unless told otherwise: one file for every reading list."""
    return Path(platformdirs.user_data_dir("bibkit")) / "decisions.json"


def mention_key(mention: Mention) -> str:
    """What the mention says, folded: the same words in another text give the same key.

    Case, accents, punctuation and spacing do not count; the title, the author (as written
    fullest), the year and the ISBN do.
    """
    parts = [
        fold(mention.title or mention.text, plain=True),
        fold(mention.subtitle or "", plain=True),
        fold(mention.best_author or "", plain=True),
        str(mention.year or ""),
        mention.isbn or "",
    ]
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Decision:
    """A person's answer about one mention: a book, or ``None`` for "not a book"."""

    book: Book | None
    said: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"book": self.book.to_dict() if self.book else None, "mention": self.said}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        book = data.get("book")
        return cls(book=Book.from_dict(book) if book else None, said=str(data.get("mention") or ""))


class DecisionStore:
    """The decisions file: read once, written atomically after each answer (so an interrupted
    review keeps what was already decided).

    Raises:
        ConfigError: the file exists but is not a decisions file (never overwritten then).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_decisions_path()
        self._decisions: dict[str, Decision] = {}
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"cannot read the review decisions {self.path}: {err}") from err
        try:
            data = json.loads(raw)
            if data.get("format") != _FORMAT:
                raise ValueError("no decisions file")
            self._decisions = {k: Decision.from_dict(v) for k, v in dict(data["decisions"]).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ConfigError(
                f"{self.path} is not a bibkit review decisions file; move it away or name another "
                "with --decisions"
            ) from err

    def __len__(self) -> int:
        return len(self._decisions)

    def get(self, mention: Mention) -> Decision | None:
        return self._decisions.get(mention_key(mention))

    def put(self, mention: Mention, decision: Decision) -> None:
        """Remember ``decision`` for every mention that says what ``mention`` says; saved at once."""
        self._decisions[mention_key(mention)] = decision
        self.save()

    def save(self) -> None:
        from bibkit.formats import write_file  # the one atomic writer

        body = {
            "format": _FORMAT,
            "version": 1,
            "decisions": {k: d.to_dict() for k, d in sorted(self._decisions.items())},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_file(self.path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
        except FormatError as err:
            raise ConfigError(str(err)) from err


def decided(resolution: Resolution, decision: Decision, *, how: str) -> Resolution:
    """``resolution`` as a person's decision settles it."""
    if decision.book is None:
        return dataclasses.replace(
            resolution, book=None, status=Status.NOT_FOUND, reason=NOT_A_BOOK,
            evidence=(*resolution.evidence, how),
        )  # fmt: skip
    return dataclasses.replace(
        resolution,
        book=decision.book,
        status=Status.RESOLVED,
        confidence=max(resolution.confidence, 1.0),
        reason=f"chosen in review: {decision.book.full_title}",
        evidence=(*resolution.evidence, how),
    )


def apply_decisions(resolutions: Sequence[Resolution], store: DecisionStore) -> list[Resolution]:
    """Each resolution with the stored decision about its mention applied, if there is one.
    An entry kept as written (status ``kept``) is the user's own: no decision replaces it."""
    out = []
    for r in resolutions:
        decision = store.get(r.mention) if r.status is not Status.KEPT else None
        out.append(decided(r, decision, how="decided in an earlier review") if decision else r)
    return out


def needs_review(resolution: Resolution) -> bool:
    """Not a confident resolution, and a person could settle it: ambiguous, or not found with
    candidates (which includes a match below ``--min-confidence``). A mention marked "not a
    book" is settled."""
    if resolution.status is Status.AMBIGUOUS:
        return True
    return (
        resolution.status is Status.NOT_FOUND
        and bool(resolution.candidates)
        and resolution.reason != NOT_A_BOOK
    )


class Terminal:
    """Where questions go and answers come from: a pair of text streams."""

    def __init__(self, reader: TextIO, writer: TextIO) -> None:
        self._reader = reader
        self._writer = writer

    def say(self, line: str = "") -> None:
        self._writer.write(line + "\n")
        self._writer.flush()

    def ask(self, prompt: str) -> str | None:
        """One line typed, stripped; ``None`` at the end of input (Ctrl-D)."""
        self._writer.write(prompt)
        self._writer.flush()
        line = self._reader.readline()
        if not line:
            self._writer.write("\n")
            return None
        return line.strip()


@contextmanager
def open_terminal(*, stdin_is_input: bool) -> Iterator[Terminal]:
    """The person's terminal: standard input and error, unless the text came on standard
    input; then the controlling terminal itself.

    Raises:
        ConfigError: the text came on standard input and there is no terminal to ask on.
    """
    if not stdin_is_input:
        yield Terminal(sys.stdin, sys.stderr)
        return
    try:
        # Two streams: a terminal cannot seek, which a text stream opened "r+" needs.
        reader = open(_TTY, encoding="utf-8", errors="replace")  # noqa: SIM115
        writer = open(_TTY, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as err:
        raise ConfigError(
            "--review asks questions on the terminal, and there is none (the text came on standard "
            "input); give the text as a file"
        ) from err
    with reader, writer:
        yield Terminal(reader, writer)


#: Finds candidates for other words: ``words -> books``; an ISBN: ``isbn -> book or None``.
Search = Callable[[str], Sequence[Book]]
FindIsbn = Callable[[str], Book | None]


def _describe(book: Book) -> str:
    people = ", ".join(book.authors) or "unknown author"
    year = book.original_year or book.year or ""
    edition = ", ".join(str(x) for x in (book.publisher, book.year) if x)
    return f"{book.full_title} / {people} {year} {book.isbn13 or ''}".rstrip() + (
        f" [{edition}]" if edition else ""
    )


def _evidence(book: Book) -> str:
    sources = sorted({source for _, source in book.provenance})
    count = f"{book.edition_count} editions" if book.edition_count else ""
    return "; ".join(x for x in (f"from {', '.join(sources)}" if sources else "", count) if x)


_HELP = "number = that book, s = search with other words, i = enter an ISBN, n = not a book, 0 = skip"


def _ask_one(
    terminal: Terminal, resolution: Resolution, context: str, search: Search, find_isbn: FindIsbn
) -> Decision | bool | None:
    """One mention's question. A Decision, ``None`` to skip, ``False`` when input ended."""
    mention = resolution.mention
    candidates = list(resolution.candidates)
    status = resolution.status.value.replace("_", " ")
    terminal.say("")
    if context:
        terminal.say(f"  {context}")
    terminal.say(f"{mention.text!r} ({status}: {resolution.reason}) could be:")
    while True:
        for i, book in enumerate(candidates, 1):
            terminal.say(f"  {i}. {_describe(book)}")
            why = _evidence(book)
            if why:
                terminal.say(f"       {why}")
        if not candidates:
            terminal.say("  (no candidate)")
        answer = terminal.ask(f"which one? ({_HELP}) [0]: ")
        if answer is None:
            return False
        choice = answer.lower()
        if choice in ("", "0"):
            return None
        if choice.isdigit() and 1 <= int(choice) <= len(candidates):
            return Decision(candidates[int(choice) - 1], said=mention.text)
        if choice in ("n", "not a book"):
            return Decision(None, said=mention.text)
        if choice == "s":
            words = terminal.ask("search for (author and title words): ")
            if words is None:
                return False
            if words:
                found = list(search(words))
                terminal.say(
                    f"{len(found)} found for {words!r}:" if found else f"nothing found for {words!r}"
                )
                candidates = found or candidates
            continue
        if choice == "i":
            typed = terminal.ask("ISBN: ")
            if typed is None:
                return False
            isbn = to_isbn13(typed.replace("-", "").replace(" ", "")) if typed else None
            if not isbn:
                terminal.say(f"{typed!r} is not a valid ISBN")
                continue
            named = find_isbn(isbn)
            if named is None:
                terminal.say(f"no catalogue knows ISBN {isbn}")
                continue
            candidates = [named]
            continue
        terminal.say(f"{answer!r}: {_HELP}")


def review(
    resolutions: Sequence[Resolution],
    *,
    terminal: Terminal,
    store: DecisionStore,
    contexts: Sequence[str],
    search: Search,
    find_isbn: FindIsbn,
) -> list[Resolution]:
    """Ask about each resolution that :func:`needs_review`, store each answer, and return the
    resolutions with the answers applied. Skipped mentions stay as they were; the end of
    input (Ctrl-D) skips the rest, keeping the answers given.

    Args:
        resolutions: The run's resolutions (stored decisions already applied).
        terminal: Where to ask.
        store: Where answers are kept for later runs.
        contexts: The line of text each mention is on ("" when unknown), by position.
        search: Candidates for other words.
        find_isbn: The edition an ISBN names.
    """
    out = list(resolutions)
    asked = [i for i, r in enumerate(out) if needs_review(r)]
    for n, i in enumerate(asked, 1):
        terminal.say(f"\n[{n}/{len(asked)}]")
        answer = _ask_one(terminal, out[i], contexts[i] if i < len(contexts) else "", search, find_isbn)
        if answer is False:
            break
        if isinstance(answer, Decision):
            store.put(out[i].mention, answer)
            out[i] = decided(out[i], answer, how="decided in review by a person")
    return out


def context_line(text: str | None, mention: Mention, *, width: int = 160) -> str:
    """The line of ``text`` the mention is on (shortened around it), or ``""``."""
    if text is None or text[mention.start : mention.end] != mention.text or mention.start == mention.end:
        return ""
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    line_no = text.count("\n", 0, mention.start) + 1
    line = text[start : end if end != -1 else len(text)].strip()
    if len(line) > width:
        at = max(line.find(mention.text), 0)
        left = max(at - width // 3, 0)
        line = ("…" if left else "") + line[left : left + width] + "…"
    return f"line {line_no}: {line}"


def settle(
    per_input: Sequence[Sequence[Resolution]],
    *,
    texts: Sequence[str | None],
    labels: Sequence[str],
    config: Config,
    ask: bool,
    stdin_is_input: bool,
    decisions: str | os.PathLike[str] | None = None,
    sources: Iterable[str] | None = None,
    edition: EditionOrder = "latest",
    language: str | None = "en",
) -> list[list[Resolution]]:
    """The run's resolutions (one list per input) with earlier decisions applied, then, when
    ``ask``, the rest reviewed on the terminal; what the CLI's ``--review`` does.

    ``texts`` holds each input's text (``None`` for a bibliography), for the context lines;
    searches and ISBNs typed in review go through a :class:`bibkit.Session` of ``config``.
    """
    path = decisions if decisions is not None else config.decisions
    store = DecisionStore(path)
    settled = [apply_decisions(found, store) if len(store) else list(found) for found in per_input]
    if not ask or not any(needs_review(r) for found in settled for r in found):
        return settled
    from bibkit.lookup import lookup
    from bibkit.session import Session

    several = len(labels) > 1
    contexts = [
        (f"{label}: " if several and line else "") + line
        for label, text, found in zip(labels, texts, settled, strict=True)
        for line in (context_line(text, r.mention) for r in found)
    ]
    flat = [r for found in settled for r in found]
    sources = tuple(sources) if sources is not None else None  # asked once per search
    with Session(config) as session, open_terminal(stdin_is_input=stdin_is_input) as terminal:

        def found_for(query: str) -> list[Book]:
            # The run's edition and language; publisher and min_confidence have never steered
            # a search typed in review, and are not taken from the configuration either.
            [result] = lookup([query], session=session, sources=sources, edition=edition, language=language,
                              publisher=None, min_confidence=None)  # fmt: skip
            books = ([result.book] if result.book else []) + list(result.candidates)
            return list(dict.fromkeys(books))

        def by_isbn(isbn: str) -> Book | None:
            books = found_for(isbn)
            return books[0] if books else None

        flat = review(
            flat, terminal=terminal, store=store, contexts=contexts, search=found_for, find_isbn=by_isbn
        )
    out: list[list[Resolution]] = []
    at = 0
    for found in settled:
        out.append(flat[at : at + len(found)])
        at += len(found)
    return out
