"""The HSDS API at /api/hsds/: public, read-only, JSON answers and JSON errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerwell.navigation.models import Service
from peerwell.navigation.testing import make_directory_service, need_term

from .entries_data import rich_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return rich_directory()


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"] == "application/json"
    return response


def test_root_names_the_version_and_profile(client):
    body = get(client, "/api/hsds/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")


def test_services_page_lists_services_with_their_organization(client, directory):
    service, second, _ = directory
    body = get(client, "/api/hsds/services").json()
    assert body["total_items"] == 2
    assert [s["name"] for s in body["contents"]] == [service.name, second.name]
    assert body["contents"][0]["organization"]["name"] == service.organization.name
    assert body["first_page"] and body["last_page"] and not body["empty"]


def test_pages_split_the_list(client, directory):
    body = get(client, "/api/hsds/services", per_page=1, page=2).json()
    assert (body["total_pages"], body["page_number"], body["size"]) == (2, 2, 1)
    assert not body["first_page"] and body["last_page"]
    past = get(client, "/api/hsds/services", per_page=1, page=9).json()
    assert past["empty"] and past["contents"] == []


def test_one_service_in_full_with_its_unmodelled_fields(client, directory):
    service, _, _ = directory
    body = get(client, f"/api/hsds/services/{service.pk}").json()
    assert body["cost_options"][0]["option"] == "Free"
    assert body["phones"][0]["number"] == "973-555-0100"
    assert body["phones"][0]["languages"][0]["code"] == "es"
    place = body["service_at_locations"][0]["location"]
    assert place["addresses"][0]["postal_code"] == "07102"
    assert body["attributes"][0]["taxonomy_term"]["code"] == "housing"


def test_filters_by_taxonomy_term_taxonomy_and_organization(client, directory):
    service, second, lonely = directory
    housing = need_term("housing")

    def names(**params):
        return [s["name"] for s in get(client, "/api/hsds/services", **params).json()["contents"]]

    assert names(taxonomy_term_id=housing.pk) == [service.name]
    assert names(taxonomy_id=housing.taxonomy_id) == [service.name, second.name]
    assert names(organization_id=lonely.pk) == []
    assert names(search="job club") == [second.name]


def test_modified_after_leaves_out_older_services(client, directory):
    service, second, _ = directory
    Service.objects.filter(pk=service.pk).update(
        modified_at=timezone.now() - timezone.timedelta(days=30)
    )
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    body = get(client, "/api/hsds/services", modified_after=since).json()
    assert [s["id"] for s in body["contents"]] == [str(second.pk)]


def test_minimal_services_give_ids_and_modified_dates(client, directory):
    body = get(client, "/api/hsds/services", minimal="true").json()
    assert set(body["contents"][0]) == {"id", "name", "status", "modified_date"}


def test_organization_lists_its_services_briefly_or_in_full(client, directory):
    service, _, _ = directory
    brief = get(client, f"/api/hsds/organizations/{service.organization_id}").json()
    assert "phones" not in brief["services"][0]
    full = get(
        client, f"/api/hsds/organizations/{service.organization_id}", full_service="true"
    ).json()
    assert full["services"][0]["phones"][0]["number"] == "973-555-0100"
    assert full["funding"][0]["source"] == "State grant"


def test_service_at_locations_near_a_zip_code(client, directory):
    service, second, _ = directory
    near = get(client, "/api/hsds/service_at_locations", postcode="07102", proximity="5000")
    assert {row["service_id"] for row in near.json()["contents"]} == {
        str(service.pk),
        str(second.pk),
    }
    far = make_directory_service(
        "Camden Help", latitude=39.94, longitude=-75.12, postal_code="08102"
    )
    body = get(client, "/api/hsds/service_at_locations", postcode="07102", proximity="5000").json()
    assert str(far.pk) not in {row["service_id"] for row in body["contents"]}
    camden = get(client, "/api/hsds/service_at_locations", postcode="08102").json()
    assert [row["service_id"] for row in camden["contents"]] == [str(far.pk)]


def test_taxonomy_terms_top_only_and_by_parent(client, directory):
    housing = need_term("housing")
    top = get(client, "/api/hsds/taxonomy_terms", top_only="true").json()
    assert "Emergency shelter" not in [t["name"] for t in top["contents"]]
    children = get(client, "/api/hsds/taxonomy_terms", parent_id=housing.pk).json()
    assert [t["name"] for t in children["contents"]] == ["Emergency shelter"]
    one = get(client, f"/api/hsds/taxonomies/{housing.taxonomy_id}").json()
    assert one["name"] == "Peerwell needs"


@pytest.mark.parametrize(
    "url, params, words",
    [
        ("/api/hsds/services", {"page": "abc"}, "page"),
        ("/api/hsds/services", {"per_page": "0"}, "per_page"),
        ("/api/hsds/services", {"per_page": "101"}, "per_page"),
        ("/api/hsds/services", {"taxonomy_term_id": "housing"}, "taxonomy_term_id"),
        ("/api/hsds/services", {"modified_after": "last tuesday"}, "modified_after"),
        ("/api/hsds/services", {"full": "maybe"}, "full"),
        ("/api/hsds/services", {"format": "ndjson"}, "format"),
        ("/api/hsds/service_at_locations", {"postcode": "00000"}, "postcode"),
        # Text the ZIP table's library panicked on (found by the fuzz test), and digits
        # that are not ASCII.
        ("/api/hsds/service_at_locations", {"postcode": "\U0001c7cb\u00f5\U000718d8"}, "postcode"),
        (
            "/api/hsds/service_at_locations",
            {"postcode": "\u0660\u0667\u0661\u0660\u0662"},
            "postcode",
        ),
        ("/api/hsds/service_at_locations", {"postcode": "07102", "proximity": "far"}, "proximity"),
        ("/api/hsds/service_at_locations", {"proximity": "100"}, "proximity"),
        ("/api/hsds/taxonomy_terms", {"parent_id": "1"}, "parent_id"),
        ("/api/hsds/services", {"search": "a\x00b"}, "search"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, directory, url, params, words):
    response = get(client, url, **params)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_unknown_id_is_a_json_404(client, directory):
    response = get(client, "/api/hsds/services/2f0a1c2e-0000-4000-8000-000000000000")
    assert response.status_code == 404 and response.json()["error"]


def test_the_api_only_reads(client, directory):
    response = client.post("/api/hsds/services", {})
    assert response.status_code == 405
    assert response.json()["error"] and "GET" in response["Allow"]


def test_head_answers_like_get_without_a_body(client, directory):
    response = client.head("/api/hsds/services")
    assert response.status_code == 200 and response.content == b""


def test_any_site_may_read_it(client):
    assert get(client, "/api/hsds/services")["Access-Control-Allow-Origin"] == "*"


def test_switched_off_every_address_is_a_404(client, directory, settings):
    settings.HSDS_API_PUBLIC = False
    service, _, _ = directory
    for url in ("/api/hsds/", "/api/hsds/services", f"/api/hsds/services/{service.pk}"):
        response = get(client, url)
        assert response.status_code == 404 and response.json()["error"]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services?full=true",
        "/api/hsds/services",
        "/api/hsds/organizations?full_service=true",
        "/api/hsds/service_at_locations?full=true&postcode=07102&proximity=20000",
        "/api/hsds/taxonomy_terms",
    ],
)
def test_a_page_costs_the_same_queries_with_more_rows(client, directory, url):
    before = queries(client, url)
    for number in range(4):
        make_directory_service(f"More help {number}", need="benefits")
    assert queries(client, url) == before
