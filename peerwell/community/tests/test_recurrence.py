"""The occurrence engine: rules expanded in the site's time zone, exceptions applied."""

from datetime import date, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from peerwell.community.recurrence import (
    BadEvent,
    build_rule,
    check_change_date,
    check_event,
    occurrences,
)

NEW_YORK = ZoneInfo("America/New_York")


def event(rule, first_date, starts_at=time(18), ends_at=time(19, 30), pk=1):
    site = SimpleNamespace(time_zone="America/New_York")
    return SimpleNamespace(
        pk=pk,
        rule=rule,
        first_date=first_date,
        starts_at=starts_at,
        ends_at=ends_at,
        site=site,
        title="Pop-up",
    )


def change(original, *, cancelled=False, new_date=None, starts=None, ends=None, pk=1):
    return SimpleNamespace(
        event_id=pk,
        original_date=original,
        cancelled=cancelled,
        new_date=new_date,
        new_starts_at=starts,
        new_ends_at=ends,
        note="",
    )


def test_weekly_meeting_keeps_its_local_hour_across_the_autumn_clock_change():
    # 2026-11-01 is the first Sunday of November: clocks go back in the US.
    weekly = event("FREQ=WEEKLY;BYDAY=TU", date(2026, 10, 20))
    found = occurrences([weekly], date(2026, 10, 20), date(2026, 11, 10), changes={})
    assert [o.date for o in found] == [
        date(2026, 10, 20),
        date(2026, 10, 27),
        date(2026, 11, 3),
        date(2026, 11, 10),
    ]
    assert {o.starts.astimezone(NEW_YORK).time() for o in found} == {time(18)}
    utc_hours = [o.starts.utcoffset() for o in found]
    assert utc_hours[1] != utc_hours[2]  # EDT before, EST after


def test_first_tuesday_of_the_month_and_every_other_week():
    monthly = event(build_rule("monthly", date(2026, 12, 1)), date(2026, 12, 1))
    assert monthly.rule == "FREQ=MONTHLY;BYDAY=1TU"
    found = occurrences([monthly], date(2026, 12, 1), date(2027, 3, 31), changes={})
    assert [o.date for o in found] == [
        date(2026, 12, 1),
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 3, 2),
    ]
    every_other = event(build_rule("biweekly", date(2026, 12, 3)), date(2026, 12, 3))
    found = occurrences([every_other], date(2026, 12, 1), date(2026, 12, 31), changes={})
    assert [o.date for o in found] == [date(2026, 12, 3), date(2026, 12, 17), date(2026, 12, 31)]


def test_a_rule_with_an_end_stops():
    rule = build_rule("weekly", date(2026, 12, 1), ends_on=date(2026, 12, 15))
    found = occurrences(
        [event(rule, date(2026, 12, 1))], date(2026, 12, 1), date(2027, 1, 31), changes={}
    )
    assert [o.date for o in found] == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]


def test_cancelled_and_moved_occurrences():
    weekly = event("FREQ=WEEKLY;BYDAY=TU", date(2026, 12, 1))
    changes = {
        (1, date(2026, 12, 8)): change(date(2026, 12, 8), cancelled=True),
        # Moved from the 15th to Thursday the 17th, later in the day.
        (1, date(2026, 12, 15)): change(
            date(2026, 12, 15), new_date=date(2026, 12, 17), starts=time(19), ends=time(20)
        ),
    }
    found = occurrences([weekly], date(2026, 12, 1), date(2026, 12, 22), changes=changes)
    assert [(o.date, o.cancelled, o.moved) for o in found] == [
        (date(2026, 12, 1), False, False),
        (date(2026, 12, 8), True, False),
        (date(2026, 12, 17), False, True),
        (date(2026, 12, 22), False, False),
    ]
    assert found[2].starts.time() == time(19) and found[2].original_date == date(2026, 12, 15)
    # Moved into a window that does not hold its original date.
    found = occurrences([weekly], date(2026, 12, 16), date(2026, 12, 18), changes=changes)
    assert [o.date for o in found] == [date(2026, 12, 17)]


@pytest.mark.parametrize(
    "rule, starts, ends, message",
    [
        ("", time(19), time(18), "ends before it starts"),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261101", time(18), time(19), "never happens"),
        ("FREQ=HOURLY", time(18), time(19), "daily, weekly, monthly or yearly"),
        ("FREQ=WEEKLY;BYDAY=XX", time(18), time(19), "cannot be read"),
    ],
)
def test_events_that_cannot_be_scheduled_are_refused_in_words(rule, starts, ends, message):
    with pytest.raises(BadEvent, match=message):
        check_event(first_date=date(2026, 12, 1), starts_at=starts, ends_at=ends, rule=rule)


def test_an_exception_must_fall_on_an_occurrence():
    weekly = event("FREQ=WEEKLY;BYDAY=TU", date(2026, 12, 1))
    check_change_date(weekly, date(2026, 12, 8))
    with pytest.raises(BadEvent, match="does not happen on") as refused:
        check_change_date(weekly, date(2026, 12, 9))
    assert "next dates" in str(refused.value)
    assert check_change_date(weekly, date(2026, 12, 1) + timedelta(weeks=10)) is None
