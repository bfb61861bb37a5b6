"""Part 2 consents (42 CFR 2.31) and the disclosures made under them (2.32, 2.51)."""

from django.conf import settings
from django.db import models
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from peerwell.core.fields import EncryptedTextField
from peerwell.core.tenancy import RecordQuerySet, TenantModel


class Information(models.TextChoices):
    CONTACT = "contact", _("Contact details")
    SERVICE_LOG = "service_log", _("Service log summary")
    WELLNESS_PLAN = "wellness_plan", _("Wellness plan")
    ASSESSMENTS = "assessments", _("Assessments")
    REFERRALS = "referrals", _("Referral details")
    WHOLE_RECORD = "whole_record", _("The whole record")


# What Peerwell keeps, and so the only kinds a consent or a disclosure offers; the
# others stay for consents recorded before, to show what they said.
HELD_INFORMATION = [
    Information.CONTACT,
    Information.SERVICE_LOG,
    Information.WELLNESS_PLAN,
    Information.ASSESSMENTS,
    Information.REFERRALS,
    Information.WHOLE_RECORD,
]


def information_labels(stored: str) -> list[str]:
    labels = dict(Information.choices)
    return [str(labels.get(item, item)) for item in stored.split(",") if item]


class Conditioning(models.TextChoices):
    """42 CFR 2.31(a) (2024): whether services may be conditioned on signing."""

    NOT_CONDITIONED = (
        "not_conditioned",
        _(
            "The participant's services, payment, enrollment and eligibility for benefits do not "
            "depend on whether they sign this consent."
        ),
    )
    CONDITIONED = (
        "conditioned",
        _(
            "Something depends on signing this consent: the consequences of not signing are "
            "written below."
        ),
    )


# The 2024 rule's statements, printed on every consent (and with every packet sent under
# one). They are the regulation's meaning in plain words, in the participant's language.
REVOCATION_EXCEPTION = _(
    "The participant may revoke this consent at any time, in writing, except for what has "
    "already been done in reliance on it."
)
REDISCLOSURE_STATEMENT = _(
    "Information disclosed under this consent may be disclosed again by the recipient, and "
    "may then no longer be protected by the federal rules on substance use disorder "
    "records (42 CFR part 2)."
)
HIPAA_REDISCLOSURE_STATEMENT = _(
    "The recipient is a HIPAA covered entity or business associate receiving the "
    "information for treatment, payment or health care operations: it may disclose the "
    "record again as the HIPAA regulations permit, except for uses and disclosures in "
    "civil, criminal, administrative or legislative proceedings against the participant."
)
# A single consent for treatment, payment and health care operations may name a class
# of recipients and this purpose (42 CFR 2.31(a)(4)(i), (a)(5)).
TPO_RECIPIENTS = _(
    "My treating providers, health plans, third-party payers, and people helping to "
    "operate this program"
)
TPO_PURPOSE = _("For treatment, payment, and health care operations")


CONSENT_STATUS_LABELS = {
    "valid": _("Valid"),
    "revoked": _("Revoked"),
    "unsigned": _("Not signed"),
    "expired": _("Expired"),
}


class ConsentQuerySet(RecordQuerySet):
    def valid(self):
        """Signed, not revoked, and not past its expiry date. A consent that ends on an
        event stays valid until staff revoke it when the event happens."""
        today = timezone.localdate()
        return (
            # A signature of only spaces is no signature (rows can arrive by import).
            self.filter(signature__regex=r"\S")
            .filter(signed_on__isnull=False, revoked_at__isnull=True)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        )

    def naming(self, recipient: str):
        """Consents naming this recipient (case and spacing aside) on one of their lines."""
        # Wrapping the stored lines in newlines lets "contains \nname\n" match a whole
        # line only, in SQL, on SQLite and PostgreSQL alike.
        return self.alias(
            _recipients=Concat(Value("\n"), "recipient", Value("\n"), output_field=CharField())
        ).filter(_recipients__icontains=f"\n{recipient.strip()}\n")

    def covering(self, information):
        """Consents naming every item of `information`; a consent to the whole record
        covers any item."""
        qs = self.alias(
            _items=Concat(Value(","), "information", Value(","), output_field=CharField())
        )
        whole = Q(_items__contains=f",{Information.WHOLE_RECORD},")
        for item in information:
            qs = qs.filter(whole | Q(_items__contains=f",{item},"))
        return qs


