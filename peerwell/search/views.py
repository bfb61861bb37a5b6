from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from peerwell.audit.actions import record
from peerwell.core.access import staff_view

from .forms import SearchForm
from .queries import search_participants


@staff_view("admin", "supervisor", "peer")
@sensitive_post_parameters("q")  # kept out of error reports, like every other log
def participant_search(request):
    """The term is a name or a phone number: it travels only in a POST body and is never
    put in a URL, a redirect, a log line or the audit row (which keeps the ids shown)."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        term = form.cleaned_data["q"]
        results = search_participants(user=request.user, term=term)
        record(
            request=request,
            action="list",
            detail={"search": term.kind, "ids": [p.pk for p in results]},
        )
    htmx = request.headers.get("HX-Request") == "true"
    return render(
        request,
        "search/_results.html" if htmx else "search/search.html",
        {"form": form, "results": results, "htmx": htmx},
    )
