"""Publication pages carry the metadata Google Scholar and reference managers read: the
citation_* meta tags and schema.org JSON-LD, checked by parsing the page as a crawler would."""

import datetime
import json
from html.parser import HTMLParser

import pytest

from research.citations import Citation
from research.scholarly import json_ld, json_ld_text, meta_tags

from .test_pages import YEAR1


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs["content"]))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def read(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


def citation(**changes):
    values = dict(title="Is it possible to reduce domestic abuse? <script>", type="evaluation",
                  type_label="Evaluation report", date=datetime.date(2020, 2, 1), year_only=False,
                  authors=["Hester, Marianne", "Walker, Sarah-Jane"], organisations=["University of Bristol"],
                  summary="Final evaluation.", doi="10.1234/drive_final-2019",
                  page_url="https://portal.example.org/research/final/",
                  pdf_url="https://portal.example.org/documents/9/final.pdf")
    values.update(changes)
    return Citation(**values)


def test_meta_tags_name_each_author_and_the_pdf():
    tags = meta_tags(citation())
    assert tags[0] == ("citation_title", "Is it possible to reduce domestic abuse? <script>")
    assert [v for n, v in tags if n == "citation_author"] == ["Hester, Marianne", "Walker, Sarah-Jane"]
    assert ("citation_publication_date", "2020/02/01") in tags
    assert ("citation_publisher", "University of Bristol") in tags
    assert ("citation_doi", "10.1234/drive_final-2019") in tags
    assert ("citation_pdf_url", "https://portal.example.org/documents/9/final.pdf") in tags


def test_an_organisation_is_the_author_when_no_person_is_named():
    data = json_ld(citation(authors=[], year_only=True, pdf_url=""))
    assert data["author"] == [{"@type": "Organization", "name": "University of Bristol"}]
    assert data["datePublished"] == "2020"
    assert "encoding" not in data
    assert [v for n, v in meta_tags(citation(authors=[])) if n == "citation_author"] == ["University of Bristol"]


def test_json_ld_cannot_end_its_script_element():
    text = json_ld_text(citation(title="</script><script>alert(1)</script>"))
    assert "</script" not in text.lower() and "<" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_the_publication_page_serves_both_to_a_crawler(client, research_site):
    html = client.get(YEAR1).content.decode()
    head = read(html)
    names = [name for name, _ in head.meta]
    assert names[0] == "citation_title"
    assert dict(head.meta)["citation_title"] == "Evaluation of the Drive Project: Year 1 feasibility study"
    assert dict(head.meta)["citation_publication_date"] == "2017"
    assert dict(head.meta)["citation_author"] == "University of Bristol"
    assert dict(head.meta)["citation_abstract_html_url"].endswith(YEAR1)
    [block] = head.json_ld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Evaluation of the Drive Project: Year 1 feasibility study"
    assert data["url"] == dict(head.meta)["citation_abstract_html_url"]
