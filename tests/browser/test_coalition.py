"""The coalition journey in Chromium: apply to join, be approved, create an account, confirm it,
reach the member area and RSVP, with axe-core on the public pages and the member area."""


from tests.browser.conftest import manage
from tests.browser.helpers import describe, find_link, run_axe, screenshot, submit

EMAIL = "amira.browser@example.org"
PASSWORD = "a-long-browser-pass-phrase"
ACTION = "Share the Harbourtown perpetrator referral figures (browser test)"
ADD_ACTION = f"""
import datetime
from django.utils import timezone
from coalition.models import ActionItem, MeetingPage, MemberOrganisation
org = MemberOrganisation.objects.get(name="Harbourtown Women's Aid (browser test)")
meeting = MeetingPage.objects.live().filter(start__lt=timezone.now()).order_by("-start").first()
ActionItem.objects.create(meeting=meeting, description={ACTION!r}, owner_organisation=org,
                          due_date=timezone.localdate() + datetime.timedelta(days=14))
"""


def assert_accessible(page, name):
    violations = run_axe(page)
    screenshot(page, name)
    assert not violations, describe(violations)


def test_public_coalition_pages_pass_axe(page, base_url):
    for path, name in (("/coalition/", "coalition-index"), ("/coalition/call-to-action/", "coalition-cta"),
                       ("/coalition/members/?type=police", "coalition-directory")):
        page.goto(base_url + path)
        assert page.locator("h1").count() == 1
        assert_accessible(page, name)
    page.goto(base_url + "/coalition/call-to-action/")
    assert page.locator("svg[role=img] title").text_content().startswith("Milestones")
    assert page.locator("progress").count() >= 5


def test_apply_be_approved_sign_up_and_rsvp(page, base_url, server_env):
    # 1. Apply, first with a mistake.
    page.goto(base_url + "/coalition/join/")
    assert_accessible(page, "coalition-join")
    page.fill("#id_organisation_name", "Harbourtown Women's Aid (browser test)")
    submit(page, "main form button[type=submit]")
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "Enter your full name" in summary.inner_text()
    assert page.input_value("#id_organisation_name") == "Harbourtown Women's Aid (browser test)"
    assert_accessible(page, "coalition-join-errors")
    page.select_option("#id_org_type", "specialist_da")
    page.get_by_label("Wales", exact=True).check()
    page.fill("#id_contact_name", "Amira Example")
    page.fill("#id_contact_email", EMAIL)
    page.check("input[name=asks] >> nth=0")
    page.fill("#id_statement", "We want every agency to ask why he doesn't stop.")
    page.check("#id_confirm")
    submit(page, "main form button[type=submit]")
    page.wait_for_url("**/coalition/join/thank-you/")
    assert "Application sent" in page.locator("h1").inner_text()

    # 2. A moderator approves it (the admin screens are covered by the Django tests).
    manage(server_env, "shell", "-c", (
        "from coalition.models import MembershipApplication; from coalition import membership; "
        f"membership.approve(MembershipApplication.objects.get(contact_email='{EMAIL}'), None)"))
    invitation = find_link(server_env, r"/coalition/invitation/[\w-]+/")

    # 3. The contact follows the invitation, creates an account and confirms the address.
    page.goto(base_url + invitation)
    assert_accessible(page, "coalition-invitation")
    page.click("main a.button:has-text('Create an account')")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page, "main form button[type=submit]")
    confirm = find_link(server_env, r"/accounts/confirm-email/[^\s/]+/")
    page.goto(base_url + confirm)
    submit(page, "main form button[type=submit]")

    # 4. Signed in, the member area is open to them.
    if page.locator("input[name=login]").count():
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        submit(page, "main form button[type=submit]")
    page.goto(base_url + "/coalition/member-area/")
    assert page.locator("h1").inner_text() == "Member area"
    assert_accessible(page, "coalition-member-area")

    # 5. RSVP to the next meeting.
    page.locator("section[aria-labelledby=upcoming-heading] a").first.click()
    assert "How to join" in page.content()
    page.check("#rsvp-attending")
    page.click("#rsvp button[type=submit]")
    assert "you are attending" in page.locator(".notice").inner_text()
    assert "Amira" in page.content() or EMAIL in page.content()
    assert_accessible(page, "coalition-meeting")

    # 6. On a phone the agenda is one card per item: its title first, then a labelled line per column.
    meeting = page.url
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(meeting)
    cards = page.evaluate("""() => [...document.querySelectorAll('table.agenda tbody tr')].map(tr => {
        const cells = [...tr.children].filter(c => getComputedStyle(c).display !== 'none');
        const boxes = cells.map(c => c.getBoundingClientRect());
        const top = Math.min(...boxes.map(b => b.top));
        return {first: cells[boxes.findIndex(b => b.top === top)].tagName, lefts: boxes.map(b => Math.round(b.left)),
                tops: boxes.map(b => Math.round(b.top)), right: Math.max(...boxes.map(b => b.right)),
                label: getComputedStyle(tr.querySelector('td[data-label=Starts]'), '::before').content};
    })""")
    assert cards, "the demo meeting has an agenda"
    for card in cards:
        assert card["first"] == "TH"  # the item's title opens its card
        assert len(set(card["lefts"])) == 1 and len(set(card["tops"])) == len(card["tops"])  # stacked, one per line
        assert card["right"] <= 320 and card["label"] == '"Starts: "'
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "coalition-meeting-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "/coalition/member-area/my-actions/")
    assert_accessible(page, "coalition-my-actions")

    # 7. Add the meetings to her calendar: a webcal: link to her own feed, which calendar apps read.
    page.goto(base_url + "/coalition/member-area/calendar/")
    webcal = page.get_by_role("link", name="Subscribe in your calendar app").get_attribute("href")
    assert webcal.startswith("webcal://") and webcal.endswith(".ics")
    feed = page.request.get(base_url + "/" + webcal.split("/", 3)[3])
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    ics = feed.text()
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics
    assert "Outlook" in page.content() and "Google" in page.content() and "Apple" in page.content()
    assert_accessible(page, "coalition-calendar")

    # 8. After the meeting: the action given to her organisation, due in two weeks; she marks it done.
    manage(server_env, "shell", "-c", ADD_ACTION)
    page.goto(base_url + "/coalition/member-area/my-actions/")
    due = page.get_by_role("link", name=ACTION)
    assert due.count() == 1, "her organisation's action is listed"
    submit(page, due)
    assert "Overdue" not in page.locator("main").inner_text()
    page.select_option("#status", "done")
    submit(page, page.get_by_role("button", name="Update status"))
    assert "Action marked “Done”." in page.locator(".notice").inner_text()
    assert "Not started → Done" in page.locator("main").inner_text()
    assert_accessible(page, "coalition-action-done")


def test_member_area_is_hidden_from_visitors(page, base_url):
    response = page.goto(base_url + "/coalition/member-area/")
    assert "/accounts/login/" in page.url
    assert response.ok
    assert "Upcoming meetings" not in page.content()
