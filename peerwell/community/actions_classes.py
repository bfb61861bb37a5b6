"""Writes for classes: enrolment, withdrawal, and the count of sessions attended that
completes a class (an event with `sessions_to_complete`)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from peerwell.audit.actions import record

from .models import Attendee, AttendeeStatus, ClassEnrolment, ClassStatus


class ClassRefused(ValueError):
    """A class action that cannot be done, said in plain words."""


@transaction.atomic
def enrol(*, by, event, participant) -> ClassEnrolment:
    """Enrols the participant (again, after a withdrawal); enrolling twice changes nothing."""
    if not event.is_class:
        raise ClassRefused(_("“%(title)s” is not a class.") % {"title": event.title})
    enrolment, created = ClassEnrolment.objects.select_for_update().get_or_create(
        event=event,
        participant=participant,
        defaults={"organization_id": event.organization_id, "enrolled_by": by},
    )
    if not created and enrolment.status != ClassStatus.WITHDRAWN:
        return enrolment
    if not created:
        enrolment.status = ClassStatus.ENROLLED
        enrolment.enrolled_by = by
        enrolment.save(update_fields=["status", "enrolled_by"])
    _recount(enrolment)
    record(actor=by, action="create", obj=enrolment, participant=participant, fields=["status"])
    return enrolment


@transaction.atomic
def withdraw(*, by, enrolment: ClassEnrolment) -> None:
    enrolment = ClassEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == ClassStatus.COMPLETED:
        raise ClassRefused(_("They already completed the class: a completion is kept."))
    if enrolment.status == ClassStatus.WITHDRAWN:
        return
    enrolment.status = ClassStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    record(
        actor=by,
        action="update",
        obj=enrolment,
        participant=enrolment.participant,
        fields=["status"],
    )


def count_attendance(*, by, event, participant) -> ClassEnrolment:
    """After a class session's attendance changed for the participant: their count and
    completion follow the confirmed attendances. Someone not enrolled (or withdrawn)
    who attends is enrolled. Called inside the attendance actions' transaction."""
    enrolment, created = ClassEnrolment.objects.select_for_update().get_or_create(
        event=event,
        participant=participant,
        defaults={"organization_id": event.organization_id, "enrolled_by": by},
    )
    if enrolment.status == ClassStatus.WITHDRAWN:
        enrolment.status = ClassStatus.ENROLLED
        created = True
    if created:
        record(actor=by, action="create", obj=enrolment, participant=participant, fields=["status"])
    _recount(enrolment)
    return enrolment


def recount(*, event, participant) -> None:
    """After an attendance was undone: the enrolment's count and completion follow."""
    enrolment = (
        ClassEnrolment.objects.select_for_update()
        .filter(event=event, participant=participant)
        .first()
    )
    if enrolment is not None:
        _recount(enrolment)


def _recount(enrolment: ClassEnrolment) -> None:
    """Sessions attended, from the confirmed attendances; completed on the date of the
    session that reached the rule, and back to enrolled if a sign-in is undone."""
    dates: list[date] = list(
        Attendee.objects.filter(
            session__event_id=enrolment.event_id,
            participant=enrolment.participant,
            status=AttendeeStatus.CONFIRMED,
        )
        .order_by("session__held_on")
        .values_list("session__held_on", flat=True)
    )
    needed = enrolment.event.sessions_to_complete or 0
    enrolment.sessions_attended = len(dates)
    if enrolment.status != ClassStatus.WITHDRAWN:
        if needed and len(dates) >= needed:
            enrolment.status = ClassStatus.COMPLETED
            enrolment.completed_on = dates[needed - 1]
        else:
            enrolment.status = ClassStatus.ENROLLED
            enrolment.completed_on = None
    enrolment.save(update_fields=["sessions_attended", "status", "completed_on"])
