"""Opening a participant's record: the one path for every page that shows or changes
any part of it (the record, its contacts, consents, disclosures, follow-ups, family).

The path applies the caseload rule (a peer outside the caseload is sent to emergency
access first) and writes the audit row naming the participant, so a page can forget
neither: a view gets the participant only from here, and a refusal is a `Detour` that
`staff_view` turns into a redirect, never a value the view could ignore."""

import time
from datetime import UTC, datetime

from django.http import Http404
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from peerwell.audit.actions import record, record_many
from peerwell.audit.models import AuditEntry
from peerwell.core.access import Detour, get_visible_or_404
from peerwell.core.tenancy import RecordQuerySet

from .models import FamilyLink, FamilyMember, Participant

# How long an emergency ("break the glass") access to a record lasts, and where the
# session keeps the grants: {participant id: end as a Unix time}.
EMERGENCY_ACCESS_SECONDS = 60 * 60
EMERGENCY_SESSION_KEY = "peerwell_emergency"


def _grant_end(request, participant: Participant) -> float | None:
    """When the user's emergency access to this record ends (a Unix time), if that is
    what lets them open it now: None for their own caseload, supervisors and admins."""
    user = request.user
    if user.role in {"admin", "supervisor"} or participant.assigned_peer_id == user.pk:
        return None
    end = request.session.get(EMERGENCY_SESSION_KEY, {}).get(str(participant.pk), 0)
    return end if end > time.time() else None


def can_open_record(request, participant: Participant) -> bool:
    """Supervisors and admins open any record of their organization; a peer opens their
    own caseload, or another record for an hour after giving a reason (emergency access)."""
    user = request.user
    if user.role in {"admin", "supervisor"} or participant.assigned_peer_id == user.pk:
        return True
    return _grant_end(request, participant) is not None


def _note_emergency_access(request, participants) -> None:
    """For the banner every page of the record shows while emergency access is what
    opens it: whose record, the reason the user gave, and when access ends."""
    ends = {p.pk: end for p in participants if (end := _grant_end(request, p)) is not None}
    if not ends:
        return
    reasons = AuditEntry.objects.emergency_reasons(request.user, list(ends))
    request.peerwell_emergency_access = [
        {
            "participant": p,
            "reason": reasons.get(p.pk, ""),
            "until": datetime.fromtimestamp(ends[p.pk], tz=UTC),
        }
        for p in participants
        if p.pk in ends
    ]


def _page(request) -> str:
    match = getattr(request, "resolver_match", None) or resolve(request.path_info)
    return match.url_name or ""


def emergency_url(request, participant_id) -> str:
    """The emergency-access page, coming back to the page asked for once access is given."""
    url = reverse("participant_emergency", kwargs={"participant_id": participant_id})
    back = request.get_full_path() if request.method == "GET" else ""
    if back in {"", reverse("participant_detail", kwargs={"participant_id": participant_id})}:
        return url
    return f"{url}?{urlencode({'next': back})}"


def safe_next(request, default: str) -> str:
    """Where to go after emergency access: a path on this site, never another one."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _refuse(request, participant, *, obj=None):
    """Audits the refusal and sends the peer to emergency access for `participant`."""
    record(
        request=request,
        action="refused",
        obj=obj or participant,
        participant=participant,
        detail={"page": _page(request), "why": "caseload"},
    )
    raise Detour(emergency_url(request, participant.pk))


def _follow_merge(request, participant_id) -> None:
    """A record merged into another one: its every address leads to the same page of the
    kept record (a Detour), which is then opened like any other, caseload rule and audit
    included. Only within the user's organization; anything else stays a 404."""
    user = request.user
    # The organization's records, merged ones included (`visible_to` leaves them out).
    records = RecordQuerySet.visible_to(Participant.objects.all(), user)
    try:
        kept = records.filter(pk=participant_id).values_list("merged_into", flat=True).first()
    except (ValueError, TypeError):
        return
    match = getattr(request, "resolver_match", None)
    # Only the record the address names: a merge page given a merged number says so.
    if kept is None or match is None or match.kwargs.get("participant_id") != participant_id:
        return
    url = reverse(match.view_name, kwargs={**match.kwargs, "participant_id": kept})
    query = request.META.get("QUERY_STRING", "")
    raise Detour(f"{url}?{query}" if query else url)


