"""A large catalogue built from real records, for benchmarks and the slower integration tests.

Sources (all under ``<shared>/data/``):

* ``catalog/openlibrary-political-subjects/``: ~6,200 Open Library works (title, authors,
  first year, up to three of the work's ISBNs, and the work's real edition count, which search
  reports as ``edition_count``). Each ISBN becomes an edition of its own with the work's title;
  the records do not say which publisher or language goes with which ISBN, so those stay
  unknown.
* ``catalog/goodreads-books-11k/books.csv``: ~11,000 real editions (ISBN, publisher, date,
  language, pages). Rows with the same title (series note removed) and first author form a
  work; a row whose title and first author match an Open Library work joins that work.
* ``mentions/*.json``: the books the annotated texts mention (canonical title, authors, first
  publication year). A fixed, documented share of them is left out of the catalogue on
  purpose (:data:`ABSENT_PERCENT`, chosen by a hash of :data:`ABSENT_SEED` and the book's
  identity, so the split is stable and a new seed draws another); for those, every real record
  of the book is removed too. A present book that the real records already hold gets its
  annotated first year and other titles (each as an edition, as translations are in Open
  Library); one they lack is added as a new work with two editions: a first edition (no ISBN
  before 1970, as ISBNs did not exist) and a current one. Invented ISBNs use the 979-0 prefix, which no
  book ISBN uses, so they can never be mistaken for a real book's.

The real records are the traps: thousands of works share title words and authors with the
mentioned books ("The Russian Revolution" by Pipes, Moorehead, Carr and Davies; Carr's other
volumes; Deutscher's other books; translations under their original titles).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from bibkit.isbn import to_isbn13
from tests.servers.catalog import Catalog, Edition, Work

__all__ = ["ABSENT_PERCENT", "ABSENT_SEED", "GoldMention", "RealCatalog", "book_id", "load_real_catalog"]

ABSENT_PERCENT = 20  # share of mentioned books deliberately left out of the catalogue
ABSENT_SEED = 13  # which ones: change it to draw another fifth
LATEST_YEAR = 2025  # the newest edition year a synthetic reprint may carry

_GOODREADS_LANGUAGES = {"en-US": "eng", "en-GB": "eng", "en-CA": "eng", "enm": "eng"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("&amp;", "and").replace("&", "and")
    plain = re.sub(r"[^\w\s]+", " ", plain)
    return re.sub(r"^(the|a|an)\s+", "", re.sub(r"\s+", " ", plain).strip())


def _strip_parenthetical(title: str) -> tuple[str, list[str]]:
    """("The Road to Life", ["Pedagogical Poem"]) from "The Road to Life (Pedagogical Poem)";
    several other titles in one note are separated by "; " ("(Grown Ups; Dorośli)")."""
    notes = [t for n in re.findall(r"\(([^)]*)\)", title) for t in n.split("; ")]
    main = re.sub(r"\s*\([^)]*\)", "", title).strip()
    return main, [re.sub(r"^[A-Z]+ title:\s*", "", n).strip() for n in notes if n.strip()]


def _main_title(title: str) -> str:
    """The title without its subtitle ("Title: Subtitle") or alternative title ("Title, or
    The Other"), as an edition may be cataloged under either."""
    return re.split(r"\s*:\s+|,\s+or,?\s+", title, maxsplit=1)[0]


def _surname(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name)
    parts = _fold(name.replace(".", " ")).split()
    parts = [p for p in parts if p not in {"jr", "sr", "ed", "iii"}]
    return parts[-1] if parts else ""


_SERIES_WORDS = 2  # "Batman: Year One": a main title this short may be a series, not the book


def _identity(title: str) -> str:
    """The folded title that identifies a book: the main title, or the whole title when the
    main one is a short series or character name before a colon ("Batman: Year One"). An
    alternative title is no such thing: "Slaughterhouse-Five, or The Children's Crusade" is
    the book "Slaughterhouse-Five", and must have its identity, or the two would be drawn
    present and absent apart and the absent one would take the present one's records."""
    main = _main_title(title)
    series = main != title and title[len(main) :].lstrip().startswith(":")
    return _fold(title if series and len(main.split()) <= _SERIES_WORDS else main)


def book_id(title: str, authors: list[str]) -> str:
    """A book's identity for the benchmark: folded main title and first author's surname."""
    main, _ = _strip_parenthetical(title)
    return f"{_identity(main)}|{_surname(authors[0]) if authors else ''}"


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention and the book it names."""

    file: str
    index: int
    surface: str
    author: str | None
    title: str | None
    canonical_title: str
    canonical_authors: tuple[str, ...]
    first_published: int | None
    isbn13: str | None
    implicit: bool
    is_series: bool
    book: str  # book_id

    @property
    def named(self) -> bool:
        return bool(self.title) and not self.implicit


@dataclass
class RealCatalog:
    catalog: Catalog
    mentions: list[GoldMention]
    present: set[str] = field(default_factory=set)  # book ids in the catalogue
    absent: set[str] = field(default_factory=set)  # book ids left out on purpose
    works_of: dict[str, set[str]] = field(default_factory=dict)  # book id -> its work keys


def annotation_files(shared: Path, extra: Sequence[Path] = ()) -> list[Path]:
    """The annotation files of the shared corpus, then those of the ``extra`` folders."""
    folders = [shared / "data" / "mentions", *extra]
    return [path for folder in folders for path in sorted(folder.glob("*.json"))]


def load_gold_mentions(shared: Path, extra: Sequence[Path] = ()) -> list[GoldMention]:
    out: list[GoldMention] = []
    for path in annotation_files(shared, extra):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, m in enumerate(data["mentions"]):
            authors = [a for a in m.get("canonical_authors") or [] if a]
            isbns = [to_isbn13(x) for x in m.get("isbn13_examples") or []]
            # A book the annotator could not name (a working title) is known by what the text says.
            canonical = m.get("canonical_title") or m.get("title") or m["surface"]
            out.append(
                GoldMention(
                    file=path.stem,
                    index=i,
                    surface=m["surface"],
                    author=m.get("author"),
                    title=m.get("title"),
                    canonical_title=canonical,
                    canonical_authors=tuple(authors),
                    first_published=m.get("first_published"),
                    isbn13=next((x for x in isbns if x), None),
                    implicit=bool(m.get("implicit")),
                    is_series=bool(m.get("is_series")),
                    book=book_id(canonical, authors),
                )
            )
    return out


def is_absent(book: str, *, seed: int = ABSENT_SEED, percent: int = ABSENT_PERCENT) -> bool:
    """Whether ``book`` is one of those left out: a hash of the seed and the book's identity,
    so the split is the same on every run and changes only with the seed."""
    digest = hashlib.sha256(f"{seed}/{book}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def _ol_works(shared: Path) -> Iterator[Work]:
    folder = shared / "data" / "catalog" / "openlibrary-political-subjects"
    seen: set[str] = set()
    counter = 0
    for name in ("open_library_checkpoint_10.json", "open_library_books.json"):
        for rec in json.loads((folder / name).read_text(encoding="utf-8")):
            key = str(rec["open_library_key"]).rsplit("/", 1)[-1]
            if key in seen or not rec.get("title"):
                continue
            seen.add(key)
            authors = list(dict.fromkeys(a for a in rec.get("authors") or [] if a))
            languages = rec.get("languages") or []
            editions = []
            for raw in rec.get("isbn") or []:
                isbn13 = to_isbn13(raw)
                if isbn13 and all(e.isbn13 != isbn13 for e in editions):
                    counter += 1
                    editions.append(Edition(f"OL{counter}M", rec["title"], isbn13, language=None))
            if not editions:
                counter += 1
                editions.append(
                    Edition(f"OL{counter}M", rec["title"], language=languages[0] if languages else None)
                )
            count = rec.get("edition_count")
            yield Work(
                key,
                rec["title"],
                authors,
                rec.get("first_publish_year") or rec.get("year"),
                editions=editions,
                known_editions=count if isinstance(count, int) else None,
            )


def _goodreads_rows(shared: Path) -> Iterator[dict[str, str]]:
    path = shared / "data" / "catalog" / "goodreads-books-11k" / "books.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        for row in reader:
            if len(row) == len(header) + 1:  # an author string with a comma shifted the columns
                row = [row[0], row[1], row[2] + "," + row[3], *row[4:]]
            if len(row) != len(header):
                continue
            yield dict(zip(header, row, strict=True))


def _goodreads_edition(row: dict[str, str]) -> tuple[str, str | None, list[str], Edition] | None:
    isbn13 = to_isbn13(row["isbn13"]) or to_isbn13(row["isbn"])
    title = re.sub(r"\s+", " ", row["title"]).strip()
    series = None
    found = re.search(r"\s*\(([^()]*#[^()]*)\)\s*$", title)
    if found:
        series = re.sub(r"\s*#.*$", "", found.group(1)).strip(" ,")
        title = title[: found.start()].strip()
    if not title:
        return None
    date = row["publication_date"].split("/")
    year = date[-1] if len(date) == 3 and date[-1].isdigit() else ""
    pages = row["num_pages"].strip()
    language = _GOODREADS_LANGUAGES.get(row["language_code"], row["language_code"] or None)
    edition = Edition(
        f"OL{90_000_000 + int(row['bookID'])}M",
        title,
        isbn13,
        re.sub(r"\s+", " ", row["publisher"]).strip() or None,
        year or None,
        language=language,
        pages=int(pages) if pages.isdigit() and int(pages) > 0 else None,
    )
    authors = [a.strip() for a in row["authors"].split("/") if a.strip()]
    return title, series, authors, edition


def _split_title(title: str) -> tuple[str, str | None]:
    main, _, sub = title.partition(": ")
    return main.strip(), (sub.strip() or None)


def _same_title(a: str, b: str, similar: int) -> bool:
    """Main titles alike; and the subtitles too when both have one after a short series name."""

    def close(x: str, y: str) -> bool:
        return bool(x and y) and (x == y or (len(x) > 6 and fuzz.ratio(x, y) >= similar))

    main_a, main_b = _main_title(a), _main_title(b)
    if not close(_fold(main_a), _fold(main_b)):
        return False
    if main_a != a and main_b != b and len(main_a.split()) <= _SERIES_WORDS:
        return close(_fold(a), _fold(b))
    return True


def _same_book(work: Work, titles: list[str], surnames: set[str], *, similar: int = 95) -> bool:
    if not surnames & {_surname(a) for a in work.authors}:
        return False
    whole = f"{work.title}: {work.subtitle}" if work.subtitle else work.title
    theirs = [_strip_parenthetical(t)[0] for t in [whole, *work.alternative_titles]]
    theirs += [f"{e.title}: {e.subtitle}" if e.subtitle else e.title for e in work.editions]
    return any(_same_title(a, b, similar) for a in titles for b in theirs)


def _synthetic_isbn(seed: str) -> str:
    digits = "9790" + str(int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 10**8).zfill(8)
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def load_real_catalog(
    shared: Path,
    *,
    seed: int = ABSENT_SEED,
    absent_percent: int = ABSENT_PERCENT,
    extra: Sequence[Path] = (),
) -> RealCatalog:
    """The catalogue described in the module docstring, plus the gold mentions (of the shared
    corpus and of the annotated texts in the ``extra`` folders).

    ``absent_percent`` of the mentioned books, drawn by ``seed``, are left out.
    """
    works: list[Work] = list(_ol_works(shared))
    by_title_author: dict[tuple[str, str], Work] = {}
    for work in works:
        if work.authors:
            by_title_author.setdefault((_fold(_main_title(work.title)), _surname(work.authors[0])), work)
    for row in _goodreads_rows(shared):
        parsed = _goodreads_edition(row)
        if parsed is None:
            continue
        title, series, authors, edition = parsed
        ident = (_fold(_main_title(title)), _surname(authors[0]) if authors else "")
        work = by_title_author.get(ident)
        if work is None:
            main, sub = _split_title(title)
            work = Work(f"OL{90_000_000 + int(row['bookID'])}W", main, authors, subtitle=sub, series=series)
            works.append(work)
            by_title_author[ident] = work
        work.editions.append(edition)
        if edition.year and (work.first_publish_year is None or edition.year < work.first_publish_year):
            work.first_publish_year = edition.year

    mentions = load_gold_mentions(shared, extra)
    books: dict[str, GoldMention] = {}
    for m in mentions:
        books.setdefault(m.book, m)
    result = RealCatalog(Catalog(), mentions)
    removed: set[int] = set()
    additions: list[Work] = []
    by_surname: dict[str, set[int]] = {}
    for i, work in enumerate(works):
        for a in work.authors:
            by_surname.setdefault(_surname(a), set()).add(i)
    for n, (ident, m) in enumerate(sorted(books.items())):
        main, alternatives = _strip_parenthetical(m.canonical_title)
        titles = [main, *alternatives]
        surnames = {_surname(a) for a in m.canonical_authors}
        pool = sorted(set().union(*(by_surname.get(s, set()) for s in surnames)) - removed)
        if is_absent(ident, seed=seed, percent=absent_percent):
            # Leave out every record that may be this book, near-identical titles included.
            result.absent.add(ident)
            removed.update(i for i in pool if _same_book(works[i], titles, surnames, similar=88))
            continue
        matches = [i for i in pool if _same_book(works[i], titles, surnames)]
        result.present.add(ident)
        result.works_of[ident] = {works[i].key for i in matches}
        if matches:
            for i in matches:
                work = works[i]
                work.first_publish_year = m.first_published or work.first_publish_year
                work.alternative_titles += [t for t in titles if t != work.title]
                if m.isbn13 and all(e.isbn13 != m.isbn13 for e in work.editions):
                    work.editions.append(Edition(f"OL{80_000_000 + n}M", main, m.isbn13))
                elif _fold(main) not in {_fold(e.title) for e in work.editions}:
                    # The work is indexed under another title (the original, for a
                    # translation): give it the edition readers know it by.
                    title, subtitle = _split_title(main)
                    isbn = _synthetic_isbn(f"{ident}/{work.key}")
                    work.editions.append(Edition(f"OL{80_000_000 + n}M", title, isbn, subtitle=subtitle))
                # Other titles (translations) are titles of editions, as in Open Library,
                # where search finds a work by any of its editions' titles and returns that
                # edition: an edition of unknown language and no ISBN for each.
                known = {_fold(e.title) for e in work.editions}
                for k, alt in enumerate(a for a in alternatives if _fold(a) not in known):
                    work.editions.append(Edition(f"OL{83_000_000 + 10 * n + k}M", alt, language=None))
            continue
        title, subtitle = _split_title(main)
        # "Aakash Singh (ed.)" -> "Aakash Singh"; "Robert Galbraith (J. K. Rowling)" -> "Robert Galbraith"
        authors = [re.sub(r"\s*\([^)]*\)", "", a) for a in m.canonical_authors]
        year = m.first_published
        first = Edition(
            f"OL{80_000_000 + n}M",
            title,
            _synthetic_isbn(ident + "/first") if year and year >= 1970 else None,
            publish_date=str(year) if year else None,
            subtitle=subtitle,
        )
        current = Edition(
            f"OL{81_000_000 + n}M",
            title,
            m.isbn13 or _synthetic_isbn(ident + "/current"),
            # A later reprint, never past the catalogue's own time.
            publish_date=str(min(max(year or 2000, 2000) + (n % 20), LATEST_YEAR)),
            subtitle=subtitle,
        )
        editions = [first, current]
        for k, alt in enumerate(alternatives):
            editions.append(Edition(f"OL{82_000_000 + 10 * n + k}M", alt, language=None))
        result.works_of[ident].add(f"OL{80_000_000 + n}W")
        additions.append(
            Work(
                f"OL{80_000_000 + n}W",
                title,
                authors,
                year,
                subtitle=subtitle,
                editions=editions,
                alternative_titles=alternatives,
            )
        )
    for i, work in enumerate(works):
        if i not in removed:
            result.catalog.add(work)
    for work in additions:
        result.catalog.add(work)
    return result
