"""Mention extraction: finding the places in informal text that name books."""

from __future__ import annotations

from bibkit.mentions.extract import extract
from bibkit.mentions.finder import Finder

__all__ = ["Finder", "extract"]
