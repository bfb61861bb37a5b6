"""The staff schedule through HTTP: events made, shown in words, refused with a plain
message when they cannot happen, and the van never booked twice."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.community import testing as community
from peerwell.community.models import Event

pytestmark = pytest.mark.django_db


def event_data(site, **changes):
    data = {
        "title": "Tuesday pop-up",
        "kind": "pop_up",
        "site": site.pk,
        "language": "en",
        "is_public": "on",
        "first_date": "2031-03-04",
        "starts_at": "18:00",
        "ends_at": "19:30",
        "repeat": "weekly",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@time_machine.travel(date(2031, 3, 1))
def test_a_weekly_event_is_made_and_shown_in_words(as_user, peer, org):
    site = community.make_site(org)
    client = as_user(peer)
    response = client.post(
        reverse("community_event_new"), event_data(site, ends_on="2031-06-03", capacity="20")
    )
    event = Event.objects.get(title="Tuesday pop-up")
    assert response.status_code == 302
    assert response["Location"] == reverse("community_event", args=[event.pk])
    assert event.rule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20310603"
    assert event.created_by == peer
    assert AuditEntry.objects.filter(action="create", model="community.event").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Every Tuesday, 6:00 PM to 7:30 PM, until Jun 3, 2031" in page
    assert "Mar 4, 2031" in page and "Apr 22, 2031" in page  # the 8th date shown
    assert "Apr 29, 2031" not in page


def test_every_other_week_and_the_first_tuesday_are_written_by_the_form(as_user, peer, org):
    site = community.make_site(org)
    client = as_user(peer)
    client.post(reverse("community_event_new"), event_data(site, repeat="biweekly", count="6"))
    client.post(
        reverse("community_event_new"), event_data(site, title="First Tuesday", repeat="monthly")
    )
    assert (
        Event.objects.get(title="Tuesday pop-up").rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6"
    )
    monthly = Event.objects.get(title="First Tuesday")
    assert monthly.rule == "FREQ=MONTHLY;BYDAY=1TU"
    page = client.get(reverse("community_event", args=[monthly.pk])).content.decode()
    assert "First Tuesday of the month" in page


def test_an_event_that_ends_before_it_starts_is_refused_with_the_input_kept(as_user, peer, org):
    site = community.make_site(org)
    response = as_user(peer).post(
        reverse("community_event_new"),
        event_data(site, title="Kept title", starts_at="19:00", ends_at="18:00"),
    )
    assert response.status_code == 200
    assert "The event ends before it starts" in response.content.decode()
    assert "Kept title" in response.content.decode()
    assert not Event.objects.exists()


def test_a_rule_that_never_happens_is_refused(as_user, peer, org):
    site = community.make_site(org)
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
    response = as_user(peer).post(
        reverse("community_event_new"), event_data(site, repeat="advanced", rule=rule)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "never happens on or after" in body
    assert rule in body
    assert not Event.objects.exists()


def test_an_unreadable_rule_is_refused(as_user, peer, org):
    site = community.make_site(org)
    response = as_user(peer).post(
        reverse("community_event_new"), event_data(site, repeat="advanced", rule="FREQ=HOURLY")
    )
    assert response.status_code == 200
    assert "repeats daily, weekly, monthly or yearly" in response.content.decode()


def test_the_van_cannot_be_booked_twice(as_user, peer, org):
    van = community.make_van(org, name="Blue van")
    stop = community.make_site(org, kind="van_stop")
    community.make_event(
        org,
        site=stop,
        title="Military Park pop-up",
        van=van,
        first_date=date(2031, 3, 11),
        starts_at=time(17),
        ends_at=time(19),
        rule="FREQ=WEEKLY;BYDAY=TU",
    )
    response = as_user(peer).post(
        reverse("community_event_new"), event_data(stop, van=van.pk, title="Kept pop-up")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert escape("already booked for “Military Park pop-up” on Mar 11, 2031") in body
    assert "Kept pop-up" in body
    assert not Event.objects.filter(title="Kept pop-up").exists()


def test_the_van_may_serve_two_stops_one_after_the_other(as_user, peer, org):
    van = community.make_van(org)
    stop = community.make_site(org, kind="van_stop")
    community.make_event(
        org,
        site=stop,
        van=van,
        first_date=date(2031, 3, 4),
        starts_at=time(15),
        ends_at=time(18),
    )
    response = as_user(peer).post(reverse("community_event_new"), event_data(stop, van=van.pk))
    assert response.status_code == 302


def test_an_all_recovery_meeting_needs_a_certified_peer(as_user, peer, org):
    site = community.make_site(org)
    volunteer = testing.make_user(org, "volunteer", full_name="Val Unterberg")
    data = event_data(site, kind="all_recovery", facilitator=volunteer.pk)
    client = as_user(peer)
    response = client.post(reverse("community_event_new"), data)
    assert response.status_code == 200
    assert "Val Unterberg is not a peer specialist" in response.content.decode()
    community.make_certification(volunteer, expires_on=date(2032, 1, 1))
    assert client.post(reverse("community_event_new"), data).status_code == 302


def test_editing_keeps_the_rule_and_refuses_a_stale_form(as_user, peer, supervisor, org):
    event = community.make_event(org, first_date=date(2031, 3, 4), rule="FREQ=WEEKLY;BYDAY=TU")
    client = as_user(peer)
    url = reverse("community_event_edit", args=[event.pk])
    form = client.get(url).content.decode()
    assert 'value="weekly" selected' in form
    data = event_data(event.site, kind="all_recovery", title="Renamed", version="1")
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.version, event.rule) == ("Renamed", 2, "FREQ=WEEKLY;BYDAY=TU")
    stale = client.post(url, {**data, "title": "Stale"})
    assert stale.status_code == 200
    assert "Someone else saved this" in stale.content.decode()


@time_machine.travel(date(2031, 3, 1))
def test_a_new_rule_removes_the_changes_of_dates_it_no_longer_has(as_user, peer, org):
    event = community.make_event(org, first_date=date(2031, 3, 4), rule="FREQ=WEEKLY;BYDAY=TU")
    community.make_change(event, date(2031, 3, 11), cancelled=True, note="Holiday")
    moved = {"cancelled": False, "new_starts_at": time(17), "new_ends_at": time(18)}
    community.make_change(event, date(2031, 3, 18), new_date=date(2031, 3, 19), **moved)
    community.make_change(event, date(2031, 3, 25), new_date=date(2031, 3, 26), **moved)
    community.make_change(event, date(2031, 4, 1), note="Spring break")
    client = as_user(peer)
    url = reverse("community_event_edit", args=[event.pk])
    assert "keeps its change only if the event still happens" in client.get(url).content.decode()
    # Every other Tuesday from Mar 4: the 11th and the 25th are meeting days no more.
    data = event_data(event.site, repeat="biweekly", version="1")
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Event saved." in page
    assert (
        "These changes were for dates the event no longer has, so they were removed: "
        "Mar 11, 2031 (cancelled), Mar 25, 2031 (moved)."
    ) in page
    kept = event.changes.order_by("original_date").values_list("original_date", flat=True)
    assert list(kept) == [date(2031, 3, 18), date(2031, 4, 1)]
    removed = AuditEntry.objects.filter(action="delete", model="community.eventchange")
    assert sorted(e.detail["original_date"] for e in removed) == ["2031-03-11", "2031-03-25"]
    # Saving it again as it is removes nothing more and says nothing of it.
    again = client.post(url, {**data, "version": "2"}, follow=True).content.decode()
    assert "Event saved." in again and "no longer has" not in again


def test_archiving_takes_the_event_off_the_schedule(as_user, peer, org):
    event = community.make_event(org, title="Old group")
    client = as_user(peer)
    response = client.post(reverse("community_event_archive", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.archived_at is not None
    assert "Old group" not in client.get(reverse("community")).content.decode()
    assert "Old group" not in client.get(reverse("community_events")).content.decode()


def test_a_volunteer_reads_the_schedule_but_cannot_plan(as_user, org):
    volunteer = testing.make_user(org, "volunteer")
    event = community.make_event(org)
    client = as_user(volunteer)
    assert client.get(reverse("community_event", args=[event.pk])).status_code == 200
    assert client.get(reverse("community_event_new")).status_code == 403
    assert client.get(reverse("community_event_edit", args=[event.pk])).status_code == 404


def test_another_organizations_event_is_not_found(as_user, peer, other_org):
    event = community.make_event(other_org)
    assert as_user(peer).get(reverse("community_event", args=[event.pk])).status_code == 404


def test_the_list_filters_by_kind_and_site(as_user, peer, org):
    site = community.make_site(org)
    community.make_event(org, site=site, title="Pop-up at the park", kind="pop_up")
    community.make_event(org, title="Family night", kind="family_group")
    client = as_user(peer)
    body = client.get(reverse("community_events"), {"kind": "pop_up"}).content.decode()
    assert "Pop-up at the park" in body and "Family night" not in body
    body = client.get(reverse("community_events"), {"site": site.pk}).content.decode()
    assert "Pop-up at the park" in body and "Family night" not in body


def test_the_home_shows_this_week_with_my_events_first(as_user, org):
    volunteer = testing.make_user(org, "volunteer")
    today = timezone.localdate()
    mine = community.make_event(org, title="My pop-up", facilitator=volunteer, first_date=today)
    community.make_event(org, title="Not mine", first_date=today, is_public=False)
    community.make_change(mine, today + timedelta(days=7), note="Holiday")
    body = as_user(volunteer).get(reverse("community")).content.decode()
    assert body.index("My events") < body.index("My pop-up") < body.index("Every event, by day")
    assert "Not mine" in body  # staff-only events are on the staff page
    assert "Cancelled" in body and "Holiday" in body


def test_an_advanced_rule_is_kept_and_said_in_words(as_user, peer, org):
    site = community.make_site(org)
    client = as_user(peer)
    response = client.post(
        reverse("community_event_new"),
        event_data(site, repeat="advanced", rule="rrule:freq=weekly;byday=tu,th"),
    )
    event = Event.objects.get()
    assert event.rule == "FREQ=WEEKLY;BYDAY=TU,TH"
    page = client.get(response["Location"]).content.decode()
    assert "Every Tuesday and Thursday, 6:00 PM to 7:30 PM" in page
    form = client.get(reverse("community_event_edit", args=[event.pk])).content.decode()
    assert 'value="advanced" selected' in form and 'value="FREQ=WEEKLY;BYDAY=TU,TH"' in form


def test_booking_the_van_locks_it_first(as_user, peer, org):
    """Two planners booking one van wait for each other: the van's row is locked before
    its bookings are compared (SQLite locks the whole database for a write instead)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    van = community.make_van(org)
    stop = community.make_site(org, kind="van_stop")
    client = as_user(peer)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("community_event_new"), event_data(stop, van=van.pk))
    assert response.status_code == 302
    sql = [q["sql"] for q in queries.captured_queries]
    locks = [s for s in sql if "community_van" in s and "FOR UPDATE" in s]
    assert bool(locks) == connection.features.has_select_for_update
