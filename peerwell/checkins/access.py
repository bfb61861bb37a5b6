"""Opening a check-in call: the part of a person's record a caller needs, beside the
record-opening path of participants/access.py.

Any caller of the organization (volunteer, peer, supervisor, admin) may open a call that
waits in the queue or that they hold, whatever the caseload (taking a call is the job);
anything else is a 404 with the refusal audited. Every opening writes the audit row
naming the participant, as the record's own pages do."""

from django.http import Http404
from django.urls import resolve

from peerwell.audit.actions import record, record_many
from peerwell.core.access import get_visible_or_404

from .calls import CLAIMABLE, record_of
from .models import CheckInCall

CALLER_ROLES = ("admin", "supervisor", "peer", "volunteer")
# Only what the call page shows: whole rows would decrypt the record's notes.
CALL_FIELDS = (
    *(f.name for f in CheckInCall._meta.concrete_fields),
    "enrolment__organization",
    "enrolment__window_start",
    "enrolment__window_end",
    "enrolment__time_zone",
    "enrolment__language",
    "enrolment__caller_preference",
    "enrolment__safety_notes",
    "enrolment__starts_on",
    "enrolment__status",
    "participant__organization",
    "participant__first_name",
    "participant__preferred_name",
    "participant__phone",
    "participant__assigned_peer",
    "family_member__organization",
    "family_member__first_name",
    "family_member__phone",
)


def _page(request) -> str:
    match = getattr(request, "resolver_match", None) or resolve(request.path_info)
    return match.url_name or ""


def may_open(user, call: CheckInCall) -> bool:
    waiting = call.status in CLAIMABLE and call.claimed_by_id is None
    return waiting or call.claimed_by_id == user.pk


def open_call(request, call_id) -> CheckInCall:
    """The call, with what its page shows loaded, and its opening audited. A call taken
    by someone else, or finished by someone else, is a 404 (audited "refused")."""
    queryset = CheckInCall.objects.select_related("enrolment", "participant", "family_member")
    call = get_visible_or_404(request, queryset.only(*CALL_FIELDS), pk=call_id)
    person = record_of(call)
    if not may_open(request.user, call):
        record(
            request=request,
            action="refused",
            obj=call,
            participant=person,
            detail={"page": _page(request), "why": "not their call"},
        )
        raise Http404
    record(
        request=request,
        action="view",
        obj=call,
        participant=person,
        detail={"page": _page(request)},
    )
    return call


def open_call_list(request, calls) -> None:
    """The queue shows a first name from each call's record: the audit names every
    participant shown, in one query (family members' calls name none: the list shows
    nothing of the record they are linked to)."""
    participants = list(
        {c.participant_id: c.participant for c in calls if c.participant_id}.values()
    )
    record_many(
        request=request,
        action="view" if participants else "list",
        participants=participants,
        detail={"page": _page(request), "calls": [c.pk for c in calls]},
    )
