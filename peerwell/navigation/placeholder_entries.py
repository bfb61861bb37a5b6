"""THROWAWAY, this branch only (h11-search): a stand-in for the "entries" helper's
`directory_service` page, so that search results can link to it by name in tests. The
lead deletes this file, its template (placeholder_service.html) and its URL line at
merge, keeping the entries helper's page."""

from django.shortcuts import get_object_or_404, render

from peerwell.core.access import staff_view

from .models import Service
from .views_search import DIRECTORY_READERS


@staff_view(*DIRECTORY_READERS)
def directory_service(request, service_id):
    service = get_object_or_404(Service, pk=service_id)
    return render(request, "navigation/placeholder_service.html", {"service": service})
