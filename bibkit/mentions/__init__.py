"""Mention extraction: finding the places in informal text that name books."""

from __future__ import annotations

from bibkit.mentions.extract import extract

__all__ = ["extract"]
