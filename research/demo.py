"""Demo research content from the published facts (shared/seed-facts.md). Idempotent.

Publication dates: where only the year is known the page says so (`year_only`). No document files
or external links are invented: the evaluation reports are described, not reproduced.
"""

import datetime

from portal.demo.helpers import add_child, callout, heading, para

from .models import (
    KeyFinding,
    PriorityGapFinding,
    PriorityGapPage,
    PublicationPage,
    ResearchIndexFinding,
    ResearchIndexPage,
)

REVIEWED = datetime.date(2026, 11, 1)
BRISTOL = "University of Bristol"
DRIVE = "Drive Partnership"
SMALL = "Small numbers; treat with caution."
SUMMARY_ONLY = "Figure as quoted by Drive from the final evaluation; see the full report for the sample and method."

FINAL = "drive-evaluation-final-report"
YEAR1 = "drive-evaluation-year-1-feasibility-study"
WEST_MERCIA = "drive-in-west-mercia-first-year"
VAWG = "response-to-the-vawg-strategy"
GAPS_BRIEFING = "four-priority-systemic-gaps-briefing"

PUBLICATIONS = [
    {
        "slug": FINAL,
        "title": "Evaluation of the Drive Project: final report",
        "organisations": BRISTOL,
        "publication_date": datetime.date(2019, 1, 1),
        "year_only": True,
        "publication_type": "evaluation",
        "summary": "The University of Bristol’s independent evaluation of the three-year Drive pilot in Essex, "
        "South Wales and West Sussex: changes in abuse, risk to victim-survivors, and comparison with a "
        "control group.",
        "gaps": ["child-victim-survivors"],
        "topics": ["Evaluation", "High-risk perpetrators", "Risk reduction"],
        "body": [
            para(
                "The research team, led by Professor Marianne Hester, evaluated the Drive pilot that ran from "
                "2016 to 2019 in Essex, South Wales and West Sussex.",
                "Victim-survivors were nearly three times less likely to experience physical violence or abuse "
                "when the perpetrator was referred to Drive than in a control group. The number of service "
                "users using each type of abuse fell, and Idvas recorded reduced risk to victims in 82% of cases.",
            ),
            ("evidence_chart", "abuse-types"),
        ],
    },
    {
        "slug": YEAR1,
        "title": "Evaluation of the Drive Project: Year 1 feasibility study",
        "organisations": BRISTOL,
        "publication_date": datetime.date(2017, 1, 1),
        "year_only": True,
        "publication_type": "evaluation",
        "summary": "The first-year (Phase 2, March 2016 – June 2017) study of the Drive pilot: who was referred, "
        "what support and disruption they received, and early signs of change.",
        "gaps": ["child-victim-survivors", "perpetrator-housing"],
        "topics": ["Evaluation", "Complex needs", "Risk reduction"],
        "body": [
            para(
                "198 perpetrator cases were allocated to Drive in Year 1, and 48 had completed the 10-month "
                "intervention by April 2017. The control group profile was drawn from 1,574 perpetrators. Idva "
                "outcome data covered 62 victim-survivors linked to Drive cases and 379 linked to control cases. "
                "The researchers interviewed 34 practitioners, 11 service users and 2 victim-survivors.",
                "Service users had an average age of 34; 93% were men, and most were White British. Among closed "
                "cases, 69% had substance misuse needs, 70% alcohol misuse, 68% housing and 71% mental health "
                "needs.",
            ),
            ("evidence_chart", "direct-contact"),
            ("evidence_chart", "idva-control"),
            heading("The seven research questions"),
            (
                "rich_text",
                "<ol><li>How and why perpetrators change, and whether the change lasts.</li>"
                "<li>Whether adult and child victims are safer.</li>"
                "<li>The profile of perpetrators.</li>"
                "<li>Which interventions were delivered.</li>"
                "<li>Other material impacts, such as school attendance, employment and health.</li>"
                "<li>The scope to intervene earlier.</li>"
                "<li>Changes in agency behaviour, leadership and ways of working.</li></ol>",
            ),
        ],
    },
    {
        "slug": WEST_MERCIA,
        "title": "Drive in West Mercia: the first year of delivery",
        "organisations": DRIVE,
        "publication_date": datetime.date(2026, 11, 1),
        "year_only": False,
        "publication_type": "research_summary",
        "summary": "A summary, written for this portal, of delivery figures from Worcestershire and Herefordshire "
        "between October 2018 and September 2019.",
        "gaps": ["child-victim-survivors"],
        "topics": ["Local delivery", "Multi-agency working"],
        "body": [
            para(
                "Between October 2018 and September 2019, 24 DAPP meetings discussed 248 high-harm perpetrators, "
                "and 125 were referred to Drive. Case managers made direct contact with 62% of them, and 66% of "
                "those were fully or partially engaged. 144 victim-survivors were referred to an Idva, and 82% "
                "engaged.",
                "A children and young people’s service went live on 1 July 2019 and had 20 referrals.",
            ),
        ],
    },
    {
        "slug": VAWG,
        "title": "Response to the Government’s Violence Against Women and Girls Strategy",
        "organisations": DRIVE,
        "publication_date": datetime.date(2021, 7, 21),
        "year_only": False,
        "publication_type": "policy_response",
        "summary": "Welcomes the focus on tackling abuse at source and asks for perpetrator funding and a "
        "cross-sector perpetrator strategy guided by victim-survivors’ views.",
        "gaps": [],
        "topics": ["Policy", "VAWG strategy"],
        "body": [
            para(
                "The partnership welcomed the strategy’s determination to tackle abuse at source and the planned "
                "campaign on misogyny, and asked for funding in the spending review.",
                "Relying on the criminal justice system alone misses the majority of cases, which are never "
                "reported to the police. The partnership urged a cross-sector perpetrator strategy in the "
                "forthcoming Domestic Abuse strategy, with victim-survivors’ views guiding it.",
            ),
        ],
    },
    {
        "slug": GAPS_BRIEFING,
        "title": "Four priority systemic gaps: an introduction",
        "organisations": DRIVE,
        "publication_date": datetime.date(2026, 11, 1),
        "year_only": False,
        "publication_type": "briefing",
        "summary": "Why the partnership is exploring responses for child victim-survivors, racialised communities, "
        "LGBT communities and perpetrator housing, and the principles it works by.",
        "gaps": ["child-victim-survivors", "racialised-communities", "lgbt-communities", "perpetrator-housing"],
        "topics": ["Systems change", "Lived experience"],
        "body": [
            para(
                "Alongside workforce development, the partnership’s national systems-change work includes "
                "exploratory work on four priority systemic gaps: child victim-survivors, racialised communities, "
                "LGBT communities and perpetrator housing.",
                "Two principles guide it: collaboration across the sector, and engagement with people with lived "
                "experience.",
            ),
        ],
    },
]

