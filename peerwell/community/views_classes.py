"""A class: an event with a completion rule. Its roster (who is enrolled, sessions
attended of how many, completed on), enrolling a participant found by the existing
participant search (through the record-opening path), and withdrawing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record, record_many
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page
from peerwell.participants.access import open_record
from peerwell.search.forms import SearchForm

from . import actions_classes as actions
from .models import ClassEnrolment, Event
from .views_attendance import SIGN_IN_ROLES, page_name, search_found

ROSTER_PAGE = 50
# Classes shown on a participant's record, latest first.
SHOWN_ON_RECORD = 5


def _open_class(request, class_id) -> Event:
    course = get_visible_or_404(request, Event.objects.select_related("site"), pk=class_id)
    if not course.is_class:
        record(request=request, action="refused", obj=course, detail={"why": "not a class"})
        raise Http404
    return course


@staff_view(*SIGN_IN_ROLES)
def class_page(request, class_id):
    course = _open_class(request, class_id)
    find, found = SearchForm(), None
    if request.method == "POST" and "enrol" in request.POST:
        # Enrolling changes the participant's record: the caseload rule applies.
        participant = open_record(request, request.POST["enrol"])
        try:
            actions.enrol(by=request.user, event=course, participant=participant)
        except actions.ClassRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("%(name)s is enrolled.") % {"name": participant.display_name}
            )
        return redirect("community_class", class_id=course.pk)
    if request.method == "POST" and "find" in request.POST:
        find = SearchForm(request.POST)
        found = search_found(request, find)
    roster = uncounted_page(
        ClassEnrolment.objects.visible_to(request.user)
        .filter(event=course)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "id"),
        request.GET.get("page"),
        ROSTER_PAGE,
    )
    shown = [e.participant for e in roster.object_list]
    record_many(
        request=request,
        action="view" if shown else "list",
        participants=shown,
        detail={"page": page_name(request), "class": course.pk},
    )
    return render(
        request,
        "community/attendance/class.html",
        {
            "course": course,
            "roster": roster,
            "page": roster,
            "find": find,
            "found": found,
            "enrolled": {e.participant_id for e in roster.object_list},
        },
    )


@staff_view(*SIGN_IN_ROLES)
@require_POST
def class_withdraw(request, class_enrolment_id):
    """Withdraws an enrolment, whatever the caseload (the class's roster is the job)."""
    enrolment = get_visible_or_404(
        request, ClassEnrolment.objects.select_related("participant"), pk=class_enrolment_id
    )
    record(
        request=request,
        action="view",
        obj=enrolment,
        participant=enrolment.participant,
        detail={"page": page_name(request)},
    )
    try:
        actions.withdraw(by=request.user, enrolment=enrolment)
    except actions.ClassRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("%(name)s is withdrawn.") % {"name": enrolment.participant.display_name}
        )
    return redirect("community_class", class_id=enrolment.event_id)


def record_section(user, participant) -> list[ClassEnrolment]:
    """The classes a participant's record shows: each with its count or completion."""
    return list(
        ClassEnrolment.objects.visible_to(user)
        .filter(participant=participant)
        .exclude(status="withdrawn")
        .select_related("event")
        .order_by("-enrolled_on", "-id")[:SHOWN_ON_RECORD]
    )
