from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins.models import CallAttempt

pytestmark = pytest.mark.django_db


def page(client, call):
    return client.get(reverse("checkins_call", args=[call.pk]))


def noted(call, caller, summary, days_ago):
    earlier = testing.make_call(
        call.enrolment, due_date=call.due_date - timedelta(days=days_ago), status="reached"
    )
    return CallAttempt.objects.create(
        organization=call.organization,
        call=earlier,
        caller=caller,
        outcome="reached",
        minutes=10,
        summary=summary,
        called_at=timezone.now() - timedelta(days=days_ago),
    )


def test_a_volunteer_sees_what_the_call_needs_and_not_the_record(
    as_user, volunteer, held, participant
):
    for days, words in ((21, "oldest words"), (14, "middle words"), (7, "latest words")):
        noted(held, volunteer, words, days)
    body = page(as_user(volunteer), held).content.decode()
    assert participant.first_name in body and participant.last_name not in body
    assert 'href="tel:+12155550123"' in body
    assert "Only call the cell." in body and "Between 10:00 AM and 12:00 PM" in body
    assert "latest words" in body and "middle words" in body and "oldest words" not in body
    assert reverse("participant_detail", args=[participant.pk]) not in body
    assert "Log this call" in body


def test_a_peer_also_gets_a_link_to_the_record(as_user, call, participant, org):
    other_peer = testing.make_user(org, "peer")
    body = page(as_user(other_peer), call).content.decode()
    assert reverse("participant_detail", args=[participant.pk]) in body
    assert "Take this call" in body and "Log this call" not in body


def test_opening_a_call_is_audited_naming_the_participant(as_user, volunteer, call, participant):
    page(as_user(volunteer), call)
    entry = AuditEntry.objects.get(actor=volunteer, action="view")
    assert (entry.participant, entry.model, entry.ip_address) == (
        participant,
        "checkins.checkincall",
        "127.0.0.1",
    )


def test_a_call_someone_else_holds_is_a_404_and_audited(as_user, held, org, participant):
    other = testing.make_user(org, "volunteer")
    assert page(as_user(other), held).status_code == 404
    assert AuditEntry.objects.filter(
        actor=other, action="refused", participant=participant
    ).exists()


def test_a_call_logged_by_someone_else_is_a_404(as_user, held, org):
    held.status = "reached"
    held.save()
    assert page(as_user(testing.make_user(org, "supervisor")), held).status_code == 404


def test_a_family_members_call_shows_their_first_name(as_user, volunteer, participant, peer):
    member = testing.make_family_member(participant, first_name="Rosalind", phone="+12155550177")
    call = testing.make_call(testing.make_enrolment(family_member=member, by=peer))
    body = page(as_user(volunteer), call).content.decode()
    assert "Rosalind" in body and 'href="tel:+12155550177"' in body


def test_the_caller_knows_whether_a_voicemail_may_name_the_program(
    as_user, volunteer, held, participant
):
    participant.voicemail_may_mention_program = False
    participant.save()
    body = page(as_user(volunteer), held).content.decode()
    assert "do not name the program" in body
    participant.voicemail_may_mention_program = True
    participant.save()
    body = page(as_user(volunteer), held).content.decode()
    assert "You may say who is calling and why." in body
    assert "do not name the program" not in body
