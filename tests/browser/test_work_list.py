"""The caseload as a work list and the caseload move, in a real browser: labelled rows on a
phone, sorting from the column headers, and "Select all" by keyboard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from peerwell import testing
from peerwell.participants.models import Participant

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseload_reads_as_labelled_rows_on_a_phone_and_sorts_from_the_headers(
    live_server, new_page
):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    today = timezone.localdate()
    reached = testing.make_participant(org, assigned_peer=peer, first_name="Ana", last_name="Cruz")
    testing.make_contact(reached, peer, contact_date=today - timedelta(days=3))
    testing.make_participant(org, assigned_peer=peer, first_name="Bo", last_name="Diaz")
    page = new_page()
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/participants/mine/")

    # Wide: a table whose headers sort; the current one says so to a screen reader.
    header = page.get_by_role("columnheader", name="Last contact")
    header.get_by_role("link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort=last_contact"))
    assert page.get_by_role("columnheader", name="Last contact").get_attribute("aria-sort") == (
        "ascending"
    )
    names = page.locator("tbody th").all_inner_texts()
    assert names == ["Diaz, Bo", "Cruz, Ana"]  # never contacted comes first
    assert_accessible(page, "the sorted caseload")

    # Phone: each row is the name, then labelled lines; the phone number dials.
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(page)
    row = page.locator("tbody tr").filter(has_text="Cruz, Ana")
    text = row.inner_text()
    assert "Last contact: " in text and "Language: English" in text
    assert "Status: Active" in text
    assert row.get_by_role("link", name="(215) 555-0123").get_attribute("href") == (
        "tel:+12155550123"
    )
    newcomer = page.locator("tbody tr").filter(has_text="Diaz, Bo").inner_text()
    assert "Last contact: never NO CONTACT YET" in newcomer  # the tag shows in capitals
    assert_accessible(page, "the caseload at 360 px")


def test_select_all_by_keyboard_moves_everyone(live_server, new_page):
    org = testing.make_org()
    supervisor = testing.make_user(org, "supervisor")
    leaving = testing.make_user(org, "peer", full_name="Lee Leaving")
    staying = testing.make_user(org, "peer", full_name="Sam Staying")
    for _ in range(3):
        testing.make_participant(org, assigned_peer=leaving)
    page = new_page()
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/participants/caseloads/?from={leaving.pk}")

    select_all = page.get_by_role("checkbox", name="Select all")
    assert page.get_by_role("link", name="Select all").count() == 0  # the script's checkbox
    select_all.focus()
    page.keyboard.press("Space")
    boxes = page.locator("input[name=participants]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, True]
    boxes.nth(0).focus()
    page.keyboard.press("Space")  # one fewer: "Select all" is now "mixed"
    assert not boxes.nth(0).is_checked()
    assert page.evaluate("() => document.getElementById('select-all-participants').indeterminate")
    page.keyboard.press("Space")
    assert select_all.is_checked()
    assert_accessible(page, "the caseload move")

    page.get_by_label("Move them to").select_option(label="Sam Staying")
    page.get_by_role("button", name="Move").click()
    assert page.get_by_text("3 participants moved to Sam Staying.").is_visible()
    assert Participant.objects.filter(assigned_peer=staying).count() == 3
