"""The caller's forms: the queue's filters, logging a call, the crisis hand-off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from peerwell.contacts.models import SUPPORT_HELP, SUPPORT_KINDS
from peerwell.core.widgets import CheckboxGroup, RadioGroup
from peerwell.participants.models import Language

from .escalations import HandOff
from .models import CallerPreference, Outcome, Recovery

NEED_MINUTES = _("Enter how many minutes you talked (at least 1).")
NEED_SUPPORT = _("Choose at least one kind of support you gave.")
TOO_LONG = _("A check-in call lasts at most 4 hours (240 minutes).")
NOTE_FOR_FLAG = _("Say in a few words what they told you, for the peer who follows up.")

RATINGS = [(str(n), str(n)) for n in range(1, 6)]
FLAG_CHOICES = [
    ("recurrence", _("Recurrence of use: they used again")),
    ("crisis", _("Crisis: they may be in danger now")),
    ("resource", _("Needs a resource: housing, food, treatment, a ride")),
]


class QueueFilterForm(forms.Form):
    """What a caller picks to see the calls they can make."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), *Language.choices],
        required=False,
    )
    caller = forms.ChoiceField(
        label=_("Calls that suit"),
        choices=[("", _("Any caller")), *CallerPreference.choices[1:]],
        required=False,
        help_text=_(
            "Shows the calls of people who asked for such a caller, and of those with no"
            " preference."
        ),
    )


class CallLogForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened"), choices=Outcome.choices, widget=RadioGroup
    )
    minutes = forms.IntegerField(
        label=_("Minutes on the call"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_("When you reached them."),
        error_messages={"min_value": NEED_MINUTES, "max_value": TOO_LONG},
    )
    self_rating = forms.TypedChoiceField(
        label=_("How are they doing, 1 (very hard) to 5 (very well)?"),
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=RadioGroup,
    )
    maintaining_recovery = forms.ChoiceField(
        label=_("Are they maintaining their recovery?"),
        choices=Recovery.choices,
        required=False,
        widget=RadioGroup,
    )
    support = forms.MultipleChoiceField(
        label=_("Support given"),
        choices=SUPPORT_KINDS,
        required=False,
        widget=CheckboxGroup(descriptions=SUPPORT_HELP),
        help_text=_("When you reached them: choose every kind you gave."),
    )
    resources_shared = forms.CharField(label=_("Resources shared"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary for the next caller"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The next caller reads it. Stored encrypted."),
    )
    flags = forms.MultipleChoiceField(
        label=_("Does someone need to follow up?"),
        choices=FLAG_CHOICES,
        required=False,
        widget=CheckboxGroup,
    )
    flag_note = forms.CharField(
        label=_("What they told you"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the peer who follows up. Stored encrypted."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") != Outcome.REACHED:
            # An attempt gave no service: whatever was ticked or typed about it is dropped.
            for name in ("minutes", "self_rating", "maintaining_recovery", "support"):
                self.errors.pop(name, None)
            data.update(minutes=None, self_rating=None, maintaining_recovery="", support=[])
        else:
            if "minutes" in data and data["minutes"] is None:
                self.add_error("minutes", forms.ValidationError(NEED_MINUTES, code="required"))
            if "support" in data and not data["support"]:
                self.add_error("support", forms.ValidationError(NEED_SUPPORT, code="required"))
        if (
            data.get("flags")
            and not data.get("flag_note", "").strip()
            and "crisis" not in data["flags"]
        ):
            self.add_error("flag_note", forms.ValidationError(NOTE_FOR_FLAG, code="required"))
        return data


class HandOffForm(forms.Form):
    handed_to = forms.ChoiceField(
        label=_("Where did you hand them?"), choices=HandOff.CHOICES, widget=RadioGroup
    )
