import pytest

from coalition.models import MemberOrganisation, Region


@pytest.fixture
def directory_orgs(coalition):
    wales = Region.objects.get(code="wales")
    police = MemberOrganisation.objects.create(name="Aardvark Police (demo)", org_type="police", status="member",
                                               is_demo=True)
    police.regions.set([wales])
    police.save()  # a parental many-to-many is written when its owner is saved
    MemberOrganisation.objects.create(name="Applied Only Org", org_type="police", status="applied")
    MemberOrganisation.objects.create(name="Lapsed Org", org_type="police", status="lapsed")
    return police


@pytest.mark.django_db
def test_directory_lists_members_only_with_signatory_count(client, directory_orgs):
    response = client.get("/coalition/members/")
    html = response.content.decode()
    members = MemberOrganisation.objects.filter(status="member").count()
    assert f"<strong>{members}</strong> organisations have signed the Call to Action" in html
    assert "Aardvark Police (demo)" in html and "Demonstration data" in html
    assert "Applied Only Org" not in html and "Lapsed Org" not in html


@pytest.mark.django_db
def test_filters_by_type_and_region(client, directory_orgs):
    html = client.get("/coalition/members/", {"type": "police", "region": "wales"}).content.decode()
    assert "Aardvark Police (demo)" in html
    assert "Westmoor Police (demo)" not in html  # police, but West Midlands
    assert "Valleys Change Project" not in html  # Wales, but not police
    assert "1 organisation match your filters" in html
    only_type = client.get("/coalition/members/", {"type": "police"}).content.decode()
    assert "Westmoor Police (demo)" in only_type and "Aardvark" in only_type


@pytest.mark.django_db
def test_unknown_filters_and_pages_never_break_the_directory(client, directory_orgs):
    for params in ({"type": "martian"}, {"region": "<script>"}, {"page": "999"}, {"page": "x"}):
        response = client.get("/coalition/members/", params)
        assert response.status_code == 200
    assert b"Some filters were not recognised" in client.get("/coalition/members/", {"type": "martian"}).content


@pytest.mark.django_db
def test_directory_queries_do_not_grow_with_500_organisations(client, coalition, django_assert_max_num_queries):
    regions = list(Region.objects.all())
    orgs = MemberOrganisation.objects.bulk_create(
        MemberOrganisation(name=f"Organisation {i:03d}", slug=f"organisation-{i:03d}", org_type="other",
                           status="member") for i in range(500))
    through = MemberOrganisation.regions.through
    through.objects.bulk_create(through(memberorganisation=o, region=regions[i % len(regions)])
                                for i, o in enumerate(orgs))
    client.get("/coalition/")  # first request creates the site settings rows
    with django_assert_max_num_queries(16):
        response = client.get("/coalition/members/", {"page": "3"})
    assert response.status_code == 200 and b"Page 3 of" in response.content
    with django_assert_max_num_queries(17):  # filtered: the signatory count is one more query
        assert client.get("/coalition/members/", {"type": "other", "region": "london"}).status_code == 200
