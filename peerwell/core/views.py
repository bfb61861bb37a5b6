from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.i18n import set_language as django_set_language

from peerwell.core.access import public_view, staff_view
from peerwell.orgs.models import STAFF_ROLES

HOME_BY_ROLE = {
    "admin": "participant_list",
    "supervisor": "participant_list",
    "peer": "caseload",
    "funder": "network_report",
    "volunteer": "checkins_queue",
}


@staff_view(*STAFF_ROLES)
def home(request):
    return redirect(HOME_BY_ROLE[request.user.role])


@public_view
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@staff_view(*STAFF_ROLES)
def floor(request):
    """The framework floor for `make bench`: the base layout through the same middleware,
    with no data of its own."""
    return render(request, "core/floor.html")


set_language = public_view(django_set_language)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
