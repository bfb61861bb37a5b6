"""Forms of the referral pages: a new referral, a status change, sending it with the
participant's information, and the figures' period."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from peerwell.consents.forms import RECIPIENT_CHOICE_REQUIRED, recipient_choices
from peerwell.core.widgets import RadioGroup

from .actions import REASON_NEEDED
from .models import FOLLOW_UP_AFTER_DAYS, Need, ReferralKind, ReferralStatus

PROVIDER_REQUIRED = _("Choose a service from the directory, or type the provider's name.")
PURPOSE_REQUIRED = _("Say what the provider will use the information for.")
REASON_MAX = 2000


class Send(models.TextChoices):
    NOW = "now", _("Sent now: I have made the referral")
    LATER = "proposed", _("Proposed: not sent yet")


class ReferralForm(forms.Form):
    # Set by "Refer" on a directory entry (?service=<uuid>); the page shows its name.
    service = forms.UUIDField(required=False, widget=forms.HiddenInput)
    escalation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    provider_name = forms.CharField(
        label=_("Provider"),
        max_length=300,
        required=False,
        help_text=_("A provider not in the directory: their name."),
    )
    provider_contact = forms.CharField(
        label=_("Provider's phone or email"), max_length=200, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ReferralKind.choices,
        initial=ReferralKind.REFERRAL,
        widget=RadioGroup,
        help_text=_("A referral back to treatment is always for treatment."),
    )
    need = forms.ChoiceField(label=_("Need"), choices=Need.choices, initial=Need.HOUSING)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the record only: it is not sent to the provider."),
    )
    warm_handoff = forms.BooleanField(
        label=_("Warm hand-off (I introduce them to the provider myself)"), required=False
    )
    follow_up_days = forms.IntegerField(
        label=_("Follow up after (days)"),
        min_value=1,
        max_value=90,
        initial=FOLLOW_UP_AFTER_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Once sent, the referral appears on your follow-ups list after this."),
    )
    send = forms.ChoiceField(
        label=_("Status"), choices=Send.choices, initial=Send.NOW, widget=RadioGroup
    )

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_service = service

    def clean(self):
        cleaned = super().clean()
        if self.chosen_service is None and not cleaned.get("provider_name", "").strip():
            self.add_error("provider_name", PROVIDER_REQUIRED)
        if cleaned.get("kind") == ReferralKind.BACK_TO_TREATMENT:
            cleaned["need"] = Need.TREATMENT
        return cleaned


class MoveForm(forms.Form):
    """One status button on the referral page; the version is the one the page showed."""

    to = forms.ChoiceField(choices=ReferralStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("to") == ReferralStatus.NOT_COMPLETED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", REASON_NEEDED)
        return cleaned


class ShareForm(forms.Form):
    # Any value is accepted here: `consents.actions.disclose` is what checks that a valid
    # consent names this recipient and covers referral details, and says so when none does.
    recipient = forms.CharField(
        label=_("Provider"),
        max_length=200,
        widget=RadioGroup,
        help_text=_(
            "Only recipients named on the participant's valid consents that cover "
            "referral details are offered."
        ),
        error_messages={"required": RECIPIENT_CHOICE_REQUIRED},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": PURPOSE_REQUIRED},
    )

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].widget.choices = recipient_choices(consents)
        self.fields["recipient"].widget.attrs.pop("maxlength", None)

    @property
    def has_recipients(self) -> bool:
        return bool(self.fields["recipient"].widget.choices)


PERIODS = ((30, _("Last 30 days")), (90, _("Last 90 days")), (365, _("Last 12 months")))


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"), choices=PERIODS, coerce=int, initial=90, required=False
    )

    def period(self) -> int:
        if self.is_valid() and self.cleaned_data.get("days"):
            return self.cleaned_data["days"]
        return 90
