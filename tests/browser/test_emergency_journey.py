"""A peer opens a record outside their caseload in an emergency: every page of it says so
until access ends; their supervisor then finds who opened whose record and why, and the
record's audit trail in words."""

import re

import pytest

from peerwell import testing

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Called the warm line in distress while their peer specialist is on leave"


def test_emergency_access_is_announced_on_the_record_and_reviewed_by_the_supervisor(
    live_server, new_page
):
    org = testing.make_org()
    peer = testing.make_user(org, "peer", full_name="Pat Peer")
    supervisor = testing.make_user(org, "supervisor")
    someone = testing.make_participant(
        org, first_name="Maximiliana", last_name="Wolfeschlegelsteinhausenberger-Quintero"
    )

    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/participants/{someone.pk}/")
    page.wait_for_url(re.compile(rf"/participants/{someone.pk}/emergency/"))
    page.get_by_label("Why do you need this record now?").fill(REASON)
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(re.compile(rf"/participants/{someone.pk}/$"))
    banner = page.get_by_role("region", name="Emergency access")
    assert "with emergency access. It ends at" in banner.inner_text()
    assert REASON in banner.inner_text()
    # The banner wraps a long unbroken name within a phone's width.
    right = banner.evaluate("e => Math.max(e.getBoundingClientRect().right, e.scrollWidth)")
    assert right <= PHONE_WIDTH["width"], f"the banner is {right} px wide at 360 px"
    assert_accessible(page, "the record opened with emergency access, at 360 px")
    page.goto(f"{live_server.url}/participants/{someone.pk}/consents/")
    assert page.get_by_role("region", name="Emergency access").is_visible()

    boss = new_page()
    sign_in(boss, live_server.url, supervisor)
    boss.goto(f"{live_server.url}/audit/")
    boss.get_by_role("link", name="Emergency access to records").click()
    boss.wait_for_url(re.compile(r"/audit/emergency/"))
    row = boss.get_by_role("row").filter(has_text="Pat Peer")
    assert REASON in row.inner_text() and "Maximiliana" in row.inner_text()
    assert_accessible(boss, "the list of emergency accesses")
    row.get_by_role("link", name="Audit trail of this record").click()
    boss.wait_for_url(re.compile(rf"/audit/\?participant={someone.pk}"))
    trail = boss.locator("tbody").inner_text()
    assert "Used emergency access" in trail and "Viewed the record" in trail
    assert "Refused: outside caseload" in trail
    assert_accessible(boss, "the audit trail of one record")
    boss.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(boss)
