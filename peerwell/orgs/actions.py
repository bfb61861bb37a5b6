"""Writes to organizations and staff: invitations, roles, deactivation, MFA set-up."""

import base64
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peerwell.audit.actions import record

from .authenticator import RecoveryCode, RecoveryCodes, digest
from .models import (
    ORGANIZATION_ROLES,
    Authenticator,
    Invitation,
    Organization,
    Role,
    User,
    hash_token,
)

RECOVERY_CODE_COUNT = 10


class InvitationInvalid(Exception):
    """Forged, expired or already used: the user sees one message for all three."""


class CodeRefused(Exception):
    """A wrong code (`wait_seconds` 0), or any code while wrong ones make the device wait."""

    def __init__(self, wait_seconds: int = 0):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


def _refusal(device, code: str) -> CodeRefused | None:
    """None when the device accepts the code, else why not. Each wrong code makes the
    next try wait longer (1 second, then 2, 4, ...), and a waiting device reads no code.
    Returned, not raised, so the transaction keeps the count of wrong codes."""
    if device is None:
        return CodeRefused()
    allowed, why = device.verify_is_allowed()
    if not allowed and why and "locked_until" in why:
        left = (why["locked_until"] - timezone.now()).total_seconds()
        return CodeRefused(wait_seconds=max(1, math.ceil(left)))
    return None if device.verify_token(code) else CodeRefused()


def check_second_factor(*, user: User, code: str):
    """The user's device that accepts the code, or CodeRefused. A code of digits only is
    for the authenticator app, anything else a recovery code, so each device counts only
    its own wrong codes: a mistyped app code never holds up a recovery code, nor the
    reverse."""
    kind = Authenticator if code.isdigit() and len(code) <= 8 else RecoveryCodes
    with transaction.atomic():
        device = kind.objects.select_for_update().filter(user=user, confirmed=True).first()
        refused = _refusal(device, code)
    if refused is not None:
        raise refused
    return device


def confirm_authenticator(*, device: Authenticator, code: str) -> None:
    """The app being set up shows the code it should: from now on sign-in asks for it.
    Raises CodeRefused otherwise."""
    with transaction.atomic():
        refused = _refusal(device, code)
        if refused is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if refused is not None:
        raise refused


class NotAnOrganizationRole(Exception):
    """Funders belong to the whole network: no organization admin makes or changes one."""


class EmailTaken(Exception):
    """Someone already has an account with this email: each person has one account."""


class AlreadyInvited(Exception):
    """This organization's invitation to this email has not been used nor expired."""


def check_organization_role(role: str) -> None:
    if role not in ORGANIZATION_ROLES:
        raise NotAnOrganizationRole(role)


def check_email_free(email: str) -> None:
    """Each person has one account, under one email."""
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(email)


@transaction.atomic
def invite_staff(*, request, email: str, role: str) -> Invitation:
    """Emails a single-use link that expires after INVITATION_DAYS."""
    check_organization_role(role)
    email = email.lower()
    check_email_free(email)
    waiting = Invitation.objects.filter(
        organization=request.user.organization,
        email__iexact=email,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if waiting.exists():
        raise AlreadyInvited(email)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=request.user.organization,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=request.user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS}
    transaction.on_commit(
        lambda: send_mail(
            render_to_string("orgs/email/invitation_subject.txt", context).strip(),
            render_to_string("orgs/email/invitation.txt", context),
            None,
            [invitation.email],
        )
    )
    record(request=request, action="create", obj=invitation, fields=["email", "role"])
    invitation.token = token  # never stored; handed back for the link (and tests)
    return invitation


