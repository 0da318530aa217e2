"""Tom's journey in Chromium (journeys.md, "Tom, an editor at the partnership"): he signs in with
MFA, drafts a news item answering a government strategy with a sourced statistic and sends it to
the moderators, who approve it and schedule it; he adds a publication with its PDF and two key
findings charted with their data table; and he sees on the dashboard the directory listings not
reviewed for a year and the searches that found nothing. Editors never see "Publish": everything
goes through the Moderators' approval workflow. axe-core runs on every portal page he and the
reader visit; nothing is requested from another origin."""

import datetime
import re
import time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.conftest import manage
from tests.browser.helpers import TOTP_SECRET, describe, find_link, run_axe, screenshot, sign_in, submit

NEWS_TITLE = "Drive responds to the new domestic abuse strategy"
PUBLICATION_TITLE = "Housing for perpetrators: what a year of Drive found"
FINDINGS = (  # statistic, what it measures, chart label
    ("64%", "of service users were in settled housing a year after referral", "Settled housing after a year"),
    ("41%", "of service users were homeless or at risk of it when referred", "Homeless when referred"),
)
STALE_LISTING = "Norwich behaviour-change group"
NOTHING_FOUND = "xylophone"
# A one-page PDF, as small as a real one gets.
PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 52>>stream
BT /F1 18 Tf 72 770 Td (Housing for perpetrators) Tj ET
endstream
endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""

SET_UP = f"""
import datetime
from allauth.account.models import EmailAddress
from django.utils import timezone
from portal.models import NewsIndexPage
from research.models import ResearchIndexPage
from search.models import Service
from tests.users import PASSWORD, staff_user
for username, group in (("tom-editor", "Editors"), ("tom-moderator", "Moderators")):
    user = staff_user(username, group)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
# A listing last reviewed 14 months ago.
Service.objects.filter(name={STALE_LISTING!r}).update(
    last_reviewed=timezone.localdate() - datetime.timedelta(days=425))
print(PASSWORD, NewsIndexPage.objects.get().pk, ResearchIndexPage.objects.get().pk)
"""


def _accessible(page, name):
    screenshot(page, f"tom-{name}")
    violations = run_axe(page)
    assert not violations, describe(violations)


def _sign_in_with_mfa(page, base_url, email, password, next_url):
    """The portal's sign-in, then the authenticator's code; both pages pass axe-core."""
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    _accessible(page, "sign-in")
    sign_in(page, base_url, email, password, next_url)
    assert "/accounts/2fa/authenticate/" in page.url
    _accessible(page, "sign-in-code")
    page.fill("input[name=code]", format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30)))
    submit(page, page.get_by_role("button", name="Sign in"))
    assert urlsplit(page.url).path == next_url.split("?")[0], page.url


def _insert_block(page, name):
    page.locator("[data-contentpath=body] button[title='Insert a block']").last.click()
    page.get_by_role("option", name=name, exact=True).click()


def _actions(page) -> list[str]:
    """The editor's save actions: the main button and those in its "More actions" menu."""
    page.get_by_role("button", name="More actions").click()
    footer = page.locator("footer nav[aria-label='Actions (footer)']")
    names = [" ".join(text.split()) for text in footer.get_by_role("button").all_inner_texts()]
    return [name for name in names if name and name != "More actions"]


def _no_publish_for_editors(page):
    actions = _actions(page)
    assert "Submit to Moderators approval" in actions, actions
    assert not [name for name in actions if "Publish" in name], actions  # publishing is the moderators'


def _moderator_action(page, name):
    page.get_by_role("button", name="More actions").click()
    submit(page, page.get_by_role("button", name=name, exact=True))


def _go_live_at() -> datetime.datetime:
    """A go-live time the admin can take (whole minutes) at least 40 seconds away."""
    soon = datetime.datetime.now(ZoneInfo("Europe/London")) + datetime.timedelta(seconds=100)
    return soon.replace(second=0, microsecond=0)


