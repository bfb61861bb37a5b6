"""A statewide directory (20,000 services) imports in minutes, not hours: rows are
written in batches, not one query each, and opening hours are expanded without walking
every week since 2000."""

import json
import uuid
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerwell.navigation import opening
from peerwell.navigation.hsds.importer import read_upload
from peerwell.navigation.models import OpenPeriod, Schedule, Service

TERM = {"id": str(uuid.UUID(int=1)), "code": "housing", "name": "Housing", "description": "."}


def directory(count: int) -> bytes:
    """`count` services in full form, each with its own organization, location and hours."""
    records = []
    for n in range(count):
        ids = [str(uuid.UUID(int=(n + 10) * 100 + k)) for k in range(9)]
        location = {
            "id": ids[1],
            "location_type": "physical",
            "addresses": [
                {
                    "id": ids[2],
                    "address_1": f"{n} Main Street",
                    "city": "Newark",
                    "state_province": "NJ",
                    "postal_code": "07102",
                    "country": "US",
                    "address_type": "physical",
                }
            ],
        }
        records.append(
            {
                "id": ids[3],
                "name": f"Service {n}",
                "status": "active",
                "organization": {"id": ids[0], "name": f"Provider {n}", "description": "."},
                "phones": [{"id": ids[4], "number": "973-555-0100"}],
                "schedules": [
                    {
                        "id": ids[5],
                        "freq": "WEEKLY",
                        "byday": "MO,WE",
                        "opens_at": "09:00",
                        "closes_at": "17:00",
                    }
                ],
                "service_at_locations": [{"id": ids[6], "location": location}],
                "languages": [{"id": ids[7], "code": "es"}],
                "attributes": [{"id": ids[8], "taxonomy_term": TERM}],
            }
        )
    return json.dumps(records).encode()


def queries_to_import(count: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        read_upload("directory.json", directory(count))
    return len(queries)


@pytest.mark.django_db
def test_ten_times_the_services_takes_far_fewer_than_a_query_each():
    few = queries_to_import(20)
    many = queries_to_import(200)
    assert Service.objects.count() == 200
    assert OpenPeriod.objects.filter(service__name="Service 199").exists()
    # Batches, not a query per row. (SQLite takes at most 999 values a statement, so a
    # batch of services, some thirty columns each, holds 33 of them there.)
    assert many - few < (200 - 20) / 5, (few, many)


RULES = [
    {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR"},
    {"freq": "WEEKLY", "byday": "SA,SU", "wkst": "SU"},
    {"freq": "WEEKLY"},
    {"freq": "MONTHLY", "byday": "2TU"},
    {"freq": "MONTHLY", "byday": "-1FR"},
    {"freq": "MONTHLY", "bymonthday": "1,15"},
    {"freq": "MONTHLY"},
    {"freq": "WEEKLY", "byday": "TU", "interval": 2},
    {"freq": "WEEKLY", "byday": "WE", "until": date(2027, 1, 20)},
]


@pytest.mark.parametrize("rule", RULES)
def test_hours_counted_from_a_recent_monday_fall_on_the_same_days(rule, monkeypatch):
    schedule = Schedule(opens_at=time(9), closes_at=time(17), **rule)
    for days in range(0, 400, 11):
        start = date(2026, 1, 1) + timedelta(days=days)
        quick = opening.periods(schedule, start)
        with monkeypatch.context() as patched:
            patched.setattr(opening, "_anchor", lambda schedule, start: date(2000, 1, 3))
            assert opening.periods(schedule, start) == quick, start
