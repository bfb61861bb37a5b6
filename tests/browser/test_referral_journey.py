"""A peer specialist refers a participant on a phone-sized screen in a real browser: from
the participant's record to the directory, a housing service open now near a ZIP code
(the closed one and the far one left out), its page, the referral sent with a warm
hand-off; a week later the referral is on the follow-ups list, and the peer follows it
to completion, after which it leaves the list. axe-core checks every page at WCAG 2.1 A
and AA, at 360 px."""

import re
from datetime import time

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.navigation.models import Referral
from peerwell.navigation.opening import refresh_open_periods
from peerwell.navigation.testing import make_directory_service

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page, where: str) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, f"{where} at 360px")


def test_a_peer_refers_and_follows_up_to_completion(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(
        org, first_name="Dana", last_name="Whitfield", assigned_peer=peer
    )
    base = live_server.url
    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, base, peer)

    every_day = {"byday": "MO,TU,WE,TH,FR,SA,SU", "verified_by": peer}
    # Open around the clock, in Newark: the one to find.
    make_directory_service(
        "Harbor House Housing Help", opens_at=time(0), closes_at=time(0), **every_day
    )
    # Housing too, near, but never open now (a minute a day, an hour ago or so).
    shut = (timezone.localtime() - timezone.timedelta(hours=2)).time().replace(second=0)
    make_directory_service(
        "Ironbound Tenant Desk",
        opens_at=shut,
        closes_at=(timezone.localtime() - timezone.timedelta(hours=1)).time().replace(second=0),
        **every_day,
    )
    # Open now but in Camden, eighty miles away.
    make_directory_service(
        "Camden Shelter Line",
        postal_code="08102",
        latitude=39.9496,
        longitude=-75.1199,
        opens_at=time(0),
        closes_at=time(0),
        **every_day,
    )
    refresh_open_periods()

    page.goto(f"{base}/participants/{participant.pk}/")
    page.get_by_role("link", name="Find a service").first.click()
    page.get_by_role("heading", name="Find a service", level=1).wait_for()
    page.get_by_label(re.compile("^Need")).select_option(label="Housing")
    page.get_by_label(re.compile("^Near")).fill("07102")
    page.get_by_label(re.compile("^Within")).select_option(index=1)
    page.locator("label", has_text="Open now").first.click()
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Harbor House Housing Help").wait_for()
    check_page(page, "the directory search's results")
    assert "Ironbound Tenant Desk" not in page.content()
    assert "Camden Shelter Line" not in page.content()
    page.get_by_role("link", name="Harbor House Housing Help").click()
    page.get_by_role("heading", name="Harbor House Housing Help", level=1).wait_for()
    check_page(page, "the service's page")
    page.get_by_role("link", name="Refer to this service").click()
    page.get_by_role("heading", name=re.compile("New referral"), level=1).wait_for()
    check_page(page, "the referral form")
    page.get_by_label(re.compile("^Need")).select_option(label="Housing")
    # The design system's checkbox is its label, as a person taps it.
    page.locator("label.usa-checkbox__label", has_text="Warm hand-off").click()
    page.get_by_role("button", name="Save the referral").click()
    page.get_by_role("heading", name="Housing: Harbor House Housing Help", level=1).wait_for()
    check_page(page, "the referral page")
    referral = Referral.objects.get()
    assert referral.status == "sent" and referral.warm_handoff
    assert referral.service.name == "Harbor House Housing Help"

    # A week later: the follow-up date has come.
    Referral.objects.update(follow_up_on=timezone.localdate())
    page.goto(f"{base}/follow-ups/")
    page.get_by_role("heading", name="Referrals to follow up").wait_for()
    check_page(page, "the follow-ups list with a referral")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Harbor House Housing Help")).click()
    page.get_by_role("button", name="Mark accepted").click()
    page.get_by_text("Marked accepted.").wait_for()
    page.get_by_role("button", name="Mark completed").click()
    page.get_by_text("Marked completed.").wait_for()
    check_page(page, "the completed referral")
    assert Referral.objects.get().status == "completed"

    page.goto(f"{base}/follow-ups/")
    assert "Harbor House Housing Help" not in page.content()
