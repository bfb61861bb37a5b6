"""Writes for Part 2 consent: record a consent, revoke it, and disclose under it.

`disclose` is the one path by which information leaves under a consent: it checks the
consent, attaches the redisclosure notice and audits, in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.audit.actions import record

from .models import Consent, Disclosure, Information, information_labels

# The short notice of 42 CFR 2.32(a)(2); it goes with every disclosure made with consent.
REDISCLOSURE_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings against the patient, unless "
    "authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or "
    "as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the "
    "rules prohibit you from making any other use or disclosure of this record unless at "
    "least one of the following applies: (1) Further use or disclosure is expressly "
    "permitted by the written consent of the individual whose information is being "
    "disclosed in this record or as otherwise permitted by 42 CFR part 2. (2) You are a "
    "covered entity or business associate and have received the record for treatment, "
    "payment, or health care operations, or (3) You have received the record from a "
    "covered entity or business associate as permitted by 45 CFR part 164, subparts A and "
    "E. A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or "
    "redisclose the record (see 42 CFR 2.31)."
)

RECIPIENT_NOT_COVERED = _(
    "No valid consent names %(recipient)s. A consent must name the recipient, be signed, "
    "not be revoked and not have expired. Record a new consent first."
)
INFORMATION_NOT_COVERED = _(
    "The participant's consent to %(recipient)s does not cover: %(missing)s. Disclose only "
    "what it covers, or record a new consent."
)
NOT_IN_ONE_CONSENT = _(
    "No single consent to %(recipient)s covers all of this information together. Record "
    "one disclosure for each consent."
)
NOTHING_CHOSEN = _("Choose at least one kind of information.")
NATURE_REQUIRED = _("Describe the nature of the emergency.")


class DisclosureRefused(Exception):
    """Raised with a plain message the page shows as it is, and the part refused
    (`field`: "recipient" or "information"; None for the whole)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def create_consent(*, request, participant, form) -> Consent:
    """The consent appears in the participant's list of consents, valid from now."""
    consent = form.save(commit=False)
    consent.organization = participant.organization
    consent.participant = participant
    consent.witnessed_by = request.user
    consent.save()
    record(
        request=request,
        action="create",
        obj=consent,
        participant=participant,
        fields=form.changed_data,
    )
    return consent


@transaction.atomic
def revoke_consent(*, request, consent: Consent) -> Consent:
    """The consent shows as revoked and no longer allows any disclosure."""
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.revoked_by = request.user
        consent.save(update_fields=["revoked_at", "revoked_by"])
        record(
            request=request,
            action="update",
            obj=consent,
            participant=consent.participant,
            fields=["revoked_at", "revoked_by"],
        )
    return consent


def _record_disclosure(*, request, participant, **fields) -> Disclosure:
    disclosure = Disclosure.objects.create(
        organization=participant.organization,
        participant=participant,
        disclosed_by=request.user,
        **fields,
    )
    record(
        request=request,
        action="export",
        obj=participant,
        detail={
            "disclosure": disclosure.pk,
            "consent": disclosure.consent_id,
            "information": disclosure.information.split(","),
            "emergency": disclosure.is_emergency,
        },
    )
    return disclosure


def _refuse(naming, *, recipient, information):
    """Says which part no consent covers: the recipient, or (some of) the information."""
    covered = set()
    for stored in naming.values_list("information", flat=True):
        covered.update(stored.split(","))
    if not covered:
        raise DisclosureRefused(
            RECIPIENT_NOT_COVERED % {"recipient": recipient or "?"}, field="recipient"
        )
    missing = [] if Information.WHOLE_RECORD in covered else set(information) - covered
    if missing:
        labels = information_labels(",".join(i for i in information if i in missing))
        raise DisclosureRefused(
            INFORMATION_NOT_COVERED % {"recipient": recipient, "missing": ", ".join(labels)},
            field="information",
        )
    raise DisclosureRefused(NOT_IN_ONE_CONSENT % {"recipient": recipient}, field="information")


@transaction.atomic
def disclose(
    *, request, participant, recipient: str, information, purpose: str, emergency_nature=""
) -> Disclosure:
    """Records a disclosure made under a valid consent that names this recipient and every
    item of `information`; the returned disclosure carries the redisclosure notice to send
    with it. Raises `DisclosureRefused`, naming the part no consent covers, otherwise."""
    information = list(information)
    recipient = recipient.strip()
    naming = (
        Consent.objects.visible_to(request.user)
        .filter(participant=participant)
        .valid()
        .naming(recipient)
    )
    if not information:
        raise DisclosureRefused(NOTHING_CHOSEN, field="information")
    consent = naming.covering(information).first()
    if consent is None:
        _refuse(naming, recipient=recipient, information=information)
    return _record_disclosure(
        request=request,
        participant=participant,
        consent=consent,
        recipient=recipient,
        information=",".join(information),
        purpose=purpose,
        emergency_nature=emergency_nature,
        notice=REDISCLOSURE_NOTICE,
    )


@transaction.atomic
def disclose_in_emergency(
    *, request, participant, recipient: str, information, nature: str
) -> Disclosure:
    """Records, at once, a disclosure without consent in a medical emergency: who received
    it, who disclosed it, when, and the nature of the emergency (42 CFR 2.51)."""
    if not nature.strip():
        raise DisclosureRefused(NATURE_REQUIRED)
    return _record_disclosure(
        request=request,
        participant=participant,
        consent=None,
        recipient=recipient.strip(),
        information=",".join(information),
        purpose="",
        is_emergency=True,
        emergency_nature=nature.strip(),
        notice=REDISCLOSURE_NOTICE,
    )