FINDINGS = [
    # key, statistic, measures, chart_label, numerator, sample_size, sample_description, comparison, source, caveats
    ("final-victims-physical-violence", "nearly 3 times",
     "less likely: victim-survivors’ chance of experiencing physical violence or abuse when the perpetrator was "
     "referred to Drive, compared with a control group", "", None, None, "", "A control group", FINAL, SUMMARY_ONLY),
    ("final-reduction-physical-abuse", "82%", "reduction in service users using physical abuse", "Physical abuse",
     None, None, "", "", FINAL, SUMMARY_ONLY),
    ("final-reduction-sexual-abuse", "88%", "reduction in service users using sexual abuse", "Sexual abuse",
     None, None, "", "", FINAL, SUMMARY_ONLY),
    ("final-reduction-harassment-stalking", "75%", "reduction in service users using harassment and stalking",
     "Harassment and stalking", None, None, "", "", FINAL, SUMMARY_ONLY),
    ("final-reduction-jealous-controlling", "73%",
     "reduction in service users using jealous and controlling behaviours", "Jealous and controlling behaviours",
     None, None, "", "", FINAL, SUMMARY_ONLY),
    ("final-idva-reduced-risk", "82%", "of cases in which Idvas recorded reduced risk to victims",
     "Idva-recorded reduced risk", None, None, "", "", FINAL, SUMMARY_ONLY),
    ("y1-cases-allocated", "198", "perpetrator cases allocated to Drive in Year 1", "", None, None, "",
     "Control group profile drawn from 1,574 perpetrators", YEAR1, ""),
    ("y1-direct-contact", "40%", "of service users with whom case managers made direct contact",
     "Direct contact made", 19, 48, "service users who had completed the intervention", "", YEAR1, ""),
    ("y1-risk-reduced-direct-contact", "64%",
     "of cases where case managers assessed risk as reduced, when direct contact had been made",
     "With direct contact", 9, 14, "cases with direct contact",
     "Cases without direct contact: 36% (5 of 13)", YEAR1, SMALL),
    ("y1-risk-reduced-no-direct-contact", "36%",
     "of cases where case managers assessed risk as reduced, when no direct contact had been made",
     "Without direct contact", 5, 13, "cases without direct contact",
     "Cases with direct contact: 64% (9 of 14)", YEAR1,
     SMALL + " The published 36% does not equal 5 of 13 (38.5%); both are shown as published."),
    ("y1-case-manager-risk-reduced", "50%", "of completed cases in which case managers judged risk reduced",
     "Case managers: risk reduced", 14, 28, "completed cases", "", YEAR1, SMALL),
    ("y1-idva-risk-reduced", "78.9%",
     "of linked victim-survivors for whom Idvas judged risk reduced", "Drive cases", 15, 19,
     "victim-survivors linked to Drive cases", "Control group: 72.8% (161 of 221)", YEAR1, SMALL),
    ("y1-idva-risk-reduced-control", "72.8%",
     "of victim-survivors in the control group for whom Idvas judged risk reduced", "Control group", 161, 221,
     "victim-survivors in the control group", "", YEAR1, ""),
    ("y1-physical-abuse-exit", "65.7%",
     "of service users were using physical abuse at exit, down from 82.9% (29) at intake: a statistically "
     "significant fall", "", None, None, "23 service users at exit; 29 at intake", "", YEAR1, ""),
    ("y1-housing-needs", "68%", "of closed cases had housing needs", "Housing", None, None, "closed cases",
     "", YEAR1, "The number of closed cases behind this percentage is not given in the summary used here."),
    ("y1-child-safeguarding", "around 10%", "of recorded multi-agency work concerned child safeguarding", "",
     None, None, "", "", YEAR1, ""),
]

