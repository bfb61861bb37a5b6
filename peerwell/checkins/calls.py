"""A caller's work on a check-in call: taking it from the queue, giving it back, and
logging what the call found.

A call is taken with one conditional UPDATE (`status` still open and nobody holding it):
"0 rows" means another caller got there first, so two callers can never hold the same
call (the healthchecks `sendalerts` idiom, STYLE.md)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.contacts.actions import add_follow_up, log_contact
from peerwell.contacts.models import ContactKind, Mode

from .escalations import (
    flag_low_rating,
    flag_unreached,
    linked_participant,
    owner_for,
    raise_escalation,
)
from .models import (
    CallAttempt,
    CallStatus,
    Channel,
    CheckInCall,
    EnrolmentChange,
    EnrolmentStatus,
    Outcome,
    Recovery,
    rules_for,
)
from .queue import after_unreached
from .reminders import text_after_missed_call

# A call taken and not logged within this time goes back to the queue: the caller
# closed the tab, or was called away.
CLAIM_LASTS = timedelta(hours=2)
CLAIMABLE = [CallStatus.QUEUED, CallStatus.RETRY]

# Where each outcome takes the call; "not reached" outcomes follow the retry rule.
CLOSING = {
    Outcome.REACHED: CallStatus.REACHED,
    Outcome.WRONG_NUMBER: CallStatus.NOT_REACHED,
    Outcome.ASKED_TO_STOP: CallStatus.STOPPED,
    Outcome.DECLINED: CallStatus.DECLINED,
}
TRY_AGAIN = {Outcome.NO_ANSWER, Outcome.VOICEMAIL}
FLAGS = ("recurrence", "crisis", "resource")
LOGGED = (
    "outcome",
    "minutes",
    "self_rating",
    "maintaining_recovery",
    "summary",
    "resources_shared",
)

WRONG_NUMBER_TASK = _("Wrong number on a check-in call: find their right phone number.")
STOPPED_REASON = _("Asked to stop the calls, on a check-in call.")


class NotYourCall(Exception):
    """Logging or giving back a call the user does not hold: nothing is recorded."""


def record_of(call: CheckInCall):
    """The participant whose record a call belongs to (a family member's: the first
    participant they are linked to)."""
    return call.participant or linked_participant(call.family_member)


def _back_to_queue():
    """The status a call returns with: tried before means "to try again"."""
    return Case(
        When(attempts__gt=0, then=Value(CallStatus.RETRY)), default=Value(CallStatus.QUEUED)
    )


@transaction.atomic
def claim_call(*, by, call_id) -> bool:
    """Takes the call for `by`. False when someone else took it first (or it is no
    longer waiting): the caller is told and sent back to the queue."""
    won = CheckInCall.objects.filter(
        pk=call_id,
        organization_id=by.organization_id,
        channel=Channel.CALL,
        status__in=CLAIMABLE,
        claimed_by__isnull=True,
        try_on__lte=timezone.localdate(),
    ).update(status=CallStatus.CLAIMED, claimed_by=by, claimed_at=timezone.now())
    if won:
        call = CheckInCall.objects.select_related("participant").get(pk=call_id)
        record(
            actor=by, action="update", obj=call, participant=record_of(call), fields=["claimed_by"]
        )
    return bool(won)


@transaction.atomic
def release_call(*, by, call: CheckInCall) -> None:
    """Gives a call back to the queue for someone else; raises NotYourCall otherwise."""
    mine = CheckInCall.objects.filter(pk=call.pk, status=CallStatus.CLAIMED, claimed_by=by)
    if not mine.update(status=_back_to_queue(), claimed_by=None, claimed_at=None):
        raise NotYourCall
    record(actor=by, action="update", obj=call, participant=record_of(call), fields=["claimed_by"])


def return_stale_claims(*, now, organization_id=None) -> int:
    """Calls taken more than CLAIM_LASTS ago and never logged go back to the queue."""
    stale = CheckInCall.objects.filter(status=CallStatus.CLAIMED, claimed_at__lt=now - CLAIM_LASTS)
    if organization_id is not None:
        stale = stale.filter(organization_id=organization_id)
    return stale.update(status=_back_to_queue(), claimed_by=None, claimed_at=None)


@transaction.atomic
def log_call(
    *,
    by,
    call: CheckInCall,
    outcome: str,
    minutes: int | None = None,
    self_rating: int | None = None,
    maintaining_recovery: str = "",
    summary: str = "",
    support=(),
    resources_shared: str = "",
    flags=(),
    flag_note: str = "",
) -> CallAttempt:
    """Records one try of a call the user holds, and where it leaves the call: reached
    (its contact in the service log), back in the queue, or closed. Flags raise their
    escalations. Raises NotYourCall, recording nothing, if the user does not hold it."""
    held = (
        # Lock the call row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins that select_related makes.
        CheckInCall.objects.select_for_update(of=("self",))
        .select_related("participant__assigned_peer", "enrolment")
        .filter(pk=call.pk, status=CallStatus.CLAIMED, claimed_by=by)
        .first()
    )
    if held is None:
        raise NotYourCall
    call, today, now = held, timezone.localdate(), timezone.now()
    reached = outcome == Outcome.REACHED
    person = record_of(call)
    call.attempts += 1
    attempt = CallAttempt(
        organization_id=call.organization_id,
        call=call,
        caller=by,
        outcome=outcome,
        called_at=now,
        minutes=minutes if reached else None,
        self_rating=self_rating if reached else None,
        maintaining_recovery=(maintaining_recovery or Recovery.NOT_ASKED) if reached else "",
        summary=summary,
        resources_shared=resources_shared,
    )
    if reached and person is not None:
        attempt.contact = log_contact(
            by=by,
            participant=person,
            family_member=call.family_member,
            kind=ContactKind.CHECK_IN,
            mode=Mode.PHONE,
            contact_date=today,
            duration_minutes=minutes,
            support=support,
            notes=summary,
        )
    attempt.save()
    if outcome in TRY_AGAIN:
        call.status, call.try_on = after_unreached(call, rules_for(call.organization_id), today)
    else:
        call.status = CLOSING[outcome]
    if call.status == CallStatus.RETRY:
        call.claimed_by, call.claimed_at = None, None
    else:
        call.closed_at = now
    if reached:
        call.self_rating = self_rating
    call.save()
    record(
        actor=by,
        action="create",
        obj=attempt,
        participant=person,
        fields=[name for name in LOGGED if getattr(attempt, name)],
    )
    if outcome == Outcome.WRONG_NUMBER and person is not None:
        add_follow_up(
            by=by,
            participant=person,
            assigned_to=owner_for(person, call.organization_id) or by,
            due_date=today,
            reason=str(WRONG_NUMBER_TASK),
        )
    if outcome == Outcome.ASKED_TO_STOP:
        _end_enrolment(by=by, call=call, person=person)
    for kind in FLAGS:
        if kind in flags:
            raise_escalation(by=by, kind=kind, call=call, notes=flag_note)
    if call.status == CallStatus.NOT_REACHED:
        flag_unreached(call)
    if outcome in (Outcome.NO_ANSWER, Outcome.VOICEMAIL):
        # "We tried to reach you", once per call (its dedupe key), when they may be texted.
        text_after_missed_call(call=call)
    if reached and self_rating:
        flag_low_rating(call, self_rating, by=by)
    return attempt


def _end_enrolment(*, by, call, person) -> None:
    """Asked to stop: the calls end now, with a history row; other calls still waiting
    close too."""
    enrolment = call.enrolment
    today = timezone.localdate()
    enrolment.status = EnrolmentStatus.ENDED
    enrolment.ends_on = max(today, enrolment.starts_on)
    enrolment.version += 1
    enrolment.save(update_fields=["status", "ends_on", "version"])
    EnrolmentChange.objects.create(
        organization_id=enrolment.organization_id,
        enrolment=enrolment,
        action=EnrolmentChange.Action.ENDED,
        by=by,
        reason=str(STOPPED_REASON),
    )
    enrolment.calls.filter(status__in=CLAIMABLE).update(
        status=CallStatus.STOPPED, closed_at=timezone.now()
    )
    record(
        actor=by,
        action="update",
        obj=enrolment,
        participant=person,
        fields=["status", "ends_on"],
    )
