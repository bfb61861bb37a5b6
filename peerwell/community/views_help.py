"""Instrumental help: the log with this month's totals per kind, and logging help given,
as an anonymous count or for a participant found through the participant search."""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.core.access import staff_view
from peerwell.core.paging import uncounted_page
from peerwell.participants.access import open_record
from peerwell.search.queries import parse_term, search_participants

from . import actions_help as actions
from .forms_people import FindParticipantForm, HelpForm
from .models import HelpKind, InstrumentalHelp, Site

HELP_ROLES = ("admin", "supervisor", "peer", "volunteer")
PAGE_SIZE = 25


def _month_totals(user) -> list[tuple[str, int]]:
    """How many of each kind this month, summed in SQL; every kind listed, 0 included."""
    month_start = timezone.localdate().replace(day=1)
    sums = dict(
        InstrumentalHelp.objects.visible_to(user)
        .filter(given_on__gte=month_start)
        .values("kind")
        .annotate(total=Sum("quantity"))
        .order_by()
        .values_list("kind", "total")
    )
    return [(label, sums.get(kind, 0)) for kind, label in HelpKind.choices]


@staff_view(*HELP_ROLES)
def community_help(request):
    rows = InstrumentalHelp.objects.visible_to(request.user).select_related("site", "logged_by")
    # Never the participant's name here: the list is not a way into anyone's record.
    page = uncounted_page(rows, request.GET.get("page"), PAGE_SIZE)
    context = {"page": page, "totals": _month_totals(request.user)}
    return render(request, "community/people/help.html", context)


def _chosen_participant(request):
    """The participant `?participant=` names, opened through the record path (caseload
    rule and audit row); None for an anonymous count or a volunteer."""
    chosen = request.GET.get("participant", "")
    if request.user.role not in actions.RECORD_ROLES or not chosen.isdigit():
        return None
    return open_record(request, int(chosen))


def _find(request, find_form) -> list:
    """Participants matching the name typed (the existing search), the ids audited."""
    found = search_participants(user=request.user, term=parse_term(find_form.cleaned_data["name"]))
    record(
        request=request,
        action="list",
        detail={"search": "community_help_new", "ids": [p.pk for p in found]},
    )
    return found


@staff_view(*HELP_ROLES)
def community_help_new(request):
    participant = _chosen_participant(request)
    may_name = request.user.role in actions.RECORD_ROLES
    sites = Site.objects.visible_to(request.user).order_by("name", "id")
    finding = request.method == "POST" and "find" in request.POST and may_name
    data = request.POST if request.method == "POST" and not finding else None
    form = HelpForm(data, sites=sites, initial={"given_on": timezone.localdate()})
    find_form = FindParticipantForm(request.POST if finding else None)
    found = _find(request, find_form) if finding and find_form.is_valid() else None
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            actions.log_help(by=request.user, participant=participant, **values)
        except actions.HelpRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Help logged."))
            return redirect("community_help")
    context = {
        "form": form,
        "find_form": find_form,
        "found": found,
        "participant": participant,
        "may_name": may_name,
        "here": reverse("community_help_new"),
    }
    return render(request, "community/people/help_form.html", context)
