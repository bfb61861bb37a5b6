"""The iCalendar feeds, read back as a calendar app would: parsed by `icalendar`, expanded
by `recurring_ical_events`, and compared with what the public page shows for the same
two weeks, daylight-saving weeks included."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.public_schedule import WINDOW_DAYS

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def feed_url(org, name="public_schedule_feed", **kwargs):
    return reverse(name, kwargs={"organization_slug": org.slug, **kwargs})


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def feed_occurrences(calendar, start: date) -> set:
    """(uid, start, end) of every occurrence in the two weeks from `start`, as a calendar
    app expands the feed; cancelled one-offs are left out, as the app greys them out."""
    end = start + timedelta(days=WINDOW_DAYS)
    found = set()
    for component in recurring_ical_events.of(calendar).between(start, end):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        found.add((str(component["UID"]), component.start, component.end))
    return found


def page_occurrences(client, org, event_uids) -> set:
    """(uid, start, end) of every occurrence the public page lists and does not strike,
    read from its "Add to calendar" links and the times it shows."""
    response = client.get(reverse("public_schedule", kwargs={"organization_slug": org.slug}))
    assert response.status_code == 200
    shown = set()
    for listing in response.context["listings"]:
        if listing.occurrence.cancelled:
            continue
        o = listing.occurrence
        shown.add((event_uids[o.event.pk], o.starts, o.ends))
    return shown


@pytest.fixture
def schedule(db):
    """A weekly Tuesday meeting with a cancelled and a moved date, an every-other-week
    Saturday pop-up ending in a few months, a first-Thursday family group, and a one-off
    social that is cancelled."""
    org = testing.make_org("Feed Org")
    site = community.make_site(org, name="Recovery center")
    weekly = community.make_event(
        org, site=site, title="All Recovery Meeting", first_date=date(2026, 9, 1)
    )
    community.make_change(weekly, date(2026, 11, 3), note="Election day")
    community.make_change(
        weekly,
        date(2027, 3, 16),
        cancelled=False,
        new_date=date(2027, 3, 17),
        new_starts_at=time(17),
        new_ends_at=time(18),
        note="Room booked",
    )
    popup = community.make_event(
        org,
        site=community.make_site(org, name="Church hall", kind="partner", city="Trenton"),
        title="Pop-up recovery center",
        kind="pop_up",
        first_date=date(2026, 10, 24),
        starts_at=time(10),
        ends_at=time(13),
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20270501",
    )
    family = community.make_event(
        org,
        site=site,
        title="Family group",
        kind="family_group",
        first_date=date(2026, 10, 1),
        starts_at=time(19),
        ends_at=time(20, 30),
        rule="FREQ=MONTHLY;BYDAY=1TH",
    )
    social = community.make_event(
        org,
        site=site,
        title="Bowling",
        kind="social",
        first_date=date(2026, 11, 7),
        starts_at=time(14),
        ends_at=time(16),
        rule="",
    )
    community.make_change(social, date(2026, 11, 7), note="Lanes closed")
    return org, {e.pk: str(e.uid) for e in (weekly, popup, family, social)}


# The week the clocks go back (Nov 1, 2026), the week they go forward (Mar 14, 2027),
# and a week with a moved date.
@pytest.mark.parametrize("today", [date(2026, 11, 1), date(2027, 3, 14), date(2026, 10, 28)])
def test_the_feed_expands_to_what_the_page_shows(client, schedule, today):
    org, uids = schedule
    with time_machine.travel(datetime.combine(today, time(9), tzinfo=NEW_YORK), tick=False):
        calendar = parse(client.get(feed_url(org)))
        expected = page_occurrences(client, org, uids)
    assert expected, "the page shows nothing to compare"
    assert feed_occurrences(calendar, today) == expected


def test_a_cancelled_date_is_gone_and_a_moved_one_is_at_its_new_time(client, schedule):
    org, uids = schedule
    calendar = parse(client.get(feed_url(org)))
    found = feed_occurrences(calendar, date(2026, 11, 1))
    starts = {s for _, s, _ in found}
    assert datetime(2026, 11, 3, 18, tzinfo=NEW_YORK) not in starts  # cancelled
    assert datetime(2026, 11, 10, 18, tzinfo=NEW_YORK) in starts
    # After the clocks went back, still 6 PM local: 23:00 UTC.
    assert datetime(2026, 11, 10, 23, tzinfo=ZoneInfo("UTC")) in starts
    moved = feed_occurrences(calendar, date(2027, 3, 14))
    moved_starts = {s for _, s, _ in moved}
    assert datetime(2027, 3, 17, 17, tzinfo=NEW_YORK) in moved_starts
    assert datetime(2027, 3, 16, 18, tzinfo=NEW_YORK) not in moved_starts
    # The cancelled one-off is in the feed, marked cancelled.
    bowling = [c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == "Bowling"]
    assert [str(c["STATUS"]) for c in bowling] == ["CANCELLED"]


def test_the_feed_is_valid(client, schedule):
    org, _ = schedule
    response = client.get(feed_url(org))
    calendar = parse(response)
    assert calendar["X-WR-CALNAME"] == "Feed Org: community schedule"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    events = calendar.walk("VEVENT")
    assert len(events) == 5  # four events and one moved date
    for component in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION"):
            assert name in component, f"{component.get('SUMMARY')} has no {name}"
        assert component["DTSTART"].params["TZID"] == "America/New_York"
        assert component["GEO"].latitude == pytest.approx(40.7357)
    text = response.content.decode()
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in text
    assert "RRULE:FREQ=MONTHLY;BYDAY=1TH" in text
    # UNTIL as UTC beside a DTSTART with a time zone (RFC 5545 3.3.10): the end of May 1.
    assert "UNTIL=20270502T035959Z" in text
    assert re.search(r"EXDATE;TZID=America/New_York:20261103T180000", text)
    assert re.search(r"RECURRENCE-ID;TZID=America/New_York:20270316T180000", text)
    # Lines folded at 75 octets, CRLF endings.
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_feeds_answer_with_cache_headers_and_not_modified(client, schedule):
    org, _ = schedule
    first = client.get(feed_url(org))
    assert first["ETag"] and "max-age=3600" in first["Cache-Control"]
    again = client.get(feed_url(org), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert client.head(feed_url(org)).status_code == 200


def test_site_kind_and_event_feeds(client, schedule):
    org, uids = schedule
    hall = org_site(org, "Church hall")
    by_site = parse(client.get(feed_url(org, "public_schedule_site_feed", site_id=hall.pk)))
    assert {str(c["SUMMARY"]) for c in by_site.walk("VEVENT")} == {"Pop-up recovery center"}
    assert "Church hall" in str(by_site["X-WR-CALNAME"])
    by_kind = parse(client.get(feed_url(org, "public_schedule_kind_feed", kind="family_group")))
    assert {str(c["SUMMARY"]) for c in by_kind.walk("VEVENT")} == {"Family group"}
    uid = next(iter(uids.values()))
    one = parse(client.get(feed_url(org, "public_event_ics", uid=uid)))
    assert {str(c["UID"]) for c in one.walk("VEVENT")} == {uid}
    assert one.walk("VTIMEZONE")


def org_site(org, name):
    from peerwell.community.models import Site

    return Site.objects.get(organization=org, name=name)


def test_unknown_kind_other_site_and_hidden_events_are_not_found(client, schedule):
    org, _ = schedule
    other = testing.make_org("Other Org")
    theirs = community.make_site(other, name="Their hall")
    hidden = community.make_event(org, title="Staff training", kind="training", is_public=False)
    archived = community.make_event(org, title="Old meeting")
    archived.archived_at = archived.created_at
    archived.save()
    assert client.get(feed_url(org, "public_schedule_kind_feed", kind="poker")).status_code == 404
    assert (
        client.get(feed_url(org, "public_schedule_site_feed", site_id=theirs.pk)).status_code == 404
    )
    for event in (hidden, archived):
        assert client.get(feed_url(org, "public_event_ics", uid=event.uid)).status_code == 404
    text = client.get(feed_url(org)).content.decode()
    assert "Staff training" not in text and "Old meeting" not in text
    assert client.get(feed_url(org, "public_schedule_kind_feed", kind="training")).status_code == (
        200
    )


def test_a_rule_that_cannot_be_read_leaves_its_event_out_not_a_500(client, schedule):
    org, _ = schedule
    broken = community.make_event(org, title="Broken rule")
    type(broken).objects.filter(pk=broken.pk).update(rule="FREQ=WEEKLY;BYDAY=XX")
    response = client.get(feed_url(org))
    assert response.status_code == 200
    assert "Broken rule" not in response.content.decode()
    assert client.get(feed_url(org, "public_event_ics", uid=broken.uid)).status_code == 200
    page = client.get(reverse("public_schedule", kwargs={"organization_slug": org.slug}))
    assert page.status_code == 200


def test_the_feed_costs_the_same_queries_for_few_events_or_many(client, schedule):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org, _ = schedule

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(feed_url(org)).status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        more = community.make_event(org, title=f"Meeting {n}", first_date=date(2026, 9, 2))
        community.make_change(more, date(2026, 9, 9))
    assert count() == before
