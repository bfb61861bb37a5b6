import secrets

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from peerwell.audit.actions import record
from peerwell.core.access import staff_view
from peerwell.core.fields import decrypt, encrypt

from .forms import SearchForm
from .queries import search_participants

# The session keeps the latest searches, each under a random key that the results page's
# address carries (/search/?r=...): Back and reload show them again, and the address
# names no one. The term itself is kept encrypted, like a note.
SESSION_KEY = "peerwell_searches"
KEPT = 10


def _remember(request, text: str) -> str:
    searches = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(9)
    searches[key] = encrypt(text)
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEPT:])
    return key


def _recall(request) -> str | None:
    token = request.session.get(SESSION_KEY, {}).get(request.GET.get("r", ""))
    return decrypt(token) if token else None


@staff_view("admin", "supervisor", "peer")
@sensitive_post_parameters("q")  # kept out of error reports, like every other log
def participant_search(request):
    """The term is a name or a phone number: it travels only in a POST body and is never
    put in a URL, a redirect, a log line or the audit row (which keeps the ids shown).
    A valid search answers with a redirect to its results page (post/redirect/get)."""
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            key = _remember(request, request.POST["q"])
            return redirect(f"{reverse('participant_search')}?r={key}")
    else:
        term = _recall(request)
        form = SearchForm({"q": term} if term is not None else None)
    results = None
    if request.method == "GET" and form.is_bound and form.is_valid():
        term = form.cleaned_data["q"]
        results = search_participants(user=request.user, term=term)
        record(
            request=request,
            action="list",
            detail={"search": term.kind, "ids": [p.pk for p in results]},
        )
    return render(request, "search/search.html", {"form": form, "results": results})
