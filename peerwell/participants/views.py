from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from peerwell.assessments.views import record_section as assessments_section
from peerwell.audit.actions import record
from peerwell.checkins.views_enrolment import (
    enrol_url,
    participant_details,
    record_section,
    request_to_enroll,
)
from peerwell.community.views_classes import record_section as classes_section
from peerwell.core.access import staff_view
from peerwell.core.templatetags.peerwell import phone_display
from peerwell.core.versions import EditConflict, versions_of
from peerwell.navigation.views_referrals import record_section as referrals_section
from peerwell.plans.models import current_plan

from . import actions
from .access import open_for_emergency_access, open_record, safe_next
from .duplicates import suggest_duplicates
from .forms import EDIT_CONFLICT, AssignForm, EmergencyAccessForm, ParticipantForm, StatusForm
from .models import (
    FamilyLink,
    Language,
    Participant,
    Status,
)
from .timeline import timeline_page
from .worklist import WorkListForm

RECORD_ROLES = ("admin", "supervisor", "peer")
PAGE_SIZE = 25
# The timeline shows the latest entries, and earlier ones a page at a time: rendering
# each entry is most of the page's cost, and the latest are what a peer looks for.
TIMELINE_SIZE = 20
# Deeper pages read every row above them: past this, the record history serves better.
TIMELINE_PAGES = 50
NO_CONTACT_DAYS = 14
VERSIONS_SHOWN = 50
# Only what a list row shows, as plain values: model instances (with their peer) cost
# more to build than the query, and a dict is the template's first, cheapest lookup.
# The phone comes as its stored E.164 text: the field itself would parse every number
# with the phone library just to print it.
LIST_VALUES = {
    "fields": (
        "pk",
        "first_name",
        "last_name",
        "preferred_name",
        "language",
        "status",
        "created_at",
        "last_contact",
        "next_follow_up",
    ),
    "expressions": {
        "peer_full_name": F("assigned_peer__full_name"),
        "phone_e164": Cast("phone", CharField()),
    },
}


def prepare_rows(rows, *, today) -> None:
    """Formats what each list row shows, once, in Python: the flags for the caseload (an
    overdue follow-up; for active people, no contact in 14 days, or none yet since they
    enrolled in the last 14 days), the phone, the dates and the labels. A template lookup
    or filter per cell costs more than the page's queries."""
    languages = {code: str(label) for code, label in Language.choices}
    statuses = {code: str(label) for code, label in Status.choices}
    short_date = get_format("SHORT_DATE_FORMAT")
    never, not_assigned = _("never"), _("Not assigned")
    for p in rows:
        last_contact, next_follow_up = p["last_contact"], p["next_follow_up"]
        p["list_name"] = f"{p['last_name']}, {p['preferred_name'] or p['first_name']}"
        p["phone_text"] = phone_display(p["phone_e164"])
        p["language_label"] = languages.get(p["language"], p["language"])
        p["status_label"] = statuses.get(p["status"], p["status"])
        p["last_contact_text"] = (
            dateformat.format(last_contact, short_date) if last_contact else never
        )
        p["next_follow_up_text"] = (
            dateformat.format(next_follow_up, short_date) if next_follow_up else ""
        )
        p["peer_name"] = p["peer_full_name"] or not_assigned
        p["follow_up_overdue"] = next_follow_up is not None and next_follow_up < today
        active = p["status"] == Status.ACTIVE
        new = (today - timezone.localdate(p["created_at"])).days <= NO_CONTACT_DAYS
        p["no_contact_yet"] = active and new and last_contact is None
        p["no_recent_contact"] = (
            active
            and not new
            and (last_contact is None or (today - last_contact).days > NO_CONTACT_DAYS)
        )


def _list_page(request, queryset, *, title, mine):
    # Discharged people leave "My caseload" unless the filter asks for them.
    filters = WorkListForm(request.GET, default_status="current" if mine else "all")
    choice = filters.choice()
    # Page through ids first (by name, an index-only scan, cheap at any offset), then
    # load just those rows with their peer: deep pages of a 4,000-person list stay fast.
    ordered = queryset.with_status(choice["status"]).in_work_list_order(choice["sort"])
    page = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = {
        row["pk"]: row
        for row in queryset.with_contact_summary()
        .filter(pk__in=ids)
        .values(*LIST_VALUES["fields"], **LIST_VALUES["expressions"])
    }
    participants = [rows[pk] for pk in ids]
    prepare_rows(participants, today=timezone.localdate())
    record(request=request, action="list", detail={"page": page.number, "ids": ids})
    return render(
        request,
        "participants/list.html",
        {
            "page": page,
            "participants": participants,
            "title": title,
            "mine": mine,
            "filters": filters,
            "headers": filters.sort_headers(),
            "query": filters.query(),
            # Built once: reversing a URL per row costs more than the row's query.
            "detail_base": reverse("participant_list"),
        },
    )


@staff_view(*RECORD_ROLES)
def caseload(request):
    return _list_page(
        request,
        Participant.objects.caseload_of(request.user),
        title=_("My caseload"),
        mine=True,
    )


