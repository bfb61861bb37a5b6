"""`peerwell seed` fills the shared directory at scale, the same way for a seed."""

from datetime import date

import pytest
from django.core.management import call_command

from peerwell.core.seeding.directory import MIN_SERVICES, seed_directory, service_count
from peerwell.navigation.models import (
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    Need,
    OpenPeriod,
    Service,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def test_the_seed_fills_the_directory_across_new_jersey():
    rows = seed_directory(services=120, seed=5, prefix="t", today=TODAY)
    assert Service.objects.count() == rows["directory_services"] == 120
    assert rows["directory_open_periods"] == OpenPeriod.objects.count() > 120
    codes = set(Attribute.objects.values_list("taxonomy_term__code", flat=True))
    assert len(codes) > 10 and codes <= {n.value for n in Need}
    assert {"en", "es"} <= set(Language.objects.values_list("code", flat=True))
    # Every location within New Jersey's bounds.
    for lat, lon in Location.objects.values_list("latitude", "longitude"):
        assert 38.9 < lat < 41.4 and -75.6 < lon < -73.9


def test_the_same_seed_gives_the_same_directory():
    seed_directory(services=40, seed=5, prefix="a", today=TODAY)
    first = list(Service.objects.order_by("id").values_list("name", "description"))
    DirectoryOrganization.objects.all().delete()  # and with them their services
    seed_directory(services=40, seed=5, prefix="a", today=TODAY)
    assert list(Service.objects.order_by("id").values_list("name", "description")) == first
    seed_directory(services=40, seed=6, prefix="b", today=TODAY)
    assert Service.objects.count() == 80


def test_one_service_per_ten_participants_and_a_floor():
    assert service_count(200_000) == 20_000
    assert service_count(50) == MIN_SERVICES


def test_seed_command_fills_the_directory_and_search_finds_it(capsys, as_user, org, peer):
    call_command("seed", orgs=1, participants=5, seed=3, directory_services=60, no_progress=True)
    assert "60 directory services" in capsys.readouterr().out
    assert Service.objects.count() == 60
    zip_code = Location.objects.first().addresses.first().postal_code
    response = as_user(peer).get("/directory/", {"near": zip_code, "miles": "50"})
    rows = response.context["page"].object_list
    assert rows and rows[0].miles < 2
    assert [r.miles for r in rows] == sorted(r.miles for r in rows)
