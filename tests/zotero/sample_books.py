"""Generated books for Zotero tests and the push benchmark."""

from __future__ import annotations

from bibkit.model import Book

__all__ = ["isbn13", "make_books"]


def isbn13(n: int) -> str:
    """A valid ISBN-13 (979-10 range excluded) numbered ``n``: 978-1-..., checksum computed."""
    body = f"9781{n:08d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def make_books(count: int, *, start: int = 0) -> list[Book]:
    """``count`` distinct books with real-looking, checksum-valid ISBNs."""
    return [
        Book(
            title=f"A History of Everything, Volume {n}",
            authors=(f"Author{n} Surname{n}",),
            publisher="Test Press",
            place="London",
            year=1990 + n % 30,
            isbn13=isbn13(n),
            pages=100 + n,
        )
        for n in range(start, start + count)
    ]
