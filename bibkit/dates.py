"""Years: what bibkit takes for one, wherever it reads a date, and how it writes one. Pure.

A year is four digits standing alone (no digit either side: "c1999", "2009-03-04" and "March
2009" all hold one, "12345" holds none). Readers differ only in which years they find
plausible, and that is a named range, not another pattern:

- :data:`ANY_YEAR` for a field whose writer meant a year (Zotero's ``date``, RIS's ``PY``,
  CSL's ``issued``): Beowulf's "0800" is a year there;
- :data:`CATALOGUE_YEARS` for a catalogue's free-text date (Open Library's ``publish_date``,
  Google Books' ``publishedDate``), which also holds shelf marks and page counts;
- :data:`PROSE_YEARS` and :data:`CITATION_YEARS` for a year a text writes beside a title,
  where a number of pages or a price must not pass for one.

BibTeX's own ``year`` field is the one exception, as BibTeX writes it: a signed number of up to
four digits (``year = {800}``, ``-44``), read by :func:`field_year` and written by
:func:`year_text`.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "ANY_YEAR",
    "CATALOGUE_YEARS",
    "CITATION_YEARS",
    "FIELD_YEAR",
    "PROSE_YEARS",
    "field_year",
    "replace_year",
    "year_of",
    "year_pattern",
    "year_text",
]

ANY_YEAR = range(0, 10000)
"""Every four-digit year: for a field that holds a date and nothing else."""
CATALOGUE_YEARS = range(1000, 2100)
"""The years a catalogue's free-text date is read for ("[1985?]", "c1999", "March 2009")."""
PROSE_YEARS = range(1400, 2100)
"""A year a text writes alone or beside a name ("Orwell (1949)"): printing to this century."""
CITATION_YEARS = range(1500, 2100)
"""The year in the head of a reference ("Carr, E. H. (1961). What Is History?")."""

FIELD_YEAR = r"-?\d{1,4}"
"""A year as a BibTeX ``year`` field or a "First published" note writes it: signed, 1-4 digits."""
_FIELD_YEAR = re.compile(FIELD_YEAR)
_CENTURY = 100


def year_pattern(years: range = ANY_YEAR) -> str:
    """Regular-expression source for a four-digit year in ``years``, for ``re`` and ``regex``.

    No group and no boundaries, so a pattern can place it (``(?<!\\d)(...)(?!\\d)``, or a
    named group inside a longer pattern). ``years`` must start and stop on a century, which
    every plausible range does; ``range(1400, 2100)`` gives ``1[4-9]\\d\\d|20\\d\\d``.

    Raises:
        ValueError: ``years`` does not start and stop on a century within 0..9999.
    """
    aligned = years.step == 1 and not years.start % _CENTURY and not years.stop % _CENTURY
    if not aligned or not 0 <= years.start < years.stop <= ANY_YEAR.stop:
        raise ValueError(f"a year range runs over whole centuries within 0..9999, not {years}")
    first, last = years.start // _CENTURY, years.stop // _CENTURY - 1  # centuries, inclusive
    thousands = range(first // 10, last // 10 + 1)
    # Thousands whose every century is in range are one class; the first and last may be partial.
    full = [t for t in thousands if first <= t * 10 and t * 10 + 9 <= last]
    branches = [(full[0], f"{_digit_class(full[0], full[-1])}\\d\\d\\d")] if full else []
    for thousand in thousands:
        if thousand not in full:
            low, high = max(first, thousand * 10) % 10, min(last, thousand * 10 + 9) % 10
            branches.append((thousand, f"{thousand}{_digit_class(low, high)}\\d\\d"))
    return "|".join(text for _, text in sorted(branches))


def _digit_class(low: int, high: int) -> str:
    return "\\d" if (low, high) == (0, 9) else str(low) if low == high else f"[{low}-{high}]"


@functools.cache
def _standing_alone(years: range) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d)(?:{year_pattern(years)})(?!\d)")


def year_of(value: object, *, years: range = ANY_YEAR) -> int | None:
    """The first year in ``years`` that ``value`` writes, standing alone; None without one.

    A number is taken as the year it is (Open Library's ``publish_year`` list holds numbers).

    Args:
        value: A date as a source or a file gives it: text, a number, or nothing.
        years: The plausible years (:data:`ANY_YEAR`, :data:`CATALOGUE_YEARS`, ...).
    """
    if isinstance(value, int):
        return value
    found = _standing_alone(years).search(str(value or ""))
    return int(found.group()) if found else None


def replace_year(date: str, old: str | None, new: str) -> str:
    """``date`` with the year ``old`` it writes replaced by ``new``, a month or day kept
    ("1999-03-04" → "2000-03-04"); just ``new`` when it does not write ``old``."""
    if old:
        standing = re.compile(rf"(?<!\d){re.escape(old)}(?!\d)")
        if standing.search(date):
            return standing.sub(new, date, count=1)
    return new


def field_year(value: str | None) -> int | None:
    """The year of a BibTeX ``year`` or BibLaTeX ``date``/``origdate`` field: its first signed
    number of up to four digits ("800", "-44", "2009-03-04" → 2009)."""
    found = _FIELD_YEAR.search(value) if value else None
    return int(found.group()) if found else None


def year_text(year: int) -> str:
    """A year in four digits, as BibTeX wants (``year = {0800}``) and ISO 8601 dates need."""
    return f"{year:04d}" if year >= 0 else str(year)
