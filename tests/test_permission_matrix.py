"""Every URL, every role, a row of the user's own organization and of another one, and
a peer with and without the participant on their caseload.

The URLs come from the resolver, so a new URL is covered without editing this file. A
view must declare its access (`staff_view(...)` or `public_view`), and each URL keyword
must have a row provider below; otherwise this test fails until the URL is described.

Besides the status, every answer is checked against the audit trail: a page that opens
a part of a participant's record writes a row naming the participant; a peer outside
the caseload is sent to emergency access (and the refusal is audited); every refusal,
by role or by organization, is audited.
"""

import re
import uuid

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peerwell import testing
from peerwell.audit.models import AuditEntry
from peerwell.orgs.actions import invite_staff
from peerwell.plans.testing import make_plan, make_step

from . import community_rows

ROLES = ["admin", "supervisor", "peer", "volunteer", "funder"]
ALLOWED_WITHOUT_ROW = {200, 302, 405}  # 302: start pages that redirect; 405: POST-only
# Public webhooks that refuse a request their provider did not sign (403).
SIGNED_WEBHOOKS = {"twilio_inbound"}
# URL keywords that point at a part of one participant's record: every row the World
# makes for them belongs to the same participant.
RECORD_KEYWORDS = {
    "participant_id",
    "contact_id",
    "consent_id",
    "disclosure_id",
    "follow_up_id",
    "family_member_id",
    "enrolment_id",
    "escalation_id",
    "inbound_id",
    "step_id",
    "administration_id",
    "export_id",
    "referral_id",
}
# URL keywords of a task on someone's record that a caller takes whatever the caseload (a
# check-in call): the page still writes the audit row naming the participant, but the
# caseload rule does not apply (checkins/access.py says who may open a call).
TASK_KEYWORDS = {"call_id", "attendee_id", "class_enrolment_id"}
# URL keywords of the deployment's shared resource directory (HSDS): its rows belong to no
# organization, so there is no other organization's row to be refused.
SHARED_KEYWORDS = {"service_id", "directory_organization_id"}


def walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ALL_PATTERNS = sorted(walk(get_resolver()), key=lambda p: p[0])


class World:
    """Two organizations, each with one row of every kind a URL can point at."""

    def __init__(self):
        self.users = {}
        self.rows = {}
        self.outsiders = {}
        self.participants = {}
        for side in ("own", "other"):
            org = testing.make_org(f"{side} org")
            users = {role: testing.make_user(org, role) for role in ROLES}
            self.users[side] = users
            # A peer of the same organization without the participant on their caseload.
            self.outsiders[side] = testing.make_user(org, "peer")
            participant = testing.make_participant(org, assigned_peer=users["peer"])
            self.participants[side] = participant
            consent = testing.make_consent(participant, witnessed_by=users["peer"])
            self.rows[side] = {
                "participant_id": participant.pk,
                "consent_id": consent.pk,
                "disclosure_id": testing.make_disclosure(consent, disclosed_by=users["peer"]).pk,
                "user_id": testing.make_user(org, "peer").pk,
                "follow_up_id": testing.make_follow_up(users["peer"], participant=participant).pk,
                "family_member_id": testing.make_family_member(participant).pk,
                "contact_id": testing.make_contact(participant, users["peer"]).pk,
                "pair_id": possible_duplicate_of(participant).pk,
            }
            enrolment = testing.make_enrolment(participant, by=users["peer"])
            self.rows[side].update(
                enrolment_id=enrolment.pk,
                # A call waiting in today's queue: any caller of the organization may take it.
                call_id=testing.make_call(enrolment).pk,
                request_id=testing.make_call_request(org).pk,
                escalation_id=testing.make_escalation(participant, owner=users["peer"]).pk,
                inbound_id=text_reply(participant, users["peer"]).pk,
            )
            # A wellness plan with a goal in each dimension and a step due today.
            plan = make_plan(participant, by=users["peer"])
            self.rows[side]["step_id"] = make_step(
                plan, by=users["peer"], due_on=plan.started_on
            ).pk
            self.rows[side].update(assessment_rows(participant, users["peer"]))
            self.rows[side].update(navigation_rows(org, participant, users))
            self.rows[side].update(community_rows.world_rows(org, participant, users))


