"""Text normalisation: what bibkit stores, and what it compares."""

from __future__ import annotations

from bibkit.text import SUBTITLE_SPLIT, clean, fold, normalize_title, spell_ordinals


def test_ordinals_are_spelt_out() -> None:
    assert spell_ordinals("Capital in the 21st Century") == "Capital in the twenty-first Century"
    assert spell_ordinals("The 3rd Policeman") == "The third Policeman"


def test_folding_ignores_case_accents_apostrophes_markup_and_punctuation() -> None:
    assert fold("Cat's Cradle") == fold("cats  cradle") == "cats cradle"
    assert fold("Alexandre Kojève") == "alexandre kojeve"
    assert fold("Jonathan Strange &amp; Mr Norrell") == "jonathan strange and mr norrell"


def test_a_plain_fold_keeps_apostrophes_and_entities_as_punctuation() -> None:
    # The fold saved decisions are keyed by: it must not start reading markup.
    assert fold("Cat's Cradle", plain=True) == "cat s cradle"
    assert fold("Strange &amp; Norrell", plain=True) == "strange amp norrell"
    assert fold("Война́ и мир", plain=True) == fold("Война и мир") == "воина и мир"


def test_a_title_compares_without_its_article_format_note_or_digits_for_words() -> None:
    assert normalize_title("The Feynman Lectures on Physics (Boxed Set)") == "feynman lectures on physics"
    assert normalize_title("Capital in the 21st Century") == "capital in the twenty first century"
    assert normalize_title("Dune, Vol. 2") == "dune volume 2"


def test_a_subtitle_starts_after_a_colon_or_a_spaced_dash() -> None:
    title = "Red Petrograd: Revolution in the Factories"
    assert SUBTITLE_SPLIT.split(title, maxsplit=1)[0] == "Red Petrograd"
    assert SUBTITLE_SPLIT.split("Trotsky - A Biography", maxsplit=1)[0] == "Trotsky"
    assert SUBTITLE_SPLIT.split("Slaughterhouse-Five", maxsplit=1) == ["Slaughterhouse-Five"]


def test_stored_text_is_one_clean_line() -> None:
    assert clean("The\tBolsheviks\n in  Power") == "The Bolsheviks in Power"


def test_titles_compare_across_dotless_letters_and_cjk_spacing() -> None:
    from bibkit.text import normalize_title, spell_latin

    assert normalize_title("BALIKÇI VE OĞLU") == normalize_title("Balıkçı ve Oğlu")
    assert spell_latin("Łódź, Ørsted, Straße") == "Lodz, Orsted, Strasse"
    assert spell_latin("Война и мир") == "Война и мир"  # other scripts are left alone
    assert normalize_title("Java 设计模式") == normalize_title("Java设计模式")
    assert len(normalize_title("소년이 온다").split()) == 2  # Korean writes spaces between words


def test_edition_statements_and_double_hyphen_subtitles_are_recognised() -> None:
    from bibkit.text import EDITION_NOTE, SUBTITLE_SPLIT

    statements = [
        "Clojure in Action, 2nd Ed",
        "Cracking the Coding Interview, 6th Edition",
        "Programming Clojure, Second Edition",
        "算法（第 4 版）",
        "Java 8 In Action 中文版",
    ]
    for title in statements:
        assert EDITION_NOTE.search(title), title
    assert not EDITION_NOTE.search("The Education of Henry Adams")
    assert SUBTITLE_SPLIT.split("Act of Oblivion -- A Novel") == ["Act of Oblivion", "A Novel"]
