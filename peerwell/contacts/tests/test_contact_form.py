"""Logging a contact as a peer meets it: dates that cannot be, attempts that are not
contact, help on the four kinds of support, long notes folded on the timeline."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from peerwell import testing
from peerwell.contacts.models import Contact

from .test_log_contact import contact_data

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def enrolled(org, peer):
    """Enrolled 30 days ago; born in 1990."""
    return testing.make_participant(
        org,
        assigned_peer=peer,
        first_name="Dana",
        last_name="Cruz",
        date_of_birth=date(1990, 5, 17),
        created_at=timezone.now() - timedelta(days=30),
    )


def log(client, participant, **fields):
    return client.post(reverse("log_contact", args=[participant.pk]), contact_data(**fields))


def test_a_date_before_enrollment_is_refused_naming_the_date(as_user, peer, enrolled):
    client = as_user(peer)
    enrolled_on = days_ago(30)
    response = log(client, enrolled, contact_date=days_ago(31).isoformat())
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        f"The contact date cannot be before Dana Cruz enrolled ({date_format(enrolled_on)})."
        in body
    )
    assert "feeling hopeful" in body  # the input is kept
    assert not Contact.objects.exists()
    # The day of enrollment itself is fine.
    assert log(client, enrolled, contact_date=enrolled_on.isoformat()).status_code == 302


def test_a_date_before_birth_is_refused_naming_the_birthday(as_user, peer, enrolled):
    response = log(as_user(peer), enrolled, contact_date="1989-12-31")
    assert "The contact date cannot be before Dana Cruz was born (May 17, 1990)." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_a_date_in_the_future_is_refused(as_user, peer, enrolled):
    response = log(as_user(peer), enrolled, contact_date=days_ago(-1).isoformat())
    assert "The contact date cannot be in the future." in response.content.decode()
    assert not Contact.objects.exists()


def test_spanish_names_the_date_in_spanish(as_user, peer, enrolled):
    client = as_user(peer)
    client.cookies["django_language"] = "es"
    body = log(client, enrolled, contact_date="1989-12-31").content.decode()
    assert "no puede ser anterior al nacimiento de Dana Cruz (17 may 1990)" in body


def test_an_edit_that_keeps_an_early_date_is_not_refused(as_user, peer, participant):
    # A merge can bring a contact dated before the kept record's enrollment.
    contact = testing.make_contact(participant, peer, contact_date=days_ago(400))
    response = as_user(peer).post(
        reverse("contact_edit", args=[contact.pk]),
        contact_data(contact_date=days_ago(400).isoformat(), notes="corrected", version=1),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.notes == "corrected"


def test_an_unanswered_call_is_an_attempt_not_a_contact(as_user, peer, enrolled):
    client = as_user(peer)
    # Support and minutes left on the form are not kept for an attempt.
    response = log(client, enrolled, outcome="no_answer", notes="Rang twice.")
    assert response.status_code == 302
    attempt = Contact.objects.get()
    assert attempt.outcome == "no_answer" and attempt.duration_minutes is None
    assert not (attempt.emotional or attempt.informational)

    timeline = client.get(reverse("participant_detail", args=[enrolled.pk])).content.decode()
    assert "Attempt: No answer" in timeline and "Not counted as contact" in timeline
    assert "Rang twice." in timeline
    caseload = client.get(reverse("caseload")).content.decode()
    row = caseload[caseload.index("Cruz,") : caseload.index("</tr>", caseload.index("Cruz,"))]
    assert "never" in row and "no contact in 14 days" in row


def test_a_reached_contact_needs_support_and_minutes(as_user, peer, enrolled):
    body = log(as_user(peer), enrolled, support=[], duration_minutes="").content.decode()
    assert "Choose at least one kind of support you gave." in body
    assert "Enter the minutes the contact took (at least 1)." in body
    assert not Contact.objects.exists()


def test_attempts_alone_leave_a_quiet_participant_inactive(as_user, org, peer):
    org.inactive_after_days = 30
    org.save()
    quiet = testing.make_participant(
        org, assigned_peer=peer, created_at=timezone.now() - timedelta(days=100)
    )
    client = as_user(peer)
    for outcome in ("no_answer", "left_voicemail", "wrong_number"):
        log(client, quiet, outcome=outcome, contact_date=days_ago(2).isoformat())
    call_command("mark_inactive", stdout=open("/dev/null", "w"))
    quiet.refresh_from_db()
    assert quiet.status == "inactive"


def test_the_database_refuses_an_attempt_with_support(peer, participant):
    with pytest.raises(IntegrityError):
        testing.make_contact(participant, peer, outcome="no_answer", duration_minutes=None)


def test_the_database_refuses_a_contact_without_minutes(peer, participant):
    with pytest.raises(IntegrityError):
        testing.make_contact(participant, peer, duration_minutes=None)


def test_each_kind_of_support_has_its_help_beside_it(as_user, peer, participant):
    body = as_user(peer).get(reverse("log_contact", args=[participant.pk])).content.decode()
    for n, help_text in enumerate(
        [
            "Empathy, encouragement, mentoring, coaching, a support group.",
            "Information, advice, teaching a skill.",
            "Concrete help with a task: a ride, a form, an application.",
            "Connecting them with a recovery community, a sense of belonging.",
        ]
    ):
        assert f'aria-describedby="id_support_{n}_hint"' in body
        assert f'id="id_support_{n}_hint">{help_text}</div>' in body


def test_a_long_note_is_folded_on_the_timeline(as_user, peer, participant):
    client = as_user(peer)
    long_note = "\n".join(f"Line {n} of what we talked about." for n in range(1, 9))
    testing.make_contact(participant, peer, notes=long_note)
    testing.make_contact(participant, peer, notes="Short and sweet.")
    body = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    start = body.index('<div class="pw-note">')
    folded = body[start : body.index("</details>", start)]
    shown, hidden = folded.split("<details", 1)
    assert "Line 1 of" in shown and "Line 3 of" in shown and "Line 4 of" not in shown
    assert "Show the whole note" in hidden and "Line 8 of" in hidden
    assert body.count('class="pw-note"') == 1  # the short note shows whole
    assert "<p>Short and sweet.</p>" in body


def test_an_attempt_to_reach_a_family_member_is_no_service_received(as_user, peer, participant):
    member = testing.make_family_member(participant, first_name="Rosa")
    client = as_user(peer)
    log(client, participant, family_member=member.pk, kind="family", outcome="no_answer")
    page = client.get(reverse("family_member", args=[member.pk])).content.decode()
    assert "No services logged for this family member yet." in page
    timeline = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert f"Tried to reach Rosa {member.last_name}, family member" in timeline


def test_a_long_paragraph_is_folded_between_words(as_user, peer, participant):
    words = " ".join(f"word{n}" for n in range(120))
    testing.make_contact(participant, peer, notes=words)
    body = as_user(peer).get(reverse("participant_detail", args=[participant.pk])).content
    start, rest = body.decode().split('<details class="pw-note__rest">', 1)
    shown = start[start.index('class="pw-note__start">') :]
    last_shown = int(shown.split("word")[-1].split("<")[0])
    assert "…" in shown and 30 < last_shown < 60
    assert f"<p>word{last_shown + 1} " in rest and "word119</p>" in rest
