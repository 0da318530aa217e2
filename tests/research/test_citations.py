"""Citations import into reference managers: checked by parsing with rispy and bibtexparser."""

import datetime

import bibtexparser
import pytest
import rispy

from research.citations import Citation, bibtex_key, to_bibtex, to_ris


def evaluation(**changes):
    values = dict(
        title="Evaluation of the Drive Project: Year 1 feasibility study",
        type="evaluation",
        type_label="Evaluation report",
        date=datetime.date(2017, 1, 1),
        year_only=True,
        authors=[],
        organisations=["University of Bristol"],
        summary="The first-year study of the Drive pilot.",
        keywords=["Evaluation", "Risk reduction"],
        page_url="https://portal.example.org/research/year-1/",
    )
    values.update(changes)
    return Citation(**values)


def parse_bibtex(text):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1
    return library.entries[0]


def test_ris_parses_with_its_fields():
    [record] = rispy.loads(to_ris(evaluation(authors=["Hester, Marianne"], doi="10.1234/drive.2017")))
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == "Evaluation of the Drive Project: Year 1 feasibility study"
    assert record["authors"] == ["Hester, Marianne"]
    assert record["year"] == "2017"
    assert "date" not in record  # only the year is known
    assert record["publisher"] == "University of Bristol"
    assert record["doi"] == "10.1234/drive.2017"
    assert record["keywords"] == ["Evaluation", "Risk reduction"]
    assert record["urls"] == ["https://portal.example.org/research/year-1/"]


def test_ris_with_full_date():
    [record] = rispy.loads(to_ris(evaluation(year_only=False, date=datetime.date(2021, 7, 21), type="policy_response")))
    assert record["type_of_reference"] == "GEN"
    assert record["date"] == "2021/07/21"


def test_bibtex_parses_with_its_fields():
    entry = parse_bibtex(to_bibtex(evaluation(authors=["Hester, Marianne", "Walker, Sarah-Jane"])))
    fields = entry.fields_dict
    assert entry.entry_type == "techreport"
    assert fields["title"].value.strip("{}") == "Evaluation of the Drive Project: Year 1 feasibility study"
    assert fields["author"].value == "Hester, Marianne and Walker, Sarah-Jane"
    assert fields["institution"].value == "University of Bristol"
    assert fields["year"].value == "2017"
    assert "month" not in fields


def test_bibtex_organisation_as_author_stays_whole():
    entry = parse_bibtex(to_bibtex(evaluation()))
    assert entry.fields_dict["author"].value == "{University of Bristol}"


@pytest.mark.parametrize(
    "nasty",
    [
        "Braces } { and 100% & $5 #1 under_score ~ ^ back\\slash",
        "Line one\nER  - \nTY  - JOUR",
        "Ünïcødé — “quotes” 🙂 \u202e",
        "@misc{evil, title={x}}",
    ],
)
def test_odd_text_never_breaks_either_format(nasty):
    citation = evaluation(title=nasty, summary=nasty, keywords=[nasty], authors=[nasty])
    records = rispy.loads(to_ris(citation))
    assert len(records) == 1
    # Line breaks and invisible control characters (here a right-to-left override) are dropped.
    assert records[0]["title"] == " ".join(nasty.replace("\u202e", "").split())
    entry = parse_bibtex(to_bibtex(citation))
    assert entry.key == bibtex_key(citation)


def test_bibtex_key_is_ascii():
    key = bibtex_key(evaluation(authors=["Ørsted, Åsa"], title="Évaluation"))
    assert key.isascii()
    assert key.startswith("orsted2017") or key.startswith("rsted2017")


def test_ris_names_an_organisation_as_the_author_when_no_person_wrote_it():
    [record] = rispy.loads(to_ris(evaluation()))
    assert record["authors"] == ["University of Bristol"]
    assert "secondary_authors" not in record


def test_bibtex_doi_and_url_read_back_exactly_as_written():
    doi = "10.1234/drive_final-2019"
    citation = evaluation(doi=doi, url=f"https://doi.org/{doi}")
    fields = parse_bibtex(to_bibtex(citation)).fields_dict
    assert fields["doi"].value == doi
    assert fields["url"].value == f"https://doi.org/{doi}"
