from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.signature import DRAWING_HELP, DRAWING_LABEL, SignatureField
from peerwell.core.widgets import CheckboxGroup, RadioGroup

from .actions import NATURE_REQUIRED
from .actions import NOTHING_CHOSEN as INFORMATION_REQUIRED
from .models import (
    HELD_INFORMATION,
    TPO_PURPOSE,
    TPO_RECIPIENTS,
    Conditioning,
    Consent,
    information_labels,
)

RECIPIENT_REQUIRED = _(
    "Name who may receive the information: a person, an organization, or a kind of recipient."
)
PURPOSE_REQUIRED = _("Say what the information will be used for.")
RIGHT_TO_REVOKE_REQUIRED = _(
    "Confirm that the participant was told they can revoke this consent at any time."
)
EXPIRY_REQUIRED = _("Give an expiry date, an event that ends the consent, or both.")
EXPIRY_IN_PAST = _("That expiry date has already passed. Choose today or a later date.")
SIGNATURE_REQUIRED = _("Type the participant's full name as their signature.")
SIGNED_IN_FUTURE = _("The date signed cannot be in the future.")
REVOCATION_METHOD_REQUIRED = _("Say how the participant may revoke this consent.")


class DateInput(forms.DateInput):
    input_type = "date"


def information_field(label):
    return forms.MultipleChoiceField(
        label=label,
        choices=[(item.value, item.label) for item in HELD_INFORMATION],
        widget=CheckboxGroup,
        error_messages={"required": INFORMATION_REQUIRED},
    )


REPRESENTATIVE_REQUIRED = _("Give the representative's name and their authority to sign.")
CONSEQUENCES_REQUIRED = _("Write what happens if the participant does not sign.")
RECIPIENT_TOO_LONG = _("Keep each recipient to one line of at most 200 characters.")


