"""The kernel's demo pages: home, About Drive, Cover your tracks, news and delivery areas."""

import datetime

from django.conf import settings
from wagtail.models import Page, Site

from ..models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteIndexPage,
    SitePage,
    SitePageFigure,
    StandardPage,
)
from ..site_address import apply_site_url, site_fields_from
from . import statements
from .helpers import BRISTOL, DRIVE_2021, add_child, callout, heading, para, quote, stat, stats, table

REVIEWED = datetime.date(2026, 11, 1)

HOME_INTRO = (
    "Fewer than 1% of perpetrators of domestic abuse receive any specialist intervention. The Drive "
    "Partnership works to change that: to hold perpetrators to account, help them stop, and keep "
    "victim-survivors and children safer."
)


def home_body() -> list:
    return [
        heading("Why doesn't he stop?"),
        para(
            "For too long the question has been “why doesn’t she leave?”. We want every agency to ask "
            "“why doesn’t he stop?”, and to act on the answer.",
            "More than 100,000 people in the UK are at high and imminent risk of being murdered or "
            "seriously injured through domestic abuse each year, and two women a week die as a result "
            "of domestic homicide (Social Finance). About a quarter of known perpetrators are repeat "
            "offenders; some have as many as six different abusive relationships.",
        ),
        stats(
            "The Drive Project by July 2021",
            stat("2,590", "high-risk perpetrators challenged and supported", DRIVE_2021),
            stat("2,926", "victim-survivors linked to those perpetrators", DRIVE_2021),
            stat("4,841", "children linked to those perpetrators", DRIVE_2021),
            stat("10", "police force areas (20 local authority areas)", DRIVE_2021),
        ),
        stats(
            "What the evaluation found",
            stat("82%", "fewer service users using physical abuse", BRISTOL),
            stat("88%", "fewer service users using sexual abuse", BRISTOL),
            stat("75%", "fewer service users using harassment and stalking", BRISTOL),
            stat("73%", "fewer service users using jealous and controlling behaviours", BRISTOL),
        ),
        para(
            "Victim-survivors were nearly three times less likely to experience physical violence or "
            "abuse when the perpetrator was referred to Drive than in a control group, and Idvas "
            "recorded reduced risk to victims in 82% of cases (University of Bristol evaluation)."
        ),
    ]


