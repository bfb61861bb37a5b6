"""Every page issues the same number of queries however much stands behind it.

The pages come from the URL resolver, as in the permission matrix, so a new page is
counted without editing this file. Each is requested by the role that sees the most of
it once every kind of row is there, and again after each has grown several times over;
the counts must match. (The benchmark in bench/ measures the same at 200,000 participants.)
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerwell import testing
from peerwell.audit.actions import record

from . import community_rows
from .test_permission_matrix import ALL_PATTERNS, World, own_page, text_reply

MORE = 6


def grow(world, times: int) -> None:
    """`times` more rows of every kind behind the own organization's pages."""
    from datetime import timedelta

    from peerwell.checkins.models import CallAttempt, CheckInCall, EnrolmentChange
    from peerwell.consents.models import Disclosure
    from peerwell.contacts.models import Contact
    from peerwell.participants.models import (
        Assignment,
        FamilyMember,
        Participant,
        StageChange,
        StatusChange,
    )
    from peerwell.participants.pairs import keep_pairs_of

    users = world.users["own"]
    peer, supervisor = users["peer"], users["supervisor"]
    participant = Participant.objects.get(pk=world.rows["own"]["participant_id"])
    member = FamilyMember.objects.get(pk=world.rows["own"]["family_member_id"])
    contact = Contact.objects.get(pk=world.rows["own"]["contact_id"])
    call = CheckInCall.objects.get(pk=world.rows["own"]["call_id"])
    org = participant.organization
    rows = {"organization": org, "participant": participant}
    start = participant.versions.count()
    for n in range(start, start + times):
        # First: its audit rows must not push the other kinds off the audit list's page.
        grow_plans(participant, peer, supervisor, n)
        # Kept on the stored possible duplicates as an enrollment would: the same phone
        # as the others, and a name and date of birth like the next one's.
        keep_pairs_of(testing.make_participant(org, assigned_peer=peer))
        # A possible duplicate of it, by name and date of birth (not by phone).
        keep_pairs_of(
            testing.make_participant(org, first_name=f"Rivera{n}", last_name="Alex", phone="")
        )
        testing.make_user(org, "peer")
        testing.make_contact(participant, peer, notes=f"note {n}")
        testing.make_contact(participant, peer, family_member=member)
        testing.make_follow_up(peer, participant=participant)
        # The follow-up list is counted as a supervisor sees theirs: open and done lately.
        testing.make_follow_up(supervisor, participant=testing.make_participant(org))
        testing.make_follow_up(supervisor, participant=participant, done_at=timezone.now())
        # A text reply for the supervisor to read, from someone not on anyone's caseload.
        text_reply(testing.make_participant(org), supervisor)
        testing.make_contact(
            participant, peer, outcome="no_answer", emotional=False, duration_minutes=None
        )
        testing.make_consent(participant, witnessed_by=peer)
        testing.make_family_member(participant)
        Disclosure.objects.create(
            **rows, recipient=f"Recipient {n}", information="contact", disclosed_by=peer
        )
        StatusChange.objects.create(
            **rows, from_status="active", to_status="inactive", changed_by=supervisor
        )
        StageChange.objects.create(**rows, stage="during", changed_by=supervisor)
        Assignment.objects.create(**rows, peer=peer, assigned_by=supervisor)
        # Emergency access by a peer outside the caseload, for the supervisors' list.
        record(action="emergency", actor=world.outsiders["own"], obj=participant, reason=f"r{n}")
        participant.versions.create(
            organization=org,
            version=n + 1,
            changed_by=supervisor,
            fields=["assigned_peer"],
            previous_values=f'{{"assigned_peer": {users["peer"].pk}}}',
        )
        contact.versions.create(
            organization=org,
            version=n + 1,
            changed_by=peer,
            fields=["notes"],
            previous_values='{"notes": "before"}',
        )
        # The day's queue: a call waiting, one the supervisor holds, and what earlier
        # calls noted (the call page shows the last two summaries).
        waiting = testing.make_participant(org, first_name=f"Casey{n}")
        testing.make_call(testing.make_enrolment(waiting, by=peer))
        held = testing.make_enrolment(testing.make_participant(org), by=peer)
        testing.make_call(held, status="claimed", claimed_by=supervisor, claimed_at=timezone.now())
        CallAttempt.objects.create(
            organization=org,
            call=testing.make_call(call.enrolment, due_date=call.due_date - timedelta(days=n + 1)),
            caller=peer,
            outcome="no_answer",
            summary=f"Tried {n}",
        )
        member.versions.create(
            organization=org,
            version=n + 1,
            changed_by=peer,
            fields=["first_name"],
            previous_values='{"first_name": "Before"}',
        )
        # Check-ins: the enrolment's history on the record, new call requests.
        EnrolmentChange.objects.create(
            organization=org,
            enrolment_id=world.rows["own"]["enrolment_id"],
            action="changed",
            by=peer,
        )
        testing.make_call_request(org, phone=f"+1215555{n % 10000:04d}")
        grow_supervision(world, participant, n)
        grow_assessments(participant, peer, n)
        grow_due_and_exports(world, participant, n)
        grow_referrals(participant, peer, supervisor, n)
        grow_directory_imports(world, n)
        grow_directory(n)
        grow_directory_entries(world, n)
        community_rows.grow(world, n)


