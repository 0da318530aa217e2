"""Demo training: two complete courses written from the seed facts about Drive. Idempotent."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal

from portal.demo.helpers import BRISTOL, DRIVE_2021, add_child, callout, para, stat, stats

from .models import Audience, CoursePage, LessonPage, ModulePage, TrainingIndexPage

REVIEWED = datetime.date(2026, 10, 1)
NAMESPACE = uuid.UUID("6f1d2c1e-7a43-4b55-9a53-5d7a1e0c9b21")


def _id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def question(key: str, kind: str, text: str, *answers: tuple[str, bool, str]) -> dict:
    return {
        "type": "question",
        "id": _id(key),
        "value": {
            "kind": kind,
            "text": text,
            "answers": [
                {"type": "item", "id": _id(f"{key}:{i}"), "value": {"text": t, "correct": c, "feedback": f}}
                for i, (t, c, f) in enumerate(answers)
            ],
        },
    }


def band(key: str, minimum: int, message: str) -> dict:
    return {"type": "band", "id": _id(key), "value": {"minimum": minimum, "message": message}}


def case_study(title: str, scenario: str, discussion: str) -> tuple:
    return ("case_study", {"title": title, "scenario": f"<p>{scenario}</p>", "discussion": f"<p>{discussion}</p>"})


def reflect(prompt: str) -> tuple:
    return ("reflect", {"prompt": prompt})


def key_point(text: str) -> tuple:
    return ("key_point", {"text": text})


WHY_DOESNT_HE_STOP = [
    para(
        "For years the question asked about domestic abuse was \u201cwhy doesn\u2019t she leave?\u201d. The Drive "
        "Partnership asks a different one: \u201cwhy doesn\u2019t he stop?\u201d. Abuse continues because the "
        "person causing it continues, often with one partner after another.",
    ),
    stats(
        "Why the response has to change",
        stat("Fewer than 1%", "of perpetrators receive any specialist intervention", "Social Finance"),
        stat("100,000+", "people in the UK at high and imminent risk of being murdered or seriously injured "
             "through domestic abuse each year", "Social Finance"),
        stat("2", "women a week die as a result of domestic homicide", "Social Finance"),
    ),
    para(
        "About a quarter of known perpetrators are repeat offenders, and some have as many as six different "
        "abusive relationships. Supporting each victim-survivor in turn, while nobody works with the person "
        "causing the harm, leaves the next partner and the children at risk.",
    ),
    key_point("Holding perpetrators to account, and helping them stop, protects the people they harm now and "
              "the people they would harm next."),
    reflect("Think of the last time domestic abuse came up in your work. Who was asked to change: the person "
            "harmed, or the person causing harm?"),
]

DRIVE_MODEL = [
    para(
        "The Drive Project began in April 2016 and was piloted from 2016 to 2019 in Essex, South Wales and West "
        "Sussex. It works with high-harm, high-risk and serial perpetrators.",
        "Each perpetrator (a \u201cservice user\u201d) has a case manager as a single point of contact, working "
        "one to one for about 10 months. The case manager combines <strong>support</strong> (housing, mental "
        "health, substance misuse, employment, behaviour change) with <strong>disruption</strong> through the "
        "criminal justice system and partner agencies such as police, probation and children\u2019s services. "
        "Linked victim-survivors get one-to-one support from an Idva (independent domestic violence advocate).",
        "Referrals come through Marac, the Multi-Agency Risk Assessment Conference. Perpetrator panels such as "
        "MATAC and DAPP coordinate multi-agency disruption.",
    ),
    stats(
        "What the University of Bristol evaluation found",
        stat("82%", "fewer service users using physical abuse", BRISTOL),
        stat("88%", "fewer service users using sexual abuse", BRISTOL),
        stat("75%", "fewer using harassment and stalking", BRISTOL),
        stat("73%", "fewer using jealous and controlling behaviours", BRISTOL),
    ),
    para(
        "Victim-survivors were nearly three times less likely to experience physical violence or abuse when the "
        "perpetrator was referred to Drive than in a control group, and Idvas recorded reduced risk to victims "
        "in 82% of cases (University of Bristol evaluation, led by Professor Marianne Hester).",
    ),
    stats(
        "Drive by July 2021",
        stat("2,590", "high-risk perpetrators challenged and supported", DRIVE_2021),
        stat("2,926", "linked victim-survivors", DRIVE_2021),
        stat("4,841", "linked children", DRIVE_2021),
    ),
]

GP_RECOGNISE = [
    para(
        "Perpetrators see their GP like anyone else: about sleep, stress, alcohol, drugs, injuries or low mood. "
        "In the Drive Year-1 study, most service users had complex needs: mental health (71%), alcohol misuse "
        "(70%), substance misuse (69%) and housing (68%). Those needs are reasons to ask, never excuses for abuse.",
        "Ask directly and on your own with the patient. Never raise abuse in front of a partner, and never offer "
        "couples counselling or joint appointments as a response to abuse: they can increase the danger.",
    ),
    case_study(
        "\u201cI lose it at home\u201d",
        "A 38-year-old man asks for help with his temper. He mentions shouting at his partner and \u201cpushing "
        "her once\u201d. There are two children at home.",
        "Thank him for telling you and be clear that abuse is his responsibility. Ask about what happened, any "
        "weapons, threats and the children. Follow your safeguarding procedures for the children and the "
        "partner; do not promise confidentiality you cannot keep. Look for a perpetrator service he can "
        "self-refer to, and talk to your practice safeguarding lead about a referral to Marac if the risk is high.",
    ),
    key_point("Ask about children in every conversation about domestic abuse."),
    reflect("What words would you use to ask a patient whether his behaviour frightens anyone at home?"),
]

GP_REFER = [
    para(
        "High-risk cases are discussed at Marac, the Multi-Agency Risk Assessment Conference, where agencies "
        "share information and plan for the victim-survivor\u2019s safety. In Drive areas, Marac is also the "
        "route by which perpetrators are referred to a Drive case manager.",
        "Multi-agency perpetrator panels such as MATAC and DAPP bring police, probation, children\u2019s services, "
        "housing and health together to disrupt the most harmful perpetrators. Information from general practice "
        "can be vital to them.",
        "Victim-survivors at high risk are supported by an Idva, an independent domestic violence advocate. You "
        "can support a referral to the Idva service as well as to the perpetrator service.",
    ),
    callout("info", "Find a service",
            '<p>Use the <a href="/find-a-service/">directory of perpetrator services</a> to find programmes that '
            "cover your practice\u2019s postcode, and whether patients can refer themselves.</p>"),
    key_point("Support and disrupt go together: help to change, and a firm multi-agency response when the risk "
              "stays high."),
]

CSC_CHILDREN = [
    para(
        "Children live with the abuse whether or not they see it. By July 2021 the perpetrators Drive worked with "
        "were linked to 4,841 children, more than to adult victim-survivors (2,926).",
        "In the Drive Year-1 feasibility study, around 10% of recorded multi-agency work concerned child "
        "safeguarding. In West Mercia a dedicated children and young people\u2019s service went live on 1 July "
        "2019 and received 20 referrals in its first three months.",
    ),
    stats(
        "The children behind the figures",
        stat("4,841", "children linked to Drive cases by July 2021", DRIVE_2021),
        stat("20", "referrals to the West Mercia children and young people\u2019s service, July \u2013 September "
             "2019", "West Mercia evaluation"),
    ),
    reflect("In your last assessment where domestic abuse featured, how much of the plan asked something of the "
            "person causing the harm?"),
]

CSC_SUPPORT_DISRUPT = [
    para(
        "Whole-family safeguarding means the perpetrator is part of the plan. A Drive case manager works with the "
        "perpetrator for about 10 months, combining support with disruption through partner agencies, "
        "children\u2019s services among them. An Idva supports the adult victim-survivor.",
        "Share information through Marac and perpetrator panels such as MATAC and DAPP, so that what children\u2019s "
        "services know about contact arrangements, new relationships and breaches reaches the people disrupting "
        "the abuse.",
    ),
    case_study(
        "A new relationship",
        "A father known to your service for abuse of his former partner has started a relationship with a woman "
        "who has a toddler. He is engaged with a Drive case manager.",
        "Share what you know through the agreed routes (Marac, the perpetrator panel, the case manager) so that "
        "the new partner can be safeguarded and the case manager can address the risk with him directly.",
    ),
    key_point("Keep the focus on the perpetrator\u2019s behaviour and what must change, not on whether the "
              "mother can protect the children on her own."),
]

CSC_PLANS = [
    para(
        "Asking \u201cwhy doesn\u2019t she leave?\u201d puts the burden on the adult victim-survivor. Asking "
        "\u201cwhy doesn\u2019t he stop?\u201d makes the person causing harm the subject of the plan.",
        "Good plans name what the perpetrator must do and what agencies will do if he does not. They are agreed "
        "with the Idva and the case manager, and reviewed when circumstances change.",
    ),
    reflect("Rewrite one action from a recent plan so that it asks something of the perpetrator rather than the "
            "victim-survivor."),
]

CSC_GAPS = [
    para(
        "The partnership is exploring four priority systemic gaps where responses to perpetrators fall short: "
        "child victim-survivors; racialised communities; LGBT communities; and perpetrator housing.",
        "The work follows two principles: collaboration across the sector, and engagement with people with lived "
        "experience.",
    ),
    key_point("Children are victim-survivors in their own right, not witnesses."),
]


def _lesson(slug, title, summary, body, minutes=15, preview=False):
    return LessonPage(title=title, slug=slug, summary=summary, body=body, estimated_minutes=minutes,
                      preview_allowed=preview)


COURSES = [
    {
        "slug": "recognising-and-responding-to-perpetrators-gps",
        "title": "Recognising and responding to perpetrators: for GPs",
        "summary": "How to spot, ask about and respond to domestic abuse by patients, and where to refer.",
        "intro": "Patients who harm their partners see their GP too. This course helps you recognise the signs, "
                 "ask safely, and refer into Marac, Idva and perpetrator services.",
        "audiences": ["gp", "health"], "level": "awareness", "minutes": 90, "cpd": Decimal("1.5"),
        "outcomes": "Explain why working with perpetrators protects victim-survivors and children\n"
                    "Describe the Drive model of support and disruption\n"
                    "Ask a patient safely about abusive behaviour\n"
                    "Refer through Marac and find local perpetrator services",
        "modules": [
            {
                "slug": "why-perpetrators-matter", "title": "Why perpetrators matter",
                "summary": "The case for changing the question, and what the Drive model does.",
                "check_mode": "practice", "pass_mark": 60,
                "lessons": [
                    ("why-doesnt-he-stop", "Why doesn\u2019t he stop?",
                     "The scale of harm, and why support for victims alone is not enough.", WHY_DOESNT_HE_STOP, True),
                    ("the-drive-model", "The Drive model",
                     "A case manager, support and disruption, and what the evidence shows.", DRIVE_MODEL, False),
                ],
                "questions": [
                    question("gp1-q1", "single", "What share of perpetrators receive any specialist intervention?",
                             ("Fewer than 1%", True, "Right: fewer than 1% do."),
                             ("About 10%", False, "Far fewer: under 1%."),
                             ("About a quarter", False, "A quarter is the share who are repeat offenders.")),
                    question("gp1-q2", "true_false", "Referrals to the Drive Project come through Marac.",
                             ("True", True, "Yes: Marac is the referral route."),
                             ("False", False, "They do: Marac is the referral route.")),
                    question("gp1-q3", "multiple", "Which of these are part of the Drive model?",
                             ("A case manager as a single point of contact", True, "Yes."),
                             ("Disruption through police, probation and children\u2019s services", True, "Yes."),
                             ("Idva support for linked victim-survivors", True, "Yes."),
                             ("Joint counselling for the couple", False, "No: joint work can increase danger.")),
                ],
                "bands": [band("gp1-b0", 0, "Have another look at the two lessons and try again."),
                          band("gp1-b1", 60, "Good: you have the main facts.")],
            },
            {
                "slug": "responding-in-general-practice", "title": "Responding in general practice",
                "summary": "Asking safely, and referring into multi-agency support and disruption.",
                "check_mode": "assessed", "pass_mark": 70, "max_attempts": 3,
                "lessons": [
                    ("recognising-and-asking", "Recognising and asking",
                     "Signs to notice and how to ask a patient about his behaviour.", GP_RECOGNISE, False),
                    ("referring-marac-idva-panels", "Referring: Marac, Idvas and perpetrator panels",
                     "Where high-risk cases go and how general practice contributes.", GP_REFER, False),
                ],
                "questions": [
                    question("gp2-q1", "single", "A patient tells you he pushed his partner. What should you avoid?",
                             ("Offering a joint appointment with his partner", True,
                              "Joint appointments or couples work can put the partner in more danger."),
                             ("Asking whether there are children at home", False,
                              "Asking about children is part of every response."),
                             ("Talking to your safeguarding lead", False, "Your safeguarding lead can help.")),
                    question("gp2-q2", "true_false", "An Idva supports the perpetrator through the Drive intervention.",
                             ("True", False, "An Idva supports the victim-survivor; a case manager works with the "
                                             "perpetrator."),
                             ("False", True, "Right.")),
                    question("gp2-q3", "multiple", "Which are multi-agency perpetrator panels?",
                             ("MATAC", True, "Yes."), ("DAPP", True, "Yes."),
                             ("Idva", False, "An Idva is an advocate for victim-survivors, not a panel.")),
                    question("gp2-q4", "single", "Where are high-risk cases discussed between agencies?",
                             ("Marac", True, "Yes: the Multi-Agency Risk Assessment Conference."),
                             ("The practice reception", False, "No."),
                             ("A couples counselling service", False, "No.")),
                ],
                "bands": [band("gp2-b0", 0, "Re-read the lessons on asking safely and on referral routes before "
                                            "trying again."),
                          band("gp2-b1", 70, "Well done: you know how to respond and where to refer.")],
            },
        ],
    },
    {
        "slug": "working-with-perpetrators-childrens-social-care",
        "title": "Working with perpetrators in children\u2019s social care: whole-family safeguarding",
        "summary": "Keeping the perpetrator in the picture when you safeguard children.",
        "intro": "Children\u2019s social care often meets the adult victim-survivor and the children, and too rarely "
                 "the person causing harm. This course shows how to include perpetrators in assessment and plans.",
        "audiences": ["childrens_social_care", "voluntary_sector"], "level": "practitioner", "minutes": 120,
        "cpd": Decimal("2"),
        "outcomes": "Describe how perpetrators\u2019 behaviour affects children\n"
                    "Work with case managers, Idvas, Marac and perpetrator panels\n"
                    "Write plans that ask something of the perpetrator\n"
                    "Name the four priority systemic gaps",
        "modules": [
            {
                "slug": "seeing-the-whole-family", "title": "Seeing the whole family",
                "summary": "Children in the picture, and support and disruption around the family.",
                "check_mode": "none",
                "lessons": [
                    ("children-in-the-picture", "Children in the picture",
                     "What the Drive figures show about children.", CSC_CHILDREN, True),
                    ("support-and-disrupt-around-the-family", "Support and disrupt around the family",
                     "How the case manager, Idva and agencies work together.", CSC_SUPPORT_DISRUPT, False),
                ],
            },
            {
                "slug": "planning-for-safety", "title": "Planning for safety",
                "summary": "Plans that hold perpetrators to account, and the gaps still to close.",
                "check_mode": "assessed", "pass_mark": 75, "max_attempts": 2,
                "lessons": [
                    ("holding-perpetrators-to-account-in-plans", "Holding perpetrators to account in plans",
                     "From \u201cwhy doesn\u2019t she leave?\u201d to \u201cwhy doesn\u2019t he stop?\u201d.",
                     CSC_PLANS, False),
                    ("four-priority-gaps", "The four priority gaps",
                     "Where responses to perpetrators still fall short.", CSC_GAPS, False),
                ],
                "questions": [
                    question("csc-q1", "multiple", "Which are the partnership\u2019s four priority systemic gaps?",
                             ("Child victim-survivors", True, "Yes."), ("Racialised communities", True, "Yes."),
                             ("LGBT communities", True, "Yes."), ("Perpetrator housing", True, "Yes."),
                             ("Court waiting times", False, "Not one of the four.")),
                    question("csc-q2", "single", "By July 2021, how many children were linked to Drive cases?",
                             ("4,841", True, "Right."), ("2,590", False, "That is the number of perpetrators."),
                             ("2,926", False, "That is the number of adult victim-survivors.")),
                    question("csc-q3", "true_false",
                             "A whole-family plan should ask something of the perpetrator, not only of the mother.",
                             ("True", True, "Yes: the perpetrator is the one who must change."),
                             ("False", False, "The perpetrator is the one who must change.")),
                ],
                "bands": [band("csc-b0", 0, "Look again at both lessons in this module."),
                          band("csc-b1", 75, "Well done.")],
            },
        ],
    },
]


def _module(spec):
    return ModulePage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], check_mode=spec["check_mode"],
        pass_mark=spec.get("pass_mark", 70), max_attempts=spec.get("max_attempts", 3),
        questions=json.dumps(spec.get("questions", [])), score_bands=json.dumps(spec.get("bands", [])),
    )


def load_training_demo(pages, stdout) -> str:
    home = pages["home"]
    index, _ = add_child(home, TrainingIndexPage(
        title="Training", slug="training",
        summary="Courses for GPs, social workers, police, probation, housing and health staff on recognising, "
                "responding to and referring perpetrators.",
        intro="Free courses for professionals who meet perpetrators of domestic abuse. Learn at your own pace, "
              "check your knowledge and earn CPD certificates.",
    ), reviewed=REVIEWED)
    pages["training"] = index
    audiences = {a.slug: a for a in Audience.objects.all()}
    created = lessons = 0
    for spec in COURSES:
        course = CoursePage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"], intro=spec["intro"],
            level=spec["level"], estimated_minutes=spec["minutes"], cpd_hours=spec["cpd"],
            learning_outcomes=spec["outcomes"],
        )
        course.audiences = [audiences[s] for s in spec["audiences"] if s in audiences]
        course, new = add_child(index, course, reviewed=REVIEWED)
        created += int(new)
        for module_spec in spec["modules"]:
            module, _ = add_child(course, _module(module_spec), reviewed=REVIEWED)
            for slug, title, summary, body, preview in module_spec["lessons"]:
                add_child(module, _lesson(slug, title, summary, body, preview=preview), reviewed=REVIEWED)
                lessons += 1
        pages[spec["slug"]] = course
    return f"{len(COURSES)} courses ({created} new), {lessons} lessons"
