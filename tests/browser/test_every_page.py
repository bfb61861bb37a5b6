"""Every page, in English and in Spanish, in a real browser: axe-core finds no WCAG 2.1
A/AA violation, and at every width from a phone's 360 px to 1440 px nothing scrolls
sideways, nothing in the header overlaps the logo or leaves the window, even with a
60-letter unbroken name. The pages come from the URL resolver (as in the permission
matrix), so a new page is checked without editing this file; each is opened by a role
allowed to see it, with a row of the user's own organization."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from peerwell import testing
from tests import community_rows
from tests.test_permission_matrix import ALL_PATTERNS, World, own_page, text_reply

from .test_key_journey import AXE, AXE_TAGS

# A phone, the narrowest desktop menu, a laptop, a wide screen.
WIDTHS = [360, 1024, 1280, 1440]
AXE_WIDTH = 1280
# Names and a place of 60 letters without a space, which must wrap, not widen the page.
LONG_FIRST = "Maximiliana" * 5 + "Abcde"
LONG_LAST = "Fitzgerald" * 6
LONG_PLACE = ("Riversiderecoverycommunitycenter" * 2)[:60]

# Pages made for the participant to take home, in their language (English here).
IN_THE_PARTICIPANTS_LANGUAGE = {"plan_print"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


# The header's links and buttons that overlap the logo or reach past the window's edges.
HEADER_PROBLEMS = """() => {
  const logo = document.querySelector(".usa-logo a").getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const el of document.querySelectorAll(
      ".usa-header a, .usa-header button, .pw-userbar a, .pw-userbar button, .pw-userbar span")) {
    const box = el.getBoundingClientRect();
    if (el.closest(".usa-logo") || !box.width || !box.height
        || getComputedStyle(el).visibility === "hidden") { continue; }
    const name = el.textContent.trim() || el.getAttribute("aria-label") || el.tagName;
    if (box.left < logo.right && box.right > logo.left
        && box.top < logo.bottom && box.bottom > logo.top) {
      problems.push(`"${name}" overlaps the logo`);
    }
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(`"${name}" reaches past the window's edge`);
    }
  }
  return problems;
}"""


def fill_the_caller_pages(world, participant) -> None:
    """The supervisor holds the world's call (its page shows the log form, the queue "My
    calls"), another waits in the queue, and an earlier call left a summary and the
    enrolment safety notes."""
    from datetime import timedelta

    from peerwell.checkins.models import CallAttempt, CheckInCall

    peer, supervisor = world.users["own"]["peer"], world.users["own"]["supervisor"]
    call = CheckInCall.objects.get(pk=world.rows["own"]["call_id"])
    CheckInCall.objects.filter(pk=call.pk).update(
        status="claimed", claimed_by=supervisor, claimed_at=timezone.now()
    )
    call.enrolment.safety_notes = "Only call the cell phone; a partner must not know."
    call.enrolment.save()
    CallAttempt.objects.create(
        organization=call.organization,
        call=testing.make_call(call.enrolment, due_date=call.due_date - timedelta(days=7)),
        caller=peer,
        outcome="reached",
        minutes=10,
        summary=LONG_PLACE + " started a new job and likes the Tuesday meeting.",
    )
    waiting = testing.make_participant(participant.organization, first_name=LONG_FIRST)
    testing.make_call(testing.make_enrolment(waiting, by=peer))


def fill_the_plan(participant, peer, supervisor) -> None:
    """Steps done, dropped and rescheduled, a second version to compare, and on the
    supervisor's follow-up list a plan review due and a step with a long unbroken word."""
    from datetime import timedelta

    from peerwell.plans import actions
    from peerwell.plans.models import Goal, WellnessPlan
    from peerwell.plans.testing import make_plan, make_step

    plan = WellnessPlan.objects.get(participant=participant, is_current=True)
    done = make_step(plan, by=peer, what="Call the clinic", due_on=plan.started_on)
    actions.set_step_status(by=peer, step=done, status="done", participant=participant)
    make_step(plan, by=peer, what=LONG_PLACE, who="other", who_name="Aunt Rosa")
    goals = [(g.pk, g.dimension, g.text) for g in Goal.objects.filter(plan=plan)]
    plan.refresh_from_db()  # the steps added made versions
    actions.edit_plan(
        by=peer, plan=plan, version=plan.version, goals=goals, barriers="No car on weekends."
    )
    actions.agree_to_plan(
        by=peer,
        plan=plan,
        name="Alex Rivera",
        drawing="M10 10L50 40L90 20",
        agreed_on=timezone.localdate(),
    )
    today = timezone.localdate()
    theirs = testing.make_participant(participant.organization, assigned_peer=supervisor)
    other = make_plan(
        theirs, by=supervisor, started_on=today - timedelta(days=100), review_on=today
    )
    make_step(other, by=supervisor, what=LONG_PLACE, due_on=today)