ABOUT_PAGES = [
    {
        "slug": "partnership",
        "title": "The partnership",
        "summary": "Three organisations that came together in 2015 to change the response to perpetrators.",
        "body": [
            para(
                "The Drive Partnership was founded in 2015 by three organisations:",
            ),
            (
                "rich_text",
                "<ul><li><b>Respect</b>, the UK membership body for work with perpetrators, male victims "
                "and young people, which sets standards and accredits services;</li>"
                "<li><b>SafeLives</b>, the UK-wide charity working to end domestic abuse;</li>"
                "<li><b>Social Finance</b>, a not-for-profit that partners with government, the social "
                "sector and finance.</li></ul>",
            ),
            heading("Two strands of work"),
            para(
                "First, scaling up a practical model, the Drive Project, for high-harm, high-risk and "
                "serial perpetrators. Second, changing national systems so that perpetrators at every "
                "level of risk are held to account and can get help to stop.",
                "The systems-change work now also covers workforce development (perpetrator training "
                "for GPs, children’s social care and other agencies) and exploratory work on four "
                "priority gaps: child victim-survivors, racialised communities, LGBT communities and "
                "perpetrator housing. It is guided by sector collaboration and by engagement with "
                "people with lived experience.",
            ),
            heading("Who has funded the work"),
            (
                "rich_text",
                "<ul><li>Lloyds Bank Foundation for England and Wales</li><li>The Tudor Trust</li>"
                "<li>Comic Relief</li><li>Police and Crime Commissioners</li><li>The Police Innovation "
                "Fund</li><li>The Police Transformation Fund</li><li>The National Lottery Community Fund "
                "(national systems-change work until March 2023)</li><li>The Home Office</li>"
                "<li>Local authority public health teams</li></ul>",
            ),
        ],
    },
    {
        "slug": "the-drive-model",
        "title": "The Drive model",
        "summary": "How a case manager works one-to-one with a high-harm perpetrator, "
                   "combining support and disruption.",
        "body": [
            para(
                "The Drive Project launched in April 2016 and was piloted from 2016 to 2019 in Essex, "
                "South Wales and West Sussex, aiming to work with 900 perpetrators over three years.",
                "A case manager is the single point of contact and works one-to-one with the perpetrator "
                "(the “service user”) for about 10 months. The work combines support (with housing, "
                "mental health, substance misuse, employment and behaviour change) with disruption "
                "through the criminal justice system and partner agencies such as police, probation and "
                "children’s services.",
                "Linked victim-survivors get one-to-one support from an Independent Domestic Violence "
                "Advisor (Idva). Referrals come through Marac, the Multi-Agency Risk Assessment "
                "Conference, and perpetrator panels such as MATAC or DAPP coordinate the multi-agency "
                "disruption.",
            ),
            heading("What makes it work"),
            para("The West Mercia evaluation named six key success factors:"),
            (
                "rich_text",
                "<ol><li>Priority from police and key stakeholders</li><li>Strong Idva provision</li>"
                "<li>Effective multi-agency information sharing</li><li>A strong delivery partner "
                "coordinating all actors</li><li>Effective disrupt mechanisms</li><li>Effective "
                "behaviour-change processes</li></ol>",
            ),
        ],
    },
    {
        "slug": "evidence",
        "title": "The evidence",
        "summary": "What the University of Bristol’s independent evaluation of the Drive Project found.",
        "body": [
            para(
                "The Drive Project was independently evaluated by the University of Bristol, led by "
                "Professor Marianne Hester."
            ),
            stats(
                "Final evaluation",
                stat("82%", "reduction in service users using physical abuse", BRISTOL),
                stat("88%", "reduction in service users using sexual abuse", BRISTOL),
                stat("75%", "reduction in service users using harassment and stalking", BRISTOL),
                stat("73%", "reduction in service users using jealous and controlling behaviours", BRISTOL),
                stat("82%", "of cases where Idvas recorded reduced risk to victims", BRISTOL),
            ),
            para(
                "Victim-survivors were nearly three times less likely to experience physical violence or "
                "abuse when the perpetrator was referred to Drive than in a control group."
            ),
            heading("The first year (March 2016 – June 2017)"),
            para(
                "In its first year, 198 perpetrator cases were allocated to Drive, and 48 had completed "
                "the 10-month intervention by April 2017. The control group profile came from 1,574 "
                "perpetrators. Idva outcome data covered 62 victim-survivors linked to Drive cases and 379 "
                "linked to control cases. The researchers interviewed 34 practitioners, 11 service users "
                "and 2 victim-survivors.",
                "Service users using physical abuse fell from 29 (82.9%) at intake to 23 (65.7%) at exit, "
                "a statistically significant change. Case managers assessed reduced risk in 64% of cases "
                "where they had direct contact (9 of 14), against 36% without it (5 of 13).",
            ),
            callout(
                "info",
                "Small numbers",
                "<p>The year-1 figures come from small numbers of cases. Treat them with caution: they "
                "showed the model was feasible, and the final evaluation tested its effect.</p>",
            ),
            table(
                "Risk judged reduced in year 1 (University of Bristol feasibility study)",
                [
                    ["Who judged", "Cases", "Risk reduced"],
                    ["Case managers, completed Drive cases", "28", "14 (50%)"],
                    ["Idvas, Drive-linked victim-survivors", "19", "15 (78.9%)"],
                    ["Idvas, control group", "221", "161 (72.8%)"],
                ],
            ),
        ],
    },
]


