"""The meeting page and the directory build their rows ahead of the template: what they show must
match the records exactly, including the edge cases the template used to handle itself."""

import datetime

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import dateformat, timezone
from wagtail.models import Page

from coalition.directory import DirectoryFilterForm, RememberedSelect
from coalition.formatting import format_date
from coalition.models import RSVP, ActionItem, AgendaItem, MeetingPage, MemberOrganisation, Region
from portal.accounts.models import Profile

from .conftest import make_user


@pytest.mark.django_db
def test_meeting_rows_show_owners_dates_statuses_and_replies(client, member, meeting, organisation):
    today = timezone.localdate()
    named = make_user("named@example.org")
    Profile.objects.create(user=named, display_name="Ann <Named>")
    unnamed = make_user("unnamed@example.org")
    Profile.objects.create(user=unnamed, display_name="")
    late = today - datetime.timedelta(days=3)
    ActionItem.objects.create(meeting=meeting, description="Both owners", owner_user=named,
                              owner_organisation=organisation, due_date=late)
    ActionItem.objects.create(meeting=meeting, description="Person only", owner_user=unnamed, due_date=late,
                              status=ActionItem.Status.DONE)
    ActionItem.objects.create(meeting=meeting, description="Organisation only", owner_organisation=organisation)
    ActionItem.objects.create(meeting=meeting, description="Nobody's", due_date=today + datetime.timedelta(days=1),
                              status=ActionItem.Status.IN_PROGRESS)
    RSVP.objects.create(meeting=meeting, user=member, organisation=organisation, response="attending")
    RSVP.objects.create(meeting=meeting, user=named, response="apologies")
    client.force_login(member)
    html = client.get(meeting.url).content.decode()
    due = dateformat.format(late, "j M Y")
    assert (f'Both owners</a></th><td data-label="Owner">Ann &lt;Named&gt;, Test Member Org</td>'
            f'<td data-label="Due">{due}</td><td data-label="Status">Not started'
            ' <strong class="tag tag--overdue">Overdue</strong></td>') in html
    assert (f'Person only</a></th><td data-label="Owner">unnamed@example.org</td><td data-label="Due">{due}</td>'
            '<td data-label="Status">Done</td>') in html
    assert ('Organisation only</a></th><td data-label="Owner">Test Member Org</td><td data-label="Due">No date</td>'
            '<td data-label="Status">Not started</td>') in html
    assert 'Nobody&#x27;s</a></th><td data-label="Owner">Unassigned</td>' in html
    assert '<td data-label="Status">In progress</td>' in html
    action = ActionItem.objects.get(description="Both owners")
    assert f'href="/coalition/member-area/actions/{action.pk}/"' in html
    assert "<li>member@example.org, Test Member Org</li>" in html and "<li>Ann &lt;Named&gt;</li>" in html
    assert "You replied: <strong>Attending</strong>" in html and 'value="attending" id="rsvp-attending" checked' in html


@pytest.mark.django_db
def test_meeting_preview_shows_its_unsaved_agenda(member, meeting, organisation):
    page = MeetingPage.objects.get(pk=meeting.pk)
    page.agenda_items = [AgendaItem(title="Draft welcome", duration_minutes=15, sort_order=0),
                         AgendaItem(title="Draft sub-item", is_sub_item=True, duration_minutes=5, sort_order=1,
                                    lead_organisation=organisation)]
    request = RequestFactory().get(page.url)
    request.user, request.session = member, {}
    request._messages = FallbackStorage(request)
    html = page.serve_preview(request, page.default_preview_mode).render().content.decode()
    assert "Draft welcome" in html and '<td data-label="Item">1.1</td>' in html
    assert '<td data-label="Lead">Test Member Org</td>' in html
    assert '<td data-label="Starts">10:15</td>' not in html and ">10:15</time>" in html


@pytest.mark.django_db
def test_meetings_route_through_the_member_area(client, member, meeting, member_area):
    client.force_login(member)
    response = client.get(meeting.url)
    assert response.status_code == 200 and response.context["page"] == meeting
    assert f'<a href="{member_area.url}">Meetings</a>' in response.content.decode()
    for url in (member_area.url + "no-such-meeting/", meeting.url + "deeper/", "/coalition/no-such-page/meeting/"):
        assert client.get(url).status_code == 404, url
    meeting.unpublish()
    assert client.get(meeting.url).status_code == 404


