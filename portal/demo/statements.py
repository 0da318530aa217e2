"""The accessibility statement and the privacy notice, as editable standard pages.

The accessibility statement follows the UK public-sector model statement (GOV.UK, for the Public
Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018). Both say
only what the portal does: how it is tested (`tests/browser/`), which cookies it sets
(`portal/settings/base.py`), what each kind of account holds (`portal.accounts.privacy`).
Editors keep them current in the admin; the demo loader creates them once.
"""

import datetime

from .helpers import heading, html, para

PREPARED = datetime.date(2026, 12, 1)
CONTACT = "info@example.org"

ACCESSIBILITY_SUMMARY = "How accessible this website is, the problems we know about, and how to tell us about others."
ACCESSIBILITY_BODY = [
    para(
        "This accessibility statement applies to the Drive Partnership portal: the public pages, the "
        "services directory, research, training and the coalition's pages, and the pages for signing in "
        "and managing an account. It does not cover the editing tools staff use to publish content.",
        "This website is run by the Drive Partnership. We want as many people as possible to be able to "
        "use it. For example, that means you should be able to:",
    ),
    html(
        "<ul><li>change colours, contrast levels and fonts using your browser or device settings</li>"
        "<li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>use the whole site, including the Exit this page button, with a keyboard alone</li>"
        "<li>use the site with speech recognition software</li>"
        "<li>listen to most of the site with a screen reader</li></ul>"
        "<p>We have also made the text as simple as we can. <a href=\"https://mcmw.abilitynet.org.uk/\">"
        "AbilityNet</a> has advice on making your device easier to use if you have a disability.</p>"
    ),
    heading("How accessible this website is"),
    para("We know some parts of this website are not fully accessible:"),
    html(
        "<ul><li>some documents, mostly PDFs published by partners and older reports, are not fully "
        "accessible to screen reader software</li>"
        "<li>videos are linked, not played on the site; whether they have captions depends on the "
        "organisation that published them</li>"
        "<li>two-step sign-in, which editors and moderators must use, needs a code from an "
        "authenticator app that changes every 30 seconds</li></ul>"
    ),
    heading("Feedback and contact information"),
    para(
        f"If you need information on this website in a different format, like accessible PDF, large print, "
        f"easy read, audio recording or braille, email {CONTACT}. We will consider your request and get "
        "back to you in 10 working days.",
    ),
    heading("Reporting accessibility problems with this website"),
    para(
        "We are always looking to improve the accessibility of this website. If you find any problems not "
        f"listed on this page, or think we are not meeting accessibility requirements, email {CONTACT}. "
        "Tell us the web address of the page, what you were trying to do and what went wrong.",
    ),
    heading("Enforcement procedure"),
    html(
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
        "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "
        "accessibility regulations). If you are not happy with how we respond to your complaint, "
        "<a href=\"https://www.equalityadvisoryservice.com/\">contact the Equality Advisory and Support "
        "Service (EASS)</a>.</p>"
        "<p>If you are in Northern Ireland and are not happy with how we respond to your complaint, you "
        "can contact the <a href=\"https://www.equalityni.org/Home\">Equality Commission for Northern "
        "Ireland (ECNI)</a>.</p>"
    ),
    heading("Technical information about this website's accessibility"),
    para(
        "The Drive Partnership is committed to making its website accessible, in accordance with the "
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
    ),
    heading("Compliance status"),
    para(
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 "
        "AA standard, due to the non-compliances listed below.",
    ),
    heading("Non-accessible content"),
    para("The content listed below is non-accessible for the following reasons."),
    heading("Non-compliance with the accessibility regulations"),
    para(
        "Some PDF documents attached to research and coalition pages have no tags, headings or text "
        "alternatives for images, so screen reader users may not be able to read them. This fails WCAG "
        "2.2 success criteria 1.1.1 (non-text content) and 1.3.1 (information and relationships). When "
        "we publish new documents we ask for an accessible version, or publish the content as a web page.",
        "Linked videos published by other organisations may not have captions. This fails WCAG 2.2 "
        "success criterion 1.2.2 (captions, prerecorded) where it applies. We link to captioned "
        "versions where they exist.",
    ),
    heading("Content that's not within the scope of the accessibility regulations"),
    para(
        "The accessibility regulations do not require us to fix PDFs or other documents published before "
        "23 September 2018 if they're not essential to providing our services. Any new PDFs or Word "
        "documents we publish will meet accessibility standards.",
        "The time limit on authenticator codes is part of keeping accounts secure, and is not something "
        "we can remove.",
    ),
    heading("What we're doing to improve accessibility"),
    para(
        "Every change to the website is checked by automated tests before it is published (see below). "
        "We fix any problem the tests find before the change goes live, and we are replacing documents "
        "that are not accessible with web pages.",
    ),
    heading("Preparation of this accessibility statement"),
    para(
        f"This statement was prepared on {PREPARED:%-d %B %Y}. It was last reviewed on {PREPARED:%-d %B %Y}.",
        "How we tested this website: every change is tested automatically. Browser tests open the key "
        "pages of each part of the site (home, directory search and listings, research, training, the "
        "coalition, account pages and error pages) in Chromium at 320, 375 and 1280 pixels wide, and "
        "check them with axe-core against the WCAG 2.2 A and AA rules. Other tests check that the Exit "
        "this page button and its keyboard shortcut work, that error messages are announced and linked "
        "to their fields, and that pages work without JavaScript.",
        "Automated tools find only some accessibility problems. The website has not yet been audited by "
        "an accessibility specialist or tested by disabled people. We plan to do both, and will update "
        "this statement with the results.",
    ),
]

