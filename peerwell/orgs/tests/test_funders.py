"""Funders see the whole network, so they are added for the whole deployment by whoever
runs it, never by an organization's admin."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs.models import Invitation, User

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://\S+/accounts/reset/\S+/\S+/")


def test_invite_form_offers_no_funder_role(as_user, admin):
    body = as_user(admin).get(reverse("staff_invite")).content.decode()
    assert 'value="peer"' in body and 'value="funder"' not in body


def test_forged_invitation_of_a_funder_is_refused_with_a_plain_message(as_user, admin):
    response = as_user(admin).post(
        reverse("staff_invite"), {"email": "grants@example.org", "role": "funder"}
    )
    assert response.status_code == 200
    assert "Funders are added for the whole network" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_forged_change_of_a_colleague_into_a_funder_is_refused(as_user, admin, org):
    peer = testing.make_user(org, "peer")
    response = as_user(admin).post(
        reverse("staff_edit", args=[peer.pk]), {"role": "funder", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Funders are added for the whole network" in response.content.decode()
    peer.refresh_from_db()
    assert peer.role == "peer"


def test_admin_can_neither_see_nor_edit_a_funder(as_user, admin, org):
    funder = testing.make_user(org, "funder")
    client = as_user(admin)
    assert funder.full_name not in client.get(reverse("staff_list")).content.decode()
    assert client.get(reverse("staff_edit", args=[funder.pk])).status_code == 404
    response = client.post(
        reverse("staff_edit", args=[funder.pk]), {"role": "funder", "is_active": ""}
    )
    assert response.status_code == 404
    funder.refresh_from_db()
    assert funder.is_active


def test_a_funder_belongs_to_no_organization(as_user, org):
    funder = testing.make_user(org, "funder")
    assert funder.organization is None
    account = as_user(funder).get(reverse("account")).content.decode()
    assert "The whole network" in account and org.name not in account
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=funder.pk).update(organization=org)


def test_add_funder_emails_a_one_time_link_and_prints_no_secret(client, org):
    out = StringIO()
    call_command("add_funder", "Grants@Example.org", "Robin Grant", stdout=out)
    funder = User.objects.get(email="grants@example.org")
    assert funder.role == "funder" and funder.organization is None
    assert not funder.has_usable_password()
    assert "grants@example.org" in out.getvalue()
    assert not RESET_LINK.search(out.getvalue())
    entry = AuditEntry.objects.get(action="create", model="orgs.user", object_id=str(funder.pk))
    assert entry.detail == {"origin": "peerwell add_funder"}
    [email] = mail.outbox
    assert email.to == ["grants@example.org"]
    link = RESET_LINK.search(email.body).group(0).split("testserver", 1)[1]
    # The link is Django's password reset: it moves its token into the session first.
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "new_password1" in page.content.decode()
    password = "river stones and morning light"
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302
    funder.refresh_from_db()
    assert funder.check_password(password)


def test_add_funder_can_print_the_link_instead(org):
    out = StringIO()
    call_command("add_funder", "grants@example.org", "Robin Grant", "--print-link", stdout=out)
    assert RESET_LINK.search(out.getvalue())
    assert not mail.outbox


def test_add_funder_refuses_a_staff_members_email(org):
    peer = testing.make_user(org, "peer")
    with pytest.raises(CommandError, match="already has an account"):
        call_command("add_funder", peer.email, "Robin Grant", stdout=StringIO())
    peer.refresh_from_db()
    assert peer.role == "peer" and peer.organization == org


def test_add_funder_again_sends_a_fresh_link(org):
    call_command("add_funder", "grants@example.org", "Robin Grant", stdout=StringIO())
    call_command("add_funder", "grants@example.org", "Robin Grant", stdout=StringIO())
    assert User.objects.filter(email="grants@example.org").count() == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_upgrading_moves_existing_funders_out_of_their_organization():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before, after = [("orgs", "0004_recovery_codes")], [("orgs", "0005_funder_network_wide")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("orgs", "Organization").objects.create(name="Riverside", slug="rs")
    old_user = old.get_model("orgs", "User")
    funder = old_user.objects.create(organization=org, role="funder", email="f@example.org")
    peer = old_user.objects.create(organization=org, role="peer", email="p@example.org")
    pending = old.get_model("orgs", "Invitation").objects.create(
        organization=org,
        email="g@example.org",
        role="funder",
        token_hash="x" * 64,
        invited_by=peer,
        expires_at=timezone.now() + timedelta(days=3),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert User.objects.get(pk=funder.pk).organization is None
    assert User.objects.get(pk=peer.pk).organization_id == org.pk
    assert not Invitation.objects.get(pk=pending.pk).is_usable
