"""Texts around a call: the reminder the day before and "we tried to reach you" after a
missed attempt, with consent, by the organization's rule, in the person's language."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.checkins import tasks_texts
from peerwell.checkins.models import CallAttempt, CheckInRules
from peerwell.checkins.reminders import (
    send_call_reminders,
    text_after_missed_call,
    text_missed_calls,
)
from peerwell.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db

PHONE = "+12155550142"
SUNDAY = date(2026, 3, 1)
MONDAY = SUNDAY + timedelta(days=1)


@pytest.fixture
def dana(org, peer):
    return testing.make_participant(org, assigned_peer=peer, phone=PHONE, may_text=True)


def enrol(participant, by, **fields):
    """Mondays, 10:00 to 12:00 (testing.make_enrolment)."""
    return testing.make_enrolment(participant, by=by, **fields)


def test_a_reminder_goes_out_the_day_before_a_call(dana, peer):
    enrol(dana, peer)
    assert send_call_reminders(day=SUNDAY) == 1
    message = OutboundMessage.objects.get()
    assert (message.to, message.purpose) == (PHONE, "reminder")
    assert message.body == "Hi! We'll call you tomorrow between 10:00 AM and 12:00 PM."


def test_no_reminder_on_a_day_before_no_call(dana, peer):
    enrol(dana, peer)
    assert send_call_reminders(day=MONDAY) == 0


def test_reminding_twice_sends_one_text(dana, peer):
    enrol(dana, peer)
    send_call_reminders(day=SUNDAY)
    assert send_call_reminders(day=SUNDAY) == 0
    assert OutboundMessage.objects.count() == 1


def test_the_reminder_is_in_spanish_for_a_spanish_speaker(org, peer):
    rosa = testing.make_participant(org, phone=PHONE, may_text=True, language="es")
    enrol(rosa, peer, window_start=time(14), window_end=time(15, 30))
    send_call_reminders(day=SUNDAY)
    assert OutboundMessage.objects.get().body == (
        "¡Hola! Te llamaremos mañana entre las 14:00 y las 15:30."
    )


def test_the_reminder_names_the_organization_only_when_allowed(org, peer):
    named = testing.make_participant(org, phone=PHONE, may_text=True, text_may_mention_program=True)
    enrol(named, peer)
    send_call_reminders(day=SUNDAY)
    assert OutboundMessage.objects.get().body.startswith(f"{org.name}: we'll call you tomorrow")


def test_no_reminder_without_consent_to_texts(org, peer):
    enrol(testing.make_participant(org, phone=PHONE, may_text=False), peer)
    assert send_call_reminders(day=SUNDAY) == 0


def test_no_reminder_when_the_organization_turned_them_off(org, dana, peer):
    CheckInRules.objects.create(organization=org, reminder_texts=False)
    enrol(dana, peer)
    assert send_call_reminders(day=SUNDAY) == 0


def test_no_reminder_for_a_paused_or_ended_enrolment(dana, peer):
    enrol(dana, peer, status="paused")
    assert send_call_reminders(day=SUNDAY) == 0


def test_every_two_weeks_reminds_only_in_the_weeks_of_a_call(dana, peer):
    from peerwell.checkins.reminders import week_parity

    enrol(dana, peer, cadence="fortnightly", week_parity=week_parity(MONDAY))
    assert send_call_reminders(day=SUNDAY) == 1
    assert send_call_reminders(day=SUNDAY + timedelta(weeks=1)) == 0


def test_text_check_ins_get_no_reminder(dana, peer):
    enrol(dana, peer, channel="text")
    assert send_call_reminders(day=SUNDAY) == 0


def missed(call, caller, outcome="no_answer"):
    return CallAttempt.objects.create(
        organization=call.organization, call=call, caller=caller, outcome=outcome
    )


def test_a_missed_call_sends_we_tried_to_reach_you(dana, peer):
    call = testing.make_call(enrol(dana, peer))
    message = text_after_missed_call(call=call)
    assert (message.to, message.purpose) == (PHONE, "missed")
    assert message.body == "Hi! We tried to call you today and missed you. We'll try again."


def test_a_second_missed_attempt_sends_no_second_text(dana, peer):
    call = testing.make_call(enrol(dana, peer))
    text_after_missed_call(call=call)
    text_after_missed_call(call=call)
    assert OutboundMessage.objects.count() == 1


def test_no_missed_call_text_without_consent(org, peer):
    call = testing.make_call(enrol(testing.make_participant(org, phone=PHONE), peer))
    assert text_after_missed_call(call=call) is None
    assert not OutboundMessage.objects.exists()


def test_the_sweep_texts_each_call_missed_today_once(org, dana, peer):
    call = testing.make_call(enrol(dana, peer))
    missed(call, peer)
    missed(call, peer, "voicemail")
    reached = testing.make_call(
        enrol(testing.make_participant(org, phone="+12155550143", may_text=True), peer)
    )
    CallAttempt.objects.create(
        organization=org, call=reached, caller=peer, outcome="reached", minutes=10
    )
    assert text_missed_calls(day=timezone.localdate()) == 1
    text_missed_calls(day=timezone.localdate())
    assert OutboundMessage.objects.get().dedupe_key == f"missed:{call.pk}"


def test_the_worker_s_jobs_run(dana, peer):
    testing.make_call(enrol(dana, peer, channel="text"))
    assert tasks_texts.send_todays_text_checkins.call() == 1
    assert tasks_texts.send_tomorrows_reminders.call() == 0
    assert tasks_texts.text_todays_missed_calls.call() == 0
    assert tasks_texts.notify_overdue_escalations.call() == 0


def test_every_periodic_job_names_a_task_that_exists():
    from django.conf import settings
    from django.utils.module_loading import import_string

    for job in settings.PERIODIC_TASKS:
        assert hasattr(import_string(job["task"]), "enqueue"), job["name"]


def test_logging_an_unanswered_call_texts_we_tried_to_reach_you_at_once(client, dana, peer):
    from django.urls import reverse

    call = testing.make_call(enrol(dana, peer))
    testing.sign_in(client, peer)
    client.post(reverse("checkins_call_claim", kwargs={"call_id": call.pk}))
    client.post(reverse("checkins_call_log", kwargs={"call_id": call.pk}), {"outcome": "no_answer"})
    sent = OutboundMessage.objects.filter(purpose="missed", participant=dana)
    assert [m.to for m in sent] == [PHONE]