@staff_view(*RECORD_ROLES)
def participant_list(request):
    return _list_page(
        request,
        Participant.objects.visible_to(request.user),
        title=_("All participants"),
        mine=False,
    )


@staff_view(*RECORD_ROLES)
def enroll(request):
    # From a call request ("Enroll this person"): its details filled in, and once enrolled
    # on to their check-in calls.
    call_request = request_to_enroll(request)
    initial = participant_details(call_request) if call_request else {}
    form = ParticipantForm(request.POST or None, user=request.user, initial=initial)
    matches = []
    if request.method == "POST" and form.is_valid():
        # Show possible duplicates first, unless the user has seen them and goes on.
        if not request.POST.get("not_a_duplicate"):
            data = form.cleaned_data
            matches = suggest_duplicates(
                user=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_name=data["preferred_name"],
                date_of_birth=data["date_of_birth"],
                phone=data["phone"],
            )
        if not matches:
            participant = actions.enroll_participant(request=request, form=form)
            messages.success(
                request, _("%(name)s is enrolled.") % {"name": participant.display_name}
            )
            if call_request is not None:
                return redirect(enrol_url(participant, call_request))
            return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "title": _("Enroll a participant"),
            "matches": matches,
            "call_request": call_request,
        },
    )


def _page_number(value) -> int:
    """A page number from the address: anything but a sensible number is the first."""
    try:
        return min(max(1, int(value)), TIMELINE_PAGES)
    except (TypeError, ValueError):
        return 1


@staff_view(*RECORD_ROLES)
def detail(request, participant_id):
    participant = open_record(request, participant_id, Participant.objects.with_peer())
    page = _page_number(request.GET.get("timeline"))
    timeline, earlier = timeline_page(request.user, participant, page=page, size=TIMELINE_SIZE)
    family = (
        FamilyLink.objects.visible_to(request.user)
        .filter(participant=participant)
        .annotate(
            member_first=F("family_member__first_name"), member_last=F("family_member__last_name")
        )
    )
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "timeline": timeline,
            "timeline_page": page,
            "timeline_earlier": earlier,
            "family": family,
            "checkins": record_section(participant=participant),
            "plan": current_plan(request.user, participant),
            "assessments": assessments_section(participant),
            "referrals": referrals_section(request.user, participant),
            "classes": classes_section(request.user, participant),
        },
    )


@staff_view(*RECORD_ROLES)
def edit(request, participant_id):
    participant = open_record(request, participant_id, Participant.objects.with_peer())
    form = ParticipantForm(request.POST or None, instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_participant(
                request=request, form=form, version=form.cleaned_data["version"] or 0
            )
        except EditConflict:
            form.add_error(None, EDIT_CONFLICT)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participant_detail", participant_id=participant.pk)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "title": _("Edit %(name)s") % {"name": participant.display_name},
        },
    )


@staff_view("admin", "supervisor")
def assign(request, participant_id):
    participant = open_record(request, participant_id, Participant.objects.with_peer())
    form = AssignForm(
        request.POST or None,
        user=request.user,
        initial={"assigned_peer": participant.assigned_peer_id},
        current_peer=participant.assigned_peer,
    )
    if request.method == "POST" and form.is_valid():
        actions.assign_participant(
            request=request, participant=participant, peer=form.cleaned_data["assigned_peer"]
        )
        messages.success(
            request,
            _("%(name)s is now assigned to %(peer)s.")
            % {"name": participant.display_name, "peer": participant.assigned_peer.full_name},
        )
        return redirect("participant_detail", participant_id=participant.pk)
    return render(request, "participants/assign.html", {"form": form, "participant": participant})


@staff_view(*RECORD_ROLES, emergency_door=True)
def emergency(request, participant_id):
    participant = open_for_emergency_access(request, participant_id)
    form = EmergencyAccessForm(request.POST or None)
    back = safe_next(request, reverse("participant_detail", args=[participant.pk]))
    if request.method == "POST" and form.is_valid():
        actions.grant_emergency_access(
            request=request, participant=participant, reason=form.cleaned_data["reason"]
        )
        return redirect(back)
    return render(
        request,
        "participants/emergency.html",
        {"form": form, "participant": participant, "next": back},
    )


@staff_view(*RECORD_ROLES)
def change_status(request, participant_id):
    participant = open_record(request, participant_id, Participant.objects.with_peer())
    form = StatusForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_status(
                request=request,
                participant=participant,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except actions.StatusChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Status changed."))
            return redirect("participant_detail", participant_id=participant.pk)
    return render(request, "participants/status.html", {"form": form, "participant": participant})


@staff_view(*RECORD_ROLES)
def history(request, participant_id):
    """Earlier versions of the record: who changed which fields, when, and from what."""
    participant = open_record(request, participant_id, Participant.objects.with_peer())
    versions = versions_of(participant, request.user, VERSIONS_SHOWN)
    return render(
        request, "participants/history.html", {"participant": participant, "versions": versions}
    )
