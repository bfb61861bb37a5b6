"""Supervising escalations: the open ones (with their deadlines), closing one once it has
been followed up, and telling supervisors about any that went past its deadline."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record
from peerwell.orgs.models import Role, User

from .models import Escalation

ALREADY_CLOSED = _("Someone already marked this escalation followed up.")

# What a row of the supervisors' list shows: no notes or outcome (encrypted, and not for
# the list), only who, what and when.
LIST_FIELDS = (
    "id",
    "organization_id",
    "kind",
    "participant_id",
    "family_member_id",
    "call_id",
    "owner_id",
    "raised_at",
    "respond_by",
    "supervisor_told_at",
    "owner__full_name",
    "participant__first_name",
    "participant__last_name",
    "participant__preferred_name",
    "family_member__first_name",
    "family_member__last_name",
)


class AlreadyClosed(Exception):
    pass


def open_escalations(user):
    """The organization's open escalations, nearest deadline first (the partial index
    `escalation_open`)."""
    return (
        Escalation.objects.visible_to(user)
        .open()
        .select_related("owner", "participant", "family_member")
        .only(*LIST_FIELDS)
        .order_by("respond_by", "id")
    )


def is_overdue(escalation, now=None) -> bool:
    return escalation.closed_at is None and escalation.respond_by < (now or timezone.now())


@transaction.atomic
def close_escalation(*, by, escalation, outcome: str) -> Escalation:
    """Marks the escalation followed up with what was done, and its task on the owner's
    follow-up list done. Two people closing it at once: the second gets AlreadyClosed."""
    now = timezone.now()
    closed = Escalation.objects.filter(pk=escalation.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=by
    )
    if not closed:
        raise AlreadyClosed
    # The outcome is encrypted: saved through the model, not a bulk update.
    escalation.closed_at, escalation.closed_by, escalation.outcome = now, by, outcome
    escalation.save(update_fields=["outcome"])
    if escalation.follow_up_id:
        from peerwell.contacts.models import FollowUp

        FollowUp.objects.filter(pk=escalation.follow_up_id, done_at__isnull=True).update(
            done_at=now
        )
    record(
        actor=by,
        action="update",
        obj=escalation,
        participant=escalation.participant,
        fields=["closed_at", "closed_by", "outcome"],
    )
    return escalation


def _told(organization_id) -> list[User]:
    """Who hears about an overdue escalation: the supervisors, else the admins."""
    staff = User.objects.filter(organization_id=organization_id, is_active=True)
    supervisors = list(staff.filter(role=Role.SUPERVISOR).order_by("id"))
    return supervisors or list(staff.filter(role=Role.ADMIN).order_by("id"))


def notify_overdue_escalations(*, now=None) -> int:
    """Emails each organization's supervisors once about escalations past their deadline
    that nobody has been told about yet, and marks them told. The email names nobody and
    says nothing of what happened: "sign in to see it". Safe to run twice (the mark is a
    conditional update made before the email goes). Returns how many were marked."""
    now = now or timezone.now()
    due = Escalation.objects.open().filter(respond_by__lt=now, supervisor_told_at__isnull=True)
    organizations = sorted(set(due.values_list("organization_id", flat=True)))
    marked = 0
    for organization_id in organizations:
        with transaction.atomic():
            count = due.filter(organization_id=organization_id).update(supervisor_told_at=now)
            recipients = [user.email for user in _told(organization_id)]
            if count and recipients:
                _send_notice(recipients, count)
        marked += count
    return marked


def _send_notice(recipients, count) -> None:
    context = {
        "count": count,
        "link": settings.SITE_URL.rstrip("/") + reverse("checkins_escalations"),
    }
    subject = render_to_string("checkins/email/escalation_overdue_subject.txt", context).strip()
    body = render_to_string("checkins/email/escalation_overdue.txt", context)

    # Sent once the marks are saved: a rollback sends nothing.
    def send():
        for address in recipients:  # one each: nobody sees who else was told
            send_mail(subject, body, None, [address])

    transaction.on_commit(send)