@pytest.mark.django_db
def test_passing_through_a_page_loads_no_fields_it_does_not_need(rf, member, meeting, member_area):
    request = rf.get(meeting.url)
    request.user = member
    page, _args, _kwargs = Page.route_for_request(request, meeting.url)
    assert page == meeting and type(page) is MeetingPage
    parent = page.get_parent()
    assert parent.pk == member_area.pk and parent.get_deferred_fields() >= {"intro", "body"}
    assert parent.intro == member_area.intro  # still there when read


def _directory_orgs(n, **fields):
    return MemberOrganisation.objects.bulk_create(
        MemberOrganisation(name=f"Listed {i:02d}", slug=f"listed-{i:02d}", org_type="housing", status="member",
                           **fields) for i in range(n))


@pytest.mark.django_db
def test_directory_rows_show_regions_types_joining_month_and_logos(client, coalition, tmp_path, settings):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    path = tmp_path / "logo.png"
    PILImage.new("RGB", (300, 100), "red").save(path)
    with path.open("rb") as f:
        logo = Image.objects.create(title="Logo", file=ImageFile(f, name="logo.png"))
    first, second = _directory_orgs(2, joined=datetime.date(2021, 9, 1))
    wales, london = Region.objects.get(code="wales"), Region.objects.get(code="london")
    first.regions.set([wales, london])
    first.logo = logo
    first.save()
    html = client.get("/coalition/members/", {"type": "housing"}).content.decode()
    regions = ", ".join(r.name for r in sorted([wales, london], key=lambda r: (r.sort_order, r.name)))
    assert f"Housing · {regions} · Joined {format_date(first.joined, 'F Y')}</p>" in html
    assert "Housing · Region not given · Joined September 2021</p>" in html
    assert ('<img alt="" class="directory__logo" height="40" '
            'src="/media/images/logo.max-120x60.png" width="120">') in html
    assert html.count("directory__logo") == 1


@pytest.mark.django_db
def test_directory_queries_stay_constant_with_logos_on_the_page(client, coalition, tmp_path, settings,
                                                                django_assert_max_num_queries):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT, settings.PAGE_CACHE_SECONDS = str(tmp_path), 0
    path = tmp_path / "logo.png"
    PILImage.new("RGB", (200, 100), "blue").save(path)
    with path.open("rb") as f:
        logo = Image.objects.create(title="Logo", file=ImageFile(f, name="logo.png"))
    logo.get_rendition("max-120x60")
    orgs = _directory_orgs(25)
    client.get("/coalition/")  # first request creates the site settings rows
    with django_assert_max_num_queries(17):
        response = client.get("/coalition/members/", {"type": "housing"})
    assert "directory__logo" not in response.content.decode()
    MemberOrganisation.objects.filter(pk__in=[o.pk for o in orgs[:3]]).update(logo=logo)
    with django_assert_max_num_queries(19):  # the logos and their renditions: two queries, whatever their number
        response = client.get("/coalition/members/", {"type": "housing"})
    assert response.content.decode().count("directory__logo") == 3
    MemberOrganisation.objects.filter(org_type="housing").update(logo=logo)
    with django_assert_max_num_queries(19):
        response = client.get("/coalition/members/", {"type": "housing"})
    assert response.content.decode().count("directory__logo") == 25


def test_remembered_select_renders_exactly_like_a_select():
    choices = [("", "All"), ("a", "Option <A>"), ("b", "B")]
    for value in ("", None, "a", "b", "not-a-choice", "<script>"):
        plain, remembered = RememberedSelect(choices=choices), RememberedSelect(choices=choices)
        expected = super(RememberedSelect, plain).render("type", value, {"id": "id_type"})
        assert remembered.render("type", value, {"id": "id_type"}) == expected
        assert remembered.render("type", value, {"id": "id_type"}) == expected  # a second time, remembered
    changed = RememberedSelect(choices=[("", "All"), ("a", "Renamed")])
    assert "Renamed" in changed.render("type", "a", {"id": "id_type"})


@pytest.mark.django_db
def test_directory_filter_form_marks_the_chosen_options(coalition):
    form = DirectoryFilterForm({"type": "police", "region": "wales"})
    assert form.is_valid()
    assert '<option value="police" selected>Police</option>' in str(form["type"])
    assert '<option value="wales" selected>' in str(form["region"])
    assert "selected" not in str(DirectoryFilterForm({"type": "martian"})["type"]).replace('value="" selected', "")


def test_format_date_matches_the_date_filter_and_refuses_datetimes():
    day = datetime.date(2026, 9, 3)
    assert format_date(day, "j M Y") == dateformat.format(day, "j M Y") == "3 Sep 2026"
    assert format_date(day, "F Y") == "September 2026"
    with pytest.raises(TypeError):
        format_date(timezone.now(), "j M Y")
