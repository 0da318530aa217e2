"""Forms for the directory: the GET search form (lenient: a pasted URL never breaks the page),
the "Report a problem with this listing" form and the provider's proposed changes."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from portal.sanitise import sanitise_single_line, sanitise_text
from portal.submissions import HoneypotMixin
from search.directory.coverage_report import SORTS
from search.directory.facets import REGISTRY, SERVICE_TYPES
from search.directory.police_forces import FORCES
from search.directory.query import DEFAULT_DISTANCE, DISTANCES, MAX_PAGE, DirectoryQuery
from search.models import ProblemReport


# The search form's fields never reject: each one's ``clean`` keeps what it can use and leaves the
# rest out (a pasted or old link must always open a results page, never an error).
class _Text(forms.CharField):
    def __init__(self, limit: int):
        super().__init__(required=False, strip=False)
        self.limit = limit

    def clean(self, value):
        return sanitise_text(value if isinstance(value, str) else "")[:self.limit]


class _OneOf(forms.ChoiceField):
    """One of ``choices``; anything else is the default."""

    def __init__(self, choices, default: str):
        super().__init__(choices=choices, required=False)
        self.default = default

    def clean(self, value):
        return value if value in dict(self.choices) else self.default


class _Known(forms.MultipleChoiceField):
    """The known codes among those given, each once, in the order given."""

    def clean(self, value):
        allowed = dict(self.choices)
        return list(dict.fromkeys(code for code in value or () if isinstance(code, str) and code in allowed))


class _On(forms.CharField):
    """A flag's checkbox: on when its value is "1"."""

    def clean(self, value):
        return value == "1"


class _Page(forms.CharField):
    def clean(self, value):
        try:
            return min(max(int(value), 1), MAX_PAGE)
        except (TypeError, ValueError):
            return 1


class DirectorySearchForm(forms.Form):
    """The directory's GET parameters: where, what, how far, which page, and one field per facet
    and flag of ``search.directory.facets.REGISTRY`` (named by its URL parameter)."""

    location = _Text(limit=100)
    q = _Text(limit=200)
    distance = _OneOf(DISTANCES, DEFAULT_DISTANCE)
    page = _Page(required=False)

    def __init__(self, data: QueryDict):
        super().__init__(data)
        for facet in REGISTRY.facets:
            self.fields[facet.param] = _Known(choices=facet.choices, required=False)
        for flag in REGISTRY.flags:
            self.fields[flag.param] = _On(required=False)

    def query(self) -> DirectoryQuery:
        self.full_clean()  # every field is lenient: this never fails
        data = self.cleaned_data
        chosen = {f.name: data[f.param] for f in REGISTRY.filters}
        return DirectoryQuery(location=data["location"], keywords=data["q"], distance=data["distance"],
                              page=data["page"], **chosen)


def query_from_params(params: QueryDict) -> DirectoryQuery:
    """Build a query from URL parameters, quietly dropping anything that is not a known value."""
    return DirectorySearchForm(params).query()


def params_from_query(query: DirectoryQuery, **overrides) -> QueryDict:
    """The shareable URL parameters for a query (empty values left out): what the form reads back
    as the same query."""
    qd = QueryDict(mutable=True)
    if query.location:
        qd["location"] = query.location
    if query.keywords:
        qd["q"] = query.keywords
    if query.distance != DEFAULT_DISTANCE:
        qd["distance"] = query.distance
    for facet in REGISTRY.facets:
        if codes := getattr(query, facet.name):
            qd.setlist(facet.param, codes)
    for flag in REGISTRY.flags:
        if getattr(query, flag.name):
            qd[flag.param] = "1"
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
        from search.models import Service

        model = Service
        fields = ["description", "eligibility_description", "application_process", "fees_description",
                  "is_free", "email", "url", "referral_routes", "risk_levels", "attending_type", "languages",
                  "alert"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(required=False, max_length=1000, label="Note to the provider")


class CoverageForm(forms.Form):
    """The GET filter of "Where services are missing". A value it does not know is dropped (the page
    then shows everything for that field) and ``ignored`` says which, in words, for the page to show."""

    type = forms.ChoiceField(label="Type of service", required=False)
    force = forms.ChoiceField(label="Police force area", required=False)
    sort = forms.ChoiceField(required=False)
    order = forms.ChoiceField(required=False, choices=[("asc", "Ascending"), ("desc", "Descending")])

    FIELD_NAMES = {"type": "service type", "force": "police force area", "sort": "sort column",
                   "order": "sort order"}

    def __init__(self, data=None):

        super().__init__(data if data is not None else {})
        self.fields["type"].choices = [("", "All service types"), *SERVICE_TYPES]
        self.fields["force"].choices = [("", "All of England and Wales"), *((f, f) for f in FORCES)]
        self.fields["sort"].choices = list(SORTS.items())

    def chosen(self) -> dict[str, str]:
        """Every field's value: the one given when it is known, else empty."""
        self.is_valid()
        values = {name: "" for name in self.fields}
        values.update({name: value for name, value in self.cleaned_data.items() if value})
        return values

    @property
    def ignored(self) -> list[str]:
        self.is_valid()
        return [f"We did not recognise the {self.FIELD_NAMES[name]} in the address, so it was left out."
                for name in self.fields if name in self.errors]
