"""What `staff_view` and `public_view` promise any view they wrap. The views are wrapped
here, inside each test, so the check is the one in core/access.py as it is now."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from peerwell.audit.models import AuditEntry
from peerwell.core.access import Access, public_view, staff_view

pytestmark = pytest.mark.django_db


def request_as(user, path="/reports/monthly/?period=2026-10"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def a_view():
    def monthly_report(request, *args, **row):
        return HttpResponse(f"the report of {request.path} {args} {row}")

    return monthly_report


def test_a_listed_role_opens_the_page(supervisor):
    view = staff_view("admin", "supervisor")(a_view())
    response = view(request_as(supervisor), "2026", participant_id=7)
    assert response.content == b"the report of /reports/monthly/ ('2026',) {'participant_id': 7}"
    assert not AuditEntry.objects.filter(action="refused").exists()


def test_signed_out_visitor_is_sent_to_sign_in_and_back(db):
    view = staff_view("admin")(a_view())
    response = view(request_as(AnonymousUser()))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/reports/monthly/%3Fperiod%3D2026-10"


def test_a_role_not_listed_is_refused_with_403_and_audited(peer):
    view = staff_view("admin", "supervisor")(a_view())
    with pytest.raises(PermissionDenied):
        view(request_as(peer))
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.organization) == ("refused", peer, peer.organization)
    assert entry.detail == {"view": "monthly_report"}
    assert entry.path == "/reports/monthly/"
    assert entry.ip_address == "127.0.0.1"


def test_a_role_not_listed_on_a_page_about_one_row_gets_404(peer):
    # A 404, like a missing row: the answer never says whether the row exists.
    view = staff_view("admin")(a_view())
    with pytest.raises(Http404):
        view(request_as(peer), participant_id=7)
    assert AuditEntry.objects.get().detail == {"view": "monthly_report"}


def test_each_wrapped_view_declares_its_access():
    assert staff_view("admin", "peer")(a_view()).access == Access(
        public=False, roles=frozenset({"admin", "peer"})
    )
    assert public_view(a_view()).access == Access(public=True, roles=frozenset())


def test_a_public_view_is_open_to_anyone(db):
    view = public_view(a_view())
    assert view(request_as(AnonymousUser())).content == b"the report of /reports/monthly/ () {}"
