"""Checking an existing bibliography against the catalogues, and repairing it safely.

A bibliography pasted from a chat assistant, merged from colleagues or exported years ago cites
books that do not exist, ISBNs of other books, misspelt names and years of no edition. Which
entries are checked is decided by their kind (:mod:`bibkit.formats.kinds`), the same in every
format: a book, and a chapter by the book it is in (``@incollection``, CSL ``chapter`` and RIS
``CHAP`` alike); articles, conference papers, web pages, theses, reports and other entries are
reported as skipped (:func:`bibkit.verify.document.is_book`). For each book the check asks the
configured sources two independent things:

* the ISBN's own record (one batched lookup for the whole file, the one resolution uses:
  :func:`bibkit.resolve.isbn_records`): an ISBN whose record is another book is the classic
  sign of an invented reference; a bad check digit is a typo;
* a search by title and author, through the same retrieval and scoring as ``bibkit resolve``
  (:func:`bibkit.resolve.search_one`, :mod:`bibkit.match`), so the check improves with them:
  no such work means "possibly invented" (the nearest works found are suggested), the same
  title by someone else means an invented or confused author, a name that only matches with a
  typo allowed is misspelt, a year before the work's first publication is impossible, and
  (when no ISBN settles the edition) a year none of the work's editions has is likely a slip
  for a neighbouring one (:attr:`bibkit.model.Book.edition_years`).

The ISBN's record, when it agrees with the entry's title and author, is the edition the entry
cites: its year and publisher are compared with the entry's, and it fills fields that citation
styles print (publisher, year, address). Those are the only repairs :func:`fix` makes, with
ISBN corrections where the right edition is certain (the resolved work's edition is one typo
away from the written ISBN, or has the entry's year and publisher). A field the user wrote is
replaced only when the caller names it in ``overwrite``, except an ISBN that is provably wrong.

Severity: ``error`` for what is wrong (invented book or author, ISBN of another book, bad check
digit, impossible year), ``warning`` for what is likely wrong or missing, ``info`` otherwise.
The thresholds are resolution's measured ones (:data:`bibkit.resolve.RESOLVE_THRESHOLD`):
an ISBN record "is this book" when its title scores as a resolved match would.
"""

from __future__ import annotations

from bibkit.verify.check import CheckReport, Resolver, check_entries, finding_records, report_json
from bibkit.verify.document import (
    CHECKED_KINDS,
    Document,
    Entry,
    as_document,
    checked_book,
    is_book,
    parse_document,
    read_document,
    skip_reason,
)
from bibkit.verify.judge import CERTAIN, judge, mention_of, publishers_agree
from bibkit.verify.repair import OVERWRITABLE, can_fix, fix, fixes, repaired

__all__ = [
    "CERTAIN",
    "CHECKED_KINDS",
    "OVERWRITABLE",
    "CheckReport",
    "Document",
    "Entry",
    "Resolver",
    "as_document",
    "can_fix",
    "check_entries",
    "checked_book",
    "finding_records",
    "fix",
    "fixes",
    "is_book",
    "judge",
    "mention_of",
    "parse_document",
    "publishers_agree",
    "read_document",
    "repaired",
    "report_json",
    "skip_reason",
]
