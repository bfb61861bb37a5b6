from django.urls import path

from . import placeholder_entries, views_search

urlpatterns = [
    path("", views_search.directory_search, name="directory_search"),
    # Entries
    # THROWAWAY placeholder (h11-search only): replaced by the entries helper's page.
    path(
        "services/<uuid:service_id>/",
        placeholder_entries.directory_service,
        name="directory_service",
    ),
]
