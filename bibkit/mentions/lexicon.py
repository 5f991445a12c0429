"""Small lexicons of generic English words that the extraction rules consult.

None of these lists names a book or an author: they describe how people write (which short
words stay lower-case inside a title, which capitalised words open ordinary sentences, which
nouns signal a film or an article rather than a book). Keeping them here, in one place, keeps
the rules readable and makes it obvious that nothing is tuned to particular titles.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps the lists below easy to read)."""
    return frozenset(text.split())


#: Words that title case leaves in lower case (articles, conjunctions, short prepositions, a
#: few copulas that appear in titles such as "Everything is Illuminated").
FUNCTION_WORDS = _words(
    """a an the and or nor but of in on at to for from by with without into onto over under
    about as is are was be vs via per than up off out upon through after before between
    against among its it not so de la le les du des der die das den von van y e et el al
    del della di da o &"""
)

#: Leading articles (any language bibkit commonly sees) that may open a title.
ARTICLES = _words("the a an")

#: Capitalised words that open ordinary sentences or replies rather than titles. A title made
#: only of these (or opening a bare line with one) is not taken as a book.
SENTENCE_STARTERS = _words(
    """i i'm i've i'd i'll im it it's its this that these those there here he she we they you
    my our your his her their if when while but and so also yes no oh ok okay well thanks thank
    please just maybe perhaps however still again otherwise finally then now great good really
    same agree agreed seconding second seconded definitely honestly actually basically generally
    sometimes somehow obviously furthermore technically hey hi hello lol forget note tip edit
    update anyway anything everything something nothing all any some most many much more another
    other such what's that's there's here's let's he's she's who's whose which who where why
    whom because since though although until unless whether do does did done is are was were
    be been am has have had can could should would will shall may might must not never always
    only even very too quite rather every each both either neither few several one two three
    first last next best worst better worse new old today yesterday tomorrow yeah yep nope wow
    nice cool sure fine exactly absolutely totally seriously loved love like liked read reading
    try check see look get got go went come came make made take took give gave know knew think
    thought feel felt said say says found find started start finished finish recommend
    recommended suggest suggested came amazing awesome brilliant excellent fantastic wonderful
    interesting fun funny sad true false"""
)

SENTENCE_STARTERS = SENTENCE_STARTERS | frozenset(w.replace("'", "’") for w in SENTENCE_STARTERS if "'" in w)

#: Single words that make up a whole reply line without naming anything ("Thanks!", "Same.").
REPLY_WORDS = SENTENCE_STARTERS | _words(
    "thanks cheers agreed seconded upvoted bump following saved this lmao haha omg wtf follow "
    "subscribe share reply login"
)

#: Nouns that mark the thing named as something other than a book (a film, a talk, an article).
MEDIA_WORDS = _words(
    """film films movie movies show shows tv television episode episodes podcast podcasts
    article articles essay essays paper papers blog blogs post posts talk talks lecture
    lectures song songs album albums documentary documentaries video videos journal journals
    magazine magazines newspaper newspapers conference conferences game games speech speeches
    website site channel thread threads tweet tweets course courses class classes play plays
    opera series_tv"""
)

#: Words whose presence nearby says the surrounding text is talking about books.
BOOK_CUES = _words(
    """read reads reading reread re-read book books novel novels novella memoir author authors
    wrote written writer recommend recommended recommends recommendation recommendations
    title titles textbook textbooks volume trilogy series chapter chapters finished pages
    paperback hardcover kindle audiobook edition"""
)

#: What a note in brackets after a title says about the copy rather than its author:
#: "(Kindle Edition)", "(Boxed Set)", "(Penguin Classics)", "(Revised Translation)".
EDITION_WORDS = _words(
    """edition editions ed kindle paperback hardcover hardback audiobook audible ebook e-book
    boxed box set vol vol. volume volumes book books translation translated trans abridged
    unabridged illustrated revised reprint series trilogy collection complete omnibus version
    classics penguin vintage oxford norton"""
)

