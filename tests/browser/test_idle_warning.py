"""The inactivity warning, in a real browser: two minutes before the organization's idle
limit (by the server's clock) a dialog says the time left and offers to stay signed in;
staying keeps the session; ignoring it ends on the sign-in page; typing in a form keeps
the session alive; a form's draft survives the sign-out in the browser and comes back.
The browser's clock is fast-forwarded, so the test takes seconds."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django.utils.module_loading import import_string

from peerwell import testing
from peerwell.core.middleware import LAST_SEEN

from .test_key_journey import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT_MINUTES = 5


def session_of(page) -> SessionBase:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    return store(session_key=cookie["value"])


@pytest.fixture
def signed_in_page(live_server, new_page):
    org = testing.make_org(idle_timeout_minutes=LIMIT_MINUTES)
    peer = testing.make_user(org, "peer")
    page = new_page()
    page.clock.install()
    sign_in(page, live_server.url, peer)
    page.goto(f"{live_server.url}/participants/mine/")
    return page


def test_staying_signed_in_closes_the_warning_and_renews_the_session(signed_in_page):
    page = signed_in_page
    dialog = page.get_by_role("dialog", name="Are you still there?")
    assert not dialog.is_visible()
    page.clock.run_for((LIMIT_MINUTES - 2) * 60 * 1000 + 1000)
    dialog.wait_for(state="visible")
    # Focus goes to the button, so Enter or Space answers it at once.
    assert page.evaluate("() => document.activeElement.id") == "idle-stay"
    assert_accessible(page, "the inactivity warning")

    before = session_of(page)[LAST_SEEN]
    with page.expect_response(re.compile(r"/accounts/keepalive/$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    dialog.wait_for(state="hidden")
    assert session_of(page)[LAST_SEEN] >= before


def test_ignoring_the_warning_ends_on_the_sign_in_page(signed_in_page):
    page = signed_in_page
    # The server keeps the real time: age the session as the minutes would have.
    session = session_of(page)
    session[LAST_SEEN] = time.time() - LIMIT_MINUTES * 60 - 5
    session.save()
    with page.expect_navigation():
        page.clock.run_for((LIMIT_MINUTES * 60 + 3) * 1000)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_role("heading", name=re.compile("Sign in")).is_visible()


def test_the_warning_counts_down_from_the_servers_deadline(live_server, new_page):
    org = testing.make_org(idle_timeout_minutes=LIMIT_MINUTES)
    peer = testing.make_user(org, "peer")
    page = new_page()
    page.clock.install()
    sign_in(page, live_server.url, peer)
    # The server last saw the user 25 s ago (it rewrites the time only each half minute),
    # so the page has 25 s less than the full limit, and the warning comes that much sooner.
    session = session_of(page)
    session[LAST_SEEN] = time.time() - 25
    session.save()
    page.goto(f"{live_server.url}/participants/mine/")
    page.clock.run_for((LIMIT_MINUTES * 60 - 120 - 25 + 5) * 1000)
    dialog = page.get_by_role("dialog", name="Are you still there?")
    dialog.wait_for(state="visible")
    text = page.locator("#idle-warning-text").inner_text()
    assert re.search(r"signed out in 1 minute and 5\d seconds", text), text
    # Screen readers hear the time left from a polite live region when the warning opens
    # (then each half minute, not every second).
    news = page.get_by_role("status").filter(has_text="signed out in")
    assert re.search(r"signed out in 2 minutes unless", news.inner_text())
    page.clock.run_for(60 * 1000)
    assert re.search(r"signed out in 5\d seconds", page.locator("#idle-warning-text").inner_text())


def test_the_warning_says_the_time_left_in_spanish(live_server, new_page):
    org = testing.make_org(idle_timeout_minutes=LIMIT_MINUTES)
    peer = testing.make_user(org, "peer")
    page = new_page(locale="es-US")
    page.clock.install()
    # Signed in as the every-page sweep does it, since the sign-in helper reads English.
    client = Client()
    testing.sign_in(client, peer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/participants/mine/")
    page.clock.run_for((LIMIT_MINUTES * 60 - 90) * 1000)
    page.get_by_role("dialog", name="¿Sigue ahí?").wait_for(state="visible")
    text = page.locator("#idle-warning-text").inner_text()
    assert re.search(r"se cerrará en 1 minuto y \d+ segundos, a menos", text), text


@pytest.fixture
def log_a_contact(live_server, new_page):
    org = testing.make_org(idle_timeout_minutes=LIMIT_MINUTES)
    peer = testing.make_user(org, "peer")
    participant = testing.make_participant(org, assigned_peer=peer)
    page = new_page()
    page.clock.install()
    sign_in(page, live_server.url, peer)
    url = f"{live_server.url}/participants/{participant.pk}/log/"
    page.goto(url)
    return page, peer, url


def drafts(page) -> dict[str, str]:
    """The form drafts this tab keeps (htmx keeps its own entry, left out)."""
    return page.evaluate(
        "() => Object.fromEntries(Object.entries(sessionStorage)"
        ".filter(([k]) => k.startsWith('peerwell-draft:')))"
    )


NOTE = "Talked about the job interview on Friday; she wants a ride to the clinic."


def test_typing_in_a_form_keeps_the_session_alive(log_a_contact):
    page, _, _ = log_a_contact
    page.clock.run_for((LIMIT_MINUTES - 3) * 60 * 1000)
    before = session_of(page)[LAST_SEEN]
    # The first keystroke after a quiet minute tells the server; the next ones don't.
    with page.expect_response(re.compile(r"/accounts/keepalive/$")) as answer:
        page.get_by_label("Notes").press_sequentially("Talked")
    assert answer.value.ok
    assert session_of(page)[LAST_SEEN] > before
    # Past the moment the warning would have come without the typing: no warning.
    page.clock.run_for(2 * 60 * 1000 + 30 * 1000)
    assert not page.get_by_role("dialog", name="Are you still there?").is_visible()
    assert "/participants/" in page.url


def test_a_note_typed_before_the_idle_sign_out_comes_back_after_signing_in(log_a_contact):
    page, peer, url = log_a_contact
    page.get_by_label("Notes").fill(NOTE)
    # The user walks away: the server's clock runs out, and so does the page's.
    session = session_of(page)
    session[LAST_SEEN] = time.time() - LIMIT_MINUTES * 60 - 5
    session.save()
    with page.expect_navigation():
        page.clock.run_for((LIMIT_MINUTES * 60 + 3) * 1000)
    page.wait_for_url(re.compile(r"/accounts/login/\?timeout=1&next="))
    sign_in(page, None, peer)
    assert page.url == url
    assert page.get_by_label("Notes").input_value() == NOTE
    notice = page.get_by_role("status").filter(has_text="put back")
    notice.wait_for()
    assert_accessible(page, "the log-a-contact form with its draft back")
    # The user would rather start again.
    page.get_by_role("button", name="Discard draft").click()
    assert page.get_by_label("Notes").input_value() == ""
    assert not notice.is_visible()
    page.reload()
    assert page.get_by_label("Notes").input_value() == ""


def test_a_draft_is_gone_after_leaving_the_page_signing_out_or_saving(log_a_contact):
    page, peer, url = log_a_contact
    page.get_by_label("Notes").fill(NOTE)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    sign_in(page, page.url.split("/accounts/")[0], peer)
    page.goto(url)
    assert page.get_by_label("Notes").input_value() == ""
    assert drafts(page) == {}

    # Leaving the form for another page is the user's choice: the draft goes.
    page.get_by_label("Notes").fill(NOTE)
    page.get_by_role("link", name="Follow-ups").click()
    page.wait_for_url(re.compile(r"/follow-ups/"))
    page.goto(url)
    assert page.get_by_label("Notes").input_value() == ""

    page.get_by_label("Notes").fill(NOTE)
    page.locator("#id_kind").select_option(index=1)
    page.locator("label[for=id_support_0]").click()
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("Contact logged.").wait_for()
    page.goto(url)
    assert page.get_by_label("Notes").input_value() == ""


def test_a_draft_never_holds_hidden_fields_or_another_users_text(log_a_contact, live_server):
    page, _, url = log_a_contact
    page.get_by_label("Notes").fill(NOTE)
    [value] = drafts(page).values()
    assert NOTE in value and "csrfmiddlewaretoken" not in value
    token = page.evaluate("() => document.querySelector('[name=csrfmiddlewaretoken]').value")
    assert token not in value
    # Someone else signs in on the same browser tab: the first user's draft is removed.
    other = testing.make_user(testing.make_org(), "peer")
    page.context.clear_cookies()
    sign_in(page, live_server.url, other)
    assert drafts(page) == {}
