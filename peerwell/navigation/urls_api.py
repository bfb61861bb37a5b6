"""The HSDS 3.0 API (hsds/schema/openapi.json), under /api/hsds/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.hsds_root, name="hsds_root"),
    path("services", api.hsds_services, name="hsds_services"),
    path("services/<uuid:id>", api.hsds_service, name="hsds_service"),
    path("organizations", api.hsds_organizations, name="hsds_organizations"),
    path("organizations/<uuid:id>", api.hsds_organization, name="hsds_organization"),
    path("service_at_locations", api.hsds_service_at_locations, name="hsds_service_at_locations"),
    path(
        "service_at_locations/<uuid:id>",
        api.hsds_service_at_location,
        name="hsds_service_at_location",
    ),
    path("taxonomies", api.hsds_taxonomies, name="hsds_taxonomies"),
    path("taxonomies/<uuid:id>", api.hsds_taxonomy, name="hsds_taxonomy"),
    path("taxonomy_terms", api.hsds_taxonomy_terms, name="hsds_taxonomy_terms"),
    path("taxonomy_terms/<uuid:id>", api.hsds_taxonomy_term, name="hsds_taxonomy_term"),
]
