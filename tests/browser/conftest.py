"""Browser fixtures: one headless Chromium per module, driven by Playwright's sync API.

Playwright's own browser download does not work here, so the tests launch the system
Chromium (or the binary named by PEERWELL_CHROMIUM).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PEERWELL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install it or set PEERWELL_CHROMIUM.")
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # ORM calls from a thread with a running loop. The test code is synchronous, so the
    # documented workaround for live_server + Playwright applies, only while the browser
    # tests run (so the rest of the suite keeps Django's check).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) -> a page in a fresh context (own cookies).

    The site's CSP forbids inline scripts, and Playwright injects axe-core as an inline
    script, so contexts bypass CSP unless bypass_csp=False is given; the CSP test does that.
    """
    contexts = []

    def make(**options):
        options.setdefault("bypass_csp", True)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def codes_without_waiting(settings):
    """The browser sign-in types the next step's code at once when the current one was
    used already; a person would wait out the throttle's second, the browser tests don't.
    The rest of the suite keeps production's throttling."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
