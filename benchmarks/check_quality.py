"""Does ``bibkit check`` find planted faults, and leave real entries alone? Measured offline.

Builds a catalogue from the real Open Library and Goodreads records in ``<shared>/data/``
(see ``tests/servers/real_catalog.py``) and serves it on loopback in Open Library's formats.
The corpus is written from real editions of that catalogue (title, authors, publisher, year,
ISBN as the records give them): a clean .bib of ``--clean`` entries, then for each kind of fault
``--per-kind`` copies of other real entries with that fault planted:

* wrong-book ISBN: the ISBN of another real book of the corpus;
* bad checksum: one digit of the ISBN mistyped;
* invented title: a title no catalogue has, by the entry's real author (no ISBN);
* invented author: the real title by a person who does not exist (no ISBN);
* off-by-one year: the year one more or one less than the edition's (ISBN kept; and once more
  without the ISBN, where only the years of the work's editions and its first publication can
  tell);
* misspelt surname: one letter of the first author's surname dropped, doubled or swapped;
* missing publisher: the publisher field left out.

The clean entries are also written in other ways a person writes them, and without their ISBN.
It runs ``bibkit.check`` on the whole file and prints, per kind: planted, found (a finding of
the kind's code; for invented books any error), recall; then the findings on the clean entries
(false alarms) by code, the false-error rate, and entries checked per second.

    python benchmarks/check_quality.py [--clean 400] [--per-kind 40] [--seed 15] [--misses]

Targets (issue 15): every invented book and wrong-book ISBN flagged as an error, ≥ 95 % of the
other planted faults found, errors on ≤ 1 % of clean entries.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import bibkit  # noqa: E402
from bibkit.formats.bibtex import entry, render  # noqa: E402
from bibkit.isbn import hyphenate, to_isbn10, to_isbn13  # noqa: E402
from bibkit.model import Book, Finding, Severity  # noqa: E402
from bibkit.names import parse_name  # noqa: E402
from bibkit.session import Session  # noqa: E402
from tests.servers.catalog import Catalog  # noqa: E402
from tests.servers.openlibrary import FakeServices  # noqa: E402
from tests.servers.real_catalog import RealCatalog, load_real_catalog  # noqa: E402

#: What counts as finding each kind of fault: one of these codes (with an error where the
#: issue demands one).
DETECTED_BY: dict[str, tuple[frozenset[str], bool]] = {
    "wrong-book ISBN": (frozenset({"isbn-other-book"}), True),
    "bad checksum": (frozenset({"isbn-checksum"}), True),
    "invented title": (frozenset(), True),  # any error
    "invented author": (frozenset(), True),
    "off-by-one year": (frozenset({"year-other-edition", "year-before-publication"}), False),
    "off-by-one year, no ISBN": (
        frozenset({"year-other-edition", "year-before-publication", "year-no-edition"}),
        False,
    ),
    "misspelt surname": (frozenset({"author-misspelt"}), False),
    "missing publisher": (frozenset({"missing-publisher"}), False),
}

# Word lists for invented titles and people.
_ADJECTIVES = ("Silent", "Hollow", "Amber", "Crimson", "Distant", "Vanishing", "Iron", "Gilded", "Northern")
_NOUNS = ("Lanterns", "Orchards", "Harbours", "Meridians", "Archives", "Cathedrals", "Frontiers", "Ledgers")
_PLACES = ("Velmora", "Oskarth", "Duvrenne", "Calloway", "Marrowick", "Tessaly", "Brundholm", "Quillon")
_GIVEN = ("Orla", "Tamsin", "Ivo", "Benedikt", "Saoirse", "Lucan", "Maren", "Evander", "Ilse", "Corvin")
_FAMILY = ("Venkbridge", "Hollowmere", "Strathwick", "Dunmorrow", "Caskelby", "Wrenfield", "Oakhaven")


def shared_dir() -> Path:
    path = Path(os.environ.get("BIBKIT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    if not (path / "data" / "catalog").is_dir():
        sys.exit(f"check_quality: shared data not found at {path} (set BIBKIT_SHARED_DIR)")
    return path


def real_books(catalog: Catalog) -> list[Book]:
    """Real English editions with ISBN, publisher and year, one per work, as a user would cite them."""
    books: list[Book] = []
    for work in catalog.works:
        if not work.authors:
            continue
        for edition in work.editions:
            isbn = to_isbn13(edition.isbn13 or "")
            if not (isbn and not isbn.startswith("979") and edition.publisher and edition.year):
                continue
            if edition.language not in ("eng", None) or len(edition.title) < 4:
                continue
            if catalog.by_isbn(isbn) != (work, edition):
                continue
            title, _, subtitle = edition.title.partition(": ")
            books.append(
                Book(
                    title=title,
                    subtitle=subtitle or None,
                    authors=tuple(work.authors[:2]),
                    publisher=edition.publisher,
                    year=edition.year,
                    isbn13=isbn,
                )
            )
            break
    return books


@dataclass(frozen=True)
class Planted:
    key: str
    kind: str  # a key of CLEAN_SETS or of DETECTED_BY
    book: Book
    isbn_text: str | None = None  # the ISBN as written, when not the writer's ISBN-13


#: The entries no error should be raised on, and the findings that are true there.
CLEAN_SETS: dict[str, frozenset[str]] = {
    "clean": frozenset(),
    "clean, written differently": frozenset(),
    # The edition's year without its ISBN: only the work's edition years can judge the year.
    "clean, no ISBN": frozenset(),
    # No publisher and no ISBN (and a few without a year): those are true findings.
    "annotated book": frozenset({"missing-publisher", "missing-year"}),
}


def _mistype(isbn: str, rng: random.Random) -> str:
    i = rng.randrange(3, 12)
    digit = str((int(isbn[i]) + rng.randrange(1, 10)) % 10)
    return isbn[:i] + digit + isbn[i + 1 :]


def _misspell(name: str, rng: random.Random) -> str | None:
    words = name.split()
    surname = words[-1]
    if len(surname) < 4 or not surname.isalpha():
        return None
    i = rng.randrange(1, len(surname) - 1)
    how = rng.choice(["drop", "double", "swap"])
    if how == "drop":
        wrong = surname[:i] + surname[i + 1 :]
    elif how == "double":
        wrong = surname[:i] + surname[i] + surname[i:]
    else:
        wrong = surname[:i] + surname[i + 1] + surname[i] + surname[i + 2 :]
    return " ".join([*words[:-1], wrong]) if wrong != surname else None


def plant(books: list[Book], catalog: Catalog, *, clean: int, per_kind: int, seed: int) -> list[Planted]:
    rng = random.Random(seed)
    rng.shuffle(books)
    corpus = [Planted(f"clean{i}", "clean", b) for i, b in enumerate(books[:clean])]
    pool = iter(books[clean:])

    def invented_title(author: str) -> str:
        while True:
            title = f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} of {rng.choice(_PLACES)}"
            if not catalog.search(title=title):
                return title

    def invented_person() -> str:
        while True:
            name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
            if not catalog.search(author=name):
                return name

    faults: dict[str, Callable[[Book], Book | None]] = {
        "wrong-book ISBN": lambda b: replace(b, isbn13=rng.choice(books[:clean]).isbn13),
        "bad checksum": lambda b: replace(b, isbn13=_mistype(b.isbn13 or "", rng)),  # see write_bib
        "invented title": lambda b: replace(
            b, title=invented_title(b.authors[0]), subtitle=None, isbn13=None
        ),
        "invented author": lambda b: replace(b, authors=(invented_person(),), isbn13=None),
        "off-by-one year": lambda b: replace(b, year=(b.year or 2000) + rng.choice((-1, 1))),
        "off-by-one year, no ISBN": lambda b: replace(
            b, year=(b.year or 2000) + rng.choice((-1, 1)), isbn13=None
        ),
        "misspelt surname": lambda b: (
            replace(b, authors=(wrong, *b.authors[1:])) if (wrong := _misspell(b.authors[0], rng)) else None
        ),
        "missing publisher": lambda b: replace(b, publisher=None),
    }
    for number, (kind, make) in enumerate(faults.items(), 1):
        made = 0
        while made < per_kind:
            original = next(pool)
            faulty = make(original)
            if faulty is None or (faulty.isbn13 == original.isbn13 and kind == "wrong-book ISBN"):
                continue
            wrong = faulty.isbn13 if kind == "bad checksum" else None
            corpus.append(Planted(f"fault{number}_{made}", kind, faulty, wrong))
            made += 1
    for i, book in enumerate(books[: clean // 2]):
        written, isbn = _written_differently(book, rng)
        corpus.append(Planted(f"variant{i}", "clean, written differently", written, isbn))
    for i, book in enumerate(books[clean // 2 : clean // 2 + clean // 4]):
        corpus.append(Planted(f"noisbn{i}", "clean, no ISBN", replace(book, isbn13=None)))
    return corpus


_PUBLISHER_TAIL = re.compile(r",? (?:Books|Press|Publishing|Publishers|Inc\.?|Ltd\.?|& Company|Co\.)$")


def _written_differently(book: Book, rng: random.Random) -> tuple[Book, str | None]:
    """The same edition as a person might write it: no subtitle, sentence case, initials, the
    publisher's short name, the ISBN-10 with hyphens. Nothing in it is wrong."""
    changes: dict[str, object] = {}
    if book.subtitle and rng.random() < 0.5:
        changes["subtitle"] = None
    if rng.random() < 0.5:
        changes["title"] = book.title[:1] + book.title[1:].lower()
    if rng.random() < 0.5:
        people = []
        for person in book.authors:
            name = parse_name(person)
            initials = " ".join(f"{w[0]}." for w in name.given.replace(".", " ").split() if w[:1].isalpha())
            people.append(f"{initials} {name.last}".strip() if initials and not name.corporate else person)
        changes["authors"] = tuple(people)
    if book.publisher and rng.random() < 0.5:
        changes["publisher"] = _PUBLISHER_TAIL.sub("", book.publisher) or book.publisher
    isbn10 = to_isbn10(book.isbn13 or "")
    isbn = hyphenate(isbn10) if isbn10 and rng.random() < 0.5 else None
    return replace(book, **changes), isbn  # type: ignore[arg-type]


