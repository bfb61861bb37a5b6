"""A volunteer's free hour of check-in calls, on a phone-sized screen in a real browser:
sign in with the second factor, open today's calls, take one and log that they were
reached, take another and log no answer (it waits in the queue for a second try), take a
third and flag a crisis, which opens the crisis screen with 988, and record the hand-off.
axe-core checks every page at WCAG 2.1 A and AA, at 360 px."""

import re

import pytest

from peerwell import testing
from peerwell.checkins.models import CallAttempt, CheckInCall, Escalation

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in
from .test_service_journey import tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, label: str) -> None:
    """Pick a design-system radio button the way a person does: by its label."""
    page.locator("label.usa-radio__label", has_text=label).click()
    assert page.get_by_role("radio", name=label).is_checked()


def check_page(page, where: str) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, f"{where} at 360px")


def take(page, first_name: str):
    """Takes a call from the queue; the call page opens, with the log form."""
    page.get_by_role("button", name=f"Take this call {first_name}").click()
    page.wait_for_url(re.compile(r"/check-ins/calls/\d+/$"))
    page.get_by_role("heading", name=f"Check-in call with {first_name}", level=1).wait_for()


def test_a_volunteer_works_an_hour_of_check_in_calls(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    volunteer = testing.make_user(org, "volunteer")
    calls = {}
    people = (("Dana", "+12155550142"), ("Luis", "+12155550143"), ("Rosa", "+12155550144"))
    for first_name, phone in people:
        person = testing.make_participant(
            org, first_name=first_name, last_name="Private", phone=phone, assigned_peer=peer
        )
        notes = "Only call the cell phone." if first_name == "Dana" else ""
        enrolment = testing.make_enrolment(person, by=peer, safety_notes=notes)
        calls[first_name] = testing.make_call(enrolment)
    queue_url = f"{live_server.url}/check-ins/queue/"

    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, volunteer, check=check_page)
    # A volunteer's day starts on today's calls.
    page.wait_for_url(queue_url)
    waiting = page.get_by_role("region", name="Waiting for a caller")
    for first_name in calls:
        assert waiting.locator("strong", has_text=first_name).is_visible()
    # The minimum a call needs: never the last name.
    assert "Private" not in page.inner_text("main")
    check_page(page, "today's calls")

    # Reached: the call is logged, and its contact goes to the service log.
    take(page, "Dana")
    assert page.get_by_role("link", name="(215) 555-0142").get_attribute("href") == (
        "tel:+12155550142"
    )
    assert "Only call the cell phone." in page.inner_text("main")
    assert "Private" not in page.inner_text("main")
    check_page(page, "the call page")
    choose(page, "Reached them")
    page.get_by_label("Minutes on the call").fill("15")
    choose(page, "4")
    choose(page, "Yes, maintaining their recovery")
    tick(page, "Emotional")
    page.get_by_label("Summary for the next caller").fill("Steady week; new job going well.")
    check_page(page, "the call page, log filled in")
    page.get_by_role("button", name="Save the call").click()
    page.wait_for_url(queue_url)
    assert "Call logged. Thank you." in page.inner_text("main")
    assert not page.get_by_role("button", name="Take this call Dana").count()
    check_page(page, "today's calls after a reached call")

    # No answer: the call waits in the queue for a second try today.
    take(page, "Luis")
    choose(page, "No answer")
    page.get_by_role("button", name="Save the call").click()
    page.wait_for_url(queue_url)
    luis = page.locator(".pw-task", has_text="Luis")
    assert "1 attempt so far" in luis.inner_text()

    # A crisis: logging it opens the crisis screen, with 988 one tap away.
    take(page, "Rosa")
    choose(page, "Reached them")
    page.get_by_label("Minutes on the call").fill("20")
    tick(page, "Emotional")
    tick(page, "Crisis: they may be in danger now")
    page.get_by_role("button", name="Save the call").click()
    page.wait_for_url(re.compile(r"/check-ins/calls/\d+/crisis/$"))
    call_988 = page.get_by_role("link", name="Call 988 (Suicide & Crisis Lifeline)")
    assert call_988.get_attribute("href") == "tel:988"
    assert page.get_by_role("link", name="Text 988").get_attribute("href") == "sms:988"
    check_page(page, "the crisis screen")
    choose(page, "988 Suicide & Crisis Lifeline")
    page.get_by_role("button", name="Record the hand-off").click()
    assert "The peer has a task to follow up today." in page.inner_text("main")
    check_page(page, "the crisis screen, hand-off recorded")

    # What the hour left behind, as the supervisor and the peer will find it.
    dana, luis, rosa = (CheckInCall.objects.get(pk=calls[n].pk) for n in ("Dana", "Luis", "Rosa"))
    assert (dana.status, dana.self_rating) == ("reached", 4)
    assert CallAttempt.objects.get(call=dana).contact.kind == "check_in"
    assert (luis.status, luis.attempts, luis.claimed_by) == ("retry", 1, None)
    assert rosa.status == "reached"
    crisis = Escalation.objects.get(call=rosa)
    assert (crisis.kind, crisis.handed_to, crisis.owner) == ("crisis", "988", peer)
    assert crisis.raised_by == volunteer