CHARTS = {
    "abuse-types": {
        "title": "Reduction in service users using each type of abuse",
        "findings": ["final-reduction-physical-abuse", "final-reduction-sexual-abuse",
                     "final-reduction-harassment-stalking", "final-reduction-jealous-controlling"],
        "summary": "Across the Drive pilot, the number of service users using each type of abuse fell: physical "
        "abuse by 82%, sexual abuse by 88%, harassment and stalking by 75%, and jealous and controlling "
        "behaviours by 73%.",
    },
    "direct-contact": {
        "title": "Risk assessed as reduced, with and without direct contact",
        "findings": ["y1-risk-reduced-direct-contact", "y1-risk-reduced-no-direct-contact"],
        "summary": "Case managers assessed risk as reduced in 64% of cases where they had direct contact with the "
        "service user (9 of 14), against 36% without direct contact (5 of 13). Small numbers.",
    },
    "idva-control": {
        "title": "Idva assessment: risk reduced for victim-survivors, Drive and control group",
        "findings": ["y1-idva-risk-reduced", "y1-idva-risk-reduced-control"],
        "summary": "",
    },
}

COMPLEX_NEEDS_ROWS = [("Mental health", "71"), ("Alcohol misuse", "70"), ("Substance misuse", "69"), ("Housing", "68")]


