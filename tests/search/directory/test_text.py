"""Keyword parsing: stemming, synonyms the sector uses, typo tolerance."""

from search.directory.text import matches, normalise_text, parse_keywords, stem


def test_plurals_and_ing_forms_meet():
    assert stem("programmes") == stem("programme")
    assert stem("changing") == stem("change") == stem("changes")
    assert stem("services") == stem("service")


def test_stored_text_is_padded_stems():
    assert normalise_text("Behaviour-Change Programmes!") == " behaviour chang programm "


def test_typo_is_corrected_against_the_vocabulary():
    query = parse_keywords("perpatrator", {"perpetrator", "programm"})
    assert query.corrections == (("perpatrator", "perpetrator"),)
    assert matches(" domestic abus perpetrator programm ", query)


def test_anger_finds_behaviour_change_programmes():
    query = parse_keywords("anger")
    assert matches(" a 26 week behaviour chang programm ", query)
    assert not matches(" housing support ", query)


def test_acronyms_expand_to_what_they_stand_for():
    def found(text, query):
        return matches(normalise_text(text), parse_keywords(query))

    assert found("A domestic violence perpetrator programme for men", "DVPP")
    assert found("Independent domestic violence advisors", "idva")
    assert found("Multi-agency risk assessment conference", "Marac")
    assert found("Multi-agency tasking and coordination", "MATAC")
    assert found("Domestic abuse perpetrator panel", "DAPP")
    assert not found("Housing support", "DVPP")


def test_every_word_must_match_and_stopwords_are_ignored():
    query = parse_keywords("housing for perpetrators")
    assert len(query.groups) == 2
    assert matches(" housing support for perpetrator ", query)
    assert not matches(" housing support for victim ", query)


def test_phrases_must_be_adjacent():
    query = parse_keywords("behaviour change")
    assert matches(" behaviour chang programm ", query)
    assert not matches(" behaviour that need to chang ", query) or matches(" dvpp ", query)


def test_empty_query_matches_nothing_to_filter():
    assert not parse_keywords("   ")
    assert not parse_keywords("the and of")
