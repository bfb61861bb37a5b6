"""Recording attendance on a phone: a peer opens today's meeting, steps the head count,
finds someone by typing (htmx, through participant search) and signs them in, then
confirms a door check-in; a visitor checks in at the door from the QR code's address.
axe-core finds nothing at WCAG 2.1 A/AA at 360 px, and nothing scrolls sideways."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.checkin_links import token_for
from peerwell.community.models import Attendee, Session

from .test_key_journey import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_peer_records_attendance_on_a_phone(live_server, new_page):
    cache.clear()
    org = testing.make_org("Riverside Recovery Community")
    peer = testing.make_user(org, "peer")
    meeting = community.make_event(
        org, title="All Recovery Meeting", first_date=timezone.localdate(), rule=""
    )
    testing.make_participant(org, first_name="Evangelina", last_name="Quartermaine")
    testing.make_participant(org, first_name="Dolores", last_name="Reyes", phone="+19735550142")

    visitor = new_page(viewport=PHONE_WIDTH)
    visitor.goto(f"{live_server.url}/o/{org.slug}/check-in/{token_for(meeting)}/")
    assert_accessible(visitor, "the door check-in form at 360px")
    assert_no_horizontal_scroll(visitor)
    visitor.get_by_label("First name").fill("Dolores")
    visitor.get_by_label("Phone number").fill("973-555-0142")
    visitor.get_by_role("button", name="Check in", exact=True).click()
    visitor.wait_for_url(re.compile(r"/thanks/$"))
    assert "Thank you for checking in" in visitor.inner_text("main")
    assert_accessible(visitor, "the door's thank-you page")

    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/community/events/{meeting.pk}/attendance/")
    assert_accessible(page, "the start page at 360px")
    # The door's check-in opened today's session already.
    page.get_by_role("link", name=re.compile("open the attendance$")).click()
    page.wait_for_url(re.compile(r"/community/sessions/\d+/$"))
    assert_accessible(page, "the session page at 360px")
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="One more").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="One more").click()
    page.wait_for_load_state()
    assert page.get_by_label("How many people came").input_value() == "2"

    page.get_by_role("button", name="Confirm Dolores Reyes").click()
    page.wait_for_url(re.compile(r"/community/sessions/\d+/$"))
    assert "Dolores Reyes is signed in." in page.inner_text("main")

    # Typing searches: the results arrive without pressing Search.
    page.get_by_label("Name or phone number").type("Quarterm", delay=30)
    button = page.get_by_role("button", name="Sign in Evangelina Quartermaine")
    button.wait_for()
    assert_accessible(page, "the session page with search results")
    button.click()
    page.wait_for_url(re.compile(r"/community/sessions/\d+/$"))
    assert "Evangelina Quartermaine is signed in." in page.inner_text("main")
    assert_no_horizontal_scroll(page)

    session = Session.objects.get(event=meeting)
    assert session.head_count == 2
    assert Attendee.objects.filter(session=session, status="confirmed").count() == 2

    page.get_by_label("How many people came").fill("1")
    page.get_by_role("button", name="Save", exact=True).last.click()
    assert "the head count cannot be less than 2" in page.inner_text("main")
    assert_accessible(page, "the session page with its error")
