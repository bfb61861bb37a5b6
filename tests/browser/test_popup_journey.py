"""A peer plans a weekly pop-up recovery center on a phone-sized screen in a real browser:
the event made at a partner site, next week's date cancelled for a holiday, today's
attendance recorded with the head-count stepper; then anyone sees it on the public
schedule, today's pop-up listed and next week's shown as cancelled with its note, and
the page's iCalendar feed linked. axe-core checks every page at WCAG 2.1 A and AA, at
360 px, and nothing scrolls sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.models import Event, EventChange, Session

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Pop-up recovery center at St. Paul's"


def check_page(page, where: str) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, f"{where} at 360px")


def test_a_weekly_pop_up_with_a_cancelled_date_attendance_and_the_public_page(
    live_server, new_page
):
    org = testing.make_org("Riverside Recovery Community")
    peer = testing.make_user(org, "peer", full_name="Renata Okafor")
    community.make_site(org, "St. Paul's Church hall", kind="partner", city="Newark")
    today = timezone.localdate()
    next_week = today + timedelta(days=7)
    base = live_server.url
    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, base, peer)

    page.goto(f"{base}/community/")
    check_page(page, "the community's week")
    page.get_by_role("link", name="New event").first.click()
    page.get_by_role("heading", name="New event", level=1).wait_for()
    check_page(page, "the new event form")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Kind of event").select_option(label="Pop-up recovery center")
    page.get_by_label(re.compile(r"^Site")).select_option(label="St. Paul's Church hall")
    page.get_by_label("Facilitator").select_option(label="Renata Okafor")
    page.get_by_label("Show on the public schedule").check()
    page.get_by_label("First date").fill(today.isoformat())
    page.get_by_label("Starts at").fill("00:05")
    page.get_by_label("Ends at").fill("23:55")
    page.get_by_label("How it repeats").select_option(label="Every week")
    page.get_by_role("button", name="Save the event").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    check_page(page, "the event's page")
    event = Event.objects.get(title=TITLE)
    assert event.rule.startswith("FREQ=WEEKLY")
    assert "Every" in page.inner_text("main")

    # Next week's date is a holiday.
    page.get_by_role("link", name="Cancel or move one date").click()
    page.get_by_role("heading", name=re.compile("^Cancel or move one date"), level=1).wait_for()
    check_page(page, "the form to cancel or move a date")
    page.get_by_label("The date it was due").fill(next_week.isoformat())
    page.get_by_label("What happens").select_option(label="Cancelled")
    page.get_by_label("Note for the public").fill("Holiday: the hall is closed")
    page.get_by_role("button", name="Save the change").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert EventChange.objects.get(event=event).original_date == next_week
    assert "Holiday: the hall is closed" in page.inner_text("main")

    # Today's attendance, from the event's page: three people came.
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("heading", name=re.compile("^Record attendance"), level=1).wait_for()
    check_page(page, "the page to start recording attendance")
    page.get_by_role("button", name=re.compile("record attendance$")).first.click()
    page.wait_for_url(re.compile(r"/community/sessions/\d+/$"))
    check_page(page, "the session's page")
    for _ in range(3):
        page.get_by_role("button", name="One more").click()
        page.wait_for_load_state()
    page.get_by_label("How many people came").wait_for()
    assert page.get_by_label("How many people came").input_value() == "3"
    session = Session.objects.get(event=event)
    assert (session.held_on, session.head_count) == (today, 3)

    # Anyone, not signed in, finds it on the public schedule.
    visitor = new_page(viewport=PHONE_WIDTH)
    visitor.goto(f"{base}/o/{org.slug}/schedule/")
    visitor.get_by_role("heading", name=re.compile("^Meetings and groups at"), level=1).wait_for()
    check_page(visitor, "the public schedule")
    listed = visitor.inner_text("main")
    # Today's, and next week's, cancelled.
    assert visitor.get_by_role("heading", name=TITLE, exact=True).count() == 2
    assert "Cancelled: Holiday: the hall is closed" in listed
    feed = visitor.locator('link[rel="alternate"][type="text/calendar"]').get_attribute("href")
    assert feed.endswith(f"/o/{org.slug}/schedule.ics")
    # The pop-up's own filter keeps it; another kind's leaves it out.
    visitor.goto(f"{base}/o/{org.slug}/schedule/?kind=all_recovery")
    assert TITLE not in visitor.inner_text("main")
