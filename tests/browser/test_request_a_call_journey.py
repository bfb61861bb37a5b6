"""Asking for a call on a phone, in Spanish, without signing in: the page switches
language with the footer's switcher, fits 360 px, and axe-core finds nothing at WCAG 2.1
A and AA on the form, its errors, or the thank-you page. Then a peer enrols the person
from the new requests list."""

import re

import pytest
from django.core.cache import cache

from peerwell import testing
from peerwell.checkins.models import CallRequest, Enrolment

from .test_key_journey import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    sign_in,
)
from .test_service_journey import tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_someone_asks_for_a_call_in_spanish_on_a_phone(live_server, new_page):
    cache.clear()
    org = testing.make_org("Riverside Recovery Community")
    page = new_page(viewport=PHONE_WIDTH)
    page.goto(f"{live_server.url}/o/{org.slug}/request-a-call/")
    page.get_by_label("Language", exact=True).select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_url(re.compile(r"/request-a-call/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Pedir una llamada"
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the request-a-call form in Spanish at 360px")

    page.get_by_label("Su nombre").fill("Lucía")
    page.get_by_label("Número de teléfono").fill("12")
    page.get_by_role("button", name="Pedir la llamada").click()
    assert page.get_by_label("Su nombre").input_value() == "Lucía"
    assert_accessible(page, "the request-a-call form with an error")

    page.get_by_label("Número de teléfono").fill("215-555-0177")
    page.get_by_label("Los mejores días y horas para llamarle").fill("Martes por la tarde")
    tick(page, "Pueden enviarme mensajes de texto a este número")
    page.get_by_role("button", name="Pedir la llamada").click()
    page.wait_for_url(re.compile(r"/request-a-call/thanks/$"))
    assert "Gracias. Recibimos su solicitud." in page.inner_text("main")
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the thank-you page in Spanish at 360px")
    request = CallRequest.objects.get()
    assert (request.first_name, request.language, request.may_text) == ("Lucía", "es", True)


def test_a_peer_enrols_someone_from_the_new_requests(live_server, new_page):
    org = testing.make_org()
    peer = testing.make_user(org, "peer")
    testing.make_call_request(org, first_name="Lucía", language="es")
    page = new_page()
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/check-ins/requests/")
    assert_accessible(page, "the new requests list")
    with page.expect_navigation():
        page.get_by_role("link", name="Lucía").click()
    assert_accessible(page, "one call request")
    with page.expect_navigation():
        page.get_by_role("link", name="Enroll this person").first.click()
    assert page.get_by_label("First name").input_value() == "Lucía"
    page.get_by_label("Last name").fill("Ortega")
    page.get_by_label("Date of birth").fill("1985-07-19")
    page.get_by_role("button", name="Enroll").click()
    page.wait_for_url(re.compile(r"/check-ins/\?from_request="))
    assert_accessible(page, "the check-in enrolment form")
    tick(page, "Tuesday")
    page.get_by_label("Call from").fill("10:00")
    page.get_by_label("Call until").fill("12:00")
    page.get_by_role("button", name="Start check-in calls").click()
    page.wait_for_url(re.compile(r"/participants/\d+/$"))
    section = page.get_by_role("region", name="Check-in calls").inner_text()
    assert "Every week · Tuesday" in section
    assert Enrolment.objects.get().participant.last_name == "Ortega"
    assert CallRequest.objects.get().status == "enrolled"
    page.set_viewport_size(PHONE_WIDTH)
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "the record with its check-in calls at 360px")