def text_reply(participant, reader, body="Can someone call me after work?"):
    """A text the participant sent that waits for their peer to read it."""
    from peerwell.messaging.models import InboundMessage

    return InboundMessage.objects.create(
        organization=participant.organization,
        from_number=str(participant.phone),
        to_number="+12155550100",
        body=body,
        provider_id=f"SM-matrix-{uuid.uuid4().hex}",
        kind="other",
        participant=participant,
        for_user=reader,
    )


def assessment_rows(participant, peer) -> dict:
    """The SUPRT schedule in use, a BARC-10 administration, and its export to a provider
    under a consent that covers assessments."""
    from peerwell.assessments.models import Administration, DisclosedAdministration, ScheduleRule
    from peerwell.assessments.schedules import load_schedule, shipped_schedules

    org = participant.organization
    load_schedule(organization=org, schedule=shipped_schedules()["suprt"])
    administration = Administration.objects.create(
        organization=org,
        participant=participant,
        instrument="barc10",
        instrument_version="1",
        administered_on=participant.created_at.date(),
        administered_by=peer,
        answers='{"barc1": 5}',
        answered=1,
    )
    consent = testing.make_consent(
        participant,
        witnessed_by=peer,
        recipient="Riverside Treatment Center",
        information="assessments",
    )
    sent = DisclosedAdministration.objects.create(
        organization=org,
        administration=administration,
        disclosure=testing.make_disclosure(consent, disclosed_by=peer),
    )
    return {
        "rule_id": ScheduleRule.objects.filter(organization=org).first().pk,
        "administration_id": administration.pk,
        "export_id": sent.pk,
    }


def navigation_rows(org, participant, users) -> dict:
    """The shared directory's service (one for both organizations), a referral on the
    participant's record, and an HSDS import started by the organization's admin."""
    from peerwell.navigation.models import DirectoryImport, Service
    from peerwell.navigation.testing import make_directory_service, make_referral

    service = Service.objects.first() or make_directory_service()
    # The participant's consent to share referral details with the service's provider,
    # and the referral sent under it (its FHIR file can be downloaded); sent, so its page
    # offers every next status, two of them asking a reason.
    consent = testing.make_consent(
        participant, witnessed_by=users["peer"], recipient=service.name, information="referrals"
    )
    referral = make_referral(
        participant,
        by=users["peer"],
        service=service,
        disclosure=testing.make_disclosure(consent, disclosed_by=users["peer"]),
        status="sent",
        sent_at=timezone.now(),
        follow_up_on=timezone.localdate(),
    )
    return {
        "service_id": service.pk,
        "directory_organization_id": service.organization_id,
        "referral_id": referral.pk,
        "import_id": DirectoryImport.objects.create(
            organization=org, started_by=users["admin"], filename="directory.json"
        ).pk,
    }


def possible_duplicate_of(participant):
    """Another record with the same phone, and the stored pair the two make."""
    from peerwell.participants.models import PossibleDuplicate
    from peerwell.participants.pairs import keep_pairs_of

    keep_pairs_of(testing.make_participant(participant.organization, phone=participant.phone))
    return PossibleDuplicate.objects.get(older=participant)


def invitation_token(world, side):
    request = RequestFactory().post("/staff/invite/")
    request.user = world.users[side]["admin"]
    return invite_staff(request=request, email="new@example.org", role="peer").token


