"""What a link's target says about what it names: a bookshop, a film database, an encyclopedia page.

People link titles to where they bought, rated or looked them up. The host and path of that
address are evidence of what the title is: a Goodreads or bookshop page, or an ISBN in the
address, says book; IMDb, Steam or Spotify says film, game or music; a Wikipedia page says
whatever its disambiguation says ("Heat_(film)", "Dune_(novel)").
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import regex

__all__ = ["link_kind", "names_its_shop"]

#: Hosts (and their subdomains) by what they mostly hold.
_HOSTS: dict[str, str] = {}
for _kind, _hosts in {
    "bookshop": """amazon.com amazon.co.uk amazon.de amazon.fr amazon.es amazon.it amazon.ca amazon.co.jp
        amazon.com.au amazon.in amzn.to amzn.com amzn.eu goodreads.com bookshop.org barnesandnoble.com
        bookdepository.com abebooks.com powells.com indiebound.org indigo.ca waterstones.com
        blackwells.co.uk thriftbooks.com alibris.com books.google.com play.google.com
        openlibrary.org worldcat.org librarything.com storygraph.com thestorygraph.com
        hive.co.uk kobo.com audible.com audible.co.uk fnac.com decitre.fr babelio.com
        lubimyczytac.pl empik.com taniaksiazka.pl thalia.de buecher.de honto.jp kinokuniya.co.jp
        books.rakuten.co.jp bookmeter.com booklog.jp hanmoto.com casadellibro.com ibs.it
        lafeltrinelli.it penguinrandomhouse.com penguin.co.uk harpercollins.com macmillan.com
        simonandschuster.com hachettebookgroup.com versobooks.com press.princeton.edu
        mitpress.mit.edu press.uchicago.edu yalebooks.yale.edu cambridge.org global.oup.com
        oup.com routledge.com bloomsbury.com isbndb.com isbnsearch.org gutenberg.org
        standardebooks.org archive.org tor.com baen.com orbitbooks.net
        yes24.com kyobobook.co.kr aladin.co.kr ridibooks.com book.naver.com book.douban.com
        dangdang.com bookschina.com books.com.tw bookwalker.jp ndl.go.jp
        litres.ru labirint.ru livelib.ru chitai-gorod.ru kitapyurdu.com idefix.com 1000kitap.com
        todostuslibros.com buscalibre.com skoob.com.br estantevirtual.com.br wook.pt bertrand.pt
        hugendubel.de genialokal.de dnb.de leslibraires.fr placedeslibraires.fr sudoc.abes.fr
        adlibris.com bokus.com akademibokhandeln.se saxo.com bokkilden.no
        oreilly.com manning.com packtpub.com pragprog.com nostarch.com apress.com leanpub.com""",
    "film": """imdb.com letterboxd.com themoviedb.org rottentomatoes.com netflix.com mubi.com
        criterion.com filmweb.pl allocine.fr movie.douban.com kinopoisk.ru""",
    "tv": """tvmaze.com thetvdb.com hbo.com hulu.com""",
    "game": """store.steampowered.com steampowered.com steamcommunity.com gog.com itch.io
        nintendo.com playstation.com xbox.com epicgames.com boardgamegeek.com mobygames.com
        howlongtobeat.com igdb.com""",
    "music": """spotify.com open.spotify.com bandcamp.com soundcloud.com music.apple.com
        discogs.com last.fm musicbrainz.org genius.com music.douban.com""",
    "video": """youtube.com youtu.be vimeo.com twitch.tv nicovideo.jp dailymotion.com ted.com""",
    "podcast": """podcasts.apple.com anchor.fm overcast.fm pca.st pocketcasts.com stitcher.com
        podbean.com libsyn.com transistor.fm""",
    "anime": """myanimelist.net anilist.co anidb.net crunchyroll.com""",
    "article": """doi.org dx.doi.org arxiv.org jstor.org ssrn.com scholar.google.com
        pubmed.ncbi.nlm.nih.gov ncbi.nlm.nih.gov sciencedirect.com springer.com link.springer.com
        wiley.com onlinelibrary.wiley.com tandfonline.com nature.com science.org plos.org
        academia.edu researchgate.net semanticscholar.org""",
    "news": """nytimes.com theguardian.com washingtonpost.com newyorker.com theatlantic.com
        bbc.co.uk bbc.com economist.com wsj.com ft.com vox.com wired.com slate.com
        lrb.co.uk nybooks.com lemonde.fr spiegel.de zeit.de""",
    "blog": """medium.com substack.com wordpress.com blogspot.com tumblr.com""",
    "social": """twitter.com x.com reddit.com facebook.com instagram.com mastodon.social
        linkedin.com threads.net bsky.app""",
    "code": """github.com gitlab.com bitbucket.org npmjs.com pypi.org""",
}.items():
    for _host in _hosts.split():
        _HOSTS[_host] = _kind

#: What a Wikipedia page's disambiguation says, by its words.
# Words in an address are joined by underscores ("Heat_(1995_film)"), which regex's \b counts as
# letters: a word here starts and ends where no letter or digit is.
_W = r"(?<![\p{L}\p{N}])"
_END = r"(?![\p{L}\p{N}])"
_WIKI_BOOK = regex.compile(
    rf"\((?:[^)]*{_W}(?:novel|book|novella|memoir|comics?|manga|graphic_novel|series|roman|livre|buch|powieść|小説){_END}[^)]*)\)",
    regex.I,
)
_WIKI_OTHER = regex.compile(
    rf"\((?:[^)]*{_W}(?:film|movie|tv_series|television|miniseries|video_game|game|album|song|band|musician|"
    r"poem|short_story|play|opera|musical|podcast|anime|painting|sculpture|magazine|journal|newspaper|"
    rf"actor|actress|writer|author|novelist|philosopher|politician|footballer|singer|company|website){_END}[^)]*)\)",
    regex.I,
)
_ISBN_IN_PATH = regex.compile(r"(?<!\d)(?:97[89]\d{10}|\d{9}[\dX])(?!\d)")


def _host_kind(host: str) -> str | None:
    host = host.removeprefix("www.").removeprefix("m.")
    while host:
        kind = _HOSTS.get(host)
        if kind is not None:
            return kind
        _, _, host = host.partition(".")
        if "." not in host:
            return None
    return None


def link_kind(url: str) -> str:
    """What the address ``url`` points at, as one word.

    ``bookshop`` (shops, catalogues, reading sites, publishers), ``isbn`` (any address holding
    a valid-looking ISBN), ``wiki-book`` / ``wiki-other`` / ``wiki`` (Wikipedia pages by their
    disambiguation), ``film``, ``tv``, ``game``, ``music``, ``video``, ``podcast``, ``anime``,
    ``article`` (scholarly), ``news``, ``blog``, ``social``, ``code``, ``local`` (a relative
    address or a page of the same notes, as wikis and note-taking tools make), ``web`` (any
    other site) or "" for no address.
    """
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "web"
    if not parts.scheme and not parts.netloc:
        return "isbn" if _ISBN_IN_PATH.search(url) else "local"
    host = (parts.hostname or "").casefold()
    path = unquote(parts.path)
    if host.endswith("wikipedia.org") or host.endswith("wikiwand.com"):
        # other media first: "(TV_series)" and "(film_series)" are not the book "(series)"
        if _WIKI_OTHER.search(path):
            return "wiki-other"
        if _WIKI_BOOK.search(path):
            return "wiki-book"
        return "wiki"
    kind = _host_kind(host)
    if kind == "bookshop" or _ISBN_IN_PATH.search(path):
        return "bookshop" if kind == "bookshop" else "isbn"
    return kind or "web"


def names_its_shop(url: str, words: list[str]) -> bool:
    """Whether link text ``words`` name the bookshop or publisher the link goes to ("Amazon",
    "Paperback on Amazon", "Manning"): a place to get a copy, not a title. A book's own site
    named after it ("Crafting Interpreters" at craftinginterpreters.com) is no shop."""
    if not words or link_kind(url) != "bookshop":
        return False
    try:
        host = (urlsplit(url.strip()).hostname or "").casefold()
    except ValueError:
        return False
    joined = "".join(w.casefold() for w in words)
    labels = host.removeprefix("www.").split(".")[:-1]
    return any(len(label) >= 4 and (label in joined or joined in label) for label in labels)