def _chart(name: str) -> dict:
    spec = CHARTS[name]
    return {
        "title": spec["title"],
        "unit": "%",
        "findings": [KeyFinding.objects.get(key=key) for key in spec["findings"]],
        "rows": [],
        "source": "",
        "summary": spec["summary"],
    }


def _complex_needs_chart() -> tuple:
    return (
        "evidence_chart",
        {
            "title": "Complex needs among closed Drive cases in Year 1",
            "unit": "%",
            "findings": [],
            "rows": [{"label": label, "value": value, "display": f"{value}%", "note": ""}
                     for label, value in COMPLEX_NEEDS_ROWS],
            "source": "University of Bristol, Year 1 feasibility study",
            "summary": "Among closed cases in Year 1, 71% of service users had mental health needs, 70% alcohol "
            "misuse, 69% substance misuse and 68% housing needs.",
        },
    )


def _body(blocks: list) -> list:
    return [("evidence_chart", _chart(value)) if kind == "evidence_chart" and isinstance(value, str) else (kind, value)
            for kind, value in blocks]


GAPS = [
    {
        "slug": "child-victim-survivors",
        "title": "Child victim-survivors",
        "summary": "Children living with domestic abuse are victim-survivors in their own right. How can work with "
        "perpetrators keep them safer?",
        "problem": [
            para(
                "By July 2021 the Drive Project had worked with 2,590 high-risk perpetrators, who were linked to "
                "2,926 adult victim-survivors and 4,841 children (Drive Partnership, figures to July 2021). "
                "Children are often the largest group affected by a perpetrator’s behaviour, yet services "
                "are usually organised around adults.",
                "In the Year 1 evaluation, around 10% of the recorded multi-agency work concerned child "
                "safeguarding, and one of the evaluation’s seven questions asked whether adult and child victims "
                "were safer.",
            ),
        ],
        "our_work": [
            para(
                "In West Mercia a children and young people’s service went live on 1 July 2019 and received 20 "
                "referrals in its first three months. The partnership’s workforce development includes training "
                "on perpetrators for children’s social care.",
            ),
        ],
        "findings": ["y1-child-safeguarding"],
    },
    {
        "slug": "racialised-communities",
        "title": "Racialised communities",
        "summary": "Making sure responses to perpetrators work for, and are trusted by, racialised communities.",
        "problem": [
            para(
                "The people Drive worked with in its first year were mostly White British (University of Bristol, "
                "Year 1 feasibility study). Evidence from the pilot therefore says little about how well the "
                "model works for perpetrators and victim-survivors from racialised communities.",
            ),
        ],
        "our_work": [
            para(
                "This is one of four priority systemic gaps in the partnership’s exploratory work. The work is "
                "done in collaboration across the sector and with people with lived experience.",
            ),
        ],
        "findings": [],
    },
    {
        "slug": "lgbt-communities",
        "title": "LGBT communities",
        "summary": "Understanding domestic abuse in LGBT relationships and what an effective response to those who "
        "cause harm looks like.",
        "problem": [
            para(
                "In Drive’s first year, 93% of service users were men (University of Bristol, Year 1 feasibility "
                "study). The figures summarised on this portal do not separate out LGBT service users or "
                "victim-survivors, so the evidence on what works in LGBT relationships has yet to be built.",
            ),
        ],
        "our_work": [
            para(
                "This is one of four priority systemic gaps in the partnership’s exploratory work, carried out "
                "with the sector and with people with lived experience.",
            ),
        ],
        "findings": [],
    },
    {
        "slug": "perpetrator-housing",
        "title": "Perpetrator housing",
        "summary": "Where perpetrators live affects the safety of victim-survivors and children. Housing is part of "
        "both support and disruption.",
        "problem": [
            para(
                "Housing was among the complex needs of most people Drive worked with: in Year 1, 68% of closed "
                "cases had housing needs, alongside mental health, alcohol and substance misuse needs.",
            ),
            _complex_needs_chart(),
        ],
        "our_work": [
            para(
                "The Drive model combines support, including help with housing, with disruption through the "
                "criminal justice system and partner agencies. The partnership is exploring how housing "
                "responses to perpetrators can keep victim-survivors and children safer.",
            ),
        ],
        "findings": ["y1-housing-needs"],
    },
]