def find_invitation(*, token_hash: str) -> Invitation:
    """By the hash of the link's token: the page keeps only the hash in the session."""
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=token_hash).first()
    )
    # A funder invitation from before funders became network-wide cannot be used.
    if invitation is None or not invitation.is_usable or invitation.role not in ORGANIZATION_ROLES:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def accept_invitation(*, request, token_hash: str, full_name: str, password: str) -> User:
    """Creates the staff account; the link stops working at once."""
    invitation = find_invitation(token_hash=token_hash)
    # Claim the invitation with a conditional update: two tabs cannot both use it.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise InvitationInvalid
    check_email_free(invitation.email)
    user = User(
        organization=invitation.organization,
        email=invitation.email,
        full_name=full_name,
        role=invitation.role,
    )
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same email, saved a moment ago by another request
        raise EmailTaken(invitation.email) from None
    Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
    record(request=request, actor=user, action="create", obj=user, fields=["email", "role"])
    return user


class LastAdmin(Exception):
    """The change would leave the organization with no active admin: nobody could invite,
    change or deactivate its staff any more."""


def check_another_admin_stays(staff: User) -> None:
    """Raises LastAdmin unless someone besides `staff` is an active admin of their
    organization. The organization's row is locked first, so two admins demoting each
    other at the same moment take turns and the second sees the first one's change."""
    list(Organization.objects.select_for_update().filter(pk=staff.organization_id).values("pk"))
    others = User.objects.filter(
        organization_id=staff.organization_id, role=Role.ADMIN, is_active=True
    ).exclude(pk=staff.pk)
    if not others.exists():
        raise LastAdmin(staff.pk)


@transaction.atomic
def change_staff(
    *, request, staff: User, role: str, is_active: bool, reset_second_factor: bool = False
) -> User:
    """An organization always keeps an active admin (LastAdmin otherwise).

    A deactivated user's sessions end at once: StaffBackend refuses inactive users on
    every request, and their stored sessions are deleted too. Resetting the second
    factor removes their authenticator and recovery codes and signs them out."""
    check_organization_role(role)
    if staff.organization_id is None:  # a funder: only the deployment's operator
        raise NotAnOrganizationRole(staff.role)
    if role != Role.ADMIN or not is_active:
        check_another_admin_stays(staff)
    changed = [f for f, v in (("role", role), ("is_active", is_active)) if getattr(staff, f) != v]
    if reset_second_factor:
        Authenticator.objects.filter(user=staff).delete()
        RecoveryCodes.objects.filter(user=staff).delete()
        end_sessions(staff)
        changed.append("second_factor")
    staff.role = role
    staff.is_active = is_active
    staff.save(update_fields=["role", "is_active"])
    if "is_active" in changed and not is_active:
        end_sessions(staff)
    if changed:
        record(request=request, action="update", obj=staff, fields=changed)
    return staff


@transaction.atomic
def add_funder(*, email: str, full_name: str, origin: str) -> User:
    """A funder account for the whole network, with no password yet: they choose one
    through the link from `funder_password_link`. `origin` says who ran it, for the audit
    trail (there is no request)."""
    email = User.objects.normalize_email(email).lower()
    check_email_free(email)
    funder = User(organization=None, role=Role.FUNDER, email=email, full_name=full_name)
    funder.set_unusable_password()
    funder.save()
    record(action="create", obj=funder, fields=["email", "role"], detail={"origin": origin})
    return funder


def funder_password_link(funder: User, *, site_url: str) -> str:
    """Django's password reset link: it works once (the token covers the password) and
    for PASSWORD_RESET_TIMEOUT; the page moves the token out of its address at once."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(funder.pk)),
            "token": default_token_generator.make_token(funder),
        },
    )
    return site_url.rstrip("/") + path


def end_sessions(user: User) -> int:
    from django.contrib.sessions.models import Session

    from .models import StaffSession

    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    StaffSession.objects.filter(user=user).delete()
    return len(keys)


def new_recovery_codes(user: User) -> list[str]:
    """Replaces the user's recovery codes; each works once."""
    device, _ = RecoveryCodes.objects.get_or_create(user=user, name="recovery")
    device.codes.all().delete()
    # 80 random bits each, shown in groups of four; only their digests are kept.
    codes = [
        base64.b32encode(secrets.token_bytes(10)).decode().lower()
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=digest(c)) for c in codes)
    return [" ".join(code[i : i + 4] for i in range(0, 16, 4)) for code in codes]
