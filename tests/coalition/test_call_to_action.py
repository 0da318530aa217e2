import csv
import io
import json

import pytest
from django.urls import reverse

from coalition.models import Ask, CallToActionPage, Endorsement, MemberOrganisation, Milestone
from coalition.models.asks import all_asks_flat, ask_tree, endorse, withdraw


@pytest.mark.django_db
def test_seeded_asks_follow_the_facts(coalition):
    titles = list(Ask.objects.filter(parent__isnull=True).values_list("title", flat=True))
    assert any("Domestic Abuse Bill" in t for t in titles)
    assert any("perpetrator panels" in t for t in titles)
    assert any("cross-sector perpetrator strategy" in t for t in titles)
    milestones = " ".join(Milestone.objects.values_list("description", flat=True))
    assert "£10m" in milestones and "£3m" in milestones and "£25m" in milestones


@pytest.mark.django_db
def test_progress_page_shows_status_bars_timeline_summary_and_chart(client, coalition):
    html = client.get("/coalition/call-to-action/").content.decode()
    assert html.count("<h1") == 1
    funding = Ask.objects.get(title="Dedicated national funding for perpetrator interventions")
    # Sub-asks: achieved (weight 1), achieved (weight 2), in progress (weight 2) → (100+200+80)/5 = 76
    assert f'<progress id="ask-{funding.pk}-progress" max="100" value="76">' in html
    assert "weighted average of its sub-asks" in html
    panels = Ask.objects.get(title="Multi-agency perpetrator panels across the country")
    assert f'<progress id="ask-{panels.pk}-progress" max="100" value="50">' in html  # editor's override
    assert "Status: Achieved" in html and "29 April 2021" in html
    assert 'role="img"' in html
    assert '<title id="milestones-chart-title">Milestones on the Call to Action per year' in html
    assert "<caption>Data for “Milestones on the Call to Action per year”</caption>" in html
    assert '<th scope="col">Year</th><th scope="col">Milestones</th>' in html
    assert '<th scope="row">2021</th><td>4</td>' in html
    assert "style=" not in html.split("<main", 1)[1]  # no inline styles under the CSP
    assert "in progress or partly achieved" in html


@pytest.mark.django_db
def test_endorsement_counts_withdrawal_and_re_endorsement(client, member, organisation, coalition):
    ask = Ask.objects.get(title="A cross-sector perpetrator strategy")
    before = Endorsement.objects.filter(ask=ask, withdrawn_at__isnull=True).count()
    client.force_login(member)
    url = reverse("coalition:endorsements")
    client.post(url, {"organisation": organisation.pk, "ask": ask.pk, "action": "endorse"})
    assert {a.pk: a.endorsement_count for a in ask_tree()}[ask.pk] == before + 1
    client.post(url, {"organisation": organisation.pk, "ask": ask.pk, "action": "withdraw"})
    assert {a.pk: a.endorsement_count for a in ask_tree()}[ask.pk] == before
    assert Endorsement.objects.get(organisation=organisation, ask=ask).withdrawn_at is not None
    endorse(organisation, ask)
    assert Endorsement.objects.get(organisation=organisation, ask=ask).withdrawn_at is None
    assert withdraw(organisation, ask) is True and withdraw(organisation, ask) is False


@pytest.mark.django_db
def test_members_cannot_endorse_for_an_organisation_they_do_not_belong_to(client, member, coalition):
    other = MemberOrganisation.objects.exclude(contacts__user=member).first()
    ask = Ask.objects.first()
    client.force_login(member)
    client.post(reverse("coalition:endorsements"), {"organisation": other.pk, "ask": ask.pk, "action": "withdraw"})
    client.post(reverse("coalition:endorsements"), {"organisation": "x", "ask": "", "action": "zap"})
    assert Endorsement.objects.filter(organisation=other, withdrawn_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_lapsed_organisations_do_not_count(coalition):
    ask = Ask.objects.filter(parent__isnull=True).first()
    count = {a.pk: a.endorsement_count for a in ask_tree()}[ask.pk]
    org = Endorsement.objects.filter(ask=ask).first().organisation
    org.status = MemberOrganisation.Status.LAPSED
    org.save()
    assert {a.pk: a.endorsement_count for a in ask_tree()}[ask.pk] == count - 1


@pytest.mark.django_db
def test_open_data_csv_and_json(client, coalition):
    asks = list(csv.DictReader(io.StringIO(client.get(reverse("coalition:asks_csv")).content.decode())))
    assert len(asks) == Ask.objects.count()
    assert {"title", "status", "progress_percent", "endorsements"} <= set(asks[0])
    milestones_response = client.get(reverse("coalition:milestones_csv"))
    assert milestones_response["Content-Disposition"].startswith("attachment")
    milestones = list(csv.DictReader(io.StringIO(milestones_response.content.decode())))
    assert len(milestones) == Milestone.objects.count()
    endorsements = list(csv.DictReader(io.StringIO(client.get(reverse("coalition:endorsements_csv")).content.decode())))
    assert len(endorsements) == Endorsement.objects.filter(withdrawn_at__isnull=True).count()
    data = json.loads(client.get(reverse("coalition:cta_json")).content)
    assert data["signatories"] == MemberOrganisation.objects.filter(status="member").count()
    funding = next(a for a in data["asks"] if a["title"].startswith("Dedicated national funding"))
    assert funding["progress_percent"] == 76 and len(funding["sub_asks"]) == 3
    assert funding["sub_asks"][0]["milestones"][0]["date"] == "2020-04-01"


@pytest.mark.django_db
def test_csv_cells_cannot_become_spreadsheet_formulas(client, coalition):
    Ask.objects.create(title="=HYPERLINK(\"http://example.org\")", status="not_started")
    body = client.get(reverse("coalition:asks_csv")).content.decode()
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_ask_and_endorsement_changes_schedule_a_cache_purge(coalition, django_capture_on_commit_callbacks):
    from portal.cache import purge_page_cache

    with django_capture_on_commit_callbacks() as callbacks:
        Ask.objects.first().save()
    assert purge_page_cache in callbacks  # cached copies of the progress page are dropped on commit
    endorsement = Endorsement.objects.filter(withdrawn_at__isnull=True).first()
    with django_capture_on_commit_callbacks() as callbacks:
        withdraw(endorsement.organisation, endorsement.ask)
    assert purge_page_cache in callbacks


@pytest.mark.django_db
def test_sub_asks_count_the_organisations_endorsing_them_or_their_ask(client, coalition):
    """A funder reading the Call to Action sees real endorsement counts on the sub-asks too."""
    parent = Ask.objects.filter(sub_asks__isnull=False).distinct().first()
    sub = parent.sub_asks.first()
    members = list(MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER)[:2])
    Endorsement.objects.filter(ask__in=[parent, sub]).delete()
    endorse(members[0], parent)
    endorse(members[0], sub)  # the same organisation twice: counted once
    endorse(members[1], sub)
    tree = {a.pk: a for a in all_asks_flat(ask_tree())}
    assert tree[parent.pk].endorsement_count == 1 and tree[sub.pk].endorsement_count == 2
    withdraw(members[1], sub)
    tree = {a.pk: a for a in all_asks_flat(ask_tree())}
    assert tree[sub.pk].endorsement_count == 1
    page = client.get(CallToActionPage.objects.get().url).content.decode()
    assert "Endorsed by</dt><dd>0 organisations" not in page
    assert "Why the numbers differ" in page
