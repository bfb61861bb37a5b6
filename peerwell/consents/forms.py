from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwell.core.signature import DRAWING_HELP, DRAWING_LABEL, SignatureField
from peerwell.core.widgets import CheckboxGroup, RadioGroup

from .actions import NATURE_REQUIRED
from .actions import NOTHING_CHOSEN as INFORMATION_REQUIRED
from .models import HELD_INFORMATION, Consent, information_labels

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


class DateInput(forms.DateInput):
    input_type = "date"


def information_field(label):
    return forms.MultipleChoiceField(
        label=label,
        choices=[(item.value, item.label) for item in HELD_INFORMATION],
        widget=CheckboxGroup,
        error_messages={"required": INFORMATION_REQUIRED},
    )


class ConsentForm(forms.ModelForm):
    information = information_field(_("What information may be disclosed"))
    signature_drawing = SignatureField(label=DRAWING_LABEL, help_text=DRAWING_HELP)

    class Meta:
        model = Consent
        fields = [
            "disclosing_party",
            "information",
            "recipient",
            "purpose",
            "told_right_to_revoke",
            "expires_on",
            "expiry_event",
            "signature",
            "signature_drawing",
            "signed_on",
        ]
        labels = {
            "disclosing_party": _("Who may disclose"),
            "recipient": _("To whom"),
            "purpose": _("Purpose of the disclosure"),
            "told_right_to_revoke": _(
                "The participant was told they may revoke this consent at any time"
            ),
            "expires_on": _("Expiry date"),
            "expiry_event": _("Or the event that ends the consent"),
            "signature": _("Participant's signature (their typed full name)"),
            "signed_on": _("Date signed"),
        }
        help_texts = {
            "expiry_event": _("For example: when the participant leaves the program."),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "expires_on": DateInput(format="%Y-%m-%d"),
            "signed_on": DateInput(format="%Y-%m-%d"),
        }
        error_messages = {
            "recipient": {"required": RECIPIENT_REQUIRED},
            "purpose": {"required": PURPOSE_REQUIRED},
            "signature": {"required": SIGNATURE_REQUIRED},
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_party"].initial = organization.name
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["told_right_to_revoke"].required = True
        self.fields["told_right_to_revoke"].error_messages["required"] = RIGHT_TO_REVOKE_REQUIRED

    def clean_information(self):
        return ",".join(self.cleaned_data["information"])

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
        if (
            "expires_on" not in self.errors
            and not cleaned.get("expires_on")
            and not cleaned.get("expiry_event", "").strip()
        ):
            self.add_error("expires_on", forms.ValidationError(EXPIRY_REQUIRED, code="required"))
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
