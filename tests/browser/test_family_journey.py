"""Family support in a real browser: from a family member's page, log the support they
received; it shows on their page and on the participant's timeline. axe-core checks each
page at WCAG 2.1 A and AA, and the family member's page at 360 px."""

import re

import pytest

from peerwell import testing

from .test_key_journey import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    sign_in,
)
from .test_service_journey import tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_peer_logs_family_support_from_the_family_members_page(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(org, assigned_peer=peer, first_name="Luis")
    member = testing.make_family_member(participant, "mother", first_name="Rosa")
    page = new_page()
    sign_in(page, live_server.url, peer)

    page.goto(f"{live_server.url}/participants/family/{member.pk}/")
    assert_accessible(page, "the family member's page")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Log family support")).click()
    assert_accessible(page, "the log-a-contact form for family support")
    assert page.get_by_label("Who was served").input_value() == str(member.pk)
    assert page.get_by_label("Kind of contact").input_value() == "family"
    tick(page, "Emotional")
    page.get_by_label("Notes").fill("Rosa asked about Al-Anon meetings near her work.")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url(re.compile(rf"/participants/{participant.pk}/$"))
    timeline = page.get_by_role("region", name="Timeline").inner_text()
    assert f"Served: Rosa {member.last_name}, family member" in timeline

    page.goto(f"{live_server.url}/participants/family/{member.pk}/")
    services = page.get_by_role("region", name="Services received").inner_text()
    assert "Family support" in services and "Al-Anon" in services
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the family member's page at 360px")
