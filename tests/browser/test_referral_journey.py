"""A peer specialist refers a participant on a phone-sized screen in a real browser: from
the participant's record, a provider typed in (the directory's search lands with its own
branch), sent now with a warm hand-off; a week later the referral is on the follow-ups
list, and the peer follows it to completion, after which it leaves the list. axe-core
checks every page at WCAG 2.1 A and AA, at 360 px."""

import re

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.navigation.models import Referral

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

    page.goto(f"{base}/participants/{participant.pk}/")
    page.get_by_role("link", name="New referral").first.click()
    page.get_by_role("heading", name=re.compile("New referral"), level=1).wait_for()
    check_page(page, "the referral form")
    page.get_by_label(re.compile("^Provider$")).fill("Harbor Legal Aid")
    page.get_by_label(re.compile("^Provider's phone or email")).fill("973-555-0199")
    page.get_by_label(re.compile("^Need")).select_option(label="Legal help")
    # The design system's checkbox is its label, as a person taps it.
    page.locator("label.usa-checkbox__label", has_text="Warm hand-off").click()
    page.get_by_role("button", name="Save the referral").click()
    page.get_by_role("heading", name="Legal help: Harbor Legal Aid", level=1).wait_for()
    check_page(page, "the referral page")
    referral = Referral.objects.get()
    assert referral.status == "sent" and referral.warm_handoff

    # A week later: the follow-up date has come.
    Referral.objects.update(follow_up_on=timezone.localdate())
    page.goto(f"{base}/follow-ups/")
    page.get_by_role("heading", name="Referrals to follow up").wait_for()
    check_page(page, "the follow-ups list with a referral")
    page.get_by_role("link", name=re.compile("Harbor Legal Aid")).click()
    page.get_by_role("button", name="Mark accepted").click()
    page.get_by_text("Marked accepted.").wait_for()
    page.get_by_role("button", name="Mark completed").click()
    page.get_by_text("Marked completed.").wait_for()
    check_page(page, "the completed referral")
    assert Referral.objects.get().status == "completed"

    page.goto(f"{base}/follow-ups/")
    assert "Harbor Legal Aid" not in page.content()