def grow_directory_entries(world, n) -> None:
    """More of the shared directory behind its pages and the HSDS API: another service of
    the sweep's provider (an entry more to check), and another phone, language, need and
    place with its address, phone and hours on the sweep's service."""
    from datetime import time

    from peerwell.navigation.models import (
        Address,
        Attribute,
        Language,
        Location,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
    )
    from peerwell.navigation.opening import refresh_open_periods
    from peerwell.navigation.testing import make_directory_service, need_term

    service = Service.objects.get(pk=world.rows["own"]["service_id"])
    more = make_directory_service(f"Directory service {n}", need="benefits")
    Service.objects.filter(pk=more.pk).update(organization=service.organization)
    Phone.objects.create(service=service, number=f"973-555-{n % 10000:04d}")
    Language.objects.create(service=service, code="vi", name="Vietnamese")
    place = Location.objects.create(organization=service.organization, name=f"Site {n}")
    Address.objects.create(
        location=place,
        address_1=f"{n} Market Street",
        city="Newark",
        state_province="NJ",
        postal_code="07102",
    )
    Phone.objects.create(location=place, number=f"862-555-{n % 10000:04d}")
    at = ServiceAtLocation.objects.create(service=service, location=place)
    Schedule.objects.create(
        service_at_location=at, freq="WEEKLY", byday="SA", opens_at=time(10), closes_at=time(12)
    )
    term = need_term(["benefits", "legal", "employment"][n % 3])
    Attribute.objects.create(
        link_id=service.id, link_entity="service", service=service, taxonomy_term=term
    )
    refresh_open_periods(service_ids=[service.id, more.id])


def grow_directory(n) -> None:
    """Directory services with the rows search shows and filters on (locations, phones,
    hours, languages, needs); one of them open around the clock."""
    from datetime import time

    from peerwell.navigation.opening import refresh_open_periods
    from peerwell.navigation.testing import make_directory_service

    for k in range(2):
        make_directory_service(
            f"Grown service {n}-{k}",
            byday="MO,TU,WE,TH,FR,SA,SU",
            opens_at=time(0),
            closes_at=time(0) if k else time(23, 59),
            languages=("en", "es"),
        )
    refresh_open_periods()


