"""A volunteer's hours, on a phone-sized screen in a real browser: the volunteer logs an
afternoon at the pop-up center, the supervisor finds it in the review and approves it,
and the volunteer sees it in this month's approved total. A certification is recorded on
the way. axe-core checks every page at WCAG 2.1 A and AA, at 360 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.community.models import Certification, VolunteerHours

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page, where: str) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, f"{where} at 360px")


def test_hours_logged_reviewed_and_counted(live_server, new_page):
    org = testing.make_org()
    volunteer = testing.make_user(org, "volunteer", full_name="Marisol Quintero")
    supervisor = testing.make_user(org, "supervisor")
    hours_url = f"{live_server.url}/community/hours/"

    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, volunteer)
    page.goto(hours_url)
    check_page(page, "my hours")
    page.get_by_role("spinbutton", name="Hours").fill("3")
    page.get_by_label("Minutes").fill("15")
    page.get_by_label("Program").select_option(label="Pop-up recovery centers")
    page.get_by_label("What you did").fill("Welcomed people at the library pop-up")
    page.get_by_role("button", name="Log the hours").click()
    page.wait_for_url(hours_url)
    assert "Waiting for approval" in page.inner_text("main")
    check_page(page, "my hours, one logged")

    # Too much for one day: the form comes back saying why, with what was typed.
    page.get_by_role("spinbutton", name="Hours").fill("21")
    page.get_by_label("Minutes").fill("0")
    page.get_by_label("What you did").fill("A typo")
    page.get_by_role("button", name="Log the hours").click()
    assert "A day has 24 hours" in page.inner_text("main")
    check_page(page, "my hours, refused")
    assert VolunteerHours.objects.count() == 1

    boss = new_page(viewport=PHONE_WIDTH)
    sign_in(boss, live_server.url, supervisor)
    boss.goto(f"{live_server.url}/community/hours/review/")
    assert "Marisol Quintero: 3 h 15 min" in boss.inner_text("main")
    check_page(boss, "the review")
    boss.get_by_role("button", name="Approve the hours of Marisol Quintero").click()
    boss.wait_for_url(f"{live_server.url}/community/hours/review/")
    assert "No hours are waiting for approval." in boss.inner_text("main")
    boss.goto(f"{live_server.url}/community/hours/totals/")
    assert "3 h 15 min" in boss.inner_text("main")
    check_page(boss, "the totals")

    # The volunteer's certification, expiring soon, on the supervisor's list.
    boss.goto(f"{live_server.url}/community/certifications/new/")
    check_page(boss, "a new certification")
    today = timezone.localdate()
    boss.get_by_label("Who holds it").select_option(label="Marisol Quintero")
    boss.get_by_label("Certification (required)", exact=True).fill(
        "Certified Peer Recovery Specialist"
    )
    boss.get_by_label("Issued by").fill("Certification Board of New Jersey")
    boss.get_by_label("Issued on").fill((today - timedelta(days=700)).isoformat())
    boss.get_by_label("Expires on").fill((today + timedelta(days=25)).isoformat())
    boss.get_by_role("button", name="Save the certification").click()
    boss.wait_for_url(f"{live_server.url}/community/certifications/")
    assert "Expires in 25 days" in boss.inner_text("main")
    check_page(boss, "the certifications")
    assert Certification.objects.get().holder == volunteer

    page.goto(hours_url)
    assert "Approved this month: 3 h 15 min" in page.inner_text("main")