def fill_the_lists(world) -> None:
    """Rows for the tables that show nothing when empty: a disclosure for the accounting,
    an earlier version for the history page, a status change for the timeline, an
    emergency access for the supervisors' list, follow-ups for the follow-up list, a
    pair of possible duplicates. The participant, a family member and a contact's place
    get 60-letter unbroken names."""
    from peerwell.audit.actions import record
    from peerwell.consents.models import Disclosure
    from peerwell.contacts.models import Contact
    from peerwell.participants.models import Participant, ParticipantVersion, StatusChange
    from peerwell.participants.pairs import rebuild_pairs

    peer = world.users["own"]["peer"]
    participant = Participant.objects.get(pk=world.rows["own"]["participant_id"])
    Participant.objects.filter(pk=participant.pk).update(first_name=LONG_FIRST, last_name=LONG_LAST)
    testing.make_family_member(participant, first_name=LONG_FIRST, last_name=LONG_LAST)
    Contact.objects.filter(pk=world.rows["own"]["contact_id"]).update(place=LONG_PLACE)
    rows = {"organization": participant.organization, "participant": participant}
    fill_the_caller_pages(world, participant)
    Disclosure.objects.create(
        **rows,
        recipient="Riverside Housing Authority",
        information="contact,service_log",
        purpose="Housing application support",
        disclosed_by=peer,
    )
    ParticipantVersion.objects.create(
        **rows,
        version=1,
        changed_by=peer,
        fields=["safe_times", "stage"],
        previous_values='{"safe_times": "after 6pm", "stage": "before"}',
    )
    StatusChange.objects.create(**rows, from_status="active", to_status="inactive")
    record(
        action="emergency",
        actor=world.outsiders["own"],
        obj=participant,
        reason="Called the warm line in distress; their peer is on leave",
    )
    # The follow-up list as a supervisor sees theirs (open and done lately), and on the
    # timeline an attempt and a long note, folded.
    supervisor = world.users["own"]["supervisor"]
    testing.make_follow_up(supervisor, participant=participant, reason="Ask about the interview.")
    testing.make_follow_up(supervisor, participant=participant, done_at=timezone.now())
    testing.make_contact(
        participant, peer, outcome="no_answer", emotional=False, duration_minutes=None
    )
    testing.make_contact(
        participant, peer, notes="\n".join(f"Line {n} of a long talk." for n in range(8))
    )
    fill_the_plan(participant, peer, supervisor)
    # A pair for the possible duplicates (names swapped, one digit of the birth date off).
    born = participant.date_of_birth
    testing.make_participant(
        participant.organization, first_name="Whitfield", last_name="Dana", date_of_birth=born
    )
    testing.make_participant(
        participant.organization,
        first_name="Dana",
        last_name="Whitfield",
        date_of_birth=born.replace(day=born.day % 9 + 1),
    )
    rebuild_pairs(participant.organization)
    # A text reply for the supervisor to read, one unbroken word longer than a phone.
    text_reply(participant, supervisor, body=f"Thanks {LONG_PLACE}")
    # A call request on the new requests list, with a long name and long best times.
    testing.make_call_request(
        participant.organization, first_name=LONG_FIRST, best_times=LONG_PLACE
    )
    fill_the_supervision_pages(world, participant)
    fill_the_assessments(world, participant)
    fill_the_due_list(world)
    fill_the_referrals(world, participant)
    fill_the_directory_imports(world)
    fill_the_directory()
    fill_the_directory_entries(world)
    community_rows.fill(world)


