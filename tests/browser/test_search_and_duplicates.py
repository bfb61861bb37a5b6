"""Search and duplicates in a real browser: search results come back with the Back
button (and the name typed never shows in the address bar); a supervisor goes from the
possible duplicates to the merge without typing a record number."""

import re
from datetime import date

import pytest

from peerwell import testing
from peerwell.participants.pairs import rebuild_pairs

from .test_key_journey import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_results_survive_the_back_button(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    maria = testing.make_participant(
        org, first_name="Maria", last_name="Lopez", assigned_peer=peer, phone=""
    )
    page = new_page()
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Name or phone number").fill("Marai Lopes")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?r="))
    assert "Marai" not in page.url and "Lopes" not in page.url
    assert_accessible(page, "the search results")
    page.get_by_role("link", name="Lopez, Maria").click()
    page.wait_for_url(re.compile(rf"/participants/{maria.pk}/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/search/\?r="))
    # No "confirm form resubmission": the results and the term are back.
    assert page.get_by_role("link", name="Lopez, Maria").is_visible()
    assert page.get_by_label("Name or phone number").input_value() == "Marai Lopes"


def test_supervisor_merges_a_suggested_duplicate(live_server, new_page):
    org = testing.make_org()
    supervisor = testing.make_user(org, "supervisor")
    older = testing.make_participant(
        org, first_name="Keisha", last_name="Brown", date_of_birth=date(1990, 7, 4), phone=""
    )
    newer = testing.make_participant(
        org, first_name="Brown", last_name="Keisha", date_of_birth=date(1990, 4, 7), phone=""
    )
    # Made by the factory, not enrolled through the form: store their pair as
    # `peerwell find_duplicates` would.
    rebuild_pairs(org)
    page = new_page()
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/participants/")
    with page.expect_navigation():
        page.get_by_role("link", name="Possible duplicates").click()
    assert_accessible(page, "the possible duplicates")
    page.get_by_role("link", name=re.compile("Compare")).click()
    page.wait_for_url(re.compile(rf"/participants/{older.pk}/merge/\?number={newer.pk}$"))
    page.get_by_role("button", name="Merge the records").click()
    page.wait_for_url(re.compile(rf"/participants/{older.pk}/$"))
    # The duplicate's old address now opens the kept record.
    page.goto(f"{live_server.url}/participants/{newer.pk}/")
    page.wait_for_url(re.compile(rf"/participants/{older.pk}/$"))