class Consent(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="consents"
    )
    disclosing_party = models.CharField(_("who may disclose"), max_length=200)
    # The categories, as a comma list of `Information` values.
    information = models.CharField(_("what information"), max_length=200)
    # A single consent for treatment, payment and health care operations (TPO).
    is_tpo = models.BooleanField(
        _("for treatment, payment and health care operations"), default=False
    )
    # One recipient per line: a person, an organization, or a class of recipients.
    recipient = models.CharField(_("to whom"), max_length=1000)
    recipient_is_covered_entity = models.BooleanField(
        _("recipient is a covered entity or business associate, for TPO"), default=False
    )
    purpose = EncryptedTextField(_("purpose of the disclosure"))
    told_right_to_revoke = models.BooleanField(_("told of the right to revoke"), default=False)
    revocation_method = models.CharField(_("how the participant may revoke"), max_length=500)
    conditioning = models.CharField(
        _("whether services depend on signing"),
        max_length=20,
        choices=Conditioning.choices,
        default=Conditioning.NOT_CONDITIONED,
    )
    refusal_consequences = models.CharField(
        _("consequences of not signing"), max_length=500, blank=True
    )
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    expiry_event = models.CharField(_("expiry event"), max_length=200, blank=True)
    signature = models.CharField(_("participant's signature (typed name)"), max_length=200)
    # Signed for the participant (42 CFR 2.14 minors, 2.15 lacking capacity or deceased).
    signed_by_representative = models.BooleanField(
        _("signed by a personal representative"), default=False
    )
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    representative_authority = models.CharField(
        _("representative's authority"), max_length=200, blank=True
    )
    # The signature drawn on screen, when there is one (SVG path data, see core.signature).
    signature_drawing = EncryptedTextField(_("drawn signature"), blank=True)
    signed_on = models.DateField(_("date signed"))
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_by_representative=False)
                | (~Q(representative_name="") & ~Q(representative_authority="")),
                name="consent_representative_named",
            ),
            models.CheckConstraint(
                condition=~Q(conditioning="conditioned") | ~Q(refusal_consequences=""),
                name="consent_conditioning_explained",
            ),
        ]
        indexes = [
            # A participant's consents, newest first: the list and every disclosure check.
            models.Index(fields=["participant", "-signed_on"], name="consent_participant"),
        ]

    def __str__(self):
        return f"{self.recipient} ({self.signed_on})"

    @property
    def information_list(self) -> list[str]:
        return information_labels(self.information)

    @property
    def statements(self) -> list[str]:
        """What the consent states besides its answers (42 CFR 2.31(a), 2024)."""
        said = [REVOCATION_EXCEPTION, self.get_conditioning_display(), REDISCLOSURE_STATEMENT]
        if self.recipient_is_covered_entity:
            said.append(HIPAA_REDISCLOSURE_STATEMENT)
        return [str(s) for s in said]

    @property
    def recipient_list(self) -> list[str]:
        """Each recipient the consent names, one per line."""
        return [line.strip() for line in self.recipient.splitlines() if line.strip()]

    def get_status_label(self) -> str:
        return str(CONSENT_STATUS_LABELS[self.status])

    @property
    def status(self) -> str:
        """What the list of consents shows; "valid" exactly when `valid()` would keep it."""
        if self.revoked_at:
            return "revoked"
        if not self.signature.strip():
            return "unsigned"
        if self.expires_on and self.expires_on < timezone.localdate():
            return "expired"
        return "valid"


class DisclosureQuerySet(AppendOnlyQuerySet, RecordQuerySet):
    pass


class Disclosure(AppendOnlyModel, TenantModel):
    """One disclosure, as it happened; the accounting of disclosures lists these."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="disclosures"
    )
    # Null only for an emergency disclosure, made without consent (42 CFR 2.51).
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    information = models.CharField(_("information disclosed"), max_length=200)
    purpose = EncryptedTextField(_("purpose"), blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(_("disclosed at"), default=timezone.now)
    is_emergency = models.BooleanField(_("emergency"), default=False)
    emergency_nature = EncryptedTextField(_("nature of the emergency"), blank=True)
    notice = models.TextField(_("redisclosure notice attached"), blank=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        indexes = [
            # The accounting of disclosures: one participant, the last three years.
            models.Index(fields=["participant", "-disclosed_at"], name="disclosure_participant"),
        ]

    def __str__(self):
        return f"{self.disclosed_at:%Y-%m-%d} {self.recipient}"

    @property
    def information_list(self) -> list[str]:
        return information_labels(self.information)