INVOLVEMENT = [
    para(
        "The partnership’s work on the priority gaps follows two principles: collaboration across the sector, and "
        "engagement with people with lived experience. You can tell us about your experience using the "
        "“Have your say” form on this page; you do not need to give your name.",
    ),
]


def load_research_demo(pages, stdout) -> str:
    home = pages["home"]
    index, _ = add_child(
        home,
        ResearchIndexPage(
            title="Research and evidence",
            slug="research",
            summary="What the evaluations of Drive found, the four priority gaps, and the publications behind them.",
            intro="Independent evaluation shows that holding perpetrators to account and helping them stop makes "
            "victim-survivors safer. Here you will find the findings, with their sample sizes and caveats, the "
            "publications they come from, and the partnership’s work on four priority gaps.",
        ),
        reviewed=REVIEWED,
    )
    gap_pages = {}
    for spec in GAPS:
        gap, _created = add_child(
            index,
            PriorityGapPage(
                title=spec["title"], slug=spec["slug"], summary=spec["summary"], problem=spec["problem"],
                our_work=spec["our_work"], involvement=INVOLVEMENT,
            ),
            reviewed=REVIEWED,
        )
        gap_pages[spec["slug"]] = gap
    publications = {}
    created_publications = 0
    for spec in PUBLICATIONS:
        existing = index.get_children().filter(slug=spec["slug"]).first()
        if existing:
            publications[spec["slug"]] = existing.specific
            continue
        page = PublicationPage(
            title=spec["title"], slug=spec["slug"], organisations=spec["organisations"],
            publication_date=spec["publication_date"], year_only=spec["year_only"],
            publication_type=spec["publication_type"], summary=spec["summary"], last_reviewed=REVIEWED,
        )
        index.add_child(instance=page)
        page.gaps.set([gap_pages[slug] for slug in spec["gaps"]])
        page.topics.add(*spec["topics"])
        page.save_revision().publish()
        publications[spec["slug"]] = page
        created_publications += 1
    created_findings = 0
    for key, statistic, measures, label, numerator, sample, description, comparison, source, caveats in FINDINGS:
        _finding, created = KeyFinding.objects.get_or_create(
            key=key,
            defaults=dict(
                statistic=statistic, measures=measures, chart_label=label, numerator=numerator,
                sample_size=sample, sample_description=description, comparison_group=comparison,
                source_publication=publications[source], caveats=caveats,
            ),
        )
        created_findings += created
    # Bodies with charts need the findings, so they are added once the findings exist.
    for spec in PUBLICATIONS:
        page = PublicationPage.objects.get(pk=publications[spec["slug"]].pk)
        if not page.body:
            page.body = _body(spec["body"])
            page.save_revision().publish()
    for spec in GAPS:
        gap = PriorityGapPage.objects.get(pk=gap_pages[spec["slug"]].pk)
        if spec["findings"] and not gap.gap_findings.exists():
            gap.gap_findings = [PriorityGapFinding(finding=KeyFinding.objects.get(key=key)) for key in spec["findings"]]
            gap.save_revision().publish()
    index = ResearchIndexPage.objects.get(pk=index.pk)
    if not index.body:
        index.body = [
            ("evidence_chart", _chart("abuse-types")),
            ("evidence_chart", _chart("direct-contact")),
            callout(
                "info", "Reading these figures",
                "<p>Each finding shows its sample size and comparison group where the source gives them. "
                "Small numbers are marked: treat those figures with caution.</p>",
            ),
        ]
        index.featured_findings = [
            ResearchIndexFinding(finding=KeyFinding.objects.get(key=key))
            for key in ("final-victims-physical-violence", "final-idva-reduced-risk", "y1-idva-risk-reduced")
        ]
        index.save_revision().publish()
    return (
        f"{len(gap_pages)} priority gaps, {created_publications} new publications, "
        f"{created_findings} new key findings"
    )

