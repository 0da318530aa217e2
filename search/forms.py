"""Forms for the directory: the GET search form (lenient: a pasted URL never breaks the page)
and the "Report a problem with this listing" form."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from portal.sanitise import sanitise_single_line, sanitise_text
from portal.submissions import HoneypotMixin

from . import vocabulary as v
from .directory.query import DEFAULT_DISTANCE, DISTANCES, MAX_PAGE, DirectoryQuery
from .models import ProblemReport

# URL parameter -> DirectoryQuery attribute and vocabulary
MULTI_PARAMS = {
    "type": ("service_type", v.SERVICE_TYPES),
    "refer": ("referral", v.REFERRAL_ROUTES),
    "risk": ("risk", v.RISK_LEVELS),
    "delivery": ("delivery", v.ATTENDING_TYPES),
    "lang": ("language", v.LANGUAGES),
}


def query_from_params(params: QueryDict) -> DirectoryQuery:
    """Build a query from URL parameters, quietly dropping anything that is not a known value."""
    def text(name, limit):
        return sanitise_text(params.get(name, "") or "")[:limit]

    distance = params.get("distance", DEFAULT_DISTANCE)
    if distance not in dict(DISTANCES):
        distance = DEFAULT_DISTANCE
    try:
        page = min(max(int(params.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    values = {}
    for param, (attr, vocab) in MULTI_PARAMS.items():
        allowed = dict(vocab)
        values[attr] = list(dict.fromkeys(c for c in params.getlist(param) if c in allowed))
    return DirectoryQuery(
        location=text("location", 100), keywords=text("q", 200), distance=distance,
        accredited=params.get("accredited") == "1", free=params.get("free") == "1", page=page, **values)


def params_from_query(query: DirectoryQuery, **overrides) -> QueryDict:
    """The shareable URL parameters for a query (empty values left out)."""
    qd = QueryDict(mutable=True)
    if query.location:
        qd["location"] = query.location
    if query.keywords:
        qd["q"] = query.keywords
    if query.distance != DEFAULT_DISTANCE:
        qd["distance"] = query.distance
    for param, (attr, _vocab) in MULTI_PARAMS.items():
        values = getattr(query, attr)
        if values:
            qd.setlist(param, values)
    if query.accredited:
        qd["accredited"] = "1"
    if query.free:
        qd["free"] = "1"
    for key, value in overrides.items():
        if value is None:
            qd.pop(key, None)
        else:
            qd[key] = str(value)
    return qd


def search_params_for_listing(query: DirectoryQuery) -> str:
    """The search a listing was opened from, as the `back` value its link carries."""
    return params_from_query(query, page=query.page if query.page > 1 else None).urlencode()


def search_query_from_back(raw: str | None) -> str:
    """A listing's `back` value, re-read through the search form's own rules (unknown parameters and
    values dropped), as the query string of the search to return to; "" when there is none."""
    if not raw:
        return ""
    query = query_from_params(QueryDict(raw[:2000]))
    return search_params_for_listing(query)


class ProblemReportForm(HoneypotMixin, forms.ModelForm):
    details = forms.CharField(
        label="What is wrong?", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example the correct phone number. Do not include anyone's personal details.",
        error_messages={"required": "Tell us what is wrong with this listing.",
                        "max_length": "What is wrong must be 2,000 characters or fewer."})
    email = forms.EmailField(
        label="Your email address", required=False,
        help_text="Only if you would like us to tell you when we have fixed it.",
        error_messages={"invalid": "Enter your email address in the correct format, like name@example.org."})
    kind = forms.ChoiceField(label="What is the problem?", choices=ProblemReport.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose what the problem is with this listing."})

    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "email"]

    def clean_details(self):
        details = sanitise_text(self.cleaned_data["details"])
        if not details:
            raise forms.ValidationError("Tell us what is wrong with this listing.")
        return details


class ProposalForm(forms.ModelForm):
    note = forms.CharField(label="Anything the moderator should know?", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_fees_description(self):
        return sanitise_single_line(self.cleaned_data.get("fees_description"))

    def clean_alert(self):
        return sanitise_single_line(self.cleaned_data.get("alert"))

    class Meta:
        from .models import Service

        model = Service
        fields = ["description", "eligibility_description", "application_process", "fees_description",
                  "is_free", "email", "url", "referral_routes", "risk_levels", "attending_type", "languages",
                  "alert"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(required=False, max_length=1000, label="Note to the provider")
