"""Fixtures for the format tests; the books themselves live in ``formats_samples``."""

from __future__ import annotations

import pytest
from formats_samples import HOSTILE_BOOKS, SEED_BOOKS

from bibkit.model import Book


@pytest.fixture
def seed_books() -> tuple[Book, ...]:
    return SEED_BOOKS


@pytest.fixture
def hostile_books() -> tuple[Book, ...]:
    return HOSTILE_BOOKS