COVER_YOUR_TRACKS_BODY = [
    callout(
        "safety",
        "If you are in danger now",
        "<p>Call 999. If you cannot speak, call 999 from a mobile, listen to the questions and press "
        "55 when asked: this tells the operator you need help.</p>",
    ),
    para(
        "If someone else uses your phone, tablet or computer, they may be able to see which websites "
        "you have visited. These steps reduce the traces you leave. No method is completely safe: if you "
        "are worried, use a device the other person cannot reach, such as one at a library, a friend’s "
        "house or work."
    ),
    heading("Leave this site quickly"),
    para(
        "Every page has an “Exit this page” button at the top. You can also press the Shift key three "
        "times. The page is hidden at once and replaced by a weather website.",
        "While you are not signed in, your whole visit to this site takes up one place in your browser’s "
        "history: each page you open replaces the one before. When you exit, the weather website "
        "replaces that place too, so pressing Back goes to whatever you had open before you came here. "
        "To move around this site, use its own links, such as “Back to your search results”, rather "
        "than your browser’s Back button.",
        "This site sets no cookies while you read it, uses no analytics or trackers, and loads nothing "
        "from other websites.",
    ),
    heading("When Back can still show this site"),
    para(
        "This only works if JavaScript is switched on in your browser, which it is unless you or your "
        "organisation turned it off. Without JavaScript, every page you open here is added to your "
        "history, and the exit only replaces the page you are on: pressing Back shows the page you "
        "read before it, and pressing it again shows the one before that.",
        "The same is true if you send a form (for example to report a problem with a listing) or if "
        "you are signed in: the pages before the form, or before you exit, stay in your history.",
        "To avoid this, use private browsing and close the window when you finish, or delete this "
        "site’s pages from your history as described below. Your browser’s list of recently closed "
        "tabs may also show this site until you close the browser.",
    ),
    heading("Use private browsing"),
    para(
        "Private browsing (“Incognito” in Chrome, “InPrivate” in Edge, “Private Window” in Safari and "
        "Firefox) does not keep the pages you visit in your history once you close the window."
    ),
    heading("Delete your browsing history"),
    para(
        "If you did not use private browsing, you can delete the pages you visited from your browser’s "
        "history. Deleting your whole history may itself raise questions, so you may prefer to delete "
        "only the pages from this site."
    ),
    heading("Emails, messages and accounts"),
    para(
        "Check your email’s sent folder and any accounts that sync across devices (for example a "
        "shared Google or Apple account). Someone with your password may be able to read messages or "
        "see your location."
    ),
]


VAWG_BODY = [
    para(
        "The Drive Partnership welcomes the Government’s determination, in its Violence Against Women "
        "and Girls Strategy, to tackle abuse at its source, and the planned campaign to challenge "
        "misogyny.",
        "The strategy’s ambitions now need funding. We are asking the Government to commit money for "
        "perpetrator interventions in the spending review, so that services can plan and grow.",
    ),
    quote("Relying on the criminal justice system alone misses the majority of cases, "
          "which are never reported to the police."),
    para(
        "Most domestic abuse is never reported to the police, so a response that depends on the "
        "criminal justice system alone will not reach most perpetrators. Health, children’s services, "
        "housing and others all meet perpetrators and need to know how to respond.",
        "We urge the Government to set out a cross-sector perpetrator strategy in the forthcoming "
        "Domestic Abuse Strategy, with the views of victim-survivors guiding it.",
    ),
]