def fill_the_directory_entries(world) -> None:
    """The sweep's directory service with all a peer reads: a 60-letter name, an alert,
    "verify before use", two phones, hours on two schedules, languages; and entries on
    the list to check, one checked long ago."""
    from datetime import time, timedelta

    from peerwell.navigation.models import Phone, Schedule, Service
    from peerwell.navigation.testing import make_directory_service

    supervisor = world.users["own"]["supervisor"]
    Service.objects.filter(pk=world.rows["own"]["service_id"]).update(
        name=LONG_PLACE,
        alert="Closed on Friday for the holiday.",
        eligibility_description="Adults in Essex County.",
        application_process="Call first, then bring an ID.",
        fees_description="Free.",
        verify_before_use=True,
    )
    service = Service.objects.get(pk=world.rows["own"]["service_id"])
    Phone.objects.create(service=service, number="800-555-0199", extension=12)
    Schedule.objects.create(
        service=service, freq="MONTHLY", byday="2TU", opens_at=time(18), closes_at=time(20)
    )
    old = make_directory_service("Eastside Benefits Help", need="benefits", verified_by=supervisor)
    Service.objects.filter(pk=old.pk).update(verified_at=timezone.now() - timedelta(days=400))
    make_directory_service("Westside Legal Clinic", need="legal", languages=("en", "es"))


def fill_the_directory() -> None:
    """Directory search's flags: an entry to verify before use, with a 60-letter name
    and provider, and one not verified in 180 days, both open around the clock."""
    from datetime import time

    from peerwell.navigation.opening import refresh_open_periods
    from peerwell.navigation.testing import make_directory_service

    make_directory_service(
        LONG_PLACE,
        organization_name=LONG_FIRST,
        verify_before_use=True,
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=time(0),
        closes_at=time(0),
    )
    make_directory_service("Eastside Job Center", languages=("en", "es"))
    refresh_open_periods()


def fill_the_directory_imports(world) -> None:
    """The sweep's HSDS import refused with its problems (long field paths and messages
    must fit a phone), and a finished one on the upload page's list."""
    from peerwell.navigation.models import DirectoryImport, ImportStatus

    problem = {
        "file": "statewide-directory-export.json",
        "record": "record 1204 (id 1b0c7c2e-3f4a-4d8e-9a61-0f6a4f1c2d01, “Harbor House”)",
        "field": "service_at_locations[0].location.addresses[0].postal_code",
        "message": "7102 is not of type 'string'",
    }
    DirectoryImport.objects.filter(pk=world.rows["own"]["import_id"]).update(
        status=ImportStatus.FAILED, errors=[problem] * 3
    )
    admin = world.users["own"]["admin"]
    DirectoryImport.objects.create(
        organization=admin.organization,
        started_by=admin,
        filename=f"{LONG_PLACE}.zip",
        status=ImportStatus.DONE,
        counts={"services": 1200, "phones": 1300},
        total=2500,
    )


def fill_the_assessments(world, participant) -> None:
    """Two BARC-10s six months apart (the trend, the figures' pair) and an incomplete one."""
    from datetime import date

    from peerwell.assessments.actions import record_administration
    from peerwell.assessments.instruments import get

    barc10, peer = get("barc10"), world.users["own"]["peer"]
    for day, values in (
        (date(2026, 1, 5), [3, 4, 3, 2, 4, 3, 4, 5, 3, 4]),
        (date(2026, 7, 1), [5, 5, 4, 4, 5, 5, 6, 5, 4, 5]),
        (date(2026, 8, 1), [5, 5, 4, 4, 5, "", "", 5, 4, 5]),
    ):
        answers = {item.id: v for item, v in zip(barc10.items, values, strict=True)}
        record_administration(
            by=peer,
            participant=participant,
            instrument=barc10,
            administered_on=day,
            answers=answers,
        )


def fill_the_due_list(world) -> None:
    """An assessment overdue (the World's schedule's baseline, missed) beside the one due,
    for a participant with a 60-letter name."""
    from datetime import timedelta

    testing.make_participant(
        world.participants["own"].organization,
        first_name=LONG_FIRST,
        assigned_peer=world.users["own"]["peer"],
        created_at=timezone.now() - timedelta(days=45),
    )


def fill_the_supervision_pages(world, participant) -> None:
    """An overdue crisis escalation for the supervisors' list, and a logged call (by a
    caller with a 60-letter name) for the check-in figures."""
    from datetime import timedelta

    from peerwell.checkins.models import CallAttempt, CheckInCall

    peer = world.users["own"]["peer"]
    testing.make_escalation(
        participant, owner=peer, kind="crisis", respond_by=timezone.now() - timedelta(hours=2)
    )
    caller = testing.make_user(participant.organization, "volunteer", full_name=LONG_FIRST)
    CallAttempt.objects.create(
        organization=participant.organization,
        call=CheckInCall.objects.get(pk=world.rows["own"]["call_id"]),
        caller=caller,
        outcome="reached",
        minutes=25,
        maintaining_recovery="yes",
    )