def annotated(real: RealCatalog) -> list[Planted]:
    """The books the annotated texts name, as a person would cite them from memory: canonical
    title and authors, the year of first publication, no publisher or ISBN. Those the catalogue
    leaves out on purpose are "possibly invented" to it: they are counted apart."""
    out: list[Planted] = []
    seen: set[str] = set()
    for gold in real.mentions:
        if gold.book in seen or gold.is_series or gold.implicit or not gold.canonical_authors:
            continue
        seen.add(gold.book)
        title = re.sub(r"\s*\([^)]*\)", "", gold.canonical_title).strip()
        main, _, subtitle = title.partition(": ")
        authors = tuple(re.sub(r"\s*\([^)]*\)", "", a).strip() for a in gold.canonical_authors)
        book = Book(title=main, subtitle=subtitle or None, authors=authors, year=gold.first_published)
        kind = "annotated book" if gold.book in real.present else "annotated book, absent"
        out.append(Planted(f"annotated{len(out)}", kind, book))
    return out


def write_bib(corpus: list[Planted], path: Path) -> None:
    entries = []
    for planted in corpus:
        kind, fields = entry(planted.book, planted.key, dialect="bibtex", ascii=False)
        if planted.isbn_text:
            fields["isbn"] = planted.isbn_text  # bibkit's writer would write a valid ISBN-13
        entries.append((kind, planted.key, fields))
    path.write_text(render(entries), encoding="utf-8")


