"""Personal and corporate names: everything bibkit knows about them, in one module.

The model stores names as people write them ("Isaac Deutscher", "Vincent van Gogh",
"Martin Luther King, Jr.", "Institute of Physics"). BibTeX, BibLaTeX, CSL-JSON, RIS and Zotero
all want family and given names apart, with particles and suffixes placed by their own rules,
and a corporate author kept whole (BibTeX would otherwise read "Simon and Schuster" as two
people). Each of them renders a :class:`Name` from :func:`parse_name`; none splits names itself.

The rest serves the readers of names: extraction (:func:`display_form`, :func:`split_authors`
with ``separator=","``, :func:`surname_of` with ``last_word``), the sources and the queries
(:func:`split_authors`, :func:`surname_of`), matching and checking (:func:`agreement`,
:func:`names_agree`, :func:`surname_key`, :func:`is_organisation`), record identity
(``surname_key(name, whole=True)``) and Zotero (:func:`from_parts`). Where two readers need
different answers (extraction splits on every comma, matching only between full names) the
difference is a parameter, so it stays visible.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from anyascii import anyascii
from rapidfuzz import fuzz

from bibkit.text import CJK, clean, fold, spell_latin

__all__ = [
    "Name",
    "agreement",
    "display_form",
    "from_parts",
    "is_organisation",
    "names_agree",
    "parse_name",
    "romanised",
    "script",
    "split_authors",
    "surname_key",
    "surname_of",
]

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


def from_parts(last: str, first: str) -> str:
    """One string for a name stored in parts (Zotero's ``lastName``/``firstName``).

    "Last, First" is the form :func:`parse_name` cannot misread ("King, Martin Luther, Jr."),
    where "First Last" would be re-split by its own rules; a missing part is left out.
    """
    return ", ".join(p for p in (last, first) if p)


_SPACE = re.compile(r"\s+")


def display_form(name: str) -> str:
    """A name as a text writes it, lightly tidied: whitespace folded, "Last, First" turned
    round when the last name is one word ("Carr, Edward" → "Edward Carr").

    This is the form extraction reports a mention's author in; it keeps whatever else the
    text wrote, where ``parse_name(name).display`` rebuilds the name from its parts.
    """
    name = _SPACE.sub(" ", name).strip()
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and " " not in last:
            name = f"{first} {last}"
    return name


# ---------------------------------------------------------------------------------------------
# Splitting a list of people

#: ``separator=","``: every comma separates people, as in a list a text writes ("A, B and C").
_COMMA_LIST = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s+(?:und|et|y|i)\s+)\s*")
#: ``separator=";"``: ";" separates people, and a comma only between full names.
_JOINS = re.compile(r"\s+(?:and|&|y|et|und|i|e)\s+|\s*;\s*|\s*/\s*")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WIKI_LINK = re.compile(r"\[\[([^\]|]*)(?:\|[^\]]*)?\]\]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def split_authors(text: str | None, *, separator: Literal[",", ";"] = ";") -> list[str]:
    """The people an author string names, in order; ``[]`` when it names nobody.

    Names are joined by "and" in several languages, "&" or "/" either way. The separator
    says what a comma means:

    - ``";"`` (matching a mention's author to a catalogue's): names may be inverted ("Carr,
      E. H."), so people are separated by ";", "and" (also "y", "et", "und", "i", "e"),
      "&", "/", and a comma only between full names ("Christopher Alexander, Sara
      Ishikawa"); markdown and wiki links around a name are dropped, a handle
      ("@StephenKing") gives its surname, and a part without a capital letter ("this
      author") is no one.
    - ``","`` (extraction, which has already turned a name round with
      :func:`display_form`): every comma separates people ("Becker, Posner"), as do "and",
      "&", "/", "und", "et", "y" and "i"; the parts are kept as written.
    """
    if not text:
        return []
    if separator == ",":
        return [part for part in _COMMA_LIST.split(text.strip()) if part]
    return list(_people(text))


@functools.lru_cache(maxsize=4096)
def _people(text: str) -> tuple[str, ...]:
    if not any(_capital(c) for c in text):
        return ()  # "this author", "him": not a name
    people: list[str] = []
    for part in _JOINS.split(text.strip()):
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            people += pieces
        else:
            people.append(part)
    return tuple(p for p in (_person(p) for p in people) if p and any(_capital(c) for c in p))


def _capital(char: str) -> bool:
    """A capital letter, or a letter of a script without case (Chinese, Japanese, Korean,
    Arabic), whose names have no capital to show that they are names ("小川洋子")."""
    return char.isupper() or (char.isalpha() and not char.islower())


def _person(text: str) -> str:
    """One name as a text writes it, without markup; a handle ("@StephenKing") gives only the
    surname, as the given name in a handle is often a nickname ("@BillvonHippel")."""
    text = _WIKI_LINK.sub(r"\1", _MARKDOWN_LINK.sub(r"\1", text)).strip(" ,*_")
    if text.startswith("@"):
        words = _CAMEL.split(text[1:])
        return words[-1] if words else ""
    return text


# ---------------------------------------------------------------------------------------------
# Surnames

#: Words after a surname that are not it, folded: a generation, an editor's or a degree's mark.
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "ed", "eds", "phd"}
_BRACKETED = re.compile(r"\s*\([^)]*\)")


def surname_of(name: str | None, *, last_word: bool = False) -> str | None:
    """The surname of a display or "Last, First" name, as written (not folded).

    A bracketed note ("(eds.)") and a suffix ("Jr.", "PhD") are passed over, and "Last,
    First" gives "Last". With ``last_word``, the last word of a display name whatever it is,
    points read as word ends ("E.H.Carr" → "Carr", "King Jr." → "Jr."): how extraction keys
    the full names it has met in a text, to expand a later bare surname.
    """
    if not name or not name.strip():
        return None
    if last_word:
        tokens = name.replace(".", ". ").split()
        return tokens[-1] if tokens else None
    name = _BRACKETED.sub("", name).strip()
    if "," in name:
        return name.partition(",")[0].strip() or None
    words = [w for w in name.split() if fold(w) not in _NAME_SUFFIXES]
    return words[-1] if words else None


@functools.lru_cache(maxsize=1 << 14)
def surname_key(name: str, *, whole: bool = False) -> str:
    """The folded surname of a name, for grouping ("Edward Hallett Carr" → "carr").

    Its last word, a bracketed note left out ("Knorr-Cetina" → "cetina"); with ``whole``, the
    whole family name as :func:`parse_name` reads it ("knorr cetina"), which is what record
    identity pairs a title with (:mod:`bibkit.identity`). Cached: a bibliography names the
    same people again and again.
    """
    if whole:
        return fold(parse_name(name).family) if name.strip() else ""
    parsed = parse_name(_BRACKETED.sub("", name).replace(".", ". "))
    family = fold(parsed.family).split()
    return family[-1] if family else ""


# ---------------------------------------------------------------------------------------------
# Agreement: can two names denote one person?

_HONORIFICS = frozenset({"sir", "dame", "lord", "lady", "dr", "prof", "professor", "mr", "mrs", "ms", "rev"})
#: Particles as they are found, folded, at the end of given names ("Hernando De Soto"), where
#: :func:`parse_name` (which takes only lower-case ones) left them.
_FOLDED_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le", "ter", "ten",
     "zu", "vom", "af", "av"}
)  # fmt: skip
# Words of a publisher's name that parse_name does not count as corporate.
_PUBLISHER = re.compile(
    r"\b(?:corp|co|books|publishing|publishers|publications|verlag|[ée]ditions|wydawnictwo)\b\.?",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=8192)
def _name_parts(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(surname keys, given-name initials) of a display or "Last, First" name.

    The keys are the folded surname, its particle joined on ("Le Guin" → "leguin", as
    "LeGuin" is written too) and the parts of a double surname ("Knorr-Cetina" → "knorr",
    "cetina"); a capitalised particle left among the given names ("Hernando De Soto") counts as
    a particle, and titles before the name ("Sir", "Dr") are no initials.
    """
    name = spell_latin(_BRACKETED.sub("", name))
    name = _OTHERS_MARK.sub("", name.strip())
    name = re.sub(r",?\s*\b(?:eds?|phd)\.?$", "", name.strip(), flags=re.IGNORECASE)
    parsed = parse_name(name.replace(".", ". "))
    family = fold(parsed.family).split()
    given = fold(parsed.given).split()
    particle = fold(parsed.particle).split()
    while given and given[0] in _HONORIFICS:
        given = given[1:]
    while given and given[-1] in _FOLDED_PARTICLES:
        particle.insert(0, given.pop())
    if not family:
        return frozenset(), ()
    keys = {family[-1], "".join([*particle, *family]), *family}
    return frozenset(k for k in keys if k), tuple(t[0] for t in given)


#: "and others" after a name, as catalogues and reading lists write it ("et al.", "u. a.").
_OTHERS_MARK = re.compile(r",?\s+(?:et\s+al|u\.\s*a|and\s+others)\.?$", re.IGNORECASE)
#: Words of address after a Chinese or Japanese name: "川合さん", "望月先生", "李尚志老师".
_ADDRESS = re.compile(r"(?:さん|先生|様|氏|くん|君|老师|老師)$")
_CJK_NAME = re.compile(rf"[{CJK}\uac00-\ud7af]+")


def _cjk_names_agree(a: str, b: str) -> bool:
    """Two names written in Chinese characters, kana or hangul, which put no space between
    family and given name: the family name alone ("川合さん", Mr Kawai) is the start of the
    whole name ("川合秀実"), a word of address left out."""
    x, y = _ADDRESS.sub("", a.strip()), _ADDRESS.sub("", b.strip())
    if not (_CJK_NAME.fullmatch(x) and _CJK_NAME.fullmatch(y)):
        return False
    short, long = sorted((x, y), key=len)
    return len(short) >= 2 and long.startswith(short)


def _surnames_agree(a: str, b: str) -> bool:
    """One surname written two ways: a typo, or a declined form ("Rosenberga", "Tołstoja")."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 83:
        return True
    stem = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return stem >= 5 and max(len(a), len(b)) - stem <= 3


def agreement(a: str, b: str) -> bool | None:
    """True if the names can denote one person, None if only the surnames agree (initials
    conflict: a nickname, a typo, or a namesake), False if the surnames differ.

    Surnames are compared folded, with a typo allowed ("Griffith" = "Griffiths"), a declined
    form ("Rosenberga", "Толстого"), a particle joined or not ("LeGuin" = "Le Guin"), and a
    letter dropped from a short surname when the given names agree ("Martha Well"); given
    names must be compatible initials ("E. H. Carr" = "Edward Hallett Carr"). The same words
    in the other order are one person too ("Cixin Liu" = "Liu Cixin": family name first, as
    Chinese, Korean and Hungarian write it).

    A name written in another script than Latin is compared through its transliteration
    (:func:`romanised`: "Алексей Николаевич Толстой" = "Aleksey Nikolayevich Tolstoy", "刘慈欣"
    = "Liu Cixin"); when the two names are written in different scripts and the
    transliteration does not agree, the answer is None, not False: a transliteration is one
    of several ("Хемингуэй" comes out "Kheminguey", kanji names in their Chinese reading), so
    it cannot say that two people differ.
    """
    plain_a, plain_b = romanised(a), romanised(b)
    if plain_a == a and plain_b == b:
        return _agreement(a, b)
    if _cjk_names_agree(a, b):
        return True
    verdict = _agreement(plain_a, plain_b)
    if verdict is True or _run_together(plain_a, plain_b):
        return True
    return verdict if script(a) == script(b) else None


def _agreement(a: str, b: str) -> bool | None:
    surnames_a, initials_a = _name_parts(a)
    surnames_b, initials_b = _name_parts(b)
    surname = any(_surnames_agree(x, y) for x in surnames_a for y in surnames_b)
    shared = min(len(initials_a), len(initials_b))
    compatible = not shared or initials_a[:shared] == initials_b[:shared] or initials_a[0] == initials_b[0]
    if not surname:
        if _reordered(a, b):
            return True
        # A letter dropped from a short surname ("Martha Well" for Martha Wells), when the
        # given names say it is the same person.
        short = any(
            min(len(x), len(y)) >= 4 and abs(len(x) - len(y)) == 1 and fuzz.ratio(x, y) >= 85
            for x in surnames_a
            for y in surnames_b
        )
        return bool(short and shared and compatible)
    return True if compatible else None


def _words(name: str) -> list[str]:
    return fold(_BRACKETED.sub("", name).replace(",", " ")).split()


def _reordered(a: str, b: str) -> bool:
    """The same two or more words in another order: "Liu Cixin" and "Cixin Liu"."""
    x, y = _words(a), _words(b)
    return len(x) >= 2 and sorted(x) == sorted(y) and x != y and all(len(w) > 1 for w in x)


_RUN_TOGETHER = 85  # a transliterated syllable spelt another way: "HanGang", "Han Kang"


def _run_together(a: str, b: str) -> bool:
    """A name transliterated from a script without spaces between its syllables ("刘慈欣" →
    "LiuCiXin") against a Latin name written in either order ("Liu Cixin", "Cixin Liu")."""
    x, y = _words(a), _words(b)
    if len(x) != 1 and len(y) != 1:
        return False
    joined, parts = (x[0], y) if len(x) == 1 else (y[0], x)
    if len(parts) < 2 or len(joined) < 4:
        return False
    return any(
        fuzz.ratio(joined, "".join(order)) >= _RUN_TOGETHER
        for order in (parts, parts[::-1], [parts[-1], *parts[:-1]])
    )


@functools.lru_cache(maxsize=8192)
def romanised(name: str) -> str:
    """``name`` in Latin letters: the letters of other scripts transliterated (anyascii),
    Latin ones kept as written; a Latin name comes back as it is."""
    if name.isascii() or script(name) == "LATIN":
        return name
    return "".join(c if script(c) == "LATIN" or not c.isalpha() else anyascii(c) for c in name)


@functools.lru_cache(maxsize=8192)
def script(text: str) -> str:
    """The script of the first letter of ``text`` that is not Latin, else "LATIN" (the first
    word of a letter's Unicode name: "CYRILLIC", "CJK", "HANGUL"...)."""
    for char in text:
        if char.isalpha() and not char.isascii():
            script = unicodedata.name(char, "LATIN").split()[0]
            if script != "LATIN":
                return script
    return "LATIN"


def names_agree(a: str, b: str) -> bool:
    """Whether two personal names can denote the same person (surname, compatible initials)."""
    return agreement(a, b) is True


@functools.lru_cache(maxsize=4096)
def is_organisation(name: str) -> bool:
    """Whether a name in a "by" is a publisher or another organisation, not a person."""
    name = name.strip()
    return " " in name and "," not in name and (bool(_PUBLISHER.search(name)) or parse_name(name).corporate)
