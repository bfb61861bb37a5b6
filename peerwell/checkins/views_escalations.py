"""The supervisors' pages of Telephone Recovery Support: open escalations, one escalation
(which its owner marks followed up), and the program's figures."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record_many
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page
from peerwell.participants.access import open_family_member, open_for_task

from . import figures as program_figures
from .forms_escalations import FollowedUpForm
from .models import Escalation
from .supervision import ALREADY_CLOSED, AlreadyClosed, close_escalation, open_escalations

SUPERVISORS = ("admin", "supervisor")
PAGE_SIZE = 25


@staff_view(*SUPERVISORS)
def escalations(request):
    """Open escalations, nearest deadline first; those past it say "Overdue"."""
    page = uncounted_page(open_escalations(request.user), request.GET.get("page"), PAGE_SIZE)
    now = timezone.now()
    for row in page.object_list:
        row.overdue = row.respond_by < now
    shown = {row.participant_id: row.participant for row in page.object_list if row.participant}
    participants = list(shown.values())
    record_many(
        request=request,
        action="view" if participants else "list",
        participants=participants,
        detail={
            "page": "checkins_escalations",
            "escalations": [row.pk for row in page.object_list],
        },
    )
    return render(request, "checkins/escalations.html", {"page": page, "now": now, "query": ""})


@dataclass
class _Task:
    """An escalation seen as its owner's task, for the record-opening path."""

    pk: int
    assigned_to_id: int
    participant_id: int

    class _meta:  # noqa: N801 - what open_for_task reads to name the task
        label_lower = "checkins.escalation"


def _open_person(request, escalation):
    """The person the escalation is about, through the record-opening path: its owner acts
    on it whatever the caseload (as on a follow-up); anyone else by the caseload rule."""
    if escalation.participant_id:
        task = _Task(escalation.pk, escalation.owner_id, escalation.participant_id)
        return open_for_task(request, task)
    member, _links = open_family_member(request, escalation.family_member_id)
    return member


@staff_view(*SUPERVISORS, "peer")
def escalation(request, escalation_id):
    found = get_visible_or_404(
        request,
        Escalation.objects.select_related("owner", "raised_by", "closed_by", "call", "follow_up"),
        pk=escalation_id,
    )
    person = _open_person(request, found)
    form = FollowedUpForm(request.POST or None)
    if found.closed_at is None and request.method == "POST" and form.is_valid():
        try:
            outcome = form.cleaned_data["outcome"]
            close_escalation(by=request.user, escalation=found, outcome=outcome)
        except AlreadyClosed:
            messages.error(request, ALREADY_CLOSED)
        else:
            messages.success(request, _("Marked followed up. Its follow-up task is done too."))
        return redirect("checkins_escalation", escalation_id=found.pk)
    context = {
        "escalation": found,
        "person": person,
        "form": form,
        "overdue": found.closed_at is None and found.respond_by < timezone.now(),
    }
    return render(request, "checkins/escalation.html", context)


@staff_view(*SUPERVISORS)
def figures(request):
    """Reach, calls, volunteer hours and escalations, per week and per caller."""
    return render(request, "checkins/figures.html", program_figures.figures_for(request.user))