class ConsentForm(forms.ModelForm):
    information = information_field(_("What information may be disclosed"))
    signature_drawing = SignatureField(label=DRAWING_LABEL, help_text=DRAWING_HELP)

    class Meta:
        model = Consent
        fields = [
            "disclosing_party",
            "is_tpo",
            "recipient",
            "recipient_is_covered_entity",
            "information",
            "purpose",
            "revocation_method",
            "told_right_to_revoke",
            "conditioning",
            "refusal_consequences",
            "expires_on",
            "expiry_event",
            "signed_by_representative",
            "representative_name",
            "representative_authority",
            "signature",
            "signature_drawing",
            "signed_on",
        ]
        labels = {
            "disclosing_party": _("Who may disclose"),
            "is_tpo": _("A single consent for treatment, payment and health care operations (TPO)"),
            "recipient": _("To whom"),
            "recipient_is_covered_entity": _(
                "A recipient is a HIPAA covered entity or business associate receiving it for "
                "treatment, payment or health care operations"
            ),
            "purpose": _("Purpose of the disclosure"),
            "revocation_method": _("How the participant may revoke this consent"),
            "told_right_to_revoke": _(
                "The participant was told they may revoke this consent at any time"
            ),
            "conditioning": _("Does anything depend on signing?"),
            "refusal_consequences": _("What happens if they do not sign"),
            "expires_on": _("Expiry date"),
            "expiry_event": _("Or the event that ends the consent"),
            "signed_by_representative": _("Signed by a personal representative"),
            "representative_name": _("Representative's full name"),
            "representative_authority": _("Their authority to sign"),
            "signature": _("Participant's signature (their typed full name)"),
            "signed_on": _("Date signed"),
        }
        help_texts = {
            "is_tpo": _(
                "Then the recipients may be a class, such as the participant's treating "
                "providers, and the purpose treatment, payment and health care operations. "
                "Left empty, both are filled in with those words."
            ),
            "recipient": _(
                "One per line: a person, an organization, or a class of recipients. Each "
                "line is offered on its own when you record a disclosure."
            ),
            "recipient_is_covered_entity": _(
                "The consent then says the recipient may disclose it again as HIPAA permits."
            ),
            "revocation_method": _("For example: in writing, to the program director."),
            "refusal_consequences": _("Only when something depends on signing."),
            "expiry_event": _("For example: when the participant leaves the program."),
            "signed_by_representative": _(
                "For a minor, or a participant who lacks capacity or has died, when the law "
                "asks for another person's signature."
            ),
            "representative_authority": _(
                "For example: parent of a minor, court-appointed guardian, executor."
            ),
            "signature": _("When a representative signs, their typed full name."),
        }
        widgets = {
            "recipient": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "conditioning": RadioGroup,
            "expires_on": DateInput(format="%Y-%m-%d"),
            "signed_on": DateInput(format="%Y-%m-%d"),
        }
        error_messages = {
            "signature": {"required": SIGNATURE_REQUIRED},
            "revocation_method": {"required": REVOCATION_METHOD_REQUIRED},
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_party"].initial = organization.name
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["revocation_method"].initial = _(
            "In writing, to %(organization)s: give or send a signed note to any staff member."
        ) % {"organization": organization.name}
        self.fields["told_right_to_revoke"].required = True
        self.fields["told_right_to_revoke"].error_messages["required"] = RIGHT_TO_REVOKE_REQUIRED
        # A TPO consent may leave these to the rule's own words (see `clean`).
        self.fields["recipient"].required = False
        self.fields["purpose"].required = False

    def clean_information(self):
        return ",".join(self.cleaned_data["information"])

    def clean_recipient(self):
        lines = [line.strip() for line in self.cleaned_data["recipient"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(RECIPIENT_TOO_LONG, code="too_long")
        return "\n".join(lines)

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on and expires_on < timezone.localdate():
            raise forms.ValidationError(EXPIRY_IN_PAST, code="past")
        return expires_on

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(SIGNED_IN_FUTURE, code="future")
        return signed_on

    def clean(self):
        cleaned = super().clean()
        tpo = cleaned.get("is_tpo")
        for name, required, tpo_words in (
            ("recipient", RECIPIENT_REQUIRED, TPO_RECIPIENTS),
            ("purpose", PURPOSE_REQUIRED, TPO_PURPOSE),
        ):
            if name not in self.errors and not cleaned.get(name, "").strip():
                if tpo:
                    cleaned[name] = str(tpo_words)
                else:
                    self.add_error(name, forms.ValidationError(required, code="required"))
        if (
            "expires_on" not in self.errors
            and not cleaned.get("expires_on")
            and not cleaned.get("expiry_event", "").strip()
        ):
            self.add_error("expires_on", forms.ValidationError(EXPIRY_REQUIRED, code="required"))
        if cleaned.get("signed_by_representative"):
            for name in ("representative_name", "representative_authority"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, forms.ValidationError(REPRESENTATIVE_REQUIRED))
        if (
            cleaned.get("conditioning") == Conditioning.CONDITIONED
            and not cleaned.get("refusal_consequences", "").strip()
        ):
            self.add_error("refusal_consequences", forms.ValidationError(CONSEQUENCES_REQUIRED))
        return cleaned


RECIPIENT_CHOICE_REQUIRED = _("Choose the recipient, from those the participant's consents name.")


def recipient_choices(consents) -> list[tuple[str, str]]:
    """Each recipient the consents name, once (case aside), with what their consents
    cover: a consent naming several recipients offers each of them."""
    named = {}
    for consent in consents:
        for name in consent.recipient_list:
            entry = named.setdefault(name.casefold(), (name, set()))
            entry[1].update(consent.information.split(","))
    return [
        (
            name,
            _("%(recipient)s (their consent covers: %(information)s)")
            % {
                "recipient": name,
                "information": ", ".join(information_labels(",".join(sorted(items)))),
            },
        )
        for name, items in sorted(named.values(), key=lambda entry: entry[0].casefold())
    ]


class DisclosureForm(forms.Form):
    # Any value is accepted here: `actions.disclose` is what checks a consent names it,
    # and says so when none does.
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        widget=RadioGroup,
        help_text=_("Only recipients named on the participant's valid consents are offered."),
        error_messages={"required": RECIPIENT_CHOICE_REQUIRED},
    )
    information = information_field(_("Information disclosed"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": PURPOSE_REQUIRED},
    )

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].widget.choices = recipient_choices(consents)
        self.fields["recipient"].widget.attrs.pop("maxlength", None)  # not for radio buttons

    @property
    def has_recipients(self) -> bool:
        return bool(self.fields["recipient"].widget.choices)


class EmergencyDisclosureForm(forms.Form):
    recipient = forms.CharField(
        label=_("Who received the information"),
        max_length=200,
        help_text=_("The medical personnel or facility, by name."),
        error_messages={"required": RECIPIENT_REQUIRED},
    )
    information = information_field(_("Information disclosed"))
    nature = forms.CharField(
        label=_("Nature of the emergency"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NATURE_REQUIRED},
    )
