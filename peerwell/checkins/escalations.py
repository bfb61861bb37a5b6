"""Early intervention: the escalations a check-in raises, by the caller's flag or on its
own (calls not reached in a row, a rating well below the person's usual).

Each escalation has an owner who must act (the assigned peer, else a supervisor), a task
on the owner's follow-up list due today, and a deadline from the organization's rules
that the supervisors' page (helper D) watches."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.contacts.actions import add_follow_up
from peerwell.orgs.models import User
from peerwell.participants.models import FamilyLink

from .models import CallStatus, CheckInCall, Escalation, EscalationKind, rules_for

# What the owner reads on their follow-up list: what happened and what to offer.
REASONS = {
    EscalationKind.RECURRENCE: _(
        "Recurrence of use reported on a check-in call: offer a referral back to treatment."
    ),
    EscalationKind.CRISIS: _(
        "Crisis on a check-in call: check on them today and see that the hand-off held."
    ),
    EscalationKind.RESOURCE: _("Needs a resource, from a check-in call: help them find it."),
    EscalationKind.UNREACHED: _(
        "Not reached on several check-in calls in a row: reach out another way."
    ),
    EscalationKind.LOW_RATING: _(
        "Rated how they are doing well below their usual on a check-in: call them."
    ),
}


class HandOff:
    """Where a caller handed a person in crisis (the crisis screen's choices)."""

    CHOICES = [
        ("988", _("988 Suicide & Crisis Lifeline")),
        ("911", _("Emergency services (911)")),
        ("on_call", _("Our on-call staff")),
        ("stayed", _("I stayed with them until they were safe")),
    ]


def _respond_within(kind, rules) -> timedelta:
    if kind == EscalationKind.CRISIS:
        return timedelta(minutes=rules.crisis_minutes)
    if kind in (EscalationKind.RECURRENCE, EscalationKind.LOW_RATING):
        return timedelta(hours=rules.recurrence_hours)
    return timedelta(days=3)  # needs a resource; not reached for a while


def linked_participant(family_member):
    """The participant a family member's tasks and contacts go under: the first linked."""
    link = (
        FamilyLink.objects.filter(family_member=family_member)
        .select_related("participant__assigned_peer")
        .order_by("pk")
        .first()
    )
    return link.participant if link else None


def owner_for(participant, organization_id):
    """The assigned peer, else a supervisor of the organization (an admin if none)."""
    peer = getattr(participant, "assigned_peer", None)
    if peer is not None and peer.is_active:
        return peer
    staff = User.objects.filter(organization_id=organization_id, is_active=True)
    return (
        staff.filter(role="supervisor").order_by("pk").first()
        or staff.filter(role="admin").order_by("pk").first()
    )


@transaction.atomic
def raise_escalation(
    *,
    by,
    kind: str,
    call: CheckInCall | None = None,
    participant=None,
    family_member=None,
    notes: str = "",
    handed_to: str = "",
) -> Escalation:
    """Puts the escalation on the owner's list (a follow-up due today) with its deadline.
    `by` is the caller, or None when the check-in raised it on its own."""
    if call is not None:
        participant = participant or call.participant
        family_member = family_member or call.family_member
    organization_id = (participant or family_member).organization_id
    # A family member's tasks go on the record of the participant they are linked to.
    record_of = participant or linked_participant(family_member)
    # Nobody assigned and no supervisor: the caller who raised it keeps it.
    owner = owner_for(record_of, organization_id) or by
    now = timezone.now()
    follow_up = None
    if record_of is not None:
        follow_up = add_follow_up(
            by=by,
            participant=record_of,
            assigned_to=owner,
            due_date=timezone.localdate(),
            reason=str(REASONS[kind]),
        )
    escalation = Escalation.objects.create(
        organization_id=organization_id,
        kind=kind,
        participant=participant,
        family_member=family_member,
        call=call,
        owner=owner,
        follow_up=follow_up,
        raised_by=by,
        raised_at=now,
        respond_by=now + _respond_within(kind, rules_for(organization_id)),
        notes=notes,
        handed_to=handed_to,
    )
    given = {"kind": kind, "owner": owner, "notes": notes, "handed_to": handed_to}
    record(
        actor=by,
        organization=escalation.organization,
        action="create",
        obj=escalation,
        participant=record_of,
        fields=[name for name, value in given.items() if value],
    )
    return escalation


@transaction.atomic
def record_hand_off(*, by, call: CheckInCall, handed_to: str) -> Escalation:
    """The crisis screen's answer: where the caller handed the person. Kept on the call's
    crisis escalation (raised now if the caller went straight to the crisis screen)."""
    escalation = (
        Escalation.objects.select_for_update()
        .filter(call=call, kind=EscalationKind.CRISIS)
        .order_by("-pk")
        .first()
    )
    if escalation is None:
        return raise_escalation(by=by, kind=EscalationKind.CRISIS, call=call, handed_to=handed_to)
    escalation.handed_to = handed_to
    escalation.save(update_fields=["handed_to"])
    record(
        actor=by,
        action="update",
        obj=escalation,
        participant=call.participant or linked_participant(call.family_member),
        fields=["handed_to"],
    )
    return escalation


# Statuses that end a check-in: the "in a row" of unreached calls counts these.
FINISHED = [
    CallStatus.REACHED,
    CallStatus.NOT_REACHED,
    CallStatus.DECLINED,
    CallStatus.STOPPED,
    CallStatus.ANSWERED,
]


def flag_unreached(call: CheckInCall) -> Escalation | None:
    """After a call ends not reached: the rules' number of the enrolment's calls in a row
    not reached makes an outreach escalation for the assigned peer, once per run."""
    limit = rules_for(call.organization_id).unreached_limit
    recent = list(
        CheckInCall.objects.filter(enrolment_id=call.enrolment_id, status__in=FINISHED)
        .order_by("-due_date", "-pk")
        .values_list("status", flat=True)[:limit]
    )
    if len(recent) < limit or any(status != CallStatus.NOT_REACHED for status in recent):
        return None
    person = {"participant": call.participant_id, "family_member": call.family_member_id}
    already = Escalation.objects.open().filter(
        kind=EscalationKind.UNREACHED, **{f"{k}_id": v for k, v in person.items() if v}
    )
    if already.exists():
        return None
    return raise_escalation(by=None, kind=EscalationKind.UNREACHED, call=call)


def flag_low_rating(call: CheckInCall, rating: int, *, by=None) -> Escalation | None:
    """A self-rating the rules' drop or more below the average of the person's last four
    ratings flags the call (`flagged_low`) and raises an escalation for the peer. Helper
    code for text check-ins calls this too, with the rating the reply gave."""
    earlier = list(
        CheckInCall.objects.filter(enrolment_id=call.enrolment_id, self_rating__isnull=False)
        .exclude(pk=call.pk)
        .order_by("-due_date", "-pk")
        .values_list("self_rating", flat=True)[:4]
    )
    if not earlier:
        return None
    average = sum(earlier) / len(earlier)
    if average - rating < rules_for(call.organization_id).low_rating_drop:
        return None
    CheckInCall.objects.filter(pk=call.pk).update(flagged_low=True)
    call.flagged_low = True
    return raise_escalation(by=by, kind=EscalationKind.LOW_RATING, call=call)
