"""Where services are missing, as the public see it: the map and table page, its filter form (bad
input gives a clear page, never an error), the CSV and JSON (the table's figures, read back), and
the page of one local authority."""

import csv
import html as htmllib
import io
import json
import re

import pytest

from portal.spreadsheet import from_spreadsheet
from search.directory import coverage as cov
from search.directory.police_forces import authorities_of
from tests.search import factories as f

pytestmark = pytest.mark.django_db

URL = "/find-a-service/coverage/"


@pytest.fixture
def directory(db):
    return {
        "cardiff": f.service("Cardiff youth service", postcode="CF10 1AE", areas=[("W06000015", "Cardiff")],
                             service_types=["young-people"]),
        "gwent": f.service("=HYPERLINK(\"http://x\") Gwent youth", police_force_areas="Gwent",
                           service_types=["young-people", "housing"]),
        "refuge": f.service("Refuge Idva", postcode="CF64 1AA", town="Cardiff", confidential=True,
                            service_types=["idva"]),
        "line": f.service("National line", national=True, service_types=["helpline"]),
        "formula": f.service("=SUM(1) Swansea drive", postcode="SA1 1AE", town="Swansea", service_types=["drive"]),
        "closed": f.service("Closed Swansea youth", postcode="SA1 1AE", town="Swansea", status="inactive",
                            service_types=["young-people"]),
    }


def text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def table_rows(html: str) -> dict[str, list[str]]:
    """The table's rows: authority code -> [name, police force area, coverage, local services, nearest]."""
    rows = {}
    for code, body in re.findall(r'<tr id="la-([EW]\d{8})"[^>]*>(.*?)</tr>', html, re.S):
        name, force = re.search(r'<th scope="row"><a [^>]+>(.*?)</a> <span class="coverage-force">(.*?)</span>',
                                body).groups()
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        rows[code] = [text(name), text(force)] + [text(c) for c in cells]
    return rows


def test_the_page_has_a_map_a_table_and_the_method(client, directory):
    response = client.get(URL, {"type": "young-people"})
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'class="coverage-map__svg"' in html
    assert html.count('class="cov-link"') == 318
    assert re.search(r'aria-label="Cardiff: covered by a local service; 1 local and 0 national services"', html)
    assert re.search(r'aria-label="Swansea: no service; 0 local and 0 national services; nearest Cardiff youth '
                     r'service, [\d.]+ miles"', html)
    rows = table_rows(html)
    assert len(rows) == 318
    assert rows["W06000015"][:4] == ["Cardiff", "South Wales", "Local service", "1"]
    assert rows["W06000022"][3] == "2"  # Newport: by the Gwent police force area, and 11 miles from Cardiff
    assert rows["W06000011"][2] == "No service"  # Swansea: its only youth service is inactive
    assert "Cardiff youth service, Cardiff" in rows["W06000011"][4]
    assert "within 25 miles of the authority" in html and "computed" in html.lower()
    assert "src=\"http" not in html and "href=\"http" not in html.replace('href="http://testserver', "")


def test_the_all_types_summary_and_the_force_filter(client, directory):
    html = client.get(URL, {"force": "Gwent"}).content.decode()
    rows = table_rows(html)
    assert set(rows) == authorities_of("Gwent")
    newport = rows["W06000022"]
    assert newport[2] == "Some types local (3 of 9)"
    assert html.count('class="cov-link"') == 5


