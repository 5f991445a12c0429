"""Personal and corporate names: from display form to parts. The one name parser in bibkit.

The model stores names as people write them ("Isaac Deutscher", "Vincent van Gogh",
"Martin Luther King, Jr.", "Institute of Physics"). BibTeX, BibLaTeX, CSL-JSON, RIS and Zotero
all want family and given names apart, with particles and suffixes placed by their own rules,
and a corporate author kept whole (BibTeX would otherwise read "Simon and Schuster" as two
people). Each of them renders a :class:`Name` from :func:`parse_name`; none splits names itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibkit.text import clean

__all__ = ["Name", "parse_name"]

#: Lower-case words that belong in front of a family name (BibTeX's "von" part).
_PARTICLES = frozenset(
    "van von der den de del della degli dei di da das dos du des la le ter ten zu zur vom af av "  # noqa: SIM905
    "bin ibn al el y st. saint".split()
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "jun.", "sen."})
#: Words that mark a name as an organisation rather than a person.
_CORPORATE = re.compile(
    r"\b(?:institute|institut|university|universit[yéà]|college|press|society|association|committee|"
    r"council|commission|department|ministry|office|organi[sz]ation|party|bureau|agency|academy|"
    r"foundation|company|corporation|group|league|union|centre|center|library|museum|board|"
    r"government|project|congress|inc\.?|ltd\.?|llc|gmbh|verlag|editors|staff)\b|&",
    re.IGNORECASE,
)
_OTHERS = frozenset({"others", "et al.", "et al", "and others"})


@dataclass(frozen=True, slots=True)
class Name:
    """A name split into the parts the output formats need.

    Attributes:
        family: Family name without particle ("Gogh"); for a corporate name, the whole name.
        given: Given names or initials ("Vincent", "E. H.").
        particle: Lower-case particle written before the family name ("van", "de la").
        suffix: Generational suffix ("Jr.", "III").
        corporate: True for an organisation or any name that must not be split.
        others: True for the "and others" marker of a truncated list.
    """

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    corporate: bool = False
    others: bool = False

    @property
    def last(self) -> str:
        """Particle and family name, as Zotero stores a last name ("van Gogh")."""
        return f"{self.particle} {self.family}".strip()

    @property
    def display(self) -> str:
        """The name as a person writes it."""
        if self.corporate or self.others:
            return self.family
        text = " ".join(p for p in (self.given, self.particle, self.family) if p)
        return f"{text}, {self.suffix}" if self.suffix else text


def parse_name(text: str) -> Name:
    """Split a display name ("Vincent van Gogh") or an inverted one ("Gogh, Vincent van").

    Single words, organisations and anything that cannot be split safely come back as
    ``corporate`` (kept whole everywhere), which is always correct, if less pretty.
    """
    text = clean(text)
    if text.casefold() in _OTHERS:
        return Name(family="others", others=True)
    if not text or _CORPORATE.search(text):
        return Name(family=text, corporate=True)
    parts = [p.strip() for p in text.split(",")]
    suffix = ""
    if len(parts) >= 2 and parts[-1].casefold() in _SUFFIXES:
        suffix = parts.pop()
    if len(parts) == 2 and parts[0] and parts[1]:
        # "Last, First" (or "von Last, First"), as library catalogues write it.
        last_tokens, given = parts[0].split(" "), parts[1]
    elif len(parts) == 1:
        tokens = parts[0].split(" ")
        if len(tokens) > 1 and tokens[-1].casefold() in _SUFFIXES:
            suffix = tokens.pop()
        if len(tokens) == 1:
            return Name(family=tokens[0], suffix=suffix, corporate=not suffix)
        cut = len(tokens) - 1
        while cut > 1 and tokens[cut - 1] in _PARTICLES:
            cut -= 1
        given, last_tokens = " ".join(tokens[:cut]), tokens[cut:]
    else:
        return Name(family=text, corporate=True)
    split = 0
    while split < len(last_tokens) - 1 and last_tokens[split] in _PARTICLES:
        split += 1
    return Name(
        family=" ".join(last_tokens[split:]),
        given=given,
        particle=" ".join(last_tokens[:split]),
        suffix=suffix,
    )
