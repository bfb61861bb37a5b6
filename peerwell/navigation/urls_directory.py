from django.urls import path

from . import views_directory, views_search

urlpatterns = [
    path("", views_search.directory_search, name="directory_search"),
    # Entries
    path("services/new/", views_directory.directory_service_new, name="directory_service_new"),
    path(
        "services/<uuid:service_id>/", views_directory.directory_service, name="directory_service"
    ),
    path(
        "services/<uuid:service_id>/edit/",
        views_directory.directory_service_edit,
        name="directory_service_edit",
    ),
    path(
        "services/<uuid:service_id>/verify/",
        views_directory.directory_service_verify,
        name="directory_service_verify",
    ),
    path(
        "organizations/<uuid:directory_organization_id>/",
        views_directory.directory_organization,
        name="directory_organization",
    ),
    path("to-verify/", views_directory.directory_to_verify, name="directory_to_verify"),
]
