"""The directory's controlled vocabularies: codes stored on services, labels shown to people.

Each vocabulary is also published as an Open Referral taxonomy (see ``search.taxonomy``).
"""

SERVICE_TYPES = [
    ("drive", "Drive high-harm case management"),
    ("behaviour-change-group", "Behaviour-change programme (group)"),
    ("behaviour-change-121", "Behaviour-change programme (one-to-one)"),
    ("early-intervention", "Early intervention"),
    ("young-people", "Young people who harm"),
    ("helpline", "Helpline or webchat"),
    ("idva", "Linked victim-survivor support (Idva)"),
    ("housing", "Housing support for perpetrators"),
    ("other", "Other"),
]

REFERRAL_ROUTES = [
    ("self", "Self-referral"),
    ("professional", "Professional referral"),
    ("panel", "Marac, MATAC or DAPP panel only"),
]

RISK_LEVELS = [
    ("standard", "Standard risk"),
    ("medium", "Medium risk"),
    ("high", "High risk"),
]

# HSDS ``attending_type`` values.
ATTENDING_TYPES = [
    ("in_person", "In person"),
    ("phone", "By phone"),
    ("online", "Online"),
]

LANGUAGES = [
    ("en", "English"),
    ("cy", "Welsh"),
    ("pl", "Polish"),
    ("ur", "Urdu"),
    ("pa", "Punjabi"),
    ("bn", "Bengali"),
    ("ar", "Arabic"),
    ("ro", "Romanian"),
    ("pt", "Portuguese"),
    ("bfi", "British Sign Language"),
]

STATUSES = [
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("defunct", "Defunct"),
    ("temporarily closed", "Temporarily closed"),
]

# Facet name -> (token prefix, vocabulary). Tokens look like "type:drive".
FACETS = {
    "service_type": ("type", SERVICE_TYPES),
    "referral": ("refer", REFERRAL_ROUTES),
    "risk": ("risk", RISK_LEVELS),
    "delivery": ("deliver", ATTENDING_TYPES),
    "language": ("lang", LANGUAGES),
}
FLAG_ACCREDITED = "flag:accredited"
FLAG_FREE = "flag:free"


def label(vocabulary, code: str) -> str:
    return dict(vocabulary).get(code, code)


def labels(vocabulary, codes) -> list[str]:
    lookup = dict(vocabulary)
    return [lookup[c] for c in codes if c in lookup]
