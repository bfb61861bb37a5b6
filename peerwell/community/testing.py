"""Community rows for tests and the sweeps: straight into the tables, as the actions
would leave them. Tests of the actions themselves call the actions."""

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from .models import (
    Attendee,
    Certification,
    ClassEnrolment,
    Event,
    EventChange,
    InstrumentalHelp,
    Session,
    Site,
    Van,
    VolunteerHours,
)

_seq = itertools.count(1)


def make_site(org, name=None, **fields) -> Site:
    fields.setdefault("kind", "center")
    fields.setdefault("street", "12 Broad Street")
    fields.setdefault("city", "Newark")
    fields.setdefault("postal_code", "07102")
    fields.setdefault("latitude", 40.7357)
    fields.setdefault("longitude", -74.1724)
    return Site.objects.create(
        organization=org, name=name or f"Recovery Center Site {next(_seq)}", **fields
    )


def make_van(org, name=None) -> Van:
    return Van.objects.create(organization=org, name=name or f"Van {next(_seq)}")


def make_event(org, *, site=None, title="All Recovery Meeting", **fields) -> Event:
    """A weekly event on the weekday of `first_date` (default: this week's Tuesday)."""
    today = timezone.localdate()
    first = fields.pop("first_date", today - timedelta(days=today.weekday()) + timedelta(days=1))
    fields.setdefault("kind", "all_recovery")
    fields.setdefault("starts_at", time(18))
    fields.setdefault("ends_at", time(19, 30))
    fields.setdefault(
        "rule", f"FREQ=WEEKLY;BYDAY={'MO TU WE TH FR SA SU'.split()[first.weekday()]}"
    )
    return Event.objects.create(
        organization=org, site=site or make_site(org), title=title, first_date=first, **fields
    )


def make_change(event, original_date, *, cancelled=True, **fields) -> EventChange:
    return EventChange.objects.create(
        organization=event.organization,
        event=event,
        original_date=original_date,
        cancelled=cancelled,
        **fields,
    )


def make_session(event, held_on=None, **fields) -> Session:
    return Session.objects.create(
        organization=event.organization,
        event=event,
        held_on=held_on or event.first_date,
        **fields,
    )


def make_attendee(session, participant, *, status="confirmed", **fields) -> Attendee:
    if status == "confirmed":
        fields.setdefault("confirmed_at", timezone.now())
    return Attendee.objects.create(
        organization=session.organization,
        session=session,
        participant=participant,
        status=status,
        **fields,
    )


def make_class_enrolment(event, participant, **fields) -> ClassEnrolment:
    return ClassEnrolment.objects.create(
        organization=event.organization, event=event, participant=participant, **fields
    )


def make_hours(person, **fields) -> VolunteerHours:
    fields.setdefault("worked_on", timezone.localdate())
    fields.setdefault("minutes", 90)
    fields.setdefault("program", "trs")
    fields.setdefault("source", "logged")
    fields.setdefault("what", "Check-in calls")
    return VolunteerHours.objects.create(organization=person.organization, person=person, **fields)


def make_certification(holder, **fields) -> Certification:
    today = timezone.localdate()
    fields.setdefault("name", "Certified Peer Recovery Specialist")
    fields.setdefault("issuing_body", "Certification Board of New Jersey")
    fields.setdefault("number", f"CPRS-{next(_seq):05d}")
    fields.setdefault("issued_on", date(today.year - 1, 1, 15))
    fields.setdefault("expires_on", today + timedelta(days=45))
    fields.setdefault("ce_hours_required", 30)
    return Certification.objects.create(organization=holder.organization, holder=holder, **fields)


def make_help(logged_by, *, participant=None, **fields) -> InstrumentalHelp:
    fields.setdefault("kind", "ride")
    fields.setdefault("given_on", timezone.localdate())
    return InstrumentalHelp.objects.create(
        organization=logged_by.organization,
        logged_by=logged_by,
        participant=participant,
        **fields,
    )
