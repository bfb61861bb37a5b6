from django import forms
from django.utils.translation import gettext_lazy as _

NO_OUTCOME = _("Say what was done to follow it up.")


class FollowedUpForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done"),
        help_text=_("For example: called them, offered a referral back to treatment."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NO_OUTCOME},
    )

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"].strip()
        if not outcome:
            raise forms.ValidationError(NO_OUTCOME)
        return outcome
