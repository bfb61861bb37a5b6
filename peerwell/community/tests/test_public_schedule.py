"""The public schedule page, its filters, and the embeddable snippet, through HTTP."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.community import testing as community

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 29)  # a Sunday


@pytest.fixture(autouse=True)
def sunday():
    with time_machine.travel(datetime.combine(TODAY, time(9), tzinfo=NEW_YORK), tick=False):
        yield


@pytest.fixture
def org(db):
    return testing.make_org("Harbor Recovery")


def page(client, org, **filters):
    url = reverse("public_schedule", kwargs={"organization_slug": org.slug})
    response = client.get(url, filters)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [item.event.title for item in response.context["listings"]]


def newark(org, **fields):
    return community.make_site(org, name="Newark center", **fields)


def trenton(org):
    return community.make_site(
        org,
        name="Trenton library",
        kind="partner",
        street="120 Academy Street",
        city="Trenton",
        postal_code="08608",
        latitude=40.2206,
        longitude=-74.7597,
    )


def test_this_week_and_next_with_cancelled_and_moved_dates(client, org):
    meeting = community.make_event(
        org,
        site=newark(org, accessibility_notes="Step-free entrance on Mulberry Street"),
        title="All Recovery Meeting",
        first_date=date(2026, 11, 3),
    )
    community.make_change(meeting, date(2026, 12, 1), note="Holiday")
    community.make_change(
        meeting,
        date(2026, 12, 8),
        cancelled=False,
        new_date=date(2026, 12, 9),
        new_starts_at=time(17),
        new_ends_at=time(18),
        note="The hall is booked",
    )
    response = page(client, org)
    shown = [(i.occurrence.date, i.occurrence.cancelled) for i in response.context["listings"]]
    # Dec 1 (cancelled) and Dec 9 (moved from Dec 8); Dec 15 is past the two weeks.
    assert shown == [(date(2026, 12, 1), True), (date(2026, 12, 9), False)]
    html = response.content.decode()
    assert "<del>All Recovery Meeting</del>" in html
    assert "Cancelled</strong>: Holiday" in html
    assert "Moved from Tuesday, Dec 8, 2026, 6:00 PM" in html
    assert "Wednesday, Dec 9, 2026, 5:00 PM–6:00 PM" in html
    assert "Step-free entrance on Mulberry Street" in html
    assert "https://www.openstreetmap.org/?mlat=40.73570&amp;mlon=-74.17240" in html
    assert "12 Broad Street, Newark, NJ 07102" in html
    feed = reverse("public_schedule_feed", kwargs={"organization_slug": org.slug})
    assert '<link rel="alternate" type="text/calendar"' in html and f'href="{feed}"' in html
    ics = reverse("public_event_ics", kwargs={"organization_slug": org.slug, "uid": meeting.uid})
    assert ics in html


def test_times_are_the_sites_own(client, org):
    west = community.make_site(org, name="Denver hall", city="Denver", time_zone="America/Denver")
    community.make_event(org, site=west, title="Mountain meeting", first_date=date(2026, 12, 1))
    html = page(client, org).content.decode()
    assert "Tuesday, Dec 1, 2026, 6:00 PM–7:30 PM" in html


def test_filters_by_kind_town_and_language(client, org):
    here, there = newark(org), trenton(org)
    community.make_event(org, site=here, title="Meeting in English")
    community.make_event(org, site=here, title="Reunión", language="es")
    community.make_event(org, site=there, title="Pop-up", kind="pop_up", language="en_es")
    assert titles(page(client, org, kind="pop_up")) == ["Pop-up", "Pop-up"]
    assert set(titles(page(client, org, town="Trenton"))) == {"Pop-up"}
    assert set(titles(page(client, org, language="es"))) == {"Reunión", "Pop-up"}
    assert set(titles(page(client, org, language="en"))) == {"Meeting in English", "Pop-up"}
    assert titles(page(client, org, kind="social")) == []
    towns = page(client, org).context["form"].fields["town"].choices
    assert [t for t, _ in towns] == ["", "Newark", "Trenton"]


def test_near_me_by_zip_code_nearest_first(client, org):
    community.make_event(org, site=trenton(org), title="In Trenton", first_date=date(2026, 11, 30))
    community.make_event(org, site=newark(org), title="In Newark", first_date=date(2026, 12, 1))
    near_newark = page(client, org, zip_code="07102", miles="10")
    assert set(titles(near_newark)) == {"In Newark"}
    assert "miles away" in near_newark.content.decode()
    near_trenton = page(client, org, zip_code="08608", miles="50")
    assert titles(near_trenton) == ["In Trenton", "In Trenton", "In Newark", "In Newark"]


def test_an_unknown_zip_code_says_so_and_keeps_the_other_filters(client, org):
    community.make_event(org, site=trenton(org), title="In Trenton", kind="pop_up")
    community.make_event(org, site=newark(org), title="In Newark")
    response = page(client, org, zip_code="00000", kind="pop_up")
    assert "We don&#x27;t know the ZIP code “00000”" in response.content.decode()
    assert set(titles(response)) == {"In Trenton"}
    assert set(titles(page(client, org, zip_code="ninety"))) == {"In Trenton", "In Newark"}


def test_private_archived_and_other_organizations_events_never_appear(client, org):
    community.make_event(org, title="Open meeting")
    community.make_event(org, title="Staff training", kind="training", is_public=False)
    community.make_event(org, title="Old meeting", archived_at=timezone.now())
    community.make_event(org, site=community.make_site(org, active=False), title="Closed site")
    community.make_event(testing.make_org("Other"), title="Their meeting")
    html = page(client, org).content.decode()
    assert "Open meeting" in html
    for hidden in ("Staff training", "Old meeting", "Closed site", "Their meeting"):
        assert hidden not in html


def test_an_unknown_organization_is_not_found(client):
    url = reverse("public_schedule", kwargs={"organization_slug": "nobody"})
    assert client.get(url).status_code == 404


def test_the_page_costs_the_same_queries_for_one_event_or_many(client, org):
    url = reverse("public_schedule", kwargs={"organization_slug": org.slug})
    event = community.make_event(org)
    community.make_change(event, event.first_date + timedelta(days=7))

    def count():
        client.get(url)  # warm the ZIP table and translations
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"zip_code": "07102"}).status_code == 200
        return len(queries)

    before = count()
    for n in range(6):
        more = community.make_event(org, title=f"Meeting {n}", kind="social", language="es")
        community.make_change(more, more.first_date + timedelta(days=7))
    assert count() == before


def test_the_snippet_may_be_framed_by_any_site(client, org):
    community.make_event(org, title="Open meeting")
    url = reverse("public_schedule_embed", kwargs={"organization_slug": org.slug})
    response = client.get(url, {"kind": "all_recovery"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "Open meeting" in html and 'target="_blank"' in html
    assert "usa-nav" not in html and "Sign out" not in html
    # The full page is still never framed.
    full = page(client, org)
    assert full["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in full["Content-Security-Policy"]


def test_the_sharing_page_gives_the_addresses_and_the_snippet(client, org):
    site = newark(org)
    peer = testing.make_user(org, "peer")
    testing.sign_in(client, peer)
    response = client.get(reverse("community_share"))
    assert response.status_code == 200
    html = response.content.decode()
    slug = org.slug
    assert f"http://testserver/o/{slug}/schedule/" in html
    assert f"http://testserver/o/{slug}/schedule.ics" in html
    assert f"http://testserver/o/{slug}/schedule/sites/{site.pk}.ics" in html
    assert f"http://testserver/o/{slug}/schedule/kinds/pop_up.ics" in html
    assert f"&lt;iframe src=&quot;http://testserver/o/{slug}/schedule/embed/&quot;" in html
    assert "title=&quot;Meetings and groups at Harbor Recovery&quot;" in html
    testing.sign_in(client, testing.make_user(org, "volunteer"))
    assert client.get(reverse("community_share")).status_code == 403


def rendered_listings(response) -> bool:
    return "community/public/_listing.html" in [t.name for t in response.templates]


def test_the_listings_are_rendered_once_and_every_change_shows_at_once(client, org):
    site = newark(org)
    meeting = community.make_event(org, site=site, title="Tuesday meeting")
    first = page(client, org)
    assert rendered_listings(first)
    again = page(client, org)
    assert not rendered_listings(again)  # the same rows: the same HTML, from the cache
    assert titles(again) == ["Tuesday meeting", "Tuesday meeting"]
    assert again.content.decode().count("<h3>Tuesday meeting</h3>") == 2
    # Each kind of edit, even one made around the app's actions, shows on the next request.
    community.make_change(meeting, date(2026, 12, 1), note="Holiday")
    assert "Cancelled</strong>: Holiday" in page(client, org).content.decode()
    type(meeting).objects.filter(pk=meeting.pk).update(title="Tuesday night meeting")
    assert "Tuesday night meeting" in page(client, org).content.decode()
    type(site).objects.filter(pk=site.pk).update(street="9 Mulberry Street")
    assert "9 Mulberry Street" in page(client, org).content.decode()
    # Each language and each set of filters has its own.
    url = reverse("public_schedule", kwargs={"organization_slug": org.slug})
    spanish = client.get(url, headers={"accept-language": "es"})
    assert rendered_listings(spanish) and "Cancelado</strong>: Holiday" in spanish.content.decode()
    assert titles(page(client, org, kind="training")) == []
    embed = client.get(reverse("public_schedule_embed", kwargs={"organization_slug": org.slug}))
    assert rendered_listings(embed) and "Map of Newark center" in embed.content.decode()