def test_unknown_or_odd_values_are_dropped_with_a_clear_page(client, directory):
    for params in ({"type": "<script>", "force": "Atlantis"}, {"sort": "password", "order": "sideways"},
                   {"type": "x" * 5000}):
        response = client.get(URL, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "so it was left out" in html
        assert "<script>" not in html
        assert len(table_rows(html)) == 318
    assert client.get(URL, {"type": ["drive", "<idva>"], "page": "2"}).status_code == 200
    assert client.get(URL, {"force": "Gwent\x00", "sort": "\x00"}).status_code == 200
    html = client.get(URL, {"type": "nonsense", "force": "Gwent"}).content.decode()
    assert "We did not recognise the service type" in html
    assert set(table_rows(html)) == authorities_of("Gwent")  # the known filter still applies
    for params in ({"type": "nonsense"},):
        assert client.get("/find-a-service/coverage/coverage.csv", params).status_code == 200
        assert client.get("/find-a-service/coverage/coverage.json", params).status_code == 200


def test_the_table_sorts_by_its_column_links(client, directory):
    html = client.get(URL, {"type": "young-people", "sort": "local", "order": "desc"}).content.decode()
    rows = table_rows(html)
    local = [int(row[3]) for row in rows.values()]
    assert local[0] == 2 and rows["W06000022"][3] == "2"  # Newport: by force area and distance
    assert local == sorted(local, reverse=True) and local[-1] == 0
    assert 'aria-sort="descending"' in html
    assert "?type=young-people&amp;sort=local&amp;order=asc#coverage-table" in html
    names = [row[0] for row in table_rows(client.get(URL, {"sort": "name"}).content.decode()).values()]
    assert names == sorted(names, key=str.casefold)
    nearest = client.get(URL, {"type": "young-people", "sort": "nearest"}).content.decode()
    miles = [float(m) for m in re.findall(r": ([\d.]+) miles</td>", nearest)]
    assert miles == sorted(miles) and miles


def test_the_csv_and_json_hold_the_tables_figures(client, directory):
    params = {"type": "young-people"}
    page = client.get(URL, params).content.decode()
    rows = table_rows(page)
    national = re.search(r"(\d+|No) national services? of this type cover", page)
    national = "0" if national is None else national.group(1)
    response = client.get("/find-a-service/coverage/coverage.csv", params)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == len(rows) == 318
    for record in records:
        row = rows[record["la_code"]]
        assert [record["local_authority"], record["police_force_area"], record["coverage"],
                record["local_services"]] == row[:4]
        assert record["national_services"] == national
        if record["nearest_service"]:
            assert f'{record["nearest_service"]}, {record["nearest_town"]}: {record["nearest_miles"]} miles' == row[4]
    gwent = next(r for r in records if r["la_code"] == "W06000022")
    assert gwent["local_services"] == "2"
    # Spreadsheet-safe: a listing named like a formula is text in the file, and reads back as named.
    drive = list(csv.DictReader(io.StringIO(client.get("/find-a-service/coverage/coverage.csv",
                                                       {"type": "drive"}).content.decode("utf-8-sig"))))
    cardiff = next(r for r in drive if r["la_code"] == "W06000015")
    assert cardiff["nearest_service"] == "'=SUM(1) Swansea drive"
    assert from_spreadsheet(cardiff["nearest_service"]) == "=SUM(1) Swansea drive"
    assert not [r for r in drive for value in r.values() if value.startswith(("=", "+", "-", "@"))]
    data = json.loads(client.get("/find-a-service/coverage/coverage.json", params).content)
    assert data["distance_miles"] == cov.DISTANCE_MILES and data["service_type"] == "young-people"
    by_code = {r["la_code"]: r for r in data["rows"]}
    for record in records:
        item = by_code[record["la_code"]]
        assert str(item["local_services"]) == record["local_services"]
        assert str(item["national_services"]) == record["national_services"]
        assert item["coverage"] == record["coverage"]
    everything = json.loads(client.get("/find-a-service/coverage/coverage.json").content)
    assert len(everything["rows"]) == 318 * 9


def test_confidential_addresses_never_appear(client, directory):
    for url in (URL + "?type=idva", "/find-a-service/coverage/coverage.csv",
                "/find-a-service/coverage/coverage.json", "/find-a-service/coverage/W06000023/"):
        text = client.get(url).content.decode("utf-8-sig")
        assert "CF64" not in text and "Example Street" not in text and "Penarth" not in text, url
    assert "Refuge Idva</a>, Cardiff" in client.get("/find-a-service/coverage/W06000023/").content.decode()


def test_an_authority_page_shows_what_covers_it_and_what_is_missing(client, directory):
    html = client.get("/find-a-service/coverage/W06000022/").content.decode()  # Newport
    assert "<h1>Newport</h1>" in html
    assert "Gwent police force area" in html
    assert "Gwent youth</a>: by police force area" in html
    assert "National line</a>: by national service" in html
    missing = html.split("What is missing", 1)[1].split("What covers", 1)[0]
    assert "Drive high-harm case management" in missing and "Young people who harm" not in missing
    assert "Idva" not in missing  # the refuge's town, Cardiff, is 11 miles away
    assert "Cardiff youth service" in html
    powys = client.get("/find-a-service/coverage/W06000023/").content.decode()
    assert re.search(r"nearest is <a [^>]+>Refuge Idva</a>, Cardiff, [\d.]+ miles from the centre of Powys", powys)
    assert client.get("/find-a-service/coverage/X99/").status_code == 404
    assert client.get("/find-a-service/coverage/w06000022/").status_code == 200


def test_the_pages_need_few_queries_once_computed(client, directory, django_assert_max_num_queries):
    client.get(URL)
    with django_assert_max_num_queries(8):  # the layout's own (navigation, site settings)
        assert client.get(URL, {"type": "drive"}).status_code == 200