#: What a note in brackets after a name says when it names a work that is not a book: "Heat
#: (film)", "Nightfall (short story)", "Serial (podcast)". A book's own forms ("(novel)",
#: "(play)", "(collection)", "(graphic novel)", "(short story collection)") are not here.
NON_BOOK_FORMS = frozenset(
    [
        "short story",
        "short stories",
        "story",
        "essay",
        "article",
        "poem",
        "film",
        "short film",
        "movie",
        "documentary",
        "tv series",
        "tv show",
        "tv film",
        "tv movie",
        "television series",
        "miniseries",
        "web series",
        "podcast",
        "episode",
        "album",
        "song",
        "paper",
        "speech",
        "lecture",
        "video game",
    ]
)

#: Verbs that carry on a sentence after its subject ("Orwell's Animal Farm is short", "...
#: was great"): a run of title words that stops at one of them is the whole title.
PREDICATE_VERBS = _words(
    """is was are were has had have will would can could should may might must does did
    remains remained seems seemed reads gets got"""
)

#: Plural or collective heads that turn a capitalised name into a series ("the Culture novels").
SERIES_HEADS = _words(
    "novels books series trilogy saga quartet quintet cycle sequence chronicles duology tetralogy"
)

#: Lower-case name particles that may sit inside a personal name ("Ludwig von Mises").
NAME_PARTICLES = _words("de da di del della van von der den du le la al el bin ibn ten ter st")

#: Verbs whose participle before "by" makes a passive clause, not "Title by Author".
PASSIVE_HINTS = ("ed", "en")

#: Participles that credit someone other than the author ("Produced by", "Translated by",
#: "Posted by"): capitalised at the start of a line or sentence they still make a passive
#: clause, where other capitalised participles may end a title ("Educated", "The Chosen").
CREDIT_PARTICIPLES = _words(
    """produced directed published translated narrated read performed presented hosted edited
    illustrated introduced compiled adapted curated selected recommended posted written
    co-written composed recorded designed photographed sponsored reviewed submitted shared
    inspired powered created animated abridged annotated"""
)