def reset_kwargs(world, side):
    user = world.users[side]["peer"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


# How to fill each URL keyword from a World: by keyword, or by URL name for public pages.
ROW_KWARGS = {
    "participant_id": lambda world, side: world.rows[side]["participant_id"],
    "user_id": lambda world, side: world.rows[side]["user_id"],
    "consent_id": lambda world, side: world.rows[side]["consent_id"],
    "disclosure_id": lambda world, side: world.rows[side]["disclosure_id"],
    "follow_up_id": lambda world, side: world.rows[side]["follow_up_id"],
    "family_member_id": lambda world, side: world.rows[side]["family_member_id"],
    "contact_id": lambda world, side: world.rows[side]["contact_id"],
    "pair_id": lambda world, side: world.rows[side]["pair_id"],
    "enrolment_id": lambda world, side: world.rows[side]["enrolment_id"],
    "call_id": lambda world, side: world.rows[side]["call_id"],
    "request_id": lambda world, side: world.rows[side]["request_id"],
    "escalation_id": lambda world, side: world.rows[side]["escalation_id"],
    "inbound_id": lambda world, side: world.rows[side]["inbound_id"],
    "step_id": lambda world, side: world.rows[side]["step_id"],
    "rule_id": lambda world, side: world.rows[side]["rule_id"],
    "administration_id": lambda world, side: world.rows[side]["administration_id"],
    "export_id": lambda world, side: world.rows[side]["export_id"],
    "service_id": lambda world, side: world.rows[side]["service_id"],
    "directory_organization_id": lambda world, side: world.rows[side]["directory_organization_id"],
    "referral_id": lambda world, side: world.rows[side]["referral_id"],
    "import_id": lambda world, side: world.rows[side]["import_id"],
}
# Community rows, by the same keyword in the URL and in World.rows.
for _keyword in (
    "site_id",
    "van_id",
    "event_id",
    "class_id",
    "change_id",
    "session_id",
    "attendee_id",
    "class_enrolment_id",
    "hours_id",
    "certification_id",
    "help_id",
):
    ROW_KWARGS[_keyword] = lambda world, side, k=_keyword: world.rows[side][k]


def organization_slug(world, side):
    return {"organization_slug": world.participants[side].organization.slug}


def hsds_id(model_name):
    from peerwell.navigation import models

    return {"id": getattr(models, model_name).objects.order_by("pk").first().pk}


PUBLIC_KWARGS = {
    "twilio_inbound": organization_slug,
    "request_a_call": organization_slug,
    "request_a_call_thanks": organization_slug,
    "invitation_accept": lambda world, side: {"token": invitation_token(world, side)},
    "password_reset_confirm": reset_kwargs,
    # The public HSDS API: the shared directory's rows, by HSDS id.
    "hsds_service": lambda world, side: {"id": world.rows[side]["service_id"]},
    "hsds_organization": lambda world, side: {"id": world.rows[side]["directory_organization_id"]},
    "hsds_service_at_location": lambda world, side: hsds_id("ServiceAtLocation"),
    "hsds_taxonomy": lambda world, side: hsds_id("Taxonomy"),
    "hsds_taxonomy_term": lambda world, side: hsds_id("TaxonomyTerm"),
    # The community's public schedule, feeds and door check-in.
    **community_rows.PUBLIC_KWARGS,
}


# The role that sees the most of a page, among those it allows (the sweeps request
# each page as that role).
PREFERENCE = ["supervisor", "admin", "peer", "funder", "volunteer"]


def role_for(pattern) -> str | None:
    """The role to request a page as (None for a public page)."""
    access = pattern.callback.access
    return None if access.public else next(r for r in PREFERENCE if r in access.roles)


def own_page(world, route, pattern) -> tuple[str, str | None]:
    """A page's address in the own organization, and the role to request it as."""
    keywords = route_keywords(route)
    if pattern.callback.access.public:
        kwargs = PUBLIC_KWARGS[pattern.name](world, "own") if keywords else {}
    else:
        kwargs = {k: ROW_KWARGS[k](world, "own") for k in keywords}
    return url_for(route, kwargs), role_for(pattern)


def route_keywords(route) -> set[str]:
    """The keywords of a whole address, its includes' prefixes (o/<slug:...>/) too."""
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route))


def url_for(route, kwargs):
    url = "/" + route
    for key, value in kwargs.items():
        url = url.replace(f"<int:{key}>", str(value)).replace(f"<str:{key}>", str(value))
        url = url.replace(f"<slug:{key}>", str(value)).replace(f"<uuid:{key}>", str(value))
        url = url.replace(f"<{key}>", str(value))
    assert "<" not in url, f"unfilled keyword in {url}"
    return url


def test_every_url_declares_its_access_and_keywords():
    undescribed = []
    for route, pattern in ALL_PATTERNS:
        access = getattr(pattern.callback, "access", None)
        keywords = route_keywords(route)
        if access is None:
            undescribed.append(f"{route}: view has no staff_view/public_view")
        elif access.public and keywords and pattern.name not in PUBLIC_KWARGS:
            undescribed.append(f"{route}: add its keywords to PUBLIC_KWARGS")
        elif not access.public and not keywords <= set(ROW_KWARGS):
            undescribed.append(f"{route}: add {keywords - set(ROW_KWARGS)} to ROW_KWARGS")
    assert not undescribed, "URLs the permission matrix cannot exercise:\n" + "\n".join(undescribed)


