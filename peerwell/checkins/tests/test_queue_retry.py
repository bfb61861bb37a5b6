from datetime import date, timedelta

from peerwell.checkins.models import CheckInCall, CheckInRules
from peerwell.checkins.queue import after_unreached

DUE = date(2026, 11, 30)


def tried(attempts, try_on=DUE):
    return CheckInCall(due_date=DUE, try_on=try_on, attempts=attempts)


def test_the_default_rule_tries_three_times_over_two_days():
    rules = CheckInRules()
    assert after_unreached(tried(1), rules, DUE) == ("retry", DUE)
    assert after_unreached(tried(2), rules, DUE) == ("retry", DUE + timedelta(days=1))
    assert after_unreached(tried(3), rules, DUE + timedelta(days=1))[0] == "not_reached"


def test_four_attempts_over_three_days_spread_out():
    rules = CheckInRules(max_attempts=4, retry_days=3)
    days = [after_unreached(tried(n), rules, DUE)[1] for n in (1, 2, 3)]
    assert days == [DUE, DUE + timedelta(days=1), DUE + timedelta(days=2)]


def test_a_retry_logged_late_is_tried_that_day_not_in_the_past():
    rules = CheckInRules(max_attempts=3, retry_days=3)
    late = DUE + timedelta(days=2)
    assert after_unreached(tried(1), rules, late) == ("retry", late)


def test_past_the_last_day_the_call_is_not_reached():
    rules = CheckInRules(max_attempts=5, retry_days=2)
    assert after_unreached(tried(1), rules, DUE + timedelta(days=2))[0] == "not_reached"
