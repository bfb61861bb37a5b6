"""The HSDS API against the Open Referral OpenAPI reference (hsds/schema/openapi.json):
every path answers, every parameter the reference lists is accepted, and every answer
validates with jsonschema against the reference's response schema, its
raw.githubusercontent.com references resolved from disk (no network)."""

import re
from functools import cache

import pytest
from jsonschema import Draft202012Validator
from referencing import Resource
from referencing.jsonschema import DRAFT202012

from peerwell.navigation.hsds.schemas import PUBLISHED, openapi, registry
from peerwell.navigation.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from peerwell.navigation.testing import need_term

from .entries_data import rich_directory

pytestmark = pytest.mark.django_db

SPEC = openapi()
SPEC_URI = "urn:peerwell:hsds-openapi"
# A value of each kind of parameter that a reader would send.
SAMPLES = {
    "search": lambda ids: "help",
    "page": lambda ids: "1",
    "per_page": lambda ids: "10",
    "format": lambda ids: "json",
    "taxonomy_term_id": lambda ids: ids["taxonomy_term"],
    "taxonomy_id": lambda ids: ids["taxonomy"],
    "organization_id": lambda ids: ids["organization"],
    "modified_after": lambda ids: "2020-01-01T00:00:00Z",
    "minimal": lambda ids: "true",
    "full": lambda ids: "true",
    "full_service": lambda ids: "true",
    "postcode": lambda ids: "07102",
    "proximity": lambda ids: "10000",
    "top_only": lambda ids: "true",
    "parent_id": lambda ids: ids["taxonomy_term"],
}
# A parameter that only means something beside another.
COMPANIONS = {"proximity": {"postcode": "07102"}}
# The reference names fully nested service_at_location by the compiled service schema;
# its description (and HSDS 3.1) say a service_at_location, which is what is answered.
SCHEMA_FIXES = {"/service_at_locations/{id}": PUBLISHED + "compiled/service_at_location.json"}


def pointer(*parts) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def response_validator(path: str) -> Draft202012Validator:
    if path in SCHEMA_FIXES:
        schema = {"$ref": SCHEMA_FIXES[path]}
    else:
        where = pointer("paths", path, "get", "responses", "200", "content", "application/json")
        schema = {"$ref": f"{SPEC_URI}#/{where}/schema"}
    spec = Resource.from_contents(SPEC, default_specification=DRAFT202012)
    return Draft202012Validator(
        schema,
        registry=registry().with_resource(SPEC_URI, spec),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def parameters(path: str) -> list[str]:
    """The names of the query parameters the reference lists for a path's GET."""
    names = []
    for item in SPEC["paths"][path]["get"].get("parameters", []):
        if "$ref" in item:
            item = SPEC["components"]["parameters"][item["$ref"].rsplit("/", 1)[1]]
        if item["in"] == "query":
            names.append(item["name"])
    return names


@pytest.fixture
def ids():
    service, _, _ = rich_directory()
    term = need_term("housing")
    return {
        "service": service.pk,
        "organization": service.organization_id,
        "service_at_location": ServiceAtLocation.objects.filter(service=service).first().pk,
        "taxonomy": Taxonomy.objects.first().pk,
        "taxonomy_term": TaxonomyTerm.objects.filter(parent__isnull=False).first().pk,
        "housing": term.pk,
    }


def url_of(path: str, ids) -> str:
    """The API address of a reference path, with a real id for `{id}`."""
    kind = {
        "services": "service",
        "organizations": "organization",
        "service_at_locations": "service_at_location",
        "taxonomies": "taxonomy",
        "taxonomy_terms": "taxonomy_term",
    }
    first = path.strip("/").split("/")[0]
    return "/api/hsds" + re.sub(r"\{id\}", lambda m: str(ids[kind[first]]), path)


def check(client, path, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:300])
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in response_validator(path).iter_errors(response.json())
    ]
    assert not errors, (url, params, errors[:5])
    return response.json()


@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
def test_every_path_answers_what_the_reference_describes(client, ids, path):
    check(client, path, url_of(path, ids), {})


@pytest.mark.parametrize(
    "path, name",
    [(path, name) for path in sorted(SPEC["paths"]) for name in parameters(path)],
)
def test_every_parameter_of_the_reference_is_accepted(client, ids, path, name):
    params = {name: SAMPLES[name](ids), **COMPANIONS.get(name, {})}
    check(client, path, url_of(path, ids), params)


@pytest.mark.parametrize(
    "path, params",
    [
        ("/services", {"full": "true", "per_page": "1", "page": "2"}),
        ("/services", {"taxonomy_id": "{taxonomy}", "full": "true"}),
        ("/services", {"minimal": "true", "search": "job"}),
        ("/organizations", {"full": "true"}),
        ("/organizations", {"full": "true", "full_service": "true"}),
        ("/organizations/{id}", {"full_service": "true"}),
        ("/service_at_locations", {"postcode": "07102", "proximity": "5000", "full": "true"}),
        ("/service_at_locations", {"taxonomy_term_id": "{housing}", "postcode": "07102"}),
        ("/taxonomy_terms", {"taxonomy_id": "{taxonomy}", "top_only": "true"}),
    ],
)
def test_combined_parameters_still_answer_the_reference_shape(client, ids, path, params):
    filled = {k: v.format(**ids) for k, v in params.items()}
    body = check(client, path, url_of(path, ids), filled)
    assert "contents" in body or "id" in body


def test_full_services_validate_as_the_full_service_schema(client, ids):
    """The reference's list item is the one-to-one form; full=true gives each service
    whole, which must also be a valid compiled service."""
    body = client.get("/api/hsds/services", {"full": "true"}).json()
    validator = Draft202012Validator(
        {"$ref": PUBLISHED + "compiled/service.json"},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    assert body["contents"] and Service.objects.count() == len(body["contents"])
    for item in body["contents"]:
        assert not list(validator.iter_errors(item))


def test_the_views_accept_no_path_the_reference_lacks():
    from peerwell.navigation.urls_api import urlpatterns

    ours = {"/" + re.sub(r"<uuid:id>", "{id}", str(p.pattern)) for p in urlpatterns}
    assert ours == set(SPEC["paths"])


def test_the_check_refuses_an_answer_off_the_reference():
    """The validators are not vacuous: a service without its name, a bad id and a page
    count that is not a number are all caught."""
    wrong = {"total_items": "two", "contents": [{"id": "not-a-uuid", "status": "active"}]}
    messages = [e.message for e in response_validator("/services").iter_errors(wrong)]
    assert any("'name' is a required property" in m for m in messages)
    assert any("not-a-uuid" in m for m in messages)
    assert any("'two' is not of type 'integer'" in m for m in messages)


LIST_PATHS = sorted(p for p in SPEC["paths"] if "{" not in p and p != "/")


@pytest.mark.parametrize("path", LIST_PATHS)
def test_any_values_of_the_reference_parameters_never_break_the_api(client, ids, path):
    """Hypothesis sends every parameter the reference lists with any text: the answer is
    the reference's page (200) or a JSON error (400), never a 500."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    names = parameters(path)
    values = st.one_of(
        st.text(max_size=12),
        st.sampled_from(["0", "-1", "1", "100", "101", "true", "false", "07102", "json"]),
    )

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(names), values, max_size=4))
    def ask(params):
        response = client.get(url_of(path, ids), params)
        assert response.status_code in (200, 400), (params, response.status_code)
        body = response.json()
        if response.status_code == 400:
            assert body["error"]
        else:
            assert not list(response_validator(path).iter_errors(body))

    ask()
