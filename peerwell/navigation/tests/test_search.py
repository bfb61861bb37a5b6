"""The directory search page, as a peer on a phone uses it: words, need, language,
open now, distance from a ZIP code or an address, and their combinations."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from peerwell.navigation.models import Language, Location, Need, Service, ServiceAtLocation
from peerwell.navigation.opening import refresh_open_periods
from peerwell.navigation.testing import make_directory_service

URL = "/directory/"
NEW_YORK = ZoneInfo("America/New_York")
# Centroids of real ZIP codes: Newark (07102), Trenton (08608), Camden (08102).
NEWARK = (40.732, -74.1765)
TRENTON = (40.2204, -74.7643)
CAMDEN = (39.9475, -75.1229)


def names(response) -> list[str]:
    return [s.name for s in response.context["page"].object_list]


@pytest.fixture
def search(as_user, peer):
    """search(**params) -> the page, for a peer signed in at the first search (after any
    move of the clock, which would otherwise end the session)."""
    clients = []

    def get(**params):
        if not clients:
            clients.append(as_user(peer))
        response = clients[0].get(URL, params)
        assert response.status_code == 200
        return response

    return get


@pytest.fixture
def directory(db):
    """Three services across the state, with different needs, languages and hours."""
    return {
        "newark": make_directory_service(
            "Ironbound Housing Help",
            need=Need.HOUSING,
            postal_code="07102",
            latitude=NEWARK[0],
            longitude=NEWARK[1],
            languages=("en", "es"),
            description="Rental help and shelter placement.",
        ),
        "trenton": make_directory_service(
            "Capital City Job Center",
            need=Need.EMPLOYMENT,
            postal_code="08608",
            latitude=TRENTON[0],
            longitude=TRENTON[1],
            languages=("en",),
            description="Resume help and job leads.",
        ),
        "camden": make_directory_service(
            "Waterfront Housing Counsel",
            need=Need.HOUSING,
            postal_code="08102",
            latitude=CAMDEN[0],
            longitude=CAMDEN[1],
            languages=("en",),
            byday="SA,SU",
            description="Eviction defense and tenant rights.",
        ),
    }


def test_the_page_lists_the_directory_alphabetically(search, directory):
    assert names(search()) == [
        "Capital City Job Center",
        "Ironbound Housing Help",
        "Waterfront Housing Counsel",
    ]


def test_funder_cannot_search(as_user, directory, db):
    from peerwell import testing

    funder = testing.make_user(None, "funder")
    assert as_user(funder).get(URL).status_code == 403


def test_volunteer_can_search(as_user, org, directory):
    from peerwell import testing

    assert as_user(testing.make_user(org, "volunteer")).get(URL).status_code == 200


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("housing", ["Ironbound Housing Help", "Waterfront Housing Counsel"]),
        ("hous", ["Ironbound Housing Help", "Waterfront Housing Counsel"]),  # a prefix
        ("EVICTION tenant", ["Waterfront Housing Counsel"]),  # description, any case
        ("housing resume", []),  # every word must match
        ("job's (center)", ["Capital City Job Center"]),  # punctuation is not syntax
    ],
)
def test_words_match_name_and_description(search, directory, words, found):
    assert names(search(q=words)) == found


def test_need_filters_on_the_needs_taxonomy(search, directory):
    assert names(search(need=Need.EMPLOYMENT)) == ["Capital City Job Center"]
    assert names(search(need=Need.LEGAL)) == []


def test_language_of_the_service_or_of_its_location(search, directory):
    assert names(search(language="es")) == ["Ironbound Housing Help"]
    location = ServiceAtLocation.objects.get(service=directory["camden"]).location
    Language.objects.create(location=location, code="es", name="Spanish")
    assert names(search(language="es")) == ["Ironbound Housing Help", "Waterfront Housing Counsel"]


def test_open_now_uses_the_schedules(search, directory, time_machine):
    # Wednesday 2026-12-02, 11:00 in New Jersey: weekday services open, the weekend one shut.
    time_machine.move_to(datetime(2026, 12, 2, 11, tzinfo=NEW_YORK), tick=False)
    refresh_open_periods()
    response = search(open_now="on")
    assert names(response) == ["Capital City Job Center", "Ironbound Housing Help"]
    assert b"Open now" in response.content
    everything = search()
    assert [s.is_open for s in everything.context["page"].object_list] == [True, True, False]
    assert b"Closed now" in everything.content


@pytest.mark.parametrize(
    ("now", "open_names"),
    [
        # Sunday 8 March 2026, 10:00 in New Jersey, hours after the clocks went forward.
        (datetime(2026, 3, 8, 10, tzinfo=NEW_YORK), ["Waterfront Housing Counsel"]),
        # Monday 9 March, 9:30 local (13:30 UTC; a week earlier it was 14:30 UTC).
        (
            datetime(2026, 3, 9, 9, 30, tzinfo=NEW_YORK),
            ["Capital City Job Center", "Ironbound Housing Help"],
        ),
        # Monday 9 March, 8:30 local, which is 13:30 UTC = 9:30 a week before: closed.
        (datetime(2026, 3, 9, 8, 30, tzinfo=NEW_YORK), []),
        # Friday 13 March, 16:45 local: still open.
        (
            datetime(2026, 3, 13, 16, 45, tzinfo=NEW_YORK),
            ["Capital City Job Center", "Ironbound Housing Help"],
        ),
    ],
)
def test_open_now_across_the_week_the_clocks_change(
    search, directory, time_machine, now, open_names
):
    refresh_open_periods(start=date(2026, 3, 2))  # the week before through the week after
    time_machine.move_to(now, tick=False)
    assert names(search(open_now="on")) == open_names


def test_near_a_zip_code_nearest_first_with_miles(search, directory):
    response = search(near="08608", miles="50")
    rows = response.context["page"].object_list
    # Camden is about 30 miles from Trenton, Newark about 45.
    assert [s.name for s in rows] == [
        "Capital City Job Center",
        "Waterfront Housing Counsel",
        "Ironbound Housing Help",
    ]
    assert rows[0].miles < 1 and 25 < rows[1].miles < 35 and 35 < rows[2].miles < 50
    assert b"miles away" in response.content
    assert names(search(near="08608", miles="25")) == ["Capital City Job Center"]


def test_the_nearest_location_of_a_service_counts(search, directory):
    service = directory["camden"]
    near_trenton = Location.objects.create(name="Trenton office", latitude=40.23, longitude=-74.77)
    ServiceAtLocation.objects.create(service=service, location=near_trenton)
    response = search(near="08608", miles="5")
    assert names(response) == ["Capital City Job Center", "Waterfront Housing Counsel"]
    assert response.context["page"].object_list[1].miles < 2


def test_near_an_address_uses_its_zip(search, directory):
    response = search(near="1 Broad Street, Newark, NJ 07102", miles="10")
    assert names(response) == ["Ironbound Housing Help"]


def test_a_zip_that_does_not_exist_keeps_the_input(search, directory):
    response = search(q="housing", near="00000", miles="25", need=Need.HOUSING)
    assert response.context["page"] is None
    content = response.content.decode()
    assert "We don&#x27;t know the ZIP code 00000. Check it, or search without distance." in content
    assert 'value="housing"' in content and 'value="00000"' in content
    assert '<option value="housing" selected>' in content


def test_an_address_without_a_zip_says_so(search, directory):
    response = search(near="1 Broad Street, Newark")
    assert "We could not find a ZIP code in this address" in response.content.decode()


def test_filters_combine(search, directory, time_machine):
    time_machine.move_to(datetime(2026, 12, 2, 11, tzinfo=NEW_YORK), tick=False)
    refresh_open_periods()
    found = search(q="help", need=Need.HOUSING, language="es", open_now="on", near="07102")
    assert names(found) == ["Ironbound Housing Help"]
    assert names(search(q="help", need=Need.HOUSING, near="08608", miles="5")) == []


def test_no_results_suggest_removing_a_filter(search, directory):
    response = search(need=Need.LEGAL, language="es")
    assert "Try removing a filter" in response.content.decode()


def test_results_link_to_the_entry_with_the_participant_passed_on(search, directory):
    response = search(participant="42", need=Need.EMPLOYMENT)
    entry = reverse("directory_service", args=[directory["trenton"].pk])
    assert f'href="{entry}?participant=42"' in response.content.decode()
    assert 'name="participant" value="42"' in response.content.decode()


def test_phone_is_a_tel_link(search, directory):
    assert 'href="tel:+19735550100"' in search(need=Need.EMPLOYMENT).content.decode()


def test_flags_verify_before_use_and_stale_entries(search, directory, admin):
    Service.objects.filter(pk=directory["newark"].pk).update(verify_before_use=True)
    Service.objects.filter(pk=directory["trenton"].pk).update(
        verified_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    Service.objects.filter(pk=directory["camden"].pk).update(
        verified_at=datetime.now(UTC), verified_by=admin
    )
    content = search().content.decode()
    assert content.count("Verify before use") == 1
    assert content.count("Not verified in 180 days") == 1


def test_inactive_services_are_not_offered(search, directory):
    Service.objects.filter(pk=directory["trenton"].pk).update(status="defunct")
    assert "Capital City Job Center" not in names(search())


def test_renamed_service_is_found_by_its_new_name(search, directory):
    service = directory["trenton"]
    service.name = "Mercer Works"
    service.save()
    assert names(search(q="mercer")) == ["Mercer Works"]
    assert names(search(q="capital")) == []
    service.delete()
    assert names(search(q="mercer")) == []


def test_pages_are_bounded(search, directory):
    for i in range(25):
        make_directory_service(f"Zephyr Service {i:02d}", opens_at=time(9), closes_at=time(17))
    first = search(q="zephyr")
    assert len(names(first)) == 20 and first.context["page"].has_next()
    second = search(q="zephyr", page="2")
    assert names(second) == [f"Zephyr Service {i:02d}" for i in range(20, 25)]


def test_a_search_issues_the_same_queries_however_big_the_directory(as_user, peer, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    refresh_open_periods()
    client = as_user(peer)
    params = {"q": "help", "need": Need.HOUSING, "language": "en", "near": "07102", "miles": "50"}

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    count()  # caches that fill on first use
    before = count()
    for i in range(30):
        service = make_directory_service(
            f"More Housing Help {i}", latitude=NEWARK[0] + i / 1000, longitude=NEWARK[1]
        )
        extra = Location.objects.create(name="Second site", latitude=40.7, longitude=-74.2)
        ServiceAtLocation.objects.create(service=service, location=extra)
    refresh_open_periods()
    assert count() == before


def test_a_participant_that_is_not_an_id_is_dropped(search, directory):
    response = search(participant="<script>", need=Need.EMPLOYMENT)
    assert names(response) == ["Capital City Job Center"]
    entry = reverse("directory_service", args=[directory["trenton"].pk])
    assert f'href="{entry}"' in response.content.decode()


def test_the_word_index_is_repaired_after_a_rebuild_drops_its_triggers(search, directory):
    """SQLite drops a table's triggers when Django rebuilds it for a migration; the
    post-migrate check puts them back and refills the words. (PostgreSQL's index is
    part of the table: nothing to repair.)"""
    from django.db import connection

    from peerwell.navigation.words import SQLITE_TRIGGERS, repair_sqlite_triggers

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    Service.objects.filter(pk=directory["trenton"].pk).update(name="Mercer Works")
    assert repair_sqlite_triggers() is (connection.vendor == "sqlite")
    assert names(search(q="mercer")) == ["Mercer Works"]
    assert repair_sqlite_triggers() is False  # nothing missing now