def _ensure_home(root: Page) -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if old_root is not None and old_root.specific_class is Page and old_root.slug == "home":
        old_root.slug = "wagtail-welcome"  # free the slug; the page is deleted below
        old_root.save()
    home = HomePage(
        title="Changing the response to perpetrators of domestic abuse",
        slug="home",
        intro=HOME_INTRO,
        summary=HOME_INTRO,
        body=home_body(),
        last_reviewed=REVIEWED,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    address = site_fields_from(settings.SITE_URL)
    if site:
        site.root_page = home
        site.site_name = "Drive Partnership"
        site.hostname, site.port = address["hostname"], address["port"]
        site.save()
    else:
        Site.objects.create(root_page=home, is_default_site=True, site_name="Drive Partnership", **address)
    # Wagtail's initial "Welcome" page is replaced by the home page.
    if old_root and old_root.pk != home.pk and old_root.specific_class is Page:
        old_root.delete()
    return home


def build_pages() -> dict[str, Page]:
    root = Page.get_first_root_node()
    home = _ensure_home(root)
    apply_site_url()
    pages: dict[str, Page] = {"home": home}

    about, _ = add_child(home, StandardPage(
        title="About Drive", slug="about",
        summary="Who we are, how the Drive model works, and what the evidence shows.",
        body=[para(
            "The Drive Partnership brings together Respect, SafeLives and Social Finance to change how "
            "agencies respond to perpetrators of domestic abuse."
        )],
    ), reviewed=REVIEWED)
    pages["about"] = about
    for spec in ABOUT_PAGES:
        page, _ = add_child(about, StandardPage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=spec["body"],
            show_child_pages=False,
        ), reviewed=REVIEWED)
        pages[spec["slug"]] = page

    pages["cover-your-tracks"], _ = add_child(home, StandardPage(
        title="Cover your tracks online", slug="cover-your-tracks",
        summary="How to leave this site quickly and reduce the traces your visit leaves on a shared device.",
        body=COVER_YOUR_TRACKS_BODY, show_child_pages=False,
    ), reviewed=REVIEWED)

    for slug, title, summary, body in (
        ("accessibility", "Accessibility statement", statements.ACCESSIBILITY_SUMMARY, statements.ACCESSIBILITY_BODY),
        ("privacy", "Privacy notice", statements.PRIVACY_SUMMARY, statements.PRIVACY_BODY),
    ):
        pages[slug], _ = add_child(home, StandardPage(
            title=title, slug=slug, summary=summary, body=body, show_child_pages=False,
        ), reviewed=statements.PREPARED)

    news_index, _ = add_child(home, NewsIndexPage(
        title="News", slug="news",
        intro="News and responses from the Drive Partnership.",
    ))
    pages["news"] = news_index
    for item in NEWS_ITEMS:
        page, created = add_child(news_index, NewsPage(
            title=item["title"], slug=item["slug"], date=item["date"], summary=item["summary"],
            body=item["body"],
        ))
        if created and item.get("tags"):
            page.tags.add(*item["tags"])
            page.save_revision().publish()
        pages[item["slug"]] = page

    sites_index, _ = add_child(home, SiteIndexPage(
        title="Where Drive works", slug="where-drive-works",
        summary="The areas where the Drive Project has been delivered.",
        intro="The Drive Project was piloted in Essex, South Wales and West Sussex from 2016, and by July "
        "2021 worked in 10 police force areas (20 local authority areas).",
    ))
    pages["where-drive-works"] = sites_index
    for spec in SITES:
        page, created = add_child(sites_index, SitePage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"],
            police_force_area=spec["police_force_area"], local_authorities="\n".join(spec["local_authorities"]),
            start_date=spec.get("start_date"), end_date=spec.get("end_date"),
            dates_note=spec.get("dates_note", ""), funders="\n".join(spec.get("funders", [])),
            delivery_partner=spec.get("delivery_partner", ""), is_pilot=spec.get("is_pilot", False),
            body=spec.get("body", []),
        ), reviewed=REVIEWED)
        if created and spec.get("figures"):
            for order, (figure, label, period, source) in enumerate(spec["figures"]):
                SitePageFigure.objects.create(page=page, sort_order=order, figure=figure, label=label,
                                              period=period, source=source)
            page.save_revision().publish()
        pages[spec["slug"]] = page
    return pages


NEWS_ITEMS = [
    {
        "slug": "drive-responds-to-the-vawg-strategy",
        "title": "Drive responds to the Government’s Violence Against Women and Girls Strategy",
        "date": datetime.date(2021, 7, 21),
        "summary": "We welcome the focus on tackling abuse at source and ask for perpetrator funding and a "
        "cross-sector perpetrator strategy.",
        "body": VAWG_BODY,
        "tags": ["Policy", "VAWG strategy"],
    },
    {
        "slug": "drive-reaches-2590-perpetrators",
        "title": "Drive has now worked with 2,590 high-risk perpetrators",
        "date": datetime.date(2021, 7, 30),
        "summary": "By July 2021 the Drive Project had worked in 10 police force areas, linked to 2,926 "
        "victim-survivors and 4,841 children.",
        "body": [
            para(
                "By July 2021 the Drive Project had challenged and supported 2,590 high-risk "
                "perpetrators in 10 police force areas (20 local authority areas). Those perpetrators "
                "were linked to 2,926 victim-survivors and 4,841 children."
            ),
            stats(
                "Drive by July 2021",
                stat("2,590", "high-risk perpetrators challenged and supported", DRIVE_2021),
                stat("2,926", "linked victim-survivors", DRIVE_2021),
                stat("4,841", "linked children", DRIVE_2021),
            ),
        ],
        "tags": ["Drive Project"],
    },
    {
        "slug": "home-office-perpetrator-funding",
        "title": "The first funding ever created specifically for perpetrator interventions",
        "date": datetime.date(2021, 4, 1),
        "summary": "The Home Office committed £10m in 2020-21 and £25m in 2021-22 for perpetrator "
        "interventions.",
        "body": [
            para(
                "The Home Office committed £10m for perpetrator interventions in 2020-21, plus £3m for "
                "research, and £25m in 2021-22. These were the first funding pots ever created "
                "specifically for perpetrators, and follow the coalition’s Call to Action, backed by "
                "more than 125 organisations, which made perpetrator policy a central plank of the "
                "Domestic Abuse Bill."
            ),
        ],
        "tags": ["Policy", "Funding"],
    },
]

