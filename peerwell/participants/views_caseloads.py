"""Supervisors see each peer's load and move participants between caseloads."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from peerwell.audit.actions import record
from peerwell.core.access import staff_view
from peerwell.orgs.models import User

from . import actions
from .forms import RebalanceForm
from .models import Participant, Status

ACTIVE_LOAD = Count(
    "caseload",
    filter=Q(caseload__status=Status.ACTIVE, caseload__merged_into__isnull=True),
)


@staff_view("admin", "supervisor")
def caseloads(request):
    peers = list(User.objects.assignable_by(request.user).annotate(load=ACTIVE_LOAD))
    unassigned = (
        Participant.objects.visible_to(request.user)
        .filter(assigned_peer__isnull=True, status=Status.ACTIVE)
        .count()
    )
    source = next((p for p in peers if str(p.pk) == request.GET.get("from")), None)
    form = RebalanceForm(
        request.POST or None,
        participants=(
            Participant.objects.caseload_of(request.user).none()
            if source is None
            else Participant.objects.visible_to(request.user).filter(assigned_peer=source)
        ),
        peers=User.objects.assignable_by(request.user),
        source=source,
        select_all=request.GET.get("all") == "1",
    )
    if request.method == "POST" and source is not None and form.is_valid():
        target = form.cleaned_data["to_peer"]
        with transaction.atomic():
            for participant in form.cleaned_data["participants"]:
                actions.assign_participant(request=request, participant=participant, peer=target)
        moved = len(form.cleaned_data["participants"])
        messages.success(
            request,
            ngettext(
                "%(n)s participant moved to %(peer)s.",
                "%(n)s participants moved to %(peer)s.",
                moved,
            )
            % {"n": moved, "peer": target.full_name},
        )
        return redirect(f"{request.path}?from={source.pk}")
    if source is not None:
        record(request=request, action="list", detail={"caseload_of": source.pk})
    return render(
        request,
        "participants/caseloads.html",
        {"peers": peers, "unassigned": unassigned, "source": source, "form": form},
    )
