"""An organization always keeps an active admin, and an admin giving up the role is asked
first."""

import threading
import time

import pytest
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs import actions
from peerwell.orgs.models import User

pytestmark = pytest.mark.django_db


def edit(client, staff, **data):
    return client.post(reverse("staff_edit", args=[staff.pk]), data)


def test_the_only_admin_cannot_demote_themselves(as_user, admin):
    client = as_user(admin)
    asked = edit(client, admin, role="supervisor", is_active="on")
    assert "Stop being an admin?" in asked.content.decode()
    refused = edit(client, admin, role="supervisor", is_active="on", confirmed="yes")
    assert refused.status_code == 200
    assert "only active admin" in refused.content.decode()
    assert "only active admin" in refused.context["form"].errors["role"][0]
    admin.refresh_from_db()
    assert admin.role == "admin" and admin.is_active


def test_the_last_other_admin_cannot_be_deactivated_or_demoted(admin, org):
    """An inactive admin does not count, and the check holds whoever calls the action."""
    from django.test import RequestFactory

    testing.make_user(org, "admin", is_active=False)
    colleague = testing.make_user(org, "supervisor")
    request = RequestFactory().post("/")
    request.user = colleague
    for role, active in (("peer", True), ("admin", False)):
        with pytest.raises(actions.LastAdmin):
            actions.change_staff(request=request, staff=admin, role=role, is_active=active)
    admin.refresh_from_db()
    assert admin.role == "admin" and admin.is_active


def test_with_a_second_admin_one_can_step_down_after_confirming(as_user, admin, org):
    other = testing.make_user(org, "admin", full_name="Robin Admin")
    web = as_user(admin)
    # The first answer only asks: nothing changes, and a reload asks again.
    asked = edit(web, admin, role="supervisor", is_active="on")
    assert asked.status_code == 200
    assert "Yes, change my role" in asked.content.decode()
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert not AuditEntry.objects.filter(action="update", object_id=str(admin.pk)).exists()
    done = edit(web, admin, role="supervisor", is_active="on", confirmed="yes")
    assert done.status_code == 302 and done["Location"] == reverse("home")
    admin.refresh_from_db()
    assert admin.role == "supervisor"
    assert User.objects.get(role="admin") == other


def test_deactivating_the_last_other_admin_is_refused_on_the_form(as_user, admin, org):
    other = testing.make_user(org, "admin", full_name="Robin Admin")
    client = as_user(other)
    assert edit(client, admin, role="admin", is_active="").status_code == 302
    # `other` is now the only active admin: stepping down, even confirmed, is refused.
    admin.refresh_from_db()
    assert not admin.is_active
    refused = edit(client, other, role="peer", is_active="on", confirmed="yes")
    assert "Robin Admin is the organization&#x27;s only active admin" in refused.content.decode()


def test_an_admin_changing_a_colleague_is_not_asked_to_confirm(as_user, admin, org):
    peer = testing.make_user(org, "peer")
    assert edit(as_user(admin), peer, role="supervisor", is_active="on").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(org):
    """Each demotion alone is allowed; at the same moment, one must wait and be refused."""
    from django.db import OperationalError, connections
    from django.test import RequestFactory

    first = testing.make_user(org, "admin")
    second = testing.make_user(org, "admin")
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(actor, staff):
        request = RequestFactory().post("/")
        request.user = actor
        barrier.wait()
        try:
            for _attempt in range(200):
                try:
                    actions.change_staff(request=request, staff=staff, role="peer", is_active=True)
                    outcomes.append("done")
                    return
                except actions.LastAdmin:
                    outcomes.append("refused")
                    return
                except OperationalError as error:
                    # The suite's in-memory SQLite answers "locked" at once where a file
                    # database waits (busy timeout): wait as that would, then try again.
                    assert "locked" in str(error)
                    time.sleep(0.01)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=demote, args=(first, second)),
        threading.Thread(target=demote, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert User.objects.filter(organization=org, role="admin", is_active=True).count() == 1