#: Day and month names: "Tuesday, October 11" opens a dated post, it names no author or title.
DATE_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec"""
)

#: Seasons, which date a post or a term as months do ("Fall 2006"). Kept apart from
#: :data:`DATE_WORDS` because they are also given names ("Summer Brennan", "Autumn de Wilde")
#: and, alone, titles (Ali Smith's "Autumn"): only a season with a number or a month is a date.
SEASON_WORDS = _words("spring summer fall autumn winter")

#: The words of a date: a phrase made of these and numbers says when, not what.
_DATE_PHRASE_WORDS = DATE_WORDS | SEASON_WORDS
#: Two to six words and numbers with date punctuation between them (possessive: a word is
#: never read as two).
_DATE_WORD = r"(?:[^\W\d_]++\.?|\d{1,4}+(?:st|nd|rd|th)?)"
_DATE_PHRASE = re.compile(rf"[ \t]*{_DATE_WORD}(?:[ \t,./\-]+{_DATE_WORD}){{1,5}}[ \t,.]*")
#: The first three letters of every date word (all have at least three), in lower case.
DATE_OPENINGS = frozenset(w[:3] for w in _DATE_PHRASE_WORDS)
_DATE_TOKEN = re.compile(r"\d+(?:st|nd|rd|th)?|[^\W\d_]+")


def is_date_phrase(phrase: str) -> bool:
    """Whether ``phrase`` is a date and nothing more: "2 Jan 2020", "Jul 26 2011", "Fall 2006",
    "Tuesday, October 11, 2016", "March 3rd".

    Every word is a day, month or season name (or its abbreviation) or a number of at most
    four digits, and at least one is a name: "1984" alone stays a title, and so do titles
    that merely hold a month ("The Guns of August"). One word alone is no date either: "March"
    and "Autumn" are novels, and "Tuesday" says no more about a post than its title would.
    """
    head = phrase.lstrip(" \t")[:3]
    if not (head[:1].isdigit() or head.casefold() in DATE_OPENINGS) or len(phrase) > 40:
        return False  # (cheap: it opens with neither a number nor the start of a date word)
    if _DATE_PHRASE.fullmatch(phrase) is None:
        return False
    named = False
    for token in _DATE_TOKEN.findall(phrase):
        if token[0].isdigit():
            continue
        if token.casefold() not in _DATE_PHRASE_WORDS:
            return False
        named = True
    return named


#: What a reaction or vote count under a forum post counts ("1 Like", "12 points", "5 replies").
COUNT_NOUNS = _words(
    "like likes point points reply replies vote votes comment comments upvote upvotes reaction reactions"
)

#: The buttons printed under a post ("Like Reply", "Reply Share Report").
POST_ACTIONS = _words("like reply share report quote permalink flag")

#: Member ranks and badges printed under a poster's name: a rank noun after qualifiers
#: ("Senior Member", "Well-Known Forumite", "Registered User"); the staff ranks and a forum's
#: own demonym stand alone too ("Moderator", "Forumite").
RANK_ALONE = _words("moderator moderators administrator admin forumite")
RANK_NOUNS = _words("member user poster contributor guest") | RANK_ALONE
RANK_QUALIFIERS = _words(
    """well-known well known senior junior new active full established registered regular veteran
    valued super global premium elite trusted respected staff forum community gold silver
    platinum bronze"""
)

#: Genre nouns that end section headings in reading lists ("Historical Fiction", "Literary
#: Non-fiction", "Classics"): a short bare line ending in one names a shelf, not a book.
GENRE_HEADS = _words(
    """fiction non-fiction nonfiction non-fic nonfic biography biographies memoirs classics
    poetry fantasy sci-fi scifi thrillers mysteries romance horror essays"""
)

#: Fields of study and the adjectives that qualify them: a list label made of these
#: ("Ancient History:", "Modern Physics:") names a subject, not an author. Words ending in
#: -ics, -ogy, -ism or -phy are recognised by their ending (see ``is_subject_label``).
DISCIPLINE_WORDS = _words(
    """history science sciences mathematics math maths physics chemistry biology economics
    philosophy politics law art arts music literature religion theology medicine engineering
    computing programming design business finance management education language languages
    linguistics geography anthropology sociology psychology astronomy cosmology statistics
    calculus algebra geometry logic ethics war wars culture theory studies introduction basics
    ancient medieval modern early late contemporary classical introductory advanced general
    applied political social natural world european american african asian russian chinese"""
)
_SUBJECT_ENDINGS = ("ics", "ogy", "ism", "phy")


def is_subject_label(label: str) -> bool:
    """Whether a list label ("Ancient History") names a field of study rather than a person."""
    words = label.casefold().replace("-", " ").split()
    return any(w in DISCIPLINE_WORDS or w in GENRE_HEADS or w.endswith(_SUBJECT_ENDINGS) for w in words)


#: Nouns and verbs of reading and study that govern a topic: "books on X", "reading about X",
#: "anything on X". A title-shaped phrase after them and "on"/"about" names the subject asked
#: about, not the book of that name.
READING_TOPIC_WORDS = _words(
    """book books read reads reading reread recommendation recommendations recommend recs rec
    literature material materials work works text texts title titles resource resources learn
    learning learned study studying studied novel novels nonfiction non-fiction account accounts
    anything something stuff everything more history histories biography biographies"""
)

#: Nouns whose "of" phrase names a subject or a period: "the history of X", "the causes of X".
SUBJECT_NOUNS = _words(
    """history histories study studies survey surveys overview overviews origins origin causes
    aftermath legacy outbreak fall rise collapse decline era period eve events historian
    historians historiography scholars scholarship experts survivors veterans memory"""
)

#: Words that place what follows in time ("during X", "since X"): a period or an event.
TEMPORAL_PREPOSITIONS = _words("during since throughout amid amidst")

#: Time nouns before "after"/"before" ("the years after X").
TIME_NOUNS = _words("years decades months weeks days period era time times century centuries generation")

#: Generic job and academic role nouns: "John Smith, Senior Engineer", "Jane Doe, Professor
#: of History" in a team or speakers list name a person's role, not a book.
ROLE_WORDS = _words(
    """engineer engineers developer designer manager director professor lecturer officer
    president ceo cto cfo coo cmo cpo vp svp evp founder cofounder co-founder editor head lead
    chair chairman chairwoman chairperson dean partner analyst scientist researcher consultant
    architect administrator coordinator specialist associate assistant intern fellow advisor
    adviser secretary treasurer principal owner producer curator librarian recruiter
    strategist evangelist executive postdoc instructor teacher superintendent commissioner"""
)

#: Words of a line announcing a list of people ("Our team:", "Speakers:").
PEOPLE_WORDS = _words(
    """team teams speakers speaker staff people members panel panelists panellists board
    committee organisers organizers hosts faculty contacts attendees participants leadership
    hires employees colleagues who"""
)
