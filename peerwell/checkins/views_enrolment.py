"""Enrolment in check-in calls: part of the person's record (the caseload rule and the
audit apply through the record-opening path), plus the new call requests and the rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from peerwell.audit.actions import record
from peerwell.core.access import get_visible_or_404, staff_view
from peerwell.core.paging import uncounted_page
from peerwell.core.versions import EditConflict
from peerwell.participants.access import open_family_member, open_record
from peerwell.participants.forms import EDIT_CONFLICT

from . import enrolment as actions
from .forms_enrolment import (
    DAY_LABELS,
    US_TIME_ZONES,
    CloseRequestForm,
    EnrolmentForm,
    PauseForm,
    ReasonForm,
    RulesForm,
)
from .models import (
    CallRequest,
    Channel,
    Enrolment,
    EnrolmentChange,
    EnrolmentStatus,
    rules_for,
)

RECORD_ROLES = ("admin", "supervisor", "peer")
# The history's words, in a context of their own ("Enrolled" elsewhere is a date).
CHANGE_LABELS = {
    EnrolmentChange.Action.ENROLLED: pgettext_lazy("check-in history", "Enrolled"),
    EnrolmentChange.Action.CHANGED: pgettext_lazy("check-in history", "Changed"),
    EnrolmentChange.Action.PAUSED: pgettext_lazy("check-in history", "Paused"),
    EnrolmentChange.Action.RESUMED: pgettext_lazy("check-in history", "Resumed"),
    EnrolmentChange.Action.ENDED: pgettext_lazy("check-in history", "Ended"),
}
HISTORY_SHOWN = 20
REQUESTS_PER_PAGE = 25


def record_section(*, participant=None, family_member=None) -> dict:
    """What the record shows of check-ins: the latest enrolment and its latest changes,
    in two queries whatever the history holds."""
    if participant is not None:
        person = {"participant": participant}
        enrol_url = reverse("checkins_enrol", args=[participant.pk])
    else:
        person = {"family_member": family_member}
        enrol_url = reverse("checkins_enrol_family", args=[family_member.pk])
    latest = Enrolment.objects.filter(**person).order_by("-created_at", "-id").first()
    changes, days = [], []
    if latest is not None:
        changes = history(latest)
        days = [str(label) for day, label in DAY_LABELS if getattr(latest, day)]
    return {
        "enrolment": latest,
        "current": latest if latest and latest.status != EnrolmentStatus.ENDED else None,
        "changes": changes,
        "days": days,
        "time_zone": dict(US_TIME_ZONES).get(latest.time_zone, latest.time_zone) if latest else "",
        "enrol_url": enrol_url,
    }


def history(enrolment) -> list:
    """The latest changes of an enrolment, newest first, each with who made it."""
    changes = list(
        EnrolmentChange.objects.filter(enrolment=enrolment)
        .select_related("by")
        .order_by("-at", "-id")[:HISTORY_SHOWN]
    )
    for change in changes:
        change.label = CHANGE_LABELS.get(change.action, change.action)
    return changes


def _back(participant=None, family_member=None) -> str:
    if participant is not None:
        return reverse("participant_detail", args=[participant.pk])
    return reverse("family_member", args=[family_member.pk])


def _open_enrolment(request, enrolment_id):
    """The enrolment, its person's record opened (caseload rule, audit), and the page
    of the person to go back to."""
    enrolment = get_visible_or_404(request, Enrolment.objects.all(), pk=enrolment_id)
    if enrolment.participant_id:
        participant = open_record(request, enrolment.participant_id)
        return enrolment, participant, _back(participant=participant)
    member, _links = open_family_member(request, enrolment.family_member_id)
    return enrolment, member, _back(family_member=member)


def _may_text(person) -> bool:
    # Family members have no texting consent on their record yet: calls only.
    return bool(getattr(person, "may_text", False))


def request_to_enroll(request):
    """The new call request a page answers (?from_request=<id>), or None."""
    number = request.GET.get("from_request", "")
    if not number.isdigit():
        return None
    return CallRequest.objects.visible_to(request.user).new().filter(pk=int(number)).first()


def participant_details(call_request) -> dict:
    """What the participant enrollment form takes from a call request."""
    return {
        "first_name": call_request.first_name,
        "phone": call_request.phone,
        "language": call_request.language,
        "may_text": call_request.may_text,
    }


def enrol_url(participant, call_request) -> str:
    """The check-in enrolment of `participant`, answering `call_request`."""
    url = reverse("checkins_enrol", args=[participant.pk])
    return f"{url}?{urlencode({'from_request': call_request.pk})}"


def _enrol_page(request, *, participant=None, family_member=None):
    person = participant or family_member
    back = _back(participant, family_member)
    existing = actions.current_enrolment(participant=participant, family_member=family_member)
    call_request = request_to_enroll(request)
    initial = {"language": getattr(person, "language", "en")}
    if call_request is not None:
        initial["language"] = call_request.language
        if call_request.may_text and _may_text(person):
            initial["channel"] = Channel.TEXT
    form = EnrolmentForm(
        request.POST or None, initial=initial, may_text=_may_text(person), phone=person.phone
    )
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            actions.enrol(
                by=request.user,
                participant=participant,
                family_member=family_member,
                from_request=call_request,
                origin=request,
                **form.values(),
            )
        except actions.AlreadyEnrolled:
            existing = actions.current_enrolment(
                participant=participant, family_member=family_member
            )
        else:
            messages.success(request, _("Check-in calls are set up."))
            return redirect(back)
    return render(
        request,
        "checkins/enrolment_form.html",
        {
            "form": form,
            "person": person,
            "existing": existing,
            "call_request": call_request,
            "back": back,
        },
    )


@staff_view(*RECORD_ROLES)
def enrol_participant(request, participant_id):
    participant = open_record(request, participant_id)
    return _enrol_page(request, participant=participant)


@staff_view(*RECORD_ROLES)
def enrol_family_member(request, family_member_id):
    member, _links = open_family_member(request, family_member_id)
    return _enrol_page(request, family_member=member)


def _edit_page(request, enrolment, person, back, *, form=None, pause_form=None):
    form = form or EnrolmentForm(instance=enrolment, may_text=_may_text(person), phone=person.phone)
    context = {
        "form": form,
        # Prefixed: three forms on one page, each field with its own id.
        "pause_form": pause_form or PauseForm(prefix="pause"),
        "resume_form": ReasonForm(prefix="resume"),
        "end_form": ReasonForm(prefix="end"),
        "enrolment": enrolment,
        "person": person,
        "back": back,
        "changes": history(enrolment),
    }
    return render(request, "checkins/enrolment_edit.html", context)


@staff_view(*RECORD_ROLES)
def edit_enrolment(request, enrolment_id):
    enrolment, person, back = _open_enrolment(request, enrolment_id)
    if request.method != "POST":
        return _edit_page(request, enrolment, person, back)
    form = EnrolmentForm(
        request.POST, instance=enrolment, may_text=_may_text(person), phone=person.phone
    )
    if form.is_valid():
        try:
            actions.change_enrolment(
                by=request.user,
                enrolment=enrolment,
                version=form.cleaned_data["version"] or 0,
                origin=request,
                **form.values(),
            )
        except EditConflict:
            form.add_error(None, EDIT_CONFLICT)
        except actions.ChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(back)
    return _edit_page(request, enrolment, person, back, form=form)


@staff_view(*RECORD_ROLES)
@require_POST
def pause_enrolment(request, enrolment_id):
    enrolment, person, back = _open_enrolment(request, enrolment_id)
    form = PauseForm(request.POST, prefix="pause")
    if not form.is_valid():
        return _edit_page(request, enrolment, person, back, pause_form=form)
    try:
        actions.pause(
            by=request.user,
            enrolment=enrolment,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            origin=request,
        )
    except actions.ChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Check-in calls are paused."))
    return redirect(back)


def _status_action(request, enrolment_id, action, done: str, *, prefix: str):
    enrolment, _person, back = _open_enrolment(request, enrolment_id)
    form = ReasonForm(request.POST, prefix=prefix)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        action(by=request.user, enrolment=enrolment, reason=reason, origin=request)
    except actions.ChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect(back)


@staff_view(*RECORD_ROLES)
@require_POST
def resume_enrolment(request, enrolment_id):
    return _status_action(
        request, enrolment_id, actions.resume, _("Check-in calls resume."), prefix="resume"
    )


@staff_view(*RECORD_ROLES)
@require_POST
def end_enrolment(request, enrolment_id):
    return _status_action(
        request, enrolment_id, actions.end, _("Check-in calls have ended."), prefix="end"
    )


# Only what a row of the list shows.
REQUEST_FIELDS = ("id", "first_name", "phone", "best_times", "language", "may_text", "received_at")


@staff_view(*RECORD_ROLES)
def call_requests(request):
    """New requests for a call, oldest first: the people waiting longest come first."""
    waiting = (
        CallRequest.objects.visible_to(request.user)
        .new()
        .order_by("received_at", "id")
        .only(*REQUEST_FIELDS)
    )
    page = uncounted_page(waiting, request.GET.get("page"), REQUESTS_PER_PAGE)
    record(
        request=request,
        action="list",
        detail={"call_requests": [r.pk for r in page.object_list], "page": page.number},
    )
    return render(request, "checkins/requests.html", {"page": page})


def _open_request(request, request_id) -> CallRequest:
    call_request = get_visible_or_404(request, CallRequest.objects.all(), pk=request_id)
    record(request=request, action="view", obj=call_request)
    return call_request


def _request_page(request, call_request, *, form=None, status=200):
    enroll_url = reverse("participant_enroll") + "?" + urlencode({"from_request": call_request.pk})
    return render(
        request,
        "checkins/request_detail.html",
        {
            "call_request": call_request,
            "form": form or CloseRequestForm(),
            "enroll_url": enroll_url,
        },
        status=status,
    )


@staff_view(*RECORD_ROLES)
def call_request_detail(request, request_id):
    return _request_page(request, _open_request(request, request_id))


@staff_view(*RECORD_ROLES)
@require_POST
def close_call_request(request, request_id):
    call_request = _open_request(request, request_id)
    form = CloseRequestForm(request.POST)
    if not form.is_valid():
        return _request_page(request, call_request, form=form)
    try:
        actions.close_request(
            by=request.user,
            call_request=call_request,
            reason=form.cleaned_data["reason"],
            origin=request,
        )
    except actions.ChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The request is closed."))
    return redirect("checkins_requests")


@staff_view("admin")
def rules(request):
    """The organization's rules for check-in calls."""
    form = RulesForm(request.POST or None, instance=rules_for(request.user.organization_id))
    if request.method == "POST" and form.is_valid():
        actions.save_rules(
            by=request.user,
            organization_id=request.user.organization_id,
            origin=request,
            **form.values(),
        )
        messages.success(request, _("The check-in rules are saved."))
        return redirect("checkins_rules")
    return render(request, "checkins/rules.html", {"form": form})
