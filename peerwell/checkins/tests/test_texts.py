"""Text check-ins: the day's question goes out by SMS in the person's language, and the
reply is matched to the check-in: a rating, CALL, a low rating, anything else, or a
number nobody has."""

import itertools

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.checkins.models import CallStatus, Channel, CheckInCall, Escalation
from peerwell.checkins.texts import receive_reply, send_text_checkins
from peerwell.messaging.inbound import receive_text
from peerwell.messaging.models import InboundKind, InboundMessage, OptOut, OutboundMessage

pytestmark = pytest.mark.django_db

PHONE = "+12155550142"
_sids = itertools.count(1)


@pytest.fixture
def dana(org, peer):
    return testing.make_participant(
        org, assigned_peer=peer, first_name="Dana", phone=PHONE, may_text=True
    )


def text_call(participant, by, *, status=CallStatus.QUEUED, **fields):
    enrolment = testing.make_enrolment(participant, by=by, channel=Channel.TEXT, **fields)
    return testing.make_call(enrolment, status=status)


def reply(org, body, *, from_number=PHONE) -> InboundMessage:
    """A text that came in, down the webhook's path (the reply it answered is kept on the
    message as `answer`)."""
    received = receive_text(
        organization=org,
        provider_id=f"SM{next(_sids):032d}",
        from_number=from_number,
        to_number="+12155550100",
        body=body,
    )
    inbound = received.message
    inbound.refresh_from_db()
    inbound.answer = received.reply
    return inbound


def test_the_check_in_goes_out_as_a_text_and_the_call_waits_for_the_reply(dana, peer):
    call = text_call(dana, peer)
    assert send_text_checkins(day=timezone.localdate()) == 1
    message = OutboundMessage.objects.get()
    assert message.to == PHONE
    assert message.purpose == "checkin"
    assert message.body == "How are you doing today, 1 to 5? Reply CALL if you'd like a call."
    call.refresh_from_db()
    assert call.status == CallStatus.TEXTED


def test_sending_twice_sends_one_text(dana, peer):
    text_call(dana, peer)
    send_text_checkins(day=timezone.localdate())
    assert send_text_checkins(day=timezone.localdate()) == 0
    assert OutboundMessage.objects.count() == 1


def test_a_spanish_speaker_gets_the_check_in_in_spanish(org, peer):
    rosa = testing.make_participant(org, phone=PHONE, may_text=True, language="es")
    text_call(rosa, peer)
    send_text_checkins(day=timezone.localdate())
    assert OutboundMessage.objects.get().body == (
        "¿Cómo estás hoy, del 1 al 5? Responde LLAMAR si quieres que te llamemos."
    )


def test_the_text_never_names_the_organization_unless_the_person_allowed_it(org, peer, dana):
    text_call(dana, peer)
    other = testing.make_participant(
        org, phone="+12155550143", may_text=True, text_may_mention_program=True
    )
    text_call(other, peer)
    send_text_checkins(day=timezone.localdate())
    plain, named = OutboundMessage.objects.order_by("id")
    assert org.name not in plain.body
    assert named.body.startswith(f"{org.name} check-in:")


def test_without_consent_to_texts_the_check_in_becomes_a_phone_call(org, peer):
    sam = testing.make_participant(org, phone=PHONE, may_text=False)
    call = text_call(sam, peer)
    assert send_text_checkins(day=timezone.localdate()) == 0
    call.refresh_from_db()
    assert (call.channel, call.status) == (Channel.CALL, CallStatus.QUEUED)
    assert not OutboundMessage.objects.exists()


def test_a_number_that_opted_out_gets_a_call_instead(org, peer, dana):
    OptOut.objects.create(organization=org, phone=PHONE)
    call = text_call(dana, peer)
    send_text_checkins(day=timezone.localdate())
    call.refresh_from_db()
    assert call.channel == Channel.CALL
    assert not OutboundMessage.objects.exists()


def test_a_family_member_is_called_since_no_consent_to_texts_is_on_file(org, peer, participant):
    member = testing.make_family_member(participant, phone=PHONE)
    enrolment = testing.make_enrolment(family_member=member, by=peer, channel=Channel.TEXT)
    call = testing.make_call(enrolment)
    send_text_checkins(day=timezone.localdate())
    call.refresh_from_db()
    assert call.channel == Channel.CALL


