import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.checkins.models import CheckInRules, Escalation

pytestmark = pytest.mark.django_db


def crisis_url(call):
    return reverse("checkins_crisis", args=[call.pk])


def test_logging_with_the_crisis_box_opens_the_crisis_screen(as_user, volunteer, held, peer):
    client = as_user(volunteer)
    response = client.post(
        reverse("checkins_call_log", args=[held.pk]),
        {"outcome": "reached", "minutes": "20", "support": ["emotional"], "flags": ["crisis"]},
    )
    assert response["Location"] == crisis_url(held)
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.owner) == ("crisis", peer)
    # The call is logged, and its caller can still reach the crisis screen.
    assert client.get(crisis_url(held)).status_code == 200


def test_the_crisis_screen_offers_988_911_and_the_on_call_number(as_user, volunteer, held, org):
    CheckInRules.objects.create(organization=org, on_call_number="+12155550100")
    body = as_user(volunteer).get(crisis_url(held)).content.decode()
    for link in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"', 'href="tel:+12155550100"'):
        assert link in body
    assert "reaching out is a strong step" in body


def test_the_hand_off_is_recorded_on_the_escalation(as_user, volunteer, held):
    client = as_user(volunteer)
    client.post(
        reverse("checkins_call_log", args=[held.pk]),
        {"outcome": "reached", "minutes": "20", "support": ["emotional"], "flags": ["crisis"]},
    )
    response = client.post(crisis_url(held), {"handed_to": "988"})
    assert response["Location"] == crisis_url(held)
    assert Escalation.objects.get().handed_to == "988"
    assert "Recorded: 988 Suicide" in client.get(crisis_url(held)).content.decode()


def test_the_crisis_button_before_logging_raises_the_escalation_with_the_hand_off(
    as_user, volunteer, held
):
    as_user(volunteer).post(crisis_url(held), {"handed_to": "911"})
    escalation = Escalation.objects.get()
    assert (escalation.kind, escalation.handed_to, escalation.raised_by) == (
        "crisis",
        "911",
        volunteer,
    )


def test_a_hand_off_must_say_where(as_user, volunteer, held):
    response = as_user(volunteer).post(crisis_url(held), {"handed_to": "nowhere"})
    assert response.status_code == 200 and not Escalation.objects.exists()


def test_nobody_else_opens_the_crisis_screen_of_a_held_call(as_user, held, org):
    assert as_user(testing.make_user(org, "peer")).get(crisis_url(held)).status_code == 404