def fill_the_referrals(world, participant) -> None:
    """Referrals for the record, its list, the figures and the supervisor's follow-ups:
    one to a provider with a 60-letter name and a long note, sent and due; one back to
    treatment from a flag, accepted; one completed; one not completed with a reason."""
    from datetime import timedelta

    from peerwell.navigation import actions
    from peerwell.navigation.models import Referral

    peer, supervisor = world.users["own"]["peer"], world.users["own"]["supervisor"]
    flag = testing.make_escalation(participant, owner=peer, raised_at=timezone.now())
    back = actions.create_referral(
        by=peer,
        participant=participant,
        need="treatment",
        provider_name="Harbor Treatment",
        escalation=flag,
        send_now=True,
    )
    actions.move_referral(by=peer, referral=back, to="accepted", version=back.version)
    for to, reason in (("completed", ""), ("not-completed", "Moved away " + LONG_PLACE)):
        made = actions.create_referral(
            by=peer,
            participant=participant,
            need="benefits",
            provider_name="County Benefits",
            send_now=True,
        )
        actions.move_referral(by=peer, referral=made, to=to, version=made.version, reason=reason)
    theirs = testing.make_participant(participant.organization, assigned_peer=supervisor)
    due = actions.create_referral(
        by=supervisor,
        participant=theirs,
        need="housing",
        provider_name=LONG_PLACE,
        provider_contact="973-555-0100",
        note=LONG_PLACE,
        send_now=True,
    )
    Referral.objects.filter(pk=due.pk).update(follow_up_on=timezone.localdate() - timedelta(days=1))


# Spanish runs longer than English: both must fit a phone.
@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_every_page_is_accessible_and_fits_a_phone(live_server, new_page, locale):
    world = World()
    fill_the_lists(world)
    sessions = {}  # role (None: anonymous) -> (test client, browser page), one session each
    failures, checked = [], 0

    def session_for(role):
        if role not in sessions:
            client, page = Client(), new_page(locale=locale)
            if role:
                # Signed in the way the other tests sign in (password and second factor);
                # the browser gets the same session.
                testing.sign_in(client, world.users["own"][role])
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                page.context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": cookie,
                            "url": live_server.url,
                        }
                    ]
                )
            sessions[role] = (client, page)
        return sessions[role]

    for route, pattern in ALL_PATTERNS:
        url, role = own_page(world, route, pattern)
        where = f"{url} as {role or 'anonymous'}"
        client, page = session_for(role)
        # POST-only actions (405) and start pages that redirect have nothing to show.
        probe = client.get(url)
        status = probe.status_code
        # A public link that carries a secret (an invitation, a password reset) moves it
        # into the session and redirects to the form: the browser follows, so the form is
        # checked there.
        if status == 302 and role is None:
            probe = client.get(probe["Location"])
            status = probe.status_code
        # Downloads (CSV exports) are no page either.
        if status in {302, 405} or not probe.get("Content-Type", "").startswith("text/html"):
            continue
        if status != 200:
            failures.append(f"{where}: answered {status}")
            continue
        checked += 1
        page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
        page.goto(live_server.url + url)
        # The browser's language chooses the page's (English or Spanish).
        lang = page.evaluate("() => document.documentElement.lang")
        # A printout for the participant is in their language, whatever the browser's.
        if lang != locale[:2] and pattern.name not in IN_THE_PARTICIPANTS_LANGUAGE:
            failures.append(f"{where}: in {lang!r}, not {locale[:2]!r}")
        failures.extend(f"{where}: {v}" for v in axe_violations(page))
        for size in WIDTHS:
            page.set_viewport_size({"width": size, "height": 900})
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > size:
                failures.append(f"{where}: scrolls sideways at {size} px ({width} px wide)")
            failures.extend(f"{where} at {size} px: {p}" for p in page.evaluate(HEADER_PROBLEMS))
    assert checked > 30, f"only {checked} pages were checked"
    assert not failures, "\n".join(failures)