def open_record(request, participant_id, queryset=None) -> Participant:
    """The participant whose record this page shows or changes, with the opening audited.

    Another organization's id (or a role that keeps no records) is a 404; a peer outside
    the caseload without emergency access is sent to ask for it (Detour)."""
    queryset = Participant.objects.all() if queryset is None else queryset
    try:
        participant = get_visible_or_404(request, queryset, pk=participant_id)
    except Http404:
        _follow_merge(request, participant_id)
        raise
    if not can_open_record(request, participant):
        _refuse(request, participant)
    record(request=request, action="view", obj=participant, detail={"page": _page(request)})
    _note_emergency_access(request, [participant])
    return participant


def open_for_task(request, task) -> Participant:
    """The participant of a task (a follow-up) the user acts on. The person the task is
    assigned to may act on it whatever the caseload (the peer who promised the call
    keeps the promise after a reassignment); anyone else goes through `open_record`."""
    if task.assigned_to_id != request.user.pk:
        return open_record(request, task.participant_id)
    participant = get_visible_or_404(request, Participant.objects.all(), pk=task.participant_id)
    record(
        request=request,
        action="view",
        obj=participant,
        detail={"page": _page(request), "task": task._meta.label_lower},
    )
    return participant


def open_for_own_tasks(request, tasks) -> None:
    """A list of the user's own tasks (follow-ups), each with its participant loaded,
    showing part of each record (name, phone, safe call times). The person a task is
    assigned to may see that whatever the caseload, as for `open_for_task`; the audit
    names every participant shown, in one query."""
    if any(task.assigned_to_id != request.user.pk for task in tasks):
        raise ValueError("open_for_own_tasks lists only the user's own tasks")
    participants = list({task.participant_id: task.participant for task in tasks}.values())
    record_many(
        request=request,
        # An empty list shows no record: one "list" row, as other lists write.
        action="view" if participants else "list",
        participants=participants,
        detail={
            "page": _page(request),
            "tasks": [task.pk for task in tasks],
        },
    )


def open_for_emergency_access(request, participant_id) -> Participant:
    """The emergency-access page shows the participant's name before access is given:
    the caseload rule cannot apply there, the audit row still does."""
    participant = get_visible_or_404(request, Participant.objects.all(), pk=participant_id)
    record(request=request, action="view", obj=participant, detail={"page": _page(request)})
    _note_emergency_access(request, [participant])
    return participant


def open_family_member(request, family_member_id) -> tuple[FamilyMember, list[FamilyLink]]:
    """A family member, and their links to the participants whose records the user may
    open (each link's participant loaded).

    A family member is part of the record of each participant they are linked to, so a
    page shows only what goes with the records the user may open (the member's own
    details, and the links and services of those participants), and the audit names each
    of them. A peer who may open none of them is sent to emergency access for the first."""
    member = get_visible_or_404(request, FamilyMember.objects.all(), pk=family_member_id)
    links = list(
        FamilyLink.objects.visible_to(request.user)
        .filter(family_member=member, participant__merged_into__isnull=True)
        .select_related("participant")
        .order_by("participant_id")
    )
    openable = [link for link in links if can_open_record(request, link.participant)]
    if not openable and request.user.role not in {"admin", "supervisor"}:
        if links:
            _refuse(request, links[0].participant, obj=member)
        # Linked to nobody any more: only supervisors and admins keep seeing them.
        record(request=request, action="refused", obj=member, detail={"page": _page(request)})
        raise Http404
    record_many(
        request=request,
        action="view",
        obj=member,
        participants=[link.participant for link in openable],
        detail={"page": _page(request)},
    )
    _note_emergency_access(request, [link.participant for link in openable])
    return member, openable
