"""Twilio's webhook for texts coming in: signed or refused, recorded once, STOP/START/HELP
honoured, anything else handed to the reply handlers."""

import pytest
from django.core.management import call_command
from twilio.request_validator import RequestValidator

from peerwell import testing
from peerwell.checkins.models import CheckInRules
from peerwell.messaging.actions import queue_text
from peerwell.messaging.models import InboundMessage, MessageStatus, OptOut
from peerwell.messaging.tasks import sweep_outbox

PHONE = "+12155550123"
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@pytest.fixture
def handlers(settings):
    """No reply handler, unless a test names one."""
    settings.MESSAGING_REPLY_HANDLERS = []
    return settings


def test_a_wrong_signature_is_refused_and_nothing_recorded(org, participant, twilio_post):
    response = twilio_post(org, token="not-the-token", From=PHONE, Body="STOP")
    assert response.status_code == 403
    assert not InboundMessage.objects.exists() and not OptOut.objects.exists()


def test_a_missing_signature_is_refused_and_nothing_recorded(org, participant, twilio_post):
    response = twilio_post(org, token=None, From=PHONE, Body="Hello")
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_a_signature_for_other_parameters_is_refused(org, participant, twilio_post, settings):
    signature = RequestValidator("test-auth-token").compute_signature(
        f"{settings.SITE_URL}/o/{org.slug}/sms/twilio/", {"From": PHONE, "Body": "Hi"}
    )
    response = twilio_post(org, signature=signature, From=PHONE, Body="STOP")
    assert response.status_code == 403


def test_the_signature_is_checked_against_the_public_address_behind_a_proxy(
    org, participant, twilio_post, settings, handlers
):
    # Twilio signed https://peerwell.example.org/...; the proxy passed it on as http.
    settings.SITE_URL = "https://peerwell.example.org"
    response = twilio_post(org, From=PHONE, Body="Hello")
    assert response.status_code == 200


