"""Self check-in at the door: the QR page, the public form, a match waiting for staff,
"just count me", the day rule, and flood protection."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.checkin_links import token_for
from peerwell.community.models import Attendee, Session
from peerwell.community.views_public_checkin import PER_ADDRESS, PER_PHONE

pytestmark = pytest.mark.django_db

FLOOD = "Too many check-ins from here just now."
THANKS = "Thank you for checking in"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org():
    return testing.make_org()


@pytest.fixture
def today_event(org):
    return community.make_event(
        org, title="Family group", kind="family_group", first_date=timezone.localdate(), rule=""
    )


def door(event, org=None):
    org = org or event.organization
    return reverse(
        "public_check_in", kwargs={"organization_slug": org.slug, "token": token_for(event)}
    )


def shown(response) -> str:
    """The page without its form tokens, which differ on every answer."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_qr_page_shows_a_code_pointing_at_the_form(client, org, today_event):
    testing.sign_in(client, testing.make_user(org, "peer"))
    page = client.get(reverse("community_event_qr", kwargs={"event_id": today_event.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body
    assert door(today_event) in body


def test_a_volunteer_prints_the_code_only_for_an_event_they_facilitate(client, org, today_event):
    volunteer = testing.make_user(org, "volunteer")
    testing.sign_in(client, volunteer)
    url = reverse("community_event_qr", kwargs={"event_id": today_event.pk})
    assert client.get(url).status_code == 404
    today_event.facilitator = volunteer
    today_event.save()
    assert client.get(url).status_code == 200


def test_a_match_waits_for_staff_and_the_thanks_page_says_nothing(client, org, today_event):
    person = testing.make_participant(org, first_name="Dolores", phone="+19735550142")
    answer = client.post(door(today_event), {"first_name": "dolores ", "phone": "(973) 555-0142"})
    assert answer.status_code == 302
    waiting = Attendee.objects.get(participant=person)
    assert waiting.status == "pending" and waiting.self_checked_in
    assert waiting.contact_id is None
    assert Session.objects.get(event=today_event).door_count == 0
    matched_thanks = shown(client.get(answer["Location"]))

    stranger = client.post(door(today_event), {"first_name": "Nobody", "phone": "973-555-0111"})
    assert Session.objects.get(event=today_event).door_count == 1
    assert Attendee.objects.count() == 1
    # The same words whether or not a match was found.
    assert shown(client.get(stranger["Location"])) == matched_thanks
    assert THANKS in matched_thanks


def test_preferred_name_matches_and_another_organization_does_not(client, org, today_event):
    testing.make_participant(org, first_name="Robert", preferred_name="Bob", phone="+19735550142")
    testing.make_participant(testing.make_org(), first_name="Ana", phone="+19735550143")
    client.post(door(today_event), {"first_name": "BOB", "phone": "973 555 0142"})
    client.post(door(today_event), {"first_name": "Ana", "phone": "973 555 0143"})
    assert Attendee.objects.count() == 1
    assert Session.objects.get(event=today_event).door_count == 1


def test_just_count_me_keeps_nothing_but_the_count(client, org, today_event):
    typed = {"just_count": "1", "first_name": "Dolores", "phone": "not a number"}
    answer = client.post(door(today_event), typed)
    assert answer.status_code == 302
    session = Session.objects.get(event=today_event)
    assert session.door_count == 1
    assert not Attendee.objects.exists()


def test_a_name_without_a_phone_comes_back_with_the_name(client, org, today_event):
    page = client.post(door(today_event), {"first_name": "Zora", "phone": ""})
    assert page.status_code == 200
    assert "Zora" in page.content.decode()
    assert "or choose “Just count me”" in page.content.decode()
    assert not Session.objects.exists()


def test_not_on_today(client, org):
    event = community.make_event(org, first_date=timezone.localdate() + timedelta(days=1), rule="")
    page = client.get(door(event))
    assert page.status_code == 200
    assert "This event is not on today" in page.content.decode()
    client.post(door(event), {"just_count": "1"})
    assert not Session.objects.exists()


def test_a_cancelled_day_is_not_on(client, org):
    today = timezone.localdate()
    event = community.make_event(org, first_date=today, rule="FREQ=DAILY")
    community.make_change(event, today)
    assert "This event is not on today" in client.get(door(event)).content.decode()


def test_a_forged_or_foreign_token_is_a_404(client, org, today_event):
    other = testing.make_org()
    assert client.get(door(today_event, other)).status_code == 404
    forged = reverse(
        "public_check_in",
        kwargs={"organization_slug": org.slug, "token": f"{today_event.pk}.forged"},
    )
    assert client.get(forged).status_code == 404


def test_a_flood_from_one_address_is_held_back(client, org, today_event):
    for _ in range(PER_ADDRESS):
        assert client.post(door(today_event), {"just_count": "1"}).status_code == 302
    flood = client.post(door(today_event), {"just_count": "1"})
    assert flood.status_code == 429
    assert FLOOD in flood.content.decode()
    assert Session.objects.get(event=today_event).door_count == PER_ADDRESS


def test_one_phone_checks_in_a_few_times_at_most(client, org, today_event):
    testing.make_participant(org, first_name="Dolores", phone="+19735550142")
    data = {"first_name": "Dolores", "phone": "973-555-0142"}
    for _ in range(PER_PHONE):
        assert client.post(door(today_event), data).status_code == 302
    again = client.post(door(today_event), data)
    assert again.status_code == 429
    assert FLOOD in again.content.decode()
    assert "Dolores" in again.content.decode()
    assert Attendee.objects.count() == 1


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_kept(client, org, today_event):
    answer = client.post(door(today_event), {"just_count": "1", "website": "http://spam"})
    assert answer.status_code == 302
    assert not Session.objects.exists()
