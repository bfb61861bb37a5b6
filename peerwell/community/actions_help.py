"""Writes of the instrumental help given: a ride, child care, clothing closet items,
either as an anonymous count or for a participant (then an instrumental contact in their
service log, the one source of truth for contacts)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwell.audit.actions import record
from peerwell.contacts.actions import log_contact
from peerwell.contacts.models import ContactKind, Mode

from .models import InstrumentalHelp

# The length of the contact in the service log when none is given (a ride, a bag of clothes).
CONTACT_MINUTES = 15
# Roles whose help may name a participant: volunteers log anonymous counts only.
RECORD_ROLES = ("admin", "supervisor", "peer")


class HelpRefused(Exception):
    """Not logged; the message says why in plain words."""


def log_help(
    *,
    by,
    kind: str,
    quantity: int,
    given_on: date,
    site=None,
    note: str = "",
    participant=None,
    minutes: int | None = None,
) -> InstrumentalHelp:
    """The help counts in this month's totals. Given to a participant (opened by the
    caller through the record-opening path), it also appears on their timeline as an
    instrumental contact."""
    if given_on > timezone.localdate():
        raise HelpRefused(_("The date is in the future: log it once it has happened."))
    if participant is not None and by.role not in RECORD_ROLES:
        raise HelpRefused(_("Volunteers log help as an anonymous count."))
    if site is not None and site.organization_id != by.organization_id:
        raise HelpRefused(_("Choose one of your organization's sites."))
    with transaction.atomic():
        contact = None
        if participant is not None:
            label = InstrumentalHelp(kind=kind).get_kind_display()
            contact = log_contact(
                by=by,
                participant=participant,
                kind=ContactKind.INSTRUMENTAL,
                contact_date=given_on,
                mode=Mode.IN_PERSON,
                support=["instrumental"],
                duration_minutes=minutes or CONTACT_MINUTES,
                place=site.name[:200] if site else "",
                notes=f"{label} × {quantity}" + (f": {note}" if note else ""),
            )
        help_given = InstrumentalHelp.objects.create(
            organization_id=by.organization_id,
            kind=kind,
            quantity=quantity,
            given_on=given_on,
            participant=participant,
            contact=contact,
            site=site,
            note=note,
            logged_by=by,
        )
        record(actor=by, action="create", obj=help_given, participant=participant)
    return help_given
