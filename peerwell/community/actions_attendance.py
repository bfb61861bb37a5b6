"""Writes for attendance: a session held, its head count and notes, the known
participants signed in (each with a contact in the service log), and the door's
self check-ins. Every action that touches a session locks its row first, so two
phones recording the same session cannot race."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwell.audit.actions import record
from peerwell.contacts.actions import log_contact
from peerwell.contacts.models import ContactKind, Mode, Outcome

from . import actions_classes
from .models import Attendee, AttendeeStatus, Session
from .recurrence import check_change_date, occurrences, zone


class AttendanceRefused(ValueError):
    """An attendance action that cannot be done, said in plain words."""


def site_today(event) -> date:
    """Today where the event happens (its site's time zone)."""
    return timezone.now().astimezone(zone(event.site.time_zone)).date()


def check_held_on(event, held_on: date) -> None:
    """A session is held on a date the event happens, not cancelled, not ahead of today."""
    try:
        check_change_date(event, held_on)
    except ValueError as error:
        raise AttendanceRefused(str(error)) from error
    found = occurrences([event], held_on, held_on)
    if any(o.original_date == held_on and o.cancelled for o in found):
        raise AttendanceRefused(
            _("“%(title)s” was cancelled that day: there is no attendance to record.")
            % {"title": event.title}
        )
    if held_on > site_today(event):
        raise AttendanceRefused(
            _("That date is still to come: record attendance on the day or after it.")
        )


def too_low_message(signed_in: int) -> str:
    return ngettext(
        "You signed in %(count)s person; the head count cannot be less than %(count)s.",
        "You signed in %(count)s people; the head count cannot be less than %(count)s.",
        signed_in,
    ) % {"count": signed_in}


@transaction.atomic
def start_session(*, by, event, held_on: date) -> Session:
    """The session of `event` on the occurrence's original date, made if it is new."""
    check_held_on(event, held_on)
    session, created = Session.objects.get_or_create(
        event=event,
        held_on=held_on,
        defaults={"organization_id": event.organization_id, "recorded_by": by},
    )
    if created:
        record(actor=by, action="create", obj=session, fields=["held_on"])
    return session


def _locked(session_id) -> Session:
    return Session.objects.select_for_update().get(pk=session_id)


def _signed_in(session) -> int:
    return Attendee.objects.filter(session=session, status=AttendeeStatus.CONFIRMED).count()


class StaleSession(ValueError):
    """Someone else saved the session since the page was opened."""


@transaction.atomic
def save_session(*, by, session: Session, head_count: int, notes: str, version: int) -> Session:
    """Saves the head count and notes. A head count below the people signed in is
    refused (AttendanceRefused); a stale page raises StaleSession."""
    locked = _locked(session.pk)
    if locked.version != version:
        raise StaleSession(
            _("Someone else saved this session since you opened it: check the numbers below.")
        )
    signed_in = _signed_in(locked)
    if head_count < signed_in:
        raise AttendanceRefused(too_low_message(signed_in))
    changed = [
        name
        for name, value in (("head_count", head_count), ("notes", notes))
        if getattr(locked, name) != value
    ]
    locked.head_count = head_count
    locked.notes = notes
    locked.recorded_by = by
    locked.recorded_at = timezone.now()
    locked.version = F("version") + 1
    locked.save(update_fields=["head_count", "notes", "recorded_by", "recorded_at", "version"])
    locked.refresh_from_db(fields=["version"])
    if changed:
        record(actor=by, action="update", obj=locked, fields=changed)
    return locked


def _length_minutes(event) -> int:
    """The meeting's length, the time of the service the contact records."""
    start = datetime.combine(date.min, event.starts_at)
    return max(1, int((datetime.combine(date.min, event.ends_at) - start).total_seconds() // 60))


def _attend(*, by, session: Session, attendee: Attendee) -> None:
    """The attendance confirmed: its contact in the service log, the class count, and the
    head count raised to the people signed in if it was lower."""
    event = session.event
    attendee.status = AttendeeStatus.CONFIRMED
    attendee.confirmed_by = by
    attendee.confirmed_at = timezone.now()
    attendee.contact = log_contact(
        by=by,
        participant=attendee.participant,
        kind=ContactKind.GROUP,
        contact_date=session.held_on,
        mode=Mode.IN_PERSON,
        outcome=Outcome.REACHED,
        # A class teaches (informational); any other group is affiliational support.
        support=["informational"] if event.is_class else ["affiliational"],
        start_time=event.starts_at,
        duration_minutes=_length_minutes(event),
        place=event.site.name,
    )
    attendee.save()
    record(
        actor=by,
        action="update" if attendee.self_checked_in else "create",
        obj=attendee,
        participant=attendee.participant,
        fields=["status"],
    )
    if event.is_class:
        actions_classes.count_attendance(by=by, event=event, participant=attendee.participant)
    signed_in = _signed_in(session)
    if session.head_count < signed_in:
        session.head_count = signed_in
        session.version = F("version") + 1
        session.save(update_fields=["head_count", "version"])


@transaction.atomic
def sign_in(*, by, session: Session, participant) -> Attendee:
    """Signs a known participant in (or confirms their self check-in). Signing in the
    same person twice changes nothing."""
    locked = _locked(session.pk)
    attendee = Attendee.objects.filter(session=locked, participant=participant).first()
    if attendee is not None and attendee.status == AttendeeStatus.CONFIRMED:
        return attendee
    if attendee is None:
        attendee = Attendee(
            organization_id=locked.organization_id,
            session=locked,
            participant=participant,
            status=AttendeeStatus.PENDING,
        )
    _attend(by=by, session=locked, attendee=attendee)
    return attendee


@transaction.atomic
def confirm(*, by, attendee: Attendee) -> Attendee:
    """A self check-in at the door confirmed by staff."""
    locked = _locked(attendee.session_id)
    attendee = Attendee.objects.select_related("participant").get(pk=attendee.pk)
    if attendee.status == AttendeeStatus.CONFIRMED:
        return attendee
    _attend(by=by, session=locked, attendee=attendee)
    return attendee


@transaction.atomic
def remove(*, by, attendee: Attendee) -> None:
    """Declines a self check-in, or undoes a sign-in made by mistake: the attendee and
    the contact it logged are removed (the person was not there, so the service log
    must not say they were); the audit trail keeps both the sign-in and its undoing.
    A class's count follows. The head count stays: the facilitator lowers it if needed."""
    locked = _locked(attendee.session_id)
    attendee = Attendee.objects.select_related("participant", "contact").get(pk=attendee.pk)
    contact = attendee.contact
    participant = attendee.participant
    record(actor=by, action="delete", obj=attendee, participant=participant, fields=["status"])
    attendee.delete()
    if contact is not None:
        record(actor=by, action="delete", obj=contact, participant=participant)
        contact.delete()
    if locked.event.is_class:
        actions_classes.recount(event=locked.event, participant=participant)


@transaction.atomic
def door_check_in(*, session_event, held_on: date, participant=None) -> None:
    """A check-in at the door's public form. A participant it matched waits, pending, for
    staff to confirm; anyone else (or "just count me") adds one to the door's count."""
    event = session_event
    session, _created = Session.objects.get_or_create(
        event=event, held_on=held_on, defaults={"organization_id": event.organization_id}
    )
    session = _locked(session.pk)
    if participant is not None:
        Attendee.objects.get_or_create(
            session=session,
            participant=participant,
            defaults={
                "organization_id": session.organization_id,
                "status": AttendeeStatus.PENDING,
                "self_checked_in": True,
            },
        )
        return
    Session.objects.filter(pk=session.pk).update(door_count=F("door_count") + 1)
