"""Directory search in a real browser, as a peer uses it on a phone: the form, results
with distances and flags, a page of no results and an unknown ZIP code. axe-core finds
no WCAG 2.1 A/AA violation and nothing scrolls sideways at 360 px, in English and in
Spanish. (The every-page sweep opens the page without a search.)"""

from datetime import time

import pytest
from django.conf import settings
from django.test import Client

from peerwell import testing
from peerwell.navigation.opening import refresh_open_periods
from peerwell.navigation.testing import make_directory_service

from .test_every_page import LONG_FIRST, LONG_PLACE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEARCHES = [
    "?need=housing&near=07102&miles=25&open_now=on",
    "?q=housing&language=es&near=1+Broad+Street%2C+Newark%2C+NJ+07102",
    "?need=legal&language=ko",  # nothing found
    "?near=00000&q=housing",  # a ZIP code that does not exist
]


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_search_results_are_accessible_on_a_phone(live_server, new_page, locale):
    org = testing.make_org("Riverside Recovery Community")
    peer = testing.make_user(org, "peer")
    make_directory_service(
        LONG_PLACE,
        organization_name=LONG_FIRST,
        verify_before_use=True,
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=time(0),
        closes_at=time(0),
        languages=("en", "es"),
    )
    make_directory_service("Ironbound Housing Help", latitude=40.72, longitude=-74.15)
    refresh_open_periods()
    client = Client()
    testing.sign_in(client, peer)
    page = new_page(locale=locale)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    failures = []
    for search in SEARCHES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/directory/{search}")
        failures.extend(f"{search}: {v}" for v in axe_violations(page))
        page.set_viewport_size({"width": 360, "height": 800})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            failures.append(f"{search}: scrolls sideways at 360 px ({width} px wide)")
    assert not failures, "\n".join(failures)
    page.goto(f"{live_server.url}/directory/?need=housing&near=07102&miles=25")
    assert page.locator(".usa-collection__item").count() == 2
    assert page.locator("a[href^='tel:']").count() == 2
