"""Texts around a check-in call, for people who agreed to texts and in organizations whose
rules send them: a reminder the day before, and "we tried to reach you" after a missed
attempt. In the person's language, naming the program only when they allowed it; each
text has its dedupe key, so sending twice sends once."""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from .models import (
    WEEKDAYS,
    Cadence,
    CallAttempt,
    Channel,
    CheckInRules,
    Enrolment,
    EnrolmentStatus,
    Outcome,
    rules_for,
)
from .texts import may_name_program, may_text, message_language, text_phone

# Every-two-weeks calls go out in the weeks whose number since this Monday has the
# enrolment's parity (models.Enrolment.week_parity).
PARITY_EPOCH = date(1970, 1, 5)
MISSED = [Outcome.NO_ANSWER, Outcome.VOICEMAIL]


def week_parity(day) -> int:
    return ((day - PARITY_EPOCH).days // 7) % 2


def calls_due(day):
    """Enrolments with a call (not a text check-in) due on `day`, by the same rule that
    makes the day's calls."""
    return (
        Enrolment.objects.filter(
            status=EnrolmentStatus.ACTIVE,
            channel=Channel.CALL,
            starts_on__lte=day,
            **{WEEKDAYS[day.weekday()]: True},
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(~Q(cadence=Cadence.FORTNIGHTLY) | Q(week_parity=week_parity(day)))
    )


def _time(value) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def reminder_text(enrolment, organization_name: str) -> str:
    """ "We'll call you tomorrow between 10 a.m. and noon", in the person's language, with
    the window in their own time zone (as it is stored)."""
    person = enrolment.person
    with translation.override(message_language(enrolment.language)):
        values = {
            "start": _time(enrolment.window_start),
            "end": _time(enrolment.window_end),
            "organization": organization_name,
        }
        if may_name_program(person):
            return (
                _(
                    "%(organization)s: we'll call you tomorrow between %(start)s and %(end)s "
                    "for your check-in."
                )
                % values
            )
        return _("Hi! We'll call you tomorrow between %(start)s and %(end)s.") % values


def _no_reminders():
    """Organizations whose rules turned the texts off (the default is on)."""
    return CheckInRules.objects.filter(reminder_texts=False).values("organization_id")


def send_call_reminders(*, day) -> int:
    """On `day`, texts a reminder to everyone with a call due the next day who may be
    texted. Returns how many reminders were queued (0 the second time)."""
    from peerwell.messaging.actions import queue_text
    from peerwell.messaging.models import OutboundMessage

    tomorrow = day + timedelta(days=1)
    enrolments = (
        calls_due(tomorrow)
        .filter(participant__may_text=True)
        .exclude(organization_id__in=_no_reminders())
        .select_related("participant", "organization")
        .order_by("id")
    )
    queued = 0
    for enrolment in enrolments.iterator(chunk_size=500):
        phone = text_phone(enrolment.participant)
        if not phone:
            continue
        key = f"reminder:{enrolment.pk}:{tomorrow.isoformat()}"
        before = OutboundMessage.objects.filter(
            organization_id=enrolment.organization_id, dedupe_key=key
        ).exists()
        queue_text(
            organization_id=enrolment.organization_id,
            to=phone,
            body=reminder_text(enrolment, enrolment.organization.name),
            purpose="reminder",
            dedupe_key=key,
            participant=enrolment.participant,
        )
        queued += not before
    return queued


def missed_text(call) -> str:
    person = call.person
    with translation.override(message_language(call.language)):
        if may_name_program(person):
            return _(
                "%(organization)s: we tried to call you today for your check-in and missed "
                "you. We'll try again."
            ) % {"organization": call.organization.name}
        return _("Hi! We tried to call you today and missed you. We'll try again.")


def text_after_missed_call(*, call):
    """After an attempt nobody answered (or a voicemail): one "we tried to reach you"
    text per call, with consent and the organization's rule. Returns the outbox row, or
    None when no text may go."""
    from peerwell.messaging.actions import queue_text

    person = call.person
    phone = text_phone(person)
    if not may_text(person) or not phone or not rules_for(call.organization_id).reminder_texts:
        return None
    return queue_text(
        organization_id=call.organization_id,
        to=phone,
        body=missed_text(call),
        purpose="missed",
        dedupe_key=f"missed:{call.pk}",
        participant=call.participant,
    )


def text_missed_calls(*, day) -> int:
    """The sweep behind `text_after_missed_call`: every call with an unanswered attempt on
    `day` gets its text (once: the dedupe key), whether or not the call log sent it."""
    from .models import CheckInCall

    missed = CallAttempt.objects.filter(called_at__date=day, outcome__in=MISSED).values("call_id")
    calls = (
        CheckInCall.objects.filter(pk__in=missed, participant__may_text=True)
        .select_related("participant", "organization")
        .order_by("id")
    )
    return sum(text_after_missed_call(call=call) is not None for call in calls.iterator())