def grow_referrals(participant, peer, supervisor, n) -> None:
    """Referrals on the record in every status, one back to treatment from a flag, and
    one for the supervisor's follow-up list (a referral of their own caseload, due)."""
    from peerwell.navigation import actions
    from peerwell.navigation.models import Referral
    from peerwell.navigation.testing import make_referral

    for to in ("sent", "accepted", "completed"):
        referral = make_referral(participant, by=peer, need="legal", note=f"note {n}")
        referral = actions.move_referral(by=peer, referral=referral, to="sent", version=1)
        if to != "sent":
            actions.move_referral(by=peer, referral=referral, to=to, version=referral.version)
    flag = testing.make_escalation(participant, owner=peer)
    actions.create_referral(
        by=peer,
        participant=participant,
        need="treatment",
        provider_name="Clinic",
        escalation=flag,
        send_now=True,
    )
    theirs = testing.make_participant(participant.organization, assigned_peer=supervisor)
    actions.create_referral(
        by=supervisor,
        participant=theirs,
        need="housing",
        provider_name="Harbor",
        send_now=True,
        follow_up_days=1,
    )
    Referral.objects.filter(participant=theirs).update(follow_up_on=timezone.localdate())


def grow_directory_imports(world, n) -> None:
    """HSDS imports on the upload page's list: one done, one refused with its problems."""
    from peerwell.navigation.models import DirectoryImport, ImportStatus

    admin = world.users["own"]["admin"]
    rows = {"organization": admin.organization, "started_by": admin}
    DirectoryImport.objects.create(
        **rows, filename=f"done{n}.json", status=ImportStatus.DONE, counts={"services": n + 1}
    )
    DirectoryImport.objects.create(
        **rows,
        filename=f"failed{n}.json",
        status=ImportStatus.FAILED,
        errors=[{"file": "x.json", "record": "record 1", "field": "name", "message": "No."}],
    )


def grow_assessments(participant, peer, n) -> None:
    """BARC-10s for the participant's trend (complete and not) and the organization's
    figures (another participant's intake and six-month pair). Made without the action:
    its audit rows would fill the audit list's first page and change what it names."""
    import json
    from datetime import date, timedelta

    from peerwell.assessments.instruments import get
    from peerwell.assessments.models import Administration
    from peerwell.assessments.scoring import score

    barc10 = get("barc10")
    day = date(2025, 1, 6) + timedelta(days=7 * n)
    someone = testing.make_participant(participant.organization, assigned_peer=peer)
    for who, on, value in (
        (participant, day, n % 6 + 1),
        (participant, day, ""),
        (someone, day, 3),
        (someone, day + timedelta(days=180), 5),
    ):
        result = score(barc10, {item.id: value for item in barc10.items})
        Administration.objects.create(
            organization=participant.organization,
            participant=who,
            instrument="barc10",
            instrument_version=barc10.version,
            administered_on=on,
            administered_by=peer,
            answers=json.dumps(result.answers),
            answered=result.answered,
            complete=result.complete,
            total=result.total,
        )


def grow_plans(participant, peer, supervisor, n) -> None:
    """A goal, a step and a version more on the record's plan; and a step due on the
    supervisor's caseload, for their follow-up list. Made directly, as the other rows
    here: audit rows from actions would push other kinds off the audit list's page."""
    from peerwell.plans.models import Goal, PlanVersion, Step, WellnessPlan
    from peerwell.plans.testing import make_plan

    today = timezone.localdate()
    org = participant.organization
    plan = WellnessPlan.objects.get(participant=participant, is_current=True)
    goal = Goal.objects.create(organization=org, plan=plan, dimension="home", text=f"Goal {n}")
    steps = {"organization": org, "plan_started_on": plan.started_on, "due_on": today}
    Step.objects.create(goal=goal, plan=plan, what=f"Step {n}", **steps)
    PlanVersion.objects.create(
        organization=org,
        plan=plan,
        version=plan.version,
        changed_by=peer,
        fields=["barriers", "goals"],
        previous_values=f'{{"barriers": "Barrier {n}", "goals": []}}',
    )
    WellnessPlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    # On one participant: the list's audit names each participant shown, one row each.
    other = WellnessPlan.objects.filter(participant__assigned_peer=supervisor).first()
    if other is None:
        theirs = testing.make_participant(org, assigned_peer=supervisor)
        other = make_plan(
            theirs, by=supervisor, started_on=today - timedelta(days=100), review_on=today
        )
    first = Goal.objects.filter(plan=other).first()
    Step.objects.create(
        goal=first,
        plan=other,
        what=f"Their step {n}",
        **{**steps, "plan_started_on": other.started_on},
    )


