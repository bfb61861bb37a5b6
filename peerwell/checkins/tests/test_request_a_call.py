"""The public "Request a call" page, its protection against floods and robots, and the
new requests staff turn into enrolments."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.checkins import views_public
from peerwell.checkins.models import CallRequest, Enrolment
from peerwell.participants.models import Participant

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many requests from here; please call us or try again later."


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def page(org):
    return reverse("request_a_call", kwargs={"organization_slug": org.slug})


def request_data(**changes):
    data = {
        "first_name": "Samira",
        "phone": "215-555-0177",
        "best_times": "Weekday mornings",
        "language": "es",
        "may_text": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_anyone_can_open_the_page_without_signing_in(client, org):
    response = client.get(page(org))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Request a call" in body and org.name in body


def test_an_unknown_organization_is_not_found(client):
    assert client.get("/o/no-such-place/request-a-call/").status_code == 404
    assert client.get("/o/no-such-place/request-a-call/thanks/").status_code == 404


def test_a_request_lands_on_the_new_requests_list_and_the_person_is_thanked(client, org):
    response = client.post(page(org), request_data())
    thanks = reverse("request_a_call_thanks", kwargs={"organization_slug": org.slug})
    assert response.status_code == 302 and response["Location"] == thanks
    request = CallRequest.objects.get()
    assert request.organization == org and request.status == "new"
    assert (request.first_name, str(request.phone)) == ("Samira", "+12155550177")
    assert request.language == "es" and request.may_text is True
    assert AuditEntry.objects.filter(action="create", model="checkins.callrequest").exists()


def test_the_thank_you_page_says_what_happens_next_and_nothing_typed(client, org):
    client.post(page(org), request_data())
    thanks = reverse("request_a_call_thanks", kwargs={"organization_slug": org.slug})
    body = client.get(thanks).content.decode()
    assert "Someone will call you soon at the number you gave" in body
    assert "Samira" not in body and "555-0177" not in body and "Weekday mornings" not in body


def test_the_page_works_in_spanish(client, org):
    client.post(reverse("set_language"), {"language": "es", "next": page(org)})
    body = client.get(page(org)).content.decode()
    assert "Pedir una llamada" in body and "Su nombre" in body
    # The language asked for starts as Spanish.
    assert '<option value="es" selected>' in body


def test_a_phone_that_cannot_be_dialled_comes_back_with_the_input(client, org):
    response = client.post(page(org), request_data(phone="12"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number we can call" in body and 'value="Samira"' in body
    assert not CallRequest.objects.exists()


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_recorded(client, org):
    response = client.post(page(org), request_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"].endswith("/request-a-call/thanks/")
    assert not CallRequest.objects.exists()
    assert not AuditEntry.objects.filter(model="checkins.callrequest").exists()


def test_the_trap_is_hidden_from_people_and_screen_readers(client, org):
    body = client.get(page(org)).content.decode()
    trap = body[body.index('<div class="usa-sr-only" aria-hidden="true">') :]
    trap = trap[: trap.index("</div>")]
    assert 'name="website"' in trap and 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_a_flood_from_one_address_is_refused_with_the_input_kept(client, org, monkeypatch):
    monkeypatch.setattr(views_public, "PER_ADDRESS", 3)
    for n in range(3):
        phone = f"215-555-01{n:02d}"
        assert client.post(page(org), request_data(phone=phone)).status_code == 302
    response = client.post(page(org), request_data(first_name="Fourth", phone="215-555-0199"))
    body = response.content.decode()
    assert response.status_code == 429
    assert escape(TOO_MANY) in body and 'value="Fourth"' in body
    assert CallRequest.objects.count() == 3
    # Another address is not held back by this one.
    other = client.post(page(org), request_data(phone="215-555-0198"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_address_counter_covers_every_organization(client, org, other_org, monkeypatch):
    monkeypatch.setattr(views_public, "PER_ADDRESS", 2)
    client.post(page(org), request_data(phone="215-555-0101"))
    client.post(page(other_org), request_data(phone="215-555-0102"))
    assert client.post(page(org), request_data(phone="215-555-0103")).status_code == 429


def test_a_flood_for_one_number_is_refused(client, org, other_org):
    for n in range(views_public.PER_PHONE):
        testing.make_call_request(org if n % 2 else other_org, phone="+12155550177")
    response = client.post(page(org), request_data(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429 and escape(TOO_MANY) in response.content.decode()
    assert CallRequest.objects.count() == views_public.PER_PHONE


def test_requests_for_a_number_count_only_lately(client, org):
    old = timezone.now() - timedelta(hours=views_public.PHONE_WINDOW_HOURS + 1)
    for _n in range(views_public.PER_PHONE):
        testing.make_call_request(org, phone="+12155550177", received_at=old)
    assert client.post(page(org), request_data()).status_code == 302


# Staff: the new requests list, one request, enrolling or closing it.


def test_staff_see_new_requests_oldest_first(as_user, org, other_org, peer):
    now = timezone.now()
    testing.make_call_request(org, first_name="Later", received_at=now)
    testing.make_call_request(org, first_name="Earlier", received_at=now - timedelta(days=2))
    testing.make_call_request(org, first_name="Handled", status="closed")
    testing.make_call_request(other_org, first_name="Elsewhere")
    body = as_user(peer).get(reverse("checkins_requests")).content.decode()
    assert body.index("Earlier") < body.index("Later")
    assert "Handled" not in body and "Elsewhere" not in body


def test_the_list_pages_without_counting(as_user, org, peer):
    for n in range(30):
        testing.make_call_request(org, first_name=f"Person{n:02d}", phone=f"+121555501{n:02d}")
    client = as_user(peer)
    first = client.get(reverse("checkins_requests")).content.decode()
    assert "Person00" in first and "Person29" not in first and "Page 1" in first
    second = client.get(reverse("checkins_requests") + "?page=2").content.decode()
    assert "Person29" in second and "Person00" not in second


def test_volunteers_do_not_see_requests(as_user, org):
    volunteer = testing.make_user(org, "volunteer")
    assert as_user(volunteer).get(reverse("checkins_requests")).status_code == 403


def test_one_request_shows_what_they_asked_and_is_audited(as_user, org, peer):
    request = testing.make_call_request(org, best_times="After 6pm")
    body = as_user(peer).get(reverse("checkins_request", args=[request.pk])).content.decode()
    assert "After 6pm" in body and "(215) 555-0188" in body
    assert f"?from_request={request.pk}" in body
    assert AuditEntry.objects.filter(actor=peer, action="view", model="checkins.callrequest")


def test_closing_a_request_needs_a_reason_and_takes_it_off_the_list(as_user, org, peer):
    request = testing.make_call_request(org)
    client = as_user(peer)
    url = reverse("checkins_request_close", args=[request.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Say why, in a few words." in response.content.decode()
    response = client.post(url, {"reason": "Wrong number"})
    assert response["Location"] == reverse("checkins_requests")
    request.refresh_from_db()
    assert request.status == "closed" and request.handled_by == peer
    assert request.close_reason == "Wrong number"
    assert AuditEntry.objects.filter(actor=peer, action="update", model="checkins.callrequest")
    # Closing it again says someone already did.
    response = client.post(url, {"reason": "Again"})
    assert (
        "Someone has already handled this request."
        in client.get(response["Location"]).content.decode()
    )


def test_enrolling_from_a_request_fills_in_the_person_and_marks_the_request(as_user, org, peer):
    request = testing.make_call_request(org, first_name="Samira", language="es", may_text=True)
    client = as_user(peer)
    url = reverse("participant_enroll") + f"?from_request={request.pk}"
    form = client.get(url).content.decode()
    assert 'value="Samira"' in form and 'value="(215) 555-0188"' in form
    response = client.post(
        url,
        {
            "first_name": "Samira",
            "last_name": "Haddad",
            "date_of_birth": "1988-04-02",
            "phone": "(215) 555-0188",
            "language": "es",
            "may_call": "on",
            "may_text": "on",
            # As the form fills it in for a peer: on their own caseload.
            "assigned_peer": str(peer.pk),
            "services_consent_date": timezone.localdate().isoformat(),
        },
    )
    samira = Participant.objects.get(last_name="Haddad")
    enrol = reverse("checkins_enrol", args=[samira.pk]) + f"?from_request={request.pk}"
    assert response["Location"] == enrol
    page = client.get(enrol).content.decode()
    assert "From the call request Samira sent on" in page
    response = client.post(
        enrol,
        {
            "cadence": "weekly",
            "days": ["tuesday"],
            "channel": "text",
            "window_start": "09:00",
            "window_end": "11:00",
            "time_zone": "America/New_York",
            "language": "es",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    enrolment = Enrolment.objects.get(participant=samira)
    assert request.status == "enrolled" and request.enrolment == enrolment
    assert request.handled_by == peer
    assert "Samira" not in client.get(reverse("checkins_requests")).content.decode()


def test_a_request_already_handled_is_not_used_again(as_user, org, peer, participant):
    request = testing.make_call_request(org, status="closed")
    client = as_user(peer)
    url = reverse("checkins_enrol", args=[participant.pk]) + f"?from_request={request.pk}"
    assert "From the call request" not in client.get(url).content.decode()


def test_another_organizations_request_is_not_found(as_user, other_org, peer):
    request = testing.make_call_request(other_org)
    assert as_user(peer).get(reverse("checkins_request", args=[request.pk])).status_code == 404
