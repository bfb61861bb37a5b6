"""The outbox: a text is recorded before it is sent, and sent at most once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peerwell.messaging import sending
from peerwell.messaging.actions import queue_text
from peerwell.messaging.models import MessageStatus, OptOut, OutboundMessage
from peerwell.messaging.tasks import send_text, sweep_outbox

NUMBER = "+12155550123"


def queue(org, key="reminder:call:1", **fields):
    fields.setdefault("to", NUMBER)
    fields.setdefault("body", "Hi Alex, we will call tomorrow between 10 and 12.")
    return queue_text(organization_id=org.pk, purpose="reminder", dedupe_key=key, **fields)


def test_a_queued_text_is_sent_once_the_transaction_commits(
    org, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(org)
        assert sent == []  # nothing leaves before the caller's transaction commits
    message.refresh_from_db()
    assert sent == [(NUMBER, "Hi Alex, we will call tomorrow between 10 and 12.")]
    assert message.status == MessageStatus.SENT
    assert message.provider_id == "memory-1" and message.sent_at is not None


def test_queueing_the_same_key_twice_returns_the_first_text_and_adds_nothing(org, sent):
    first = queue(org)
    second = queue(org, body="A different text")
    assert second.pk == first.pk
    assert OutboundMessage.objects.count() == 1


def test_the_same_key_in_another_organization_is_another_text(org, other_org, sent):
    queue(org)
    queue(other_org)
    assert OutboundMessage.objects.count() == 2


def test_a_number_that_opted_out_is_recorded_and_never_sent(
    org, sent, django_capture_on_commit_callbacks
):
    OptOut.objects.create(organization=org, phone=NUMBER)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(org)
    sweep_outbox.enqueue()
    assert message.status == MessageStatus.OPTED_OUT
    assert sent == []


def test_a_stop_after_the_text_was_queued_still_stops_it(org, sent):
    message = queue(org)  # its task has not run yet
    OptOut.objects.create(organization=org, phone=NUMBER)
    send_text.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.OPTED_OUT
    assert sent == []


def test_the_send_task_run_twice_sends_once(org, sent):
    message = queue(org)
    send_text.enqueue(message.pk)
    send_text.enqueue(message.pk)
    assert len(sent) == 1


def test_a_worker_killed_between_claim_and_send_never_sends_it_again(org, sent):
    message = queue(org)
    assert sending.claim(message.pk)  # ...and the worker dies here
    send_text.enqueue(message.pk)
    sweep_outbox.enqueue()
    assert sent == []
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING


def test_a_text_stuck_mid_send_is_reported_failed_saying_it_may_have_gone(org, sent):
    message = queue(org)
    sending.claim(message.pk)
    sweep_outbox.enqueue()  # a minute later: still in the provider's hands, maybe
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING
    sending.fail_stuck(now=timezone.now() + timedelta(minutes=11))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "may or may not have gone out" in message.error
    assert sent == []


def test_the_sweep_sends_a_text_whose_task_was_lost(org, sent):
    message = queue(org)  # on_commit never ran: the task is lost
    sweep_outbox.enqueue()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(sent) == 1


def test_a_text_due_later_waits_for_its_time(org, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(org, send_after=timezone.now() + timedelta(hours=1))
    assert sending.send_due() == 0
    assert sending.send_due(now=timezone.now() + timedelta(hours=2)) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_provider_refusal_is_recorded_on_the_text(org, settings):
    settings.SMS_BACKEND = "peerwell.messaging.tests.test_outbox.RefusingBackend"
    message = queue(org)
    send_text.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.error == "The number cannot receive texts"


def test_a_number_that_is_not_e164_is_refused(org, sent):
    with pytest.raises(ValueError):
        queue(org, to="215-555-0123")
    assert not OutboundMessage.objects.exists()


def test_the_console_backend_logs_the_text_with_the_number_masked(org, settings, caplog):
    settings.SMS_BACKEND = "console"
    message = queue(org)
    with caplog.at_level("INFO", logger="peerwell.messaging"):
        send_text.enqueue(message.pk)
    assert "Hi Alex, we will call tomorrow" in caplog.text
    assert NUMBER not in caplog.text and "0123" in caplog.text


class RefusingBackend:
    def send_sms(self, to, body):
        from peerwell.messaging.backends import SmsError

        raise SmsError("The number cannot receive texts")


def test_twilio_without_its_settings_fails_the_system_check(settings):
    from peerwell.messaging.checks import check_sms_backend

    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC123", ""
    settings.TWILIO_FROM_NUMBER = "+12155550100"
    (error,) = check_sms_backend(None)
    assert error.id == "peerwell.E101" and "TWILIO_AUTH_TOKEN" in error.msg
    settings.TWILIO_AUTH_TOKEN = "token"
    assert check_sms_backend(None) == []


def test_a_mistake_in_periodic_tasks_fails_the_system_check(settings):
    from peerwell.messaging.checks import check_periodic_tasks

    settings.PERIODIC_TASKS = [{"name": "daily", "task": "a.b", "at": "25:00"}]
    (error,) = check_periodic_tasks(None)
    assert error.id == "peerwell.E102"


@pytest.mark.django_db(transaction=True)
def test_ten_workers_sending_the_same_text_at_once_send_it_once(sent):
    import threading

    from django.db import connection

    from peerwell import testing

    org = testing.make_org()
    # Written directly: queue_text outside a transaction would send it at once.
    message = OutboundMessage.objects.create(
        organization=org, channel="sms", to=NUMBER, body="Hi", purpose="test", dedupe_key="k"
    )
    start = threading.Barrier(10)
    results = []

    def worker():
        from django.db import OperationalError

        try:
            start.wait()
            results.append(sending.send_one(message.pk))
        except OperationalError:
            # SQLite under load may answer "database is locked" to a writer: that worker
            # sends nothing, and the sweep would try the row again later.
            results.append("locked")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == 1 and len(results) == 10
    assert results.count(MessageStatus.SENT) == 1
    assert set(results) - {MessageStatus.SENT} <= {None, "locked"}
