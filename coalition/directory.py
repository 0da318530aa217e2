"""The public member directory: its filters and the rows of one page of organisations.

Rows are plain dictionaries with their display text ready-made: a page of 25 organisations needs
no model instances (each would set up its clusters of child objects) and no per-cell filters.
"""

from collections import defaultdict

from django import forms
from django.core.paginator import Paginator
from wagtail.images import get_image_model

from .formatting import format_date
from .models.organisations import MemberOrganisation, OrganisationType, Region
from .models.pages import signatory_count

PER_PAGE = 25
LOGO_RENDITION = "max-120x60"
TYPE_LABELS = dict(OrganisationType.choices)
ROW_FIELDS = ("pk", "name", "website", "description", "org_type", "joined", "is_demo", "logo_id")


class RememberedSelect(forms.Select):
    """A select box that renders each combination of choices, value and attributes once.

    Django renders every option through a template; the directory's filters show the same few
    combinations to every visitor. Values that are not among the choices are rendered, not kept.
    """

    MAX_REMEMBERED = 512
    _rendered: dict = {}

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        if value not in (None, "") and str(value) not in {v for v, _ in choices}:
            return super().render(name, value, attrs, renderer)
        key = (name, value, tuple(sorted((attrs or {}).items())), tuple(sorted(self.attrs.items())), choices,
               renderer)
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) >= self.MAX_REMEMBERED:
                self._rendered.clear()
            self._rendered[key] = html
        return html


class DirectoryFilterForm(forms.Form):
    """GET parameters of the member directory; anything unknown is reported, never a crash."""

    type = forms.ChoiceField(label="Type of organisation", required=False, widget=RememberedSelect)
    region = forms.ChoiceField(label="Nation or region", required=False, widget=RememberedSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "All types")] + list(OrganisationType.choices)
        self.fields["region"].choices = [("", "All nations and regions")] + list(
            Region.objects.values_list("code", "name")
        )


def organisations(org_type: str = "", region: str = ""):
    qs = MemberOrganisation.objects.filter(status=MemberOrganisation.Status.MEMBER)
    if org_type:
        qs = qs.filter(org_type=org_type)
    if region:
        qs = qs.filter(regions__code=region)
    return qs.order_by("name").values(*ROW_FIELDS)


def listing_rows(rows: list[dict]) -> list[dict]:
    """Add each organisation's region names (in the regions' order), type, joining month and logo:
    one query for the regions, and one for the logos and their renditions only if a logo shows."""
    region_names = defaultdict(list)
    if rows:
        through = MemberOrganisation.regions.through
        pairs = (through.objects.filter(memberorganisation_id__in=[r["pk"] for r in rows])
                 .order_by("region__sort_order", "region__name").values_list("memberorganisation_id", "region__name"))
        for organisation_id, name in pairs:
            region_names[organisation_id].append(name)
    logo_ids = {r["logo_id"] for r in rows if r["logo_id"]}
    logos = get_image_model().objects.filter(pk__in=logo_ids).prefetch_renditions(LOGO_RENDITION) if logo_ids else []
    logos = {image.pk: image for image in logos}
    for row in rows:
        row.update(region_names=region_names[row["pk"]], logo=logos.get(row["logo_id"]),
                   type_label=TYPE_LABELS.get(row["org_type"], row["org_type"]),
                   joined_label=format_date(row["joined"], "F Y") if row["joined"] else "")
    return rows


def directory_context(request) -> dict:
    form = DirectoryFilterForm(request.GET or None)
    org_type = region = ""
    if form.is_bound and form.is_valid():
        org_type, region = form.cleaned_data["type"], form.cleaned_data["region"]
    page_obj = Paginator(organisations(org_type, region), PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = listing_rows(list(page_obj.object_list))
    filtered = bool(org_type or region)
    return {
        "form": form, "page_obj": page_obj, "organisations": page_obj.object_list, "filtered": filtered,
        "filter_query": "&".join(f"{k}={v}" for k, v in (("type", org_type), ("region", region)) if v),
        "signatory_count": signatory_count() if filtered else page_obj.paginator.count,
    }