def test_a_number_reply_is_the_self_rating(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    inbound = reply(org, " 4 ")
    call.refresh_from_db()
    assert (call.self_rating, call.status) == (4, CallStatus.ANSWERED)
    assert call.closed_at is not None
    assert (inbound.kind, inbound.participant, inbound.call) == (InboundKind.RATING, dana, call)
    assert inbound.answer == "Thanks for letting us know."
    assert not Escalation.objects.exists()


def test_call_puts_the_check_in_in_the_callers_queue(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    inbound = reply(org, "Call me!")
    call.refresh_from_db()
    assert (call.channel, call.status) == (Channel.CALL, CallStatus.QUEUED)
    assert call.try_on == timezone.localdate()
    assert call in CheckInCall.objects.open().filter(channel=Channel.CALL)
    assert inbound.kind == InboundKind.CALL
    assert inbound.answer == "Thanks. We'll call you soon."


def test_llamar_asks_for_a_call_too(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    reply(org, "llamar")
    call.refresh_from_db()
    assert call.status == CallStatus.QUEUED


def test_a_rating_of_one_or_two_queues_a_call_and_flags_it(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    reply(org, "2")
    call.refresh_from_db()
    assert (call.self_rating, call.flagged_low) == (2, True)
    assert (call.channel, call.status) == (Channel.CALL, CallStatus.QUEUED)


def test_a_rating_well_below_the_recent_average_queues_a_flagged_call(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    for weeks in (1, 2):
        testing.make_call(
            call.enrolment,
            due_date=call.due_date - timezone.timedelta(weeks=weeks),
            status=CallStatus.ANSWERED,
            self_rating=5,
        )
    inbound = reply(org, "3")
    call.refresh_from_db()
    assert (call.flagged_low, call.status) == (True, CallStatus.QUEUED)
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.owner, escalation.call) == ("low_rating", peer, call)
    assert inbound.answer == "Thanks for letting us know. We'll call you soon."


def test_a_usual_rating_closes_the_check_in_without_a_call(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    testing.make_call(
        call.enrolment,
        due_date=call.due_date - timezone.timedelta(weeks=1),
        status=CallStatus.ANSWERED,
        self_rating=4,
    )
    reply(org, "3")
    call.refresh_from_db()
    assert (call.flagged_low, call.status) == (False, CallStatus.ANSWERED)


def test_any_other_text_goes_to_the_assigned_peer_to_read(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    inbound = reply(org, "Got the job!")
    assert (inbound.kind, inbound.for_user, inbound.participant) == (InboundKind.OTHER, peer, dana)
    assert inbound in InboundMessage.objects.to_read().filter(for_user=peer)
    call.refresh_from_db()
    assert call.status == CallStatus.TEXTED


def test_without_an_assigned_peer_a_supervisor_reads_the_text(org, peer, supervisor):
    testing.make_participant(org, phone=PHONE, may_text=True)
    inbound = reply(org, "Thanks for checking in")
    assert (inbound.kind, inbound.for_user) == (InboundKind.OTHER, supervisor)


def test_a_number_after_the_check_in_was_answered_is_a_text_to_read(org, peer, dana):
    text_call(dana, peer, status=CallStatus.TEXTED)
    reply(org, "4")
    second = reply(org, "5")
    assert (second.kind, second.for_user) == (InboundKind.OTHER, peer)


def test_a_spanish_speaker_is_answered_in_spanish(org, peer):
    rosa = testing.make_participant(org, phone=PHONE, may_text=True, language="es")
    text_call(rosa, peer, status=CallStatus.TEXTED)
    assert reply(org, "LLAMAR").answer == "Gracias. Te llamaremos pronto."


def test_a_family_member_s_text_goes_to_the_linked_participant_s_peer(org, peer, participant):
    testing.make_family_member(participant, phone="+12155550177")
    inbound = reply(org, "Is my brother ok?", from_number="+12155550177")
    assert (inbound.kind, inbound.participant, inbound.for_user) == (
        InboundKind.OTHER,
        participant,
        peer,
    )


def test_the_handler_alone_marks_a_number_nobody_has_unknown(org):
    inbound = InboundMessage.objects.create(
        organization=org,
        from_number="+12155550999",
        to_number="+12155550100",
        body="hello",
        provider_id="SM-direct",
        kind=InboundKind.OTHER,
    )
    assert receive_reply(inbound) is None
    inbound.refresh_from_db()
    assert inbound.kind == InboundKind.UNKNOWN_SENDER


def test_a_reply_from_a_number_nobody_has_is_a_safe_no_op(org, peer, dana):
    call = text_call(dana, peer, status=CallStatus.TEXTED)
    inbound = reply(org, "3", from_number="+12155550999")
    assert (inbound.kind, inbound.participant, inbound.for_user) == (
        InboundKind.UNKNOWN_SENDER,
        None,
        None,
    )
    call.refresh_from_db()
    assert call.status == CallStatus.TEXTED


def test_a_reply_matches_only_the_organization_it_came_to(org, other_org, peer, dana):
    text_call(dana, peer, status=CallStatus.TEXTED)
    inbound = reply(other_org, "4")
    assert inbound.kind == InboundKind.UNKNOWN_SENDER


def test_a_reply_days_later_does_not_answer_an_old_check_in(org, peer, dana):
    enrolment = testing.make_enrolment(dana, by=peer, channel=Channel.TEXT)
    old = testing.make_call(
        enrolment,
        due_date=timezone.localdate() - timezone.timedelta(days=10),
        status=CallStatus.TEXTED,
    )
    inbound = reply(org, "4")
    old.refresh_from_db()
    assert old.self_rating is None
    assert inbound.kind == InboundKind.OTHER
