"""Session safety at its edges: what an htmx request gets when the session has ended,
the exact limits, how seldom the session is rewritten, and who must pass the second
factor before anything else."""

import json
import time

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.core.middleware import IDLE_LEFT_HEADER, LAST_SEEN, LAST_SEEN_RESOLUTION, LOGIN_AT

pytestmark = pytest.mark.django_db


def seen(client, *, idle_seconds, signed_in_seconds_ago=60):
    session = client.session
    session[LAST_SEEN] = time.time() - idle_seconds
    session[LOGIN_AT] = time.time() - signed_in_seconds_ago
    session.save()


def test_an_htmx_request_after_the_idle_limit_gets_401_json_and_signs_out(as_user, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    client = as_user(peer)
    seen(client, idle_seconds=5 * 60 + 30)
    response = client.get(reverse("caseload"), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "session expired"}
    assert AuditEntry.objects.get(action="sign_out", actor=peer).detail == {"why": "timeout"}
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("login"))


def test_just_inside_the_idle_limit_the_session_goes_on(as_user, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    client = as_user(peer)
    seen(client, idle_seconds=5 * 60 - 20)
    assert client.get(reverse("caseload")).status_code == 200


def test_the_absolute_lifetime_ends_even_a_busy_session(as_user, peer, settings):
    client = as_user(peer)
    seen(client, idle_seconds=1, signed_in_seconds_ago=settings.SESSION_ABSOLUTE_SECONDS + 5)
    response = client.get(reverse("caseload"))
    assert response["Location"] == reverse("login") + "?timeout=1&next=%2Fparticipants%2Fmine%2F"
    seen_again = as_user(peer)
    seen(seen_again, idle_seconds=1, signed_in_seconds_ago=settings.SESSION_ABSOLUTE_SECONDS - 30)
    assert seen_again.get(reverse("caseload")).status_code == 200


def test_the_last_seen_time_is_written_at_most_every_half_minute(as_user, peer):
    client = as_user(peer)
    seen(client, idle_seconds=LAST_SEEN_RESOLUTION - 10)
    before = client.session[LAST_SEEN]
    client.get(reverse("caseload"))
    assert client.session[LAST_SEEN] == before
    seen(client, idle_seconds=LAST_SEEN_RESOLUTION + 10)
    client.get(reverse("caseload"))
    assert client.session[LAST_SEEN] > time.time() - 5


def test_a_session_without_times_gets_them_on_its_first_request(client, peer):
    testing.sign_in(client, peer)
    session = client.session
    del session[LAST_SEEN], session[LOGIN_AT]
    session.save()
    assert client.get(reverse("caseload")).status_code == 200
    assert client.session[LAST_SEEN] > time.time() - 5
    assert client.session[LOGIN_AT] > time.time() - 5


def password_only(client, user):
    client.post(reverse("login"), {"username": user.email, "password": testing.PASSWORD})


def test_the_second_factor_comes_before_any_page_and_returns_to_it(client, peer):
    password_only(client, peer)
    response = client.get(reverse("caseload") + "?page=2")
    target = reverse("caseload") + "?page=2"
    assert response["Location"] == reverse("mfa_verify") + "?" + urlencode({"next": target})


def test_without_an_authenticator_the_second_factor_is_set_up_first(client, org):
    newcomer = testing.make_user(org, "volunteer", totp_device=False)
    password_only(client, newcomer)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("mfa_setup") + "?next=")
    assert client.get(reverse("mfa_setup")).status_code == 200


def test_a_funder_who_set_up_an_authenticator_is_asked_for_it(client, org):
    funder = testing.make_user(org, "funder")
    password_only(client, funder)
    assert client.get(reverse("network_report"))["Location"].startswith(reverse("mfa_verify"))


@pytest.mark.parametrize("path", ["/healthz", "/static/peerwell/app.css"])
def test_some_paths_need_no_second_factor(client, peer, path):
    password_only(client, peer)
    assert client.get(path).status_code == 200


def test_the_language_can_be_changed_before_the_second_factor(client, peer):
    password_only(client, peer)
    assert client.get("/i18n/setlang/")["Location"] == "/"


def test_signing_out_needs_no_second_factor(client, peer):
    password_only(client, peer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and "mfa" not in response["Location"]


def test_signed_in_pages_are_never_stored_and_public_ones_may_be(client, as_user, peer):
    public = client.get(reverse("healthz"))
    assert "no-store" not in public.get("Cache-Control", "")
    page = as_user(peer).get(reverse("healthz"))
    directives = {d.strip() for d in page["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= directives


def test_the_idle_limit_is_the_organizations_minutes_to_the_second(as_user, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    client = as_user(peer)
    seen(client, idle_seconds=5 * 60 + 3)
    response = client.get(reverse("caseload") + "?page=2")
    target = reverse("caseload") + "?page=2"
    query = urlencode({"timeout": 1, "next": target})
    assert response["Location"] == reverse("login") + "?" + query


def test_an_api_request_after_the_idle_limit_gets_401_json(as_user, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    client = as_user(peer)
    seen(client, idle_seconds=6 * 60)
    response = client.get("/api/v1/participants/")
    assert (response.status_code, response.json()) == (401, {"error": "session expired"})


def test_signing_in_after_a_timeout_returns_to_the_page(as_user, org, peer):
    client = as_user(peer)
    seen(client, idle_seconds=org.idle_timeout_minutes * 60 + 5)
    page = reverse("log_contact", args=[testing.make_participant(org, assigned_peer=peer).pk])
    response = client.get(page)
    assert response["Location"] == reverse("login") + "?" + urlencode({"timeout": 1, "next": page})
    assert f'name="next" value="{page}"' in client.get(response["Location"]).content.decode()


def test_a_form_sent_after_the_timeout_returns_to_the_form_it_came_from(as_user, org, peer):
    client = as_user(peer)
    seen(client, idle_seconds=org.idle_timeout_minutes * 60 + 5)
    form_page = reverse("log_contact", args=[testing.make_participant(org).pk])
    response = client.post(form_page, headers={"Referer": "http://testserver" + form_page})
    assert response["Location"] == reverse("login") + "?" + urlencode(
        {"timeout": 1, "next": form_page}
    )


def test_a_post_from_another_site_is_not_returned_to(as_user, org, peer):
    client = as_user(peer)
    seen(client, idle_seconds=org.idle_timeout_minutes * 60 + 5)
    response = client.post(
        reverse("follow_ups"), headers={"Referer": "https://elsewhere.example/form/"}
    )
    assert response["Location"] == reverse("login") + "?timeout=1"


def test_keepalive_after_the_timeout_answers_401_so_the_page_knows(as_user, org, peer):
    client = as_user(peer)
    seen(client, idle_seconds=org.idle_timeout_minutes * 60 + 5)
    response = client.post(reverse("keepalive"))
    assert (response.status_code, response.json()) == (401, {"error": "session expired"})


def test_every_signed_in_answer_says_the_seconds_left_by_the_servers_clock(as_user, org, peer):
    org.idle_timeout_minutes = 5
    org.save()
    client = as_user(peer)
    seen(client, idle_seconds=20)  # within the half minute the time is not rewritten
    page = client.get(reverse("caseload"))
    assert 278 <= int(page[IDLE_LEFT_HEADER]) <= 280
    assert f'data-idle-left="{page[IDLE_LEFT_HEADER]}"' in page.content.decode()
    answer = client.post(reverse("keepalive"))
    assert answer.json()["seconds_left"] == 300
    assert answer[IDLE_LEFT_HEADER] == "300"
