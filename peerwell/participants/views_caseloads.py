"""Supervisors see each peer's load and move participants between caseloads."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwell.audit.actions import record
from peerwell.core.access import staff_view
from peerwell.orgs.models import User

from . import actions
from .forms import RebalanceForm
from .models import Participant, Status


def _loads(user):
    """Each assignable peer with their number of active participants, and how many
    active participants have no one: one grouped count over the organization's
    participants, and the peers' names, rather than a join per peer and a second count."""
    counts = dict(
        Participant.objects.visible_to(user)
        .filter(status=Status.ACTIVE)
        .order_by()
        .values_list("assigned_peer")
        .annotate(n=Count("pk"))
    )
    peers = list(User.objects.assignable_by(user).only("full_name"))
    for peer in peers:
        peer.load = counts.get(peer.pk, 0)
        peer.move_label = _("Move people from %(name)s") % {"name": peer.full_name}
    return peers, counts.get(None, 0)


@staff_view("admin", "supervisor")
def caseloads(request):
    peers, unassigned = _loads(request.user)
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
