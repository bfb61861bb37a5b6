from django.shortcuts import render

from peerwell.core.access import staff_view
from peerwell.core.paging import uncounted_page

from .forms_search import DirectoryQuery, DirectorySearchForm
from .search import fill_in, search_services

# The directory is the deployment's shared data: every staff role but the funder's.
DIRECTORY_READERS = ("admin", "supervisor", "peer", "volunteer")
PER_PAGE = 20


@staff_view(*DIRECTORY_READERS)
def directory_search(request):
    """A GET form: the results' address can be shared, bookmarked and paged. Nothing of
    a participant is read here: `participant` is only carried on to the result links."""
    form = DirectorySearchForm(request.GET or None)
    page, participant = None, None
    if not form.is_bound:
        query = DirectoryQuery()
    elif form.is_valid():
        query = form.query()
        participant = form.cleaned_data["participant"]
    else:
        query = None
    if query is not None:
        page = uncounted_page(search_services(query), request.GET.get("page"), PER_PAGE)
        page.object_list = fill_in(page.object_list, query)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "near": query is not None and query.origin is not None,
        "filtered": any(params.get(k) for k in ("q", "need", "language", "open_now", "near")),
        "participant": participant,
        "query": params.urlencode(),
    }
    return render(request, "navigation/search.html", context)