@pytest.fixture
def world(db):
    return World()


def audit_rows(user):
    return AuditEntry.objects.filter(actor=user)


def ask(client, url):
    """GET the page; a POST-only action (405) is asked the way it is used, with an empty
    POST. Every request runs in a transaction rolled back afterwards, so an action (a
    follow-up marked done, a family link removed) never changes what the next request
    finds, and the audit rows it wrote are read before they go."""
    with transaction.atomic():
        response = client.get(url)
        posted = response.status_code == 405
        if posted:
            response = client.post(url)
        yield response, posted
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_permission_matrix(client, world):
    failures = []

    def check(url, expected, who, user=None, *, audited=None, named=None):
        """`expected`: allowed statuses; `audited`: the audit action the request must
        write (by `user`); `named`: the participant that row must name."""
        before = audit_rows(user).count() if user else 0
        for response, posted in ask(client, url):
            if posted:
                # Allowed, an empty POST either acts and redirects, or shows its form again
                # with the error; refusals stay 403/404.
                expected = {200, 302} if expected == {200} else expected
            status, method = response.status_code, "POST" if posted else "GET"
            if status not in expected:
                failures.append(f"{who} {method} {url}: {status}, expected {sorted(expected)}")
            if audited and user:
                rows = audit_rows(user).order_by("id")[before:]
                if not any(
                    r.action == audited and (named is None or r.participant_id == named.pk)
                    for r in rows
                ):
                    whom = f" naming participant {named.pk}" if named else ""
                    failures.append(f"{who} {method} {url}: no '{audited}' audit row{whom}")
            yield response

    def run(*args, **kwargs):
        return list(check(*args, **kwargs))

    for route, pattern in ALL_PATTERNS:
        access = pattern.callback.access
        keywords = route_keywords(route)
        if access.public:
            kwargs = PUBLIC_KWARGS[pattern.name](world, "own") if keywords else {}
            client.logout()
            expected = {403, 405} if pattern.name in SIGNED_WEBHOOKS else {200, 302, 405}
            run(url_for(route, kwargs), expected, "anonymous")
            continue
        own = {k: ROW_KWARGS[k](world, "own") for k in keywords}
        other = {k: ROW_KWARGS[k](world, "other") for k in keywords}
        of_record = bool(keywords & RECORD_KEYWORDS)
        names_participant = of_record or bool(keywords & TASK_KEYWORDS)
        participant = world.participants["own"] if names_participant else None
        client.logout()
        run(url_for(route, own), {302}, "anonymous")
        for role in ROLES:
            user = world.users["own"][role]
            testing.sign_in(client, user)
            allowed = role in access.roles
            if keywords:
                run(
                    url_for(route, own),
                    {200} if allowed else {404},
                    role,
                    user,
                    audited=("view" if names_participant else None) if allowed else "refused",
                    named=participant if allowed else None,
                )
                # Another organization's row is always a 404, whatever the role (the shared
                # directory has no other organization's rows).
                if not keywords <= SHARED_KEYWORDS:
                    run(url_for(route, other), {404}, role, user, audited="refused")
            else:
                run(
                    url_for(route, own),
                    ALLOWED_WITHOUT_ROW if allowed else {403},
                    role,
                    user,
                    audited=None if allowed else "refused",
                )
        if of_record and "peer" in access.roles:
            check_caseload_rule(client, world, route, own, access, run, failures)
    assert not failures, "\n".join(failures)


def check_caseload_rule(client, world, route, own, access, run, failures):
    """A peer without the participant on their caseload reaches only the emergency-access
    page; every other page of the record sends them there, and the refusal is audited."""
    outsider, participant = world.outsiders["own"], world.participants["own"]
    door = f"/participants/{participant.pk}/emergency/"
    url = url_for(route, own)
    testing.sign_in(client, outsider)
    if access.emergency_door:
        run(url, {200}, "peer outside the caseload", outsider, audited="view", named=participant)
        return
    for response in run(
        url, {302}, "peer outside the caseload", outsider, audited="refused", named=participant
    ):
        if response.status_code == 302 and not response["Location"].startswith(door):
            failures.append(
                f"peer outside the caseload at {url}: sent to {response['Location']}, "
                f"not to emergency access ({door})"
            )
