"""Providers propose changes to their listings; moderators review them (and problem reports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from search.directory import moderation
from search.directory.forms import ProposalForm, ReviewForm
from search.models import ChangeProposal, ProblemReport, Service


@login_required
def propose_change(request, slug):
    service = get_object_or_404(Service.objects.select_related("organization"), slug=slug)
    if not moderation.can_propose(request.user, service):
        raise PermissionDenied("Only people at the organisation that runs this service can propose changes.")
    form = ProposalForm(request.POST or None, instance=Service.objects.get(pk=service.pk))
    if request.method == "POST" and form.is_valid():
        proposed = {name: form.cleaned_data[name] for name in moderation.PROPOSABLE_FIELDS}
        proposal = moderation.propose(service, request.user, proposed, form.cleaned_data.get("note", ""))
        if proposal is None:
            messages.info(request, "Nothing has changed, so there is nothing to review.")
        else:
            messages.success(request, "Thank you. A moderator will review your changes.")
        return redirect(service.get_absolute_url())
    return render(request, "search/directory/propose.html", {"service": service, "form": form})


@login_required
def moderation_queue(request):
    if not moderation.is_moderator(request.user):
        raise PermissionDenied
    proposals = (ChangeProposal.objects.filter(status=ChangeProposal.Status.PENDING)
                 .select_related("service", "proposed_by").order_by("created_at"))
    rows = []
    for p in proposals:
        rows.append({"proposal": p, "diff": [(name, getattr(p.service, name), value)
                                             for name, value in sorted(p.changes.items())]})
    reports = ProblemReport.objects.filter(status=ProblemReport.Status.NEW).select_related("service")
    return render(request, "search/directory/moderation.html", {"rows": rows, "reports": reports})


@login_required
@require_POST
def review_proposal(request, proposal_id):
    if not moderation.is_moderator(request.user):
        raise PermissionDenied
    proposal = get_object_or_404(ChangeProposal.objects.select_related("service"), pk=proposal_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return redirect("directory:moderation")
    try:
        if form.cleaned_data["decision"] == "approve":
            moderation.approve(proposal, request.user, form.cleaned_data["note"])
            messages.success(request, f"Approved the change to {proposal.service.name}.")
        else:
            moderation.reject(proposal, request.user, form.cleaned_data["note"])
            messages.success(request, f"Rejected the change to {proposal.service.name}.")
    except moderation.NotAllowed as exc:
        messages.error(request, str(exc))
    except Exception as exc:  # a proposal that no longer validates (e.g. a bad value)

        if not isinstance(exc, ValidationError):
            raise
        messages.error(request, "That change is not valid any more: " + "; ".join(exc.messages))
    return redirect("directory:moderation")
