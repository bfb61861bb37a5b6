"""Writes to participants: each one saves and audits in one transaction."""

import time

from django.db import transaction

from peerwell.audit.actions import record

from .models import Participant

# How long an emergency ("break the glass") access to a record lasts.
EMERGENCY_ACCESS_SECONDS = 60 * 60
EMERGENCY_SESSION_KEY = "peerwell_emergency"


@transaction.atomic
def enroll_participant(*, request, form) -> Participant:
    """The participant appears in the organization's list and, if assigned, a caseload."""
    participant = form.save(commit=False)
    participant.organization = request.user.organization
    participant.created_by = request.user
    participant.save()
    record(request=request, action="create", obj=participant, fields=form.changed_data)
    return participant


@transaction.atomic
def update_participant(*, request, form) -> Participant:
    participant = form.save()
    if form.changed_data:
        record(request=request, action="update", obj=participant, fields=form.changed_data)
    return participant


@transaction.atomic
def assign_participant(*, request, participant: Participant, peer) -> Participant:
    """The participant moves to the peer's caseload."""
    participant.assigned_peer = peer
    participant.save(update_fields=["assigned_peer", "updated_at"])
    record(request=request, action="update", obj=participant, fields=["assigned_peer"])
    return participant


def can_open_record(request, participant: Participant) -> bool:
    """Supervisors and admins open any record of their organization; a peer opens their
    own caseload, or another record after giving a reason (emergency access)."""
    user = request.user
    if user.role in {"admin", "supervisor"} or participant.assigned_peer_id == user.pk:
        return True
    grants = request.session.get(EMERGENCY_SESSION_KEY, {})
    return grants.get(str(participant.pk), 0) > time.time()


def grant_emergency_access(*, request, participant: Participant, reason: str) -> None:
    """Opens the record for an hour and records who, when, and why."""
    record(request=request, action="emergency", obj=participant, reason=reason)
    grants = request.session.get(EMERGENCY_SESSION_KEY, {})
    now = time.time()
    grants = {k: v for k, v in grants.items() if v > now}
    grants[str(participant.pk)] = now + EMERGENCY_ACCESS_SECONDS
    request.session[EMERGENCY_SESSION_KEY] = grants