SITES = [
    {
        "slug": "essex", "title": "Essex", "police_force_area": "Essex", "is_pilot": True,
        "local_authorities": [],
        "dates_note": "Pilot site from April 2016", "start_date": datetime.date(2016, 4, 1),
        "summary": "One of the three areas where the Drive Project was first piloted, from 2016 to 2019.",
        "body": [para("Essex was one of the three original pilot areas of the Drive Project, which aimed to "
                      "work with 900 perpetrators over three years across the three areas.")],
    },
    {
        "slug": "south-wales", "title": "South Wales", "police_force_area": "South Wales", "is_pilot": True,
        "local_authorities": [],
        "dates_note": "Pilot site from April 2016", "start_date": datetime.date(2016, 4, 1),
        "summary": "One of the three areas where the Drive Project was first piloted, from 2016 to 2019.",
        "body": [para("South Wales was one of the three original pilot areas of the Drive Project.")],
    },
    {
        "slug": "west-sussex", "title": "West Sussex", "police_force_area": "Sussex", "is_pilot": True,
        "local_authorities": [],
        "dates_note": "Pilot site from April 2016", "start_date": datetime.date(2016, 4, 1),
        "summary": "One of the three areas where the Drive Project was first piloted, from 2016 to 2019.",
        "body": [para("West Sussex was one of the three original pilot areas of the Drive Project.")],
    },
    {
        "slug": "west-mercia", "title": "West Mercia (Worcestershire and Herefordshire)",
        "police_force_area": "West Mercia",
        "local_authorities": ["Worcestershire", "Herefordshire"],
        "dates_note": "Worcestershire September 2018 – March 2021; Herefordshire November 2020 – March 2022",
        "start_date": datetime.date(2018, 9, 1), "end_date": datetime.date(2022, 3, 31),
        "funders": [
            "Police Transformation Fund (bid March 2017 with 4 PCC areas, awarded November 2017)",
            "West Mercia Police and Crime Commissioner: £180,000, then £136,101 for the extension",
            "Worcestershire County Council Public Health: £150,000 match funding, then £136,101 for the extension",
            "Home Office perpetrator fund (Herefordshire, November 2020 – 31 March 2021)",
        ],
        "summary": "Drive in Worcestershire from 2018, extended to March 2021, and in Herefordshire from "
        "November 2020.",
        "figures": [
            ("24", "DAPP meetings", "Oct 2018 – Sep 2019", "West Mercia evaluation"),
            ("248", "high-harm perpetrators discussed at DAPP", "Oct 2018 – Sep 2019", "West Mercia evaluation"),
            ("125", "perpetrators referred to Drive", "Oct 2018 – Sep 2019", "West Mercia evaluation"),
            ("62%", "of referred perpetrators had direct contact", "Oct 2018 – Sep 2019", "West Mercia evaluation"),
            ("66%", "of those with direct contact fully or partially engaged", "Oct 2018 – Sep 2019",
             "West Mercia evaluation"),
            ("144", "victim-survivors referred to an Idva", "Oct 2018 – Sep 2019", "West Mercia evaluation"),
            ("82%", "of those victim-survivors engaged with the Idva", "Oct 2018 – Sep 2019",
             "West Mercia evaluation"),
            ("20", "referrals to the children and young people’s service (live from 1 July 2019)",
             "Jul – Sep 2019", "West Mercia evaluation"),
        ],
        "body": [
            para(
                "The partnership bid to the Police Transformation Fund in March 2017 with four Police and "
                "Crime Commissioner areas and was awarded funding in November 2017. Delivery in "
                "Worcestershire ran from September 2018 to June 2020 and was extended to March 2021 with "
                "£136,101 each from the PCC and Public Health for nine more months.",
                "In Herefordshire, Drive was funded by the Home Office perpetrator fund from November 2020 "
                "to 31 March 2021, then by the PCC to March 2022. There, the perpetrator panel sits within "
                "the fortnightly Marac.",
                "In 2023, £1.2m of Home Office funding was awarded for a West Mercia-wide perpetrator "
                "programme for all levels of risk, delivered by one provider (Cranstoun).",
            ),
        ],
    },
]
