"""The follow-up list as a peer works it: what a call needs, a way to log the contact
from the task, and "done" that can be undone."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.contacts.models import Contact, FollowUp

from .test_log_contact import contact_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(org, peer):
    return testing.make_participant(
        org,
        assigned_peer=peer,
        first_name="Dana",
        last_name="Cruz",
        phone="+12155550142",
        safe_times="Weekdays after 5 pm",
        voicemail_may_mention_program=False,
    )


@pytest.fixture
def task(peer, dana):
    return testing.make_follow_up(
        peer,
        participant=dana,
        due_date=timezone.localdate() - timedelta(days=1),
        reason="Ask how the housing interview went.",
    )


def task_item(body: str, name: str) -> str:
    """The follow-up's whole item on the list."""
    start = body.index(name)
    return body[body.rindex('<li class="pw-task">', 0, start) : body.index("\n  </li>", start)]


def test_each_follow_up_shows_what_the_call_needs(as_user, peer, dana, task):
    body = as_user(peer).get(reverse("follow_ups")).content.decode()
    item = task_item(body, "Dana Cruz")
    assert 'href="tel:+12155550142">(215) 555-0142</a>' in item
    assert "Safe times to call: Weekdays after 5 pm" in item
    assert "Voicemail: your name and number only, no mention of the program" in item
    assert "Ask how the housing interview went." in item and "overdue" in item
    assert f'href="/participants/{dana.pk}/log/?follow_up={task.pk}"' in item
    # Showing the phone and call times opens part of the record: the audit names her.
    assert AuditEntry.objects.filter(
        actor=peer, action="view", participant=dana, path=reverse("follow_ups")
    ).exists()


def test_the_list_warns_when_they_may_not_be_called(as_user, org, peer):
    quiet = testing.make_participant(
        org, assigned_peer=peer, last_name="Okafor", may_call=False, phone=""
    )
    testing.make_follow_up(peer, participant=quiet)
    item = task_item(as_user(peer).get(reverse("follow_ups")).content.decode(), "Okafor")
    assert "Phone: none on file · <strong>Do not call</strong>" in item
    assert "Safe times to call: not recorded" in item


def test_without_a_reason_the_list_names_the_contact_it_came_from(as_user, peer, dana):
    contact = testing.make_contact(dana, peer, kind="coaching", contact_date=date(2026, 11, 2))
    testing.make_follow_up(peer, participant=dana, contact=contact)
    item = task_item(as_user(peer).get(reverse("follow_ups")).content.decode(), "Dana Cruz")
    assert "Set after: Recovery coaching, Nov 2, 2026" in item


def test_a_reason_given_when_logging_shows_on_the_list(as_user, peer, dana):
    client = as_user(peer)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        reverse("log_contact", args=[dana.pk]),
        contact_data(follow_up_date=due, follow_up_reason="  Bring the bus pass form. "),
    )
    assert FollowUp.objects.get().reason == "Bring the bus pass form."
    assert "Bring the bus pass form." in task_item(
        client.get(reverse("follow_ups")).content.decode(), "Dana Cruz"
    )


def test_a_reason_without_a_date_is_refused(as_user, peer, dana):
    body = (
        as_user(peer)
        .post(reverse("log_contact", args=[dana.pk]), contact_data(follow_up_reason="Call back"))
        .content.decode()
    )
    assert "Choose the date to follow up on, or leave what to follow up on empty." in body
    assert not Contact.objects.exists()


def test_logging_a_contact_from_the_follow_up_marks_it_done(as_user, peer, dana, task):
    client = as_user(peer)
    url = f"{reverse('log_contact', args=[dana.pk])}?follow_up={task.pk}"
    form = client.get(url).content.decode()
    assert "Ask how the housing interview went." in form
    response = client.post(url, contact_data())
    assert response.status_code == 302 and response["Location"] == reverse("follow_ups")
    task.refresh_from_db()
    assert task.done_at is not None
    assert "The follow-up is done." in client.get(response["Location"]).content.decode()


def test_an_attempt_from_the_follow_up_leaves_it_open(as_user, peer, dana, task):
    client = as_user(peer)
    url = f"{reverse('log_contact', args=[dana.pk])}?follow_up={task.pk}"
    response = client.post(url, contact_data(outcome="left_voicemail"), follow=True)
    task.refresh_from_db()
    assert task.done_at is None and Contact.objects.get().outcome == "left_voicemail"
    assert "The follow-up stays on your list until you reach them." in (response.content.decode())


def test_another_peers_follow_up_is_not_closed_from_the_link(as_user, org, peer, dana):
    colleague = testing.make_user(org, "peer")
    theirs = testing.make_follow_up(colleague, participant=dana)
    url = f"{reverse('log_contact', args=[dana.pk])}?follow_up={theirs.pk}"
    response = as_user(peer).post(url, contact_data())
    # An ordinary contact: back to the record, their task untouched.
    assert response["Location"] == reverse("participant_detail", args=[dana.pk])
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_done_can_be_undone(as_user, peer, dana, task):
    client = as_user(peer)
    response = client.post(reverse("follow_up_done", args=[task.pk]), follow=True)
    body = response.content.decode()
    assert "Marked done. If that was a mistake, undo it below." in body
    done_section = body[body.index('id="done-heading"') :]
    assert "Dana Cruz" in done_section
    assert f'action="{reverse("follow_up_undo", args=[task.pk])}"' in done_section

    response = client.post(reverse("follow_up_undo", args=[task.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("follow_ups")
    task.refresh_from_db()
    assert task.done_at is None
    body = client.get(reverse("follow_ups")).content.decode()
    assert 'id="done-heading"' not in body and "Ask how the housing interview went." in body
    assert (
        AuditEntry.objects.filter(
            action="update", model="contacts.followup", object_id=str(task.pk), participant=dana
        ).count()
        == 2
    )
    # A second undo (a reload, a double tap) changes nothing more.
    client.post(reverse("follow_up_undo", args=[task.pk]))
    assert AuditEntry.objects.filter(action="update", model="contacts.followup").count() == 2


def test_a_follow_up_done_long_ago_leaves_the_list(as_user, peer, dana, task):
    FollowUp.objects.filter(pk=task.pk).update(done_at=timezone.now() - timedelta(days=8))
    body = as_user(peer).get(reverse("follow_ups")).content.decode()
    assert "Dana Cruz" not in body


def test_a_peer_cannot_undo_in_another_organization(as_user, other_org, peer):
    stranger = testing.make_user(other_org, "peer")
    theirs = testing.make_follow_up(stranger, done_at=timezone.now())
    response = as_user(peer).post(reverse("follow_up_undo", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is not None


def test_a_long_list_comes_a_page_at_a_time_overdue_first(as_user, org, peer):
    today = timezone.localdate()
    for n in range(30):
        person = testing.make_participant(org, assigned_peer=peer, last_name=f"Person{n:02d}")
        testing.make_follow_up(peer, participant=person, due_date=today + timedelta(days=n - 5))
    client = as_user(peer)
    first = client.get(reverse("follow_ups")).content.decode()
    assert first.count('<li class="pw-task">') == 25
    assert "Person00" in first and "Person29" not in first
    second = client.get(reverse("follow_ups") + "?page=2").content.decode()
    assert second.count('<li class="pw-task">') == 5 and "Person29" in second
