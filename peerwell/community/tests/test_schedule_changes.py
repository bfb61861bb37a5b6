"""One date cancelled or moved, put back, and the times it shows across the clock
changes (the 6 PM meeting stays at 6 PM local)."""

import re
from datetime import date, time

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from peerwell.community import testing as community
from peerwell.community.models import EventChange

pytestmark = pytest.mark.django_db


def weekly(org, **fields):
    fields.setdefault("first_date", date(2031, 3, 4))
    fields.setdefault("rule", "FREQ=WEEKLY;BYDAY=TU")
    return community.make_event(org, title="Tuesday meeting", **fields)


@time_machine.travel(date(2031, 3, 1))
def test_a_date_is_cancelled_with_a_note_and_put_back(as_user, peer, org):
    event = weekly(org)
    client = as_user(peer)
    url = reverse("community_change_new", args=[event.pk])
    assert 'value="2031-03-04"' in client.get(url).content.decode()  # the next date
    response = client.post(
        url, {"original_date": "2031-03-11", "what": "cancel", "note": "Holiday"}
    )
    assert response.status_code == 302
    change = EventChange.objects.get(event=event)
    assert (change.original_date, change.cancelled, change.note) == (
        date(2031, 3, 11),
        True,
        "Holiday",
    )
    page = client.get(reverse("community_event", args=[event.pk])).content.decode()
    assert re.search(r"Cancelled</span> Tuesday, Mar 11, 2031.*Holiday", page)
    back = client.post(reverse("community_change_delete", args=[change.pk]))
    assert back.status_code == 302
    assert not EventChange.objects.exists()


@time_machine.travel(date(2031, 3, 1))
def test_a_date_is_moved_to_another_day_and_time(as_user, peer, org):
    event = weekly(org)
    client = as_user(peer)
    response = client.post(
        reverse("community_change_new", args=[event.pk]),
        {
            "original_date": "2031-03-11",
            "what": "move",
            "new_date": "2031-03-12",
            "new_starts_at": "17:00",
            "new_ends_at": "18:30",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("community_event", args=[event.pk])).content.decode()
    assert "Wednesday, Mar 12, 2031, 5:00 PM to 6:30 PM (instead of Mar 11, 2031)" in page


def test_a_change_on_a_date_that_is_not_an_occurrence_is_refused(as_user, peer, org):
    event = weekly(org)
    response = as_user(peer).post(
        reverse("community_change_new", args=[event.pk]),
        {"original_date": "2031-03-05", "what": "cancel", "note": "Kept note"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert escape("“Tuesday meeting” does not happen on Mar 5, 2031.") in body
    assert "Its next dates are Mar 11, 2031" in body
    assert "Kept note" in body
    assert not EventChange.objects.exists()


def test_a_date_changes_once(as_user, peer, org):
    event = weekly(org)
    community.make_change(event, date(2031, 3, 11))
    response = as_user(peer).post(
        reverse("community_change_new", args=[event.pk]),
        {"original_date": "2031-03-11", "what": "cancel"},
    )
    assert response.status_code == 200
    assert "already cancelled or moved" in response.content.decode()


def test_a_move_needs_its_new_date_and_times(as_user, peer, org):
    event = weekly(org)
    response = as_user(peer).post(
        reverse("community_change_new", args=[event.pk]),
        {"original_date": "2031-03-11", "what": "move", "new_date": "2031-03-12"},
    )
    assert response.status_code == 200
    assert "A moved date needs its new date and times." in response.content.decode()


def test_moving_a_van_event_onto_another_booking_is_refused(as_user, peer, org):
    van = community.make_van(org)
    stop = community.make_site(org, kind="van_stop")
    event = weekly(org, site=stop, van=van, starts_at=time(10), ends_at=time(12))
    community.make_event(
        org,
        site=stop,
        title="Thursday stop",
        van=van,
        first_date=date(2031, 3, 6),
        starts_at=time(11),
        ends_at=time(13),
        rule="FREQ=WEEKLY;BYDAY=TH",
    )
    response = as_user(peer).post(
        reverse("community_change_new", args=[event.pk]),
        {
            "original_date": "2031-03-11",
            "what": "move",
            "new_date": "2031-03-13",
            "new_starts_at": "10:00",
            "new_ends_at": "12:00",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert escape("already booked for “Thursday stop” on Mar 13, 2031, 11:00 AM to 1:00 PM") in body
    assert not EventChange.objects.exists()


def test_a_volunteer_cannot_put_a_date_back(as_user, org):
    from peerwell import testing

    change = community.make_change(weekly(org), date(2031, 3, 11))
    response = as_user(testing.make_user(org, "volunteer")).post(
        reverse("community_change_delete", args=[change.pk])
    )
    assert response.status_code == 404
    assert EventChange.objects.filter(pk=change.pk).exists()


@pytest.mark.parametrize(
    ("today", "before", "after"),
    [
        # Clocks go back on Sunday, November 1, 2026; forward on Sunday, March 14, 2027.
        (date(2026, 10, 20), "Sunday, Oct 25, 2026", "Sunday, Nov 1, 2026"),
        (date(2027, 3, 1), "Sunday, Mar 7, 2027", "Sunday, Mar 14, 2027"),
    ],
)
def test_the_six_pm_meeting_stays_at_six_across_the_clock_change(
    as_user, peer, org, today, before, after
):
    with time_machine.travel(today):
        event = community.make_event(
            org, first_date=date(2026, 10, 4), rule="FREQ=WEEKLY;BYDAY=SU", ends_at=time(19)
        )
        page = as_user(peer).get(reverse("community_event", args=[event.pk])).content.decode()
    for day in (before, after):
        assert f"{day}, 6:00 PM to 7:00 PM" in page
    assert "5:00 PM" not in page and "7:00 PM to" not in page