def test_a_signed_text_is_recorded_and_answered_with_twiml(org, participant, twilio_post, handlers):
    response = twilio_post(org, From=PHONE, Body="Doing ok today", MessageSid="SM1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    assert response.content.decode() == EMPTY
    text = InboundMessage.objects.get()
    assert (text.provider_id, text.from_number, text.body) == ("SM1", PHONE, "Doing ok today")


def test_twilios_retry_of_the_same_text_records_nothing_new(
    org, participant, twilio_post, handlers
):
    twilio_post(org, From=PHONE, Body="HELP", MessageSid="SM7")
    retry = twilio_post(org, From=PHONE, Body="HELP", MessageSid="SM7")
    assert retry.status_code == 200 and retry.content.decode() == EMPTY
    assert InboundMessage.objects.count() == 1


def test_an_unknown_organization_is_404(org, twilio_post):
    response = twilio_post(org, slug="no-such-org", From=PHONE, Body="STOP")
    assert response.status_code == 404
    assert not InboundMessage.objects.exists()


def test_a_text_without_a_sender_is_a_400(org, twilio_post):
    response = twilio_post(org, Body="Hello")
    assert response.status_code == 400


def test_a_get_is_not_allowed(org, client):
    assert client.get(f"/o/{org.slug}/sms/twilio/").status_code == 405


def test_stop_records_the_opt_out_and_answers_as_carriers_expect(org, participant, twilio_post):
    response = twilio_post(org, From=PHONE, Body=" stop ")
    assert OptOut.objects.filter(organization=org, phone=PHONE).exists()
    assert "unsubscribed" in response.content.decode()
    assert "START" in response.content.decode()
    assert InboundMessage.objects.get().kind == "stop"


@pytest.mark.parametrize("word", ["STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])
def test_every_carrier_stop_word_opts_out(org, participant, twilio_post, word):
    twilio_post(org, From=PHONE, Body=word)
    assert OptOut.objects.filter(phone=PHONE).exists()


def test_after_stop_a_queued_text_is_not_sent(org, participant, twilio_post, sent):
    twilio_post(org, From=PHONE, Body="STOP")
    message = queue_text(
        organization_id=org.pk, to=PHONE, body="Reminder", purpose="reminder", dedupe_key="r1"
    )
    sweep_outbox.enqueue()
    message.refresh_from_db()
    assert message.status == MessageStatus.OPTED_OUT
    assert sent == []


def test_start_lifts_the_opt_out(org, participant, twilio_post, sent):
    twilio_post(org, From=PHONE, Body="STOP")
    response = twilio_post(org, From=PHONE, Body="Start")
    assert not OptOut.objects.exists()
    assert "STOP" in response.content.decode()
    message = queue_text(
        organization_id=org.pk, to=PHONE, body="Reminder", purpose="reminder", dedupe_key="r1"
    )
    assert message.status == MessageStatus.QUEUED


def test_an_opt_out_is_kept_per_organization(org, other_org, participant, twilio_post):
    twilio_post(org, From=PHONE, Body="STOP")
    assert not OptOut.objects.filter(organization=other_org).exists()


def test_help_names_the_organization_and_how_to_reach_it_not_the_program(
    org, participant, twilio_post
):
    CheckInRules.objects.create(organization=org, on_call_number="+12155550199")
    response = twilio_post(org, From=PHONE, Body="HELP")
    reply = response.content.decode()
    assert "RRC" in reply  # "Riverside Recovery Community" would say what it is
    assert "(215) 555-0199" in reply and "STOP" in reply
    assert "recovery" not in reply.lower() and "addiction" not in reply.lower()
    assert InboundMessage.objects.get().kind == "help"


def test_help_names_a_neutral_organization_name_in_full(db, twilio_post):
    org = testing.make_org("Harbor CARES")
    response = twilio_post(org, From=PHONE, Body="info")
    assert "Harbor CARES" in response.content.decode()


def test_help_is_answered_in_the_participants_language(org, twilio_post):
    testing.make_participant(org, language="es")
    response = twilio_post(org, From=PHONE, Body="HELP")
    assert "STOP" in response.content.decode()
    assert "para" in response.content.decode().lower()


def test_a_text_from_an_unknown_number_is_recorded_and_nothing_else(org, twilio_post, settings):
    settings.MESSAGING_REPLY_HANDLERS = ["peerwell.messaging.tests.test_webhook.answer"]
    response = twilio_post(org, From="+12155550999", Body="who is this?")
    assert response.status_code == 200 and response.content.decode() == EMPTY
    text = InboundMessage.objects.get()
    assert text.kind == "unknown" and text.participant is None and text.for_user is None
    assert not HANDLED


def test_a_reply_from_a_participant_goes_to_their_peer_without_a_handler(
    org, participant, peer, twilio_post, handlers
):
    twilio_post(org, From=PHONE, Body="Can you call me tonight?")
    text = InboundMessage.objects.get()
    assert (text.kind, text.participant, text.for_user) == ("other", participant, peer)


def test_a_handler_module_not_written_yet_leaves_the_text_for_a_person(
    org, participant, twilio_post, settings
):
    settings.MESSAGING_REPLY_HANDLERS = ["peerwell.messaging.not_written_yet.receive_reply"]
    response = twilio_post(org, From=PHONE, Body="3")
    assert response.status_code == 200
    assert InboundMessage.objects.get().kind == "other"


def test_the_reply_handler_gets_the_saved_text_and_its_reply_is_sent_back(
    org, participant, twilio_post, settings
):
    settings.MESSAGING_REPLY_HANDLERS = ["peerwell.messaging.tests.test_webhook.answer"]
    response = twilio_post(org, From=PHONE, Body="4")
    text = InboundMessage.objects.get()
    assert HANDLED == [text.pk]
    assert text.kind == "rating"
    assert "Thanks for your answer" in response.content.decode()


def test_a_failing_handler_leaves_the_text_for_a_person_and_answers_200(
    org, participant, peer, twilio_post, settings
):
    settings.MESSAGING_REPLY_HANDLERS = ["peerwell.messaging.tests.test_webhook.fail"]
    response = twilio_post(org, From=PHONE, Body="5")
    assert response.status_code == 200
    text = InboundMessage.objects.get()
    assert (text.kind, text.for_user) == ("other", peer)


def test_the_demo_token_signs_texts_in_demo_mode_with_the_console_backend(
    org, participant, twilio_post, settings, handlers
):
    settings.DEMO, settings.SMS_BACKEND = True, "console"
    response = twilio_post(org, token="peerwell-demo-token", From=PHONE, Body="Hello")
    assert response.status_code == 200


def test_the_demo_token_is_refused_outside_demo_mode(org, participant, twilio_post, settings):
    settings.DEMO, settings.DEBUG, settings.SMS_BACKEND = False, False, "console"
    response = twilio_post(org, token="peerwell-demo-token", From=PHONE, Body="Hello")
    assert response.status_code == 403


def test_the_demo_token_is_refused_with_twilio_set_up(org, participant, twilio_post, settings):
    settings.DEMO, settings.SMS_BACKEND = True, "twilio"
    response = twilio_post(org, token="peerwell-demo-token", From=PHONE, Body="Hello")
    assert response.status_code == 403


def test_fake_text_runs_the_webhooks_path(org, participant, capsys):
    call_command("fake_text", PHONE, "STOP", "--organization", org.slug)
    assert OptOut.objects.filter(organization=org, phone=PHONE).exists()
    out = capsys.readouterr().out
    assert "Stop" in out and "unsubscribed" in out


HANDLED = []


@pytest.fixture(autouse=True)
def _forget_handled():
    HANDLED.clear()


def answer(text):
    HANDLED.append(text.pk)
    text.kind = "rating"
    text.save(update_fields=["kind"])
    return "Thanks for your answer."


def fail(text):
    text.kind = "rating"
    text.save(update_fields=["kind"])
    raise RuntimeError("handler bug")
