"""Post/redirect/get everywhere: a successful POST answers with a redirect to a page
that shows the result, so reloading that page never repeats the action.

The URLs come from the resolver, as in the permission matrix, so a new URL is covered
without editing the sweep itself, but it must be described below: a valid-data provider
in `VALID` (what a user would submit), or its name in `READS` (pages that only show
something; a POST to them must change nothing). A form the user fills starts from what
the page itself offers (its inputs, as a browser would send them), so a provider names
only what a user types or picks. `INVALID` holds bad input for the forms people type
into: the form comes back (200) with the error and what was typed.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import totp

from peerwell import testing
from peerwell.checkins.models import Enrolment
from peerwell.contacts.models import FollowUp
from peerwell.orgs.models import Authenticator
from peerwell.participants.models import FamilyMember

from . import community_rows
from .test_permission_matrix import ALL_PATTERNS, ROW_KWARGS, World, own_page, role_for

NEW_PASSWORD = "river stones and morning light"
# Rows that reading a page may write: the audit of who saw what, and sign-in sessions.
NOT_ACTIONS = {"audit.auditentry", "sessions.session", "orgs.staffsession"}
# And the record of failed sign-ins kept against password guessing.
NOT_ACTIONS |= {"axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}


class FormValues(HTMLParser):
    """What a browser would send for the page's POST form (the one posting to the page
    itself, not the sign-out button in the header): inputs, checked boxes, the selected
    options, text areas."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "values": []}
            self.forms.append(self._form)
        if self._form is None or "name" not in a and tag in ("input", "select", "textarea"):
            return
        values = self._form["values"]
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                values.append((a["name"], a.get("value") or ("on" if "checked" in a else "")))
        elif tag == "select":
            # With no option selected, a browser sends the first.
            self._select = [a["name"], None, "multiple" in a]
        elif tag == "option" and self._select:
            name, first, _multiple = self._select
            if "selected" in a:
                values.append((name, a.get("value", "")))
                self._select[1] = False
            elif first is None:
                self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            values.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            name, first, multiple = self._select
            if first is not None and first is not False and not multiple:
                self._form["values"].append((name, first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self._textarea = None


def form_values(html: str, path: str, names) -> dict:
    """The values of the page's own form that has the fields `names` (a page may have
    several, such as "find someone" above "add someone")."""
    parser = FormValues()
    parser.feed(html)
    own = [f for f in parser.forms if f["action"] in ("", path, ".")]
    assert own, f"{path}: no form posts to the page"
    chosen = next((f for f in own if set(names) <= {n for n, _v in f["values"]}), own[0])
    data = {}
    for name, value in chosen["values"]:
        data.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in data.items() if k != "csrfmiddlewaretoken"}


@dataclass
class Post:
    """One user action: `data` over the page's own form values (`fill=False` for a bare
    button), optionally after `before` (earlier steps that must change nothing, such as
    a confirmation page)."""

    data: dict = field(default_factory=dict)
    query: str = ""
    fill: bool = True
    before: list = field(default_factory=list)
    # Puts the world in the state the action needs (a follow-up done, to undo it).
    setup: object = None


def own(world, key):
    return ROW_KWARGS[key](world, "own")


def first_goal(world) -> int:
    from peerwell.plans.models import Goal

    participant = own(world, "participant_id")
    return Goal.objects.filter(plan__participant_id=participant).order_by("id").first().pk


def provider(world) -> str:
    from peerwell.navigation.models import Referral

    return Referral.objects.get(pk=own(world, "referral_id")).provider_name


def peer(world):
    return world.users["own"]["peer"]


def hsds_upload(name="services.json"):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    import peerwell.navigation.tests

    example = Path(peerwell.navigation.tests.__file__).parent / "data" / "services.json"
    return SimpleUploadedFile(name, example.read_bytes())


# A weekly call on Mondays, in the morning.
CALL_DAYS = {"days": ["monday"], "window_start": "10:00", "window_end": "12:00"}

VALID = {
    # Signing in, out, and the account.
    "login": lambda w: Post({"username": peer(w).email, "password": testing.PASSWORD}),
    "logout": lambda w: Post(fill=False),
    "password_change": lambda w: Post(
        {
            "old_password": testing.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        }
    ),
    "password_reset": lambda w: Post({"email": peer(w).email}),
    "password_reset_confirm": lambda w: Post(
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    ),
    "invitation_accept": lambda w: Post(
        {"full_name": "Dana Morales", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    # The code of the user's app is read when the page is open (see `app_code`).
    "mfa_verify": lambda w: Post({"code": None}),
    "mfa_setup": lambda w: Post({"code": None}),
    "recovery_codes": lambda w: Post(fill=False),
    "set_language": lambda w: Post({"language": "es", "next": "/"}, fill=False),
    # Staff and the organization.
    "staff_invite": lambda w: Post({"email": "new.peer@example.org", "role": "peer"}),
    "staff_edit": lambda w: Post({"role": "supervisor"}),
    "organization_settings": lambda w: Post({"name": "Riverside Recovery Network"}),
    # Participants.
    "participant_enroll": lambda w: Post(
        {"first_name": "Quillon", "last_name": "Vasquez-Brandt", "date_of_birth": "1979-02-03"}
    ),
    "participant_edit": lambda w: Post({"preferred_name": "Q"}),
    "participant_assign": lambda w: Post({"assigned_peer": str(w.outsiders["own"].pk)}),
    "participant_emergency": lambda w: Post({"reason": "Crisis call, their peer is away today."}),
    "participant_status": lambda w: Post({"to_status": "inactive"}),
    "participant_merge": lambda w: Post(
        {"number": str(w.duplicate.pk), "confirm": "1"},
        before=[{"number": str(w.duplicate.pk)}],
    ),
    "not_duplicates": lambda w: Post(fill=False),
    "caseloads": lambda w: Post(
        {
            "participants": [str(own(w, "participant_id"))],
            "to_peer": str(w.outsiders["own"].pk),
        },
        query=f"?from={peer(w).pk}",
    ),
    "family_member_add": lambda w: Post(
        {"first_name": "Rosa", "last_name": "Delgado", "relationship": "aunt"}
    ),
    "family_member_link": lambda w: Post({"relationship": "cousin"}, fill=False),
    "family_member_unlink": lambda w: Post(fill=False),
    "family_member_edit": lambda w: Post({"first_name": "Rosalind"}),
    # Contacts and follow-ups.
    "log_contact": lambda w: Post(
        {
            "kind": "check_in",
            "notes": "Talked about the job interview.",
            "support": ["emotional"],
            "duration_minutes": "30",
        }
    ),
    "contact_edit": lambda w: Post({"notes": "Talked about the job interview, and housing."}),
    "follow_up_done": lambda w: Post(fill=False),
    "follow_up_undo": lambda w: Post(
        fill=False,
        setup=lambda: FollowUp.objects.filter(pk=own(w, "follow_up_id")).update(
            done_at=timezone.now()
        ),
    ),
    # Part 2 consents and disclosures.
    "consent_new": lambda w: Post(
        {
            "recipient": "Harbor Clinic",
            "information": ["contact"],
            "purpose": "Care coordination",
            "told_right_to_revoke": "on",
            "expiry_event": "When the referral ends",
            "signature": "Alex Rivera",
        }
    ),
    "consent_revoke": lambda w: Post(fill=False),
    "disclose": lambda w: Post(
        {
            "recipient": "Riverside Housing Authority",
            "information": ["contact"],
            "purpose": "Housing application",
        }
    ),
    "disclose_emergency": lambda w: Post(
        {
            "recipient": "St. Mary's Emergency Department",
            "information": ["contact"],
            "nature": "Unresponsive at the drop-in center.",
        }
    ),
    # Wellness plans.
    "plan_edit": lambda w: Post({"strengths": "Keeps showing up."}),
    "plan_step_add": lambda w: Post(
        {"goal": str(first_goal(w)), "what": "Ask about the bus pass", "due_on": ""}
    ),
    "plan_agree": lambda w: Post({"name": "Alex Rivera"}),
    "plan_step_status": lambda w: Post({"status": "done"}, fill=False),
    "plan_step_reschedule": lambda w: Post({"due_on": "2999-01-04"}),
    # Text replies.
    "text_mark_read": lambda w: Post(fill=False),
    # Check-in calls: the sweep's call waits in today's queue; logging and giving back
    # need the user (a supervisor) to hold it.
    "checkins_call_claim": lambda w: Post(fill=False),
    "checkins_call_release": lambda w: Post(fill=False, setup=lambda: hold_call(w)),
    "checkins_call_log": lambda w: Post(
        {"outcome": "reached", "minutes": "12", "support": ["emotional"], "summary": "Doing ok."},
        setup=lambda: hold_call(w),
    ),
    "checkins_crisis": lambda w: Post({"handed_to": "988"}),
    # Check-in calls: enrolment, call requests, the rules.
    "checkins_enrol": lambda w: Post(
        CALL_DAYS,
        # The sweep's participant has check-in calls already: those end first.
        setup=lambda: Enrolment.objects.filter(pk=own(w, "enrolment_id")).update(status="ended"),
    ),
    "checkins_enrol_family": lambda w: Post(
        CALL_DAYS,
        # Calls need a number to dial; the sweep's family member has none.
        setup=lambda: FamilyMember.objects.filter(pk=own(w, "family_member_id")).update(
            phone="+12155550144"
        ),
    ),
    "checkins_enrolment_edit": lambda w: Post({"window_end": "13:00"}),
    "checkins_enrolment_pause": lambda w: Post({"pause-reason": "In hospital"}, fill=False),
    "checkins_enrolment_resume": lambda w: Post(
        fill=False,
        setup=lambda: Enrolment.objects.filter(pk=own(w, "enrolment_id")).update(status="paused"),
    ),
    "checkins_enrolment_end": lambda w: Post({"end-reason": "Moved away"}, fill=False),
    "checkins_request_close": lambda w: Post({"reason": "Wrong number"}, fill=False),
    "checkins_rules": lambda w: Post({"max_attempts": "4"}),
    "request_a_call": lambda w: Post({"first_name": "Samira", "phone": "215-555-0177"}),
    # Telephone Recovery Support: supervising escalations.
    "checkins_escalation": lambda w: Post({"outcome": "Called them; referral accepted."}),
    # Assessments: a BARC-10 with every statement answered.
    "assessment_new": lambda w: Post({f"item_barc{n}": "4" for n in range(1, 11)}),
    # Assessments: the schedules an organization uses, a window, an export to a provider.
    "assessment_schedules": lambda w: Post({"schedules": ["recovery-capital"]}),
    "assessment_schedule_rule": lambda w: Post({"window_after": "40"}),
    "assessment_export": lambda w: Post(
        {"recipient": "Riverside Treatment Center", "purpose": "Care coordination"}
    ),
    # The resource directory's entries: a new one, an edit, "I checked this today".
    "directory_service_new": lambda w: Post(
        {"organization_name": "Riverside Aid", "name": "Riverside Food Pantry"}
    ),
    "directory_service_edit": lambda w: Post({"name": "Harbor House Housing Desk"}),
    "directory_service_verify": lambda w: Post(fill=False),
    # Referrals: a provider typed in, sent now; marked accepted; sent under a consent.
    "referral_new": lambda w: Post({"provider_name": "Harbor Legal Aid", "need": "legal"}),
    "referral": lambda w: Post({"to": "accepted"}),
    "referral_share": lambda w: Post({"recipient": provider(w), "purpose": "Housing"}),
    # Navigation: an HSDS file uploaded for the worker to import.
    "directory_import": lambda w: Post({"file": hsds_upload()}),
    # The community's pages, described beside each other in tests/community_rows/.
    **community_rows.valid(Post),
}

# Bad input for the forms people type into: (data, what must come back as typed).
INVALID = {
    "participant_enroll": ({"first_name": "Quillon", "last_name": ""}, "Quillon"),
    "participant_emergency": ({"reason": "short"}, "short"),
    "log_contact": ({"notes": "Kept after an error.", "contact_date": "2999-01-01"}, "Kept"),
    "consent_new": ({"purpose": "Care coordination", "recipient": ""}, "Care coordination"),
    "disclose": (
        {"recipient": "Nobody named", "information": ["contact"], "purpose": "Kept purpose"},
        "Kept purpose",
    ),
    "disclose_emergency": ({"recipient": "St. Mary", "nature": ""}, "St. Mary"),
    "family_member_add": ({"first_name": "Rosa", "relationship": ""}, "Rosa"),
    "staff_invite": ({"email": "not an address"}, "not an address"),
    "login": ({"username": "nobody@example.org", "password": "wrong"}, "nobody@example.org"),
    "checkins_enrol_family": (
        {**CALL_DAYS, "window_end": "09:00", "safety_notes": "Only the cell"},
        "Only the cell",
    ),
    "checkins_enrolment_edit": ({"window_end": "08:00", "safety_notes": "Kept note"}, "Kept note"),
    "request_a_call": ({"first_name": "Samira", "phone": "12"}, "Samira"),
    "checkins_escalation": ({"outcome": "x" * 2001}, "x" * 2001),
    # An emptied goal; a step due before the plan began; a date agreed in the future.
    "plan_edit": ({"health-0-text": "", "strengths": "Kept strengths"}, "Kept strengths"),
    "plan_step_add": ({"what": "Kept step", "due_on": "2000-01-03"}, "Kept step"),
    "plan_agree": ({"name": "Alex Rivera", "agreed_on": "2999-01-01"}, "Alex Rivera"),
    "plan_step_reschedule": ({"due_on": "2000-01-03"}, "2000-01-03"),
    "assessment_new": ({"item_barc1": "9", "notes": "Kept note"}, "Kept note"),
    "assessment_schedule_rule": ({"offset_days": "0", "window_before": "4321"}, "4321"),
    "assessment_export": ({"recipient": "Nobody named", "purpose": "Kept purpose"}, "Kept purpose"),
    # A rule that is not RFC 5545; a ZIP code too short.
    "directory_service_new": ({"name": "Kept name", "rule": "FREQ=HOURLY"}, "Kept name"),
    "directory_service_edit": ({"name": "Kept name", "postal_code": "7104"}, "Kept name"),
    "referral_new": ({"provider_name": "", "note": "Kept note"}, "Kept note"),
    "referral": ({"to": "declined", "reason": "y" * 2001}, "y" * 2001),
    "referral_share": ({"recipient": "Nobody named", "purpose": "Kept purpose"}, "Kept purpose"),
    # A file is never sent back to the browser; its name is, in the message.
    "directory_import": ({"file": hsds_upload("directory.xlsx")}, "directory.xlsx"),
    **community_rows.invalid(),
}

# Pages that only show something. A POST to them must change nothing.
READS = {
    "home",
    "healthz",
    "floor",
    "account",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "audit_list",
    "audit_export",
    "staff_list",
    "participant_list",
    "caseload",
    "participant_detail",
    "participant_history",
    "family_member",
    "follow_ups",
    "consent_list",
    "consent_detail",
    "disclosure_accounting",
    "disclosure_accounting_export",
    "disclosure_packet",
    "network_report",
    "emergency_accesses",
    "possible_duplicates",
    # The search term travels in a POST body to keep names out of addresses and logs;
    # searching changes nothing, so there is nothing a reload could repeat.
    "participant_search",
    "texts_to_read",
    "checkins_queue",
    "checkins_call",
    "checkins_requests",
    "checkins_request",
    "request_a_call_thanks",
    "checkins_escalations",
    "checkins_figures",
    "plan_detail",
    "plan_versions",
    "plan_print",
    "participant_assessments",
    "assessment_figures",
    "assessments_due",
    # The file of a disclosure already recorded: fetched again, it discloses nothing more.
    "assessment_export_file",
    "directory_service",
    "directory_organization",
    "directory_to_verify",
    # Directory search is a GET form: its address can be shared and paged.
    "directory_search",
    "referrals",
    "referral_figures",
    # The FHIR file of a referral already sent under consent: it discloses nothing more.
    "referral_fhir",
    "directory_import_status",
} | community_rows.READS
# Not pages: answered in JSON for the page's script, never reloaded by a person.
API = {"keepalive", "twilio_inbound"}
# The HSDS directory API: read-only JSON for other systems (a POST is a 405).
API |= {
    "hsds_root",
    "hsds_services",
    "hsds_service",
    "hsds_organizations",
    "hsds_organization",
    "hsds_service_at_locations",
    "hsds_service_at_location",
    "hsds_taxonomies",
    "hsds_taxonomy",
    "hsds_taxonomy_terms",
    "hsds_taxonomy_term",
} | community_rows.API


# Valid POSTs whose effect is not a row of those tables: the session (signing in and
# out, the language), an email (password reset), the audit trail (emergency access is
# granted by its audit row), or nothing new (the sweep's family member is already linked).
CHANGES_NO_TABLE = {
    "login",
    "logout",
    "set_language",
    "password_reset",
    "participant_emergency",
    "family_member_link",
} | community_rows.CHANGES_NO_TABLE


def hold_call(world):
    from peerwell.checkins.models import CheckInCall

    CheckInCall.objects.filter(pk=own(world, "call_id")).update(
        status="claimed", claimed_by=world.users["own"]["supervisor"], claimed_at=timezone.now()
    )


def app_code(user) -> str:
    return f"{totp(Authenticator.objects.get(user=user).bin_key):06d}"


def counts() -> dict:
    """Every row of every table that records what people did (a small database)."""
    return {
        m._meta.label_lower: repr(list(m._base_manager.order_by("pk").values_list()))
        for m in apps.get_models()
        if m._meta.label_lower not in NOT_ACTIONS and not m._meta.proxy
    }


class Sweep(World):
    def __init__(self):
        super().__init__()
        participant = self.participants["own"]
        self.duplicate = testing.make_participant(
            participant.organization, assigned_peer=self.users["own"]["peer"]
        )
        # The own peer's caseload holds two, so one can move.
        testing.make_participant(participant.organization, assigned_peer=peer(self))


def user_for(world, pattern):
    role = role_for(pattern)
    return world.users["own"][role] if role else None


def open_page(client, world, route, pattern, user):
    """Signs in as the user the page is for and answers the page's address (after any
    redirect that sets it up, such as a link token moving into the session)."""
    client.logout()
    name = pattern.name
    if name == "mfa_verify":
        client.force_login(user)  # the password step only
    elif name == "mfa_setup":
        user = testing.make_user(user.organization, "peer", totp_device=False)
        client.force_login(user)
    elif name == "login":
        pass
    elif user is not None:
        testing.sign_in(client, user)
    url, _role = own_page(world, route, pattern)
    if name in ("password_reset_confirm", "invitation_accept"):
        url = client.get(url)["Location"]
    return url, user


def submit(client, url, post: Post):
    target = url + post.query
    data = {}
    if post.fill:
        page = client.get(target)
        assert page.status_code == 200, f"GET {target}: {page.status_code}"
        data = form_values(page.content.decode(), url, post.data)
    data.update(post.data)
    return client.post(target, data)


@pytest.fixture
def world(db):
    return Sweep()


def test_every_url_is_described():
    names = {pattern.name for _route, pattern in ALL_PATTERNS}
    undescribed = sorted(names - set(VALID) - READS - API)
    stale = sorted((set(VALID) | READS | API | set(INVALID)) - names)
    assert not undescribed, (
        "Describe these URLs for the post/redirect/get sweep (a valid POST in VALID, or a "
        f"page that only reads in READS): {undescribed}"
    )
    assert not stale, f"Described but no longer a URL: {stale}"


@pytest.mark.django_db
def test_every_successful_post_redirects_to_a_page_showing_the_result(client, world):
    failures = []
    for route, pattern in ALL_PATTERNS:
        if pattern.name not in VALID:
            continue
        with transaction.atomic():
            url, user = open_page(client, world, route, pattern, user_for(world, pattern))
            post = VALID[pattern.name](world)
            if post.setup:
                post.setup()
            if post.data.get("code", "") is None:
                client.get(url)  # the set-up page makes the app's key
                post.data["code"] = app_code(user)
            for step in post.before:
                before = counts()
                shown = submit(client, url, Post(step))
                if shown.status_code != 200 or counts() != before:
                    failures.append(
                        f"{route}: a step before the action answered "
                        f"{shown.status_code} or changed something"
                    )
            before = counts()
            response = submit(client, url, post)
            if response.status_code not in (302, 303):
                failures.append(f"POST {route}: {response.status_code}, expected a redirect")
            else:
                acted = counts()
                if acted == before and pattern.name not in CHANGES_NO_TABLE:
                    failures.append(f"POST {route}: redirected but changed nothing")
                result = client.get(response["Location"])
                if result.status_code not in (200, 302):
                    failures.append(f"{route}: the result page answered {result.status_code}")
                if counts() != acted:
                    failures.append(f"{route}: showing the result repeated the action")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_invalid_input_comes_back_with_what_was_typed(client, world):
    failures = []
    patterns = {pattern.name: (route, pattern) for route, pattern in ALL_PATTERNS}
    for name, (data, typed) in INVALID.items():
        route, pattern = patterns[name]
        with transaction.atomic():
            url, _user = open_page(client, world, route, pattern, user_for(world, pattern))
            before = counts()
            response = submit(client, url, Post(data))
            body = response.content.decode()
            if response.status_code != 200:
                failures.append(f"{route}: invalid input answered {response.status_code}")
            elif escape(typed) not in body:
                failures.append(f"{route}: what was typed ({typed!r}) did not come back")
            if counts() != before:
                failures.append(f"{route}: invalid input changed something")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_posting_to_a_page_that_only_reads_changes_nothing(client, world):
    failures = []
    for route, pattern in ALL_PATTERNS:
        if pattern.name not in READS:
            continue
        with transaction.atomic():
            url, _user = open_page(client, world, route, pattern, user_for(world, pattern))
            before = counts()
            response = client.post(url, {"q": "Rivera"})
            if response.status_code >= 500:
                failures.append(f"POST {route}: {response.status_code}")
            if counts() != before:
                failures.append(f"POST {route} changed something")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
