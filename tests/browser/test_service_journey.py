"""A peer specialist's day in a real browser: enroll someone, log a check-in call,
record their Part 2 consent, disclose under it, and show them the accounting of
disclosures. axe-core checks every page at WCAG 2.1 A and AA."""

import re

import pytest

from peerwell import testing

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick(page, label: str) -> None:
    """Tick a design-system checkbox the way a person does: by clicking its label."""
    page.locator("label.usa-checkbox__label", has_text=label).click()
    assert page.get_by_role("checkbox", name=label).is_checked()


def sign_on_pad(page) -> None:
    """Draw a signature with the mouse, as a finger would on a phone."""
    pad = page.get_by_role("img", name="Their signature, drawn on the screen (optional)")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 15):
        page.mouse.move(x + step * 15, y + (10 if step % 2 else -10))
    page.mouse.up()


def test_enroll_log_consent_disclose_and_account(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    page = new_page()
    sign_in(page, live_server.url, peer)

    # Enroll.
    page.goto(f"{live_server.url}/participants/new/")
    assert_accessible(page, "the enrollment form")
    page.get_by_label("First name").fill("Luis")
    page.get_by_label("Last name").fill("Ortega")
    page.get_by_label("Date of birth").fill("1985-06-02")
    page.get_by_role("textbox", name="Phone", exact=True).fill("(267) 555-0190")
    tick(page, "Harm reduction")
    page.get_by_label("Stage relative to treatment").select_option("before")
    page.get_by_role("button", name="Enroll").click()
    page.wait_for_url(re.compile(r"/participants/\d+/$"))
    record_url = page.url
    assert page.get_by_role("heading", name="Luis Ortega").is_visible()
    assert_accessible(page, "the participant page")

    # Log a check-in call.
    with page.expect_navigation():
        page.get_by_role("link", name="Log a contact").click()
    assert_accessible(page, "the log-a-contact form")
    page.get_by_label("Kind of contact").select_option("check_in")
    tick(page, "Emotional")
    tick(page, "Informational")
    page.get_by_label("Notes").fill("Talked through the week; looking at a harm reduction group.")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url(record_url)
    timeline = page.get_by_role("region", name="Timeline")
    assert "Check-in call" in timeline.inner_text()
    assert "Emotional, Informational" in timeline.inner_text()

    # Record a consent to disclose.
    with page.expect_navigation():
        page.get_by_role("link", name="Consents to disclose (42 CFR Part 2)").click()
    assert_accessible(page, "the consent list")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a consent").click()
    assert_accessible(page, "the consent form")
    tick(page, "Service log summary")
    page.get_by_label("To whom").fill("Riverside Housing Authority\nHarbor Clinic")
    page.get_by_label("Purpose of the disclosure").fill("Housing application")
    # The 2024 rule's elements: how to revoke comes filled in, nothing depends on signing.
    assert page.get_by_label("How the participant may revoke this consent").input_value()
    assert page.get_by_role("radio", name=re.compile("do not depend on")).is_checked()
    tick(page, "The participant was told they may revoke")
    page.get_by_label("Or the event that ends the consent").fill("When the application is decided")
    page.get_by_label("Participant's signature").fill("Luis Ortega")
    sign_on_pad(page)
    page.get_by_role("button", name="Record the consent").click()
    page.wait_for_url(re.compile(r"/consents/$"))
    assert "Riverside Housing Authority" in page.inner_text("main")
    assert page.get_by_role("img", name="Drawn signature").is_visible()
    assert_accessible(page, "the consent list with a drawn signature")
    # The consent's own page shows every element and what it states.
    with page.expect_navigation():
        page.get_by_role("link", name="Riverside Housing Authority; Harbor Clinic").click()
    assert "may then no longer be protected" in page.inner_text("main")
    page.go_back()

    # Disclose under it: the information to send is shown with the redisclosure notice.
    page.goto(record_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Record a disclosure").click()
    assert_accessible(page, "the disclosure form")
    # The recipient is chosen from those the consent names, not typed again.
    assert page.get_by_role("radio", name=re.compile("^Harbor Clinic")).is_visible()
    page.locator("label.usa-radio__label", has_text="Riverside Housing Authority").click()
    tick(page, "Service log summary")
    page.get_by_label("Purpose").fill("Housing application")
    page.get_by_role("button", name="Record the disclosure").click()
    page.get_by_role(
        "heading", name=re.compile("^Disclosure to Riverside Housing Authority")
    ).wait_for()
    assert "Disclosure recorded." in page.get_by_role("status").inner_text()
    assert "42 CFR part 2" in page.inner_text("main")
    # What goes out is the summary the consent names: the kinds of contact, not the notes.
    assert "Check-in call" in page.get_by_role("region", name="Service log summary").inner_text()
    assert "harm reduction group" not in page.inner_text("main")
    assert_accessible(page, "the disclosure confirmation")
    # A peer in the van sends it from a phone: the tables stack, nothing scrolls sideways.
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    # The accounting lists it, printable for the participant.
    page.goto(record_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Accounting of disclosures").click()
    main = page.inner_text("main")
    assert "Riverside Housing Authority" in main and "Housing application" in main
    assert_accessible(page, "the accounting of disclosures")
    # On paper: whose accounting and from whom, without the menus and links.
    page.emulate_media(media="print")
    assert page.get_by_text(f"From {org.name}, printed").is_visible()
    assert not page.locator("header").first.is_visible()
    assert not page.get_by_role("link", name=re.compile("^Packet")).is_visible()
    page.emulate_media(media="screen")
    # As a spreadsheet, and each row leads back to what was sent.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    assert "Riverside Housing Authority" in open(download.value.path()).read()
    with page.expect_navigation():
        page.get_by_role(
            "link", name=re.compile("^Packet sent to Riverside Housing Authority")
        ).click()
    page.get_by_role(
        "heading", name=re.compile("^Disclosure to Riverside Housing Authority")
    ).wait_for()
