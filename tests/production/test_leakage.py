"""The leakage suite: every private thing, fetched as each kind of person, under gunicorn with the
production settings. Prints the table it checked (run with -s to see it)."""

from pathlib import Path

import pytest

from .conftest import Browser

pytestmark = pytest.mark.django_db(databases=[])

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
ROLES = ("anonymous", "non_member", "member", "moderator")
SIGN_IN = "302 sign-in"
PRIVATE = {"anonymous": SIGN_IN, "non_member": "404", "member": "200", "moderator": "200"}
HIDDEN = {"anonymous": SIGN_IN, "non_member": "404", "member": "404", "moderator": "404"}
STAFF = {"anonymous": SIGN_IN, "non_member": "404", "member": "404", "moderator": "200"}
EVERYONE = {role: "200" for role in ROLES}
NOBODY = {role: "404" for role in ROLES}


def probes(facts):
    area = facts["member_area"]
    return [
        ("member area", area, PRIVATE),
        ("past meeting (minutes, joining details)", facts["past_meeting"], PRIVATE),
        ("upcoming meeting", facts["upcoming_meeting"], PRIVATE),
        ("unpublished meeting", facts["draft_meeting"], HIDDEN),
        ("meeting that does not exist", area + "meeting-2031-02-04/", HIDDEN),
        ("any other address in the area", area + "papers/2030/", HIDDEN),
        ("my actions", "/coalition/member-area/my-actions/", PRIVATE),
        ("action of a published meeting", f"/coalition/member-area/actions/{facts['published_action']}/", PRIVATE),
        ("action of an unpublished meeting", f"/coalition/member-area/actions/{facts['draft_action']}/", HIDDEN),
        ("action that does not exist", "/coalition/member-area/actions/999999/", HIDDEN),
        ("meeting .ics", f"/coalition/member-area/meetings/{facts['meeting_pk']}/meeting.ics", PRIVATE),
        ("calendar page", "/coalition/member-area/calendar/", PRIVATE),
        ("endorsements", "/coalition/member-area/endorsements/", PRIVATE),
        ("attendance (staff)", "/coalition/member-area/attendance/", STAFF),
        ("calendar feed, member's token", f"/coalition/calendar/{facts['calendar_token']}.ics", EVERYONE),
        ("calendar feed, guessed token", "/coalition/calendar/not-a-real-token.ics", NOBODY),
        ("paper, members' collection", facts["private_paper"], PRIVATE),
        ("paper, root collection, on a meeting", facts["root_paper"], PRIVATE),
        ("paper, members' collection, unattached", facts["loose_paper"], PRIVATE),
        ("paper file at /media/documents/", "/media/" + facts["paper_file"], NOBODY),
        ("root paper file at /media/documents/", "/media/" + facts["root_paper_file"], NOBODY),
        ("public document (control)", facts["public_doc"], EVERYONE),
        ("image rendition (images are public)", facts["rendition"], EVERYONE),
        ("original image file", facts["original_image"], NOBODY),
        ("site search for the meetings", "/search/?q=meeting", EVERYONE),
        ("sitemap", "/sitemap.xml", EVERYONE),
    ]


def answer(response) -> str:
    if response.status == 302 and response.getheader("Location", "").startswith("/accounts/login/?next="):
        return SIGN_IN
    return str(response.status)


def test_every_private_thing_answers_each_person_as_expected(stack):
    facts = stack.facts
    browsers = {role: Browser(stack.base, session=facts["sessions"].get(role)) for role in ROLES}
    rows, wrong = [], []
    secrets = (b"meet.example.org", b"Draft action", b"members-only paper", b"left in root", b"Unpublished meeting")
    for label, path, expected in probes(facts):
        row = {}
        for role in ROLES:
            response = browsers[role].get(path)
            row[role] = answer(response)
            if row[role] != expected[role]:
                wrong.append((label, role, row[role], expected[role]))
            if expected[role] != "200":
                leaked = [s.decode() for s in secrets if s in response.body]
                if leaked:
                    wrong.append((label, role, f"body shows {leaked}", "nothing private"))
            if label in ("site search for the meetings", "sitemap"):
                if b"member-area" in response.body and role in ("anonymous", "non_member"):
                    wrong.append((label, role, "lists the member area", "no member pages"))
        rows.append((label, path, row))
    table = ["| What | Address | " + " | ".join(ROLES) + " |", "|" + " --- |" * (len(ROLES) + 2)]
    table += [f"| {label} | `{path}` | " + " | ".join(row[role] for role in ROLES) + " |" for label, path, row in rows]
    print("\n" + "\n".join(table))
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "leakage-table.md").write_text("\n".join(table) + "\n")
    assert not wrong, wrong
