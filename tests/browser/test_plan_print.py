"""Making a Recovery Wellness Plan with a participant in a real browser, on a phone:
strengths, where they are now and a goal in each of the four dimensions, the plan for a
recurrence of symptoms, a step with a date, their agreement, then the printout in their
language. axe-core checks each page at WCAG 2.1 A and AA, at 360 px."""

import pytest
from django.utils import timezone

from peerwell import testing

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOALS = {
    "Health": "Sleep seven hours most nights",
    "Home": "Get my own lease by spring",
    "Community": "Go to the Tuesday All Recovery meeting",
    "Purpose": "Finish the forklift course",
}


def check(page, where):
    assert_accessible(page, where)
    assert_no_horizontal_scroll(page)


def test_peer_makes_a_plan_with_the_participant_and_prints_it(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    lucia = testing.make_participant(
        org, assigned_peer=peer, first_name="Lucía", last_name="Morales", language="es"
    )
    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, live_server.url, peer)

    page.goto(f"{live_server.url}/participants/{lucia.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start a wellness plan").click()
    check(page, "the new plan form")
    page.get_by_label("Strengths").fill("I never give up. My daughter is my reason.")
    for dimension, goal in GOALS.items():
        fieldset = page.get_by_role("group", name=dimension)
        fieldset.get_by_label(f"{dimension}: where they are now, in their words").fill(
            f"Where I am with {dimension.lower()}"
        )
        fieldset.get_by_label("Goal").fill(goal)
    page.get_by_label("Triggers").fill("Payday; old friends downtown.")
    page.get_by_label("People to call, with their numbers").fill("Rosa 215-555-0101")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(f"{live_server.url}/participants/{lucia.pk}/plan/")
    assert "Wellness plan saved." in page.inner_text("main")
    for goal in GOALS.values():
        assert goal in page.inner_text("main")
    check(page, "the plan")

    # A step with a date, done by the participant.
    page.get_by_label("For the goal").select_option(label=f"Home: {GOALS['Home']}")
    page.get_by_label("What").fill("Ask the housing office about the waiting list")
    page.get_by_label("By when (optional)").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Add the step").click()
    page.wait_for_load_state()
    assert "Step added." in page.inner_text("main")

    # It is on the follow-up list, where it can be marked done.
    page.goto(f"{live_server.url}/follow-ups/")
    check(page, "the follow-up list with a plan step")
    step = page.locator(".pw-task", has_text="Ask the housing office about the waiting list")
    step.get_by_role("button", name="Done", exact=False).first.click()
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    assert "Step marked done." in page.inner_text("main")

    # Lucía agrees, and takes the plan home in Spanish.
    page.goto(f"{live_server.url}/participants/{lucia.pk}/plan/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record their agreement").click()
    check(page, "the agreement form")
    page.get_by_label("Participant's agreement (their typed full name)").fill("Lucía Morales")
    page.get_by_role("button", name="Record the agreement").click()
    page.wait_for_url(f"{live_server.url}/participants/{lucia.pk}/plan/")
    assert "Agreed by Lucía Morales" in page.inner_text("main")
    page.get_by_role("link", name="Print to take home").click()
    # Wait for the printout itself: reading the page mid-navigation finds no document.
    page.wait_for_url(f"{live_server.url}/participants/{lucia.pk}/plan/print/")
    assert page.evaluate("() => document.documentElement.lang") == "es"
    assert "Mi Plan de Bienestar en la Recuperación" in page.inner_text("main")
    check(page, "the printout on a phone")
    page.emulate_media(media="print")
    assert not page.locator(".usa-header").is_visible()
    assert not page.get_by_role("link", name="Volver al plan").is_visible()
    assert page.get_by_text(GOALS["Purpose"]).is_visible()
