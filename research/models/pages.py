"""Research pages: the index (overview, publication listing, feed), the four priority gaps, publications."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.models import BasePage
from portal.site_address import absolute_url

from ..blocks import ResearchBodyBlock
from ..citations import CITATION_FORMATS, Citation
from ..feeds import PublicationAtomFeed
from ..forms import HaveYourSayForm
from ..listing import build_listing
from ..publication_types import PublicationType
from ..scholarly import json_ld_text, meta_tags

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class ResearchIndexPage(RoutablePageMixin, BasePage):
    """/research/: the overview, the filterable publication listing and its Atom feed."""
    search_section = "research"

    intro = models.TextField(max_length=800)
    body = StreamField(ResearchBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("featured_findings", heading="Featured key findings", label="Key finding", max_num=8),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["research.PriorityGapPage", "research.PublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = "research index"

    def gaps(self):
        return PriorityGapPage.objects.live().public().child_of(self).order_by("path")

    def publications(self):
        return PublicationPage.objects.live().public().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["gaps"] = self.gaps()
        context["latest_publications"] = self.publications().order_by("-publication_date", "-pk")[:3]
        context["featured_findings"] = [
            item.finding
            for item in self.featured_findings.select_related("finding__source_publication")
            if item.finding_id
        ]
        return context

    @path("", name="overview")
    def overview(self, request):
        return self.serve(request)

    def listing_url(self) -> str:
        return self.url + self.reverse_subpage("publication_listing")

    def feed_url(self) -> str:
        return self.url + self.reverse_subpage("publication_feed")

    def get_sitemap_urls(self, request=None):
        """The overview and its publication listing (a routed page Wagtail would not list)."""
        urls = super().get_sitemap_urls(request)
        newest = PublicationPage.objects.descendant_of(self).live().public().order_by("-last_published_at").first()
        lastmod = max(filter(None, [self.last_published_at, newest and newest.last_published_at]), default=None)
        urls.append({"location": self.get_full_url(request) + self.reverse_subpage("publication_listing"),
                     "lastmod": lastmod})
        return urls

    @path("publications/", name="publication_listing")
    def publication_listing(self, request):
        # Only the page itself from the overview's context: the listing needs none of its queries.
        context = Page.get_context(self, request)
        context.update(build_listing(self.publications(), request.GET, gaps=PriorityGapPage.objects,
                                     topics=PublicationTopic.objects))
        return TemplateResponse(request, "research/publication_listing.html", context)

    @path("publications/feed/", name="publication_feed")
    def publication_feed(self, request):
        return PublicationAtomFeed(self)(request)


class ResearchIndexFinding(Orderable):
    page = ParentalKey(ResearchIndexPage, related_name="featured_findings", on_delete=models.CASCADE)
    finding = models.ForeignKey("research.KeyFinding", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("finding")]


class PriorityGapPage(RoutablePageMixin, BasePage):
    """One of the four priority systemic gaps, with its evidence and a 'Have your say' form."""
    search_section = "research"

    problem = StreamField(ResearchBodyBlock(), help_text="The problem: what is known, with sources.")
    our_work = StreamField(ResearchBodyBlock(), blank=True, help_text="What the partnership is doing.")
    involvement = StreamField(
        ResearchBodyBlock(),
        blank=True,
        help_text="Lived-experience and sector-collaboration activity.",
    )
    accepts_responses = models.BooleanField(
        default=True, help_text="Show the 'Have your say' form for people with lived experience."
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("our_work"),
        FieldPanel("involvement"),
        InlinePanel("gap_findings", heading="Key findings", label="Key finding"),
        InlinePanel("related_links", heading="Related training and pages", label="Link"),
        FieldPanel("accepts_responses"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("problem"),
        index.SearchField("our_work"),
        index.SearchField("involvement"),
    ]
    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "priority gap"

    def related_publications(self):
        return (
            PublicationPage.objects.live().public().filter(gaps=self).order_by("-publication_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = [
            item.finding for item in self.gap_findings.select_related("finding__source_publication")
        ]
        context["related_publications"] = self.related_publications()[:6]
        context["related_links"] = [link for link in self.related_links.select_related("link_page") if link.live]
        return context

    def listing_url(self) -> str:
        """The publication listing this gap's publications are listed in."""
        return ResearchIndexPage.objects.ancestor_of(self).first().listing_url()

    @path("", name="gap")
    def gap(self, request):
        return self.serve(request)

    def have_your_say_url(self) -> str:
        return self.url + self.reverse_subpage("have_your_say")

    @path("have-your-say/", name="have_your_say")
    def have_your_say(self, request):
        if not self.accepts_responses:
            return redirect(self.url)
        context = {"page": self, "self": self}
        form = HaveYourSayForm(request.POST if request.method == "POST" else None)
        if form.is_bound and (form.is_bot or form.is_valid()):
            if not form.is_bot:  # a robot's post is not saved, and it learns nothing
                self.responses.create(**form.response_fields())
            response = TemplateResponse(request, "research/have_your_say_thanks.html", context)
        else:
            response = TemplateResponse(request, "research/have_your_say.html", {**context, "form": form})
        add_never_cache_headers(response)
        return response


