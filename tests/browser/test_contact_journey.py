"""Working the follow-up list in a real browser: call, get no answer and log the attempt
(support and minutes step aside), call again and reach them (the follow-up is done),
undo a mistaken "done", and read a long note folded on the timeline. axe-core checks
each page at WCAG 2.1 A and AA, and the follow-up list at 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from peerwell import testing

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in
from .test_service_journey import tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_peer_works_a_follow_up_from_attempt_to_done(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    dana = testing.make_participant(
        org,
        assigned_peer=peer,
        first_name="Dana",
        last_name="Cruz",
        phone="+12155550142",
        safe_times="Weekdays after 5 pm",
        created_at=timezone.now() - timedelta(days=60),
    )
    testing.make_follow_up(
        peer,
        participant=dana,
        due_date=timezone.localdate(),
        reason="Ask how the housing interview went.",
    )
    page = new_page()
    sign_in(page, live_server.url, peer)
    follow_ups = f"{live_server.url}/follow-ups/"

    page.goto(follow_ups)
    task = page.locator(".pw-task", has_text="Dana Cruz")
    assert "Weekdays after 5 pm" in task.inner_text()
    assert task.get_by_role("link", name="(215) 555-0142").get_attribute("href") == (
        "tel:+12155550142"
    )
    assert_accessible(page, "the follow-up list")
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # No answer: an attempt needs no support or minutes, so those questions step aside.
    with page.expect_navigation():
        task.get_by_role("link", name="Log a contact with Dana Cruz").click()
    assert "Ask how the housing interview went." in page.inner_text("main")
    assert page.get_by_text("Empathy, encouragement, mentoring").is_visible()
    page.get_by_label("Kind of contact").select_option("check_in")
    page.get_by_label("Did you reach them?").select_option("no_answer")
    assert not page.get_by_role("group", name="Support given").is_visible()
    assert not page.get_by_label("Minutes").is_visible()
    assert_accessible(page, "the log-a-contact form for an attempt")
    page.get_by_label("Notes").fill("Rang twice, no voicemail box.")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url(follow_ups)
    assert "stays on your list" in page.inner_text("main")
    assert page.locator(".pw-task", has_text="Dana Cruz").count() == 1

    # Reached: the follow-up is done, and can be undone.
    page.locator(".pw-task", has_text="Dana Cruz").get_by_role(
        "link", name="Log a contact with Dana Cruz"
    ).click()
    page.get_by_label("Kind of contact").select_option("check_in")
    page.get_by_label("Did you reach them?").select_option("reached")
    assert page.get_by_label("Minutes").is_visible()
    tick(page, "Emotional")
    page.get_by_label("Notes").fill(
        "\n".join(f"Interview went well, point {n} of what we talked about." for n in range(8))
    )
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url(follow_ups)
    assert "The follow-up is done." in page.inner_text("main")
    done = page.get_by_role("region", name=re.compile("Done in the last"))
    assert "Dana Cruz" in done.inner_text()
    assert_accessible(page, "the follow-up list with one done")
    done.get_by_role("button", name="Undo the follow-up with Dana Cruz").click()
    page.wait_for_url(follow_ups)
    assert "The follow-up is open again." in page.inner_text("main")
    assert page.locator(".pw-task", has_text="Ask how the housing interview went.").count() == 1

    # The timeline: the attempt marked as such, the long note folded until asked for.
    page.goto(f"{live_server.url}/participants/{dana.pk}/")
    timeline = page.get_by_role("region", name="Timeline")
    assert "Attempt: No answer" in timeline.inner_text()
    assert timeline.get_by_text("point 1 of").is_visible()
    assert not timeline.get_by_text("point 7 of").is_visible()
    timeline.get_by_text("Show the whole note").click()
    assert timeline.get_by_text("point 7 of").is_visible()
    assert_accessible(page, "the timeline with an attempt and a long note")
