"""Writes to check-in enrolments and call requests: enrol, change, pause, resume, end,
close a request, save the organization's rules.

Each takes the acting user and plain values, so the web pages, the worker and commands
call the same code; `origin` is the HTTP request a change came from, when there is one,
only so that the audit row says from where."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.audit.models import AuditEntry
from peerwell.core.versions import claim_version

from .models import (
    WEEKDAYS,
    CallRequest,
    CheckInRules,
    Enrolment,
    EnrolmentChange,
    EnrolmentStatus,
    week_parity,
)

# The allowed status changes: one table, checked by `_move`.
NEXT_STATUSES = {
    EnrolmentStatus.ACTIVE: (EnrolmentStatus.PAUSED, EnrolmentStatus.ENDED),
    EnrolmentStatus.PAUSED: (EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED),
    EnrolmentStatus.ENDED: (),
}

# What a person sees when a change is refused (tests import these).
ALREADY_ENROLLED = _("They already have check-in calls. Change that enrolment instead.")
NOT_PAUSABLE = _("Only active check-in calls can be paused.")
NOT_RESUMABLE = _("These check-in calls are not paused, so there is nothing to resume.")
ALREADY_ENDED = _("These check-in calls have already ended.")
REQUEST_HANDLED = _("Someone has already handled this request.")
PAUSE_ENDED = _("The pause ended on its date.")

# The fields of an enrolment that the form edits (days are the seven weekday columns).
EDITABLE = (
    "cadence",
    "channel",
    *WEEKDAYS,
    "window_start",
    "window_end",
    "time_zone",
    "language",
    "caller_preference",
    "safety_notes",
    "starts_on",
    "ends_on",
)


class AlreadyEnrolled(Exception):
    """The person has a current enrolment (the database's one-current rule)."""


class ChangeRefused(Exception):
    """The change is not allowed from the enrolment's status; the message says why."""


def _values(days, fields: dict) -> dict:
    """The model's columns from plain values: `days` is a list of weekday names."""
    values = {name: fields[name] for name in EDITABLE if name in fields and name not in WEEKDAYS}
    values.update({day: day in days for day in WEEKDAYS})
    return values


def current_enrolment(*, participant=None, family_member=None):
    """The person's current (active or paused) enrolment, or None."""
    person = {"participant": participant} if participant else {"family_member": family_member}
    return Enrolment.objects.current().filter(**person).first()


@transaction.atomic
def enrol(
    *,
    by,
    participant=None,
    family_member=None,
    days,
    from_request: CallRequest | None = None,
    origin=None,
    **fields,
) -> Enrolment:
    """The person is enrolled: their calls start on or after `starts_on`, and the
    enrolment and its history appear on their record. From a call request, the request
    leaves the "new requests" list, marked enrolled. A second current enrolment raises
    AlreadyEnrolled."""
    person = participant or family_member
    enrolment = Enrolment(
        organization_id=person.organization_id,
        participant=participant,
        family_member=family_member,
        enrolled_by=by,
        week_parity=week_parity(fields["starts_on"]),
        **_values(days, fields),
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:
        if current_enrolment(participant=participant, family_member=family_member):
            raise AlreadyEnrolled from error
        raise
    _change(enrolment, EnrolmentChange.Action.ENROLLED, by=by)
    record(
        request=origin,
        actor=by,
        action="create",
        obj=enrolment,
        participant=participant,
        fields=sorted(set(fields) | {"days"}),
    )
    if from_request is not None:
        _mark_request(from_request, by=by, enrolment=enrolment, origin=origin)
    return enrolment


@transaction.atomic
def change_enrolment(*, by, enrolment: Enrolment, version: int, days, origin=None, **fields):
    """Saves the change unless someone saved the enrolment since the form was opened:
    then it is refused (EditConflict) and the user keeps their input. A new start date
    moves the fortnightly calls to the weeks it falls in."""
    if enrolment.status == EnrolmentStatus.ENDED:
        raise ChangeRefused(ALREADY_ENDED)
    new = _values(days, fields)
    # Compared with what is stored: a bound form has already written its input on the
    # instance it was given.
    stored = Enrolment.objects.filter(pk=enrolment.pk).values(*new).first() or {}
    changed = [name for name, value in new.items() if stored.get(name) != value]
    claim_version(enrolment, version, [])
    for name, value in new.items():
        setattr(enrolment, name, value)
    enrolment.week_parity = week_parity(enrolment.starts_on)
    enrolment.save()
    if changed:
        _change(enrolment, EnrolmentChange.Action.CHANGED, by=by)
        record(
            request=origin,
            actor=by,
            action="update",
            obj=enrolment,
            participant=enrolment.participant,
            fields=changed,
        )
    return enrolment


def _change(enrolment, action, *, by, until=None, reason="") -> EnrolmentChange:
    return EnrolmentChange.objects.create(
        organization_id=enrolment.organization_id,
        enrolment=enrolment,
        action=action,
        by=by,
        until=until,
        reason=reason,
    )


def _move(enrolment, to_status, *, refused, by, origin, until=None, reason="", **also):
    """Moves the enrolment to `to_status` if its status allows it now (a conditional
    update, so two people pressing at once move it once), and keeps the history."""
    allowed = [s for s, nexts in NEXT_STATUSES.items() if to_status in nexts]
    moved = Enrolment.objects.filter(pk=enrolment.pk, status__in=allowed).update(
        status=to_status, version=F("version") + 1, **also
    )
    if not moved:
        raise ChangeRefused(refused)
    enrolment.refresh_from_db()
    action = {
        EnrolmentStatus.PAUSED: EnrolmentChange.Action.PAUSED,
        EnrolmentStatus.ACTIVE: EnrolmentChange.Action.RESUMED,
        EnrolmentStatus.ENDED: EnrolmentChange.Action.ENDED,
    }[to_status]
    _change(enrolment, action, by=by, until=until, reason=reason)
    record(
        request=origin,
        actor=by,
        action="update",
        obj=enrolment,
        participant=enrolment.participant,
        fields=["status", *also],
        detail={"to": str(to_status)},
    )
    return enrolment


@transaction.atomic
def pause(*, by, enrolment, until: date | None = None, reason: str = "", origin=None):
    """No calls go out while paused: until `until` (then they resume), or until someone
    resumes them."""
    return _move(
        enrolment,
        EnrolmentStatus.PAUSED,
        refused=NOT_PAUSABLE,
        by=by,
        origin=origin,
        until=until,
        reason=reason,
        paused_until=until,
    )


@transaction.atomic
def resume(*, by, enrolment, reason: str = "", origin=None):
    """Calls go out again from the next call day."""
    return _move(
        enrolment,
        EnrolmentStatus.ACTIVE,
        refused=NOT_RESUMABLE,
        by=by,
        origin=origin,
        reason=reason,
        paused_until=None,
    )


@transaction.atomic
def end(*, by, enrolment, reason: str = "", origin=None):
    """No more calls; the history stays on the record, and the person can be enrolled
    again later."""
    return _move(
        enrolment,
        EnrolmentStatus.ENDED,
        refused=ALREADY_ENDED,
        by=by,
        origin=origin,
        reason=reason,
    )


@transaction.atomic
def end_pauses_due(*, day: date) -> int:
    """Calls paused until a date go out again from the day after it: the daily queue
    calls this before it makes `day`'s calls. The history says so, in the name of whoever
    set the pause. Returns how many resumed; running it twice resumes nothing more.

    Set-based (the rows locked, one UPDATE, the history and audit rows in bulk): the
    daily queue runs it over every organization at once."""
    due = Enrolment.objects.select_for_update().filter(
        status=EnrolmentStatus.PAUSED, paused_until__lt=day
    )
    rows = list(
        due.values("pk", "organization_id", "participant_id", "paused_until", "enrolled_by_id")
    )
    if not rows:
        return 0
    ids = [row["pk"] for row in rows]
    # Who set each pause: the latest "paused" row of each enrolment (later rows win).
    pausers = dict(
        EnrolmentChange.objects.filter(enrolment_id__in=ids, action=EnrolmentChange.Action.PAUSED)
        .order_by("enrolment_id", "at", "id")
        .values_list("enrolment_id", "by_id")
    )
    Enrolment.objects.filter(pk__in=ids).update(
        status=EnrolmentStatus.ACTIVE, paused_until=None, version=F("version") + 1
    )
    EnrolmentChange.objects.bulk_create(
        EnrolmentChange(
            organization_id=row["organization_id"],
            enrolment_id=row["pk"],
            action=EnrolmentChange.Action.RESUMED,
            by_id=pausers.get(row["pk"], row["enrolled_by_id"]),
            reason=str(PAUSE_ENDED),
        )
        for row in rows
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action="update",
            organization_id=row["organization_id"],
            model="checkins.enrolment",
            object_id=str(row["pk"]),
            participant_id=row["participant_id"],
            fields=["paused_until", "status"],
            detail={"to": "active", "pause_ended": str(row["paused_until"])},
        )
        for row in rows
    )
    return len(rows)


def _mark_request(call_request, *, by, enrolment, origin) -> None:
    """The request leaves the new requests list, linked to the enrolment it became."""
    handled = CallRequest.objects.filter(pk=call_request.pk, status=CallRequest.Status.NEW)
    if handled.update(
        status=CallRequest.Status.ENROLLED,
        handled_by=by,
        handled_at=timezone.now(),
        enrolment=enrolment,
    ):
        record(
            request=origin,
            actor=by,
            action="update",
            obj=call_request,
            participant=enrolment.participant,
            fields=["status", "enrolment"],
        )


@transaction.atomic
def receive_request(*, organization, origin=None, **values) -> CallRequest:
    """Someone asked to be called, on the organization's public page: the request waits
    on the new requests list."""
    call_request = CallRequest.objects.create(organization=organization, **values)
    record(
        request=origin,
        action="create",
        obj=call_request,
        organization=organization,
        fields=sorted(values),
    )
    return call_request


def recent_requests_from(phone, *, hours: int) -> int:
    """How many requests gave this number lately, at any organization (the per-number
    throttle of the public page; an index on phone and time answers it)."""
    since = timezone.now() - timedelta(hours=hours)
    return CallRequest.objects.filter(phone=phone, received_at__gte=since).count()


@transaction.atomic
def close_request(*, by, call_request: CallRequest, reason: str, origin=None) -> None:
    """The request leaves the new requests list without an enrolment (a wrong number,
    someone already enrolled, asked not to be called after all)."""
    closed = CallRequest.objects.filter(pk=call_request.pk, status=CallRequest.Status.NEW).update(
        status=CallRequest.Status.CLOSED,
        handled_by=by,
        handled_at=timezone.now(),
        close_reason=reason,
    )
    if not closed:
        raise ChangeRefused(REQUEST_HANDLED)
    record(request=origin, actor=by, action="update", obj=call_request, fields=["status"])


@transaction.atomic
def save_rules(*, by, organization_id, origin=None, **values) -> CheckInRules:
    """The organization's rules for check-ins, used from the next call on."""
    rules, created = CheckInRules.objects.update_or_create(
        organization_id=organization_id, defaults=values
    )
    record(
        request=origin,
        actor=by,
        action="create" if created else "update",
        obj=rules,
        fields=sorted(values),
    )
    return rules
