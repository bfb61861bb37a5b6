"""Writes of staff certifications: recording one, and correcting or renewing it."""

from django.db import transaction
from django.utils.translation import gettext as _

from peerwell.audit.actions import record

from .models import Certification

FIELDS = (
    "holder",
    "name",
    "issuing_body",
    "number",
    "issued_on",
    "expires_on",
    "ce_hours_required",
    "ce_hours_done",
)


class CertificationRefused(Exception):
    """Not saved; the message says why in plain words."""


def _check(values) -> None:
    if values["expires_on"] <= values["issued_on"]:
        raise CertificationRefused(_("The expiry date must come after the date it was issued."))
    if values["holder"].organization_id is None:
        raise CertificationRefused(_("Choose someone of your organization."))


def add_certification(*, by, **values) -> Certification:
    """The certification shows on the list, sorted by expiry, with its notices to come."""
    _check(values)
    if values["holder"].organization_id != by.organization_id:
        raise CertificationRefused(_("Choose someone of your organization."))
    with transaction.atomic():
        certification = Certification.objects.create(
            organization_id=by.organization_id, **{k: values[k] for k in FIELDS}
        )
        record(actor=by, action="create", obj=certification)
    return certification


def change_certification(*, by, certification, version: int | None, **values) -> Certification:
    """Saves the changes unless someone else saved first (the page showed `version`).
    A new expiry date (a renewal) sends the 60- and 30-day notices again in time."""
    _check(values)
    if values["holder"].organization_id != certification.organization_id:
        raise CertificationRefused(_("Choose someone of your organization."))
    changes = {k: values[k] for k in FIELDS}
    if values["expires_on"] != certification.expires_on:
        changes.update(notice_60_sent_on=None, notice_30_sent_on=None)
    with transaction.atomic():
        saved = Certification.objects.filter(pk=certification.pk, version=version).update(
            version=certification.version + 1, **changes
        )
        if not saved:
            raise CertificationRefused(
                _(
                    "Someone else changed this certification while you were editing it. "
                    "Nothing was saved: check the current details and make your change again."
                )
            )
        certification.refresh_from_db()
        record(actor=by, action="update", obj=certification, fields=sorted(changes))
    return certification
