"""Starting a session for an occurrence and recording its head count and notes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return testing.make_org()


@pytest.fixture
def peer(org):
    return testing.make_user(org, "peer")


@pytest.fixture
def weekly(org):
    """Weekly on today's weekday, started four weeks ago; last week cancelled."""
    today = timezone.localdate()
    event = community.make_event(org, first_date=today - timedelta(days=28))
    community.make_change(event, today - timedelta(days=7), note="Holiday")
    return event


def start(client, event, day):
    url = reverse("community_session_start", kwargs={"event_id": event.pk})
    return client.post(url, {"held_on": day.isoformat()})


def test_start_makes_the_session_once_and_finds_it_again(client, peer, weekly):
    testing.sign_in(client, peer)
    day = timezone.localdate() - timedelta(days=14)
    first = start(client, weekly, day)
    session = Session.objects.get(event=weekly, held_on=day)
    assert first["Location"] == reverse("community_session", kwargs={"session_id": session.pk})
    again = start(client, weekly, day)
    assert again["Location"] == first["Location"]
    assert Session.objects.count() == 1


def test_the_start_page_offers_recent_dates_but_not_the_cancelled_one(client, peer, weekly):
    testing.sign_in(client, peer)
    page = client.get(reverse("community_session_start", kwargs={"event_id": weekly.pk}))
    body = page.content.decode()
    today = timezone.localdate()
    assert f'value="{today.isoformat()}"' in body
    assert f'value="{(today - timedelta(days=14)).isoformat()}"' in body
    assert f'value="{(today - timedelta(days=7)).isoformat()}"' not in body


@pytest.mark.parametrize(
    "offset, message",
    [
        (-3, "does not happen on"),
        (-7, "was cancelled that day"),
        (7, "That date is still to come"),
    ],
)
def test_a_date_that_is_not_a_held_occurrence_is_refused(client, peer, weekly, offset, message):
    testing.sign_in(client, peer)
    day = timezone.localdate() + timedelta(days=offset)
    page = start(client, weekly, day)
    assert page.status_code == 200
    body = page.content.decode()
    assert escape(message) in body or message in body
    assert day.isoformat() in body
    assert not Session.objects.exists()


def test_a_date_that_is_not_an_occurrence_names_the_next_dates(client, peer, weekly):
    testing.sign_in(client, peer)
    page = start(client, weekly, timezone.localdate() - timedelta(days=3))
    assert "Its next dates are" in page.content.decode()


def test_head_count_and_notes_are_saved_and_notes_are_encrypted(client, peer, weekly):
    from django.db import connection

    testing.sign_in(client, peer)
    session = community.make_session(weekly, held_on=timezone.localdate())
    url = reverse("community_session", kwargs={"session_id": session.pk})
    answer = client.post(url, {"head_count": "12", "notes": "Snow; we met upstairs.", "version": 1})
    assert answer.status_code == 302 and answer["Location"] == url
    session.refresh_from_db()
    assert (session.head_count, session.notes, session.version) == (12, "Snow; we met upstairs.", 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM community_session WHERE id = %s", [session.pk])
        assert "Snow" not in cursor.fetchone()[0]
    assert "Snow; we met upstairs." in client.get(url).content.decode()


def test_the_stepper_buttons_work_without_scripts(client, peer, weekly):
    testing.sign_in(client, peer)
    session = community.make_session(weekly, held_on=timezone.localdate(), head_count=4)
    url = reverse("community_session", kwargs={"session_id": session.pk})
    client.post(url, {"head_count": "4", "step": "1", "version": 1})
    session.refresh_from_db()
    assert session.head_count == 5
    client.post(url, {"head_count": "5", "step": "-1", "version": 2})
    session.refresh_from_db()
    assert session.head_count == 4
    page = client.get(url).content.decode()
    assert 'name="step" value="-1"' in page and 'name="step" value="1"' in page


def test_a_stale_page_does_not_overwrite_a_newer_count(client, peer, weekly):
    testing.sign_in(client, peer)
    session = community.make_session(weekly, held_on=timezone.localdate(), head_count=4)
    url = reverse("community_session", kwargs={"session_id": session.pk})
    client.post(url, {"head_count": "9", "version": 1})
    stale = client.post(url, {"head_count": "3", "version": 1})
    assert stale.status_code == 200
    assert "Someone else saved this session" in stale.content.decode()
    session.refresh_from_db()
    assert session.head_count == 9


def test_a_head_count_below_the_people_signed_in_is_refused(client, peer, org, weekly):
    testing.sign_in(client, peer)
    session = community.make_session(weekly, held_on=timezone.localdate(), head_count=8)
    for _ in range(7):
        community.make_attendee(session, testing.make_participant(org))
    url = reverse("community_session", kwargs={"session_id": session.pk})
    page = client.post(url, {"head_count": "5", "notes": "Kept", "version": 1})
    assert page.status_code == 200
    body = page.content.decode()
    assert "You signed in 7 people; the head count cannot be less than 7." in body
    assert 'value="5"' in body and "Kept" in body
    session.refresh_from_db()
    assert session.head_count == 8
    assert client.post(url, {"head_count": "7", "version": 1}).status_code == 302


def test_a_volunteer_facilitator_records_counts_but_sees_no_names(client, org, weekly):
    volunteer = testing.make_user(org, "volunteer")
    weekly.facilitator = volunteer
    weekly.save()
    session = community.make_session(weekly, held_on=timezone.localdate(), head_count=2)
    community.make_attendee(session, testing.make_participant(org, first_name="Hortensia"))
    testing.sign_in(client, volunteer)
    url = reverse("community_session", kwargs={"session_id": session.pk})
    page = client.get(url).content.decode()
    assert "Hortensia" not in page
    assert 'name="q"' not in page
    # A search or a sign-in posted anyway is not acted on.
    client.post(url, {"find": "1", "q": "Hortensia"})
    assert client.post(url, {"head_count": "6", "version": 1}).status_code == 302
    session.refresh_from_db()
    assert session.head_count == 6
    assert start(client, weekly, timezone.localdate()).status_code == 302


def test_a_volunteer_does_not_reach_an_event_they_do_not_facilitate(client, org, weekly):
    testing.sign_in(client, testing.make_user(org, "volunteer"))
    session = community.make_session(weekly, held_on=timezone.localdate())
    url = reverse("community_session", kwargs={"session_id": session.pk})
    assert client.get(url).status_code == 404
    assert start(client, weekly, timezone.localdate()).status_code == 404
    assert Session.objects.count() == 1


def test_a_funder_and_another_organization_are_refused(client, org, weekly):
    session = community.make_session(weekly, held_on=timezone.localdate())
    url = reverse("community_session", kwargs={"session_id": session.pk})
    testing.sign_in(client, testing.make_user(testing.make_org(), "supervisor"))
    assert client.get(url).status_code == 404
    testing.sign_in(client, testing.make_user(org, "funder"))
    assert client.get(url).status_code == 404