def grow_supervision(world, participant, n) -> None:
    """Escalations open, overdue and followed up, and a logged call by a new caller (the
    escalations list and the check-in figures)."""
    from datetime import timedelta

    from peerwell.checkins.models import CallAttempt

    peer, supervisor = world.users["own"]["peer"], world.users["own"]["supervisor"]
    now = timezone.now()
    caller = testing.make_user(participant.organization, "volunteer")
    testing.make_escalation(participant, owner=peer, raised_by=caller)
    testing.make_escalation(participant, owner=peer, respond_by=now - timedelta(hours=1))
    testing.make_escalation(participant, owner=supervisor, raised_by=caller, closed_at=now)
    someone = testing.make_participant(participant.organization, assigned_peer=peer)
    call = testing.make_call(testing.make_enrolment(someone, by=peer))
    CallAttempt.objects.create(
        organization=participant.organization,
        call=call,
        caller=caller,
        outcome="reached",
        minutes=20,
        maintaining_recovery="yes",
    )


def grow_due_and_exports(world, participant, n) -> None:
    """An administration and its export, a consent for assessments (the export page
    offers its recipient), and people with an assessment overdue (the due list)."""
    from datetime import date, timedelta

    from peerwell.assessments.models import Administration, DisclosedAdministration

    peer = world.users["own"]["peer"]
    org = participant.organization
    administration = Administration.objects.create(
        organization=org,
        participant=participant,
        instrument="barc10",
        instrument_version="2017",
        administered_on=date(2026, 1, 1) + timedelta(days=n),
        administered_by=peer,
    )
    consent = testing.make_consent(
        participant, witnessed_by=peer, recipient=f"Clinic {n}", information="assessments"
    )
    DisclosedAdministration.objects.create(
        organization=org,
        administration=administration,
        disclosure=testing.make_disclosure(consent, disclosed_by=peer),
    )
    # A full page of the due list from the start: the list audits each participant it
    # shows, and the audit trail's page (next in the sweep) must show the same kinds of
    # rows before and after the data grows.
    for k in range(25 if n == 0 else 1):
        testing.make_participant(
            org, assigned_peer=peer, created_at=timezone.now() - timedelta(days=40 + n + k)
        )


def pages(world):
    """(description, url, user or None) for every page a GET shows."""
    for route, pattern in ALL_PATTERNS:
        url, role = own_page(world, route, pattern)
        yield route, url, world.users["own"][role] if role else None


def count_queries(client, url, user) -> tuple[int, int]:
    client.logout()
    if user is not None:
        # A fresh session each time, so the periodic "last seen" write never lands here.
        testing.sign_in(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


@pytest.mark.django_db
def test_no_page_issues_more_queries_as_the_data_grows(client):
    world = World()
    grow(world, 1)  # one of everything: lists and their lookups are not empty
    listed = list(pages(world))
    for _route, url, user in listed:  # warm caches that fill on first use
        count_queries(client, url, user)
    before = {url: count_queries(client, url, user) for _route, url, user in listed}
    grow(world, MORE)
    grown = []
    for route, url, user in listed:
        status, queries = count_queries(client, url, user)
        if status == 405:  # POST-only actions show nothing
            continue
        if (status, queries) != before[url]:
            grown.append(f"{route}: {before[url]} -> {(status, queries)} (status, queries)")
    assert not grown, "Pages whose queries grew with the data:\n" + "\n".join(grown)
