"""The demo's directory: the real statewide lines, marked "verify before use", and
synthetic local services for every need, loaded the same way twice."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from peerwell.navigation.demo import AREAS, STATEWIDE, load_demo_directory
from peerwell.navigation.models import (
    Address,
    Attribute,
    Language,
    Need,
    OpenPeriod,
    Phone,
    Schedule,
    Service,
)

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
TABLES = (Service, Address, Phone, Schedule, Language, Attribute, OpenPeriod)


def counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def test_loading_twice_changes_nothing():
    load_demo_directory()
    first = counts()
    names = sorted(Service.objects.values_list("id", "name"))
    load_demo_directory()
    assert counts() == first
    assert sorted(Service.objects.values_list("id", "name")) == names


def test_statewide_lines_are_marked_verify_before_use():
    load_demo_directory()
    lines = Service.objects.filter(name__in=[e.name for e in STATEWIDE])
    assert lines.count() == len(STATEWIDE) == 6
    for line in lines:
        assert line.verify_before_use and "verify before use" in line.description
    assert Phone.objects.get(service__name="988 Suicide & Crisis Lifeline").number == "988"


def test_every_need_has_a_local_service_in_each_area():
    load_demo_directory()
    for area, *_ in AREAS:
        found = set(
            Attribute.objects.filter(service__name__startswith=area).values_list(
                "taxonomy_term__code", flat=True
            )
        )
        assert found == {n.value for n in Need}, area


def test_the_search_page_shows_the_demo(as_user, peer, time_machine):
    # Wednesday 3 a.m. in New Jersey: only the lines open around the clock are open.
    time_machine.move_to(datetime(2026, 12, 2, 3, tzinfo=NEW_YORK), tick=False)
    load_demo_directory()
    client = as_user(peer)
    open_now = client.get("/directory/", {"open_now": "on"})
    names = [s.name for s in open_now.context["page"].object_list]
    assert names == [
        "988 Suicide & Crisis Lifeline",
        "Peer Recovery Warm Line",
        "ReachNJ addiction help line",
    ]
    assert 'href="tel:988"' in open_now.content.decode()
    near = client.get("/directory/", {"near": "08608", "need": Need.HOUSING, "language": "es"})
    assert [s.name for s in near.context["page"].object_list] == ["Trenton Housing Help Desk"]
