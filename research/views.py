"""Thin views: citation downloads and the 'Have your say' form."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .citations import to_bibtex, to_ris
from .forms import HaveYourSayForm
from .models import LivedExperienceResponse

CITATION_FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", to_ris),
    "bib": ("application/x-bibtex; charset=utf-8", "bib", to_bibtex),
}


def citation_response(publication, request, fmt: str) -> HttpResponse:
    content_type, extension, render = CITATION_FORMATS[fmt]
    response = HttpResponse(render(publication.citation(request)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{publication.slug[:80]}.{extension}"'
    return response


@never_cache
def have_your_say(request, gap):
    if request.method == "POST":
        form = HaveYourSayForm(request.POST)
        context = {"page": gap, "self": gap}
        if form.is_bot:  # a robot's post: not saved, and it learns nothing
            return TemplateResponse(request, "research/have_your_say_thanks.html", context)
        if form.is_valid():
            data = form.cleaned_data
            LivedExperienceResponse.objects.create(
                gap=gap,
                experience=data["experience"],
                what_should_change=data["what_should_change"],
                perspective=data.get("perspective") or "",
                contact_name=data["contact_name"],
                contact_detail=data["contact_detail"],
                consent_given=True,
            )
            return TemplateResponse(request, "research/have_your_say_thanks.html", context)
    else:
        form = HaveYourSayForm()
    return TemplateResponse(request, "research/have_your_say.html", {"page": gap, "self": gap, "form": form})
