"""Factories and helpers shared by the tests (plain functions, real database rows)."""

import itertools
import time
from datetime import date

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from peerwell.orgs.models import Authenticator, Organization, User
from peerwell.participants.models import Participant

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_org(name=None, **fields) -> Organization:
    n = next(_seq)
    return Organization.objects.create(
        name=name or f"Recovery Center {n}", slug=f"org-{n}", **fields
    )


def make_user(org, role="peer", *, totp_device=True, **fields) -> User:
    n = next(_seq)
    fields.setdefault("email", f"{role}{n}@example.org")
    fields.setdefault("full_name", f"{role.title()} Person {n}")
    # Funders belong to the whole network, not to `org`.
    organization = None if role == "funder" else org
    user = User.objects.create_user(
        password=PASSWORD, organization=organization, role=role, **fields
    )
    if totp_device:
        Authenticator.objects.create(user=user, name="default", confirmed=True)
    return user


def make_participant(org, **fields) -> Participant:
    n = next(_seq)
    fields.setdefault("first_name", f"Alex{n}")
    fields.setdefault("last_name", f"Rivera{n}")
    fields.setdefault("date_of_birth", date(1990, 5, 17))
    fields.setdefault("phone", "+12155550123")
    return Participant.objects.create(organization=org, **fields)


def make_follow_up(peer, *, participant=None, due_date=None, **fields):
    from peerwell.contacts.models import FollowUp

    participant = participant or make_participant(peer.organization, assigned_peer=peer)
    return FollowUp.objects.create(
        organization=peer.organization,
        participant=participant,
        assigned_to=peer,
        due_date=due_date or date(2026, 12, 1),
        **fields,
    )


def make_contact(participant, staff, **fields):
    from peerwell.contacts.models import Contact

    fields.setdefault("kind", "check_in")
    fields.setdefault("emotional", True)
    fields.setdefault("contact_date", date(2026, 11, 2))
    fields.setdefault("duration_minutes", 15)
    fields.setdefault("mode", "phone")
    return Contact.objects.create(
        organization=participant.organization, participant=participant, staff=staff, **fields
    )


def make_family_member(participant, relationship="sister", **fields):
    from peerwell.participants.models import FamilyLink, FamilyMember

    n = next(_seq)
    member = FamilyMember.objects.create(
        organization=participant.organization,
        first_name=fields.pop("first_name", f"Jordan{n}"),
        last_name=fields.pop("last_name", participant.last_name),
        **fields,
    )
    FamilyLink.objects.create(
        organization=participant.organization,
        family_member=member,
        participant=participant,
        relationship=relationship,
    )
    return member


def current_code(user) -> str:
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def next_code(user) -> str:
    """The code of the next 30-second step (accepted by the default tolerance)."""
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - device.step):06d}"


def wrong_code(user, *, confirmed=True) -> str:
    """A 6-digit code the user's authenticator app would not show now or a step either side
    (`confirmed=False`: the app being set up)."""
    device = Authenticator.objects.get(user=user, confirmed=confirmed)
    near = {
        totp(device.bin_key, step=device.step, t0=device.t0 + d * device.step) for d in (-1, 0, 1)
    }
    return f"{next(n for n in range(10**6) if n not in near):06d}"


def sign_in(client, user) -> None:
    """A fully signed-in session: password and second factor done."""
    client.force_login(user)
    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["peerwell_last_seen"] = time.time()
        session["peerwell_login_at"] = time.time()
        session.save()


def make_consent(participant, *, witnessed_by, **fields):
    from peerwell.consents.models import Consent

    fields.setdefault("disclosing_party", participant.organization.name)
    fields.setdefault("information", "contact,service_log")
    fields.setdefault("recipient", "Riverside Housing Authority")
    fields.setdefault("purpose", "Housing application support")
    fields.setdefault("told_right_to_revoke", True)
    fields.setdefault("revocation_method", "In writing, to the program director.")
    fields.setdefault("expiry_event", "When the housing application is decided")
    fields.setdefault("signature", participant.full_name)
    fields.setdefault("signed_on", date.today())
    return Consent.objects.create(
        organization=participant.organization,
        participant=participant,
        witnessed_by=witnessed_by,
        **fields,
    )


def make_disclosure(consent, *, disclosed_by, **fields):
    """A disclosure as `consents.actions.disclose` records it, under `consent`."""
    from peerwell.consents.actions import REDISCLOSURE_NOTICE
    from peerwell.consents.models import Disclosure

    fields.setdefault("recipient", consent.recipient_list[0])
    fields.setdefault("information", consent.information)
    fields.setdefault("purpose", consent.purpose)
    fields.setdefault("notice", REDISCLOSURE_NOTICE)
    return Disclosure.objects.create(
        organization=consent.organization,
        participant=consent.participant,
        consent=consent,
        disclosed_by=disclosed_by,
        **fields,
    )


def make_enrolment(participant=None, *, by, family_member=None, **fields):
    """Weekly check-in calls on Mondays, 10:00-12:00 (a participant's, or a family member's)."""
    from datetime import time as clock

    from peerwell.checkins.models import Enrolment

    person = participant or family_member
    fields.setdefault("monday", True)
    fields.setdefault("window_start", clock(10))
    fields.setdefault("window_end", clock(12))
    fields.setdefault("starts_on", date(2026, 1, 5))
    fields.setdefault("language", getattr(participant, "language", "en"))
    return Enrolment.objects.create(
        organization=person.organization,
        participant=participant,
        family_member=family_member,
        enrolled_by=by,
        **fields,
    )


def make_call(enrolment, *, due_date=None, **fields):
    """A check-in call of `enrolment` waiting in the queue (due today unless told)."""
    from django.utils import timezone

    from peerwell.checkins.models import CheckInCall

    due = due_date or timezone.localdate()
    fields.setdefault("try_on", due)
    return CheckInCall.objects.create(
        organization=enrolment.organization,
        enrolment=enrolment,
        participant=enrolment.participant,
        family_member=enrolment.family_member,
        due_date=due,
        channel=enrolment.channel,
        language=enrolment.language,
        **fields,
    )


def make_call_request(org, **fields):
    from peerwell.checkins.models import CallRequest

    fields.setdefault("first_name", "Sam")
    fields.setdefault("phone", "+12155550188")
    fields.setdefault("best_times", "Weekday mornings")
    return CallRequest.objects.create(organization=org, **fields)


def make_escalation(participant, *, owner, kind="recurrence", **fields):
    from datetime import timedelta

    from django.utils import timezone

    from peerwell.checkins.models import Escalation

    fields.setdefault("respond_by", timezone.now() + timedelta(hours=24))
    return Escalation.objects.create(
        organization=participant.organization,
        participant=participant,
        owner=owner,
        kind=kind,
        **fields,
    )
