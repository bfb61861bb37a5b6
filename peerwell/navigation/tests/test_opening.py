"""Opening hours from a schedule's RFC 5545 rule, in the site's time zone."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from peerwell.navigation.models import Schedule, Service
from peerwell.navigation.opening import BadRule, check_rule, open_now, periods, refresh_open_periods
from peerwell.navigation.testing import make_directory_service

NEW_YORK = ZoneInfo("America/New_York")


def test_weekday_hours_follow_the_clocks_across_daylight_saving():
    schedule = Schedule(freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17))
    # 2026-03-08 is the Sunday the clocks go forward in New York.
    found = periods(schedule, date(2026, 3, 5), days=7)
    local = [(a.astimezone(NEW_YORK), b.astimezone(NEW_YORK)) for a, b in found]
    assert [a.date().isoformat() for a, _ in local] == [
        "2026-03-05",
        "2026-03-06",
        "2026-03-09",
        "2026-03-10",
        "2026-03-11",
    ]
    assert {(a.hour, b.hour) for a, b in local} == {(9, 17)}
    # The same local hours are different UTC hours either side of the change.
    assert found[0][0].hour == 14 and found[2][0].hour == 13


def test_second_tuesday_of_the_month():
    schedule = Schedule(freq="MONTHLY", byday="2TU", opens_at=time(18), closes_at=time(20))
    found = periods(schedule, date(2026, 11, 1), days=45)
    assert [a.astimezone(NEW_YORK).date() for a, _ in found] == [
        date(2026, 11, 10),
        date(2026, 12, 8),
    ]


def test_hours_past_midnight_close_the_next_day():
    schedule = Schedule(freq="WEEKLY", byday="FR", opens_at=time(22), closes_at=time(2))
    (opens, closes), *_ = periods(schedule, date(2026, 11, 27), days=1)
    assert closes.astimezone(NEW_YORK) == datetime(2026, 11, 28, 2, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    "fields",
    [
        {"freq": "FORTNIGHTLY"},
        {"freq": "WEEKLY", "byday": "XX"},
        {"freq": "MONTHLY", "bymonthday": "40"},
    ],
)
def test_a_rule_that_cannot_be_read_is_refused_in_words(fields):
    with pytest.raises(BadRule):
        check_rule(Schedule(**fields))


@pytest.mark.django_db
def test_open_now_is_one_range_test_over_the_refreshed_periods():
    weekdays = make_directory_service("Weekday help", byday="MO,TU,WE,TH,FR")
    make_directory_service("Weekend help", byday="SA,SU")
    assert refresh_open_periods(start=date(2026, 11, 23)) == 5 * 2 + 2 * 2
    assert refresh_open_periods(start=date(2026, 11, 23)) == 14  # twice: the same rows
    tuesday_noon = datetime(2026, 11, 24, 12, tzinfo=NEW_YORK)
    tuesday_night = datetime(2026, 11, 24, 20, tzinfo=NEW_YORK)
    assert list(open_now(Service.objects.all(), tuesday_noon)) == [weekdays]
    assert list(open_now(Service.objects.all(), tuesday_night)) == []
