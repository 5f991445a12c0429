"""Word lists that describe how people write about books, in one place.

None of these lists names a book or an author: they say which words point at books (book,
novel, roman, Buch, książka, 本...), which point at other media (film, season, album, poem,
article...), which are function words, and so on. Features look words up here; a word is added
in one place, and every list is written in lower case.
"""

from __future__ import annotations

__all__ = [
    "ARTICLES",
    "BOOKISH_FORMS",
    "BOOK_CUES",
    "BOOK_ICONS",
    "CITATION_WORDS",
    "COORDINATORS",
    "COPY_WORDS",
    "DATE_WORDS",
    "FUNCTION_WORDS",
    "HEADING_WORDS",
    "LANGUAGE_WORDS",
    "MEDIA_CUES",
    "MEDIA_ICONS",
    "NON_BOOK_FORMS",
    "PRONOUNS",
    "PUBLISHER_WORDS",
    "READING_VERBS",
    "SENTENCE_WORDS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that title case leaves in lower case, in the languages bibkit commonly reads.
FUNCTION_WORDS = _words(
    """a an the and or nor but of in on at to for from by with without into onto over under
    about as is are was be vs via per than up off out upon through after before between
    against among its it not so de la le les du des der die das den dem von van y e et el al
    del della dei degli delle di da o & und zu im am vom zur zum för och på av en i w z na do
    dla przez je ja les aux au sur pour dans par une un des los las lo il gli una uno"""
)

#: Leading articles that may open a title.
ARTICLES = _words("the a an der die das ein eine le la les l un une el los las il lo gli i una uno de het")

#: Words that join two titles: "Blindsight and Echopraxia".
COORDINATORS = _words("and or & und oder et ou y o i lub albo oraz e och eller vs")

#: Words near a title that say it is a book: nouns for books and their parts, and verbs of
#: reading and writing, in English, French, German, Spanish, Italian, Polish, Portuguese, Dutch,
#: Swedish, Russian and Japanese (the Japanese ones are matched inside words).
BOOK_CUES = _words(
    """book books novel novels novella novellas memoir memoirs biography autobiography author
    authors wrote writes written writer textbook textbooks volume volumes trilogy series chapter
    chapters paperback hardcover hardback kindle ebook e-book audiobook audiobooks edition
    editions reprint isbn publisher published pages read reads reading reread re-read rereading
    finished recommend recommended recommends recommendation recommendations classic classics
    nonfiction non-fiction fiction anthology collection omnibus bestseller bookshelf library
    goodreads shelf tome saga sequel prequel graphic manga comic comics
    livre livres roman romans lu lire lecture auteur autrice écrit essai recueil tome bd
    buch bücher roman romane gelesen lesen autor autorin band erzählung sachbuch
    libro libros novela novelas leí leer autora escrito
    libri romanzo romanzi letto leggere autore
    książka książki książek powieść powieści przeczytałam przeczytałem czytałam czytałem autor
    autorka lektura tom
    livro livros romance lido ler
    boek boeken gelezen lezen
    bok böcker läst
    книга книги роман прочитал прочитала автор
    本 小説 書籍 著 読 読んだ 読書 文庫 新書 単行本 漫画 作家"""
)

#: Verbs of reading, whose object is usually a book.
READING_VERBS = _words(
    """read reads reading reread re-read rereading finished finishing started starting picked
    recommend recommended recommending suggest suggested lu lire gelesen lese leí letto
    przeczytałam przeczytałem czytam czytałam lido läst gelezen прочитал прочитала"""
)

#: Words near a name that say it is something other than a book, with the medium they name.
MEDIA_CUES = _words(
    """film films movie movies cinema show shows tv television series episode episodes season
    seasons sitcom anime documentary documentaries netflix hbo watched watch watching streamed
    album albums song songs single track tracks band ep lp record listened listening spotify
    music musik musique música musica muzyka concert concerts artist artists
    podcast podcasts episode listened
    game games played playing play videogame videogames nintendo switch steam ps4 ps5 xbox
    boardgame
    poem poems poetry poet sonnet story stories essay essays article articles paper papers
    journal journals magazine magazines newspaper blog blogs post posts newsletter talk talks
    lecture lectures speech speeches keynote video videos youtube channel course courses
    class website site app play plays opera musical exhibition painting
    filmy film serial serialu odcinek gra gry piosenka album wiersz artykuł
    série séries épisode jeu jeux chanson poème article
    folge serie spiel spiele lied gedicht artikel
    película serie juego canción poema artículo
    映画 アニメ ゲーム ドラマ 番組 曲 アルバム 論文 記事 動画 ポッドキャスト"""
)

#: What a bracketed note after a name says when it names a work that is no book.
NON_BOOK_FORMS = _words(
    """film movie documentary tv series miniseries show episode podcast album song single ep
    game videogame poem poetry story essay article paper speech lecture talk video anime
    play musical opera painting"""
)

#: What a bracketed note after a name says when it names a book or an edition of one.
BOOKISH_FORMS = _words(
    """novel novella book books memoir trilogy series collection anthology edition ed eds
    translation translated trans paperback hardcover audiobook ebook kindle vol volume
    roman livre buch libro powieść książka 小説 本"""
)

#: Words that name a copy or a place to get one rather than a work: the link texts of a book
#: guide's "Paperback on Amazon", "Kindle version", "PDF", "Official site".
COPY_WORDS = _words(
    """paperback hardcover hardback kindle ebook e-book pdf epub mobi audiobook version
    website homepage download buy order taschenbuch gebunden broché poche tapa blanda"""
)

#: Words of citation apparatus: an article or a chapter is usually cited with these.
CITATION_WORDS = _words(
    """pp pp. p. vol vol. no no. nr issue doi journal review quarterly proceedings in en dans
    eds ed. eds. hrsg trad trans pags págs s. str. chapter ch. chap"""
)

#: Words that end the names of publishers: "Verso Books", "Yale University Press".
PUBLISHER_WORDS = _words(
    """press books publishing publishers publications verlag éditions editions editorial
    editorial ediciones edizioni wydawnictwo editora uitgeverij förlag 出版 出版社 文庫"""
)

#: Pronouns and other words of ordinary sentences: a span holding them is rarely a title.
PRONOUNS = _words(
    """i i'm i've i'd i'll me my mine we our us you your he him his she her they them their
    it's that's there's this these those je tu il nous vous ils mon ma mes ich du er sie wir
    mein meine yo tú mi mis io tu mio ja ty mój moja"""
)

#: Capitalised words that open ordinary sentences and replies rather than titles.
SENTENCE_WORDS = _words(
    """i it this that these those there here he she we they you my our your his her their if
    when while but and so also yes no oh ok okay well thanks thank please just maybe perhaps
    however still again then now edit update anyway also both either what which who where why
    how because since though although after before during i'm i've it's that's there's
    definitely honestly actually really great good best"""
)

#: Words of headings that name a part of a document, not a work: "Introduction", "Contents".
HEADING_WORDS = _words(
    """introduction contents summary conclusion notes references bibliography sources comments
    post reply replies edit update abstract appendix index preface acknowledgements part
    chapter section table figure schedule week day unit module lecture readings reading
    overview about links"""
)

#: Day and month names and their abbreviations: a phrase of these and numbers is a date.
DATE_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue wed thu fri sat sun"""
)

#: The commonest words of each language, most frequent first, by which a text's language is
#: told (see :mod:`bibkit.mentions.language`).
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": tuple(
        [
            "the",
            "to",
            "and",
            "of",
            "a",
            "in",
            "is",
            "for",
            "that",
            "you",
            "it",
            "on",
            "with",
            "this",
            "was",
            "be",
            "as",
            "are",
            "have",
            "at",
            "he",
            "not",
            "by",
            "but",
        ]
    ),
    "fr": tuple(
        [
            "de",
            "la",
            "le",
            "et",
            "les",
            "est",
            "en",
            "des",
            "un",
            "que",
            "une",
            "pas",
            "du",
            "il",
            "pour",
            "dans",
            "je",
            "qui",
            "au",
            "ce",
            "sur",
            "se",
            "ne",
            "plus",
        ]
    ),
    "de": tuple(
        [
            "die",
            "der",
            "und",
            "in",
            "das",
            "ich",
            "ist",
            "nicht",
            "zu",
            "den",
            "von",
            "mit",
            "es",
            "ein",
            "auf",
            "für",
            "im",
            "sie",
            "eine",
            "sich",
            "auch",
            "dem",
            "des",
        ]
    ),
    "es": tuple(
        [
            "de",
            "la",
            "que",
            "el",
            "en",
            "y",
            "los",
            "no",
            "un",
            "se",
            "por",
            "es",
            "del",
            "las",
            "con",
            "una",
            "para",
            "lo",
            "su",
            "al",
            "como",
            "me",
            "más",
            "si",
        ]
    ),
    "it": tuple(
        [
            "di",
            "e",
            "che",
            "il",
            "la",
            "in",
            "non",
            "un",
            "per",
            "è",
            "del",
            "una",
            "le",
            "si",
            "con",
            "della",
            "da",
            "sono",
            "ma",
            "al",
            "ha",
            "come",
            "anche",
        ]
    ),
    "pl": tuple(
        [
            "w",
            "i",
            "nie",
            "na",
            "się",
            "to",
            "z",
            "do",
            "jest",
            "że",
            "o",
            "jak",
            "a",
            "ale",
            "co",
            "tak",
            "za",
            "od",
            "po",
            "dla",
            "tym",
            "czy",
            "przez",
            "tego",
            "są",
        ]
    ),
    "pt": tuple(
        [
            "de",
            "a",
            "o",
            "que",
            "e",
            "do",
            "em",
            "da",
            "é",
            "para",
            "não",
            "um",
            "uma",
            "com",
            "no",
            "se",
            "na",
            "por",
            "os",
            "eu",
            "como",
            "as",
            "mais",
            "dos",
            "mas",
        ]
    ),
    "nl": tuple(
        [
            "de",
            "van",
            "het",
            "een",
            "en",
            "in",
            "is",
            "op",
            "ik",
            "dat",
            "voor",
            "je",
            "te",
            "met",
            "niet",
            "zijn",
            "die",
            "als",
            "er",
            "maar",
            "om",
            "aan",
            "ook",
        ]
    ),
    "sv": tuple(
        [
            "är",
            "det",
            "att",
            "och",
            "i",
            "jag",
            "på",
            "en",
            "inte",
            "som",
            "för",
            "med",
            "har",
            "av",
            "om",
            "du",
            "så",
            "till",
            "den",
            "de",
            "ett",
            "kan",
            "vi",
        ]
    ),
    "ru": tuple(
        [
            "в",
            "и",
            "на",
            "не",
            "с",
            "что",
            "я",
            "по",
            "а",
            "как",
            "из",
            "это",
            "за",
            "для",
            "о",
            "к",
            "но",
            "то",
            "у",
            "его",
            "он",
            "от",
            "все",
            "так",
            "же",
        ]
    ),
}

#: Pictographs and emoji short codes that lists put before a book ("📖 [Title](…)", ":books:").
BOOK_ICONS = frozenset(
    [
        "📖",
        "📚",
        "📕",
        "📗",
        "📘",
        "📙",
        "📓",
        "📔",
        "📒",
        "🔖",
        ":book:",
        ":books:",
        ":closed_book:",
        ":green_book:",
        ":blue_book:",
        ":orange_book:",
        ":notebook:",
        ":notebook_with_decorative_cover:",
        ":ledger:",
        ":bookmark:",
    ]
)

#: Pictographs and short codes that put another medium before a title: films, television,
#: games, music, podcasts, articles, videos, links, code.
MEDIA_ICONS = frozenset(
    [
        "🎬",
        "🎥",
        "📺",
        "📽",
        "🎞",
        "🎮",
        "🕹",
        "🎵",
        "🎶",
        "🎧",
        "🎙",
        "🎤",
        "📻",
        "📄",
        "📃",
        "📰",
        "🗞",
        "🔗",
        "💻",
        "🌐",
        "▶",
        "▶️",
        "📹",
        "📼",
        "🎲",
        ":movie_camera:",
        ":clapper:",
        ":tv:",
        ":video_game:",
        ":joystick:",
        ":musical_note:",
        ":notes:",
        ":headphones:",
        ":microphone:",
        ":studio_microphone:",
        ":radio:",
        ":page_facing_up:",
        ":page_with_curl:",
        ":newspaper:",
        ":link:",
        ":computer:",
        ":globe_with_meridians:",
        ":arrow_forward:",
        ":video_camera:",
        ":vhs:",
        ":game_die:",
        ":scroll:",
        ":memo:",
        ":bookmark_tabs:",
        "📜",
        "📝",
    ]
)
