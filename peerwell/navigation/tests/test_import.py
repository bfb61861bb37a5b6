"""Importing HSDS 3.0 JSON: services, organizations, lists, full form, re-imports."""

import json
from pathlib import Path

import pytest

from peerwell.navigation.hsds.importer import import_path
from peerwell.navigation.models import (
    Address,
    Attribute,
    DirectoryOrganization,
    Language,
    Location,
    OpenPeriod,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
HARBOR = "1b0c7c2e-3f4a-4d8e-9a61-0f6a4f1c2d01"
TABLES = (
    Taxonomy,
    TaxonomyTerm,
    DirectoryOrganization,
    Service,
    Location,
    ServiceAtLocation,
    Address,
    Phone,
    Schedule,
    Language,
    Attribute,
)


def table_counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES}


def services() -> list:
    return json.loads((DATA / "services.json").read_text())


def write(tmp_path, name, document) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_a_list_of_services_in_full_form_fills_every_table():
    result = import_path(DATA / "services.json")
    assert result.counts == {
        "taxonomies": 1,
        "taxonomy_terms": 1,
        "organizations": 2,
        "services": 2,
        "locations": 1,
        "service_at_locations": 1,
        "addresses": 1,
        "phones": 2,
        "schedules": 3,
        "languages": 3,
        "attributes": 1,
    }
    harbor = Service.objects.get(pk=HARBOR)
    assert harbor.organization.name == "Harbor House Inc."
    assert harbor.minimum_age == 18
    assert harbor.verified_at is None and harbor.verify_before_use
    assert {lang.code for lang in harbor.languages.all()} == {"en", "es"}
    assert harbor.phones.get().languages.get().code == "es"
    place = harbor.service_at_locations.get()
    assert place.location.addresses.get().postal_code == "07102"
    assert place.schedules.get().byday == "SA"
    assert harbor.attributes.get().taxonomy_term.taxonomy.name == "Peerwell needs"
    # Fields without a column are kept as they came.
    assert harbor.organization.more["funding"][0]["source"] == "County housing grant"
    assert place.location.more["accessibility"][0]["description"] == "Step-free entrance."
    # Its hours are expanded for "open now".
    assert OpenPeriod.objects.filter(service=harbor).exists()


def test_a_single_service(tmp_path):
    import_path(write(tmp_path, "one.json", services()[1]))
    service = Service.objects.get()
    assert service.name == "Second Chance Jobs"
    assert service.more["contacts"][0]["name"] == "Dana Ortiz"
    assert service.schedules.get().byday == "2TU"


def test_a_single_organization_with_its_locations(tmp_path):
    org = {
        "id": "3d2e9e40-5b6c-4fa0-9c83-2b8c6b3e4f00",
        "name": "Riverside Legal Aid",
        "description": "Free legal help, including expungement.",
        "phones": [{"id": "3d2e9e40-5b6c-4fa0-9c83-2b8c6b3e4f01", "number": "215-555-0188"}],
        "locations": [
            {
                "id": "3d2e9e40-5b6c-4fa0-9c83-2b8c6b3e4f02",
                "location_type": "virtual",
                "name": "Phone clinic",
            }
        ],
    }
    result = import_path(write(tmp_path, "org.json", org))
    assert result.counts == {"organizations": 1, "locations": 1, "phones": 1}
    saved = DirectoryOrganization.objects.get()
    assert saved.phones.get().number == "215-555-0188"
    assert saved.locations.get().location_type == "virtual"


def test_a_list_of_organizations(tmp_path):
    orgs = [s["organization"] for s in services()]
    import_path(write(tmp_path, "orgs.json", orgs))
    assert set(DirectoryOrganization.objects.values_list("name", flat=True)) == {
        "Harbor House Inc.",
        "Second Chance Workforce",
    }
    assert not Service.objects.exists()


def test_a_list_of_taxonomy_terms(tmp_path):
    terms = [
        {
            "id": "4e3f0f51-6c7d-4ab1-8d94-3c9d7c4f5a00",
            "code": "housing",
            "name": "Housing",
            "description": "A home.",
        },
        {
            "id": "4e3f0f51-6c7d-4ab1-8d94-3c9d7c4f5a01",
            "code": "recovery-housing",
            "name": "Recovery housing",
            "description": "A sober home.",
            "parent_id": "4e3f0f51-6c7d-4ab1-8d94-3c9d7c4f5a00",
        },
    ]
    import_path(write(tmp_path, "terms.json", terms))
    assert TaxonomyTerm.objects.get(code="recovery-housing").parent.code == "housing"


def test_importing_again_updates_in_place(tmp_path):
    import_path(DATA / "services.json")
    before = table_counts()
    changed = services()
    changed[0]["name"] = "Harbor House Housing Help (Broad St)"
    changed[0]["phones"][0]["number"] = "973-555-0199"
    import_path(write(tmp_path, "services.json", changed))
    assert table_counts() == before
    harbor = Service.objects.get(pk=HARBOR)
    assert harbor.name == "Harbor House Housing Help (Broad St)"
    assert harbor.phones.get().number == "973-555-0199"


def test_an_update_keeps_who_verified_the_entry(tmp_path, admin):
    from django.utils import timezone

    import_path(DATA / "services.json")
    Service.objects.filter(pk=HARBOR).update(
        verified_at=timezone.now(), verified_by=admin, verify_before_use=False
    )
    import_path(DATA / "services.json")
    harbor = Service.objects.get(pk=HARBOR)
    assert harbor.verified_by == admin and not harbor.verify_before_use


def test_a_reference_to_a_row_already_in_the_directory_is_accepted(tmp_path):
    import_path(DATA / "services.json")
    service = {
        "id": "5f4a1a62-7d8e-4bc2-9ea5-4dae8d5a6b00",
        "name": "Peer drop-in",
        "status": "active",
    }
    service["organization_id"] = "1b0c7c2e-3f4a-4d8e-9a61-0f6a4f1c2d00"
    import_path(write(tmp_path, "more.json", service))
    assert Service.objects.get(name="Peer drop-in").organization.name == "Harbor House Inc."


def test_progress_is_told_for_checking_and_loading():
    heard = []
    import_path(DATA / "services.json", progress=lambda *args: heard.append(args))
    assert heard[0] == ("checking", 0, 2) and ("checking", 2, 2) in heard
    assert heard[-1] == ("loading", 18, 18)


def test_lists_keyed_by_table(tmp_path):
    """{"taxonomies": [...], "services": [...]}: the key says what a record is (a
    taxonomy's fields alone look like an organization's)."""
    taxonomy = {"id": "7b6c3c84-9fa0-4de4-9ac7-6fc0af7c8d00", "name": "211 LA", "description": "."}
    document = {"taxonomies": [taxonomy], "services": services()}
    result = import_path(write(tmp_path, "export.json", document))
    assert result.counts["taxonomies"] == 2 and result.counts["services"] == 2
    assert Taxonomy.objects.filter(name="211 LA").exists()
    assert not DirectoryOrganization.objects.filter(name="211 LA").exists()
