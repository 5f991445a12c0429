"""The catalogue as the final judge: extraction's confidence and the catalogue match together."""

from __future__ import annotations

from bibkit import judge
from bibkit.match import assess
from bibkit.model import Book, Mention, Resolution, Status

PRINCE = Book(title="The Prince", authors=("Niccolò Machiavelli",), edition_count=1400)


def m(title: str, author: str | None = None, confidence: float = 1.0) -> Mention:
    return Mention(text=title, start=0, end=len(title), title=title, author=author, confidence=confidence)


def test_a_doubtful_mention_of_a_real_book_by_title_and_author_is_kept() -> None:
    mention = m("The Prince", "Machiavelli", confidence=0.3)
    assert judge.keeps(mention, assess(mention, PRINCE))


def test_a_doubtful_mention_of_a_title_namesakes_share_is_dropped() -> None:
    mention = m("The Prince", confidence=0.6)
    match = assess(mention, PRINCE)
    assert not judge.keeps(mention, match, namesakes=True)
    assert "0.60" in judge.reason(mention, match, namesakes=True)
    sure = m("The Prince", confidence=0.9)
    assert judge.keeps(sure, assess(sure, PRINCE), namesakes=True)


def test_the_kind_of_match_names_the_threshold_that_applies() -> None:
    assert judge.kind_of(assess(m("The Prince", "Machiavelli"), PRINCE), namesakes=True) == "title and author"
    assert judge.kind_of(assess(m("The Prince"), PRINCE), namesakes=False) == "title alone"
    assert judge.kind_of(assess(m("The Prince"), PRINCE), namesakes=True) == "title shared by namesakes"
    assert judge.WITH_AUTHOR <= judge.TITLE_ALONE <= judge.NAMESAKE


def below_threshold(title: str, author: str | None) -> Mention:
    """A candidate extraction would not call a book on its own (``doubtful``)."""
    return Mention(
        text=title, start=0, end=len(title), title=title, author=author, confidence=0.15, doubtful=True
    )


def test_a_doubted_mention_is_written_only_when_the_catalogue_has_that_title_by_that_author() -> None:
    agreeing = below_threshold("The Prince", "Machiavelli")
    assert judge.keeps(agreeing, assess(agreeing, PRINCE))
    other_author = below_threshold("The Prince", "Hobbes")
    match = assess(other_author, PRINCE)
    assert not match.author and not judge.keeps(other_author, match)
    assert "title and author" in judge.reason(other_author, match)


def test_doubtful_mentions_the_catalogue_did_not_confirm_are_not_mentions_at_all() -> None:
    sure = Resolution(mention=m("Leviathan", confidence=0.9), status=Status.NOT_FOUND)
    doubted_found = Resolution(
        mention=below_threshold("The Prince", "Machiavelli"), book=PRINCE, status=Status.RESOLVED
    )
    doubted_lost = [
        Resolution(mention=below_threshold("Nothing", "Nobody"), status=status)
        for status in (Status.NOT_FOUND, Status.AMBIGUOUS, Status.ERROR)
    ]
    assert judge.confirmed([sure, doubted_found, *doubted_lost]) == [sure, doubted_found]
