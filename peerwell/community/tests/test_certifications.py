"""Staff certifications: the list by expiry, new and edit with their bad input, and the
60- and 30-day expiry notices sent once each."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from peerwell import testing
from peerwell.community import testing as community
from peerwell.community.models import Certification
from peerwell.community.notices import send_expiry_notices
from peerwell.community.tasks import send_certification_notices

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2026, 3, 2)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=NEW_YORK), tick=False)
    return TODAY


def certified(holder, expires_on, **fields):
    return community.make_certification(holder, expires_on=expires_on, **fields)


def test_supervisor_sees_everyones_by_expiry_with_days_left(as_user, today, org, supervisor, peer):
    volunteer = testing.make_user(org, "volunteer")
    certified(peer, today + timedelta(days=40), name="Later one")
    certified(volunteer, today + timedelta(days=10), name="Sooner one", ce_hours_done=12)
    certified(peer, today - timedelta(days=2), name="Lapsed one")
    body = as_user(supervisor).get(reverse("community_certifications")).content.decode()
    assert body.index("Lapsed one") < body.index("Sooner one") < body.index("Later one")
    assert "Expires in 10 days" in body and "Expires in 40 days" in body
    assert "Expired" in body
    assert "12.0 of 30.0 hours" in body


def test_filter_expiring_within_30_days(as_user, today, supervisor, peer):
    certified(peer, today + timedelta(days=20), name="Within thirty")
    certified(peer, today + timedelta(days=75), name="Within ninety")
    client = as_user(supervisor)
    body = client.get(reverse("community_certifications"), {"within": "30"}).content.decode()
    assert "Within thirty" in body and "Within ninety" not in body
    body = client.get(reverse("community_certifications"), {"within": "90"}).content.decode()
    assert "Within ninety" in body


def test_peers_see_only_their_own_and_cannot_edit(as_user, today, org, peer):
    other = testing.make_user(org, "peer")
    mine = certified(peer, today + timedelta(days=50), name="Mine")
    certified(other, today + timedelta(days=50), name="A colleague's")
    client = as_user(peer)
    body = client.get(reverse("community_certifications")).content.decode()
    assert "Mine" in body and "A colleague" not in body
    assert client.get(reverse("community_certification_new")).status_code == 403
    edit = reverse("community_certification_edit", args=[mine.pk])
    assert client.get(edit).status_code == 404


def form_data(holder, **fields):
    data = {
        "holder": str(holder.pk),
        "name": "Certified Peer Recovery Specialist",
        "issuing_body": "Certification Board of New Jersey",
        "number": "CPRS-0042",
        "issued_on": "2025-03-01",
        "expires_on": "2027-03-01",
        "ce_hours_required": "30",
        "ce_hours_done": "0",
    }
    data.update(fields)
    return data


def test_new_certification(as_user, supervisor, peer):
    response = as_user(supervisor).post(reverse("community_certification_new"), form_data(peer))
    assert response["Location"] == reverse("community_certifications")
    made = Certification.objects.get()
    assert (made.holder, made.organization_id) == (peer, supervisor.organization_id)
    assert made.expires_on == date(2027, 3, 1)


def test_expiry_before_issue_is_refused_clearly(as_user, supervisor, peer):
    data = form_data(peer, name="Kept name", issued_on="2026-05-01", expires_on="2025-05-01")
    response = as_user(supervisor).post(reverse("community_certification_new"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The expiry date must come after the date it was issued." in body
    assert "Kept name" in body
    assert not Certification.objects.exists()


def test_holder_from_another_organization_is_not_offered(as_user, other_org, supervisor):
    outsider = testing.make_user(other_org, "peer")
    response = as_user(supervisor).post(reverse("community_certification_new"), form_data(outsider))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Certification.objects.exists()


def test_edit_saves_and_a_stale_page_is_refused(as_user, today, supervisor, peer):
    cert = certified(peer, today + timedelta(days=20), notice_60_sent_on=today)
    url = reverse("community_certification_edit", args=[cert.pk])
    client = as_user(supervisor)
    data = form_data(
        peer,
        issued_on=cert.issued_on.isoformat(),
        expires_on=cert.expires_on.isoformat(),
        ce_hours_done="12.5",
        version=str(cert.version),
    )
    assert client.post(url, data).status_code == 302
    cert.refresh_from_db()
    assert (cert.ce_hours_done, cert.version) == (12.5, 2)
    assert cert.notice_60_sent_on == today  # same expiry: the notice stands
    # The same page sent again (version 1) would overwrite the change just made.
    stale = client.post(url, {**data, "ce_hours_done": "3"})
    assert stale.status_code == 200
    assert "Someone else changed this certification" in stale.content.decode()
    cert.refresh_from_db()
    assert cert.ce_hours_done == 12.5


def test_a_renewal_sends_the_notices_again(as_user, today, supervisor, peer):
    cert = certified(
        peer, today + timedelta(days=20), notice_60_sent_on=today, notice_30_sent_on=today
    )
    data = form_data(
        peer, issued_on=cert.issued_on.isoformat(), expires_on="2028-03-01", version="1"
    )
    as_user(supervisor).post(reverse("community_certification_edit", args=[cert.pk]), data)
    cert.refresh_from_db()
    assert (cert.notice_60_sent_on, cert.notice_30_sent_on) == (None, None)


def test_notices_60_then_30_days_before_once_each(
    time_machine, org, peer, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=NEW_YORK), tick=False)
    cert = certified(peer, date(2026, 5, 1))  # 60 days after 2 March
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_notices() == 1
        assert send_expiry_notices() == 0  # run twice: sent once
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [peer.email]
    assert "expires in 60 days" in mail.outbox[0].subject
    assert "Certified Peer Recovery Specialist" in mail.outbox[0].body
    cert.refresh_from_db()
    assert (cert.notice_60_sent_on, cert.notice_30_sent_on) == (date(2026, 3, 2), None)

    time_machine.move_to(datetime(2026, 3, 20, 9, tzinfo=NEW_YORK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_notices() == 0  # 42 days left: nothing new

    time_machine.move_to(datetime(2026, 4, 1, 9, tzinfo=NEW_YORK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_certification_notices.call() == 1
        assert send_certification_notices.call() == 0
    assert len(mail.outbox) == 2
    assert "expires in 30 days" in mail.outbox[1].subject
    cert.refresh_from_db()
    assert cert.notice_30_sent_on == date(2026, 4, 1)


def test_found_inside_30_days_gets_only_the_30_day_notice(
    today, peer, django_capture_on_commit_callbacks
):
    cert = certified(peer, today + timedelta(days=12))
    expired = certified(peer, today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_notices() == 1
    assert len(mail.outbox) == 1 and "12 days" in mail.outbox[0].subject
    cert.refresh_from_db()
    assert cert.notice_30_sent_on == cert.notice_60_sent_on == today
    expired.refresh_from_db()
    assert expired.notice_30_sent_on is None


def test_a_notice_claimed_by_another_worker_is_not_sent_again(
    today, peer, django_capture_on_commit_callbacks
):
    cert = certified(peer, today + timedelta(days=50))
    # Another worker claimed it a moment ago (the conditional UPDATE it made).
    Certification.objects.filter(pk=cert.pk).update(notice_60_sent_on=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_notices() == 0
    assert mail.outbox == []


def test_supervisors_see_the_notices_sent(as_user, today, supervisor, peer):
    certified(peer, today + timedelta(days=55), name="Noticed one", notice_60_sent_on=today)
    body = as_user(supervisor).get(reverse("community_certifications")).content.decode()
    assert "Expiry notices sent" in body
    assert f"{peer.full_name}: Noticed one expires on" in body
    peer_body = as_user(peer).get(reverse("community_certifications")).content.decode()
    assert "Expiry notices sent" not in peer_body


def test_the_command(today, peer, django_capture_on_commit_callbacks):
    certified(peer, today + timedelta(days=30))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("certification_notices", stdout=out)
    assert "1 certification expiry notice(s) sent." in out.getvalue()
    assert len(mail.outbox) == 1


def test_a_certification_of_someone_who_left_can_still_be_corrected(
    as_user, today, supervisor, peer
):
    cert = certified(peer, today + timedelta(days=90))
    peer.is_active = False
    peer.save(update_fields=["is_active"])
    client = as_user(supervisor)
    assert (
        client.get(reverse("community_certification_new"))
        .content.decode()
        .count(f">{peer.full_name}<")
        == 0
    )
    data = form_data(
        peer, issued_on=cert.issued_on.isoformat(), number="CPRS-77", version=str(cert.version)
    )
    url = reverse("community_certification_edit", args=[cert.pk])
    assert client.post(url, data).status_code == 302
    cert.refresh_from_db()
    assert cert.number == "CPRS-77"