PRIVACY_SUMMARY = "What we collect about you, why, how long we keep it, who sees it and your rights."
PRIVACY_BODY = [
    para(
        "This notice explains what information the Drive Partnership portal collects, why, how long we keep "
        "it, who can see it, and your rights. The Drive Partnership (Respect, SafeLives and Social Finance) "
        f"is the controller of this information. You can contact us about it at {CONTACT}.",
    ),
    heading("If you read the website"),
    para(
        "You can read every public page, search the services directory and use the site search without "
        "telling us who you are. Reading pages sets no cookies. We use no analytics or advertising, and "
        "the pages load nothing from any other website, so no other organisation learns that you visited.",
        "Words typed into the site search are counted, with no record of who typed them, so editors can "
        "see what people look for. Postcodes typed into the directory are used to sort the results; "
        "a results page may be kept for a few minutes to serve the next person who searches the same "
        "way, with nothing that identifies you.",
        "Our servers' logs record which pages were requested and any errors, without your internet "
        "address or what you searched for. For a few minutes, we keep the internet address of anyone "
        "trying to sign in, to stop people guessing passwords. We use these only to keep the site working and secure "
        "(our legitimate interests), and keep error logs for no longer than 30 days.",
        "The Exit this page button, and the Shift key pressed 3 times, take you to another website and "
        "end your session here. See Cover your tracks for what your browser itself remembers.",
    ),
    heading("If you report a problem or have your say"),
    para(
        "Report a problem with a listing: we keep what you tell us and, only if you give one, your email "
        "address so we can reply. Moderators read reports to correct the directory (our legitimate "
        "interests). Reports are kept until a moderator deletes them.",
        "Have your say: responses are anonymous unless you choose to leave a name and a way to contact "
        "you. No account, internet address or browser details are stored with them. Only moderators read "
        "them, to shape the partnership's work on that gap (your consent, which you can withdraw at any "
        "time by emailing us). They are never sent by email.",
    ),
    heading("If you have an account (learners)"),
    para(
        "When you create an account we collect your email address, a password (stored only in a form "
        "that cannot be turned back into the password), and, if you give them, your name, role and "
        "organisation. As you take training we record your enrolments, which lessons you have finished, "
        "your answers to knowledge checks and your certificates.",
        "We use this to give you the training and your certificates (a contract with you), and your "
        "role and organisation, never publicly, to report which professions the training reaches "
        "(our legitimate interests). Anyone with a certificate number can check it on the verification "
        "page, which shows the name on the certificate, the course, the CPD hours and the date.",
        "We keep your account and training records until you delete your account. Deleting it removes "
        "everything linked to you straight away.",
    ),
    heading("If you work for a coalition member"),
    para(
        "When an organisation applies to join the coalition we keep the application: the organisation's "
        "details and the contact person's name, role and email address. Moderators use it to decide "
        "the application. Members' accounts also hold replies to meeting invitations and the actions "
        "assigned to their organisation, which other members can see in the member area. We use this "
        "to run the coalition (our legitimate interests) and keep it while the organisation is a member, "
        "or until a moderator deletes a refused application.",
    ),
    heading("If you edit or moderate the website"),
    para(
        "Editors' and moderators' accounts also hold the secret for their authenticator app and their "
        "recovery codes, and the admin records who changed each page and when. We use this to keep the "
        "website secure and accountable (our legitimate interests) and keep the page history for as long "
        "as the page exists.",
    ),
    heading("Cookies"),
    html(
        "<p>Reading the website sets no cookies. We set these only when you need them:</p>"
        "<ul><li><strong>csrftoken</strong>: when you open a page with a form you can send (signing in, "
        "reporting a problem, having your say). It protects the form and is deleted when you close the "
        "browser.</li>"
        "<li><strong>sessionid</strong>: when you sign in. It is deleted when you close the browser, "
        "unless you tick Keep me signed in on this device; then it lasts 2 weeks.</li>"
        "<li><strong>messages</strong>: a one-off notice, such as You have signed out, carried to the "
        "next page and then deleted.</li></ul>"
    ),
    heading("Who sees your information"),
    para(
        "Only partnership staff whose role needs it: moderators for reports, responses and applications, "
        "and administrators for accounts. Our hosting and email providers process it on our behalf, under "
        "contract, and may not use it for anything else. We never sell it or share it for marketing.",
    ),
    heading("Your rights"),
    para(
        "You have the right to see the information we hold about you, to correct it, to have it deleted, "
        "to object to or restrict how we use it, and to take it elsewhere. If you have an account, you can "
        "download everything we hold about you, correct your details and delete your account from Your "
        f"account. For anything else, email {CONTACT}. We will reply within one month.",
        "If you are unhappy with how we have used your information, you can complain to the Information "
        "Commissioner's Office (ico.org.uk, 0303 123 1113).",
    ),
    heading("Changes to this notice"),
    para(f"We last updated this notice on {PREPARED:%-d %B %Y}."),
]
