"""The daily queue: which check-ins are due on a day, and when a call not reached is
tried again.

`generate_calls` is one set-based INSERT ... SELECT: 200,000 enrolments' day is one
statement, not 200,000 round trips. Running it twice, or again after a crash half way,
adds nothing twice because the database refuses a second call for the same enrolment
and day (`one_call_per_day`), not because Python looked first."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .models import WEEKDAYS, Cadence, CallStatus, CheckInCall, CheckInRules, Enrolment

# Week numbers count from this Monday: an every-two-weeks enrolment is called in the
# weeks whose number has its `week_parity` (models.Enrolment.week_parity).
PARITY_EPOCH = date(1970, 1, 5)


def week_parity(day: date) -> int:
    return ((day - PARITY_EPOCH).days // 7) % 2


def generate_calls(*, day: date, organization_id=None) -> int:
    """Makes the check-ins due on `day` (calls, and text check-ins that helper code sends)
    for every active enrolment; returns how many were new."""
    call, enrolment = CheckInCall._meta.db_table, Enrolment._meta.db_table
    quote = connection.ops.quote_name
    # The weekday column comes from our own list, never from input.
    weekday = quote(WEEKDAYS[day.weekday()])
    only_one = "AND e.organization_id = %s" if organization_id is not None else ""
    sql = f"""
        INSERT INTO {quote(call)} (
            organization_id, enrolment_id, participant_id, family_member_id, due_date,
            channel, language, status, try_on, attempts, flagged_low, created_at
        )
        SELECT e.organization_id, e.id, e.participant_id, e.family_member_id, %s,
            e.channel, e.language, %s, %s, 0, %s, %s
        FROM {quote(enrolment)} e
        WHERE e.status = 'active'
            AND e.starts_on <= %s
            AND (e.ends_on IS NULL OR e.ends_on >= %s)
            AND e.{weekday}
            AND (e.cadence <> %s OR e.week_parity = %s)
            {only_one}
        ON CONFLICT (enrolment_id, due_date) DO NOTHING
    """
    ops = connection.ops
    on, now = ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(timezone.now())
    params = [on, CallStatus.QUEUED, on, False, now, on, on, Cadence.FORTNIGHTLY, week_parity(day)]
    if organization_id is not None:
        params.append(organization_id)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def after_unreached(call: CheckInCall, rules: CheckInRules, today: date) -> tuple[str, date]:
    """Where a call goes after an attempt that did not reach the person (no answer, a
    voicemail): back to the queue (`retry`, on `try_on`) or, out of attempts or days,
    `not_reached`. `call.attempts` already counts this attempt.

    The attempts spread over the organization's days: with 3 over 2 days, the second try
    is the same day and the third the next day."""
    last_day = call.due_date + timedelta(days=rules.retry_days - 1)
    if call.attempts >= rules.max_attempts or today > last_day:
        return CallStatus.NOT_REACHED, call.try_on
    spread = call.due_date + timedelta(days=call.attempts * rules.retry_days // rules.max_attempts)
    try_on = min(max(today, spread), last_day)
    return CallStatus.RETRY, try_on
