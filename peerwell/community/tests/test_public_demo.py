"""The demo's community week: loaded once it fills the public page and its feed; loaded
again it changes nothing."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from peerwell import testing
from peerwell.community import public_schedule
from peerwell.community.demo import load_demo_community
from peerwell.community.models import Event, EventChange, Site, Van

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Site, Van, Event, EventChange)]


@pytest.mark.parametrize("today", [date(2026, 11, 29), date(2027, 3, 10), date(2027, 1, 1)])
def test_the_demo_fills_the_page_and_the_feed_and_loads_once(client, today):
    moment = datetime.combine(today, time(8), tzinfo=ZoneInfo("America/New_York"))
    with time_machine.travel(moment, tick=False):
        demo_week(client, today)


def demo_week(client, today):
    org = testing.make_org("Demo")
    peer = testing.make_user(org, "peer")
    load_demo_community(org, facilitator=peer, today=today)
    assert counts() == [5, 1, 9, 2]
    load_demo_community(org, facilitator=peer, today=today)
    assert counts() == [5, 1, 9, 2]
    listings = public_schedule.listings(
        list(public_schedule.public_events(org)),
        public_schedule.ScheduleQuery(),
        *public_schedule.window(today),
    )
    kinds = {item.event.kind for item in listings}
    assert kinds == {"all_recovery", "support_group", "pop_up", "life_skills", "social"} | (
        {"family_group"} & kinds
    )
    assert any(item.occurrence.cancelled for item in listings)
    assert any(item.occurrence.moved for item in listings)
    assert {item.event.language for item in listings} >= {"en", "es", "en_es"}
    assert Event.objects.filter(van__isnull=False).count() == 2
    assert Site.objects.exclude(partner_contact="").count() == 2
    page = client.get(reverse("public_schedule", kwargs={"organization_slug": org.slug}))
    assert page.status_code == 200 and page.context["listings"]
    feed = client.get(reverse("public_schedule_feed", kwargs={"organization_slug": org.slug}))
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert len(calendar.walk("VEVENT")) == 10  # nine events and the moved date
