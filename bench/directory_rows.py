"""The bench's rows for directory search, measured in the subprocess that has set Django
up (measure.py): a peer's search with every filter (words, a need, open now, near a ZIP
code) and a plain need search, against the 20,000 services the seed writes at the
bench's statewide scale (one per ten participants). Target: under 100 ms on PostgreSQL."""

from urllib.parse import urlencode

TARGET_MS = 100
# Newark: the densest part of the seeded directory, so "near" has the most to sort.
NEAR = "07102"


def _url(**params) -> str:
    return "/directory/?" + urlencode(params)


def pages(signed_in, peer) -> tuple[list, dict]:
    """(name, url, request, extra) rows for measure._run, and what they were run on."""
    from peerwell.navigation.forms_search import DirectorySearchForm
    from peerwell.navigation.models import Service
    from peerwell.navigation.search import search_services

    # 20,000 at the statewide scale; a few hundred on the small database.
    services = Service.objects.count()
    as_peer = signed_in(peer)
    searches = {
        "directory: words, need, open now, near a ZIP (peer)": _url(
            q="rental", need="housing", open_now="on", near=NEAR, miles=25
        ),
        "directory: a need (peer)": _url(need="housing"),
    }
    rows, found = [], {}
    for name, url in searches.items():
        form = DirectorySearchForm(dict(p.split("=", 1) for p in url.split("?")[1].split("&")))
        assert form.is_valid(), form.errors
        # How many services the search finds (untimed): the page shows the first 20.
        found[name] = search_services(form.query()).count()
        rows.append((name, url, as_peer.get, {"target_ms": TARGET_MS, "found": found[name]}))
    return rows, {"services": services, "found": found, "refresh": lambda: signed_in(peer)}