def test_toms_journey_news_publication_and_dashboard(browser, base_url, server_env):
    password, news_index, research_index = manage(server_env, "shell", "-c", SET_UP).split()[-3:]
    origin = urlsplit(base_url).netloc
    elsewhere = []  # requests to any other origin (a Gravatar, a font, a script)

    def context(**options):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True,
                                  **options)  # bypass_csp: axe-core is injected
        ctx.on("request", lambda r: elsewhere.append(r.url)
               if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != origin else None)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        return ctx, page

    # Set-up: someone searched the site for a word no page has (a real search, as a visitor).
    reader_ctx, reader = context()
    reader.goto(f"{base_url}/search/?q={NOTHING_FOUND}")
    expect(reader.locator("main")).to_contain_text(NOTHING_FOUND)
    assert reader.locator(".search-results h3").count() == 0
    _accessible(reader, "search-found-nothing")

    tom_ctx, tom = context()
    moderator_ctx, moderator = context()
    try:
        # 1. Tom signs in with his authenticator and drafts a news item in the News section.
        _sign_in_with_mfa(tom, base_url, "tom-editor@example.org", password, "/admin/")
        tom.goto(f"{base_url}/admin/pages/{news_index}/")
        submit(tom, tom.get_by_role("link", name="Add child page").first)
        assert tom.url.endswith(f"/admin/pages/add/portal/newspage/{news_index}/")
        tom.get_by_placeholder("Page title*").fill(NEWS_TITLE)
        tom.get_by_role("textbox", name="Summary").fill("What the government's new strategy means for "
                                                          "work with people who cause harm.")
        _insert_block(tom, "Rich text")
        tom.locator("[data-contentpath=body] [role=textbox]").last.click()
        tom.keyboard.type("The strategy asks every agency to hold perpetrators to account. We welcome it.")
        _insert_block(tom, "Statistic")
        tom.get_by_label("Figure*").fill("82%")
        tom.get_by_label("Label*").fill("fewer service users used physical abuse after working with Drive")
        tom.get_by_label("Source*").fill("University of Bristol evaluation of the Drive Project")
        _no_publish_for_editors(tom)
        submit(tom, tom.get_by_role("button", name="Submit to Moderators approval"))
        expect(tom.locator(".messages")).to_contain_text("submitted for moderation")
        news_row = tom.get_by_role("link", name=NEWS_TITLE, exact=True)
        news_id = re.search(r"/pages/(\d+)/", news_row.get_attribute("href")).group(1)

        # A moderator, signed in with their own authenticator, follows the email's link, sets the
        # go-live time and approves: the item is scheduled, not yet on the site.
        link = find_link(server_env, rf"https?://[^\s\"<>]+/admin/pages/{news_id}/edit/")
        edit = urlsplit(link).path
        _sign_in_with_mfa(moderator, base_url, "tom-moderator@example.org", password, edit)
        expect(moderator.locator("main")).to_contain_text("82%")
        go_live = _go_live_at()
        moderator.locator("[data-side-panel-toggle=status]").click()
        moderator.get_by_role("button", name="Set schedule").click()
        dialog = moderator.get_by_role("dialog", name="Set publishing schedule")
        dialog.get_by_label("Go live date/time").fill(go_live.strftime("%Y-%m-%d %H:%M"))
        moderator.evaluate("document.documentElement.setAttribute('data-before-submit', '')")
        dialog.get_by_role("button", name="Save schedule").press("Enter")  # the date picker covers it
        expect(moderator.locator("html[data-before-submit]")).to_have_count(0)
        expect(moderator.locator("[data-side-panel=status]")).to_contain_text("Go-live:")
        _moderator_action(moderator, "Approve and Publish")
        public_news = reader.request.get(f"{base_url}/news/{_slug(NEWS_TITLE)}/")
        assert public_news.status == 404, "scheduled, so not on the site before its go-live time"

        # 2. Meanwhile Tom adds a publication with its PDF, uploaded through the document chooser.
        tom.goto(f"{base_url}/admin/pages/{research_index}/")
        submit(tom, tom.get_by_role("link", name="Add child page").first)
        submit(tom, tom.get_by_role("link", name="Publication", exact=True))
        tom.get_by_placeholder("Page title*").fill(PUBLICATION_TITLE)
        tom.get_by_label("Organisations*").fill("Drive Partnership")
        tom.get_by_label("Publication type*").select_option(label="Research summary")
        tom.get_by_role("textbox", name="Summary").fill("Where people who cause harm lived before and after "
                                                          "a year with Drive.")
        tom.get_by_role("button", name="Choose a document").click()
        chooser = tom.locator(".modal-dialog")
        chooser.get_by_role("tab", name="Upload").click()
        chooser.get_by_label("File*").set_input_files(
            {"name": "housing-for-perpetrators.pdf", "mimeType": "application/pdf", "buffer": PDF})
        chooser.get_by_label("Title*").fill(f"{PUBLICATION_TITLE} (PDF)")
        chooser.get_by_role("button", name="Upload").click()
        expect(chooser).to_be_hidden()
        expect(tom.locator("[data-contentpath=document]")).to_contain_text(f"{PUBLICATION_TITLE} (PDF)")
        _no_publish_for_editors(tom)
        tom.keyboard.press("Escape")
        submit(tom, tom.get_by_role("button", name="Save draft"))
        publication_id = re.search(r"/admin/pages/(\d+)/edit/", tom.url).group(1)

        # Two key findings from it: Editors may create them.
        for statistic, measures, label in FINDINGS:
            submit(tom, tom.get_by_role("navigation", name="Main menu").get_by_role("link", name="Key findings"))
            submit(tom, tom.get_by_role("link", name="Add key finding").first)
            tom.get_by_role("textbox", name="Statistic*").fill(statistic)
            tom.get_by_role("textbox", name="Measures*").fill(measures)
            tom.get_by_role("textbox", name="Chart label").fill(label)
            tom.get_by_role("button", name="Choose a page").click()
            tom.locator(".modal-dialog").get_by_role("link", name=PUBLICATION_TITLE).click()
            expect(tom.locator(".modal-dialog")).to_be_hidden()
            submit(tom, tom.get_by_role("button", name="Save", exact=True))
            expect(tom.locator(".messages")).to_contain_text(f"Key finding '{statistic} – {measures}")

        # A chart of the two findings in the publication's body, then to the moderators.
        tom.goto(f"{base_url}/admin/pages/{publication_id}/edit/")
        _insert_block(tom, "Evidence chart")
        chart = tom.locator("[data-contentpath=body]")  # the body's one block
        chart.get_by_role("textbox", name="Title*").fill("Where service users lived")
        for statistic, measures, _label in FINDINGS:
            chart.locator("[data-contentpath=findings] button[data-streamfield-list-add]").last.click()
            chart.get_by_role("button", name="Choose key finding").last.click()
            chooser = tom.locator(".modal-dialog")
            chooser.get_by_label("Search term").fill(measures)
            chooser.get_by_role("link", name=f"{statistic} – {measures}"[:80]).click()
            expect(tom.locator(".modal-dialog")).to_be_hidden()
        _no_publish_for_editors(tom)
        submit(tom, tom.get_by_role("button", name="Submit to Moderators approval"))
        expect(tom.locator(".messages")).to_contain_text("submitted for moderation")

        # The moderator approves it from the email's link: it is live at once.
        link = find_link(server_env, rf"https?://[^\s\"<>]+/admin/pages/{publication_id}/edit/")
        moderator.goto(base_url + urlsplit(link).path)
        _moderator_action(moderator, "Approve and Publish")
        expect(moderator.locator(".messages")).to_contain_text(PUBLICATION_TITLE)

        reader.goto(f"{base_url}/research/{_slug(PUBLICATION_TITLE)}/")
        expect(reader.get_by_role("heading", level=1)).to_have_text(PUBLICATION_TITLE)
        figure = reader.locator("figure.evidence-chart")
        expect(figure.locator("svg[role=img] title")).to_have_text("Where service users lived")
        rows = figure.locator("table tbody tr")
        expect(rows).to_have_count(2)
        for row, (statistic, _measures, label) in zip(rows.all(), FINDINGS):
            expect(row.locator("th")).to_have_text(label)
            expect(row.locator("td").first).to_have_text(statistic)
        findings = reader.locator("section[aria-labelledby=findings-heading]")
        for statistic, measures, _label in FINDINGS:
            expect(findings).to_contain_text(measures)
        download = reader.get_by_role("link", name=re.compile("Download the publication"))
        pdf = reader.request.get(base_url + download.get_attribute("href"))
        assert pdf.ok and pdf.body().startswith(b"%PDF-")
        _accessible(reader, "publication")

        # The news item's go-live time has passed: Wagtail's scheduled publishing (run every minute
        # in production) puts it on the site; until it runs, the item is still not there.
        while datetime.datetime.now(ZoneInfo("Europe/London")) < go_live:
            time.sleep(0.5)
        assert reader.request.get(f"{base_url}/news/{_slug(NEWS_TITLE)}/").status == 404
        manage(server_env, "publish_scheduled")
        reader.goto(f"{base_url}/news/{_slug(NEWS_TITLE)}/")
        expect(reader.get_by_role("heading", level=1)).to_have_text(NEWS_TITLE)
        expect(reader.locator("main")).to_contain_text("82%")
        expect(reader.locator("main")).to_contain_text("University of Bristol evaluation of the Drive Project")
        _accessible(reader, "news-item")

        # 3. On the dashboard: the listing not reviewed for a year, and the search that found nothing.
        tom.goto(f"{base_url}/admin/")
        stale = tom.get_by_role("region", name=re.compile("Directory listings not reviewed for 12 months"))
        expect(stale.get_by_role("link", name=STALE_LISTING)).to_be_visible()
        nothing = tom.get_by_role("region", name=re.compile("Searches that found nothing"))
        expect(nothing).to_contain_text(f"“{NOTHING_FOUND}”: 1 search")
        screenshot(tom, "tom-dashboard")

        # On a phone the panels' headings wrap rather than being cut off.
        tom.set_viewport_size({"width": 375, "height": 800})
        tom.reload()
        headings = tom.evaluate("""() => [...document.querySelectorAll('.portal-dashboard-panel .w-panel__heading')]
            .map(h => ({text: h.innerText, right: h.getBoundingClientRect().right,
                        clipped: h.scrollWidth > h.clientWidth}))""")
        assert len(headings) >= 3, headings
        for heading in headings:
            assert not heading["clipped"] and heading["right"] <= 375, heading
        screenshot(tom, "tom-dashboard-375")
    finally:
        tom_ctx.close()
        moderator_ctx.close()
        reader_ctx.close()
    assert elsewhere == [], f"requests to other origins: {elsewhere}"  # no Gravatar, nothing else


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
