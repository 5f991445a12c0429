"""Years: four digits standing alone, in the range a reader finds plausible."""

from __future__ import annotations

import re

import pytest
import regex

from bibkit.dates import (
    ANY_YEAR,
    CATALOGUE_YEARS,
    CITATION_YEARS,
    PROSE_YEARS,
    field_year,
    replace_year,
    year_of,
    year_pattern,
    year_text,
)


@pytest.mark.parametrize(
    ("date", "year"),
    [
        ("March 2009", 2009),
        ("2009-03-04", 2009),
        ("c1999", 1999),  # a copyright date as catalogues write it
        ("[1985?]", 1985),
        ("2009г.", 2009),  # Russian "year" written against the number
        ("12345", None),  # five digits are no year
        ("", None),
        (None, None),
    ],
)
def test_a_year_is_four_digits_standing_alone(date: str | None, year: int | None) -> None:
    assert year_of(date) == year


def test_a_catalogue_date_must_hold_a_plausible_year() -> None:
    assert year_of("0800", years=CATALOGUE_YEARS) is None
    assert year_of("0800") == 800  # Zotero's date for Beowulf
    assert year_of("xii, 354 p. 2001", years=CATALOGUE_YEARS) == 2001
    assert year_of("3000 copies, 1999", years=CATALOGUE_YEARS) == 1999
    assert year_of(1962, years=CATALOGUE_YEARS) == 1962  # Open Library's publish_year numbers


@pytest.mark.parametrize(
    ("years", "source"),
    [
        (PROSE_YEARS, r"1[4-9]\d\d|20\d\d"),
        (CITATION_YEARS, r"1[5-9]\d\d|20\d\d"),
        (CATALOGUE_YEARS, r"1\d\d\d|20\d\d"),
        (ANY_YEAR, r"\d\d\d\d"),
        (range(900, 2100), r"09\d\d|1\d\d\d|20\d\d"),
    ],
)
def test_the_pattern_of_a_range_finds_exactly_its_years(years: range, source: str) -> None:
    assert year_pattern(years) == source
    pattern = regex.compile(rf"(?:{year_pattern(years)})")
    found = {n for n in range(10000) if pattern.fullmatch(f"{n:04d}")}
    assert found == set(years)
    assert re.fullmatch(year_pattern(years), f"{years.start:04d}")


def test_a_range_that_does_not_run_over_whole_centuries_has_no_pattern() -> None:
    with pytest.raises(ValueError, match="whole centuries"):
        year_pattern(range(1450, 2100))


def test_a_repaired_year_keeps_the_month_and_day_of_the_date() -> None:
    assert replace_year("1999-03-04", "1999", "2000") == "2000-03-04"
    assert replace_year("c1999", "1999", "2000") == "c2000"
    assert replace_year("19990", "1999", "2000") == "2000"  # not the year written
    assert replace_year("", None, "2000") == "2000"


def test_a_bibtex_year_field_may_be_short_or_negative() -> None:
    assert field_year("800") == 800
    assert field_year("-44") == -44
    assert field_year("2009-03-04") == 2009
    assert field_year("") is None
    assert year_text(800) == "0800"
    assert year_text(-44) == "-44"
    assert year_text(1961) == "1961"
