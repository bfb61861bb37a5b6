"""A peer specialist makes a Recovery Wellness Plan with a Spanish-speaking participant
on a phone-sized screen in a real browser: strengths, where they are and a goal in each
of the four dimensions (Health, Home, Community, Purpose), a step with a date, the plan
for a recurrence of symptoms and the participant's agreement; then records two BARC-10
administrations, sees the trend (chart, table and the change since intake), and opens
the printout, which is in the participant's language. axe-core checks every page at
WCAG 2.1 A and AA, at 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from peerwell import testing
from peerwell.assessments.models import Administration
from peerwell.plans.models import Goal, WellnessPlan

from .test_key_journey import PHONE_WIDTH, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The dimension, where the participant is now and their goal, in their words.
DIMENSIONS = (
    ("Health", "Duermo mal y me salto comidas.", "Ver a un médico este otoño."),
    ("Home", "Vivo con mi mamá; es estable.", "Tener mi propio cuarto antes del verano."),
    ("Community", "Me siento solo los sábados.", "Ir a la reunión del sábado."),
    ("Purpose", "Trabajo medio tiempo.", "Terminar la preparatoria (GED)."),
)
# Answers to the ten BARC-10 statements at intake and a month later: 31, then 44.
INTAKE = (3, 3, 2, 3, 4, 3, 3, 4, 3, 3)
LATER = (5, 4, 4, 4, 5, 4, 4, 5, 4, 5)


def check_page(page, where: str) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page, f"{where} at 360px")


def choose_in(group, label: str) -> None:
    """Pick a design-system radio button in a fieldset by its label, as a person does."""
    group.locator("label.usa-radio__label", has_text=label).click()


def record_barc10(page, base, participant, day, timepoint, answers) -> None:
    page.goto(f"{base}/participants/{participant.pk}/assessments/new/")
    page.get_by_role("heading", name=re.compile("Record a BARC-10"), level=1).wait_for()
    check_page(page, "the BARC-10 form")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Timepoint").fill(timepoint)
    groups = page.locator("fieldset:has(.usa-radio)")
    assert groups.count() == len(answers) == 10
    for n, value in enumerate(answers):
        choose_in(groups.nth(n), f"{value} ·")
    page.get_by_role("button", name="Save the assessment").click()
    page.wait_for_url(f"{base}/participants/{participant.pk}/assessments/")


def test_a_peer_makes_a_wellness_plan_records_the_barc_10_and_prints_the_plan(
    live_server, new_page
):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(
        org, first_name="Rosa", last_name="Pérez", language="es", assigned_peer=peer
    )
    base = live_server.url
    page = new_page(viewport=PHONE_WIDTH)
    sign_in(page, base, peer)

    # The plan starts from the participant's record.
    page.goto(f"{base}/participants/{participant.pk}/plan/")
    check_page(page, "the plan page before there is a plan")
    page.get_by_role("link", name="Start a wellness plan").click()
    page.get_by_role("heading", name=re.compile("Start a wellness plan"), level=1).wait_for()
    started = timezone.localdate() - timedelta(days=35)
    page.get_by_label(re.compile(r"^Plan started on")).fill(started.isoformat())
    page.get_by_label("Strengths").fill("Constante; su hija la apoya.")
    for dimension, now, goal in DIMENSIONS:
        group = page.get_by_role("group", name=dimension, exact=True)
        group.get_by_label(re.compile("where they are now")).fill(now)
        group.get_by_label(re.compile(r"^Goal")).first.fill(goal)
    page.get_by_label("Triggers").fill("El día de pago.")
    page.get_by_label("Early warning signs").fill("Dejo de contestar el teléfono.")
    page.get_by_label("What helps").fill("Llamar a mi hermana.")
    page.get_by_label("People to call, with their numbers").fill("Mi hermana Ana: 610-555-0187.")
    page.get_by_label("The support they want from the program").fill("Que me llamen.")
    check_page(page, "the plan form, filled in")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(f"{base}/participants/{participant.pk}/plan/")

    plan = WellnessPlan.objects.get(participant=participant)
    goals = Goal.objects.filter(plan=plan)
    assert sorted(goals.values_list("dimension", flat=True)) == sorted(
        ["health", "home", "community", "purpose"]
    )
    for dimension, now, goal in DIMENSIONS:
        section = page.get_by_role("region", name=dimension, exact=True)
        assert now in section.inner_text() and goal in section.inner_text()
    check_page(page, "the plan")

    # A step with a date: it goes on the peer's follow-up list.
    due = timezone.localdate() + timedelta(days=10)
    page.get_by_label(re.compile(r"^For the goal")).select_option(
        label="Health: Ver a un médico este otoño."
    )
    page.get_by_label(re.compile(r"^What( \(required\))?$")).fill(
        "Llamar a la clínica para pedir cita."
    )
    page.get_by_label("By when (optional)").fill(due.isoformat())
    page.get_by_role("button", name="Add the step").click()
    page.wait_for_url(f"{base}/participants/{participant.pk}/plan/")
    assert "Llamar a la clínica para pedir cita." in page.inner_text("main")
    page.goto(f"{base}/follow-ups/")
    assert "Llamar a la clínica para pedir cita." in page.inner_text("main")
    check_page(page, "the follow-ups list with the plan's step")

    # The participant agrees: their typed name and the date.
    page.goto(f"{base}/participants/{participant.pk}/plan/agree/")
    check_page(page, "the agreement form")
    page.get_by_label(re.compile(r"^Participant's agreement")).fill("Rosa Pérez")
    page.get_by_role("button", name="Record the agreement").click()
    page.wait_for_url(f"{base}/participants/{participant.pk}/plan/")
    assert "Agreed by Rosa Pérez" in page.inner_text("main")

    # Two BARC-10 administrations, a month apart: the trend shows the change.
    today = timezone.localdate()
    record_barc10(page, base, participant, today - timedelta(days=30), "Intake", INTAKE)
    record_barc10(page, base, participant, today, "30 days", LATER)
    totals = list(
        Administration.objects.filter(participant=participant)
        .order_by("administered_on")
        .values_list("total", flat=True)
    )
    assert totals == [sum(INTAKE), sum(LATER)] == [31, 44]
    chart = page.get_by_role("img", name=re.compile("BARC-10"))
    assert chart.count() >= 1 and chart.first.is_visible()
    table = page.get_by_role("table", name=re.compile("BARC-10 administrations"))
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert "44" in rows.nth(0).inner_text() and "31" in rows.nth(1).inner_text()
    assert "(+13)" in page.inner_text("main")
    check_page(page, "the trend")
    # The record shows the trend beside the plan.
    page.goto(f"{base}/participants/{participant.pk}/")
    assert "(+13)" in page.inner_text("main")
    check_page(page, "the participant's record with the plan and the trend")

    # The printout is in the participant's language, on a phone and on paper.
    page.goto(f"{base}/participants/{participant.pk}/plan/")
    page.get_by_role("link", name="Print to take home").click()
    page.wait_for_url(f"{base}/participants/{participant.pk}/plan/print/")
    with translation.override("es"):
        heading = gettext("My Recovery Wellness Plan")
        crisis = gettext("In crisis? Call or text 988, the Suicide & Crisis Lifeline.")
    assert heading != "My Recovery Wellness Plan"
    page.get_by_role("heading", name=heading, level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    text = page.inner_text("main")
    assert crisis in text and "Rosa Pérez" in text
    for _dimension, now, goal in DIMENSIONS:
        assert now in text and goal in text
    check_page(page, "the printout")
    page.emulate_media(media="print")
    assert_no_horizontal_scroll(page)
    assert not page.locator(".pw-no-print").first.is_visible()
