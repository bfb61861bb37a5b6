from django.conf import settings
from django.shortcuts import render

from peerwell.core.access import staff_view

from .queries import network_summary


@staff_view("funder")
def network(request):
    return render(
        request,
        "reports/network.html",
        {"rows": network_summary(request.user), "threshold": settings.SMALL_COUNT_THRESHOLD},
    )
