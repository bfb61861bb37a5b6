"""Writes of volunteer hours: logging them, deriving them from the calls and sessions a
person ran, and a supervisor approving or returning them."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.checkins.models import CallAttempt

from .models import EventKind, HoursSource, HoursStatus, Program, Session, VolunteerHours

DAY_MINUTES = 24 * 60
# An attempt logged without its length (no answer, a voicemail) still took the caller's
# time: dialling, waiting, leaving a message. Counted as this many minutes.
MINUTES_PER_CALL_WITHOUT_LENGTH = 5
# Who gets hours derived from what they ran: the people the organization counts as
# giving their time (supervisors and admins run calls as part of their job).
DERIVED_FOR_ROLES = ("peer", "volunteer")


class HoursRefused(Exception):
    """The hours cannot be logged or reviewed; the message says why, in plain words."""


def _minutes_logged(person, day) -> int:
    """What the person already has on that day, returned hours left out."""
    total = (
        VolunteerHours.objects.filter(person=person, worked_on=day)
        .exclude(status=HoursStatus.RETURNED)
        .aggregate(total=Sum("minutes"))["total"]
    )
    return total or 0


def log_hours(*, by, worked_on: date, minutes: int, program: str, what: str) -> VolunteerHours:
    """The hours appear on the person's list, waiting for a supervisor's approval.
    Refused for a future date, or when the day would hold more than 24 hours."""
    if worked_on > timezone.localdate():
        raise HoursRefused(_("The date is in the future: log hours once they are done."))
    if minutes < 1:
        raise HoursRefused(_("Enter how long you worked: at least one minute."))
    with transaction.atomic():
        # Locks the person's row, so two forms sent at once cannot both fit in the day.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        already = _minutes_logged(by, worked_on)
        if already + minutes > DAY_MINUTES:
            left = DAY_MINUTES - already
            raise HoursRefused(
                _(
                    "A day has 24 hours: you already logged %(hours)d h %(minutes)02d min "
                    "on that date, so at most %(left_h)d h %(left_m)02d min more fit."
                )
                % {
                    "hours": already // 60,
                    "minutes": already % 60,
                    "left_h": left // 60,
                    "left_m": left % 60,
                }
            )
        hours = VolunteerHours.objects.create(
            organization_id=by.organization_id,
            person=by,
            worked_on=worked_on,
            minutes=minutes,
            program=program,
            what=what,
            source=HoursSource.LOGGED,
        )
        record(actor=by, action="create", obj=hours)
    return hours


def _check_pending(hours) -> None:
    if hours.status != HoursStatus.PENDING:
        raise HoursRefused(_("These hours were already reviewed; nothing was changed."))


def approve_hours(*, by, hours: VolunteerHours) -> VolunteerHours:
    """The hours count in the totals. Only pending hours; a second click changes nothing."""
    with transaction.atomic():
        now = timezone.now()
        changed = VolunteerHours.objects.filter(pk=hours.pk, status=HoursStatus.PENDING).update(
            status=HoursStatus.APPROVED, reviewed_by=by, reviewed_at=now
        )
        if not changed:
            raise HoursRefused(_("These hours were already reviewed; nothing was changed."))
        hours.refresh_from_db()
        record(actor=by, action="update", obj=hours, fields=["status", "reviewed_by"])
    return hours


def return_hours(*, by, hours: VolunteerHours, reason: str) -> VolunteerHours:
    """The hours go back to the person with the reason; they leave the day's 24 hours
    free for the corrected entry."""
    reason = reason.strip()
    if not reason:
        raise HoursRefused(_("Say why the hours go back, so the person can correct them."))
    with transaction.atomic():
        changed = VolunteerHours.objects.filter(pk=hours.pk, status=HoursStatus.PENDING).update(
            status=HoursStatus.RETURNED,
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_note=reason[:200],
        )
        if not changed:
            raise HoursRefused(_("These hours were already reviewed; nothing was changed."))
        hours.refresh_from_db()
        record(actor=by, action="update", obj=hours, fields=["status", "review_note"])
    return hours


def _call_rows(person, since: date, until: date) -> list[VolunteerHours]:
    """One row per caller and day: the minutes of their attempts, in SQL."""
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(until, datetime.min.time()))
    attempts = CallAttempt.objects.filter(
        called_at__gte=start, called_at__lt=end, caller__role__in=DERIVED_FOR_ROLES
    )
    if person is not None:
        attempts = attempts.filter(caller=person)
    days = (
        attempts.annotate(day=TruncDate("called_at", tzinfo=timezone.get_current_timezone()))
        .values("organization_id", "caller_id", "day")
        .annotate(
            total=Sum(
                Coalesce(
                    "minutes",
                    Value(MINUTES_PER_CALL_WITHOUT_LENGTH),
                    output_field=IntegerField(),
                )
            ),
            calls=Count("id"),
        )
        .order_by()
    )
    return [
        VolunteerHours(
            organization_id=row["organization_id"],
            person_id=row["caller_id"],
            worked_on=row["day"],
            minutes=max(1, min(row["total"], DAY_MINUTES)),
            program=Program.TRS,
            what=_("%(count)d check-in call attempt(s)") % {"count": row["calls"]},
            source=HoursSource.CALLS,
            source_key=f"calls:{row['day'].isoformat()}",
        )
        for row in days
    ]


def _session_rows(person, since: date, until: date) -> list[VolunteerHours]:
    """One row per session held of an event the person facilitates: the event's length."""
    sessions = Session.objects.filter(
        held_on__gte=since,
        held_on__lt=until,
        event__facilitator__isnull=False,
        event__facilitator__role__in=DERIVED_FOR_ROLES,
    )
    if person is not None:
        sessions = sessions.filter(event__facilitator=person)
    sessions = sessions.values(
        "pk",
        "organization_id",
        "held_on",
        "event__title",
        "event__kind",
        "event__starts_at",
        "event__ends_at",
        facilitator=F("event__facilitator_id"),
    )
    rows = []
    for s in sessions:
        start = datetime.combine(s["held_on"], s["event__starts_at"])
        length = datetime.combine(s["held_on"], s["event__ends_at"]) - start
        rows.append(
            VolunteerHours(
                organization_id=s["organization_id"],
                person_id=s["facilitator"],
                worked_on=s["held_on"],
                minutes=max(1, min(int(length.total_seconds() // 60), DAY_MINUTES)),
                program=Program.POP_UP if s["event__kind"] == EventKind.POP_UP else Program.GROUPS,
                what=s["event__title"][:200],
                source=HoursSource.EVENT,
                source_key=f"session:{s['pk']}",
                session_id=s["pk"],
            )
        )
    return rows


def derive_hours(*, by=None, person=None, since: date) -> int:
    """Pending hours from the check-in calls people made (one row per day) and the
    sessions of events they facilitated (one row per session), from `since` up to
    yesterday (today is not over). Each row carries its source key, so deriving again
    adds nothing. `by` is who asked (None for the daily job). Returns how many rows
    were added."""
    until = timezone.localdate()
    found = _call_rows(person, since, until) + _session_rows(person, since, until)
    if not found:
        return 0
    with transaction.atomic():
        people = {row.person_id for row in found}
        known = set(
            VolunteerHours.objects.filter(person_id__in=people)
            .exclude(source_key="")
            .filter(worked_on__gte=since - timedelta(days=1))
            .values_list("person_id", "source_key")
        )
        new = [row for row in found if (row.person_id, row.source_key) not in known]
        # A row another run added a moment ago is skipped by the unique constraint.
        VolunteerHours.objects.bulk_create(new, ignore_conflicts=True)
        if new and by is not None:
            record(
                actor=by,
                action="create",
                detail={"derived_hours": len(new), "since": since.isoformat()},
            )
    return len(new)
