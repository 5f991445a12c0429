"""What a link's target says about the title it carries."""

from __future__ import annotations

import pytest

from bibkit.mentions.links import link_kind, names_its_shop


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.goodreads.com/book/show/234225.Dune", "bookshop"),
        ("http://www.yes24.com/24/goods/24567417?scode=032", "bookshop"),  # Korea's largest bookshop
        ("https://book.douban.com/subject/1084336/", "bookshop"),
        ("https://movie.douban.com/subject/1292052/", "film"),  # the same site's film pages
        ("https://www.kitapyurdu.com/kitap/sefiller/12345.html", "bookshop"),
        ("https://www.imdb.com/title/tt0113277/", "film"),
        ("https://en.wikipedia.org/wiki/Heat_(1995_film)", "wiki-other"),
        ("https://en.wikipedia.org/wiki/Dune_(novel)", "wiki-book"),
        ("https://en.wikipedia.org/wiki/The_Expanse_(novel_series)", "wiki-book"),
        ("https://en.wikipedia.org/wiki/The_Expanse_(TV_series)", "wiki-other"),
        ("https://en.wikipedia.org/wiki/Dune_(2003_video_game)", "wiki-other"),
        ("https://en.wikipedia.org/wiki/David_Mitchell_(author)", "wiki-other"),
        ("https://example.org/shop/9780141439518", "isbn"),
        ("notes/dune.md", "local"),
        ("", ""),
    ],
)
def test_link_kind(url: str, kind: str) -> None:
    assert link_kind(url) == kind


def test_a_link_text_naming_its_shop_is_a_place_to_buy_not_a_title() -> None:
    amazon = "https://www.amazon.com/dp/1680502468"
    assert names_its_shop(amazon, ["Paperback", "on", "Amazon"])
    assert names_its_shop("https://www.packtpub.com/product/clojure", ["Packt", "Publishing"])
    assert not names_its_shop(amazon, ["Programming", "Clojure"])
    # a book's own site named after it is not a shop
    assert not names_its_shop("https://craftinginterpreters.com/", ["Crafting", "Interpreters"])
