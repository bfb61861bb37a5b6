from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwell import testing
from peerwell.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def queue(client, **params):
    return client.get(reverse("checkins_queue"), params).content.decode()


def waiting(org, peer, first_name, **fields):
    person = testing.make_participant(org, first_name=first_name, last_name="Quintero")
    return testing.make_call(testing.make_enrolment(person, by=peer, **fields))


def test_the_queue_shows_first_names_language_window_and_attempts(as_user, volunteer, org, peer):
    waiting(org, peer, "Marisol", language="es")
    page = queue(as_user(volunteer))
    assert "Marisol" in page and "Quintero" not in page
    assert "Spanish" in page or "Español" in page
    assert "Best between" in page and "0 attempts so far" in page
    assert "Take this call" in page


def test_the_queue_leaves_out_text_check_ins_tomorrow_and_other_organizations(
    as_user, volunteer, org, other_org, peer
):
    waiting(org, peer, "Texter", channel="text")
    later = testing.make_enrolment(testing.make_participant(org, first_name="Later"), by=peer)
    testing.make_call(later, due_date=timezone.localdate() + timedelta(days=1))
    waiting(other_org, testing.make_user(other_org, "peer"), "Elsewhere")
    page = queue(as_user(volunteer))
    assert "Texter" not in page and "Later" not in page and "Elsewhere" not in page
    assert "No calls are waiting" in page


def test_yesterdays_unfinished_call_comes_first(as_user, volunteer, org, peer):
    waiting(org, peer, "Newer")
    old = testing.make_enrolment(testing.make_participant(org, first_name="Older"), by=peer)
    testing.make_call(old, due_date=timezone.localdate() - timedelta(days=1))
    page = queue(as_user(volunteer))
    assert page.index("Older") < page.index("Newer")


def test_filtering_by_language(as_user, volunteer, org, peer):
    waiting(org, peer, "Marisol", language="es")
    waiting(org, peer, "Frank", language="en")
    page = queue(as_user(volunteer), language="es")
    assert "Marisol" in page and "Frank" not in page


def test_filtering_by_caller_keeps_those_with_no_preference(as_user, volunteer, org, peer):
    waiting(org, peer, "Wantsawoman", caller_preference="woman")
    waiting(org, peer, "Wantsaman", caller_preference="man")
    waiting(org, peer, "Anyone")
    page = queue(as_user(volunteer), caller="woman")
    assert "Wantsawoman" in page and "Anyone" in page and "Wantsaman" not in page


def test_my_calls_are_at_the_top_and_not_in_the_waiting_list(as_user, volunteer, held):
    page = queue(as_user(volunteer))
    assert "My calls" in page and "Open the call" in page
    assert "No calls are waiting" in page


def test_a_call_someone_else_holds_is_not_offered(as_user, held, org):
    page = queue(as_user(testing.make_user(org, "volunteer")))
    assert "My calls" not in page and "No calls are waiting" in page


def test_the_queue_is_audited_naming_each_participant_shown(as_user, volunteer, org, peer):
    calls = [waiting(org, peer, f"Person{n}") for n in range(3)]
    queue(as_user(volunteer))
    named = set(
        AuditEntry.objects.filter(actor=volunteer, action="view").values_list(
            "participant_id", flat=True
        )
    )
    assert named == {c.participant_id for c in calls}


def test_the_queue_pages_through_many_calls(as_user, volunteer, org, peer):
    for n in range(27):
        waiting(org, peer, f"Caller{n:02d}")
    client = as_user(volunteer)
    assert "Page 1" in queue(client) and "Caller26" not in queue(client)
    assert "Caller26" in queue(client, page="2")


def test_funders_have_no_queue(as_user, org):
    funder = testing.make_user(org, "funder")
    assert as_user(funder).get(reverse("checkins_queue")).status_code == 403