def detected(kind: str, findings: list[Finding]) -> bool:
    codes, needs_error = DETECTED_BY[kind]
    if not codes:
        return any(f.severity is Severity.ERROR for f in findings)
    return any(f.code in codes and (f.severity is Severity.ERROR or not needs_error) for f in findings)


@dataclass(frozen=True)
class Measured:
    """One run of the check on a planted corpus: the entries, the findings by entry key, and
    the cost."""

    corpus: list[Planted]
    by_key: dict[str, list[Finding]]
    checked: int
    seconds: float
    requests: int

    def recall(self, kind: str) -> tuple[int, int]:
        """Faults of ``kind`` found, and planted."""
        planted = [p for p in self.corpus if p.kind == kind]
        return sum(detected(kind, self.by_key.get(p.key, [])) for p in planted), len(planted)

    def with_error(self, kind: str) -> tuple[int, int]:
        """Entries of ``kind`` (a clean set) with an error, and all of them."""
        entries = [p for p in self.corpus if p.kind == kind]
        errors = [p for p in entries if any(f.severity is Severity.ERROR for f in self.by_key.get(p.key, []))]
        return len(errors), len(entries)


def measure(real: RealCatalog, *, clean: int, per_kind: int, seed: int) -> Measured:
    """Plant the faults in real entries of ``real``'s catalogue, write the .bib, and check it
    against that catalogue served on loopback."""
    books = real_books(real.catalog)
    corpus = plant(books, real.catalog, clean=clean, per_kind=per_kind, seed=seed)
    corpus += annotated(real)
    with tempfile.TemporaryDirectory() as tmp, FakeServices(real.catalog) as server:
        path = Path(tmp) / "corpus.bib"
        write_bib(corpus, path)
        with Session(server.config(use_cache=False, cache_dir=Path(tmp) / "cache")) as session:
            start = time.perf_counter()
            report = bibkit.check(path, session=session)
            seconds = time.perf_counter() - start
            requests = session.http.stats.total_requests
    by_key: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_key.setdefault(finding.key, []).append(finding)
    return Measured(corpus, by_key, report.checked, seconds, requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clean", type=int, default=400)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--misses", action="store_true", help="print each miss and each false alarm")
    args = parser.parse_args()
    started = time.perf_counter()
    real = load_real_catalog(shared_dir())
    print(
        f"catalogue: {len(real.catalog.works):,} works; {len(real_books(real.catalog)):,} real editions "
        f"to cite (built in {time.perf_counter() - started:.1f} s)"
    )
    measured = measure(real, clean=args.clean, per_kind=args.per_kind, seed=args.seed)
    corpus, by_key = measured.corpus, measured.by_key
    seconds, requests = measured.seconds, measured.requests
    print(
        f"corpus: {len(corpus)} entries ({args.clean} clean, {args.clean // 2} written differently, "
        f"{args.clean // 4} without their ISBN, "
        f"{args.per_kind} per fault kind, the annotated books), seed {args.seed}\n"
    )
    print(f"{'fault kind':<26} {'planted':>7} {'found':>6} {'recall':>7}")
    for kind in DETECTED_BY:
        planted = [p for p in corpus if p.kind == kind]
        found = [p for p in planted if detected(kind, by_key.get(p.key, []))]
        print(f"{kind:<26} {len(planted):>7} {len(found):>6} {len(found) / len(planted):>7.1%}")
        if args.misses:
            for p in planted:
                if p not in found:
                    codes = [f"{f.code}: {f.message}" for f in by_key.get(p.key, [])]
                    print(
                        f"    missed {p.key}: {p.book.full_title!r} / {', '.join(p.book.authors)} -> {codes}"
                    )
    print()
    for name, true in CLEAN_SETS.items():
        entries = [p for p in corpus if p.kind == name]
        alarms = Counter(
            (f.severity.value, f.code)
            for p in entries
            for f in by_key.get(p.key, [])
            if f.severity is not Severity.INFO and f.code not in true
        )
        errors = [p for p in entries if any(f.severity is Severity.ERROR for f in by_key.get(p.key, []))]
        warned = [
            p
            for p in entries
            if any(f.severity is Severity.WARNING and f.code not in true for f in by_key.get(p.key, []))
        ]
        print(
            f"{name}: {len(entries)} entries; with an error {len(errors)} "
            f"({len(errors) / len(entries):.1%}), with a false warning {len(warned)} "
            f"({len(warned) / len(entries):.1%})"
        )
        for (severity, code), n in sorted(alarms.items()):
            print(f"    false alarm {severity:<8} {code:<26} {n}")
        notes = Counter(f.code for p in entries for f in by_key.get(p.key, []) if f.code == "year-no-edition")
        for code, n in sorted(notes.items()):
            print(f"    note (info)             {code:<26} {n}")
        if args.misses:
            for p in entries:
                for f in by_key.get(p.key, []):
                    if f.severity is not Severity.INFO and f.code not in true:
                        print(
                            f"    {p.key}: {p.book.full_title!r} / {', '.join(p.book.authors)} "
                            f"-> {f.code}: {f.message}"
                        )
    absent = [p for p in corpus if p.kind == "annotated book, absent"]
    flagged = [p for p in absent if any(f.code == "not-found" for f in by_key.get(p.key, []))]
    print(
        f"annotated books left out of the catalogue: {len(absent)}; reported not found "
        f"(possibly invented) {len(flagged)}"
    )
    print(
        f"\nchecked {measured.checked} entries in {seconds:.1f} s: {measured.checked / seconds:.1f} "
        f"entries/s against the loopback catalogue, {requests / measured.checked:.2f} requests per entry"
    )


if __name__ == "__main__":
    main()