class PriorityGapFinding(Orderable):
    page = ParentalKey(PriorityGapPage, related_name="gap_findings", on_delete=models.CASCADE)
    finding = models.ForeignKey("research.KeyFinding", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("finding")]


class PriorityGapLink(Orderable):
    page = ParentalKey(PriorityGapPage, related_name="related_links", on_delete=models.CASCADE)
    link_page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=120, blank=True, help_text="Defaults to the page title.")
    panels = [FieldPanel("link_page"), FieldPanel("label")]

    @property
    def live(self) -> bool:
        return self.link_page.live

    @property
    def text(self) -> str:
        return self.label or self.link_page.title


class PublicationTopic(TaggedItemBase):
    content_object = ParentalKey(
        "research.PublicationPage", related_name="tagged_topics", on_delete=models.CASCADE
    )


class PublicationPage(RoutablePageMixin, BasePage):
    search_section = "publications"
    authors = models.TextField(
        blank=True, help_text='One author per line, family name first: "Hester, Marianne".'
    )
    organisations = models.TextField(help_text="One organisation per line, e.g. University of Bristol.")
    publication_date = models.DateField(default=datetime.date.today)
    year_only = models.BooleanField(
        default=False, help_text="Tick when only the year of publication is known: the day and month are not shown."
    )
    publication_type = models.CharField(max_length=30, choices=PublicationType.choices)
    gaps = ParentalManyToManyField("research.PriorityGapPage", blank=True, related_name="publications")
    topics = ClusterTaggableManager(through=PublicationTopic, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The publication itself (PDF).",
    )
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="e.g. 10.1234/abcd (without https://doi.org/).")
    external_url = models.URLField(blank=True, help_text="Where the publication is published, if elsewhere.")
    body = StreamField(ResearchBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("organisations"),
                FieldPanel("publication_date"),
                FieldPanel("year_only"),
                FieldPanel("publication_type"),
            ],
            heading="Publication details",
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("gaps"), FieldPanel("topics")], heading="Priority gaps and topics"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("doi"), FieldPanel("external_url")],
                        heading="Where to read it"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("authors"),
        index.SearchField("organisations"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.FilterField("publication_type"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "publication"

    def clean(self):
        super().clean()
        self.doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", self.doi.strip(), flags=re.I)
        if self.doi and not DOI_PATTERN.match(self.doi):
            raise ValidationError({"doi": "A DOI starts with 10. followed by a slash, e.g. 10.1234/abcd."})

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]

    @property
    def date_display(self) -> str:
        if self.year_only:
            return str(self.publication_date.year)
        return f"{self.publication_date.day} {self.publication_date:%B %Y}"

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.external_url

    @cached_property
    def findings(self):
        return list(self.key_findings.order_by("pk"))

    def citation(self, request=None) -> Citation:
        page_url = absolute_url(self.get_url(request) or "")
        return Citation(
            title=self.title,
            type=self.publication_type,
            type_label=self.get_publication_type_display(),
            date=self.publication_date,
            year_only=self.year_only,
            authors=self.author_list,
            organisations=self.organisation_list,
            summary=self.summary,
            keywords=[tag.name for tag in self.topics.all()] + [gap.title for gap in self.gaps.all()],
            doi=self.doi,
            url=self.link,
            page_url=page_url,
            pdf_url=self.pdf_url,
        )

    @property
    def pdf_url(self) -> str:
        """The attached document's absolute address, when it is a PDF."""
        if not self.document_id or self.document.file_extension.lower() != "pdf":
            return ""
        return absolute_url(self.document.url)

    def get_scholarly_metadata(self, request=None) -> tuple[list[tuple[str, str]], str]:
        citation = self.citation(request)
        return meta_tags(citation), json_ld_text(citation)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = self.findings
        context["scholarly_meta"], context["scholarly_json_ld"] = self.get_scholarly_metadata(request)
        return context

    def listing_url(self) -> str:
        """The publication listing this publication is listed in."""
        return ResearchIndexPage.objects.ancestor_of(self).first().listing_url()

    @path("", name="publication")
    def publication(self, request):
        return self.serve(request)

    def ris_url(self) -> str:
        return self.url + self.reverse_subpage("cite_ris")

    def bibtex_url(self) -> str:
        return self.url + self.reverse_subpage("cite_bibtex")

    @path("cite/ris/", name="cite_ris")
    def cite_ris(self, request):
        return self.citation_download(request, "ris")

    @path("cite/bibtex/", name="cite_bibtex")
    def cite_bibtex(self, request):
        return self.citation_download(request, "bib")

    def citation_download(self, request, fmt: str) -> HttpResponse:
        content_type, extension, render = CITATION_FORMATS[fmt]
        response = HttpResponse(render(self.citation(request)), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.slug[:80]}.{extension}"'
        return response
