"""Writes to participants: each one saves and audits in one transaction."""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record, record_many
from peerwell.core.versions import claim_version, keep_version

from .access import EMERGENCY_ACCESS_SECONDS, EMERGENCY_SESSION_KEY
from .models import (
    NEXT_STATUSES,
    Assignment,
    FamilyMember,
    Participant,
    StageChange,
    Status,
    StatusChange,
)
from .models_duplicates import PossibleDuplicate
from .pairs import keep_pairs_of

# What the stored possible duplicates compare (`duplicates.same_person`).
MATCHED_FIELDS = {"first_name", "last_name", "preferred_name", "date_of_birth", "phone"}


class StatusChangeRefused(Exception):
    """The change is not in the table of allowed transitions; the message says why."""


def _history(*, request, participant, changed) -> None:
    """Stage and assignment changes go on the timeline as they happen."""
    if "stage" in changed:
        StageChange.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            stage=participant.stage,
            changed_by=request.user,
        )
    if "assigned_peer" in changed:
        Assignment.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            peer=participant.assigned_peer,
            assigned_by=request.user,
        )


@transaction.atomic
def enroll_participant(*, request, form) -> Participant:
    """The participant appears in the organization's list and, if assigned, a caseload."""
    participant = form.save(commit=False)
    participant.organization = request.user.organization
    participant.created_by = request.user
    if participant.services_consent_name:
        participant.services_consent_witness = request.user
    participant.save()
    # At enrollment every value is new, including the peer pre-filled for a peer.
    filled = [name for name in ("stage", "assigned_peer") if getattr(participant, name)]
    _history(request=request, participant=participant, changed=filled)
    record(request=request, action="create", obj=participant, fields=form.changed_data)
    keep_pairs_of(participant)
    return participant


@transaction.atomic
def update_participant(*, request, form, version: int) -> Participant:
    """Saves the edit unless the record changed since the form was opened: then the
    second save is refused (EditConflict) and the user keeps their input."""
    changed = [f for f in form.changed_data if f != "version"]
    previous = claim_version(form.instance, version, changed)
    participant = form.save(commit=False)
    signing = {"services_consent_name", "services_consent_drawing"} & set(changed)
    if signing and participant.services_consent_name:
        participant.services_consent_witness = request.user
    participant.save()
    keep_version(participant, version=version, user=request.user, fields=changed, previous=previous)
    if changed:
        _history(request=request, participant=participant, changed=changed)
        record(request=request, action="update", obj=participant, fields=changed)
    if MATCHED_FIELDS & set(changed):
        keep_pairs_of(participant)
    return participant


@transaction.atomic
def update_family_member(*, request, form, version: int, participants=()) -> FamilyMember:
    """Like a participant's edit: a stale edit raises EditConflict, and the values
    before it are kept (encrypted) with who changed them and when. The audit names each
    linked participant the editor may open (`participants`)."""
    changed = [f for f in form.changed_data if f != "version"]
    previous = claim_version(form.instance, version, changed)
    member = form.save()
    keep_version(member, version=version, user=request.user, fields=changed, previous=previous)
    if changed:
        record_many(
            request=request, action="update", obj=member, participants=participants, fields=changed
        )
    return member


@transaction.atomic
def change_status(
    *, request, participant: Participant, to_status: str, reason: str = ""
) -> StatusChange:
    """Moves the participant to a new status if the table allows it; a discharge needs a
    reason. The change goes on the timeline and into the audit trail."""
    from_status = participant.status
    if to_status not in NEXT_STATUSES[Status(from_status)]:
        raise StatusChangeRefused(
            _("A participant who is %(from)s cannot become %(to)s.")
            % {"from": Status(from_status).label.lower(), "to": Status(to_status).label.lower()}
        )
    if to_status == Status.DISCHARGED and not reason:
        raise StatusChangeRefused(_("Choose the reason for the discharge."))
    participant.status = to_status
    participant.discharge_reason = reason if to_status == Status.DISCHARGED else ""
    participant.version += 1
    participant.save(update_fields=["status", "discharge_reason", "version", "updated_at"])
    change = StatusChange.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        from_status=from_status,
        to_status=to_status,
        reason=participant.discharge_reason,
        changed_by=request.user,
    )
    record(request=request, action="update", obj=participant, fields=["status"])
    return change


@transaction.atomic
def assign_participant(*, request, participant: Participant, peer) -> Participant:
    """The participant moves to the peer's caseload; the assignment history keeps who
    had them before."""
    participant.assigned_peer = peer
    participant.version += 1
    participant.save(update_fields=["assigned_peer", "version", "updated_at"])
    _history(request=request, participant=participant, changed=["assigned_peer"])
    record(request=request, action="update", obj=participant, fields=["assigned_peer"])
    return participant


@transaction.atomic
def judge_different_people(*, request, pair: PossibleDuplicate) -> bool:
    """A supervisor compared the two records and found two people: the pair leaves the
    list and is never suggested again. False when someone already said so."""
    judged = PossibleDuplicate.objects.filter(pk=pair.pk, judged_different_at__isnull=True).update(
        judged_different_by=request.user, judged_different_at=timezone.now()
    )
    if judged:
        # Under each record: either one's trail shows the decision.
        record_many(
            request=request,
            action="update",
            obj=pair,
            participants=[pair.newer, pair.older],
            fields=["judged_different"],
            detail={"different_people": [pair.newer_id, pair.older_id]},
        )
    return bool(judged)


def grant_emergency_access(*, request, participant: Participant, reason: str) -> None:
    """Opens the record for an hour and records who, when, and why."""
    record(request=request, action="emergency", obj=participant, reason=reason)
    grants = request.session.get(EMERGENCY_SESSION_KEY, {})
    now = time.time()
    grants = {k: v for k, v in grants.items() if v > now}
    grants[str(participant.pk)] = now + EMERGENCY_ACCESS_SECONDS
    request.session[EMERGENCY_SESSION_KEY] = grants


@transaction.atomic
def mark_inactive_participants(*, organization, today) -> int:
    """Active participants with no contact for the organization's inactivity period (or,
    with no contact at all, enrolled that long ago) become inactive. Safe to run twice:
    the second run finds nobody."""
    from django.db.models import OuterRef, Q, Subquery

    from peerwell.contacts.models import Contact

    cutoff = today - timedelta(days=organization.inactive_after_days)
    # An unanswered call is no contact: attempts alone leave a participant inactive.
    last = Contact.objects.reached().filter(participant=OuterRef("pk")).order_by("-contact_date")
    quiet = list(
        Participant.objects.filter(
            organization=organization, status=Status.ACTIVE, merged_into__isnull=True
        )
        .annotate(last_contact=Subquery(last.values("contact_date")[:1]))
        .filter(
            Q(last_contact__lt=cutoff) | Q(last_contact__isnull=True, created_at__date__lt=cutoff)
        )
        .values_list("pk", flat=True)
    )
    if not quiet:
        return 0
    Participant.objects.filter(pk__in=quiet, status=Status.ACTIVE).update(
        status=Status.INACTIVE, version=F("version") + 1
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            organization=organization,
            participant_id=pk,
            from_status=Status.ACTIVE,
            to_status=Status.INACTIVE,
        )
        for pk in quiet
    )
    record(
        action="update",
        organization=organization,
        detail={"marked_inactive": quiet, "after_days": organization.inactive_after_days},
    )
    return len(quiet)
