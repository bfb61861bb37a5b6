"""The inactivity warning, in a real browser: two minutes before the organization's idle
limit a dialog offers to stay signed in; staying keeps the session; ignoring it ends on
the sign-in page. The browser's clock is fast-forwarded, so the test takes seconds."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
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
