from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.cache import purge_page_cache

from .. import progress
from .organisations import MemberOrganisation


class Ask(ClusterableModel):
    """One ask of the Call to Action, with its owner, status and timeline of milestones."""

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    owner = models.CharField(max_length=120, blank=True,
                             help_text="Who must act: e.g. Home Office, MoJ, DHSC, local commissioners.")
    status = models.CharField(max_length=20, choices=progress.STATUS_CHOICES, default=progress.NOT_STARTED)
    progress_override = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Leave empty to use the status's default percentage. Ignored while the ask has sub-asks: "
        "their weighted average is used instead.",
    )
    weight = models.PositiveSmallIntegerField(default=1,
                                              help_text="How much this sub-ask counts in its parent's progress.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_asks",
                               help_text="Make this a sub-ask of another ask.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("owner"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("progress_override"), FieldPanel("weight")],
                        heading="Progress"),
        MultiFieldPanel([FieldPanel("parent"), FieldPanel("sort_order")], heading="Place"),
        InlinePanel("milestones", heading="Timeline", label="Milestone"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):

        if self.progress_override is not None and self.progress_override > 100:
            raise ValidationError({"progress_override": "Enter a percentage from 0 to 100."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An ask cannot be its own sub-ask."})
            ancestor = ancestor.parent

    @property
    def status_label(self) -> str:
        return progress.STATUS_LABELS.get(self.status, self.status)


class Milestone(Orderable):
    ask = ParentalKey(Ask, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    description = models.CharField("what happened", max_length=400)
    evidence_url = models.URLField("evidence link", blank=True)
    status_change = models.CharField(max_length=20, choices=progress.STATUS_CHOICES, blank=True,
                                     help_text="The ask's status after this milestone, if it changed.")

    panels = [FieldPanel("date"), FieldPanel("description"), FieldPanel("evidence_url"), FieldPanel("status_change")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]

    @property
    def status_change_label(self) -> str:
        return progress.STATUS_LABELS.get(self.status_change, "")


class Endorsement(models.Model):
    """A member organisation backs an ask; withdrawing keeps the row with the date it was withdrawn."""

    organisation = models.ForeignKey(MemberOrganisation, on_delete=models.CASCADE, related_name="endorsements")
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="endorsements")
    endorsed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "ask"], name="coalition_unique_endorsement")]

    def __str__(self):
        return f"{self.organisation} endorses {self.ask}"



def endorse(organisation: MemberOrganisation, ask: Ask) -> Endorsement:
    endorsement, created = Endorsement.objects.get_or_create(organisation=organisation, ask=ask)
    if not created and endorsement.withdrawn_at is not None:
        endorsement.withdrawn_at = None
        endorsement.endorsed_at = timezone.now()
        endorsement.save(update_fields=["withdrawn_at", "endorsed_at"])
    return endorsement


def withdraw(organisation: MemberOrganisation, ask: Ask) -> bool:


    changed = bool(
        Endorsement.objects.filter(organisation=organisation, ask=ask, withdrawn_at__isnull=True)
        .update(withdrawn_at=timezone.now())
    )
    if changed:  # a queryset update sends no signal: refresh the cached public pages here
        transaction.on_commit(purge_page_cache)
    return changed


def _node(ask) -> progress.AskNode:
    return progress.AskNode(ask.status, ask.progress_override, ask.weight, [_node(c) for c in ask.children])


def ask_tree():
    """Top-level asks, each with `.children`, `.progress`, `.endorsement_count` and sorted `.timeline`.

    An organisation that endorses an ask endorses every part of it, so a sub-ask's count is of the
    member organisations endorsing it or any ask above it, each counted once. Three queries whatever
    the number of asks.
    """
    asks = list(
        Ask.objects.prefetch_related(
            models.Prefetch("milestones", queryset=Milestone.objects.order_by("date", "sort_order"))
        ).order_by("sort_order", "pk")
    )
    endorsers: dict[int, set[int]] = {}
    active = Endorsement.objects.filter(withdrawn_at__isnull=True,
                                        organisation__status=MemberOrganisation.Status.MEMBER)
    for ask_id, organisation_id in active.values_list("ask_id", "organisation_id"):
        endorsers.setdefault(ask_id, set()).add(organisation_id)
    by_id = {a.pk: a for a in asks}
    for a in asks:
        a.children = []
    top = []
    for a in asks:
        parent = by_id.get(a.parent_id)
        (parent.children if parent else top).append(a)

    def count(ask, inherited: frozenset):
        organisations = inherited | endorsers.get(ask.pk, set())
        ask.endorsement_count = len(organisations)
        for child in ask.children:
            count(child, organisations)

    for a in top:
        count(a, frozenset())
    for a in asks:
        a.progress = round(progress.ask_progress(_node(a)))
        a.timeline = list(a.milestones.all())
    return top


def all_asks_flat(top):
    for a in top:
        yield a
        yield from all_asks_flat(a.children)


def summary_for(top) -> progress.Summary:
    return progress.summarise([_node(a) for a in top])
