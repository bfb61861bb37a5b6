"""THROWAWAY, this branch only (h11-search): a stand-in for the "entries" helper's
`directory_service` page, so that search results can link to it by name in tests. The
lead deletes this file and its URL line at merge, keeping the entries helper's page."""

from django.http import HttpResponse

from peerwell.core.access import staff_view

from .models import Service
from .views_search import DIRECTORY_READERS


@staff_view(*DIRECTORY_READERS)
def directory_service(request, service_id):
    service = Service.objects.filter(pk=service_id).first()
    return HttpResponse(service.name if service else "", status=200 if service else 404)
